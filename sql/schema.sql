-- The warehouse's tables. Applied on every connection (idempotent); every column is documented with
-- COMMENT ON so `select table_name, column_name, comment from duckdb_columns()` explains the schema.
-- ingest_date is the arrival partition: the day (UTC) the record's file was first ingested.

create table if not exists ingested_files (
    file_hash     varchar primary key,
    path          varchar not null,
    size_bytes    bigint,
    n_records     integer,
    ingest_date   date not null,
    ingested_at   timestamp not null
);

create table if not exists raw_articles (
    raw_id        varchar primary key,
    ingest_date   date not null,
    ingested_at   timestamp not null,
    source_path   varchar not null,
    file_hash     varchar not null,
    record_no     integer not null,
    format        varchar not null,
    content       varchar,
    content_bytes bigint,
    sidecar       varchar,
    read_error    varchar,
    error_detail  varchar
);

create table if not exists parsed_articles (
    article_id     varchar primary key,
    raw_id         varchar not null,
    ingest_date    date not null,
    external_id    varchar,
    title          varchar,
    published_date date not null,
    date_source    varchar not null,
    source         varchar,
    url            varchar,
    body           varchar not null,
    n_paragraphs   integer not null,
    n_words        integer not null,
    language       varchar,
    lead_key       varchar not null
);

create table if not exists rejected_articles (
    raw_id        varchar primary key,
    ingest_date   date not null,
    source_path   varchar,
    record_no     integer,
    reason        varchar not null,
    detail        varchar,
    duplicate_of  varchar
);

create table if not exists sentences (
    article_id    varchar not null,
    sentence_idx  integer not null,
    start_char    integer not null,
    end_char      integer not null,
    text          varchar not null,
    ingest_date   date not null,
    primary key (article_id, sentence_idx)
);

create table if not exists mentions (
    mention_id     varchar primary key,
    article_id     varchar not null,
    entity_id      varchar,
    entity_name    varchar,
    label          varchar not null,
    text           varchar not null,
    start_char     integer not null,
    end_char       integer not null,
    sentence_idx   integer not null,
    sentence_start integer not null,
    sentence_end   integer not null,
    rule           varchar,
    ingest_date    date not null
);

create table if not exists entities (
    entity_id     varchar primary key,
    name          varchar not null,
    label         varchar not null,
    aliases       varchar[],
    n_mentions    integer not null,
    n_articles    integer not null,
    first_seen    date,
    last_seen     date,
    latitude      double,
    longitude     double,
    country_code  varchar,
    feature_type  varchar
);

create table if not exists casualty_figures (
    figure_id          varchar primary key,
    article_id         varchar not null,
    sentence_idx       integer not null,
    start_char         integer not null,
    end_char           integer not null,
    figure_text        varchar not null,
    sentence_text      varchar not null,
    casualty_type      varchar not null,
    type_rule          varchar,
    count_low          bigint,
    count_best         bigint not null,
    count_high         bigint,
    hedge              varchar,
    figure_kind        varchar not null,
    kind_rule          varchar,
    period_start       date,
    period_end         date,
    report_date        date,
    published_date     date,
    claimant_text      varchar,
    claimant_entity_id varchar,
    claimant_name      varchar,
    location_text      varchar,
    location_entity_id varchar,
    location_name      varchar,
    victim_group       varchar,
    rule_id            varchar,
    confidence         double,
    extractor_version  varchar,
    ingest_date        date not null,
    scope              varchar,
    scope_rule         varchar,
    claimant_rule      varchar,
    location_rule      varchar,
    group_rule         varchar
);

comment on table ingested_files is 'One row per distinct input file (by content hash, sidecar included): the same file twice is ingested once.';
comment on column ingested_files.file_hash is 'SHA-256 of the file bytes plus its .meta.json sidecar; for unreadable paths, of the path.';
comment on column ingested_files.path is 'Path of the file when first seen.';
comment on column ingested_files.size_bytes is 'File size in bytes.';
comment on column ingested_files.n_records is 'Raw records read from the file.';
comment on column ingested_files.ingest_date is 'Arrival partition (UTC day) the file was ingested in.';
comment on column ingested_files.ingested_at is 'When it was ingested (UTC).';

