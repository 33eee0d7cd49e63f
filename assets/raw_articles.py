import datetime as dt
import hashlib

import dagster as dg
import polars as pl

from pipeline.batching import batched
from pipeline.ingest.readers import iter_inbox_files, read_records
from pipeline.metadata import table_metadata
from pipeline.partitions import arrival_day_partitions, partition_days
from pipeline.quality.checks import run_table_check
from pipeline.resources import InboxResource, WarehouseResource
from pipeline.warehouse import insert_frame

WRITE_BATCH = 2000
RAW_SCHEMA = {
    "raw_id": pl.String, "ingest_date": pl.Date, "ingested_at": pl.Datetime("us"), "source_path": pl.String,
    "file_hash": pl.String, "record_no": pl.Int32, "format": pl.String, "content": pl.String,
    "content_bytes": pl.Int64, "sidecar": pl.String, "read_error": pl.String, "error_detail": pl.String,
}


def raw_id(file_hash: str, record_no: int) -> str:
    return hashlib.sha1(f"{file_hash}:{record_no}".encode()).hexdigest()[:16]


@dg.asset(
    partitions_def=arrival_day_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="ingestion",
    kinds={"duckdb", "polars"},
)
def raw_articles(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                 inbox: InboxResource) -> dg.MaterializeResult:
    """Every input record exactly as received, with the file and line it came from.

    Scans the inbox (files and directories, recursively) for files not ingested before (by content
    hash: the same file twice adds nothing) and appends their records, stamped with the arrival day
    (the run's partition; the last day for a range). Unreadable, binary, empty or oversized inputs are
    recorded too, with `read_error`, so the parse step can quarantine them. Append-only: re-running a
    day never deletes raw data.
    """
    _, last_day = partition_days(context)
    ingest_date = dt.date.fromisoformat(last_day)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    context.log.info(f"Scanning {inbox.paths} for new files (arrival day {ingest_date})")
    n_files = n_known = n_records = 0
    with warehouse.connect() as con:
        for file in iter_inbox_files(inbox.paths):
            if con.execute("select 1 from ingested_files where file_hash = ?", [file.file_hash]).fetchone():
                n_known += 1
                continue
            n_file_records = 0
            con.begin()  # one transaction per file: a crash never leaves half a file behind
            for batch in batched(read_records(file, inbox.max_record_bytes), WRITE_BATCH):
                n_file_records += insert_frame(con, "raw_articles", pl.DataFrame(
                    [{**rec, "raw_id": raw_id(file.file_hash, rec["record_no"]), "ingest_date": ingest_date,
                      "ingested_at": now, "source_path": file.path, "file_hash": file.file_hash}
                     for rec in batch], schema=RAW_SCHEMA))
            con.execute("insert into ingested_files values (?, ?, ?, ?, ?, ?)",
                        [file.file_hash, file.path, file.size_bytes, n_file_records, ingest_date, now])
            con.commit()
            n_files += 1
            n_records += n_file_records
            context.log.info(f"Ingested {file.path}: {n_file_records} records")
        metadata = table_metadata(con, "raw_articles", "ingest_date = ?", [ingest_date],
                                  "raw_id, source_path, record_no, format, read_error, left(content, 60) as content")
    context.log.info(f"{n_files} new files, {n_records} records; {n_known} files already ingested")
    return dg.MaterializeResult(metadata={**metadata, "new_files": n_files, "new_records": n_records,
                                          "files_already_ingested": n_known})


@dg.asset_check(asset=raw_articles, partitions_def=arrival_day_partitions, blocking=True)
def raw_articles_expectations(context: dg.AssetCheckExecutionContext,
                              warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """GX suite expectations/raw_articles.json on the partition's raw records."""
    return run_table_check(warehouse, "raw_articles", list(partition_days(context)), id_column="raw_id")
