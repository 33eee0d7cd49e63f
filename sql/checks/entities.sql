-- Rows the entities suite validates: every entity, plus one row (mention_has_entity = false) for each
-- entity id that mentions point to but the entities table lacks.
select entity_id, name, label, latitude, longitude, n_mentions, true as mention_has_entity
from entities
union all
select distinct m.entity_id, m.entity_name, m.label, null, null, 1, false
from mentions m
where m.entity_id is not null and m.entity_id not in (select entity_id from entities)
