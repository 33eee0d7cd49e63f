-- Rows the rejected_articles suite validates: the records of arrival days $1..$2 this run quarantined ($3: run id;
-- NULL: all of those days), plus one row with reason 'unaccounted' for every raw record of those days that is
-- neither parsed nor quarantined (accounting holds for the whole day, whoever wrote it).
select q.raw_id, q.reason,
       q.reason not in ('duplicate', 'near_duplicate') or a.article_id is not null as duplicate_points_to_article
from rejected_articles q
left join parsed_articles a on a.article_id = q.duplicate_of
where q.ingest_date between $1 and $2
  and ($3::varchar is null or q.raw_id in (select item_id from processing_log where step = 'parse' and run_id = $3))
union all
select r.raw_id, 'unaccounted', true
from raw_articles r
where r.ingest_date between $1 and $2
  and r.raw_id not in (select raw_id from parsed_articles where ingest_date between $1 and $2)
  and r.raw_id not in (select raw_id from rejected_articles where ingest_date between $1 and $2)
