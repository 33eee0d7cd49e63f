"""One Dagster home (run history, schedules, sensors) shared by the UI, the daemon and CLI runs."""

import os
import socket
from pathlib import Path

from pipeline import settings

# Runs launched by the daemon or the UI (schedule, sensor, backfills) are queued one at a time, so they
# never compete for the DuckDB file. Command-line runs and anything else wait for the file's lock instead
# (WarehouseResource). No op-concurrency pools on purpose: a run killed with SIGKILL never gives its pool
# slot back, and every later run would wait for it forever. Telemetry off: there is no network here.
DAGSTER_YAML = """\
telemetry:
  enabled: false
concurrency:
  runs:
    max_concurrent_runs: 1
"""


def ensure_dagster_home() -> Path:
    """Create the Dagster home (its dagster.yaml and storage) if missing and point DAGSTER_HOME at it.

    Creation holds a file lock: several processes starting at once on a fresh home would otherwise race
    to create the SQLite schemas of the run and event storage.
    """
    import fcntl

    home = settings.dagster_home().resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(home)
    with (home / ".init.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        config = home / "dagster.yaml"
        if not config.exists():
            config.write_text(DAGSTER_YAML)
        if not (home / ".initialized").exists():
            import dagster as dg

            with dg.DagsterInstance.get() as instance:
                instance.get_runs(limit=1)  # creates the storage schemas
            (home / ".initialized").touch()
    return home


PROCESS_TAG = "pipeline/process"  # "<pid>@<host>" of a command-line run, so a dead one can be recognised


def process_tag() -> str:
    return f"{os.getpid()}@{socket.gethostname()}"


def fail_dead_cli_runs(instance) -> list[str]:
    """Mark runs started from the command line on this host whose process has died (e.g. SIGKILL) as failed.

    Such a run stays 'started' forever otherwise, and the run queue (one run at a time) would wait for it.
    """
    import dagster as dg

    from pipeline.warehouse.locks import process_alive

    stale = instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED,
                                                               dg.DagsterRunStatus.STARTING]))
    reaped = []
    for run in stale:
        pid, _, host = run.tags.get(PROCESS_TAG, "").partition("@")
        if pid.isdigit() and host == socket.gethostname() and int(pid) != os.getpid() and not process_alive(int(pid)):
            instance.report_run_failed(run, message=f"Process {pid} that ran it is gone (killed?).")
            reaped.append(run.run_id)
    return reaped
