import base64
from pathlib import Path

import dagster as dg

from pipeline.quality.checks import read_sql
from pipeline.reports.charts import daily_series_chart
from pipeline.resources import ReferenceSeriesResource, WarehouseResource

CHART_CLAIMANT = "Gaza Ministry of Health"


class ChartConfig(dg.Config):
    output_dir: str = ""  # default: a charts/ folder beside the database


@dg.asset(deps=["daily_casualty_reports"], group_name="casualties", kinds={"matplotlib"})
def casualty_chart(context: dg.AssetExecutionContext, config: ChartConfig, warehouse: WarehouseResource,
                   reference: ReferenceSeriesResource) -> dg.MaterializeResult:
    """A PNG chart of the daily series: the Gaza Ministry of Health's running death toll as the press
    reported it (against a reference series when PIPELINE_REFERENCE names one) and the incremental killed
    figures per claimant. Shown in this asset's metadata and written to charts/ beside the database."""
    with warehouse.connect() as con:
        cumulative = con.execute(read_sql("queries/claimant_running_total.sql")).pl()
        incremental = con.execute(read_sql("queries/incremental_by_claimant.sql")).pl()
    ref = reference.load()
    if ref is not None and not cumulative.is_empty():  # only the reference days the press covers
        first, last = cumulative["report_date"].min(), cumulative["report_date"].max()
        ref = ref.filter(ref["report_date"].is_between(first, last))
    png = daily_series_chart(cumulative, incremental, ref, CHART_CLAIMANT)
    out_dir = Path(config.output_dir or Path(warehouse.path).resolve().parent / "charts")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "daily_casualties.png"
    path.write_bytes(png)
    context.log.info(f"Chart of {cumulative.height} cumulative and {incremental.height} incremental rows: {path}")
    return dg.MaterializeResult(metadata={
        "chart": dg.MetadataValue.md(f"![daily series](data:image/png;base64,{base64.b64encode(png).decode()})"),
        "path": dg.MetadataValue.path(str(path)),
        "cumulative_days": cumulative.height,
        "incremental_rows": incremental.height,
        "reference_series": dg.MetadataValue.text(reference.path or "none"),
    })
