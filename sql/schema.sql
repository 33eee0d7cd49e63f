-- The warehouse's tables as the migrations in sql/migrations/ leave them. GENERATED: do not edit; change
-- the schema with a new migration, then run `python -m pipeline.warehouse.schema > sql/schema.sql`.
-- Every column is documented in the database too: select table_name, column_name, comment from
-- duckdb_columns() where comment is not null. Primary keys are enforced on a DuckDB file (a lake's
-- catalog enforces none); the GX suites check them on every backend.

-- ingested_files: One row per distinct input file (by content hash, sidecar included): the same file twice is ingested once.
create table ingested_files (
    file_hash    varchar not null,    -- SHA-256 of the file bytes plus its .meta.json sidecar; for unreadable paths, of the path.
    path         varchar not null,    -- Path of the file when first seen.
    size_bytes   bigint,              -- File size in bytes.
    n_records    integer,             -- Raw records read from the file.
    ingest_date  date not null,       -- Arrival partition (UTC day) the file was ingested in.
    ingested_at  timestamp not null,  -- When it was ingested (UTC).
    primary key (file_hash)
);

-- raw_articles: Every input record exactly as received, with where it came from. Bad records are kept here too, with read_error.
create table raw_articles (
    raw_id         varchar not null,    -- Stable id of the record: hash of (file_hash, record_no).
    ingest_date    date not null,       -- Arrival partition (UTC day).
    ingested_at    timestamp not null,  -- When the record was read (UTC).
    source_path    varchar not null,    -- File the record came from.
    file_hash      varchar not null,    -- ingested_files.file_hash of that file.
    record_no      integer not null,    -- Line number in a JSONL file, element number in a JSON array, 0 for a whole file.
    format         varchar not null,    -- txt, json, jsonl, html or unknown.
    content        varchar,             -- The decoded record as received (NULL when it could not be read).
    content_bytes  bigint,              -- Size of the record in bytes.
    sidecar        varchar,             -- The .meta.json sidecar of a .txt file, as received.
    read_error     varchar,             -- Why the record could not be read (a rejected_articles reason), else NULL.
    error_detail   varchar,             -- Human-readable detail of read_error.
    primary key (raw_id)
);

-- parsed_articles: One row per distinct article: cleaned body, title, dates and provenance.
create table parsed_articles (
    article_id      varchar not null,  -- Stable id derived from the content: hash of the body's words.
    raw_id          varchar not null,  -- The raw_articles record it was parsed from.
    ingest_date     date not null,     -- Arrival partition (UTC day).
    external_id     varchar,           -- The input's own id (JSON "id"), to join results back.
    title           varchar,           -- Title, once (repeated title lines removed).
    published_date  date not null,     -- Publication day.
    date_source     varchar not null,  -- How published_date was found: metadata, path, text or ingest (fallback: the arrival day).
    source          varchar,           -- Outlet or publisher, when given.
    url             varchar,           -- URL, when given.
    body            varchar not null,  -- Cleaned text: paragraphs separated by a blank line; no title, furniture, entities, soft hyphens or mojibake. All character offsets in other tables index this string (0-based, end exclusive).
    n_paragraphs    integer not null,  -- Number of paragraphs in body.
    n_words         integer not null,  -- Number of white-space separated words in body.
    language        varchar,           -- ISO 639-1 language of the body (py3langid). Only en is read by the NLP layers.
    lead_key        varchar not null,  -- Hash of the first 40 words: the blocking key for near-duplicate detection.
    primary key (article_id)
);

-- rejected_articles: Quarantine: every raw record that did not become an article, with the reason. Duplicates point to the article they repeat.
create table rejected_articles (
    raw_id        varchar not null,  -- The raw_articles record.
    ingest_date   date not null,     -- Arrival partition (UTC day).
    source_path   varchar,           -- File the record came from.
    record_no     integer,           -- Line/element number within the file (0 for a whole file).
    reason        varchar not null,  -- One of a fixed set; see README (empty, binary, malformed_json, duplicate, ...).
    detail        varchar,           -- Human-readable detail.
    duplicate_of  varchar,           -- For duplicate and near_duplicate: the article_id it repeats.
    primary key (raw_id)
);

-- sentences: Sentences of English articles, as split by spaCy.
create table sentences (
    article_id    varchar not null,          -- parsed_articles.article_id.
    sentence_idx  integer not null,          -- 0-based sentence number within the body.
    start_char    integer not null,          -- Start offset in parsed_articles.body.
    end_char      integer not null,          -- End offset (exclusive) in parsed_articles.body.
    text          varchar not null,          -- body[start_char:end_char].
    ingest_date   date not null,             -- Arrival partition of the article.
    primary key (article_id, sentence_idx)
);

