"""Shared fixtures: a real Dagster run of the whole pipeline into a warehouse under tmp_path.

The tests never depend on the caller's environment: every PIPELINE_* variable is cleared before the project is
imported, and the partitions start early enough for the past days the tests run.
"""

import datetime as dt
import os
import shutil
import signal
from dataclasses import dataclass
from pathlib import Path

for _name in [n for n in os.environ if n.startswith("PIPELINE_")]:
    del os.environ[_name]
os.environ["PIPELINE_PARTITION_START"] = "2020-01-01"
os.environ["PIPELINE_WORKERS"] = "2"  # the worker pool is exercised whatever machine runs the tests
os.environ["PIPELINE_SIDE_PROCESS_IDLE"] = "0"  # a side process per run: none outlives the test that started it
# A suite started in the background by a shell has SIGINT ignored; Dagster gives SIGTERM SIGINT's handler in every
# in-process run, so the servers the tests start (and stop with SIGTERM) would ignore it too.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

import dagster as dg  # noqa: E402
import duckdb  # noqa: E402
import pytest  # noqa: E402

from pipeline.definitions import build_definitions  # noqa: E402
from pipeline.resources import InboxResource, ReferenceSeriesResource, SpacyResource, WarehouseResource  # noqa: E402
from pipeline.run_tags import tags  # noqa: E402
from pipeline.runner import execute_with_origin  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_TEXT = (SEEDS / "gaza-ceasefire-talks.txt").read_text()
TODAY = dt.datetime.now(dt.UTC).date().isoformat()
# Every table the pipeline writes, with an order that makes snapshots comparable.
TABLE_ORDER = {"ingested_files": "file_hash", "raw_articles": "raw_id", "parsed_articles": "article_id",
               "rejected_articles": "raw_id", "sentences": "article_id, sentence_idx", "mentions": "mention_id",
               "entities": "entity_id", "casualty_figures": "figure_id",
               "daily_casualty_reports": "report_date, location, casualty_type, figure_kind, claimant, victim_group, "
                                         "scope, period_start"}
VOLATILE = {"ingested_files": "ingested_at", "raw_articles": "ingested_at"}  # when, not what


@dataclass
class PipelineHome:
    """A warehouse, an inbox and a Dagster instance of one's own."""

    db: Path
    inbox: Path
    instance: dg.DagsterInstance
    max_record_bytes: int = 5 * 1024 * 1024
    workers: int = 2
    target: str | None = None  # another warehouse than the DuckDB file `db` (a ducklake:… setting)

    @property
    def warehouse(self) -> WarehouseResource:
        return WarehouseResource(target=self.target or str(self.db), lock_timeout_s=60)

    def definitions(self) -> dg.Definitions:
        return build_definitions({
            "warehouse": self.warehouse,
            "inbox": InboxResource(paths=[str(self.inbox)], max_record_bytes=self.max_record_bytes),
            "nlp": SpacyResource(workers=self.workers),
            "reference": ReferenceSeriesResource(),
        })

    def run(self, day: str = TODAY, rebuild: bool = False, job: str = "daily_pipeline"):
        """A run as the command line starts it (incremental unless `rebuild`), recorded with its origin."""
        return execute_with_origin(self.definitions(), job, day, tags("test", rebuild), self.instance)

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.db), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    def snapshot(self, table: str, order_by: str) -> list[tuple]:
        exclude = f" exclude ({VOLATILE[table]})" if table in VOLATILE else ""
        return self.query(f"select *{exclude} from {table} order by {order_by}")

    def tables(self) -> dict[str, list[tuple]]:
        return {table: self.snapshot(table, order) for table, order in TABLE_ORDER.items()}


def make_home(base: Path) -> PipelineHome:
    inbox = base / "inbox"
    inbox.mkdir(parents=True)
    return PipelineHome(db=base / "warehouse.duckdb", inbox=inbox, instance=dg.DagsterInstance.ephemeral())


@pytest.fixture
def home(tmp_path) -> PipelineHome:
    return make_home(tmp_path)


@pytest.fixture(scope="session")
def seed_home(tmp_path_factory) -> PipelineHome:
    """The shipped seeds/ run once through the whole pipeline (shared by read-only tests)."""
    home = make_home(tmp_path_factory.mktemp("seed"))
    for path in SEEDS.iterdir():
        shutil.copy(path, home.inbox / path.name)
    result = home.run()
    assert result.success
    home.result = result
    return home


def check_evaluations(result) -> dict[str, object]:
    return {f"{e.asset_check_evaluation_data.asset_key.to_user_string()}.{e.asset_check_evaluation_data.check_name}":
            e.asset_check_evaluation_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"}


def materialization(result, asset: str) -> dict:
    """The metadata of `asset`'s materialization in a run."""
    (event,) = [e for e in result.get_asset_materialization_events() if e.asset_key.to_user_string() == asset]
    return event.materialization.metadata


def cli_env(base: Path, **extra: str) -> dict[str, str]:
    """The environment of a `python -m pipeline` subprocess working under `base` (its own Dagster home)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")}
    return {**env, "DAGSTER_HOME": str(base / "dagster_home"), "PIPELINE_DATA_DIR": str(base),
            "PIPELINE_PARTITION_START": "2020-01-01", "PIPELINE_SIDE_PROCESS_IDLE": "0", "PYTHONWARNINGS": "ignore",
            **extra}
