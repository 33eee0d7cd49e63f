-- Migration 002: bookkeeping for incremental runs and for taking turns on a lake.

create table if not exists processing_log (
    step          varchar not null,
    item_id       varchar not null,
    ingest_date   date not null,
    version       varchar not null,
    run_id        varchar,
    processed_at  timestamp not null
);

comment on table processing_log is 'Which step processed which item (raw record or article), with which version, in which run: a run processes the items of its days that its step has not processed at the current version.';
comment on column processing_log.step is 'parse (raw record -> parsed or rejected article), nlp (article -> sentences and mentions) or casualties (article -> casualty figures).';
comment on column processing_log.item_id is 'raw_articles.raw_id for parse; parsed_articles.article_id for nlp and casualties.';
comment on column processing_log.ingest_date is 'Arrival partition of the item.';
comment on column processing_log.version is 'Version of the step (code and rule data, model for nlp) that produced the item''s rows.';
comment on column processing_log.run_id is 'Dagster run that produced them (NULL: made before migration 002).';
comment on column processing_log.processed_at is 'When (UTC).';

-- Rows the first release made were made by its only versions: recorded as such, so a backfill re-applies newer ones.
insert into processing_log
select 'parse', raw_id, ingest_date, 'parse-1', null, now()::timestamp from parsed_articles
union all
select 'parse', raw_id, ingest_date, 'parse-1', null, now()::timestamp from rejected_articles
union all
select 'nlp', article_id, min(ingest_date), 'nlp-1', null, now()::timestamp from sentences group by article_id
union all
select 'casualties', article_id, min(ingest_date), 'casualty-rules-1', null, now()::timestamp from sentences group by article_id;

create table if not exists pipeline_locks (
    name         varchar not null,
    owner        varchar not null,
    host         varchar not null,
    pid          integer not null,
    acquired_at  timestamp not null,
    expires_at   timestamp not null
);

comment on table pipeline_locks is 'Leases that stages take on a lake so they never overlap (ingestion); empty between runs.';
comment on column pipeline_locks.name is 'What is held (e.g. ingest).';
comment on column pipeline_locks.owner is 'host:pid:nonce of the holder or claimant.';
comment on column pipeline_locks.host is 'Host of the holder.';
comment on column pipeline_locks.pid is 'Process id of the holder on that host (a dead holder is cleared).';
comment on column pipeline_locks.acquired_at is 'When it was claimed (UTC).';
comment on column pipeline_locks.expires_at is 'When a holder that vanished stops counting (UTC).';
