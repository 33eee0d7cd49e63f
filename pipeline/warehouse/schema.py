"""Every table's columns, derived from the migrations (the one definition): Polars schemas for the frames the
steps write, column lists, and `sql/schema.sql`, the readable snapshot of the whole schema.

`python -m pipeline.warehouse.schema > sql/schema.sql` regenerates the snapshot (a test keeps it current).
"""

from dataclasses import dataclass
from functools import cache

import duckdb
import polars as pl

from pipeline.warehouse.migrations import migrations

_POLARS = {"VARCHAR": pl.String, "INTEGER": pl.Int32, "BIGINT": pl.Int64, "DOUBLE": pl.Float64, "DATE": pl.Date,
           "TIMESTAMP": pl.Datetime("us"), "BOOLEAN": pl.Boolean}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    comment: str | None


def polars_type(sql_type: str) -> pl.DataType:
    if sql_type.endswith("[]"):
        return pl.List(polars_type(sql_type[:-2]))
    return _POLARS[sql_type]


@cache
def _schema_db() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for migration in migrations():
        con.execute(migration.sql)
    return con


@cache
def tables() -> dict[str, tuple[Column, ...]]:
    """table -> its columns in order, after every migration."""
    con = _schema_db()
    out: dict[str, list[Column]] = {}
    for table, name, sql_type, nullable, comment in con.execute(
            "select table_name, column_name, data_type, is_nullable, comment from duckdb_columns() "
            "where database_name = current_database() order by table_oid, column_index").fetchall():
        out.setdefault(table, []).append(Column(name, sql_type, nullable, comment))
    return {table: tuple(cols) for table, cols in out.items()}


@cache
def primary_keys() -> dict[str, list[str]]:
    """table -> its primary key columns (enforced on a DuckDB file; a lake's catalog enforces none)."""
    return {table: list(cols) for table, cols in _schema_db().execute(
        "select table_name, constraint_column_names from duckdb_constraints() "
        "where database_name = current_database() and constraint_type = 'PRIMARY KEY'").fetchall()}


@cache
def table_comments() -> dict[str, str | None]:
    return dict(_schema_db().execute("select table_name, comment from duckdb_tables() "
                                     "where database_name = current_database()").fetchall())


def column_names(table: str) -> list[str]:
    return [c.name for c in tables()[table]]


@cache
def polars_schema(table: str) -> dict[str, pl.DataType]:
    return {c.name: polars_type(c.type) for c in tables()[table]}


def frame(table: str, rows: list[dict]) -> pl.DataFrame:
    """Rows (dicts keyed by column name; missing keys are NULL) as a frame with the table's exact schema."""
    schema = polars_schema(table)
    unknown = {k for row in rows[:1] for k in row} - set(schema)
    if unknown:
        raise KeyError(f"{table} has no columns {sorted(unknown)}")
    return pl.DataFrame(rows, schema=schema)


def conform(table: str, df: pl.DataFrame) -> pl.DataFrame:
    """`df` with exactly the table's columns, in order and of its types (missing columns are NULL)."""
    return df.select([(pl.col(name) if name in df.columns else pl.lit(None)).cast(dtype).alias(name)
                      for name, dtype in polars_schema(table).items()])


def render_schema_sql() -> str:
    """The whole schema as readable DDL with its column documentation (sql/schema.sql)."""
    out = ["-- The warehouse's tables as the migrations in sql/migrations/ leave them. GENERATED: do not edit; change",
           "-- the schema with a new migration, then run `python -m pipeline.warehouse.schema > sql/schema.sql`.",
           "-- Every column is documented in the database too: select table_name, column_name, comment from",
           "-- duckdb_columns() where comment is not null. Primary keys are enforced on a DuckDB file (a lake's",
           "-- catalog enforces none); the GX suites check them on every backend.", ""]
    comments = table_comments()
    for table, cols in tables().items():
        width = max(len(c.name) for c in cols)
        items = [(f"{c.name:<{width}}  {c.type.lower()}{'' if c.nullable else ' not null'}", c.comment) for c in cols]
        if key := primary_keys().get(table):
            items.append((f"primary key ({', '.join(key)})", None))
        pad = max(len(text) for text, _ in items) + 1
        lines = [(f"    {text + (',' if i < len(items) - 1 else ''):<{pad}}"
                  + (f"  -- {note}" if note else "")).rstrip() for i, (text, note) in enumerate(items)]
        if comments.get(table):
            out.append(f"-- {table}: {comments[table]}")
        out.append(f"create table {table} (\n" + "\n".join(lines) + "\n);\n")
    return "\n".join(out)


if __name__ == "__main__":
    print(render_schema_sql(), end="")
