"""Refresh the marts after a load, redoing only what the load changed.

The two metric marts are derived from the achieved figures of core.fct_metric: the time
series has one row per figure, the latest value one row per group (indicator, region, unit,
change). After a load, the figures of the documents of loads not yet folded in (by
dim_document.run_id) are re-inserted into the time series, and the groups they touch, or
touched before a document was replaced or purged, are ranked again. A change to the mart SQL
or to the reference dimensions (names) rebuilds both whole, as does a first refresh.
East-west cooperation is small and rebuilt every time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import duckdb

from warehouse.db import sql_file

STATE_KEY = "metric_marts"
# The figures both metric marts are built from: achieved, classified, not a restatement.
ACHIEVED_METRICS = """
SELECT * FROM core.fct_metric
WHERE NOT is_target AND equivalent_of IS NULL AND indicator_id <> 'unclassified'
"""
ALL_METRICS_VIEW = f"CREATE OR REPLACE TEMP VIEW mart_metrics AS {ACHIEVED_METRICS}"
# incremental: the new documents' figures (time series), the touched groups' figures (latest)
NEW_DOCUMENT_METRICS_VIEW = f"""
CREATE OR REPLACE TEMP VIEW mart_metrics AS
SELECT * FROM ({ACHIEVED_METRICS}) WHERE doc_id IN (SELECT doc_id FROM mart_new_docs)
"""
GROUP_KEY_MATCH = """
    m.indicator_id IS NOT DISTINCT FROM g.indicator_id
    AND m.region_code IS NOT DISTINCT FROM g.region_code
    AND m.unit IS NOT DISTINCT FROM g.unit
    AND m.change IS NOT DISTINCT FROM g.change
"""
DIRTY_GROUP_METRICS_VIEW = f"""
CREATE OR REPLACE TEMP VIEW mart_metrics AS
SELECT m.* FROM ({ACHIEVED_METRICS}) AS m SEMI JOIN mart_dirty_groups AS g ON {GROUP_KEY_MATCH}
"""
NEW_DOCS = """
CREATE OR REPLACE TEMP TABLE mart_new_docs AS
SELECT doc_id FROM core.dim_document AS d
WHERE NOT EXISTS (SELECT 1 FROM main.mart_refreshed_runs AS r WHERE r.run_id = d.run_id)
"""
FORGET_RUNS = "DELETE FROM main.mart_refreshed_runs"
RECORD_RUNS = """
INSERT INTO main.mart_refreshed_runs
SELECT DISTINCT d.run_id, $now FROM core.dim_document AS d
WHERE d.run_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM main.mart_refreshed_runs AS r WHERE r.run_id = d.run_id)
"""
# documents replaced or purged since: their rows are still in the time series
DIRTY_DOCS = """
CREATE OR REPLACE TEMP TABLE mart_dirty_docs AS
SELECT doc_id FROM mart_new_docs
UNION
SELECT DISTINCT doc_id FROM marts.indicator_time_series ANTI JOIN core.dim_document USING (doc_id)
"""
DIRTY_GROUPS = f"""
CREATE OR REPLACE TEMP TABLE mart_dirty_groups AS
SELECT DISTINCT indicator_id, region_code, unit, change FROM marts.indicator_time_series
WHERE doc_id IN (SELECT doc_id FROM mart_dirty_docs)
UNION
SELECT DISTINCT indicator_id, region_code, unit, change FROM ({ACHIEVED_METRICS})
WHERE doc_id IN (SELECT doc_id FROM mart_new_docs)
"""
DELETE_DIRTY_SERIES = """
DELETE FROM marts.indicator_time_series WHERE doc_id IN (SELECT doc_id FROM mart_dirty_docs)
"""
DELETE_DIRTY_LATEST = f"""
DELETE FROM marts.latest_indicator_value AS m
WHERE EXISTS (SELECT 1 FROM mart_dirty_groups AS g WHERE {GROUP_KEY_MATCH})
"""
DROP_TEMP = (
    "DROP VIEW IF EXISTS mart_metrics",
    "DROP TABLE IF EXISTS mart_new_docs",
    "DROP TABLE IF EXISTS mart_dirty_docs",
    "DROP TABLE IF EXISTS mart_dirty_groups",
)
REFERENCE_HASH = """
SELECT (SELECT coalesce(bit_xor(hash(region_code, name_en)), 0) FROM core.dim_region)::VARCHAR
    || '-' ||
    (SELECT coalesce(bit_xor(hash(indicator_id, name)), 0) FROM core.dim_indicator)::VARCHAR
"""
READ_STATE = """
SELECT definition_hash, reference_hash FROM main.mart_refresh_state
WHERE marts = $key
"""
WRITE_STATE = """
INSERT OR REPLACE INTO main.mart_refresh_state VALUES ($key, $definition, $reference, $now,
    $mode)
