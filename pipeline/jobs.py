"""The jobs users run. One shard (the default): `daily_pipeline`, every asset for an arrival day (or a range, as
one run). Several shards: three stages, because a run covers one partition of one kind: `ingest` (per day), then
`read_shards` (per day × shard: these runs may overlap on a lake), then `report` (the whole warehouse)."""

import dagster as dg

from pipeline.partitions import N_SHARDS

INGEST_ASSETS = ["raw_articles", "parsed_articles", "rejected_articles"]
READ_ASSETS = ["sentences", "mentions", "casualty_figures"]
REPORT_ASSETS = ["entities", "daily_casualty_reports", "casualty_chart"]
STAGE_TAG = "pipeline/stage"  # deploy/dagster.yaml lets one ingest run through at a time

if N_SHARDS == 1:
    daily_pipeline_job = dg.define_asset_job(
        "daily_pipeline", selection=dg.AssetSelection.all(), tags={STAGE_TAG: "all"},
        description="Ingest new inbox files, then parse, read (spaCy), extract casualty figures and rebuild "
        "the entities and daily reports, for an arrival day.")
    JOBS = [daily_pipeline_job]
    PIPELINE_JOB = daily_pipeline_job  # what the schedule and the sensor start
else:
    ingest_job = dg.define_asset_job("ingest", selection=dg.AssetSelection.assets(*INGEST_ASSETS),
                                     tags={STAGE_TAG: "ingest"},
                                     description="Ingest and parse the new inbox files of an arrival day.")
    read_shards_job = dg.define_asset_job("read_shards", selection=dg.AssetSelection.assets(*READ_ASSETS),
                                          tags={STAGE_TAG: "read"},
                                          description="Read and extract the figures of one shard of a day.")
    report_job = dg.define_asset_job("report", selection=dg.AssetSelection.assets(*REPORT_ASSETS),
                                     tags={STAGE_TAG: "report"},
                                     description="Rebuild entities, daily reports and the chart from every shard.")
    JOBS = [ingest_job, read_shards_job, report_job]
    PIPELINE_JOB = ingest_job  # the read and report stages follow by their automation conditions
