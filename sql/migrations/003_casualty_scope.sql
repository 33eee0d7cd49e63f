-- Migration 003: casualty figures say their scope (full, partial, historical) and the rule behind each of
-- claimant, place and victim group; daily_casualty_reports keeps victim groups, partial running totals and
-- periods apart (three more key columns) and leaves historical figures out.

alter table casualty_figures add column if not exists scope varchar;
alter table casualty_figures add column if not exists scope_rule varchar;
alter table casualty_figures add column if not exists claimant_rule varchar;
alter table casualty_figures add column if not exists location_rule varchar;
alter table casualty_figures add column if not exists group_rule varchar;

-- Figures made before scope existed kept counting in the daily reports: they stay 'full' until their day
-- is run again with the current rules (processing_log holds their older version).
update casualty_figures set scope = 'full' where scope is null;

comment on column casualty_figures.scope is 'full (a war-to-date running total, or the whole count of an event or period), partial (a running total of part of the war: since a later start, ''since the truce collapsed'', see period_start; one cause, ''died of malnutrition''; a toll far under its source''s war total) or historical (an earlier war or event, e.g. the Holocaust; kept out of daily_casualty_reports).';
comment on column casualty_figures.scope_rule is 'Rule that set scope partial or historical (cum:since_partial, cum:since_then_partial, partial:cause, partial:below_total, hist:event, hist:years_ago, hist:dated); NULL for full.';
comment on column casualty_figures.claimant_rule is 'Rule that found the claimant (e.g. claim:according_to, claim:verb:say, claim:verb:say|actor:military, claim:continued).';
comment on column casualty_figures.location_rule is 'Rule that placed the figure (place:clause, place:event, place:claimant_home, place:earlier_sentence, ...).';
comment on column casualty_figures.group_rule is 'Rule that set victim_group (e.g. group:children).';

-- Rebuilt from casualty_figures by every run that changes them: recreated with its new key, and rebuilt by the
-- next run (its build record is dropped).
drop table if exists daily_casualty_reports;
create table daily_casualty_reports (
    report_date     date,
    location        varchar not null,
    casualty_type   varchar not null,
    figure_kind     varchar not null,
    claimant        varchar not null,
    victim_group    varchar not null,
    scope           varchar not null,
    period_start    date,
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
    figure_ids      varchar[]
);
delete from processing_log where step in ('daily_casualty_reports', 'casualty_chart');

comment on table daily_casualty_reports is 'One row per (report_date, location, casualty_type, figure_kind, claimant, victim_group, scope, period_start): what the press reported that claimant to say about that day. Disagreeing figures are kept as a range (min_best..max_best, distinct_counts), never averaged.';
comment on column daily_casualty_reports.report_date is 'The day the figures describe.';
comment on column daily_casualty_reports.location is 'Canonical place name (''unknown'' when none was found).';
comment on column daily_casualty_reports.casualty_type is 'killed, injured, missing or casualties.';
comment on column daily_casualty_reports.figure_kind is 'cumulative, incremental or unknown; never mix them.';
comment on column daily_casualty_reports.claimant is 'Canonical claimant (''unattributed'' when the text names none).';
comment on column daily_casualty_reports.victim_group is 'Whose deaths or injuries: ''all'' for figures of every victim, else the subgroup the figures count (children, women, soldiers, journalists, hostages, ...); never mixed.';
comment on column daily_casualty_reports.scope is 'full (war-to-date running totals, or whole counts of a day or period) or partial (running totals of part of the war: since a later start, see period_start, or of one cause); historical figures are not in this table.';
comment on column daily_casualty_reports.period_start is 'First day the figures cover: the start of a partial running total or of a period count (''past 48 hours''); NULL for war-to-date totals and undated counts.';
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
