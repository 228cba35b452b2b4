"""The whole pipeline, for real: `ruralpulse run` materializes every asset against a Dagster
instance in a temporary DAGSTER_HOME and loads a real DuckDB file."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED_DIR
from warehouse.db import connect

RURALPULSE = [sys.executable, "-m", "orchestration.cli"]
CONTENT = {
    "core.fct_metric": 'SELECT * EXCLUDE (run_id, loaded_at) FROM core.fct_metric ORDER BY doc_id, start, "end"',
    "raw.documents": "SELECT * EXCLUDE (run_id, loaded_at, fetched_at) FROM raw.documents ORDER BY doc_id",
    "raw.ingest_errors": "SELECT * EXCLUDE (run_id, recorded_at) FROM raw.ingest_errors ORDER BY source_uri",
    "quality.quarantine": "SELECT * EXCLUDE (run_id, quarantined_at) FROM quality.quarantine ORDER BY doc_id, start",
    "marts.latest_indicator_value": "SELECT * FROM marts.latest_indicator_value ORDER BY ALL",
}


def ruralpulse(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [*RURALPULSE, *args], capture_output=True, text=True, env=env, timeout=600
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"ruralpulse {args[0]} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory, seed_text: str):
    tmp = tmp_path_factory.mktemp("pipeline")
    inbox = tmp / "inbox"
    inbox.mkdir()
    (inbox / "seed.txt").write_text(seed_text, encoding="utf-8")
    (inbox / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (inbox / "empty.md").write_text("")
    db = tmp / "warehouse.duckdb"
    env = {**os.environ, "DAGSTER_HOME": str(tmp / "dagster_home"), "GX_ANALYTICS_ENABLED": "false"}
    first = ruralpulse("run", "--inbox", str(inbox), "--db", str(db), env=env)
    with connect(db, read_only=True) as con:
        snapshot_1 = {k: con.execute(q).fetchall() for k, q in CONTENT.items()}
    second = ruralpulse("run", "--inbox", str(inbox), "--db", str(db), env=env)
    with connect(db, read_only=True) as con:
        snapshot_2 = {k: con.execute(q).fetchall() for k, q in CONTENT.items()}
    return {
        "db": db,
        "env": env,
        "inbox": inbox,
        "first": first,
        "second": second,
        "snapshots": (snapshot_1, snapshot_2),
        "home": tmp / "dagster_home",
    }


def test_seed_metrics_are_in_the_fact_table(pipeline) -> None:
    expected = json.loads((SEED_DIR / "expected_metrics.json").read_text())["metrics"]
    with connect(pipeline["db"], read_only=True) as con:
        rows = con.execute(
            'SELECT start, "end", surface, value, unit, bound, is_target FROM core.fct_metric '
            "ORDER BY start"
        ).fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (e["start"], e["end"], e["surface"]) for e in expected
    ]
    assert [(r[3], r[4], r[5], r[6]) for r in rows] == [
        (float(e["value"]), e["unit"], e["bound"], e["is_target"]) for e in expected
    ]


def test_bad_files_are_recorded_and_the_good_one_loads(pipeline) -> None:
    with connect(pipeline["db"], read_only=True) as con:
        errors = dict(con.execute("SELECT source_uri, error FROM raw.ingest_errors").fetchall())
        docs = con.execute("SELECT count(*) FROM raw.documents").fetchone()[0]
    assert docs == 1
    by_name = {Path(uri).name: err for uri, err in errors.items()}
    assert by_name["empty.md"] == "empty file"
    assert by_name["broken.txt"].startswith("binary content")
    assert "ingest errors" in pipeline["first"].stdout


def test_rerun_gives_identical_tables(pipeline) -> None:
    # the second run is incremental: the unchanged file is not extracted again
    assert re.search(r"plan: \d+ files, 1 unchanged", pipeline["second"].stdout)
    assert "0 documents, 0 metrics" in pipeline["second"].stdout
    first, second = pipeline["snapshots"]
    assert first == second
    assert len(first["core.fct_metric"]) == 12
    assert first["marts.latest_indicator_value"]


def test_run_prints_what_it_loaded(pipeline) -> None:
    out = pipeline["first"].stdout
    for word in ("documents", "metrics", "quarantined", "ingest errors", str(pipeline["db"])):
        assert word in out
    assert "success" in out


def test_runs_are_recorded_in_the_dagster_instance(pipeline) -> None:
    from dagster import AssetKey, DagsterInstance

    with DagsterInstance.from_config(str(pipeline["home"])) as instance:
        runs = instance.get_runs()
        event = instance.get_latest_materialization_event(AssetKey(["core", "fct_metric"]))
    assert len(runs) == 2 and all(r.is_success for r in runs)
    assert event.asset_materialization.metadata["table_rows"].value == 12


def test_query_returns_the_metrics_as_json(pipeline) -> None:
    proc = ruralpulse(
        "query",
        "--db",
        str(pipeline["db"]),
        "--format",
        "json",
        "SELECT surface, value, unit FROM core.fct_metric ORDER BY start",
        env=pipeline["env"],
    )
    rows = json.loads(proc.stdout)
    assert len(rows) == 12
    assert rows[5] == {"surface": "nearly 23 billion yuan", "value": 23e9, "unit": "CNY"}


def test_query_cannot_drop_a_table(pipeline) -> None:
    proc = ruralpulse(
        "query",
        "--db",
        str(pipeline["db"]),
        "drop table core.fct_metric",
        env=pipeline["env"],
        check=False,
    )
    assert proc.returncode == 1
    assert "read-only" in proc.stderr
    with connect(pipeline["db"], read_only=True) as con:
        assert con.execute("SELECT count(*) FROM core.fct_metric").fetchone()[0] == 12


def test_tables_and_lineage_commands(pipeline) -> None:
    tables = ruralpulse("tables", "--db", str(pipeline["db"]), env=pipeline["env"]).stdout
    assert "core.fct_metric" in tables and "12" in tables
    lineage = ruralpulse("lineage", "--db", str(pipeline["db"]), env=pipeline["env"]).stdout
    assert "core/fct_metric" in lineage and "never materialized" not in lineage


def test_data_docs_are_written(pipeline) -> None:
    index = (
        pipeline["db"].parent
        / "gx"
        / "gx"
        / "uncommitted"
        / "data_docs"
        / "local_site"
        / "index.html"
    )
    assert index.exists()


def test_the_seed_pairing_is_in_fct_pairing(pipeline) -> None:
    with connect(pipeline["db"], read_only=True) as con:
        pairs = con.execute(
            "SELECT supporter_region_code, supported_region_code FROM core.fct_pairing"
        ).fetchall()
        mart = con.execute(
            "SELECT count(*) FROM marts.east_west_cooperation "
            "WHERE supporter_region_code = '330802' AND supported_region_code = '510726'"
        ).fetchone()
    assert pairs == [("330802", "510726")]  # Kecheng District supports Beichuan
    assert mart[0] >= 1


def _two_file_inbox(tmp_path: Path, seed_text: str) -> tuple[Path, Path, dict[str, str]]:
    """An inbox with the seed and one short document, a warehouse path and a Dagster home."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "seed.txt").write_text(seed_text, encoding="utf-8")
    (inbox / "other.txt").write_text("The county relocated 3,200 households in 2023.\n")
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "home"), "GX_ANALYTICS_ENABLED": "false"}
    return inbox, tmp_path / "w.duckdb", env