comment on table raw_articles is 'Every input record exactly as received, with where it came from. Bad records are kept here too, with read_error.';
comment on column raw_articles.raw_id is 'Stable id of the record: hash of (file_hash, record_no).';
comment on column raw_articles.ingest_date is 'Arrival partition (UTC day).';
comment on column raw_articles.ingested_at is 'When the record was read (UTC).';
comment on column raw_articles.source_path is 'File the record came from.';
comment on column raw_articles.file_hash is 'ingested_files.file_hash of that file.';
comment on column raw_articles.record_no is 'Line number in a JSONL file, element number in a JSON array, 0 for a whole file.';
comment on column raw_articles.format is 'txt, json, jsonl, html or unknown.';
comment on column raw_articles.content is 'The decoded record as received (NULL when it could not be read).';
comment on column raw_articles.content_bytes is 'Size of the record in bytes.';
comment on column raw_articles.sidecar is 'The .meta.json sidecar of a .txt file, as received.';
comment on column raw_articles.read_error is 'Why the record could not be read (a rejected_articles reason), else NULL.';
comment on column raw_articles.error_detail is 'Human-readable detail of read_error.';

comment on table parsed_articles is 'One row per distinct article: cleaned body, title, dates and provenance.';
comment on column parsed_articles.article_id is 'Stable id derived from the content: hash of the body''s words.';
comment on column parsed_articles.raw_id is 'The raw_articles record it was parsed from.';
comment on column parsed_articles.ingest_date is 'Arrival partition (UTC day).';
comment on column parsed_articles.external_id is 'The input''s own id (JSON "id"), to join results back.';
comment on column parsed_articles.title is 'Title, once (repeated title lines removed).';
comment on column parsed_articles.published_date is 'Publication day.';
comment on column parsed_articles.date_source is 'How published_date was found: metadata, path, text or ingest (fallback: the arrival day).';
comment on column parsed_articles.source is 'Outlet or publisher, when given.';
comment on column parsed_articles.url is 'URL, when given.';
comment on column parsed_articles.body is 'Cleaned text: paragraphs separated by a blank line; no title, furniture, entities, soft hyphens or mojibake. All character offsets in other tables index this string (0-based, end exclusive).';
comment on column parsed_articles.n_paragraphs is 'Number of paragraphs in body.';
comment on column parsed_articles.n_words is 'Number of white-space separated words in body.';
comment on column parsed_articles.language is 'ISO 639-1 language of the body (py3langid). Only en is read by the NLP layers.';
comment on column parsed_articles.lead_key is 'Hash of the first 40 words: the blocking key for near-duplicate detection.';

comment on table rejected_articles is 'Quarantine: every raw record that did not become an article, with the reason. Duplicates point to the article they repeat.';
comment on column rejected_articles.raw_id is 'The raw_articles record.';
comment on column rejected_articles.ingest_date is 'Arrival partition (UTC day).';
comment on column rejected_articles.source_path is 'File the record came from.';
comment on column rejected_articles.record_no is 'Line/element number within the file (0 for a whole file).';
comment on column rejected_articles.reason is 'One of a fixed set; see README (empty, binary, malformed_json, duplicate, ...).';
comment on column rejected_articles.detail is 'Human-readable detail.';
comment on column rejected_articles.duplicate_of is 'For duplicate and near_duplicate: the article_id it repeats.';

comment on table sentences is 'Sentences of English articles, as split by spaCy.';
comment on column sentences.article_id is 'parsed_articles.article_id.';
comment on column sentences.sentence_idx is '0-based sentence number within the body.';
comment on column sentences.start_char is 'Start offset in parsed_articles.body.';
comment on column sentences.end_char is 'End offset (exclusive) in parsed_articles.body.';
comment on column sentences.text is 'body[start_char:end_char].';
comment on column sentences.ingest_date is 'Arrival partition of the article.';

