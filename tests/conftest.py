"""Shared fixtures: a real Dagster run of the whole pipeline into a DuckDB file under tmp_path."""

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipeline.cli import run_day
from pipeline.definitions import build_definitions
from pipeline.resources import InboxResource, ReferenceSeriesResource, SpacyResource, WarehouseResource

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_TEXT = (SEEDS / "gaza-ceasefire-talks.txt").read_text()
TODAY = dt.datetime.now(dt.UTC).date().isoformat()
# Every table the pipeline writes, with an order that makes snapshots comparable.
TABLE_ORDER = {"raw_articles": "raw_id", "parsed_articles": "article_id", "rejected_articles": "raw_id",
               "sentences": "article_id, sentence_idx", "mentions": "mention_id", "entities": "entity_id",
               "casualty_figures": "figure_id",
               "daily_casualty_reports": "report_date, location, casualty_type, figure_kind, claimant"}


@dataclass
class PipelineHome:
    """A warehouse, an inbox and a Dagster instance of one's own."""

    db: Path
    inbox: Path
    instance: dg.DagsterInstance
    max_record_bytes: int = 5 * 1024 * 1024

    def definitions(self) -> dg.Definitions:
        return build_definitions({
            "warehouse": WarehouseResource(path=str(self.db), lock_timeout_s=30),
            "inbox": InboxResource(paths=[str(self.inbox)], max_record_bytes=self.max_record_bytes),
            "nlp": SpacyResource(),
            "reference": ReferenceSeriesResource(),
        })

    def run(self, day: str = TODAY) -> dg.ExecuteInProcessResult:
        return run_day(self.definitions(), day, self.instance)

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.db), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    def snapshot(self, table: str, order_by: str) -> list[tuple]:
        return self.query(f"select * exclude (ingested_at) from {table} order by {order_by}"
                          if table == "raw_articles" else f"select * from {table} order by {order_by}")


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


def check_evaluations(result: dg.ExecuteInProcessResult) -> dict[str, object]:
    return {f"{e.asset_check_evaluation_data.asset_key.to_user_string()}.{e.asset_check_evaluation_data.check_name}":
            e.asset_check_evaluation_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"}
