"""One Dagster home (run history, schedules, sensors) shared by the UI, the daemon and CLI runs."""

import os
from pathlib import Path

from pipeline import settings

# Runs that write DuckDB must not overlap: one queued run at a time, and one step at a time in the
# "duckdb" pool even if someone raises the run limit. Telemetry off: this machine has no network.
DAGSTER_YAML = """\
telemetry:
  enabled: false
concurrency:
  runs:
    max_concurrent_runs: 1
  pools:
    default_limit: 1
"""


def ensure_dagster_home() -> Path:
    """Create the Dagster home (with its dagster.yaml if missing) and point DAGSTER_HOME at it."""
    home = settings.dagster_home().resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML)
    os.environ["DAGSTER_HOME"] = str(home)
    return home