comment on table mentions is 'One row per entity mention found by spaCy (plus entity rules), located by sentence and character offset.';
comment on column mentions.mention_id is 'Stable id: article_id and start offset.';
comment on column mentions.article_id is 'parsed_articles.article_id.';
comment on column mentions.entity_id is 'entities.entity_id of the canonical thing mentioned; NULL for numeric labels (DATE, CARDINAL, ...).';
comment on column mentions.entity_name is 'Canonical name of that entity.';
comment on column mentions.label is 'spaCy label: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, ..., DATE, CARDINAL, ...';
comment on column mentions.text is 'The mention as written: body[start_char:end_char].';
comment on column mentions.start_char is 'Start offset in parsed_articles.body.';
comment on column mentions.end_char is 'End offset (exclusive) in parsed_articles.body.';
comment on column mentions.sentence_idx is 'sentences.sentence_idx of the sentence holding it.';
comment on column mentions.sentence_start is 'Start offset of that sentence in the body.';
comment on column mentions.sentence_end is 'End offset of that sentence in the body.';
comment on column mentions.rule is 'What produced or canonicalised it: model, an entity pattern id, an alias id.';
comment on column mentions.ingest_date is 'Arrival partition of the article.';

comment on table entities is 'One row per real-world thing, across all articles, with its aliases and, for places, coordinates.';
comment on column entities.entity_id is 'Stable id derived from the entity kind and canonical name.';
comment on column entities.name is 'Canonical name.';
comment on column entities.label is 'Most frequent spaCy label among its mentions.';
comment on column entities.aliases is 'Distinct surface forms seen.';
comment on column entities.n_mentions is 'Number of mentions.';
comment on column entities.n_articles is 'Number of distinct articles mentioning it.';
comment on column entities.first_seen is 'Earliest published_date of an article mentioning it.';
comment on column entities.last_seen is 'Latest published_date of an article mentioning it.';
comment on column entities.latitude is 'Places only: latitude (WGS84) from the offline gazetteer.';
comment on column entities.longitude is 'Places only: longitude (WGS84).';
comment on column entities.country_code is 'Places only: ISO 3166-1 alpha-2 country code.';
comment on column entities.feature_type is 'Places only: country, admin_region, city, territory, region, ...';

comment on table casualty_figures is 'One row per casualty figure stated in an article, traced to its sentence and character span.';
comment on column casualty_figures.figure_id is 'Stable id: article, offset and type.';
comment on column casualty_figures.article_id is 'parsed_articles.article_id.';
comment on column casualty_figures.sentence_idx is 'sentences.sentence_idx.';
comment on column casualty_figures.start_char is 'Start offset of the number expression in the body.';
comment on column casualty_figures.end_char is 'End offset (exclusive) of the number expression in the body.';
comment on column casualty_figures.figure_text is 'body[start_char:end_char].';
comment on column casualty_figures.sentence_text is 'The sentence that states the figure.';
comment on column casualty_figures.casualty_type is 'killed, injured, missing, or casualties where the text does not say.';
comment on column casualty_figures.type_rule is 'Rule that set casualty_type (e.g. a noun, or casualties->killed when resolved).';
comment on column casualty_figures.count_low is 'Lowest count the wording allows (NULL: unbounded).';
comment on column casualty_figures.count_best is 'Best single count.';
comment on column casualty_figures.count_high is 'Highest count the wording allows (NULL: unbounded).';
comment on column casualty_figures.hedge is 'The wording that set low/best/high: exact, at_least, over, about, up_to, range, vague:dozens, ...';
comment on column casualty_figures.figure_kind is 'cumulative (a running total), incremental (a period''s count) or unknown.';
comment on column casualty_figures.kind_rule is 'Cue that set figure_kind.';
comment on column casualty_figures.period_start is 'First day the figure covers (cumulative: the start of the count, when stated).';
comment on column casualty_figures.period_end is 'Last day the figure covers.';
comment on column casualty_figures.report_date is 'The day the figure describes; never after published_date.';
comment on column casualty_figures.published_date is 'published_date of the article.';
comment on column casualty_figures.claimant_text is 'Who gave the figure, as written.';
comment on column casualty_figures.claimant_entity_id is 'entities.entity_id of the claimant.';
comment on column casualty_figures.claimant_name is 'Canonical claimant name.';
comment on column casualty_figures.location_text is 'Where, as written (or inferred, see rule_id).';
comment on column casualty_figures.location_entity_id is 'entities.entity_id of the place (coordinates in entities).';
comment on column casualty_figures.location_name is 'Canonical place name.';
comment on column casualty_figures.victim_group is 'civilians, children, women, soldiers, journalists, aid workers, ... where stated.';
comment on column casualty_figures.rule_id is 'Main extraction rule that fired.';
comment on column casualty_figures.confidence is 'Extractor confidence, 0 to 1.';
comment on column casualty_figures.extractor_version is 'Version of the extraction rules.';
comment on column casualty_figures.ingest_date is 'Arrival partition of the article.';
comment on column casualty_figures.scope is 'full (a war-to-date running total, or the whole count of an event or period), partial (a running total of part of the war: since a later start, ''since the truce collapsed'', see period_start; one cause, ''died of malnutrition''; a toll far under its source''s war total) or historical (an earlier war or event, e.g. the Holocaust; kept out of daily_casualty_reports).';
comment on column casualty_figures.scope_rule is 'Rule that set scope partial or historical (cum:since_partial, cum:since_then_partial, partial:cause, partial:below_total, hist:event, hist:years_ago, hist:dated); NULL for full.';
comment on column casualty_figures.claimant_rule is 'Rule that found the claimant (e.g. claim:according_to, claim:verb:say, claim:verb:say|actor:military, claim:continued).';
comment on column casualty_figures.location_rule is 'Rule that placed the figure (place:clause, place:event, place:claimant_home, place:earlier_sentence, ...).';
comment on column casualty_figures.group_rule is 'Rule that set victim_group (e.g. group:children).';

