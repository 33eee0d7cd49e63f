"""DuckDB extensions for DuckLake, loaded from the pinned PyPI wheels' files: never downloaded at run time."""

import importlib.util
from functools import cache
from pathlib import Path

import duckdb

# extension name -> the PyPI package that ships its file (duckdb-extension-<name>, pinned in pyproject.toml)
WHEELS = {"ducklake": "duckdb_extension_ducklake", "sqlite_scanner": "duckdb_extension_sqlite_scanner",
          "postgres_scanner": "duckdb_extension_postgres_scanner"}
FOR_CATALOG = {"sqlite": ("sqlite_scanner", "ducklake"), "postgres": ("postgres_scanner", "ducklake")}


@cache
def extension_file(name: str) -> str:
    """Path of `<name>.duckdb_extension` for this duckdb version inside its wheel."""
    spec = importlib.util.find_spec(WHEELS[name])
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {name} extension is not installed: pip install duckdb-extension-"
                           f"{name.replace('_', '-')}=={duckdb.__version__}")
    folder = Path(next(iter(spec.submodule_search_locations))) / "extensions" / f"v{duckdb.__version__}"
    path = folder / f"{name}.duckdb_extension"
    if not path.is_file():
        raise RuntimeError(f"{path} is missing: the {WHEELS[name]} wheel does not match duckdb {duckdb.__version__}")
    return str(path)


def load_for_catalog(con: duckdb.DuckDBPyConnection, catalog: str) -> None:
    """Load what ATTACH 'ducklake:<catalog>:…' needs; autoloading is off so nothing is fetched from the network."""
    con.execute("set autoinstall_known_extensions = false; set autoload_known_extensions = false")
    for name in FOR_CATALOG[catalog]:
        con.execute(f"load '{extension_file(name)}'")
