"""Snapshot of the Dagster definitions, and the schedule and sensor with Dagster's build contexts."""

from __future__ import annotations

import os
from pathlib import Path

from dagster import RunRequest, SkipReason, build_schedule_context, build_sensor_context

from orchestration.automation import daily_pipeline_schedule, inbox_sensor
from orchestration.definitions import build_definitions
from orchestration.resources import InboxResource, WarehouseResource

# ingest/, extract/ and validate/ are the outputs of one graph-backed asset (stage_inbox:
# plan -> one step per shard -> collect), so each depends on the reference data it reads.
REF = ["core/dim_indicator", "core/dim_region"]
EXPECTED_ASSETS = {
    "ingest/documents": REF,
    "ingest/errors": REF,
    "ingest/missing": REF,
    "core/dim_region": [],
    "core/dim_indicator": [],
    "extract/metrics": REF,
    "validate/metrics": REF,
    "extract/pairings": REF,
    "core/fct_pairing": ["extract/pairings"],
    "marts/east_west_cooperation": [
        "core/dim_document",
        "core/dim_indicator",
        "core/dim_region",
        "core/fct_metric",
        "core/fct_pairing",
    ],
    "raw/documents": ["ingest/documents", "ingest/missing"],
    "raw/ingest_errors": ["ingest/errors"],
    "staging/metric_candidates": ["validate/metrics"],
    "core/dim_document": ["ingest/documents", "validate/metrics"],
    "core/fct_metric": ["validate/metrics"],
    "quality/quarantine": ["validate/metrics"],
    "quality/validation_runs": ["validate/metrics"],
    "quality/load_batches": ["ingest/documents", "ingest/errors", "validate/metrics"],
    "marts/latest_indicator_value": [
        "core/dim_document",
        "core/dim_indicator",
        "core/dim_region",
        "core/fct_metric",
    ],
    "marts/indicator_time_series": [
        "core/dim_document",
        "core/dim_indicator",
        "core/dim_region",
        "core/fct_metric",
    ],
}


def test_asset_graph_snapshot(tmp_path: Path) -> None:
    defs = build_definitions(str(tmp_path / "w.duckdb"), [str(tmp_path)])
    graph = defs.resolve_asset_graph()
    actual = {
        k.to_user_string(): sorted(p.to_user_string() for p in graph.get(k).parent_keys)
        for k in graph.get_all_asset_keys()
    }
    assert actual == EXPECTED_ASSETS
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description, key
        assert node.owners, key
        assert node.group_name == key.path[0] or (
            key.path[0] == "core"
            and node.group_name
            in (
                "core",
                "reference",
            )
        ), key


def test_checks_jobs_schedules_sensors(tmp_path: Path) -> None:
    defs = build_definitions(str(tmp_path / "w.duckdb"), [str(tmp_path)])
    graph = defs.resolve_asset_graph()
    checks = sorted(f"{k.asset_key.to_user_string()}:{k.name}" for k in graph.asset_check_keys)
    assert checks == [
        "core/fct_metric:loaded_metrics_pass_suite",
        "quality/load_batches:load_is_balanced",
        "validate/metrics:gx_metric_suite",
    ]
    assert defs.resolve_job_def("ruralpulse_pipeline") is not None
    assert [s.name for s in defs.schedules] == ["daily_pipeline_schedule"]
    assert sorted(s.name for s in defs.sensors) == ["inbox_sensor", "record_run_failure"]
    assert daily_pipeline_schedule.execution_timezone == "Asia/Shanghai"


def test_marts_have_freshness_policies(tmp_path: Path) -> None:
    graph = build_definitions(str(tmp_path / "w.duckdb"), [str(tmp_path)]).resolve_asset_graph()
    marts = [k for k in graph.get_all_asset_keys() if k.path[0] == "marts"]
    assert marts and all(graph.get(k).freshness_policy is not None for k in marts)


def test_assets_carry_the_extractor_version(tmp_path: Path) -> None:
    from transforms.extract import EXTRACTOR_VERSION

    graph = build_definitions(str(tmp_path / "w.duckdb"), [str(tmp_path)]).resolve_asset_graph()
    for key in ("extract/metrics", "validate/metrics", "core/fct_metric"):
        node = graph.get(next(k for k in graph.get_all_asset_keys() if k.to_user_string() == key))
        assert node.code_version == EXTRACTOR_VERSION


