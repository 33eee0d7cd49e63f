"""The one way rows are written: replace a slice of a table and insert its new rows, atomically, retrying
DuckLake's commit conflicts with backoff. A retry redoes the whole transaction, so rows are never lost or doubled."""

import contextlib
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

import duckdb
import polars as pl

# What concurrent writers on a lake run into at commit, all cured by doing the transaction again:
# PostgreSQL catalog: "Transaction conflict - …"; SQLite catalog: "database is locked".
_RETRYABLE = ("transaction conflict", "database is locked", "could not serialize", "deadlock detected",
              "failed to commit ducklake transaction")


@dataclass
class Change:
    """Delete the rows `delete_where` selects (SQL predicate with `?` params), then insert `rows`: a frame, or a
    function returning frames (called again on a retry, so a large input streams instead of staying in memory)."""

    table: str
    rows: pl.DataFrame | Callable[[], Iterable[pl.DataFrame]] | None = None
    delete_where: str | None = None
    params: list = field(default_factory=list)
    update_set: str | None = None  # instead of deleting: `update table set <update_set> where <delete_where>`
    insert_sql: str | None = None  # an `insert into … select …` statement to run after the delete

    def frames(self) -> Iterable[pl.DataFrame]:
        if self.rows is None:
            return ()
        return (self.rows,) if isinstance(self.rows, pl.DataFrame) else self.rows()


def is_retryable(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.Error) and any(s in str(exc).lower() for s in _RETRYABLE)


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # a failed commit has already ended the transaction
        con.rollback()


T = TypeVar("T")


def retrying(con: duckdb.DuckDBPyConnection, work: Callable[[], T], attempts: int = 10,
             base_delay_s: float = 0.1) -> T:
    """`work()` (which commits what it does); on a retryable conflict roll back, wait (exponential backoff with
    jitter) and do it again."""
    for attempt in range(attempts):
        try:
            return work()
        except duckdb.Error as exc:
            _rollback(con)
            if not is_retryable(exc) or attempt == attempts - 1:
                raise
            time.sleep(base_delay_s * 2 ** min(attempt, 6) * random.uniform(0.5, 1.5))
    raise AssertionError("unreachable")


def apply_changes(con: duckdb.DuckDBPyConnection, changes: list[Change], attempts: int = 10) -> int:
    """Apply `changes` in one transaction, redone whole on a retryable conflict. Returns the rows inserted."""

    def once() -> int:
        con.begin()
        inserted = 0
        for change in changes:
            if change.update_set:
                con.execute(f"update {change.table} set {change.update_set} where {change.delete_where}",
                            change.params)
            elif change.delete_where:
                con.execute(f"delete from {change.table} where {change.delete_where}", change.params)
            if change.insert_sql:
                con.execute(change.insert_sql)
            for rows in change.frames():
                inserted += insert_frame(con, change.table, rows)
        con.commit()
        return inserted

    return retrying(con, once, attempts)


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Append `frame` to `table` through Arrow (no row-by-row inserts), matching columns by name."""
    if frame.is_empty():
        return 0
    con.register("_incoming", frame.to_arrow())
    try:
        con.execute(f"insert into {table} by name select * from _incoming")
    finally:
        con.unregister("_incoming")
    return frame.height
