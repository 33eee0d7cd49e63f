-- Rows the raw_articles suite validates: the raw records of arrival days $1..$2 from the files this run ingested
-- ($3: their file_hash list; NULL: every record of those days). key_unique: raw_id is unique in the whole table.
with rows as (
    select * from raw_articles
    where ingest_date between $1 and $2 and ($3::varchar[] is null or file_hash in (select unnest($3::varchar[])))
),
copies as (
    select raw_id, count(*) as n from raw_articles where raw_id in (select raw_id from rows) group by 1
)
select r.raw_id, r.ingest_date, r.source_path, r.record_no, r.format, r.read_error,
       c.n = 1 as key_unique,
       r.content is not null or r.read_error is not null as has_content_or_error
from rows r
join copies c using (raw_id)
