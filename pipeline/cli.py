"""`python -m pipeline run | sql | docs | ui`: the command line around the Dagster definitions.

  run    ingest the inbox and materialize every asset through Dagster, in this process, for an arrival day
         (today by default): incremental unless --rebuild; prints progress and a summary (--verbose: every
         Dagster event). The run is recorded in the project's Dagster home, so it shows in the UI.
  sql    run one SQL query read-only against the configured warehouse and print the result.
  docs   serve the Great Expectations Data Docs on 127.0.0.1 (the checks' metadata links there).
  ui     start the Dagster UI and daemon (`dagster dev`) on this project.

Exit status: 0 success, 1 the run failed (a step or a blocking check), 2 bad usage (one line says why).
"""

import argparse
import datetime as dt
import os
import subprocess
import sys
import time

from pipeline import settings
from pipeline.warehouse.target import WarehouseSettingError, check_writable, parse_target


class UsageError(Exception):
    """A mistake in what the user asked for: one line, exit status 2."""


def _apply_settings(args: argparse.Namespace, writable: bool) -> None:
    """Check the options and pass them to the definitions (loaded later, by this process or the UI) through
    the environment, the way every setting travels."""
    for path in getattr(args, "inbox", None) or []:
        if not os.path.lexists(path):
            raise UsageError(f"inbox path does not exist: {path}")
    if getattr(args, "inbox", None):
        os.environ["PIPELINE_INBOX"] = os.pathsep.join(os.path.abspath(p) for p in args.inbox)
    if args.db and args.warehouse:
        raise UsageError("give --warehouse or --db, not both")
    if args.warehouse or args.db:
        os.environ["PIPELINE_WAREHOUSE"] = args.warehouse or args.db
        os.environ.pop("PIPELINE_DB", None)
    if args.lake_data:
        os.environ["PIPELINE_LAKE_DATA"] = args.lake_data
    for option, variable in (("workers", "PIPELINE_WORKERS"), ("shards", "PIPELINE_SHARDS")):
        value = getattr(args, option, None)
        if value is not None:
            if value < 1:
                raise UsageError(f"--{option} must be at least 1")
            os.environ[variable] = str(value)
    try:
        target = parse_target(settings.warehouse_setting(), settings.lake_data() or None, settings.DATA_DIR)
        if writable:
            check_writable(target)
    except WarehouseSettingError as exc:
        raise UsageError(str(exc)) from None
    os.environ["PIPELINE_WAREHOUSE"] = target.location if not target.is_lake else settings.warehouse_setting()


def _day(value: str | None) -> str:
    if value is None:
        return settings.today().isoformat()
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--day must be a date like 2026-01-31, not {value!r}") from None
    if day > settings.today():
        raise UsageError(f"--day {day} is in the future: arrival days run up to today ({settings.today()})")
    return day.isoformat()


def run(args: argparse.Namespace) -> int:
    _apply_settings(args, writable=True)
    day = _day(args.day)
    if args.stage != "all" and settings.shards() == 1:
        raise UsageError("--stage needs several shards (--shards or PIPELINE_SHARDS): one shard runs every stage "
                         "in one run")
    if (args.stage == "read") != (args.shard is not None) or not 0 <= (args.shard or 0) < settings.shards():
        raise UsageError(f"--stage read takes --shard 0..{settings.shards() - 1} (and --shard only goes with it)")
    from pipeline.dagster_home import ensure_dagster_home

    ensure_dagster_home()
    if settings.record_partition_start(day) and args.day:
        print(f"Arrival-day partitions now start at {day}.")
    if args.stage == "all" and not args.rebuild and _nothing_to_do(day):
        return 0
    if args.stage == "all":
        from pipeline import standby

        code = standby.hand_over(day, args.rebuild, args.verbose)  # a process with Dagster imported already
        if code is not None:
            return code
    return run_here(day, args.rebuild, args.verbose, args.stage, args.shard)


def run_here(day: str, rebuild: bool, verbose: bool, stage: str = "all", shard: int | None = None) -> int:
    """The run, in this process: the command's own, or the standby's it was handed to (pipeline/standby.py)."""
    from pipeline import side_process
    from pipeline.warehouse import Warehouse

    side_process.start(Warehouse.from_settings().gx_project)  # there is work: GX warms up meanwhile
    from pipeline.runner import run_pipeline

    command_env = dict(os.environ)
    code = run_pipeline(day, rebuild=rebuild, verbose=verbose, stage=stage, shard=shard)
    if stage == "all":
        from pipeline import standby

        standby.prepare_next(command_env)
    return code


def _nothing_to_do(day: str) -> bool:
    """When the day has nothing new, say so (with the summary) without starting a Dagster run at all."""
    started = time.monotonic()
    from pipeline.warehouse import Warehouse

    warehouse = Warehouse.from_settings()
    if not warehouse.exists():
        return False
    from pipeline.run_summary import print_summary
    from pipeline.steps.pending import work_waiting

    try:
        with warehouse.connect(read_only=True) as con:
            waiting = work_waiting(con, settings.inbox_paths(), dt.date.fromisoformat(day), settings.shards(),
                                   settings.spacy_model(), settings.reference_series(),
                                   warehouse.state_dir / "charts" / "daily_casualties.png")
    except Exception:  # an older or half-made warehouse: let the run bring it up to date
        return False
    if waiting:
        return False
    print_summary(warehouse, day, [], time.monotonic() - started,
                  "nothing new (every inbox file ingested, every article processed at the current versions); "
                  "no run started")
    return True


