"""Each table's GX suite (expectations/<table>.json) as Dagster asset checks that say what they guard.

A suite's error-level ("critical") expectations make one blocking check (a failure stops what is downstream); its
warning-level ones make a second, non-blocking check (a failure is shown as a warning and blocks nothing). Both
come from one validation of the rows `sql/checks/<table>.sql` selects: the rows this run wrote, plus the rows of
cross-table rules that must hold for the whole day. Names and descriptions are data, in the suite's
`meta.checks`. A check with nothing to validate passes without importing GX (it costs seconds).
"""

import functools
import itertools
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from pipeline.metadata import markdown_table
from pipeline.quality.gx_suites import id_column, load_suite
from pipeline.warehouse.sql import read_sql

DOCS_PORT = 8090  # `python -m pipeline docs` serves the Data Docs here


def _levels(table: str) -> dict[str, dict]:
    """severity ('critical' | 'warning') -> {name, description} of the check that carries it."""
    meta = load_suite(table)["meta"]["checks"]
    present = {e.get("severity", "critical") for e in load_suite(table)["expectations"]}
    return {level: meta[level] for level in ("critical", "warning") if level in present}


def check_specs(table: str, asset: str | None = None) -> list[dg.AssetCheckSpec]:
    """The checks of `table`'s suite, declared on the asset that writes it."""
    return [dg.AssetCheckSpec(spec["name"], asset=asset or table, blocking=level == "critical",
                              description=spec["description"] + ("" if level == "critical" else
                                                                 " A failure is a warning: it blocks nothing."))
            for level, spec in _levels(table).items()]


def last_verdicts(context, table: str, asset: str | None = None) -> dict[str, tuple[bool, str, dict]]:
    """check name -> (passed, description, metadata) of each check's last completed evaluation for this
    partition, where that was a failure: what still holds when a run finds nothing new (a failure stays, with
    what it found, until the rows change)."""
    partition = context.partition_key if context.has_partition_key else None
    partitions: dict[str, str | None] = {}  # run id -> its partition, looked up once per run

    def partition_of(run_id: str) -> str | None:
        if run_id not in partitions:
            run = context.instance.get_run_by_id(run_id)
            partitions[run_id] = run.tags.get("dagster/partition") if run else None
        return partitions[run_id]

    verdicts = {}
    for spec in _levels(table).values():
        key = dg.AssetCheckKey(dg.AssetKey(asset or table), spec["name"])
        record = latest_evaluation(context.instance, key,
                                   lambda r: r.event is not None and partition_of(r.run_id) == partition)
        if record is None:
            continue
        evaluation = record.event.dagster_event.event_specific_data
        if not evaluation.passed:
            carried = evaluation.description.startswith("unchanged since run")  # name the run that found it
            description = evaluation.description if carried else \
                f"unchanged since run {record.run_id[:8]}, which found: {evaluation.description}"
            verdicts[spec["name"]] = (False, description, dict(evaluation.metadata))
    return verdicts


def latest_evaluation(instance, key: dg.AssetCheckKey, wanted, page: int = 50):
    """The newest completed evaluation of the check that `wanted` accepts, however far back: completed
    evaluations do not carry the partition (their run's tags do), so other partitions' are paged past."""
    from dagster._core.storage.asset_check_execution_record import COMPLETED_ASSET_CHECK_EXECUTION_RECORD_STATUSES

    cursor = None
    while True:
        records = instance.event_log_storage.get_asset_check_execution_history(
            key, limit=page, cursor=cursor, status=COMPLETED_ASSET_CHECK_EXECUTION_RECORD_STATUSES)
        for record in records:
            if wanted(record):
                return record
        if len(records) < page:
            return None
        cursor = records[-1].id


def step_checks(context, con: duckdb.DuckDBPyConnection, docs_dir: str, params: list, wrote: bool,
                *tables: str | tuple[str, str]) -> Iterator[dg.AssetCheckResult]:
    """The checks of the tables a step writes (each a table, or (table, asset) where another asset carries its
    checks), their rows validated in the side process while the step goes on: iterating waits for the results.
    `wrote` False (the step wrote nothing): no query, no GX; each check repeats its last verdict where that was a
    failure (last_verdicts), else passes with nothing new to validate."""
    pairs = [(table, table) if isinstance(table, str) else table for table in tables]
    unchanged = None if wrote else {name: verdict for table, asset in pairs
                                    for name, verdict in last_verdicts(context, table, asset).items()}
    return itertools.chain.from_iterable([table_checks(con, table, params, docs_dir, asset, unchanged)
                                          for table, asset in pairs])


