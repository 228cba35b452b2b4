"""Loading: one transaction per batch, idempotent, replacing changed documents, never partial."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from sources.inbox import sample_corpus_dir
from tests.warehouse.conftest import load
from warehouse.db import connect

CONTENT_SQL = {
    "raw.documents": "SELECT * EXCLUDE (run_id, loaded_at, fetched_at) FROM raw.documents "
    "ORDER BY doc_id",
    "raw.ingest_errors": "SELECT * EXCLUDE (run_id, recorded_at) FROM raw.ingest_errors "
    "ORDER BY source_uri",
    "core.fct_metric": 'SELECT * EXCLUDE (run_id, loaded_at) FROM core.fct_metric ORDER BY doc_id, start, "end"',
    "quality.quarantine": "SELECT * EXCLUDE (run_id, quarantined_at) FROM quality.quarantine "
    "ORDER BY doc_id, start",
    "core.dim_document": "SELECT * EXCLUDE (run_id, loaded_at) FROM core.dim_document "
    "ORDER BY doc_id",
    "staging.metric_candidates": "SELECT * EXCLUDE (run_id) FROM staging.metric_candidates "
    'ORDER BY doc_id, start, "end"',
}


def snapshot(db: Path) -> dict[str, list[tuple]]:
    with connect(db, read_only=True) as con:
        return {name: con.execute(sql).fetchall() for name, sql in CONTENT_SQL.items()}


def copy_corpus(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    shutil.copytree(sample_corpus_dir(), inbox)
    return inbox


def test_load_twice_gives_identical_tables(tmp_path: Path, make_batch) -> None:
    db = tmp_path / "w.duckdb"
    batch = make_batch()
    with connect(db) as con:
        first = load(con, batch, "run-1")
    once = snapshot(db)
    with connect(db) as con:
        second = load(con, make_batch(run_id="run-2"), "run-2")
    assert snapshot(db) == once
    assert first.metrics_loaded == second.metrics_loaded > 200
    assert first.metrics_extracted == first.metrics_loaded + first.metrics_quarantined
    with connect(db, read_only=True) as con:
        dupes = con.execute(
            'SELECT count(*) FROM (SELECT doc_id, start, "end" FROM core.fct_metric '
            "GROUP BY ALL HAVING count(*) > 1)"
        ).fetchone()[0]
        batches = con.execute("SELECT count(*), bool_and(balanced) FROM quality.load_batches")
        assert batches.fetchone() == (2, True)
    assert dupes == 0


@pytest.mark.parametrize("step", ["delete", "metrics", "commit"])
def test_injected_failure_leaves_the_warehouse_as_it_was(tmp_path: Path, make_batch, step) -> None:
    db = tmp_path / "w.duckdb"
    inbox = copy_corpus(tmp_path)
    with connect(db) as con:
        load(con, make_batch(inbox), "run-1")
    before = snapshot(db)
    # the second batch differs (one document changed, one new), then fails mid-load
    first = sorted(inbox.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nIt added 12 new villages.\n")
    (inbox / "new.txt").write_text("Officials said 300 households were relocated.\n")
    with connect(db) as con, pytest.raises(RuntimeError, match="injected failure"):
        load(con, make_batch(inbox, "run-2"), "run-2", fail_after=step)
    assert snapshot(db) == before


def test_changed_document_replaces_its_rows_and_deleted_ones_stay(tmp_path: Path, make_batch):
    db = tmp_path / "w.duckdb"
    inbox = copy_corpus(tmp_path)
    with connect(db) as con:
        load(con, make_batch(inbox), "run-1")
    target = inbox / "05_guizhou_rural_roads.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("3,000", "3,500"))
    gone = inbox / "06_lhasa_rural_tourism.txt"
    gone_uri = gone.absolute().as_uri()
    gone.unlink()
    with connect(db) as con:
        load(con, make_batch(inbox, "run-2"), "run-2")
    with connect(db, read_only=True) as con:
        uris = con.execute(
            "SELECT source_uri, count(*) FROM raw.documents GROUP BY ALL HAVING count(*) > 1"
        ).fetchall()
        assert uris == []  # the old version of the changed file is gone
        assert con.execute(
            "SELECT count(*) FROM raw.documents WHERE source_uri = ?", [gone_uri]
        ).fetchone() == (1,)  # a deleted file's rows are kept
        orphans = con.execute(
            "SELECT count(*) FROM core.fct_metric WHERE doc_id NOT IN "
            "(SELECT doc_id FROM raw.documents)"
        ).fetchone()
        assert orphans == (0,)


def test_failed_rows_go_to_quarantine_with_reasons(tmp_path: Path, make_batch) -> None:
    def tamper(frame):
        frame = frame.copy()
        frame.loc[0, "surface"] = "not what the text says"
        frame.loc[1, "value"] = float("inf")
        frame.loc[2, "bound"] = "roughly"
        return frame

    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        result = load(con, make_batch(tamper=tamper), "run-q")
    assert result.metrics_quarantined == 3
    with connect(db, read_only=True) as con:
        rows = con.execute(
            "SELECT failed_expectations, reason FROM quality.quarantine ORDER BY doc_id, start"
        ).fetchall()
        stats = con.execute(
            "SELECT suite, rows_checked, rows_failed_critical FROM quality.validation_runs "
            "ORDER BY suite"
        ).fetchall()
    failed = sorted(r[0] for r in rows)
    assert failed == ["bound_known", "surface_matches_text", "value_finite"]
    assert all(r[1] for r in rows)
    assert stats == [
        ("dim_document_suite", result.documents, 0),
        ("fct_metric_suite", result.metrics_extracted, 3),
    ]


def test_a_metric_key_twice_rolls_the_load_back(tmp_path: Path, make_batch) -> None:
    # core.fct_metric has no key index (migration 005); the load checks its key instead
    from warehouse.load import DuplicateKeyError

    db = tmp_path / "w.duckdb"
    inbox = copy_corpus(tmp_path)
    with connect(db) as con:
        load(con, make_batch(inbox), "run-1")
    before = snapshot(db)
    batch = make_batch(inbox, "run-2")
    doubled = batch.candidates[batch.candidates["passed"]].head(1)
    batch.candidates = pd.concat([batch.candidates, doubled], ignore_index=True)
    with connect(db) as con, pytest.raises(DuplicateKeyError, match="keys twice"):
        load(con, batch, "run-2")
    assert snapshot(db) == before


def test_a_document_key_twice_is_caught_inside_the_load(tmp_path: Path, make_batch) -> None:
    # raw.documents and core.dim_document have no key index either (migration 006)
    from warehouse.load import DuplicateKeyError, _check_keys

    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        load(con, make_batch(copy_corpus(tmp_path)), "run-1")
        con.execute("CREATE TEMP TABLE batch_doc_keys AS SELECT doc_id FROM raw.documents")
        _check_keys(con)  # a clean load passes
        con.execute("INSERT INTO core.dim_document SELECT * FROM core.dim_document LIMIT 1")
        with pytest.raises(DuplicateKeyError, match=r"1 core.dim_document \(doc_id\)"):
            _check_keys(con)


def test_a_warehouse_from_before_the_base_unit_migrates_and_loads_base_values(
    tmp_path: Path, make_batch
) -> None:
    import duckdb

    from warehouse.db import _MIGRATIONS_TABLE as MIGRATIONS_TABLE
    from warehouse.db import migrations

    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))  # the schema as it was at migration 007
    con.execute(MIGRATIONS_TABLE)
    for version, name, sql in migrations():
        if version <= 7:
            con.execute(sql)
            con.execute("INSERT INTO main.schema_migrations VALUES (?, ?, now())", [version, name])
    con.close()
    with connect(db) as con:  # a writer applies 008
        load(con, make_batch(), "run-1")
        rows = con.execute(
            "SELECT unit, base_unit, count(*) FROM core.fct_metric "
            "WHERE base_unit IS NOT NULL GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    assert ("mu", "hectare") in {(u, b) for u, b, _ in rows}
    assert all(
        b in ("metre", "hectare", "kilogram", "cubic metre", "kwh", "kilowatt")
        or " per " in b
        or b == "kilometre per hour"
        for _, b, _ in rows
    )
