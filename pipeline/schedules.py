"""The daily run: late each UTC day, process what arrived that day and is not processed yet."""

import dagster as dg

from pipeline import settings
from pipeline.jobs import PIPELINE_JOB
from pipeline.run_tags import tags


@dg.schedule(job=PIPELINE_JOB, cron_schedule=settings.schedule_cron(), execution_timezone="UTC",
             default_status=dg.DefaultScheduleStatus.STOPPED)
def daily_pipeline_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """Runs the pipeline incrementally for the tick's own day, at 23:50 UTC by default (PIPELINE_SCHEDULE_CRON
    changes it); the inbox sensor covers new files sooner."""
    day = context.scheduled_execution_time.date().isoformat()
    return dg.RunRequest(run_key=f"daily-{day}", partition_key=day, tags=tags("schedule"))
