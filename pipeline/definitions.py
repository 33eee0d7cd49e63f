"""The project's Definitions: assets and their checks from `assets/`, resources, job, schedule, sensor."""

import dagster as dg

import assets.casualty_figures
import assets.daily_casualty_reports
import assets.entities
import assets.mentions
import assets.parsed_articles
import assets.raw_articles
from pipeline.jobs import daily_pipeline_job
from pipeline.resources import default_resources
from pipeline.schedules import daily_pipeline_schedule
from pipeline.sensors import inbox_sensor

_STAGES = [assets.raw_articles, assets.parsed_articles, assets.mentions, assets.entities,
           assets.casualty_figures, assets.daily_casualty_reports]

defs = dg.Definitions(
    assets=dg.load_assets_from_modules(_STAGES),
    asset_checks=dg.load_asset_checks_from_modules(_STAGES),
    jobs=[daily_pipeline_job],
    schedules=[daily_pipeline_schedule],
    sensors=[inbox_sensor],
    resources=default_resources(),
    # DuckDB has one writer: steps of a run execute one after another in the run's process.
    executor=dg.in_process_executor,
)