"""
TABLE_EXISTS = """
SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'marts' AND table_name = $name
"""


@dataclass(frozen=True)
class MetricMart:
    table: str
    rows_sql: str  # .sql file with the SELECT over mart_metrics
    order_by: str
    comment: str

    def rows(self) -> str:
        return sql_file(self.rows_sql)

    def create(self) -> str:
        return (
            f"CREATE OR REPLACE TABLE {self.table} AS SELECT * FROM ({self.rows()}) "
            f"ORDER BY {self.order_by}"
        )

    def insert(self) -> str:
        return f"INSERT INTO {self.table} SELECT * FROM ({self.rows()})"

    def comment_sql(self) -> str:
        return f"COMMENT ON TABLE {self.table} IS '{self.comment}'"


TIME_SERIES = MetricMart(
    "marts.indicator_time_series",
    "marts/indicator_time_series.sql",
    "indicator_id, region_code NULLS FIRST, as_of NULLS LAST, doc_id, start",
    "Achieved values of each indicator over time, across documents.",
)
LATEST_VALUE = MetricMart(
    "marts.latest_indicator_value",
    "marts/latest_indicator_value.sql",
    "indicator_id, region_code NULLS FIRST, unit",
    "Latest achieved value per indicator, region, unit and change kind, with its source "
    "sentence and how many reports exist.",
)
METRIC_MARTS = (LATEST_VALUE, TIME_SERIES)
EAST_WEST_SQL = "marts/east_west_cooperation.sql"


@dataclass(frozen=True)
class MartRefresh:
    mode: str  # "full" or "incremental"
    documents_changed: int | None  # documents redone (incremental), None on a full rebuild
    groups_changed: int | None


def definition_hash() -> str:
    """Changes whenever a metric mart's SQL or this module's statements change."""
    parts = [m.create() for m in METRIC_MARTS]
    parts += [ACHIEVED_METRICS, DIRTY_DOCS, DIRTY_GROUPS, GROUP_KEY_MATCH]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def refresh_marts(con: duckdb.DuckDBPyConnection, *, full: bool = False) -> MartRefresh:
    """All marts in one transaction: the metric marts incrementally when they can be."""
    definition = definition_hash()
    (reference,) = con.execute(REFERENCE_HASH).fetchone()
    state = con.execute(READ_STATE, {"key": STATE_KEY}).fetchone()
    tables_exist = all(
        con.execute(TABLE_EXISTS, {"name": m.table.split(".")[1]}).fetchone()[0]
        for m in METRIC_MARTS
    )
    full = (
        full or state is None or not tables_exist or state[0] != definition or state[1] != reference
    )
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    con.execute("BEGIN TRANSACTION")
    try:
        outcome = _rebuild(con) if full else _incremental(con)
        con.execute(sql_file(EAST_WEST_SQL))
        con.execute(RECORD_RUNS, {"now": now})
        con.execute(
            WRITE_STATE,
            {
                "key": STATE_KEY,
                "definition": definition,
                "reference": reference,
                "now": now,
                "mode": outcome.mode,
            },
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        for stmt in DROP_TEMP:
            con.execute(stmt)
    return outcome


def _rebuild(con: duckdb.DuckDBPyConnection) -> MartRefresh:
    con.execute(FORGET_RUNS)
    con.execute(ALL_METRICS_VIEW)
    for mart in METRIC_MARTS:
        con.execute(mart.create())
        con.execute(mart.comment_sql())
    return MartRefresh("full", None, None)


def _incremental(con: duckdb.DuckDBPyConnection) -> MartRefresh:
    con.execute(NEW_DOCS)
    con.execute(DIRTY_DOCS)
    con.execute(DIRTY_GROUPS)  # before the time series loses the rows of the dirty documents
    (documents,) = con.execute("SELECT count(*) FROM mart_dirty_docs").fetchone()
    (groups,) = con.execute("SELECT count(*) FROM mart_dirty_groups").fetchone()
    con.execute(DELETE_DIRTY_SERIES)
    con.execute(NEW_DOCUMENT_METRICS_VIEW)
    con.execute(TIME_SERIES.insert())
    con.execute(DELETE_DIRTY_LATEST)
    con.execute(DIRTY_GROUP_METRICS_VIEW)
    con.execute(LATEST_VALUE.insert())
    return MartRefresh("incremental", int(documents), int(groups))


MART_PREVIEW_SQL = {
    "marts.east_west_cooperation": "SELECT * FROM marts.east_west_cooperation LIMIT 10",
    "marts.latest_indicator_value": (
        f"SELECT * FROM marts.latest_indicator_value ORDER BY {LATEST_VALUE.order_by} LIMIT 10"
    ),
    "marts.indicator_time_series": (
        f"SELECT * FROM marts.indicator_time_series ORDER BY {TIME_SERIES.order_by} LIMIT 10"
    ),
}
MART_COUNT_SQL = {
    "marts.east_west_cooperation": "SELECT count(*) FROM marts.east_west_cooperation",
    "marts.latest_indicator_value": "SELECT count(*) FROM marts.latest_indicator_value",
    "marts.indicator_time_series": "SELECT count(*) FROM marts.indicator_time_series",
}


def mart_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(MART_COUNT_SQL[table]).fetchone()[0])
