"""Crash safety and one-writer-many-readers, for real: `ruralpulse run` processes killed with
SIGKILL mid-run, two runs at once, and queries in a loop while a run loads."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sources.inbox import sample_corpus_dir
from tests.conftest import SEED_FILE
from warehouse.db import connect
from warehouse.queries import run_query_with_source

CONTENT = {
    "core.fct_metric": 'SELECT * EXCLUDE (run_id, loaded_at) FROM core.fct_metric ORDER BY doc_id, start, "end"',
    "raw.documents": "SELECT doc_id, source_uri, text FROM raw.documents ORDER BY doc_id",
    "quality.quarantine": 'SELECT doc_id, start, "end", reason FROM quality.quarantine ORDER BY ALL',
    "raw.ingest_errors": "SELECT source_uri, error FROM raw.ingest_errors ORDER BY ALL",
}
DUPLICATES = (
    'SELECT count(*) FROM (SELECT doc_id, start, "end" FROM core.fct_metric GROUP BY ALL '
    "HAVING count(*) > 1)"
)
KILL_AFTER_S = (1.5, 3.5, 5.5, 7.5, 9.5, 11.5)


def _start(inbox: Path, db: Path, home: Path) -> subprocess.Popen:
    env = {**os.environ, "DAGSTER_HOME": str(home), "GX_ANALYTICS_ENABLED": "false"}
    return subprocess.Popen(
        [sys.executable, "-m", "orchestration.cli", "run", "--inbox", str(inbox), "--db", str(db)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # SIGKILL reaches the whole tree (compute-log tails too)
    )


def _run(inbox: Path, db: Path, home: Path) -> str:
    proc = _start(inbox, db, home)
    out, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, out
    return out


def _content(db: Path) -> dict[str, list[tuple]]:
    with connect(db, read_only=True) as con:
        assert con.execute(DUPLICATES).fetchone() == (0,)
        return {name: con.execute(sql).fetchall() for name, sql in CONTENT.items()}


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inbox")
    for f in sample_corpus_dir().iterdir():
        shutil.copy(f, folder / f.name)
    shutil.copy(SEED_FILE, folder / SEED_FILE.name)
    return folder


@pytest.fixture(scope="module")
def clean(inbox: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    tmp = tmp_path_factory.mktemp("clean")
    _run(inbox, tmp / "w.duckdb", tmp / "home")
    return _content(tmp / "w.duckdb")


def test_kill_9_at_any_moment_then_rerun_matches_a_clean_run(inbox, clean, tmp_path) -> None:
    db, home = tmp_path / "w.duckdb", tmp_path / "home"
    killed = 0
    for delay in KILL_AFTER_S:
        proc = _start(inbox, db, home)
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait()
        if db.exists():  # whatever the moment, the file opens and has no duplicates
            _content(db)
    _run(inbox, db, home)
    after = _content(db)
    lost = len(clean["core.fct_metric"]) - len(after["core.fct_metric"])
    print(
        f"\nreliability: runs killed {killed}, duplicates found 0, rows lost {lost}, "
        f"metrics {len(after['core.fct_metric'])}"
    )
    assert killed >= 3
    assert after == clean


def test_two_runs_at_once_both_succeed_and_match(inbox, clean, tmp_path) -> None:
    db = tmp_path / "w.duckdb"
    procs = [_start(inbox, db, tmp_path / f"home{i}") for i in range(2)]
    outs = [p.communicate(timeout=600)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert _content(db) == clean


def test_queries_keep_working_while_a_run_loads(inbox, clean, tmp_path) -> None:
    db, home = tmp_path / "w.duckdb", tmp_path / "home"
    _run(inbox, db, home)  # something to read
    proc = _start(inbox, db, home)
    answers, sources = [], set()
    try:
        while proc.poll() is None:
            frame, freshness = run_query_with_source(
                db, "SELECT count(*) AS n FROM core.fct_metric"
            )
            answers.append(int(frame["n"][0]))
            sources.add(freshness.split(" ")[0])
            time.sleep(0.05)
    finally:
        proc.wait(timeout=600)
    assert proc.returncode == 0
    expected = len(clean["core.fct_metric"])
    print(f"\nreliability: {len(answers)} queries during a run, sources {sorted(sources)}")
    assert len(answers) > 20
    assert set(answers) == {expected}  # every answer is a committed state, never half a load
