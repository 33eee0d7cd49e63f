"""Start a run when files arrive in the inbox.

The sensor only looks at the file system (name, size, modification time), never at the DuckDB file: a
reader would collide with a running writer. The run itself skips files it has already ingested.
"""

import datetime as dt
import hashlib
import json
import os

import dagster as dg

from pipeline import settings
from pipeline.jobs import daily_pipeline_job


def inbox_signature(paths: list[str]) -> dict[str, str]:
    """path -> "size:mtime" for every file under the inbox paths."""
    found = {}
    for root in paths:
        walker = os.walk(root, followlinks=False) if os.path.isdir(root) else [(os.path.dirname(root), [],
                                                                                [os.path.basename(root)])]
        for dirpath, _, filenames in walker:
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                found[path] = f"{stat.st_size}:{stat.st_mtime_ns}"
    return found


@dg.sensor(job=daily_pipeline_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.STOPPED)
def inbox_sensor(context: dg.SensorEvaluationContext):
    """Requests a run for today's arrival day when inbox files are added or changed."""
    seen = json.loads(context.cursor) if context.cursor else {}
    current = inbox_signature(settings.inbox_paths())
    changed = sorted(p for p, sig in current.items() if seen.get(p) != sig)
    if not changed:
        return dg.SkipReason(f"no new files in {settings.inbox_paths()}")
    context.update_cursor(json.dumps(current))
    day = dt.datetime.now(dt.UTC).date().isoformat()
    digest = hashlib.sha1("\n".join(f"{p}={current[p]}" for p in changed).encode()).hexdigest()[:12]
    context.log.info(f"{len(changed)} new or changed files: {changed[:5]}")
    return dg.RunRequest(run_key=f"inbox-{day}-{digest}", partition_key=day)
