-- Rows the ingested_files suite validates: the files of arrival days $1..$2 ingested by this run ($3: their
-- file_hash list; NULL: every file of those days). records_match: the file's record count is what raw_articles holds.
with files as (
    select * from ingested_files
    where ingest_date between $1 and $2 and ($3::varchar[] is null or file_hash in (select unnest($3::varchar[])))
),
copies as (
    select file_hash, count(*) as n from ingested_files where file_hash in (select file_hash from files) group by 1
)
select f.file_hash, f.path, f.size_bytes, f.n_records, f.ingest_date,
       c.n = 1 as key_unique,
       f.n_records = (select count(*) from raw_articles r where r.file_hash = f.file_hash) as records_match
from files f
join copies c using (file_hash)
