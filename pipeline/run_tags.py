"""Run tags that mean something to the people reading them in the UI, and that steer what a run does.

`pipeline/mode`: `incremental` (the schedule, the sensor and `python -m pipeline run`): each step processes only
what it has not processed yet at its current version; `rebuild` (a run launched from the UI without the tag, a
backfill, `run --rebuild`): each step replaces every row of its days. `pipeline/source` says who started it.
"""

import dagster as dg

MODE_TAG = "pipeline/mode"
SOURCE_TAG = "pipeline/source"
INCREMENTAL, REBUILD = "incremental", "rebuild"


def is_rebuild(context: dg.AssetExecutionContext) -> bool:
    """A run without the tag was launched on purpose (UI Materialize, a backfill): it replaces its days' rows."""
    return context.run.tags.get(MODE_TAG, REBUILD) != INCREMENTAL


def tags(source: str, rebuild: bool = False, **extra: str) -> dict[str, str]:
    """The tags of a run started by `source` (cli, schedule, sensor); `extra` become pipeline/<key> tags."""
    return {MODE_TAG: REBUILD if rebuild else INCREMENTAL, SOURCE_TAG: source,
            **{f"pipeline/{key}": value for key, value in extra.items()}}
