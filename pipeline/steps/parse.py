"""Parsing: raw records of a scope into parsed_articles or rejected_articles (with the reason), incrementally."""

import datetime as dt
from collections import Counter
from collections.abc import Callable

import duckdb

from pipeline import settings
from pipeline.batching import batched
from pipeline.parallel import WorkerPool
from pipeline.progress import Progress
from pipeline.versions import parse_version
from pipeline.warehouse.processing import Scope, Step, batch_changes, invalidate, items, processed_before
from pipeline.warehouse.schema import frame
from pipeline.warehouse.sql import read_sql
from pipeline.warehouse.writes import apply_changes
from pipeline.worker_tasks import ParseTask, parse_records

READ_BATCH = 500
RECORDS_PER_TASK, IN_WORKERS_FROM = 50, 200
PARSE = Step("parse", parse_version(), "steps/raw_items.sql", "raw_id", ("parsed_articles", "rejected_articles"))


def parse_scope(con: duckdb.DuckDBPyConnection, scope: Scope, rebuild: bool, run_id: str | None,
                log: Callable[[str], None] = lambda _: None, pool: WorkerPool | None = None) -> Counter:
    """Parse the scope's raw records that need it; returns counts (parsed, rejected, duplicates). Many records
    are parsed in the worker processes (`pool`), a few in the run's side process, which has the parser's libraries
    loaded already (their import and first use cost a worker seconds); with a pool of one, all of them here."""
    todo = items(con, PARSE, scope, rebuild)
    counts: Counter = Counter()
    if not todo:
        log(f"Parse: nothing new in {scope}")
        return counts
    log(f"Parsing {len(todo)} raw records of {scope}")
    today = settings.today()
    progress = Progress("parse", len(todo), log, unit="records")
    pool = pool or WorkerPool(1)
    for batch in batched(todo, READ_BATCH):
        ids = [item_id for item_id, _ in batch]
        raws = con.execute(read_sql("raw_records_by_id.sql"), [ids]).pl().to_dicts()
        parsed, rejected = [], []
        tasks = [ParseTask(chunk, today) for chunk in batched(raws, RECORDS_PER_TASK)]
        for _, results in pool.imap(parse_records, tasks, few=len(todo) < IN_WORKERS_FROM):
            for row, rejection in results:
                (parsed if row else rejected).append(row or rejection)
        kept = _drop_duplicates(con, parsed, rejected, raws, set(ids))
        invalidated = [p["article_id"] for p in kept]  # new dates etc.: their figures must be made again
        changes = batch_changes(PARSE, batch, {"parsed_articles": frame("parsed_articles", kept),
                                               "rejected_articles": frame("rejected_articles", rejected)},
                                run_id, replace=processed_before(con, PARSE, ids))
        changes.append(invalidate("casualties", invalidated))
        apply_changes(con, changes)
        counts.update(parsed=len(kept), rejected=len(rejected), duplicates=len(parsed) - len(kept))
        progress.advance(len(batch))
    pool.end_step()
    return counts


def parse_or_reject(raw: dict, today: dt.date) -> tuple[dict | None, dict | None]:
    """(parsed row, None) or (None, rejected row): a record the parser fails on is quarantined with the error
    (`parse_error`), so one bad record never stops the run nor blocks the records after it."""
    from pipeline.ingest.parse import Rejected, parse_record  # trafilatura and dateparser: only when needed

    try:
        return parse_record(raw, today), None
    except Rejected as exc:
        return None, _rejection(raw, exc.reason, exc.detail)
    except Exception as exc:  # noqa: BLE001 - whatever the parser raises, the record is kept with the reason
        return None, _rejection(raw, "parse_error", f"{type(exc).__name__}: {exc}")


def _rejection(raw: dict, reason: str, detail: str, duplicate_of: str | None = None) -> dict:
    return {"raw_id": raw["raw_id"], "ingest_date": raw["ingest_date"], "source_path": raw["source_path"],
            "record_no": raw["record_no"], "reason": reason, "detail": detail[:500], "duplicate_of": duplicate_of}


def _drop_duplicates(con, parsed: list[dict], rejected: list[dict], raws: list[dict],
                     batch_ids: set[str]) -> list[dict]:
    """Move duplicates of articles already kept (earlier in this batch, or elsewhere in the warehouse) from
    `parsed` to `rejected`. This batch's own earlier rows (being replaced) do not count."""
    from pipeline.ingest.dedup import classify_duplicates

    if not parsed:
        return []
    ids = [p["article_id"] for p in parsed]
    existing = {r[0] for r in con.execute(
        "select article_id from parsed_articles where article_id in (select unnest(?)) "
        "and raw_id not in (select unnest(?))", [ids, list(batch_ids)]).fetchall()}
    leads: dict[str, list[tuple[str, str]]] = {}
    for lead, aid, body in con.execute(
            "select lead_key, article_id, body from parsed_articles where lead_key in (select unnest(?)) "
            "and raw_id not in (select unnest(?))", [[p["lead_key"] for p in parsed], list(batch_ids)]).fetchall():
        leads.setdefault(lead, []).append((aid, body))
    by_raw = {r["raw_id"]: r for r in raws}
    kept = []
    for row, (kind, original) in zip(parsed, classify_duplicates(parsed, existing, leads), strict=True):
        if kind:
            rejected.append(_rejection(by_raw[row["raw_id"]], kind, f"repeats article {original}", original))
        else:
            kept.append(row)
    return kept
