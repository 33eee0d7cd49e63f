"""Arrival-day partitions shared by every partitioned asset.

A partition is the UTC day an article's file was first ingested (not the day it was published:
that is the `published_date` column). Re-materializing a day re-processes exactly the articles that
arrived that day; `end_offset=1` makes today's partition available so new files can be processed now.
"""

import dagster as dg

ARRIVAL_START_DATE = "2024-01-01"

arrival_day_partitions = dg.DailyPartitionsDefinition(start_date=ARRIVAL_START_DATE, end_offset=1)


def partition_days(context) -> tuple[str, str]:
    """The first and last arrival day this step covers (a backfill of a range runs as one step)."""
    key_range = context.partition_key_range
    return key_range.start, key_range.end
