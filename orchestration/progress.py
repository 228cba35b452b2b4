"""The `progress` logger: the assets' own progress lines, not Dagster's event chatter.

Defined at module level (not inside the CLI) so that step processes of the multiprocess
executor, which rebuild the job from this code, have it too.
"""

import logging
import sys
import time

from dagster import logger


class ProgressHandler(logging.Handler):
    """Prints INFO lines from the assets with the seconds since the logger started."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.t0 = time.monotonic()

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        if meta.get("dagster_event") is not None:
            event = meta["dagster_event"]
            if event.event_type_value in ("STEP_FAILURE", "RUN_FAILURE"):
                error = getattr(event.event_specific_data, "error", None)
                detail = error_summary(error) if error else event.message
                print(f"  ✗ {event.step_key or 'run'}: {detail}", file=sys.stderr, flush=True)
            return
        if record.levelno >= logging.INFO:
            message = meta.get("orig_message", record.getMessage())
            print(f"  [{time.monotonic() - self.t0:6.1f}s] {message}", flush=True)


def error_summary(error) -> str:
    """The innermost cause's message, e.g. "RuntimeError: ..." rather than Dagster's wrapper."""
    while getattr(error, "cause", None) is not None:
        error = error.cause
    return error.message.strip()


@logger(description="RuralPulse progress lines (used by `ruralpulse run`)")
def progress_logger(_init_context):
    log = logging.getLogger("ruralpulse.progress")
    log.setLevel(logging.INFO)
    log.handlers = [ProgressHandler()]
    log.propagate = False
    return log
