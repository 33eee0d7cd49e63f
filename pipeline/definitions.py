"""The project's Definitions: assets (with their checks) from `assets/`, resources, jobs, schedule, sensor."""

import dagster as dg

import assets.casualty_chart
import assets.casualty_figures
import assets.daily_casualty_reports
import assets.entities
import assets.mentions
import assets.parsed_articles
import assets.raw_articles
from pipeline.cli_logger import quiet_cli_logger
from pipeline.jobs import JOBS, READ_ASSETS, REPORT_ASSETS
from pipeline.partitions import N_SHARDS, PARTITION_HELP
from pipeline.resources import default_resources
from pipeline.schedules import daily_pipeline_schedule
from pipeline.sensors import inbox_sensor

STAGES = [assets.raw_articles, assets.parsed_articles, assets.mentions, assets.entities,
          assets.casualty_figures, assets.daily_casualty_reports, assets.casualty_chart]


def _for_users(spec: dg.AssetSpec) -> dg.AssetSpec:
    """Say on each partitioned asset what a partition is and how to run one; with shards, the later stages
    follow the ingestion of a day by themselves (the daemon's automation)."""
    if spec.partitions_def is not None:
        spec = spec.replace_attributes(description=f"{spec.description or ''}\n\n{PARTITION_HELP}".strip())
    if N_SHARDS > 1 and spec.key.to_user_string() in READ_ASSETS + REPORT_ASSETS:
        spec = spec.replace_attributes(automation_condition=dg.AutomationCondition.eager())
    return spec


def build_definitions(resources: dict) -> dg.Definitions:
    """Definitions bound to the given resources (tests pass a temporary warehouse and inbox)."""
    return dg.Definitions(
        assets=dg.map_asset_specs(_for_users, dg.load_assets_from_modules(STAGES)),
        jobs=JOBS,
        schedules=[daily_pipeline_schedule],
        sensors=[inbox_sensor],
        resources=resources,
        loggers={"quiet_cli": quiet_cli_logger},  # used only when a run's config names it (the command line)
        # A run's steps execute one after another in the run's process (DuckDB file: one writer; spaCy gets
        # its parallelism from the worker processes of the steps that need it).
        executor=dg.in_process_executor,
    )


defs = build_definitions(default_resources())
