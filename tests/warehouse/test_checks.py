"""The revalidation check reads back exactly the rows its run loaded (or a sample of them)."""

from __future__ import annotations

import shutil
from pathlib import Path

from sources.inbox import sample_corpus_dir
from tests.warehouse.conftest import load
from warehouse.checks import revalidate_loaded_metrics
from warehouse.db import connect


def _two_inboxes(tmp_path: Path) -> tuple[Path, Path]:
    files = sorted(p for p in sample_corpus_dir().iterdir() if p.is_file())
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, part in ((first, files[::2]), (second, files[1::2])):
        folder.mkdir()
        for f in part:
            shutil.copy(f, folder / f.name)
    return first, second


def test_the_sample_is_drawn_from_the_runs_own_rows(tmp_path: Path, make_batch) -> None:
    first, second = _two_inboxes(tmp_path)
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        load(con, make_batch(first, "run-1"), "run-1")
        load(con, make_batch(second, "run-2"), "run-2")
        (loaded,) = con.execute(
            "SELECT count(*) FROM core.fct_metric WHERE run_id = 'run-2'"
        ).fetchone()
        (total,) = con.execute("SELECT count(*) FROM core.fct_metric").fetchone()
    assert 10 < loaded < total
    with connect(db, read_only=True) as con:
        whole = revalidate_loaded_metrics(con, tmp_path / "gx", "run-2", "check-1")
        sample = revalidate_loaded_metrics(con, tmp_path / "gx", "run-2", "check-2", 10)
    assert (whole.checked, whole.failed) == (loaded, 0)
    # a sample of the whole table filtered afterwards would hold fewer of run-2's rows
    assert (sample.checked, sample.failed) == (10, 0)
