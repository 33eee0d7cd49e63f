"""`python -m pipeline run | ui | summary`: the command line around the Dagster definitions.

`run` materializes every asset through Dagster, in this process, for today's arrival day, and records
the run in the shared Dagster home so it shows in the UI's run history.
"""

import argparse
import datetime as dt
import os
import subprocess
import sys
import time

from pipeline import settings


def _set_paths(args: argparse.Namespace) -> None:
    # Environment variables are how the definitions (loaded below, or by the UI) get their config.
    if getattr(args, "inbox", None):
        os.environ["PIPELINE_INBOX"] = os.pathsep.join(os.path.abspath(p) for p in args.inbox)
    if getattr(args, "db", None):
        os.environ["PIPELINE_DB"] = os.path.abspath(args.db)


def run(args: argparse.Namespace) -> int:
    _set_paths(args)
    from pipeline.dagster_home import ensure_dagster_home, fail_dead_cli_runs

    ensure_dagster_home()
    import dagster as dg

    from pipeline.definitions import defs

    day = args.day or dt.datetime.now(dt.UTC).date().isoformat()
    print(f"Running daily_pipeline for arrival day {day}: {settings.inbox_paths()} -> {settings.warehouse_path()}")
    started = time.monotonic()
    with dg.DagsterInstance.get() as instance:
        for run_id in fail_dead_cli_runs(instance):
            print(f"Marked run {run_id} as failed: the process that ran it is gone.")
        result = run_day(defs, day, instance)
    elapsed = time.monotonic() - started
    checks = [e.asset_check_evaluation_data for e in result.all_events
              if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    print_summary(day, elapsed, checks)
    if not result.success:
        failed = [e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
        print(f"Run {result.run_id} did not succeed; failed steps: {failed}", file=sys.stderr)
        return 1
    return 0


def run_day(definitions, day: str, instance):
    """Materialize every asset (and run every check) for one arrival day, in this process."""
    from pipeline.dagster_home import PID_TAG

    return definitions.resolve_job_def("daily_pipeline").execute_in_process(
        instance=instance, partition_key=day, raise_on_error=False, tags={PID_TAG: str(os.getpid())})


def print_summary(day: str, elapsed: float, checks: list) -> None:
    import dagster as dg

    from pipeline.summary import warehouse_summary

    summary = warehouse_summary(settings.warehouse_path(), day)
    passed = sum(1 for c in checks if c.passed)
    warned = sum(1 for c in checks if not c.passed and c.severity == dg.AssetCheckSeverity.WARN)
    print(f"\nDone in {elapsed:.1f} s.")
    for label, value in summary.items():
        print(f"  {label:<28} {value}")
    print(f"  {'quality checks':<28} {passed} passed, {len(checks) - passed - warned} failed, {warned} warnings")
    for check in checks:
        if not check.passed:
            kind = "WARNING" if check.severity == dg.AssetCheckSeverity.WARN else "FAILED"
            print(f"    {kind} {check.asset_key.to_user_string()}.{check.check_name}: {check.description}")
    print(f"  {'database':<28} {settings.warehouse_path()}")


def ui(args: argparse.Namespace) -> int:
    _set_paths(args)
    from pipeline.dagster_home import ensure_dagster_home

    ensure_dagster_home()
    command = ["dagster", "dev", "-m", "pipeline.definitions", "-h", args.host, "-p", str(args.port)]
    bin_dir = os.path.dirname(sys.executable)
    return subprocess.call(command, cwd=settings.PROJECT_ROOT,
                           env={**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="ingest the inbox and materialize every asset (through Dagster)")
    p_run.add_argument("--inbox", action="append", help="file or directory of articles (repeatable; "
                       "default: PIPELINE_INBOX or seeds/)")
    p_run.add_argument("--db", help="DuckDB file (default: PIPELINE_DB or data/warehouse.duckdb)")
    p_run.add_argument("--day", help="arrival day to process (default: today, UTC)")
    p_run.set_defaults(func=run)
    p_ui = sub.add_parser("ui", help="start the Dagster UI and daemon (dagster dev) on this project")
    p_ui.add_argument("--inbox", action="append")
    p_ui.add_argument("--db")
    p_ui.add_argument("--host", default="127.0.0.1")
    p_ui.add_argument("--port", type=int, default=3000)
    p_ui.set_defaults(func=ui)
    args = parser.parse_args(argv)
    return args.func(args)
