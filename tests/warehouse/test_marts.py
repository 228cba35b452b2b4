"""Incremental mart refresh gives exactly what a whole rebuild gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from sources.inbox import sample_corpus_dir
from tests.warehouse.conftest import load
from warehouse.db import connect
from warehouse.mart_refresh import METRIC_MARTS, refresh_marts

TABLES = [m.table for m in METRIC_MARTS] + ["marts.east_west_cooperation"]


def _contents(con) -> dict[str, list[tuple]]:
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}


def _rebuilt(con, db: Path) -> dict[str, list[tuple]]:
    """The marts as a whole rebuild makes them, on a copy of the warehouse."""
    con.execute("CHECKPOINT")
    copy = db.with_name("rebuilt.duckdb")
    shutil.copyfile(db, copy)
    with connect(copy) as other:
        assert refresh_marts(other, full=True).mode == "full"
        return _contents(other)


def test_incremental_refresh_equals_a_rebuild(tmp_path: Path, make_batch) -> None:
    files = sorted(p for p in sample_corpus_dir().iterdir() if p.is_file())
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for f in files[:9]:
        shutil.copy(f, inbox / f.name)
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        load(con, make_batch(inbox, "run-1"), "run-1")
        assert refresh_marts(con).mode == "full"  # the first refresh builds them

        # new documents
        for f in files[9:]:
            shutil.copy(f, inbox / f.name)
        load(con, make_batch(inbox, "run-2"), "run-2")
        outcome = refresh_marts(con)
        assert outcome.mode == "incremental" and outcome.documents_changed >= len(files) - 9
        assert _contents(con) == _rebuilt(con, db)
        assert all(_contents(con)[m.table] for m in METRIC_MARTS)

        # a document replaced by a new text (the old figures must leave their groups)
        changed = inbox / "04_rural_income_2023.txt"
        changed.write_text(
            changed.read_text(encoding="utf-8").replace("20,133 yuan", "21,133 yuan"),
            encoding="utf-8",
        )
        load(con, make_batch(inbox, "run-3"), "run-3")
        assert refresh_marts(con).mode == "incremental"
        assert _contents(con) == _rebuilt(con, db)

        # a document purged
        (doc_id,) = con.execute(
            "SELECT doc_id FROM core.fct_metric WHERE NOT is_target GROUP BY doc_id "
            "ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        purge = pd.DataFrame({"doc_id": [doc_id]})
        load(con, make_batch(inbox, "run-4"), "run-4", purge=purge)
        assert refresh_marts(con).mode == "incremental"
        assert _contents(con) == _rebuilt(con, db)

        # a region named anew changes what the marts show: rebuilt whole
        (code,) = con.execute(
            "SELECT region_code FROM marts.latest_indicator_value "
            "WHERE region_code IS NOT NULL LIMIT 1"
        ).fetchone()
        con.execute(
            "INSERT INTO core.dim_region VALUES (?, 'province', NULL, ?, 'Somewhere', NULL, NULL)",
            [code, code],
        )
        assert refresh_marts(con).mode == "full"
        again = refresh_marts(con)  # nothing loaded since: nothing redone
        assert (again.mode, again.documents_changed, again.groups_changed) == ("incremental", 0, 0)
        assert _contents(con) == _rebuilt(con, db)
        (named,) = con.execute(
            "SELECT count(*) FROM marts.latest_indicator_value WHERE region_name = 'Somewhere'"
        ).fetchone()
        assert named > 0
