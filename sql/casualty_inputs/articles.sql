-- Articles of one batch ($1: list of article_id) for the casualty extractor.
select article_id, body, published_date, ingest_date
from parsed_articles
where article_id in (select unnest($1))
order by article_id
