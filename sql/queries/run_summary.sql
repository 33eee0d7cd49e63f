-- What one arrival day ($1) holds: the accounting a run prints at the end.
select
    (select count(*) from raw_articles where ingest_date = $1)                                   as "records read",
    (select count(*) from parsed_articles where ingest_date = $1)                                as "articles parsed",
    (select count(*) from rejected_articles where ingest_date = $1
        and reason not in ('duplicate', 'near_duplicate'))                                       as "quarantined",
    (select count(*) from rejected_articles where ingest_date = $1
        and reason in ('duplicate', 'near_duplicate'))                                           as "duplicates",
    (select count(*) from mentions where ingest_date = $1)                                       as "entity mentions",
    (select count(*) from entities)                                                              as "entities (all days)",
    (select count(*) from casualty_figures where ingest_date = $1)                               as "casualty figures",
    (select count(*) from daily_casualty_reports)                                                as "daily report rows (all)"
