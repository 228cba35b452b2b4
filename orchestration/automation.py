"""Jobs, the daily schedule, the inbox sensor and the run-failure sensor."""

import hashlib
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

from orchestration.resources import InboxResource, WarehouseResource
from orchestration.workload import choose_workers, estimate_new_files, run_config
from sources.formats import PARSERS
from sources.inbox import list_inbox

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
def daily_pipeline_schedule(context, inbox: InboxResource, warehouse: WarehouseResource):
    workers = choose_workers(None, estimate_new_files(Path(warehouse.db_path), list(inbox.paths)))
    return RunRequest(
        run_key=f"daily-{context.scheduled_execution_time:%Y-%m-%d}",
        run_config=run_config(workers),
    )


def inbox_fingerprint(paths: list[str]) -> tuple[str, int]:
    """A digest of (path, size, mtime) of every supported file under the inbox (stat only), and
    the file count. The cursor keeps only the digest, so it stays small for any inbox; the run
    itself finds out which files are new (it is incremental)."""
    files, _errors = list_inbox(paths)
    digest = hashlib.sha256()
    count = 0
    for f in files:
        name = Path(f.path).name
        if Path(name).suffix.lower() in PARSERS and not name.startswith("."):
            digest.update(f"{f.uri}\0{f.size}\0{f.mtime_ns}\n".encode())
            count += 1
    return digest.hexdigest(), count


@sensor(
    job=pipeline_job,
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description="Starts a run when a file is added to or changed in the inbox.",
)
def inbox_sensor(
    context: SensorEvaluationContext, inbox: InboxResource, warehouse: WarehouseResource
):
    digest, count = inbox_fingerprint(list(inbox.paths))
    if count == 0:
        return SkipReason("the inbox holds no supported files")
    if context.cursor == digest:
        return SkipReason(f"no new or changed files among {count}")
    context.update_cursor(digest)
    new_files = estimate_new_files(Path(warehouse.db_path), list(inbox.paths))
    return RunRequest(
        run_key=f"inbox-{digest[:16]}",
        run_config=run_config(choose_workers(None, new_files)),
        tags={"ruralpulse/inbox_files": str(count), "ruralpulse/new_files": str(new_files)},
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