def test_writers_share_one_pool(tmp_path: Path) -> None:
    defs = build_definitions(str(tmp_path / "w.duckdb"), [str(tmp_path)])
    graph = defs.resolve_asset_graph()
    writers = [k for k in graph.get_all_asset_keys() if k.path[0] in ("raw", "core", "marts")]
    pools = {graph.get(k).pools and tuple(graph.get(k).pools) for k in writers}
    assert pools == {("duckdb_writer",)}


def test_schedule_requests_one_run_per_day(tmp_path: Path) -> None:
    import datetime as dt

    resources = {
        "inbox": InboxResource(paths=[str(tmp_path)]),
        "warehouse": WarehouseResource(db_path=str(tmp_path / "w.duckdb")),
    }
    ctx = build_schedule_context(
        scheduled_execution_time=dt.datetime(2026, 11, 29, 6, 0), resources=resources
    )
    request = daily_pipeline_schedule(ctx)
    assert isinstance(request, RunRequest)
    assert request.run_key == "daily-2026-11-29"
    # nothing much to read: one process (a step process costs seconds to start)
    assert request.run_config["execution"] == {"config": {"in_process": {}}}


def test_many_files_to_read_run_one_process_per_cpu(tmp_path: Path) -> None:
    from orchestration.workload import PARALLEL_FROM_FILES, choose_workers, run_config

    assert choose_workers(None, 10) == 1
    assert choose_workers(None, PARALLEL_FROM_FILES) == (os.cpu_count() or 1)
    assert choose_workers(3, 10) == 3
    cfg = run_config(2, full_refresh=True)
    multiprocess = cfg["execution"]["config"]["multiprocess"]
    assert multiprocess["max_concurrent"] == 2
    assert (
        "orchestration.definitions" in multiprocess["start_method"]["forkserver"]["preload_modules"]
    )
    plan = cfg["ops"]["stage_inbox"]["ops"]["plan_inbox"]["config"]
    assert plan == {"shards": 2, "full_refresh": True}


def test_inbox_sensor_fires_once_per_new_or_changed_file(tmp_path: Path) -> None:
    inbox = InboxResource(paths=[str(tmp_path)])
    warehouse = WarehouseResource(db_path=str(tmp_path / "w.duckdb"))
    resources = {"inbox": inbox, "warehouse": warehouse}
    ctx = build_sensor_context(resources=resources)
    assert isinstance(inbox_sensor(ctx), SkipReason)  # empty inbox

    (tmp_path / "a.txt").write_text("Some 300 households moved.")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    first = inbox_sensor(ctx)
    assert isinstance(first, RunRequest)
    assert first.tags["ruralpulse/inbox_files"] == "1"  # the .pdf is not read
    assert len(ctx.cursor) == 64  # a digest, whatever the size of the inbox

    ctx2 = build_sensor_context(resources=resources, cursor=ctx.cursor)
    assert isinstance(inbox_sensor(ctx2), SkipReason)  # nothing new: no second run

    (tmp_path / "a.txt").write_text("Some 400 households moved.")
    ctx3 = build_sensor_context(resources=resources, cursor=ctx2.cursor)
    again = inbox_sensor(ctx3)
    assert isinstance(again, RunRequest) and again.run_key != first.run_key


def test_the_executor_is_chosen_from_the_files_the_warehouse_lacks(tmp_path) -> None:
    import shutil

    import pandas as pd

    from orchestration.workload import estimate_new_files
    from sources.inbox import read_inbox, sample_corpus_dir
    from transforms.extract import reading_version
    from warehouse import frames
    from warehouse.db import connect
    from warehouse.load import load_batch
    from warehouse.staging import VALIDATION_COLUMNS

    inbox = tmp_path / "inbox"
    shutil.copytree(sample_corpus_dir(), inbox)
    (inbox / "sub").mkdir()
    (inbox / "sub" / "late.txt").write_text("Some 300 households moved.", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    files = sum(1 for p in inbox.rglob("*") if p.is_file())
    assert estimate_new_files(db, [str(inbox)]) == files  # no warehouse yet
    with connect(db) as con:
        load_batch(
            con,
            run_id="r1",
            documents=frames.documents_frame(read_inbox([inbox]).documents[:5]),
            errors=frames.errors_frame([]),
            candidates=frames.metrics_frame([]),
            validation=pd.DataFrame(columns=VALIDATION_COLUMNS),
            files_seen=files,
            extractor_version=reading_version(),
        )
    assert estimate_new_files(db, [str(inbox)]) == files - 5
    assert estimate_new_files(db, [str(inbox)], full_refresh=True) == files
    assert estimate_new_files(db, [str(inbox / "sub")]) == 1
