"""The tables built from the whole warehouse (entities, daily_casualty_reports): rebuilt only when what they are
built from changed since their last build (a fingerprint of the upstream step's processing log), so a run with
nothing new costs nothing here."""

from collections.abc import Callable
from pathlib import Path

import duckdb
import polars as pl

from pipeline import settings
from pipeline.warehouse.schema import conform, frame
from pipeline.warehouse.sql import read_sql
from pipeline.warehouse.writes import Change

ENTITIES_VERSION = "entities-2"  # 2: ties between names broken by order, not by chance
REPORTS_VERSION = "reports-1"
CHART_VERSION = "chart-1"
UPSTREAM = {  # what each is built from: the steps whose processing log it fingerprints
    "entities": ("nlp", "parse"),
    "daily_casualty_reports": ("casualties",),
    "casualty_chart": ("daily_casualty_reports",),
}


def chart_version(reference_path: str, chart_path: Path) -> str:
    """The chart is drawn again when the daily reports, the reference series or where it goes change."""
    return f"{CHART_VERSION}:{reference_path}:{chart_path}"


def upstream_fingerprint(con: duckdb.DuckDBPyConnection, steps: tuple[str, ...]) -> str:
    """Changes whenever an upstream step writes or removes an item's rows."""
    n, latest = con.execute("select count(*), max(processed_at) from processing_log where step in (select unnest(?))",
                            [list(steps)]).fetchone()
    return f"{n}@{latest}"


def last_build(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    row = con.execute("select version from processing_log where step = ? and item_id = 'all'", [name]).fetchone()
    return row[0] if row else None


def stale_stamp(con: duckdb.DuckDBPyConnection, name: str, version: str, force: bool) -> str | None:
    """The stamp to record for a new build of `name`, or None when nothing upstream changed since the last build
    of this version (and it is not forced)."""
    stamp = f"{version}|{upstream_fingerprint(con, UPSTREAM[name])}"
    return stamp if force or last_build(con, name) != stamp else None


def build_record(name: str, stamp: str, run_id: str | None) -> Change:
    """The change that records a build (in the same transaction as the build itself)."""
    record = frame("processing_log", [{"step": name, "item_id": "all", "ingest_date": settings.today(),
                                       "version": stamp, "run_id": run_id,
                                       "processed_at": settings.utc_now()}])
    return Change("processing_log", record, delete_where="step = ? and item_id = 'all'", params=[name])


def entities_changes(con: duckdb.DuckDBPyConnection,
                     with_coordinates: Callable[[pl.DataFrame], pl.DataFrame]) -> list[Change]:
    table = with_coordinates(con.execute(read_sql("entities.sql")).pl())
    return [Change("entities", conform("entities", table), delete_where="true")]


def reports_changes() -> list[Change]:
    return [Change("daily_casualty_reports", delete_where="true", insert_sql=read_sql("daily_casualty_reports.sql"))]
