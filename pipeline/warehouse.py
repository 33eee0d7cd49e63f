"""Small helpers for writing Polars frames to DuckDB through Arrow (no row-by-row inserts)."""

import duckdb
import polars as pl


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
