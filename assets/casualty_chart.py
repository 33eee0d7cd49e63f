import base64
from pathlib import Path

import dagster as dg

from pipeline.nlp.canonical import GAZA_MOH
from pipeline.resources import ReferenceSeriesResource, WarehouseResource
from pipeline.run_tags import is_rebuild
from pipeline.steps.rebuilds import build_record, chart_version, stale_stamp
from pipeline.warehouse.sql import read_sql
from pipeline.warehouse.writes import apply_changes


class ChartConfig(dg.Config):
    output_dir: str = ""  # default: a charts/ folder beside the warehouse


@dg.asset(deps=["daily_casualty_reports"], group_name="casualties", kinds={"matplotlib"})
def casualty_chart(context: dg.AssetExecutionContext, config: ChartConfig, warehouse: WarehouseResource,
                   reference: ReferenceSeriesResource) -> dg.MaterializeResult:
    """A PNG chart of the daily series: the Gaza Ministry of Health's running death toll as the press
    reported it (against a reference series when PIPELINE_REFERENCE names one) and the incremental killed
    figures per claimant. Shown in this asset's metadata and written to charts/ beside the warehouse; drawn
    again when the daily reports changed."""
    path = Path(config.output_dir or warehouse.state_dir / "charts") / "daily_casualties.png"
    with warehouse.connect() as con:
        stamp = stale_stamp(con, "casualty_chart", chart_version(reference.path, path),
                            force=is_rebuild(context) or not path.exists())
        cumulative = con.execute(read_sql("queries/claimant_running_total.sql")).pl()
        incremental = con.execute(read_sql("queries/incremental_by_claimant.sql")).pl()
        if stamp:
            from pipeline import side_process

            ref = reference.load()
            if ref is not None and not cumulative.is_empty():  # only the reference days the press covers
                first, last = cumulative["report_date"].min(), cumulative["report_date"].max()
                ref = ref.filter(ref["report_date"].is_between(first, last))
            path.parent.mkdir(parents=True, exist_ok=True)
            # drawn where matplotlib is loaded already (the run's side process)
            path.write_bytes(side_process.call("pipeline.reports.charts:daily_series_chart", cumulative, incremental,
                                               ref, GAZA_MOH))
            apply_changes(con, [build_record("casualty_chart", stamp, context.run.run_id)])
            context.log.info(f"Chart of {cumulative.height} cumulative and {incremental.height} incremental rows: "
                             f"{path}")
    png = path.read_bytes()
    return dg.MaterializeResult(metadata={
        "chart": dg.MetadataValue.md(f"![daily series](data:image/png;base64,{base64.b64encode(png).decode()})"),
        "path": dg.MetadataValue.path(str(path)),
        "redrawn": bool(stamp),
        "cumulative_days": cumulative.height,
        "incremental_rows": incremental.height,
        "reference_series": dg.MetadataValue.text(reference.path or "none"),
    })
