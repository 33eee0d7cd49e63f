-- Mentions of one batch of articles ($1), in order.
select article_id, start_char, end_char, label, text, entity_id, entity_name, sentence_idx
from mentions
where article_id in (select unnest($1))
order by article_id, start_char