-- mentions: One row per entity mention found by spaCy (plus entity rules), located by sentence and character offset.
create table mentions (
    mention_id      varchar not null,  -- Stable id: article_id and start offset.
    article_id      varchar not null,  -- parsed_articles.article_id.
    entity_id       varchar,           -- entities.entity_id of the canonical thing mentioned; NULL for numeric labels (DATE, CARDINAL, ...).
    entity_name     varchar,           -- Canonical name of that entity.
    label           varchar not null,  -- spaCy label: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, ..., DATE, CARDINAL, ...
    text            varchar not null,  -- The mention as written: body[start_char:end_char].
    start_char      integer not null,  -- Start offset in parsed_articles.body.
    end_char        integer not null,  -- End offset (exclusive) in parsed_articles.body.
    sentence_idx    integer not null,  -- sentences.sentence_idx of the sentence holding it.
    sentence_start  integer not null,  -- Start offset of that sentence in the body.
    sentence_end    integer not null,  -- End offset of that sentence in the body.
    rule            varchar,           -- What produced or canonicalised it: model, an entity pattern id, an alias id.
    ingest_date     date not null,     -- Arrival partition of the article.
    primary key (mention_id)
);

-- entities: One row per real-world thing, across all articles, with its aliases and, for places, coordinates.
create table entities (
    entity_id     varchar not null,  -- Stable id derived from the entity kind and canonical name.
    name          varchar not null,  -- Canonical name.
    label         varchar not null,  -- Most frequent spaCy label among its mentions.
    aliases       varchar[],         -- Distinct surface forms seen.
    n_mentions    integer not null,  -- Number of mentions.
    n_articles    integer not null,  -- Number of distinct articles mentioning it.
    first_seen    date,              -- Earliest published_date of an article mentioning it.
    last_seen     date,              -- Latest published_date of an article mentioning it.
    latitude      double,            -- Places only: latitude (WGS84) from the offline gazetteer.
    longitude     double,            -- Places only: longitude (WGS84).
    country_code  varchar,           -- Places only: ISO 3166-1 alpha-2 country code.
    feature_type  varchar,           -- Places only: country, admin_region, city, territory, region, ...
    primary key (entity_id)
);

