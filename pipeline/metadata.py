"""Materialization metadata every asset reports: row counts, a preview, and the documented schema."""

import dagster as dg
import duckdb
import polars as pl

from pipeline.warehouse.schema import tables


def markdown_table(df: pl.DataFrame, max_chars: int = 80) -> str:
    return markdown_rows(df.columns, list(df.iter_rows()), max_chars)


def markdown_rows(columns: list[str], rows: list[tuple], max_chars: int = 80) -> str:
    if not rows:
        return "_no rows_"

    def cell(value: object) -> str:
        text = "" if value is None else str(value).replace("\n", " ").replace("|", "\\|")
        return text if len(text) <= max_chars else text[: max_chars - 1] + "…"

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def table_schema(table: str) -> dg.TableSchema:
    """The table's columns and their documentation, from the migrations that define it."""
    return dg.TableSchema(columns=[dg.TableColumn(c.name, c.type, description=c.comment) for c in tables()[table]])


def table_metadata(con: duckdb.DuckDBPyConnection, table: str, where: str = "true", params: list | None = None,
                   preview_columns: str = "*") -> dict:
    """Rows of the whole table, rows of the slice this step wrote, a 5-row preview of that slice, the schema."""
    params = params or []
    n_slice = con.execute(f"select count(*) from {table} where {where}", params).fetchone()[0]
    n_total = con.execute(f"select count(*) from {table}").fetchone()[0]
    preview = con.execute(f"select {preview_columns} from {table} where {where} limit 5", params)
    rows, columns = preview.fetchall(), [d[0] for d in preview.description]  # no Arrow: cheap when nothing is new
    return {
        "dagster/row_count": dg.MetadataValue.int(n_total),
        "rows_written": dg.MetadataValue.int(n_slice),
        "preview": dg.MetadataValue.md(markdown_rows(columns, rows)),
        "dagster/column_schema": table_schema(table),
        "dagster/table_name": dg.MetadataValue.text(table),
    }
