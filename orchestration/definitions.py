"""The Dagster code location: `dagster dev` / `dg dev` load `defs` from here."""

from __future__ import annotations

from dagster import Definitions, in_process_executor

from orchestration import settings
from orchestration.assets import ALL_ASSETS
from orchestration.automation import ALL_JOBS, ALL_SCHEDULES, ALL_SENSORS
from orchestration.checks import ALL_CHECKS
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
        # one process per run: steps share imports (GX alone takes seconds to import) and the
        # warehouse has a single writer anyway
        executor=in_process_executor,
        resources={
            "warehouse": WarehouseResource(db_path=str(db.absolute())),
            "inbox": InboxResource(paths=settings.inbox_paths(inbox)),
            "quality": QualityResource(gx_dir=str(settings.gx_dir(db).absolute())),
        },
    )


defs = build_definitions()