-- casualty_figures: One row per casualty figure stated in an article, traced to its sentence and character span.
create table casualty_figures (
    figure_id           varchar not null,  -- Stable id: article, offset and type.
    article_id          varchar not null,  -- parsed_articles.article_id.
    sentence_idx        integer not null,  -- sentences.sentence_idx.
    start_char          integer not null,  -- Start offset of the number expression in the body.
    end_char            integer not null,  -- End offset (exclusive) of the number expression in the body.
    figure_text         varchar not null,  -- body[start_char:end_char].
    sentence_text       varchar not null,  -- The sentence that states the figure.
    casualty_type       varchar not null,  -- killed, injured, missing, or casualties where the text does not say.
    type_rule           varchar,           -- Rule that set casualty_type (e.g. a noun, or casualties->killed when resolved).
    count_low           bigint,            -- Lowest count the wording allows (NULL: unbounded).
    count_best          bigint not null,   -- Best single count.
    count_high          bigint,            -- Highest count the wording allows (NULL: unbounded).
    hedge               varchar,           -- The wording that set low/best/high: exact, at_least, over, about, up_to, range, vague:dozens, ...
    figure_kind         varchar not null,  -- cumulative (a running total), incremental (a period's count) or unknown.
    kind_rule           varchar,           -- Cue that set figure_kind.
    period_start        date,              -- First day the figure covers (cumulative: the start of the count, when stated).
    period_end          date,              -- Last day the figure covers.
    report_date         date,              -- The day the figure describes; never after published_date.
    published_date      date,              -- published_date of the article.
    claimant_text       varchar,           -- Who gave the figure, as written.
    claimant_entity_id  varchar,           -- entities.entity_id of the claimant.
    claimant_name       varchar,           -- Canonical claimant name.
    location_text       varchar,           -- Where, as written (or inferred, see rule_id).
    location_entity_id  varchar,           -- entities.entity_id of the place (coordinates in entities).
    location_name       varchar,           -- Canonical place name.
    victim_group        varchar,           -- civilians, children, women, soldiers, journalists, aid workers, ... where stated.
    rule_id             varchar,           -- Main extraction rule that fired.
    confidence          double,            -- Extractor confidence, 0 to 1.
    extractor_version   varchar,           -- Version of the extraction rules.
    ingest_date         date not null,     -- Arrival partition of the article.
    scope               varchar,           -- full (a war-to-date running total, or the whole count of an event or period), partial (a running total of part of the war: since a later start, 'since the truce collapsed', see period_start; one cause, 'died of malnutrition'; a toll far under its source's war total) or historical (an earlier war or event, e.g. the Holocaust; kept out of daily_casualty_reports).
    scope_rule          varchar,           -- Rule that set scope partial or historical (cum:since_partial, cum:since_then_partial, partial:cause, partial:below_total, hist:event, hist:years_ago, hist:dated); NULL for full.
    claimant_rule       varchar,           -- Rule that found the claimant (e.g. claim:according_to, claim:verb:say, claim:verb:say|actor:military, claim:continued).
    location_rule       varchar,           -- Rule that placed the figure (place:clause, place:event, place:claimant_home, place:earlier_sentence, ...).
    group_rule          varchar,           -- Rule that set victim_group (e.g. group:children).
    primary key (figure_id)
);

-- processing_log: Which step processed which item (raw record or article), with which version, in which run: a run processes the items of its days that its step has not processed at the current version.
create table processing_log (
    step          varchar not null,    -- parse (raw record -> parsed or rejected article), nlp (article -> sentences and mentions) or casualties (article -> casualty figures).
    item_id       varchar not null,    -- raw_articles.raw_id for parse; parsed_articles.article_id for nlp and casualties.
    ingest_date   date not null,       -- Arrival partition of the item.
    version       varchar not null,    -- Version of the step (code and rule data, model for nlp) that produced the item's rows.
    run_id        varchar,             -- Dagster run that produced them (NULL: made before migration 002).
    processed_at  timestamp not null   -- When (UTC).
);

-- pipeline_locks: Leases that stages take on a lake so they never overlap (ingestion); empty between runs.
create table pipeline_locks (
    name         varchar not null,    -- What is held (e.g. ingest).
    owner        varchar not null,    -- host:pid:nonce of the holder or claimant.
    host         varchar not null,    -- Host of the holder.
    pid          integer not null,    -- Process id of the holder on that host (a dead holder is cleared).
    acquired_at  timestamp not null,  -- When it was claimed (UTC).
    expires_at   timestamp not null   -- When a holder that vanished stops counting (UTC).
);

-- daily_casualty_reports: One row per (report_date, location, casualty_type, figure_kind, claimant, victim_group, scope, period_start): what the press reported that claimant to say about that day. Disagreeing figures are kept as a range (min_best..max_best, distinct_counts), never averaged.
create table daily_casualty_reports (
    report_date      date,              -- The day the figures describe.
    location         varchar not null,  -- Canonical place name ('unknown' when none was found).
    casualty_type    varchar not null,  -- killed, injured, missing or casualties.
    figure_kind      varchar not null,  -- cumulative, incremental or unknown; never mix them.
    claimant         varchar not null,  -- Canonical claimant ('unattributed' when the text names none).
    victim_group     varchar not null,  -- Whose deaths or injuries: 'all' for figures of every victim, else the subgroup the figures count (children, women, soldiers, journalists, hostages, ...); never mixed.
    scope            varchar not null,  -- full (war-to-date running totals, or whole counts of a day or period) or partial (running totals of part of the war: since a later start, see period_start, or of one cause); historical figures are not in this table.
    period_start     date,              -- First day the figures cover: the start of a partial running total or of a period count ('past 48 hours'); NULL for war-to-date totals and undated counts.
    count_low        bigint,            -- Lowest count any figure allows (min of count_low, or count_best where low is open).
    count_best       bigint not null,   -- Cumulative: the highest running total reported that day (the latest); otherwise the lowest best count (conservative, as ACLED).
    count_high       bigint,            -- Highest count any figure allows (NULL when some figure is open-ended and no bound is known).
    min_best         bigint not null,   -- Smallest count_best among the figures.
    max_best         bigint not null,   -- Largest count_best among the figures.
    distinct_counts  bigint[],          -- The distinct count_best values reported, ascending.
    disagreement     boolean not null,  -- True when the figures behind the row give different counts.
    n_figures        integer not null,  -- Number of casualty_figures rows behind the row.
    n_articles       integer not null,  -- Number of distinct articles behind the row.
    article_ids      varchar[],         -- The articles behind the row.
    figure_ids       varchar[]          -- The casualty_figures rows behind the row.
);
