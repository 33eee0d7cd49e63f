"""The command line's quiet output: each step's own messages (progress, counts) and failures, none of Dagster's
framework events (those stay in the run's logs in the UI; `run --verbose` prints them)."""

import logging
import sys
import time

import dagster as dg


class _StepMessages(logging.Handler):
    def __init__(self):
        super().__init__()
        self.started = time.monotonic()

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        clock = f"{time.monotonic() - self.started:6.1f}s"
        if event is None:
            step = meta.get("step_key") or "run"
            print(f"{clock}  {step}: {meta.get('orig_message', record.getMessage())}", file=sys.stderr, flush=True)
        elif event.event_type_value == "STEP_FAILURE":
            error = event.step_failure_data.error
            cause = error.cause or error
            print(f"{clock}  {meta.get('step_key')}: FAILED: {cause.cls_name}: {cause.message.strip()}",
                  file=sys.stderr, flush=True)


@dg.logger(description="Prints each step's own messages (progress, counts), not Dagster's events: the command "
           "line's quiet output. `python -m pipeline run --verbose` uses the console logger instead.")
def quiet_cli_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = logging.getLogger("pipeline.cli")
    logger.setLevel(logging.INFO)
    logger.handlers = [_StepMessages()]
    logger.propagate = False
    return logger
