import dagster as dg

from pipeline.metadata import table_metadata
from pipeline.partitions import arrival_day_partitions, run_scope
from pipeline.quality.checks import check_specs, step_checks
from pipeline.resources import SpacyResource, WarehouseResource
from pipeline.run_tags import is_rebuild
from pipeline.steps.parse import parse_scope

RUN_ROWS = "raw_id in (select item_id from processing_log where step = 'parse' and run_id = ?)"


@dg.multi_asset(
    specs=[
        dg.AssetSpec("parsed_articles", deps=["raw_articles"], kinds={"duckdb", "polars"},
                     description="One row per distinct article: `article_id` derived from the content, "
                     "the input's `external_id`, title once, `published_date` with `date_source`, "
                     "cleaned `body`, paragraph and word counts, language."),
        dg.AssetSpec("rejected_articles", deps=["raw_articles"], kinds={"duckdb"},
                     description="Quarantine: every raw record that did not become an article, with its "
                     "reason; duplicates and near-duplicates point to the article they repeat."),
    ],
    check_specs=[*check_specs("parsed_articles"), *check_specs("rejected_articles")],
    partitions_def=arrival_day_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="ingestion",
)
def parsed_articles(context: dg.AssetExecutionContext, warehouse: WarehouseResource, nlp: SpacyResource):
    """Parse and clean the raw records that need it; quarantine what cannot be an article, with the reason.

    Incremental runs parse only records not parsed yet (at this parser version); a rebuild re-parses its days.
    Each batch replaces its records' rows in one transaction. Many records are parsed in the worker processes, a
    few in the side process.
    """
    scope = run_scope(context)
    with warehouse.connect() as con, warehouse.exclusive(con, "ingest", context.log.info):
        counts = parse_scope(con, scope, is_rebuild(context), context.run.run_id, context.log.info, nlp.pool)
        checks = step_checks(context, con, warehouse.gx_project, [scope.first_day, scope.last_day, context.run.run_id],
                             bool(sum(counts.values())), "parsed_articles", "rejected_articles")
        parsed_md = table_metadata(con, "parsed_articles", RUN_ROWS, [context.run.run_id],
                                   "article_id, title, published_date, date_source, n_words, language")
        rejected_md = table_metadata(con, "rejected_articles", RUN_ROWS, [context.run.run_id],
                                     "raw_id, source_path, record_no, reason, detail, duplicate_of")
        reasons = dict(con.execute(f"select reason, count(*) from rejected_articles where {RUN_ROWS} "
                                   "group by 1 order by 1", [context.run.run_id]).fetchall())
    context.log.info(f"parsed {counts['parsed']}, quarantined {counts['rejected']} "
                     f"({counts['duplicates']} duplicates): {reasons}")
    yield dg.MaterializeResult(asset_key="parsed_articles", metadata=parsed_md)
    yield dg.MaterializeResult(asset_key="rejected_articles",
                               metadata={**rejected_md, "reasons": dg.MetadataValue.json(reasons)})
    yield from checks
