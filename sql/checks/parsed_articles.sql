-- Rows the parsed_articles suite validates: the articles of the step's arrival days ($1..$2).
-- raw_accounted_once: the article's raw record is not also quarantined (accounting holds).
select a.article_id, a.raw_id, a.body, a.published_date, a.date_source, a.n_words, a.language,
       a.published_date <= current_date as published_not_in_future,
       not regexp_matches(a.body, '[\x{00AD}\x{200B}\x{FEFF}]|&(amp|lt|gt|quot|nbsp|#\d+);') as body_is_clean,
       r.raw_id is null as raw_accounted_once
from parsed_articles a
left join rejected_articles r using (raw_id)
where a.ingest_date between $1 and $2
