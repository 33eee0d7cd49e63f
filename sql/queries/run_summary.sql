-- What a run did and what the warehouse holds, for the summary `python -m pipeline run` prints: one row per
-- measure, counted for the run ($2: its run ids), its arrival day ($1) and the whole warehouse.
with run_parse as (select item_id from processing_log where step = 'parse' and run_id in (select unnest($2))),
     run_nlp as (select item_id from processing_log where step = 'nlp' and run_id in (select unnest($2))),
     run_figures as (select item_id from processing_log where step = 'casualties' and run_id in (select unnest($2)))
select 'records parsed' as measure,
       (select count(*) from run_parse) as this_run,
       (select count(*) from raw_articles where ingest_date = $1) as arrival_day,
       (select count(*) from raw_articles) as warehouse
union all
select 'articles',
       (select count(*) from parsed_articles where raw_id in (select item_id from run_parse)),
       (select count(*) from parsed_articles where ingest_date = $1),
       (select count(*) from parsed_articles)
union all
select 'quarantined',
       (select count(*) from rejected_articles where raw_id in (select item_id from run_parse)
            and reason not in ('duplicate', 'near_duplicate')),
       (select count(*) from rejected_articles where ingest_date = $1 and reason not in ('duplicate', 'near_duplicate')),
       (select count(*) from rejected_articles where reason not in ('duplicate', 'near_duplicate'))
union all
select 'duplicates',
       (select count(*) from rejected_articles where raw_id in (select item_id from run_parse)
            and reason in ('duplicate', 'near_duplicate')),
       (select count(*) from rejected_articles where ingest_date = $1 and reason in ('duplicate', 'near_duplicate')),
       (select count(*) from rejected_articles where reason in ('duplicate', 'near_duplicate'))
union all
select 'articles read (spaCy)',
       (select count(*) from run_nlp),
       (select count(*) from processing_log where step = 'nlp' and ingest_date = $1),
       (select count(*) from processing_log where step = 'nlp')
union all
select 'entity mentions',
       (select count(*) from mentions where article_id in (select item_id from run_nlp)),
       (select count(*) from mentions where ingest_date = $1),
       (select count(*) from mentions)
union all
select 'casualty figures',
       (select count(*) from casualty_figures where article_id in (select item_id from run_figures)),
       (select count(*) from casualty_figures where ingest_date = $1),
       (select count(*) from casualty_figures)
union all
select 'entities', null, null, (select count(*) from entities)
union all
select 'daily report rows', null, null, (select count(*) from daily_casualty_reports)
