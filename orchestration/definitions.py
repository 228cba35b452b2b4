"""The Dagster code location: `dagster dev` / `dg dev` load `defs` from here."""

from __future__ import annotations

from dagster import Definitions, multi_or_in_process_executor

from orchestration import settings
from orchestration.assets import ALL_ASSETS
from orchestration.automation import ALL_JOBS, ALL_SCHEDULES, ALL_SENSORS
from orchestration.checks import ALL_CHECKS
from orchestration.progress import progress_logger
from orchestration.resources import InboxResource, QualityResource, WarehouseResource


def build_definitions(db_path: str | None = None, inbox: list[str] | None = None) -> Definitions:
    """Definitions bound to a warehouse file and inbox folders (defaults: env, then data/)."""
    db = settings.db_path(db_path)
    return Definitions(
        assets=ALL_ASSETS,
        asset_checks=ALL_CHECKS,
        jobs=ALL_JOBS,
        schedules=ALL_SCHEDULES,
        sensors=ALL_SENSORS,
        # in-process or multiprocess, chosen per run: `ruralpulse run` and the sensor pick
        # in-process for small increments (a step process takes seconds to start) and one
        # process per shard for large ones; the loader stays the single writer either way
        executor=multi_or_in_process_executor,
        loggers={"progress": progress_logger},
        resources={
            "warehouse": WarehouseResource(db_path=str(db.absolute())),
            "inbox": InboxResource(
                paths=settings.inbox_paths(inbox),
                staging_dir=str(settings.staging_dir(db).absolute()),
            ),
            "quality": QualityResource(gx_dir=str(settings.gx_dir(db).absolute())),
        },
    )


defs = build_definitions()
