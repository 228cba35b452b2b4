"""Run the pipeline in-process against the Dagster instance in DAGSTER_HOME, with progress,
and print what it loaded. Also the `lineage` view of the asset graph."""

from __future__ import annotations

import importlib
import os
import socket
import threading
import time
from pathlib import Path

from orchestration import settings
from orchestration.workload import choose_workers, estimate_new_files, run_config

PIPELINE_JOB = "ruralpulse_pipeline"


LAUNCHER_TAG = "ruralpulse/launcher"
PID_TAG = "ruralpulse/pid"
HOST_TAG = "ruralpulse/host"


def _launch_tags() -> dict[str, str]:
    return {LAUNCHER_TAG: "cli", PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}


def _process_alive(pid: int) -> bool:
    cmdline = Path(f"/proc/{pid}/cmdline")
    try:
        return b"orchestration" in cmdline.read_bytes() or b"ruralpulse" in cmdline.read_bytes()
    except OSError:
        return False


def recover_abandoned_runs(instance) -> list[str]:
    """Runs of this machine whose process died (kill -9, power loss) still look STARTED and
    hold the writer pool's slot, which would make every later run wait forever. Mark them
    failed and free their slots."""
    from dagster import DagsterRunStatus, RunsFilter

    recovered = []
    started = instance.get_runs(
        filters=RunsFilter(
            statuses=[DagsterRunStatus.STARTED, DagsterRunStatus.STARTING],
            tags={LAUNCHER_TAG: "cli", HOST_TAG: socket.gethostname()},
        )
    )
    for run in started:
        pid = int(run.tags.get(PID_TAG, "0") or 0)
        if pid and not _process_alive(pid):
            instance.report_run_failed(run, "the process running it is gone (killed or crashed)")
            instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
            recovered.append(run.run_id)
            print(f"  recovered abandoned run {run.run_id[:8]} (process {pid} is gone)")
    return recovered


def pipeline_job():
    """The pipeline job as the multiprocess executor rebuilds it in each step process
    (warehouse and inbox come from RURALPULSE_DB / RURALPULSE_INBOX)."""
    from orchestration.definitions import build_definitions

    return build_definitions().resolve_job_def(PIPELINE_JOB)


def _import_in_background(module: str) -> None:
    """Great Expectations takes seconds to import; a one-process run needs it only at the
    validation step, so the import starts now and overlaps listing the inbox and planning."""
    threading.Thread(target=importlib.import_module, args=(module,), daemon=True).start()


def run_pipeline(
    db: Path,
    *,
    inbox: list[str] | None = None,
    full_refresh: bool = False,
    purge_missing: bool = False,
    workers: int | None = None,
) -> int:
    home = settings.ensure_dagster_home(db)
    from dagster import DagsterInstance, execute_job, reconstructable

    inbox_paths = settings.inbox_paths(inbox)
    new_files = estimate_new_files(db, inbox_paths, full_refresh)
    workers = choose_workers(workers, new_files)
    if workers == 1:
        _import_in_background("great_expectations")
    print(
        f"RuralPulse run: inbox {', '.join(inbox_paths)} -> {db} "
        f"(about {new_files} new files, {workers} worker{'s' if workers > 1 else ''})"
    )
    # step processes rebuild the definitions from the environment
    os.environ["RURALPULSE_DB"] = str(db.absolute())
    os.environ["RURALPULSE_INBOX"] = os.pathsep.join(str(Path(p).absolute()) for p in inbox_paths)
    config = {
        **run_config(workers, full_refresh=full_refresh, purge_missing=purge_missing),
        "loggers": {"progress": {}},
    }
    with DagsterInstance.get() as instance:
        recover_abandoned_runs(instance)
        with execute_job(
            reconstructable(pipeline_job),
            instance=instance,
            run_config=config,
            raise_on_error=False,
            tags=_launch_tags(),
        ) as result:
            ok, run_id = result.success, result.run_id
    print(
        f"run {run_id}: {'success' if ok else 'FAILED'} "
        f"(Dagster home {home}; see it with `ruralpulse ui`)"
    )
    _print_summary(db)
    return 0 if ok else 1


def _print_summary(db: Path) -> None:
    from warehouse.db import connect_reader
    from warehouse.queries import ingest_errors, summary

    if not db.exists():
        print("no warehouse was written")
        return
    with connect_reader(db) as (con, _source):
        s = summary(con)
        errors = ingest_errors(con)
    width = 22
    print()
    print("Loaded into the warehouse")
    print(f"  {'documents':<{width}} {s['documents']:>8}")
    print(
        f"  {'metrics':<{width}} {s['metrics']:>8}   ({s['classified']} with an indicator, "
        f"{s['with_region']} with a region)"
    )
    print(f"  {'quarantined metrics':<{width}} {s['quarantined']:>8}   (quality.quarantine)")
    print(f"  {'ingest errors':<{width}} {s['ingest_errors']:>8}   (raw.ingest_errors)")
    for uri, error, _detail in errors[:10]:
        print(f"      {error}: {uri}")
    print(f"  {'warehouse':<{width}} {db}")
    gx_index = (
        settings.gx_dir(db) / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    )
    print(f"  {'data docs':<{width}} {gx_index}")
    print('Query it: ruralpulse query "SELECT surface, value, unit FROM core.fct_metric LIMIT 10"')


def print_lineage(db: Path) -> int:
    """The asset graph, upstream first, with each asset's last materialization."""
    settings.ensure_dagster_home(db)
    from dagster import DagsterInstance, DagsterRunStatus, RunsFilter

    from orchestration.definitions import build_definitions

    graph = build_definitions(str(db)).resolve_asset_graph()
    keys = list(graph.toposorted_asset_keys)
    with DagsterInstance.get() as instance:
        for key in keys:
            node = graph.get(key)
            parents = ", ".join(p.to_user_string() for p in sorted(node.parent_keys, key=str))
            event = instance.get_latest_materialization_event(key)
            if event and event.asset_materialization:
                meta = event.asset_materialization.metadata
                rows = next(
                    (meta[k].value for k in ("row_count", "batch_rows", "table_rows") if k in meta),
                    "",
                )
                when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(event.timestamp))
                last = f"last {when} rows={rows} run={event.run_id[:8]}"
            else:
                last = "never materialized"
            print(f"{key.to_user_string():<32} <- {parents or '(source)':<60} {last}")
        failed = instance.get_runs(filters=RunsFilter(statuses=[DagsterRunStatus.FAILURE]), limit=5)
    if failed:
        print("\nRecent failed runs (see them in `ruralpulse ui`):")
        for run in failed:
            print(f"  {run.run_id[:8]} {run.job_name} tags={dict(run.tags)}")
    return 0
