import dagster as dg

from pipeline.metadata import table_metadata
from pipeline.quality.checks import read_sql, run_table_check
from pipeline.resources import WarehouseResource


@dg.asset(deps=["casualty_figures"], group_name="casualties", kinds={"duckdb", "sql"})
def daily_casualty_reports(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One row per (report_date, location, casualty_type, figure_kind, claimant) with count_low /
    count_best / count_high, how many figures and articles are behind it and which. Disagreeing figures
    are kept as a range (min_best..max_best, distinct_counts, disagreement), never averaged. Rebuilt in
    SQL (sql/daily_casualty_reports.sql) from all casualty figures."""
    with warehouse.connect() as con:
        con.begin()
        con.execute("delete from daily_casualty_reports")
        con.execute(read_sql("daily_casualty_reports.sql"))
        con.commit()
        metadata = table_metadata(con, "daily_casualty_reports", "true", [],
                                  "report_date, location, casualty_type, figure_kind, claimant, count_best, n_figures")
        n_disagree = con.execute("select count(*) from daily_casualty_reports where disagreement").fetchone()[0]
    context.log.info(f"{metadata['dagster/row_count'].value} report rows, {n_disagree} with disagreeing figures")
    return dg.MaterializeResult(metadata={**metadata, "rows_with_disagreement": n_disagree})


@dg.asset_check(asset=daily_casualty_reports, blocking=True)
def daily_casualty_reports_expectations(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """GX suite expectations/daily_casualty_reports.json: ranges ordered, counts non-negative; a running
    total (cumulative series per location, claimant and type) that goes down is a warning, with the day."""
    return run_table_check(warehouse, "daily_casualty_reports", id_column="row_key")
