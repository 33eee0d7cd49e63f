"""Where the warehouse lives: one setting, three backends, the same tables and SQL.

- a path: one DuckDB file (the default; one writing process at a time);
- `ducklake:sqlite:PATH`: a DuckLake whose catalog is a SQLite file (no server), data in Parquet files: readers
  query while runs write;
- `ducklake:postgres:dbname=… host=… user=… password=…`: a DuckLake with a PostgreSQL catalog, for many processes
  and machines.

The DuckLake forms are exactly what DuckDB's ATTACH takes, so users can open the same warehouse in the DuckDB shell.
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path

DUCKDB_MAGIC = b"DUCK"  # bytes 8..12 of every DuckDB database file
_PASSWORD = re.compile(r"(password\s*=\s*)(\S+)", re.IGNORECASE)


class WarehouseSettingError(ValueError):
    """The warehouse setting names something that cannot be a warehouse (one line, for the user)."""


@dataclass(frozen=True)
class WarehouseTarget:
    kind: str  # "duckdb" | "ducklake"
    location: str  # the DuckDB file path, or the full ducklake:… ATTACH string
    catalog: str | None = None  # "sqlite" | "postgres" for a lake
    data_path: str | None = None  # Parquet files of a lake

    @property
    def is_lake(self) -> bool:
        return self.kind == "ducklake"

    @property
    def single_writer(self) -> bool:
        """A DuckDB file admits one writing process; a lake with a SQLite/PostgreSQL catalog admits many."""
        return not self.is_lake

    def describe(self) -> str:
        """The setting as a user would write it, without a password."""
        return _PASSWORD.sub(r"\1***", self.location)

    @property
    def state_dir(self) -> Path:
        """A local folder beside the warehouse for what belongs with it (run lock, GX Data Docs, charts)."""
        if self.kind == "duckdb":
            return Path(self.location).parent
        if self.catalog == "sqlite":
            return Path(self.location.split(":", 2)[2]).parent
        return Path(self.data_path or ".").parent


def parse_target(setting: str, lake_data: str | None = None, data_dir: str | Path = "data") -> WarehouseTarget:
    """Read the warehouse setting; relative paths become absolute (runs may start elsewhere)."""
    setting = setting.strip()
    if not setting:
        raise WarehouseSettingError("the warehouse setting is empty")
    if not setting.lower().startswith("ducklake:"):
        if setting.endswith(("/", os.sep)) or os.path.isdir(setting):
            raise WarehouseSettingError(f"{setting} is a directory; expected a DuckDB file such as "
                                        f"{os.path.join(setting, 'warehouse.duckdb')}")
        return WarehouseTarget("duckdb", os.path.abspath(setting))
    rest = setting[len("ducklake:"):]
    catalog, _, spec = rest.partition(":")
    catalog = catalog.lower()
    if catalog == "sqlite":
        if not spec:
            raise WarehouseSettingError("ducklake:sqlite: needs the catalog file's path, "
                                        "e.g. ducklake:sqlite:data/lake.sqlite")
        path = os.path.abspath(spec)
        data = lake_data or f"{os.path.splitext(path)[0]}_files"
        return WarehouseTarget("ducklake", f"ducklake:sqlite:{path}", "sqlite", _dir(data))
    if catalog in ("postgres", "postgresql"):
        if "dbname" not in spec:
            raise WarehouseSettingError("ducklake:postgres: needs a connection string, e.g. "
                                        "ducklake:postgres:dbname=lake host=127.0.0.1 user=me password=…")
        data = lake_data or str(Path(data_dir) / "lake_files")
        return WarehouseTarget("ducklake", f"ducklake:postgres:{spec}", "postgres", _dir(data))
    raise WarehouseSettingError(f"unknown DuckLake catalog '{catalog}' in {setting!r}: use ducklake:sqlite:PATH or "
                                "ducklake:postgres:dbname=… host=…")


def _dir(path: str) -> str:
    # DuckLake joins file names onto DATA_PATH: it must end with a separator. Object storage URLs stay as given.
    if "://" in path:
        return path if path.endswith("/") else path + "/"
    return os.path.join(os.path.abspath(path), "")


def check_writable(target: WarehouseTarget) -> None:
    """Fail early, in one line, when the warehouse cannot be created or is not a warehouse; never touch the file."""
    if target.kind == "duckdb":
        path = Path(target.location)
        if path.exists():
            _check_duckdb_file(path)
        _check_dir_creatable(path.parent)
    elif target.catalog == "sqlite":
        catalog = Path(target.location.split(":", 2)[2])
        if catalog.is_dir():
            raise WarehouseSettingError(f"{catalog} is a directory; expected a SQLite catalog file")
        if catalog.exists() and catalog.stat().st_size and _head(catalog) != b"SQLite format 3\x00":
            raise WarehouseSettingError(f"{catalog} is not a SQLite database (a DuckLake catalog was expected)")
        _check_dir_creatable(catalog.parent)
    if target.is_lake and "://" not in (target.data_path or ""):
        _check_dir_creatable(Path(target.data_path))


def _check_duckdb_file(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise WarehouseSettingError(f"{path} cannot be read: {exc.strerror or exc}") from None
    if not head:
        raise WarehouseSettingError(f"{path} is an empty file, not a DuckDB database; remove it or choose another path")
    if head[8:12] != DUCKDB_MAGIC:
        sample = head[:12].decode("utf-8", "replace").strip() or head[:12].hex()
        raise WarehouseSettingError(f"{path} is not a DuckDB database (it starts with {sample!r}); expected a DuckDB "
                                    "file or a path where one can be created")


def _check_dir_creatable(directory: Path) -> None:
    existing = directory
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise WarehouseSettingError(f"cannot create directory {directory}: {existing} is a file")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise WarehouseSettingError(f"cannot create directory {directory}: {existing} is not writable")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WarehouseSettingError(f"cannot create directory {directory}: {exc.strerror or exc}") from None


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(16)
