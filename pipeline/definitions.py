"""The project's Definitions: assets and their checks from `assets/`, resources, job, schedule, sensor."""

import dagster as dg

import assets.casualty_chart
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

STAGES = [assets.raw_articles, assets.parsed_articles, assets.mentions, assets.entities,
          assets.casualty_figures, assets.daily_casualty_reports, assets.casualty_chart]


def build_definitions(resources: dict) -> dg.Definitions:
    """Definitions bound to the given resources (tests pass a temporary warehouse and inbox)."""
    return dg.Definitions(
        assets=dg.load_assets_from_modules(STAGES),
        asset_checks=dg.load_asset_checks_from_modules(STAGES),
        jobs=[daily_pipeline_job],
        schedules=[daily_pipeline_schedule],
        sensors=[inbox_sensor],
        resources=resources,
        # DuckDB has one writer: the steps of a run execute one after another in the run's process.
        executor=dg.in_process_executor,
    )


defs = build_definitions(default_resources())
