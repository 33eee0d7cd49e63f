-- Rows the parsed_articles suite validates: the articles of arrival days $1..$2 this run parsed ($3: run id; NULL:
-- every article of those days). key_unique: article_id is unique in the whole table (a lake enforces no keys);
-- raw_accounted_once: the article's raw record is not also quarantined.
with rows as (
    select * from parsed_articles
    where ingest_date between $1 and $2
      and ($3::varchar is null or raw_id in (select item_id from processing_log where step = 'parse' and run_id = $3))
),
copies as (
    select article_id, count(*) as n from parsed_articles where article_id in (select article_id from rows) group by 1
)
select a.article_id, a.raw_id, a.body, a.published_date, a.date_source, a.n_words, a.language,
       c.n = 1 as key_unique,
       a.published_date <= current_date as published_not_in_future,
       not regexp_matches(a.body, '[\x{00AD}\x{200B}\x{FEFF}]|&(amp|lt|gt|quot|nbsp|#\d+);') as body_is_clean,
       a.raw_id not in (select raw_id from rejected_articles where raw_id in (select raw_id from rows)) as raw_accounted_once
from rows a
join copies c using (article_id)
