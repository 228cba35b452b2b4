"""How a run executes: in one process, or one process per shard.

A step process takes seconds to start (it imports Dagster, pandas and the code location), so a
run that reads a few files is faster in one process; a run that reads thousands gains from one
staging process per CPU. `ruralpulse run`, the schedule and the inbox sensor all decide the same
way, from an estimate of the files the run will read: the inbox's files (counted by name) less
the documents the warehouse already holds from under it by the current extractor. The run's
planning step then lists the inbox exactly; the estimate keeps the CLI from listing it twice.
Files edited in place are not in the estimate: to re-read thousands of them in parallel, pass
--workers.
"""

from __future__ import annotations

import os
from pathlib import Path

PARALLEL_FROM_FILES = 2000
# Great Expectations takes seconds to import and every staging step validates with it.
PRELOAD_MODULES = (
    "orchestration.definitions",
    "warehouse.batches",
    "warehouse.quality",
    "great_expectations",
)


def estimate_new_files(db: Path, inbox_paths: list[str], full_refresh: bool = False) -> int:
    """About how many inbox files a run would read (see the module docstring)."""
    from sources.inbox import count_files
    from transforms.extract import reading_version
    from warehouse.db import connect_reader
    from warehouse.queries import stored_under

    files = count_files(inbox_paths)
    if full_refresh or not Path(db).exists():
        return files
    with connect_reader(db) as (con, _source):
        stored = stored_under(con, inbox_paths, reading_version())
    return max(0, files - stored)


def choose_workers(requested: int | None, new_files: int) -> int:
    """Explicit --workers wins; else every core once the work outweighs starting processes."""
    if requested:
        return max(1, requested)
    return (os.cpu_count() or 1) if new_files >= PARALLEL_FROM_FILES else 1


def plan_config(**options: object) -> dict:
    """Run config for the planning op, which sits inside the stage_inbox graph asset."""
    return {"stage_inbox": {"ops": {"plan_inbox": {"config": options}}}}


def run_config(workers: int, **options: object) -> dict:
    """Executor and shard count for a run with this many workers (plus planning options)."""
    # forkserver with the code preloaded: a step process is a fork of a warm server, not a new
    # interpreter importing Dagster, pandas and the definitions (seconds per step)
    multiprocess = {
        "max_concurrent": workers,
        "start_method": {"forkserver": {"preload_modules": list(PRELOAD_MODULES)}},
    }
    executor = {"multiprocess": multiprocess} if workers > 1 else {"in_process": {}}
    return {
        "ops": plan_config(shards=workers, **options),
        "execution": {"config": executor},
    }