def sql(args: argparse.Namespace) -> int:
    _apply_settings(args, writable=False)
    from pipeline.warehouse import Warehouse

    warehouse = Warehouse.from_settings()
    if args.attach:
        from pipeline.warehouse.connection import attach_statements

        print("\n".join(attach_statements(warehouse.spec)))
        return 0
    if not args.query:
        raise UsageError("give a query (or - to read it from standard input), or --attach")
    if not warehouse.exists():
        raise UsageError(f"no warehouse at {warehouse.spec.location}: run `python -m pipeline run` first")
    import duckdb

    query = args.query if args.query != "-" else sys.stdin.read()
    try:
        with warehouse.connect(read_only=True) as con:
            relation = con.sql(query)
            if relation is None:
                return 0
            if args.format == "csv":
                relation.pl().write_csv(sys.stdout)
            elif args.format == "json":
                print(relation.pl().write_json())
            else:
                relation.show(max_rows=args.max_rows, max_width=10_000)
    except duckdb.Error as exc:
        print(f"error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    return 0


def docs(args: argparse.Namespace) -> int:
    _apply_settings(args, writable=False)
    from pipeline.quality.docs_server import serve

    return serve(args.host, args.port)


def ui(args: argparse.Namespace) -> int:
    _apply_settings(args, writable=True)
    from pipeline.dagster_home import ensure_dagster_home

    ensure_dagster_home()
    settings.record_partition_start(settings.today().isoformat())
    # No -m: in the project root, dagster dev reads [tool.dagster] (module and code location name) from
    # pyproject.toml, the location command-line runs are recorded under (runner.code_location_origin).
    command = ["dagster", "dev", "-h", args.host, "-p", str(args.port)]
    bin_dir = os.path.dirname(sys.executable)
    return subprocess.call(command, cwd=settings.PROJECT_ROOT,
                           env={**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")})


def _warehouse_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", help="a DuckDB file, or ducklake:sqlite:PATH, or ducklake:postgres:dbname=… "
                        "host=… (default: PIPELINE_WAREHOUSE, else data/warehouse.duckdb)")
    parser.add_argument("--db", help="a DuckDB file (same as --warehouse PATH)")
    parser.add_argument("--lake-data", help="where a lake's Parquet files go (default: PIPELINE_LAKE_DATA, else "
                        "beside the catalog)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="ingest the inbox and materialize every asset (through Dagster)")
    p_run.add_argument("--inbox", action="append", help="file or directory of articles (repeatable; "
                       "default: PIPELINE_INBOX or seeds/)")
    _warehouse_options(p_run)
    p_run.add_argument("--day", help="arrival day to process (default: today, UTC)")
    p_run.add_argument("--rebuild", action="store_true", help="replace every row of the day instead of processing "
                       "only what is new")
    p_run.add_argument("--workers", type=int, help="spaCy worker processes (default: PIPELINE_WORKERS, else cores)")
    p_run.add_argument("--shards", type=int, help="shards per day (default: PIPELINE_SHARDS, else 1)")
    p_run.add_argument("--stage", choices=["all", "ingest", "read", "report"], default="all",
                       help="with shards: run one stage only (read: one shard, see --shard)")
    p_run.add_argument("--shard", type=int, help="with --stage read: the shard to read")
    p_run.add_argument("--verbose", "-v", action="store_true", help="print every Dagster event")
    p_run.set_defaults(func=run)
    p_sql = sub.add_parser("sql", help="run a read-only SQL query against the warehouse")
    p_sql.add_argument("query", nargs="?", help="the query ('-': read it from standard input)")
    p_sql.add_argument("--attach", action="store_true", help="print the SQL that opens this warehouse in the DuckDB "
                       "shell or any DuckDB 1.5.5 client, and exit")
    _warehouse_options(p_sql)
    p_sql.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p_sql.add_argument("--max-rows", type=int, default=40, help="rows shown by the table format")
    p_sql.set_defaults(func=sql)
    p_docs = sub.add_parser("docs", help="serve the Great Expectations Data Docs on 127.0.0.1")
    _warehouse_options(p_docs)
    p_docs.add_argument("--host", default="127.0.0.1")
    p_docs.add_argument("--port", type=int, default=8090)
    p_docs.set_defaults(func=docs)
    p_ui = sub.add_parser("ui", help="start the Dagster UI and daemon (dagster dev) on this project")
    p_ui.add_argument("--inbox", action="append")
    _warehouse_options(p_ui)
    p_ui.add_argument("--host", default="127.0.0.1")
    p_ui.add_argument("--port", type=int, default=3000)
    p_ui.set_defaults(func=ui)
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\nInterrupted after {time.monotonic() - started:.0f} s.", file=sys.stderr)
        return 130
