-- One batch of raw records ($1: list of raw_id), in arrival order, for the parse step.
select raw_id, ingest_date, source_path, record_no, format, content, sidecar, read_error, error_detail
from raw_articles
where raw_id in (select unnest($1))
order by ingest_date, source_path, record_no
