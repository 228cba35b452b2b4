"""The query path is read-only and locked down."""

from __future__ import annotations

from pathlib import Path

import pytest

from warehouse.db import connect, migrations
from warehouse.queries import QueryError, run_query, table_inventory


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    with connect(path):
        pass
    return path


def test_migrations_are_applied_once(db: Path) -> None:
    with connect(db) as con:  # second open: nothing left to apply
        applied = con.execute("SELECT count(*) FROM main.schema_migrations").fetchone()[0]
    assert applied == len(migrations())


@pytest.mark.parametrize(
    "sql",
    [
        "DROP TABLE core.fct_metric",
        "INSERT INTO core.dim_indicator VALUES ('x', 'x', 'count', '', '', '', '')",
        "DELETE FROM raw.documents",
        "COPY core.fct_metric TO '/tmp/ruralpulse-leak.csv'",
        "ATTACH '/tmp/ruralpulse-other.duckdb' AS other",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET enable_external_access = true",
        "SELECT * FROM read_csv('/etc/passwd')",
    ],
)
def test_writes_and_escapes_fail_clearly(db: Path, sql: str) -> None:
    with pytest.raises(QueryError):
        run_query(db, sql)
    with connect(db, read_only=True) as con:
        assert "fct_metric" in set(table_inventory(con)["table"].str.split(".").str[1])
    assert not Path("/tmp/ruralpulse-leak.csv").exists()


def test_select_works_and_inventory_has_descriptions(db: Path) -> None:
    frame = run_query(db, "SELECT count(*) AS n FROM core.fct_metric")
    assert frame["n"].tolist() == [0]
    with connect(db, read_only=True) as con:
        inv = table_inventory(con)
    assert {"raw.documents", "core.fct_metric", "quality.quarantine"} <= set(inv["table"])
    assert (inv["description"] != "").all()


def test_missing_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="ruralpulse run"):
        run_query(tmp_path / "nope.duckdb", "SELECT 1")
