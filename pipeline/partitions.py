"""Arrival-day partitions (and shards) shared by every partitioned asset, and how a run reads its scope.

A partition is the UTC day an article's file was first ingested (not the day it was published: that is the
`published_date` column). Partitions start on the first day this installation ran (PIPELINE_PARTITION_START
changes it); `end_offset=1` makes today's partition available so new files can be processed now.

With PIPELINE_SHARDS = N > 1 the articles of a day are split into N shards by a stable hash of their content, and
the reading steps (sentences, mentions, casualty_figures) are partitioned by day × shard, so the shards of a day
can run as separate, concurrent runs on a lake. Ingestion stays per day (duplicates are found across the day).
"""

import datetime as dt

import dagster as dg

from pipeline import settings
from pipeline.warehouse.processing import Scope

N_SHARDS = settings.shards()
arrival_day_partitions = dg.DailyPartitionsDefinition(start_date=settings.partition_start(), end_offset=1)
shard_partitions = dg.StaticPartitionsDefinition([str(i) for i in range(N_SHARDS)])
article_partitions = arrival_day_partitions if N_SHARDS == 1 else dg.MultiPartitionsDefinition(
    {"day": arrival_day_partitions, "shard": shard_partitions})

PARTITION_HELP = ("Partitioned by arrival day: the UTC day an article's file was first ingested (publication day "
                  "is a column). Materialize today's partition to process what arrived today, or select a range of "
                  "days to backfill them (a range runs as one run).")


def run_scope(context) -> Scope:
    """The arrival days (and shard) a step covers: one day, a backfilled range, or one day's shard."""
    if isinstance(context.assets_def.partitions_def, dg.MultiPartitionsDefinition):
        key = context.partition_key.keys_by_dimension
        day = dt.date.fromisoformat(key["day"])
        return Scope(day, day, int(key["shard"]), N_SHARDS)
    key_range = context.partition_key_range
    return Scope(dt.date.fromisoformat(key_range.start), dt.date.fromisoformat(key_range.end))
