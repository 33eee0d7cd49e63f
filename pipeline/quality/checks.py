"""Turn a GX suite outcome into a Dagster asset check result (failed expectations and bad rows in metadata)."""

import dagster as dg

from pipeline import settings
from pipeline.quality.gx_suites import validate


def read_sql(name: str) -> str:
    return (settings.SQL_DIR / name).read_text()


def run_table_check(warehouse, table: str, params: list | None = None,
                    id_column: str | None = None) -> dg.AssetCheckResult:
    """Validate the rows `sql/checks/<table>.sql` selects (with the step's parameters) against
    `expectations/<table>.json`. Critical failures give ERROR severity (blocking); warnings only WARN.
    The Data Docs page of the validation is linked from the result's metadata."""
    with warehouse.connect() as con:
        df = con.execute(read_sql(f"checks/{table}.sql"), params or []).pl()
    outcome = validate(table, df, id_column=id_column, docs_dir=warehouse.data_docs_dir)
    failed = [
        {"expectation": f.expectation, "column": f.column, "severity": f.severity,
         "unexpected_count": f.unexpected_count, "sample_values": f.sample, "bad_row_ids": f.bad_row_ids}
        for f in outcome.failed
    ]
    metadata = {
        "suite": dg.MetadataValue.text(outcome.suite),
        "rows_validated": dg.MetadataValue.int(outcome.n_rows),
        "expectations": dg.MetadataValue.int(outcome.n_expectations),
        "failed_expectations": dg.MetadataValue.json(failed),
    }
    if outcome.data_docs_url:
        metadata["data_docs"] = dg.MetadataValue.url(outcome.data_docs_url)
    if outcome.failed and id_column:
        bad_ids = sorted({i for f in outcome.failed for i in f.bad_row_ids if i is not None})[:10]
        sample = df.filter(df[id_column].is_in(bad_ids)).head(10)
        from pipeline.metadata import markdown_table

        metadata["sample_bad_rows"] = dg.MetadataValue.md(markdown_table(sample))
    severity = dg.AssetCheckSeverity.ERROR if outcome.has_critical_failure else dg.AssetCheckSeverity.WARN
    return dg.AssetCheckResult(passed=outcome.success, severity=severity, metadata=metadata,
                               description=f"{len(failed)} of {outcome.n_expectations} expectations failed"
                               if failed else f"all {outcome.n_expectations} expectations met")
