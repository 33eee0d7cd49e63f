-- Rows the rejected_articles suite validates, for arrival days $1..$2: the quarantined records, plus one
-- row with reason 'unaccounted' for every raw record that is neither parsed nor quarantined.
select q.raw_id, q.reason,
       q.reason not in ('duplicate', 'near_duplicate') or a.article_id is not null as duplicate_points_to_article
from rejected_articles q
left join parsed_articles a on a.article_id = q.duplicate_of
where q.ingest_date between $1 and $2
union all
select r.raw_id, 'unaccounted', true
from raw_articles r
where r.ingest_date between $1 and $2
  and r.raw_id not in (select raw_id from parsed_articles where ingest_date between $1 and $2)
  and r.raw_id not in (select raw_id from rejected_articles where ingest_date between $1 and $2)
