"""Dagster resources: the warehouse, the inbox, spaCy (with its worker processes) and the reference series."""

from contextlib import nullcontext
from pathlib import Path
from typing import Any

import dagster as dg
from pydantic import PrivateAttr

from pipeline import settings
from pipeline.parallel import WorkerPool
from pipeline.warehouse import Warehouse
from pipeline.warehouse.connection import Connection
from pipeline.warehouse.locks import hold_file_lock, lease
from pipeline.warehouse.target import WarehouseTarget


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse holding every table: a DuckDB file, or a DuckLake (SQLite or PostgreSQL catalog).

    On a DuckDB file one process may write, and a run's steps and checks must see each other's writes and no
    one else's: a run holds `<db>.run.lock` from its first step to its end, so runs from the CLI, the UI and the
    daemon take turns (the OS frees the lock if a run is killed). On a lake runs may overlap; stages that must
    not (ingestion) hold a lease in the warehouse instead. Connections wait for a busy file or catalog (up to
    `lock_timeout_s`), bring the schema up to date once per process (sql/migrations/), and are always closed.
    """

    target: str
    lake_data: str = ""
    lock_timeout_s: float = 300.0
    run_lock_timeout_s: float = 6 * 3600.0
    memory_limit: str = "512MB"
    _run_lock: Any = PrivateAttr(default=None)

    @property
    def warehouse(self) -> Warehouse:
        return Warehouse(self.target, self.lake_data, self.memory_limit, self.lock_timeout_s)

    @property
    def spec(self) -> WarehouseTarget:
        return self.warehouse.spec

    @property
    def state_dir(self) -> Path:
        return self.warehouse.state_dir

    @property
    def gx_project(self) -> str:
        return self.warehouse.gx_project

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        spec = self.spec
        self.state_dir.mkdir(parents=True, exist_ok=True)
        from pipeline import side_process

        side_process.start(self.gx_project)  # GX warms up on another core while the run's first steps work
        if spec.single_writer:
            self._run_lock = hold_file_lock(
                f"{spec.location}.run.lock", self.run_lock_timeout_s,
                on_wait=lambda: context.log.info(f"Waiting for another run on {spec.location}"))

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._run_lock is not None:
            self._run_lock.close()  # closing the file releases the lock
            self._run_lock = None

    def connect(self, read_only: bool = False):
        return self.warehouse.connect(read_only)

    def exclusive(self, con: Connection, name: str, log=None):
        """Hold `name` while a stage runs that must not overlap with itself: a lease on a lake; on a DuckDB file
        the run lock already makes runs take turns."""
        if self.spec.single_writer:
            return nullcontext()
        return lease(con, name, on_wait=lambda holder: log and log(f"Waiting for {name} held by {holder}"))


class InboxResource(dg.ConfigurableResource):
    """Where new articles arrive: files or directories (read recursively)."""

    paths: list[str]
    max_record_bytes: int = 5 * 1024 * 1024


class SpacyResource(dg.ConfigurableResource):
    """The English spaCy pipeline and the worker processes that run it. Any installed English pipeline can be
    named; `workers` processes (default: the machine's cores) share a run's NLP and casualty steps."""

    model_name: str = settings.DEFAULT_SPACY_MODEL
    batch_size: int = 32
    workers: int = 1
    _pool: Any = PrivateAttr(default=None)

    @property
    def pool(self) -> WorkerPool:
        if self._pool is None:
            self._pool = WorkerPool(self.workers)
        return self._pool

    def get_ready(self, articles: int) -> None:
        """Load the model now where the run will read `articles` (about): in the workers' fork server for many, in
        the side process for a few (kept there between runs); meanwhile the run validates and parses. A pool of
        one loads it in the run's process when the reading starts."""
        from pipeline.steps.read import IN_WORKERS_FROM

        if self.pool.processes == 1 or not articles:
            return
        if articles >= IN_WORKERS_FROM:
            self.pool.warm()
        else:
            from pipeline import side_process

            side_process.start().warm("pipeline.worker_tasks:warm_up_soon", self.model_name)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None


class ReferenceSeriesResource(dg.ConfigurableResource):
    """Optional reference series to draw against the reported figures: a JSON list of objects (or a CSV)
    with `report_date` and `killed_cum`, e.g. Tech for Palestine's casualties_daily.json. Empty: none."""

    path: str = ""

    def load(self):
        import json

        import polars as pl

        if not self.path:
            return None
        if self.path.endswith(".csv"):
            frame = pl.read_csv(self.path, columns=["report_date", "killed_cum"])
        else:  # records differ in their fields: take the two we draw
            rows = json.loads(Path(self.path).read_text())
            frame = pl.DataFrame([{"report_date": r.get("report_date"), "killed_cum": r.get("killed_cum")}
                                  for r in rows], schema={"report_date": pl.String, "killed_cum": pl.Int64})
        dates = pl.col("report_date").cast(pl.String).str.to_date()
        return frame.select(dates, pl.col("killed_cum")).drop_nulls().sort("report_date")


def default_resources() -> dict:
    return {
        "warehouse": WarehouseResource(target=settings.warehouse_setting(), lake_data=settings.lake_data()),
        "inbox": InboxResource(paths=settings.inbox_paths(), max_record_bytes=settings.max_record_bytes()),
        "nlp": SpacyResource(model_name=settings.spacy_model(), workers=settings.workers()),
        "reference": ReferenceSeriesResource(path=settings.reference_series()),
    }
