import dagster as dg

from pipeline.metadata import table_metadata
from pipeline.partitions import arrival_day_partitions, run_scope
from pipeline.quality.checks import check_specs, step_checks
from pipeline.resources import InboxResource, SpacyResource, WarehouseResource
from pipeline.run_tags import is_rebuild
from pipeline.steps.ingest import ingest_inbox
from pipeline.steps.pending import articles_ahead


@dg.asset(
    partitions_def=arrival_day_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="ingestion",
    kinds={"duckdb", "polars"},
    check_specs=[*check_specs("raw_articles"), *check_specs("ingested_files", asset="raw_articles")],
)
def raw_articles(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                 inbox: InboxResource, nlp: SpacyResource) -> dg.MaterializeResult:
    """Every input record exactly as received, with the file and line it came from (and `ingested_files`, one
    row per file).

    Scans the inbox (files and directories, recursively) for files not ingested before (by content hash: the
    same file twice adds nothing) and appends their records, stamped with the arrival day (the run's partition;
    the last day for a range). Unreadable, binary, empty or oversized inputs are recorded too, with
    `read_error`, so the parse step can quarantine them. Append-only: re-running a day never deletes raw data.
    """
    scope = run_scope(context)
    context.log.info(f"Scanning {inbox.paths} for new files (arrival day {scope.last_day})")
    with warehouse.connect() as con, warehouse.exclusive(con, "ingest", context.log.info):
        result = ingest_inbox(con, inbox.paths, scope.last_day, inbox.max_record_bytes, context.log.info)
        nlp.get_ready(articles_ahead(con, scope, is_rebuild(context), nlp.model_name))  # loads while we validate
        new = result.new_files
        # a run validates the files it ingested; a rebuild (or a check run alone) the whole of its days
        params = [scope.first_day, scope.last_day, None if is_rebuild(context) else new]
        checks = step_checks(context, con, warehouse.gx_project, params, bool(new) or is_rebuild(context),
                             "raw_articles", ("ingested_files", "raw_articles"))
        metadata = table_metadata(con, "raw_articles", "file_hash in (select unnest(?))", [new],
                                  "raw_id, source_path, record_no, format, read_error, left(content, 60) as content")
    context.log.info(f"{len(new)} new files, {result.new_records} records; {result.known_files} files already ingested")
    yield dg.MaterializeResult(metadata={**metadata, "new_files": len(new), "new_records": result.new_records,
                                         "files_already_ingested": result.known_files})
    yield from checks
