-- Rows the sentences suite validates: the sentences of the articles of arrival days $1..$2 this run read ($3: run
-- id; NULL: all of those days). DuckDB strings are 1-based: body[s+1:e].
with rows as (
    select * from sentences
    where ingest_date between $1 and $2
      and ($3::varchar is null or article_id in (select item_id from processing_log where step = 'nlp' and run_id = $3))
)
select s.article_id || ':' || s.sentence_idx as sentence_key, s.sentence_idx, s.start_char, s.end_char,
       s.end_char <= length(a.body) and s.start_char < s.end_char as within_body,
       substring(a.body, s.start_char + 1, s.end_char - s.start_char) = s.text as matches_body
from rows s
join parsed_articles a using (article_id)
