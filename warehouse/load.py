"""Write one batch into the warehouse in a single transaction.

The batch replaces every row of its documents (and of older versions of the same
files), so re-running a batch gives the same tables; a failure anywhere rolls the
whole batch back and leaves the warehouse as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

# Registered frames: batch_documents, batch_errors, batch_candidates, batch_validation.
AFFECTED_DOCS = """
CREATE OR REPLACE TEMP TABLE affected_docs AS
SELECT doc_id FROM batch_documents
UNION
SELECT r.doc_id FROM raw.documents AS r JOIN batch_documents AS b ON r.source_uri = b.source_uri
UNION
SELECT doc_id FROM batch_purge
"""
DELETE_STATEMENTS = (
    "DELETE FROM core.fct_metric WHERE doc_id IN (SELECT doc_id FROM affected_docs)",
    "DELETE FROM core.fct_pairing WHERE doc_id IN (SELECT doc_id FROM affected_docs)",
    "DELETE FROM quality.quarantine WHERE doc_id IN (SELECT doc_id FROM affected_docs)",
    "DELETE FROM staging.metric_candidates WHERE doc_id IN (SELECT doc_id FROM affected_docs)",
    "DELETE FROM core.dim_document WHERE doc_id IN (SELECT doc_id FROM affected_docs)",
    "DELETE FROM raw.documents WHERE doc_id IN (SELECT doc_id FROM affected_docs)",
    """DELETE FROM raw.ingest_errors WHERE source_uri IN (
           SELECT source_uri FROM batch_documents UNION SELECT source_uri FROM batch_errors)""",
)
INSERT_DOCUMENTS = """
INSERT INTO raw.documents
SELECT doc_id, source, source_uri, title, published_at, published_at_source, language,
       content_type, encoding, url, text, length(text), fetched_at, $run_id, $now
FROM batch_documents
"""
INSERT_ERRORS = """
INSERT INTO raw.ingest_errors
SELECT source, source_uri, error, detail, size_bytes, $run_id, $now FROM batch_errors
"""
INSERT_CANDIDATES = """
INSERT INTO staging.metric_candidates
SELECT doc_id, start, "end", surface, value, unit, unit_kind, bound, passed, reasons,
       extractor_version, $run_id
FROM batch_candidates
"""
INSERT_METRICS = """
INSERT INTO core.fct_metric (
    doc_id, start, "end", surface, sentence_start, sentence_end, value, unit, unit_kind, bound,
    bound_word, low, high, change, direction, base_period, is_target, period_label,
    period_start, period_end, subject, indicator_id, region_code, region_name, equivalent_of,
    flow_from_code, flow_to_code, confidence, quality_flags, extractor_version, run_id,
    loaded_at
)
SELECT
    doc_id, start, "end", surface, sentence_start, sentence_end, value, unit, unit_kind, bound,
    bound_word, low, high, change, direction, base_period, is_target, period_label,
    period_start, period_end, subject, indicator_id, region_code, region_name, equivalent_of,
    flow_from_code, flow_to_code, confidence, quality_flags, extractor_version,
    $run_id, $now
FROM batch_candidates WHERE passed
"""
INSERT_QUARANTINE = """
INSERT INTO quality.quarantine
SELECT doc_id, start, "end", surface, value, unit, unit_kind, bound, metric_json,
       failed_expectations, reasons, suite, $run_id, $now
FROM batch_candidates WHERE NOT passed
"""
INSERT_PAIRINGS = """
INSERT INTO core.fct_pairing
SELECT supporter_region_code, supported_region_code, doc_id, start, "end", surface, $run_id, $now
FROM batch_pairings
"""
INSERT_DIM_DOCUMENT = """
INSERT INTO core.dim_document (
    doc_id, source, source_uri, title, published_at, published_at_source, language,
    content_type, url, char_count, metric_count, quarantined_count, extractor_version, run_id,
    loaded_at, quality_flags
)
SELECT d.doc_id, d.source, d.source_uri, d.title, d.published_at, d.published_at_source,
       d.language, d.content_type, d.url, length(d.text),
       (SELECT count(*) FROM batch_candidates AS c WHERE c.doc_id = d.doc_id AND c.passed),
       (SELECT count(*) FROM batch_candidates AS c WHERE c.doc_id = d.doc_id AND NOT c.passed),
       $extractor_version, $run_id, $now, f.quality_flags
FROM batch_documents AS d
LEFT JOIN batch_document_flags AS f USING (doc_id)
"""
INSERT_VALIDATION = """
INSERT OR REPLACE INTO quality.validation_runs
SELECT $run_id, suite, validated_at, success, rows_checked, rows_failed_critical, rows_flagged,
       expectations, expectations_failed, data_docs
FROM batch_validation
"""
COUNT_LOADED = """
SELECT
    (SELECT count(*) FROM core.fct_metric WHERE doc_id IN (SELECT doc_id FROM batch_documents)),
    (SELECT count(*) FROM quality.quarantine WHERE doc_id IN (SELECT doc_id FROM batch_documents))
"""
INSERT_ACCOUNTING = """
INSERT OR REPLACE INTO quality.load_batches VALUES ($run_id, $now, $files_seen, $documents,
    $errors, $extracted, $loaded, $quarantined, $balanced)
