"""Jobs, the daily schedule, the inbox sensor and the run-failure sensor."""

import hashlib
import json
import os
from pathlib import Path

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunFailureSensorContext,
    RunRequest,
    SensorEvaluationContext,
    SkipReason,
    define_asset_job,
    run_failure_sensor,
    schedule,
    sensor,
)

from orchestration.resources import InboxResource
from sources.formats import PARSERS

pipeline_job = define_asset_job(
    "ruralpulse_pipeline",
    selection=AssetSelection.all(),
    description="Ingest the inbox, extract, validate, load the warehouse and refresh the marts.",
)


@schedule(
    job=pipeline_job,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Shanghai",
    default_status=DefaultScheduleStatus.RUNNING,
    description="Every morning at 06:00 China time, over the configured sources.",
)
def daily_pipeline_schedule(context):
    return RunRequest(run_key=f"daily-{context.scheduled_execution_time:%Y-%m-%d}")


def inbox_fingerprint(paths: list[str]) -> dict[str, str]:
    """Path -> "size:mtime_ns" of every supported file under the inbox folders (stat only)."""
    seen: dict[str, str] = {}
    for root in paths:
        base = Path(root)
        if not base.exists():
            continue
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for p in files:
            if p.suffix.lower() in PARSERS and not p.name.startswith("."):
                st = p.stat()
                seen[os.path.abspath(p)] = f"{st.st_size}:{st.st_mtime_ns}"
    return seen


@sensor(
    job=pipeline_job,
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description="Starts a run when a file is added to or changed in the inbox.",
)
def inbox_sensor(context: SensorEvaluationContext, inbox: InboxResource):
    previous: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    current = inbox_fingerprint(list(inbox.paths))
    changed = sorted(p for p, sig in current.items() if previous.get(p) != sig)
    if not changed:
        return SkipReason(f"no new or changed files among {len(current)}")
    digest = hashlib.sha256(
        json.dumps({p: current[p] for p in changed}, sort_keys=True).encode()
    ).hexdigest()[:16]
    context.update_cursor(json.dumps(current, sort_keys=True))
    return RunRequest(
        run_key=f"inbox-{digest}", tags={"ruralpulse/changed_files": str(len(changed))}
    )


@run_failure_sensor(
    default_status=DefaultSensorStatus.RUNNING,
    description="Records failed runs so `ruralpulse` and the UI show them.",
)
def record_run_failure(context: RunFailureSensorContext):
    context.log.error(
        f"run {context.dagster_run.run_id} of {context.dagster_run.job_name} failed: "
        f"{context.failure_event.message}"
    )


ALL_JOBS = [pipeline_job]
ALL_SCHEDULES = [daily_pipeline_schedule]
ALL_SENSORS = [inbox_sensor, record_run_failure]
