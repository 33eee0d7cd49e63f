"""`python -m pipeline run`: the pipeline's runs for one arrival day, executed in this process through Dagster and
recorded in the project's Dagster home (so they show in the UI), then a summary of what they did.

One shard: one run of `daily_pipeline`. Several shards: a run of `ingest`, then one `read_shards` run per shard
(on a lake at the same time, each in its own process; on a DuckDB file one after another), then `report`.
"""

import os
import subprocess
import sys
import threading
import time
import uuid

import dagster as dg

from pipeline import settings
from pipeline.dagster_home import PROCESS_TAG, fail_dead_cli_runs, process_tag
from pipeline.run_summary import CheckTally, print_summary
from pipeline.run_tags import tags

INVOCATION_TAG = "pipeline/invocation"  # shared by the runs one command started (shard runs included)
DEFINITIONS_MODULE, CODE_LOCATION = "pipeline.definitions", "casualty_pipeline"  # as in pyproject [tool.dagster]


def run_pipeline(day: str, rebuild: bool, verbose: bool, stage: str = "all", shard: int | None = None) -> int:
    from pipeline.definitions import defs
    from pipeline.partitions import N_SHARDS
    from pipeline.warehouse import Warehouse

    warehouse = Warehouse.from_settings()
    invocation = os.environ.get("PIPELINE_INVOCATION") or uuid.uuid4().hex[:12]
    run_tags = {**tags("cli", rebuild), INVOCATION_TAG: invocation, PROCESS_TAG: process_tag(),
                "pipeline/inbox": os.pathsep.join(settings.inbox_paths())[:200]}
    started = time.monotonic()
    if stage == "all":
        print(f"{'Rebuilding' if rebuild else 'Running'} arrival day {day}: {', '.join(settings.inbox_paths())} -> "
              f"{warehouse.spec.describe()}", file=sys.stderr)
    with dg.DagsterInstance.get() as instance:
        for run_id in fail_dead_cli_runs(instance):
            print(f"Marked run {run_id} as failed: the process that ran it is gone.", file=sys.stderr)
        results = []
        if N_SHARDS == 1:
            results.append(_execute(defs, "daily_pipeline", day, run_tags, instance, verbose))
        else:
            if stage in ("all", "ingest"):
                results.append(_execute(defs, "ingest", day, run_tags, instance, verbose))
            if stage == "read":  # the command line checked the shard
                results.append(_execute(defs, "read_shards", dg.MultiPartitionKey({"day": day, "shard": str(shard)}),
                                        run_tags, instance, verbose))
            if stage == "all" and all(r.success for r in results):
                failed = _read_shards(defs, day, run_tags, instance, verbose, warehouse.spec.single_writer, rebuild,
                                      invocation)
                if failed:
                    print(f"Shards {failed} failed; the report stage did not run.", file=sys.stderr)
                    return 1
            if stage in ("all", "report") and all(r.success for r in results):
                results.append(_execute(defs, "report", None, run_tags, instance, verbose))
        if stage not in ("all",):
            return 0 if all(r.success for r in results) else 1
        run_ids = [r.run_id for r in instance.get_runs(filters=dg.RunsFilter(tags={INVOCATION_TAG: invocation}))]
        tally = _check_tally(instance, run_ids)  # every run of this command: shard runs in other processes too
    _summarize(warehouse, day, run_ids, results, tally, time.monotonic() - started)
    failures = [(r.run_id, e.step_key) for r in results for e in r.all_events if e.event_type_value == "STEP_FAILURE"]
    if failures or not all(r.success for r in results):
        print(f"The run did not succeed; failed steps: {[step for _, step in failures]}", file=sys.stderr)
        return 1
    return 0


def _execute(defs: dg.Definitions, job_name: str, partition_key, run_tags: dict, instance, verbose: bool):
    """One run of `job_name` in this process; quiet (each step's own messages only) unless `verbose`."""
    return execute_with_origin(defs, job_name, partition_key, run_tags, instance,
                               {} if verbose else {"loggers": {"quiet_cli": {}}})


