"""The one job users run: every asset, for one arrival day (or a range, as one run)."""

import dagster as dg

daily_pipeline_job = dg.define_asset_job(
    "daily_pipeline",
    selection=dg.AssetSelection.all(),
    description="Ingest new inbox files, then parse, read (spaCy), extract casualty figures and rebuild "
    "the daily reports for the arrival day.",
)
