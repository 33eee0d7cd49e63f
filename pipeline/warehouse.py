"""Opening the DuckDB file safely, and writing Polars frames to it through Arrow (no row-by-row inserts)."""

import fcntl
import time
from collections.abc import Callable
from typing import IO

import duckdb
import polars as pl


def connect_waiting(path: str, read_only: bool = False, timeout_s: float = 300.0) -> duckdb.DuckDBPyConnection:
    """Open the database, waiting while another process holds its lock (DuckDB has one writing process,
    and a reader cannot open the file while a writer has it) instead of failing at once."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def hold_file_lock(path: str, timeout_s: float, on_wait: Callable[[], None] = lambda: None) -> IO:
    """An open file holding an exclusive advisory lock on `path`; close it to release. Waits (polling) up
    to `timeout_s` for another process to release it, calling `on_wait` once when it has to wait."""
    handle = open(path, "a")  # noqa: SIM115 (the caller owns it: closing releases the lock)
    deadline = time.monotonic() + timeout_s
    waited = False
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            if time.monotonic() > deadline:
                handle.close()
                raise TimeoutError(f"{path} is still held by another run after {timeout_s:.0f} s") from None
            if not waited:
                on_wait()
                waited = True
            time.sleep(0.5)


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Append `frame` to `table`, matching columns by name. Returns the number of rows written."""
    if frame.is_empty():
        return 0
    con.register("_incoming", frame.to_arrow())
    try:
        con.execute(f"insert into {table} by name select * from _incoming")
    finally:
        con.unregister("_incoming")
    return frame.height