create table if not exists daily_casualty_reports (
    report_date     date,
    location        varchar not null,
    casualty_type   varchar not null,
    figure_kind     varchar not null,
    claimant        varchar not null,
    count_low       bigint,
    count_best      bigint not null,
    count_high      bigint,
    min_best        bigint not null,
    max_best        bigint not null,
    distinct_counts bigint[],
    disagreement    boolean not null,
    n_figures       integer not null,
    n_articles      integer not null,
    article_ids     varchar[],
    figure_ids      varchar[],
    victim_group    varchar not null,
    scope           varchar not null,
    period_start    date
);

comment on table daily_casualty_reports is 'One row per (report_date, location, casualty_type, figure_kind, claimant, victim_group, scope, period_start): what the press reported that claimant to say about that day. Disagreeing figures are kept as a range (min_best..max_best, distinct_counts), never averaged.';
comment on column daily_casualty_reports.report_date is 'The day the figures describe.';
comment on column daily_casualty_reports.location is 'Canonical place name (''unknown'' when none was found).';
comment on column daily_casualty_reports.casualty_type is 'killed, injured, missing or casualties.';
comment on column daily_casualty_reports.figure_kind is 'cumulative, incremental or unknown; never mix them.';
comment on column daily_casualty_reports.claimant is 'Canonical claimant (''unattributed'' when the text names none).';
comment on column daily_casualty_reports.count_low is 'Lowest count any figure allows (min of count_low, or count_best where low is open).';
comment on column daily_casualty_reports.count_best is 'Cumulative: the highest running total reported that day (the latest); otherwise the lowest best count (conservative, as ACLED).';
comment on column daily_casualty_reports.count_high is 'Highest count any figure allows (NULL when some figure is open-ended and no bound is known).';
comment on column daily_casualty_reports.min_best is 'Smallest count_best among the figures.';
comment on column daily_casualty_reports.max_best is 'Largest count_best among the figures.';
comment on column daily_casualty_reports.distinct_counts is 'The distinct count_best values reported, ascending.';
comment on column daily_casualty_reports.disagreement is 'True when the figures behind the row give different counts.';
comment on column daily_casualty_reports.n_figures is 'Number of casualty_figures rows behind the row.';
comment on column daily_casualty_reports.n_articles is 'Number of distinct articles behind the row.';
comment on column daily_casualty_reports.article_ids is 'The articles behind the row.';
comment on column daily_casualty_reports.figure_ids is 'The casualty_figures rows behind the row.';
comment on column daily_casualty_reports.victim_group is 'Whose deaths or injuries: ''all'' for figures of every victim, else the subgroup the figures count (children, women, soldiers, journalists, hostages, ...); never mixed.';
comment on column daily_casualty_reports.scope is 'full (war-to-date running totals, or whole counts of a day or period) or partial (running totals of part of the war: since a later start, see period_start, or of one cause); historical figures are not in this table.';
comment on column daily_casualty_reports.period_start is 'First day the figures cover: the start of a partial running total or of a period count (''past 48 hours''); NULL for war-to-date totals and undated counts.';
