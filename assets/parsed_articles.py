import datetime as dt

import dagster as dg
import polars as pl

from pipeline.batching import batched
from pipeline.ingest.dedup import classify_duplicates
from pipeline.ingest.parse import Rejected, parse_record
from pipeline.metadata import table_metadata
from pipeline.partitions import arrival_day_partitions, partition_days
from pipeline.progress import Progress
from pipeline.quality.checks import read_sql, run_table_check
from pipeline.resources import WarehouseResource
from pipeline.warehouse import insert_frame

READ_BATCH = 500
ARTICLE_SCHEMA = {
    "article_id": pl.String, "raw_id": pl.String, "ingest_date": pl.Date, "external_id": pl.String,
    "title": pl.String, "published_date": pl.Date, "date_source": pl.String, "source": pl.String,
    "url": pl.String, "body": pl.String, "n_paragraphs": pl.Int32, "n_words": pl.Int32,
    "language": pl.String, "lead_key": pl.String,
}
REJECTED_SCHEMA = {
    "raw_id": pl.String, "ingest_date": pl.Date, "source_path": pl.String, "record_no": pl.Int32,
    "reason": pl.String, "detail": pl.String, "duplicate_of": pl.String,
}


def _rejection(raw: dict, reason: str, detail: str, duplicate_of: str | None = None) -> dict:
    return {"raw_id": raw["raw_id"], "ingest_date": raw["ingest_date"], "source_path": raw["source_path"],
            "record_no": raw["record_no"], "reason": reason, "detail": detail[:500], "duplicate_of": duplicate_of}


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
    partitions_def=arrival_day_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="ingestion",
)
def parse_articles(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Parse and clean the day's raw records; quarantine what cannot be an article, with the reason.

    Re-running a day replaces that day's parsed and rejected rows in one transaction.
    """
    first_day, last_day = partition_days(context)
    today = dt.datetime.now(dt.UTC).date()
    counts = {"parsed": 0, "rejected": 0, "duplicates": 0}
    with warehouse.connect() as con:
        raw_ids = [r[0] for r in con.execute(
            "select raw_id from raw_articles where ingest_date between ? and ? "
            "order by ingest_date, source_path, record_no", [first_day, last_day]).fetchall()]
        context.log.info(f"Parsing {len(raw_ids)} raw records of {first_day}..{last_day}")
        con.begin()
        con.execute("delete from parsed_articles where ingest_date between ? and ?", [first_day, last_day])
        con.execute("delete from rejected_articles where ingest_date between ? and ?", [first_day, last_day])
        progress = Progress("parse", len(raw_ids), context.log.info, unit="records")
        for id_batch in batched(raw_ids, READ_BATCH):
            raws = con.execute(read_sql("raw_records_by_id.sql"), [list(id_batch)]).pl().to_dicts()
            parsed, rejected = [], []
            for raw in raws:
                try:
                    parsed.append(parse_record(raw, today))
                except Rejected as exc:
                    rejected.append(_rejection(raw, exc.reason, exc.detail))
            kept = _drop_duplicates(con, parsed, rejected, raws)
            counts["duplicates"] += len(parsed) - len(kept)
            insert_frame(con, "parsed_articles", pl.DataFrame(kept, schema=ARTICLE_SCHEMA))
            insert_frame(con, "rejected_articles", pl.DataFrame(rejected, schema=REJECTED_SCHEMA))
            counts["parsed"] += len(kept)
            counts["rejected"] += len(rejected)
            progress.advance(len(id_batch))
        con.commit()
        days = [first_day, last_day]
        parsed_md = table_metadata(con, "parsed_articles", "ingest_date between ? and ?", days,
                                   "article_id, title, published_date, date_source, n_words, language")
        rejected_md = table_metadata(con, "rejected_articles", "ingest_date between ? and ?", days,
                                     "raw_id, source_path, record_no, reason, detail, duplicate_of")
        reasons = dict(con.execute("select reason, count(*) from rejected_articles where ingest_date "
                                   "between ? and ? group by 1 order by 1", days).fetchall())
    context.log.info(f"parsed {counts['parsed']}, quarantined {counts['rejected']} "
                     f"({counts['duplicates']} duplicates): {reasons}")
    yield dg.MaterializeResult(asset_key="parsed_articles", metadata=parsed_md)
    yield dg.MaterializeResult(asset_key="rejected_articles",
                               metadata={**rejected_md, "reasons": dg.MetadataValue.json(reasons)})


def _drop_duplicates(con, parsed: list[dict], rejected: list[dict], raws: list[dict]) -> list[dict]:
    """Move duplicates of articles already kept (this run, other days) from `parsed` to `rejected`."""
    if not parsed:
        return []
    ids = [p["article_id"] for p in parsed]
    existing = {r[0] for r in con.execute(
        "select article_id from parsed_articles where article_id in (select unnest(?))", [ids]).fetchall()}
    leads: dict[str, list[tuple[str, str]]] = {}
    for lead, aid, body in con.execute(
            "select lead_key, article_id, body from parsed_articles where lead_key in (select unnest(?))",
            [[p["lead_key"] for p in parsed]]).fetchall():
        leads.setdefault(lead, []).append((aid, body))
    by_raw = {r["raw_id"]: r for r in raws}
    kept = []
    for row, (kind, original) in zip(parsed, classify_duplicates(parsed, existing, leads), strict=True):
        if kind:
            rejected.append(_rejection(by_raw[row["raw_id"]], kind, f"repeats article {original}", original))
        else:
            kept.append(row)
    return kept


@dg.asset_check(asset="parsed_articles", partitions_def=arrival_day_partitions, blocking=True)
def parsed_articles_expectations(context: dg.AssetCheckExecutionContext,
                                 warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """GX suite expectations/parsed_articles.json: ids unique, body non-empty and clean, dates valid."""
    return run_table_check(warehouse, "parsed_articles", list(partition_days(context)), id_column="article_id")


@dg.asset_check(asset="rejected_articles", partitions_def=arrival_day_partitions, blocking=True)
def rejected_articles_expectations(context: dg.AssetCheckExecutionContext,
                                   warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """GX suite expectations/rejected_articles.json: known reasons, and every raw record accounted for."""
    return run_table_check(warehouse, "rejected_articles", list(partition_days(context)), id_column="raw_id")
