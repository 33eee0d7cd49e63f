"""Charts of the daily series, drawn with matplotlib (headless) from Polars frames."""

import io

import matplotlib

matplotlib.use("Agg")  # no display on servers, CI or the Dagster daemon
import matplotlib.pyplot as plt  # noqa: E402
import polars as pl  # noqa: E402


def daily_series_chart(cumulative: pl.DataFrame, incremental: pl.DataFrame,
                       reference: pl.DataFrame | None, claimant: str) -> bytes:
    """PNG: (top) the claimant's running death toll as the press reported it, each day's reported range as
    a bar and the highest report as a dot, against a reference series when given; (bottom) incremental
    killed figures per claimant. Frames: cumulative(report_date, min_best, max_best),
    incremental(report_date, claimant, count_best), reference(report_date, killed_cum)."""
    # fixed margins: the constrained layout measured every label first, half of the chart's time
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 8), sharex=True,
                                      gridspec_kw={"left": 0.08, "right": 0.98, "top": 0.96, "bottom": 0.05,
                                                   "hspace": 0.12})
    if reference is not None and not reference.is_empty():
        top.plot(reference["report_date"], reference["killed_cum"], color="0.6", lw=1.5,
                 label="reference series (killed_cum)")
    if not cumulative.is_empty():
        top.vlines(cumulative["report_date"], cumulative["min_best"], cumulative["max_best"], color="tab:red", lw=2)
        top.scatter(cumulative["report_date"], cumulative["max_best"], s=10, color="tab:red",
                    label="as reported in the press (range per day)")
    top.set_title(f"{claimant}: cumulative killed, as reported")
    top.set_ylabel("killed (running total)")
    if top.get_legend_handles_labels()[0]:
        top.legend(loc="upper left")
    top.grid(alpha=0.3)
    if not incremental.is_empty():
        for name, group in incremental.group_by("claimant", maintain_order=True):
            bottom.scatter(group["report_date"], group["count_best"], s=12, label=name[0])
        bottom.set_yscale("log")
        bottom.legend(loc="upper left", fontsize=8, ncols=2)
    bottom.set_title("Incremental killed figures per claimant (one dot per report day)")
    bottom.set_ylabel("killed in the period (log)")
    bottom.grid(alpha=0.3)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return buffer.getvalue()
