"""The summary `python -m pipeline run` ends with: what the run did, what its arrival day and the warehouse hold,
and how the quality checks went (read-only; no Dagster needed, so a run with nothing to do can print it too)."""

from dataclasses import dataclass, field

from pipeline.warehouse.sql import read_sql


@dataclass
class CheckTally:
    passed: int = 0
    failed: list[str] = field(default_factory=list)  # "asset.check: description"
    warnings: list[str] = field(default_factory=list)


def print_summary(warehouse, day: str, run_ids: list[str], elapsed: float, headline: str,
                  checks: CheckTally | None = None) -> None:
    with warehouse.connect(read_only=True) as con:
        rows = con.execute(read_sql("queries/run_summary.sql"), [day, run_ids]).fetchall()
    print(f"\nDone in {elapsed:.1f} s: {headline}.")
    print(f"  {'':<24} {'this run':>9} {'arrival day':>12} {'warehouse':>10}")
    for measure, this, day_total, total in rows:
        cells = ["" if v is None else str(v) for v in (this, day_total, total)]
        print(f"  {measure:<24} {cells[0]:>9} {cells[1]:>12} {cells[2]:>10}")
    if checks is not None:
        print(f"  {'quality checks':<24} {checks.passed} passed, {len(checks.failed)} failed, "
              f"{len(checks.warnings)} warnings")
        for line in checks.failed:
            print(f"    FAILED {line}")
        for line in checks.warnings:
            print(f"    WARNING {line}")
    print(f"  {'warehouse':<24} {warehouse.spec.describe()}")