def test_deleted_files_are_kept_unless_purged(tmp_path: Path, seed_text: str) -> None:
    inbox, db, env = _two_file_inbox(tmp_path, seed_text)
    count = "SELECT count(*) FROM raw.documents"
    ruralpulse("run", "--inbox", str(inbox), "--db", str(db), env=env)
    (inbox / "other.txt").unlink()
    ruralpulse("run", "--inbox", str(inbox), "--db", str(db), env=env)
    with connect(db, read_only=True) as con:
        assert con.execute(count).fetchone() == (2,)  # kept
    ruralpulse("run", "--inbox", str(inbox), "--db", str(db), "--purge-missing", env=env)
    with connect(db, read_only=True) as con:
        assert con.execute(count).fetchone() == (1,)
        orphans = con.execute(
            "SELECT count(*) FROM core.fct_metric WHERE doc_id NOT IN "
            "(SELECT doc_id FROM raw.documents)"
        ).fetchone()
        assert orphans == (0,)
        assert con.execute("SELECT count(*) FROM core.fct_metric").fetchone() == (12,)


def test_full_refresh_re_extracts_stored_documents_whose_files_are_gone(
    tmp_path: Path, seed_text: str
) -> None:
    inbox, db, env = _two_file_inbox(tmp_path, seed_text)
    metrics = 'SELECT doc_id, start, "end", value, run_id FROM core.fct_metric ORDER BY ALL'
    ruralpulse("run", "--inbox", str(inbox), "--db", str(db), env=env)
    with connect(db, read_only=True) as con:
        before = con.execute(metrics).fetchall()
    (inbox / "other.txt").unlink()
    out = ruralpulse("run", "--inbox", str(inbox), "--db", str(db), "--full-refresh", env=env)
    assert "re-extracting 1 stored documents" in out.stdout
    assert "load: 2 documents" in out.stdout  # the file in the inbox and the stored one
    with connect(db, read_only=True) as con:
        after = con.execute(metrics).fetchall()
    assert [r[:4] for r in after] == [r[:4] for r in before]  # same figures
    assert {r[4] for r in after} != {r[4] for r in before}  # all loaded again by this run
