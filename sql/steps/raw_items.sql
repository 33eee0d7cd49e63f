-- Items of the parse step: the raw records of arrival days $1..$2, in arrival order (the first copy of an article
-- is the one kept). Parsing is not sharded (duplicates are found across the whole day), so the shard parameters
-- ($3 shards, $4 shard: 1, 0) select everything.
select raw_id as item_id, ingest_date, row_number() over (order by ingest_date, source_path, record_no) as position
from raw_articles
where ingest_date between $1 and $2
  and $4 < $3