def code_location_origin(job_name: str):
    """The origin the UI gives this project's jobs: `dagster dev` started in the project root reads
    [tool.dagster] in pyproject.toml (module pipeline.definitions, code location casualty_pipeline). A run
    recorded with it shows where UI runs show (the Overview timeline, the job's runs) and can be re-executed
    from the UI; a plain execute_in_process run has no origin and is left out there."""
    from dagster._core.definitions.repository_definition import SINGLETON_REPOSITORY_NAME
    from dagster._core.remote_origin import RemoteJobOrigin, RemoteRepositoryOrigin
    from dagster._core.workspace.load_target import ModuleTarget

    target = ModuleTarget(module_name=DEFINITIONS_MODULE, attribute=None,
                          working_directory=str(settings.PROJECT_ROOT), location_name=CODE_LOCATION)
    location = target.create_origins()[0]
    return RemoteJobOrigin(RemoteRepositoryOrigin(location, SINGLETON_REPOSITORY_NAME), job_name)


def execute_with_origin(defs: dg.Definitions, job_name: str, partition_key, run_tags: dict, instance,
                        run_config: dict | None = None):
    """Like JobDefinition.execute_in_process (synchronous, in this process, the job's in-process executor), but
    the run is recorded with the code location's origin (Dagster has no public API for that, hence internals)."""
    from dagster._core.definitions.job_base import InMemoryJob
    from dagster._core.execution.api import execute_run
    from dagster._core.execution.execute_in_process import merge_run_tags

    job = defs.resolve_job_def(job_name)
    config = dict(run_config or {})
    if partition_key is not None and job.partitioned_config:
        config.update(job.partitioned_config.get_run_config_for_partition_key(partition_key))
    tags = merge_run_tags(job_def=job, partition_key=partition_key, tags=run_tags, asset_selection=None,
                          instance=instance, run_config=config)
    run = instance.create_run_for_job(job_def=job, run_config=config, tags=tags,
                                      remote_job_origin=code_location_origin(job_name))
    return execute_run(InMemoryJob(job), run, instance, raise_on_error=False)


def _read_shards(defs, day: str, run_tags: dict, instance, verbose: bool, single_writer: bool, rebuild: bool,
                 invocation: str) -> list[int]:
    """Every shard of the day: one after another in this process on a DuckDB file (one writer), or at the same
    time, one process each, on a lake. Returns the shards that failed."""
    shards = range(settings.shards())
    if single_writer:
        return [k for k in shards if not _execute(defs, "read_shards", dg.MultiPartitionKey(
            {"day": day, "shard": str(k)}), run_tags, instance, verbose).success]
    env = {**os.environ, "PIPELINE_INVOCATION": invocation,
           "PIPELINE_WORKERS": str(max(1, settings.workers() // settings.shards()))}
    procs = {k: subprocess.Popen([sys.executable, "-m", "pipeline", "run", "--stage", "read", "--shard", str(k),
                                  "--day", day, *(["--rebuild"] if rebuild else []), *(["-v"] if verbose else [])],
                                 env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for k in shards}
    pumps = [threading.Thread(target=_prefix, args=(p.stdout, f"[shard {k}]"), daemon=True) for k, p in procs.items()]
    for pump in pumps:
        pump.start()
    codes = {k: p.wait() for k, p in procs.items()}
    for pump in pumps:
        pump.join()
    return [k for k, code in codes.items() if code != 0]


def _prefix(stream, label: str) -> None:
    for line in stream:
        print(f"{label} {line}", end="", file=sys.stderr, flush=True)


def _check_tally(instance, run_ids: list[str]) -> CheckTally:
    from dagster._core.events import DagsterEventType

    tally = CheckTally()
    for run_id in run_ids:
        for record in instance.get_records_for_run(run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION).records:
            check = record.event_log_entry.dagster_event.asset_check_evaluation_data
            line = f"{check.asset_key.to_user_string()}.{check.check_name}: {check.description}"
            if check.passed:
                tally.passed += 1
            elif check.severity == dg.AssetCheckSeverity.WARN:
                tally.warnings.append(line)
            else:
                tally.failed.append(line)
    return tally


def _summarize(warehouse, day: str, run_ids: list[str], results: list, tally: CheckTally, elapsed: float) -> None:
    raw = [m.materialization.metadata for r in results for m in r.get_asset_materialization_events()
           if m.asset_key.to_user_string() == "raw_articles"]
    new_files = sum(m["new_files"].value for m in raw)
    known = sum(m["files_already_ingested"].value for m in raw)
    headline = f"{new_files} new file{'s' * (new_files != 1)} ({known} already ingested)"
    print_summary(warehouse, day, run_ids, elapsed, headline, tally)
