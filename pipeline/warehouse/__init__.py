"""The warehouse layer: where the tables live (a DuckDB file or a DuckLake), their one definition (migrations),
and the one way rows are written (atomic replace + insert, retried on lake commit conflicts)."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipeline import settings
from pipeline.warehouse.connection import Connection, open_connection
from pipeline.warehouse.migrations import migrate
from pipeline.warehouse.target import WarehouseTarget, parse_target

_MIGRATED: set[str] = set()  # warehouses this process has brought to the current schema


@dataclass(frozen=True)
class Warehouse:
    """A warehouse setting (a DuckDB file or a ducklake:… catalog) and how to open it."""

    target: str
    lake_data: str = ""
    memory_limit: str = "512MB"
    lock_timeout_s: float = 300.0

    @classmethod
    def from_settings(cls) -> "Warehouse":
        return cls(settings.warehouse_setting(), settings.lake_data())

    @property
    def spec(self) -> WarehouseTarget:
        return parse_target(self.target, self.lake_data or None, settings.DATA_DIR)

    @property
    def state_dir(self) -> Path:
        """Local folder for what belongs beside the warehouse: run lock, GX Data Docs, charts."""
        return self.spec.state_dir

    @property
    def gx_project(self) -> str:
        """The Great Expectations project (its gx/ folder: suites, results, Data Docs) beside the warehouse."""
        return str(self.state_dir)

    def exists(self) -> bool:
        spec = self.spec
        return spec.kind != "duckdb" or Path(spec.location).exists()

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[Connection]:
        """A connection (always closed); one that writes first brings the schema up to date (once per process).
        Waits while another process holds a DuckDB file or a SQLite catalog is busy."""
        spec = self.spec
        con = open_connection(spec, read_only=read_only, memory_limit=self.memory_limit, wait_s=self.lock_timeout_s,
                              explicit_data_path=bool(self.lake_data))
        try:
            if not read_only and spec.location not in _MIGRATED:
                migrate(con, lake=spec.is_lake)
                _MIGRATED.add(spec.location)
            yield con
        finally:
            con.close()
