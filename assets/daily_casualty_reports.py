import dagster as dg

from pipeline.metadata import table_metadata
from pipeline.quality.checks import check_specs, step_checks
from pipeline.resources import WarehouseResource
from pipeline.run_tags import is_rebuild
from pipeline.steps.rebuilds import REPORTS_VERSION, build_record, reports_changes, stale_stamp
from pipeline.warehouse.writes import apply_changes


@dg.asset(deps=["casualty_figures"], group_name="casualties", kinds={"duckdb", "sql"},
          check_specs=check_specs("daily_casualty_reports"))
def daily_casualty_reports(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """One row per (report_date, location, casualty_type, figure_kind, claimant) with count_low /
    count_best / count_high, how many figures and articles are behind it and which. Disagreeing figures
    are kept as a range (min_best..max_best, distinct_counts, disagreement), never averaged. Rebuilt in
    SQL (sql/daily_casualty_reports.sql) from all casualty figures when they changed since the last build."""
    with warehouse.connect() as con:
        stamp = stale_stamp(con, "daily_casualty_reports", REPORTS_VERSION, force=is_rebuild(context))
        if stamp:
            apply_changes(con, [*reports_changes(), build_record("daily_casualty_reports", stamp, context.run.run_id)])
        else:
            context.log.info("Daily reports: no casualty figure changed since the last build")
        checks = step_checks(context, con, warehouse.gx_project, [], bool(stamp), "daily_casualty_reports")
        metadata = table_metadata(con, "daily_casualty_reports", "true", [],
                                  "report_date, location, casualty_type, figure_kind, claimant, count_best, n_figures")
        n_days, n_disagree = con.execute("select count(distinct report_date), count(*) filter (where disagreement) "
                                         "from daily_casualty_reports").fetchone()
    context.log.info(f"{metadata['dagster/row_count'].value} report rows over {n_days} days, "
                     f"{n_disagree} with disagreeing figures")
    yield dg.MaterializeResult(metadata={**metadata, "rebuilt": bool(stamp), "report_days": n_days,
                                         "rows_with_disagreement": n_disagree})
    yield from checks
