-- Rows the sentences suite validates, for arrival days $1..$2. DuckDB strings are 1-based: body[s+1:e].
select s.article_id || ':' || s.sentence_idx as sentence_key, s.sentence_idx, s.start_char, s.end_char,
       s.end_char <= length(a.body) and s.start_char < s.end_char as within_body,
       substring(a.body, s.start_char + 1, s.end_char - s.start_char) = s.text as matches_body
from sentences s
join parsed_articles a using (article_id)
where s.ingest_date between $1 and $2