"""


class UnbalancedLoadError(RuntimeError):
    """Rows went missing between extraction and the tables: the batch is rolled back."""


@dataclass(frozen=True)
class LoadResult:
    run_id: str
    documents: int
    ingest_errors: int
    metrics_extracted: int
    metrics_loaded: int
    metrics_quarantined: int


def load_batch(
    con: duckdb.DuckDBPyConnection,
    *,
    run_id: str,
    documents: pd.DataFrame,
    errors: pd.DataFrame,
    candidates: pd.DataFrame,
    validation: pd.DataFrame,
    files_seen: int,
    extractor_version: str,
    now: dt.datetime | None = None,
    pairings: pd.DataFrame | None = None,
    document_flags: pd.DataFrame | None = None,
    purge: pd.DataFrame | None = None,
    fail_after: str | None = None,
) -> LoadResult:
    """One transaction: replace the batch's documents, their metrics, quarantine and errors.

    `fail_after` names a step after which to raise (used by tests to prove atomicity).
    """
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    params = {"run_id": run_id, "now": now}
    frames = {
        "batch_documents": documents,
        "batch_errors": errors,
        "batch_candidates": candidates,
        "batch_validation": validation,
        "batch_pairings": pairings if pairings is not None else _empty_pairings(),
        "batch_purge": (
            purge if purge is not None else pd.DataFrame({"doc_id": pd.Series(dtype=str)})
        ),
        "batch_document_flags": (
            document_flags
            if document_flags is not None
            else pd.DataFrame(
                {"doc_id": pd.Series(dtype=str), "quality_flags": pd.Series(dtype=str)}
            )
        ),
    }
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(AFFECTED_DOCS)
            for stmt in DELETE_STATEMENTS:
                con.execute(stmt)
            _maybe_fail(fail_after, "delete")
            con.execute(INSERT_DOCUMENTS, params)
            con.execute(INSERT_ERRORS, params)
            con.execute(INSERT_CANDIDATES, {"run_id": run_id})
            con.execute(INSERT_METRICS, params)
            _maybe_fail(fail_after, "metrics")
            con.execute(INSERT_QUARANTINE, params)
            con.execute(INSERT_PAIRINGS, params)
            con.execute(INSERT_DIM_DOCUMENT, {**params, "extractor_version": extractor_version})
            con.execute(INSERT_VALIDATION, {"run_id": run_id})
            loaded, quarantined = con.execute(COUNT_LOADED).fetchone()
            extracted = len(candidates)
            balanced = loaded + quarantined == extracted
            con.execute(
                INSERT_ACCOUNTING,
                {
                    **params,
                    "files_seen": files_seen,
                    "documents": len(documents),
                    "errors": len(errors),
                    "extracted": extracted,
                    "loaded": loaded,
                    "quarantined": quarantined,
                    "balanced": balanced,
                },
            )
            if not balanced:
                raise UnbalancedLoadError(
                    f"extracted {extracted} metrics but loaded {loaded} + quarantined {quarantined}"
                )
            _maybe_fail(fail_after, "commit")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        for name in frames:
            con.unregister(name)
    return LoadResult(run_id, len(documents), len(errors), extracted, loaded, quarantined)


def _empty_pairings() -> pd.DataFrame:
    from warehouse.frames import pairings_frame

    return pairings_frame([])


def _maybe_fail(fail_after: str | None, step: str) -> None:
    if fail_after == step:
        raise RuntimeError(f"injected failure after step '{step}'")


REPLACE_DIM_REGION = (
    "DELETE FROM core.dim_region",
    """INSERT INTO core.dim_region
       SELECT region_code, level, parent_code, province_code, name_en, name_zh, member_codes
       FROM frame_regions""",
)
REPLACE_DIM_INDICATOR = (
    "DELETE FROM core.dim_indicator",
    """INSERT INTO core.dim_indicator
       SELECT indicator_id, name, unit_kind, units, definition, terms, context
       FROM frame_indicators""",
)


def replace_reference(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """Replace a reference dimension (regions or indicators) in one transaction."""
    statements = {
        "core.dim_region": (REPLACE_DIM_REGION, "frame_regions"),
        "core.dim_indicator": (REPLACE_DIM_INDICATOR, "frame_indicators"),
    }
    sqls, name = statements[table]
    con.register(name, frame)
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            for stmt in sqls:
                con.execute(stmt)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.unregister(name)
    return len(frame)


def refresh_mart(con: duckdb.DuckDBPyConnection, sql: str, table: str) -> int:
    """Rebuild one mart from its .sql file, atomically."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(sql)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return _count(con, table)


PREVIEW_SQL = {
    "marts.east_west_cooperation": "SELECT * FROM marts.east_west_cooperation LIMIT 10",
    "marts.latest_indicator_value": "SELECT * FROM marts.latest_indicator_value LIMIT 10",
    "marts.indicator_time_series": "SELECT * FROM marts.indicator_time_series LIMIT 10",
}
_COUNT_SQL = {
    "marts.east_west_cooperation": "SELECT count(*) FROM marts.east_west_cooperation",
    "marts.latest_indicator_value": "SELECT count(*) FROM marts.latest_indicator_value",
    "marts.indicator_time_series": "SELECT count(*) FROM marts.indicator_time_series",
}


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(_COUNT_SQL[table]).fetchone()[0])
