"""Open a DuckDB connection on which the warehouse's tables answer to their plain names, whatever the backend."""

import contextlib
import time
from collections.abc import Iterator

import duckdb

from pipeline.warehouse.extensions import load_for_catalog
from pipeline.warehouse.literals import inline, literal
from pipeline.warehouse.target import WarehouseTarget

LAKE_ALIAS = "warehouse"  # the name a lake is attached under (then `use warehouse`)


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text or "database is locked" in text)


class Connection:
    """A DuckDB connection whose `execute` inlines its parameters as SQL literals (see literals.py: binding them
    would import pandas); everything else is the DuckDB connection's own."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self._con = con

    def execute(self, sql: str, params: list | tuple | None = None) -> duckdb.DuckDBPyConnection:
        return self._con.execute(inline(sql, params) if params else sql)

    def __getattr__(self, name: str):
        return getattr(self._con, name)

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc) -> None:
        self._con.close()


def attach_statements(target: WarehouseTarget, read_only: bool = True) -> list[str]:
    """The SQL that opens this warehouse in any DuckDB 1.5.5 client (the DuckDB shell, a notebook), offline."""
    from pipeline.warehouse.extensions import FOR_CATALOG, extension_file

    option = " (READ_ONLY)" if read_only else ""
    if target.kind == "duckdb":
        return [f"attach {literal(target.location)} as {LAKE_ALIAS}{option};", f"use {LAKE_ALIAS};"]
    return [*(f"load {literal(extension_file(name))};" for name in FOR_CATALOG[target.catalog]),
            f"attach {literal(target.location)} as {LAKE_ALIAS}{option};", f"use {LAKE_ALIAS};"]


def open_connection(target: WarehouseTarget, read_only: bool = False, memory_limit: str = "512MB",
                    wait_s: float = 300.0, explicit_data_path: bool = False) -> Connection:
    """A connection to the warehouse, waiting up to `wait_s` while another process holds a DuckDB file's lock
    (one writer, and no reader beside a writer) or a SQLite catalog is busy, instead of failing at once."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            con = _open(target, read_only, explicit_data_path)
            break
        except (duckdb.IOException, duckdb.CatalogException, duckdb.InvalidInputException) as exc:
            if not _is_lock_error(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    # DuckDB caches up to 80% of RAM by default; a bound keeps a run's memory flat (it spills to disk).
    con.execute(f"set memory_limit = {literal(memory_limit)}")
    return Connection(con)


def _open(target: WarehouseTarget, read_only: bool, explicit_data_path: bool) -> duckdb.DuckDBPyConnection:
    if target.kind == "duckdb":
        return duckdb.connect(target.location, read_only=read_only)
    con = duckdb.connect()
    try:
        load_for_catalog(con, target.catalog)
        options = ["READ_ONLY"] if read_only else []
        try:
            data = [f"DATA_PATH {literal(target.data_path)}"] if target.data_path else []
            con.execute(f"attach {literal(target.location)} as {LAKE_ALIAS} ({', '.join(data + options)})")
        except duckdb.Error as exc:
            # The catalog remembers where its files are; a default path that differs is not the user's wish.
            if "does not match existing data path" not in str(exc) or explicit_data_path:
                raise
            suffix = f" ({', '.join(options)})" if options else ""
            con.execute(f"attach {literal(target.location)} as {LAKE_ALIAS}{suffix}")
        con.execute(f"use {LAKE_ALIAS}")
        return con
    except BaseException:
        con.close()
        raise


@contextlib.contextmanager
def one_thread(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """DuckDB on one thread (its default: one per core) while worker processes use every core: the small batch
    writes between their results gain nothing from more threads, which only take CPU from the workers (the BBC
    corpus's 33 batch writes of sentences and mentions: 2.8 -> 2.2 s of CPU)."""
    con.execute("set threads = 1")
    try:
        yield
    finally:
        with contextlib.suppress(duckdb.Error):  # a broken connection must not hide the error that broke it
            con.execute("reset threads")
