"""Is there anything for a run of this day to do? New inbox files, items a step has not processed at its current
version (or whose input changed), rows whose item is gone, or a whole-warehouse table or chart out of date.
The command line asks before it starts a Dagster run (whose start-up alone costs seconds), without importing
Dagster, spaCy or GX; the answer is exactly what the run's steps would find."""

import datetime as dt
from pathlib import Path

import duckdb

from pipeline.ingest.readers import iter_inbox_files
from pipeline.steps.figures import figures_step
from pipeline.steps.parse import PARSE
from pipeline.steps.read import read_step
from pipeline.steps.rebuilds import ENTITIES_VERSION, REPORTS_VERSION, chart_version, stale_stamp
from pipeline.warehouse.processing import Scope, items, orphan_changes, todo


def work_waiting(con: duckdb.DuckDBPyConnection, inbox: list[str], day: dt.date, n_shards: int, model_name: str,
                 reference_path: str, chart_path: Path) -> list[str]:
    """What a run of `day` would do, as short phrases; empty when there is nothing."""
    waiting = []
    hashes = [f.file_hash for f in iter_inbox_files(inbox)]
    known = {r[0] for r in con.execute("select file_hash from ingested_files where file_hash in (select unnest(?))",
                                       [hashes]).fetchall()}
    if new := len(set(hashes) - known):
        waiting.append(f"{new} new files")
    steps = [PARSE, read_step(model_name), figures_step()]
    scopes = [Scope(day, day, k, n_shards) for k in range(n_shards)]
    for step in steps:
        todo = sum(len(items(con, step, scope, rebuild=False)) + len(orphan_changes(con, step, scope))
                   for scope in (scopes if step is not PARSE else [Scope(day, day)]))
        if todo:
            waiting.append(f"{todo} items for {step.name}")
    for name, version in (("entities", ENTITIES_VERSION), ("daily_casualty_reports", REPORTS_VERSION),
                          ("casualty_chart", chart_version(reference_path, chart_path))):
        if stale_stamp(con, name, version, force=name == "casualty_chart" and not chart_path.exists()):
            waiting.append(f"{name} out of date")
    return waiting


def articles_ahead(con: duckdb.DuckDBPyConnection, scope: Scope, rebuild: bool, model_name: str) -> int:
    """About how many articles the run will read: its records waiting to be parsed, or its articles waiting to be
    read if more (known once ingestion is done: what the run warms up for)."""
    return max(len(items(con, PARSE, scope, rebuild)), len(todo(con, read_step(model_name), scope, rebuild)))
