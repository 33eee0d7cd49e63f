-- Rows the raw_articles suite validates: the raw records of the step's arrival days ($1..$2).
select raw_id, ingest_date, source_path, record_no, format, read_error,
       content is not null or read_error is not null as has_content_or_error
from raw_articles
where ingest_date between $1 and $2