def table_checks(con: duckdb.DuckDBPyConnection, table: str, params: list, docs_dir: str, asset: str | None = None,
                 unchanged: dict[str, tuple[bool, str, dict]] | None = None) -> Iterable[dg.AssetCheckResult]:
    """Validate the rows sql/checks/<table>.sql selects (with `params`): the query runs now, the validation in
    the background (the side process, in order); one result per check when iterated. `unchanged`: see
    step_checks."""
    df = pl.DataFrame() if unchanged is not None else con.execute(read_sql(f"checks/{table}.sql"), params).pl()
    if df.is_empty():
        return _results(table, asset, df, None, unchanged)
    validation = _validations().submit(_validate_in_side_process, table, df, docs_dir)
    return _Pending(lambda: _results(table, asset, df, validation.result(), unchanged))


class _Pending:
    """Results made when first iterated (the step yields its materializations before its checks)."""

    def __init__(self, make: Callable[[], list[dg.AssetCheckResult]]):
        self._make = make

    def __iter__(self) -> Iterator[dg.AssetCheckResult]:
        return iter(self._make())


@functools.cache
def _validations() -> ThreadPoolExecutor:
    """One thread: a step's validations wait in the side process's queue anyway, and come back in order."""
    return ThreadPoolExecutor(1, thread_name_prefix="validation")


def _results(table: str, asset: str | None, df: pl.DataFrame, outcome, unchanged) -> list[dg.AssetCheckResult]:
    results = []
    for level, spec in _levels(table).items():
        expectations = [e for e in load_suite(table)["expectations"] if e.get("severity", "critical") == level]
        failed = [f for f in outcome.failed if f.severity == level] if outcome else []
        metadata = {
            "rows_validated": dg.MetadataValue.int(df.height),
            "expectations": dg.MetadataValue.int(len(expectations)),
            "failed_expectations": dg.MetadataValue.int(len(failed)),
        }
        if failed:
            metadata["what_failed"] = dg.MetadataValue.md(_failures_markdown(failed, df, id_column(table)))
        if outcome and outcome.data_docs_path:
            metadata["data_docs"] = dg.MetadataValue.md(
                f"[Open in Data Docs](http://127.0.0.1:{DOCS_PORT}/{outcome.data_docs_path}) "
                f"(serve them with `python -m pipeline docs`)")
        description = (f"{len(failed)} of {len(expectations)} expectations failed" if failed
                       else f"all {len(expectations)} expectations met on {df.height} rows" if df.height
                       else "nothing new to validate")
        passed = not failed
        if unchanged and spec["name"] in unchanged:
            passed, description, previous = unchanged[spec["name"]]
            metadata = {**previous, "rows_validated": dg.MetadataValue.int(0)}
        results.append(dg.AssetCheckResult(
            asset_key=asset or table, check_name=spec["name"], passed=passed, metadata=metadata,
            severity=dg.AssetCheckSeverity.ERROR if level == "critical" else dg.AssetCheckSeverity.WARN,
            description=description))
    return results


def _validate_in_side_process(table: str, df: pl.DataFrame, docs_dir: str):
    """The rows go to the run's side process as an Arrow file beside the warehouse (on disk: a day's rows can be
    large), which it reads straight into the pandas frame GX validates."""
    from pipeline import side_process

    folder = Path(docs_dir) / "gx" / "uncommitted" / "handoff"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=f"{table}-", suffix=".arrow") as handoff:
        df.write_ipc(handoff.name)
        return side_process.call("pipeline.quality.gx_suites:validate_file", table, handoff.name, docs_dir)


def _failures_markdown(failed: list, df: pl.DataFrame, id_column: str | None) -> str:
    """The failed expectations with what was observed, then a sample of the bad rows: short enough for the UI."""
    rows = pl.DataFrame({
        "expectation": [f.expectation for f in failed],
        "column": [f.column or "" for f in failed],
        "bad rows": ["" if f.unexpected_count is None else str(f.unexpected_count) for f in failed],
        "observed": [", ".join(map(str, f.sample[:3])) for f in failed],
    }, schema={"expectation": pl.String, "column": pl.String, "bad rows": pl.String, "observed": pl.String})
    text = markdown_table(rows, max_chars=60)
    bad_ids = sorted({i for f in failed for i in f.bad_row_ids if i is not None})[:5]
    if id_column and bad_ids:
        text += "\n\nSample of the bad rows:\n\n" + markdown_table(df.filter(pl.col(id_column).is_in(bad_ids)).head(5),
                                                                   max_chars=40)
    return text
