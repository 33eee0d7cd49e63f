"""Materialization metadata every asset reports: row count, a preview, and the documented schema."""

import dagster as dg
import duckdb
import polars as pl


def markdown_table(df: pl.DataFrame, max_chars: int = 80) -> str:
    if df.is_empty():
        return "_no rows_"

    def cell(value: object) -> str:
        text = "" if value is None else str(value).replace("\n", " ").replace("|", "\\|")
        return text if len(text) <= max_chars else text[: max_chars - 1] + "…"

    lines = ["| " + " | ".join(df.columns) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.iter_rows()]
    return "\n".join(lines)


def table_schema(con: duckdb.DuckDBPyConnection, table: str) -> dg.TableSchema:
    rows = con.execute(
        "select column_name, data_type, comment from duckdb_columns() where table_name = ? "
        "order by column_index", [table]).fetchall()
    return dg.TableSchema(columns=[dg.TableColumn(name, dtype, description=comment) for name, dtype, comment in rows])


def table_metadata(con: duckdb.DuckDBPyConnection, table: str, where: str = "true",
                   params: list | None = None, preview_columns: str = "*") -> dict:
    """Row count of the slice this step wrote (and of the whole table), a 5-row preview, the schema."""
    params = params or []
    n_slice = con.execute(f"select count(*) from {table} where {where}", params).fetchone()[0]
    n_total = con.execute(f"select count(*) from {table}").fetchone()[0]
    preview = con.execute(f"select {preview_columns} from {table} where {where} limit 5", params).pl()
    return {
        "dagster/row_count": dg.MetadataValue.int(n_total),
        "rows_written": dg.MetadataValue.int(n_slice),
        "preview": dg.MetadataValue.md(markdown_table(preview)),
        "dagster/column_schema": table_schema(con, table),
        "dagster/table_name": dg.MetadataValue.text(table),
    }
