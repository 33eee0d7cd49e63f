-- entities: one row per canonical entity, aggregated from all named mentions.
with named as (
    select m.entity_id, m.entity_name, m.label, m.text, m.article_id, a.published_date
    from mentions m
    join parsed_articles a using (article_id)
    where m.entity_id is not null
),
name_rank as (  -- the most used name; among equals the first in order (capitals first): the same every run
    select entity_id, entity_name,
           row_number() over (partition by entity_id order by count(*) desc, entity_name) as rank
    from named
    group by entity_id, entity_name
),
label_rank as (
    select entity_id, label,
           row_number() over (partition by entity_id order by count(*) desc, label) as rank
    from named
    group by entity_id, label
)
select n.entity_id,
       any_value(r.entity_name)                              as name,
       l.label,
       list_sort(list_distinct(list(n.text)))[1:50]         as aliases,
       count(*)::integer                                     as n_mentions,
       count(distinct n.article_id)::integer                 as n_articles,
       min(n.published_date)                                 as first_seen,
       max(n.published_date)                                 as last_seen
from named n
join label_rank l on l.entity_id = n.entity_id and l.rank = 1
join name_rank r on r.entity_id = n.entity_id and r.rank = 1
group by n.entity_id, l.label
order by n_articles desc, name, entity_id
