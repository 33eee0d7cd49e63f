"""What a run left in the warehouse, in a few numbers (read-only)."""

from pipeline.quality.checks import read_sql
from pipeline.warehouse import connect_waiting


def warehouse_summary(db_path: str, day: str) -> dict[str, object]:
    with connect_waiting(db_path, read_only=True) as con:
        row = con.execute(read_sql("queries/run_summary.sql"), [day]).fetchone()
        names = [d[0] for d in con.description]
    return dict(zip(names, row, strict=True))
