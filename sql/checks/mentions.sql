-- Rows the mentions suite validates: the mentions in the articles of arrival days $1..$2 this run read ($3: run
-- id; NULL: all of those days).
with rows as (
    select * from mentions
    where ingest_date between $1 and $2
      and ($3::varchar is null or article_id in (select item_id from processing_log where step = 'nlp' and run_id = $3))
)
select m.mention_id, m.label, m.entity_id, m.entity_name, m.start_char, m.end_char,
       m.end_char <= length(a.body) and m.start_char < m.end_char as within_body,
       substring(a.body, m.start_char + 1, m.end_char - m.start_char) = m.text as matches_body,
       m.start_char >= m.sentence_start and m.end_char <= m.sentence_end as within_sentence,
       m.label in ('DATE', 'TIME', 'PERCENT', 'MONEY', 'QUANTITY', 'ORDINAL', 'CARDINAL')
           or (m.entity_id is not null and length(trim(m.entity_name)) > 0) as named_has_entity
from rows m
join parsed_articles a using (article_id)
