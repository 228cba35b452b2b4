"""One writer, many readers: a reader keeps working while another process holds the write lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from warehouse.db import WarehouseLockedError, connect, connect_reader, snapshot_path
from warehouse.queries import run_query_with_source

HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    import duckdb
    con = duckdb.connect(sys.argv[1])
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM core.dim_indicator")  # uncommitted: readers must not see it
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    """
)


@pytest.fixture
def published(tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    with connect(db, publish_snapshot=True) as con:
        con.execute("INSERT INTO core.dim_indicator VALUES ('x', 'X', 'count', '', '', '', '')")
        con.execute(
            "INSERT INTO quality.load_batches VALUES "
            "('r1', TIMESTAMP '2026-11-29 02:00:00', 1, 1, 0, 1, 1, 0, true)"
        )
    return db


def _hold_lock(db: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_writer_publishes_a_snapshot(published: Path) -> None:
    assert snapshot_path(published).exists()
    with connect(snapshot_path(published), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM core.dim_indicator").fetchone() == (1,)


def test_reader_falls_back_to_the_snapshot_while_a_writer_holds_the_file(published: Path):
    writer = _hold_lock(published, 20)
    try:
        t0 = time.monotonic()
        frame, freshness = run_query_with_source(
            published, "SELECT indicator_id FROM core.dim_indicator"
        )
        elapsed = time.monotonic() - t0
    finally:
        writer.kill()
        writer.wait()
    assert frame["indicator_id"].tolist() == ["x"]
    assert "snapshot" in freshness and "last load 2026-11-29 02:00:00" in freshness
    assert elapsed < 5  # no waiting for the writer


def test_reader_prefers_the_live_file(published: Path) -> None:
    with connect_reader(published) as (_con, source):
        assert source.live and source.path == published


def test_without_a_snapshot_a_locked_file_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with connect(db):
        pass
    writer = _hold_lock(db, 20)
    try:
        with (
            pytest.raises(WarehouseLockedError, match="locked by another process"),
            connect_reader(db),
        ):
            pass
    finally:
        writer.kill()
        writer.wait()
