"""Start a run when article files arrive in the inbox.

The sensor only looks at the file system (name, size, modification time of each article file and its sidecar),
never at the warehouse: a reader would collide with a running writer on a DuckDB file. It walks the inbox with
the reader's own function, so what it watches is exactly what a run reads (no hidden files, no editor swap
files). The run itself skips files it has already ingested.
"""

import hashlib
import json
import os

import dagster as dg

from pipeline import settings
from pipeline.ingest.readers import sidecar_path, walk_inbox
from pipeline.jobs import PIPELINE_JOB
from pipeline.run_tags import tags


def inbox_signature(paths: list[str]) -> dict[str, str]:
    """path -> "size:mtime" (with its sidecar's) for every article file under the inbox paths."""
    found = {}
    for path in walk_inbox(paths):
        try:
            stat = os.stat(path)
        except OSError:
            continue
        signature = f"{stat.st_size}:{stat.st_mtime_ns}"
        sidecar = sidecar_path(path)
        if sidecar.is_file():
            side = sidecar.stat()
            signature += f"+{side.st_size}:{side.st_mtime_ns}"
        found[str(path)] = signature
    return found


@dg.sensor(job=PIPELINE_JOB, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.STOPPED)
def inbox_sensor(context: dg.SensorEvaluationContext):
    """Requests an incremental run for today's arrival day when article files are added or changed."""
    seen = json.loads(context.cursor) if context.cursor else {}
    current = inbox_signature(settings.inbox_paths())
    changed = sorted(p for p, sig in current.items() if seen.get(p) != sig)
    if not changed:
        return dg.SkipReason(f"no new files in {settings.inbox_paths()}")
    context.update_cursor(json.dumps(current))
    day = settings.today().isoformat()
    digest = hashlib.sha1("\n".join(f"{p}={current[p]}" for p in changed).encode()).hexdigest()[:12]
    context.log.info(f"{len(changed)} new or changed files: {changed[:5]}")
    return dg.RunRequest(run_key=f"inbox-{day}-{digest}", partition_key=day,
                         tags=tags("sensor", files=str(len(changed))))
