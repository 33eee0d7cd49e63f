-- Items of the nlp and casualties steps: the English articles of arrival days $1..$2 in shard $4 of $3. The shard
-- is the first 7 hex digits of the content hash modulo the number of shards (pipeline/warehouse/processing.py).
select article_id as item_id, ingest_date, article_id as position
from parsed_articles
where ingest_date between $1 and $2
  and language = 'en'
  and cast('0x' || left(article_id, 7) as integer) % $3 = $4
