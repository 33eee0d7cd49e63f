import dagster as dg

from pipeline.metadata import table_metadata
from pipeline.partitions import N_SHARDS, article_partitions, run_scope
from pipeline.quality.checks import check_specs, step_checks
from pipeline.resources import SpacyResource, WarehouseResource
from pipeline.run_tags import is_rebuild
from pipeline.steps.figures import figures_scope, figures_step
from pipeline.warehouse.sql import read_sql

RUN_ROWS = "article_id in (select item_id from processing_log where step = 'casualties' and run_id = ?)"


@dg.asset(
    deps=["sentences", "mentions"],
    partitions_def=article_partitions,
    backfill_policy=dg.BackfillPolicy.single_run() if N_SHARDS == 1 else dg.BackfillPolicy.multi_run(1),
    group_name="casualties",
    kinds={"spacy", "duckdb", "polars"},
    check_specs=check_specs("casualty_figures"),
)
def casualty_figures(context: dg.AssetExecutionContext, warehouse: WarehouseResource, nlp: SpacyResource):
    """One row per casualty figure stated in an article: type (killed / injured / missing / casualties),
    low-best-high counts with the hedge, cumulative or incremental with the period and report_date,
    claimant and place linked to entities, victim group, and provenance (sentence, character span,
    rule, extractor version). Only sentences that pass a cheap prefilter are parsed, with the dependency
    parser, in worker processes. Incremental runs extract only from articles not done at this extractor
    version (or whose mentions changed); a rebuild does its days again."""
    scope = run_scope(context)
    with warehouse.connect() as con:
        counts = figures_scope(con, scope, is_rebuild(context), context.run.run_id, nlp.model_name, nlp.pool,
                               context.log.info)
        checks = step_checks(context, con, warehouse.gx_project, [scope.first_day, scope.last_day, context.run.run_id],
                             bool(counts["articles"]), "casualty_figures")
        metadata = table_metadata(con, "casualty_figures", RUN_ROWS, [context.run.run_id],
                                  "figure_text, casualty_type, count_best, figure_kind, report_date, claimant_name, "
                                  "location_name")
        result = con.execute(read_sql("queries/figures_health.sql"), [context.run.run_id])
        health = dict(zip([d[0] for d in result.description], result.fetchone(), strict=True))
    # numbers the UI plots across runs (the asset's Plots tab): the extraction's health at a glance
    yield dg.MaterializeResult(metadata={
        **metadata, "extractor_version": figures_step().version, "articles_read": counts["articles"],
        **{k: dg.MetadataValue.float(float(v)) if isinstance(v, float) else dg.MetadataValue.int(int(v or 0))
           for k, v in health.items()}})
    yield from checks
