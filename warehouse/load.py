"""Write one batch into the warehouse in a single transaction.

The batch replaces every row of its documents (and of older versions of the same
files), so re-running a batch gives the same tables; a failure anywhere rolls the
whole batch back and leaves the warehouse as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd

# The staged_* names are bound to the batch (pandas frames, or Parquet written by the
# extraction workers); the batch_* views below dedupe them: two files with the same text are
# one document, the other file an ingest error.
BATCH_VIEWS = (
    """CREATE OR REPLACE TEMP TABLE batch_doc_keys AS
       SELECT doc_id, source_uri,
              row_number() OVER (PARTITION BY doc_id ORDER BY source_uri) AS rn,
              first_value(source_uri) OVER (PARTITION BY doc_id ORDER BY source_uri) AS first_uri
       FROM staged_documents""",
    """CREATE OR REPLACE TEMP VIEW batch_documents AS
       SELECT s.* FROM staged_documents AS s
       SEMI JOIN (SELECT doc_id, source_uri FROM batch_doc_keys WHERE rn = 1) AS k
         ON s.doc_id = k.doc_id AND s.source_uri = k.source_uri""",
    """CREATE OR REPLACE TEMP VIEW batch_errors AS
       SELECT source, source_uri, error, detail, size_bytes FROM staged_errors
       UNION ALL
       SELECT s.source, s.source_uri, 'duplicate content', 'same text as ' || k.first_uri,
              CAST(NULL AS BIGINT)
       FROM staged_documents AS s JOIN batch_doc_keys AS k
         ON s.doc_id = k.doc_id AND s.source_uri = k.source_uri AND k.rn > 1""",
    """CREATE OR REPLACE TEMP VIEW batch_candidates AS
       SELECT c.* FROM staged_candidates AS c
       SEMI JOIN (SELECT doc_id, source_uri FROM batch_doc_keys WHERE rn = 1) AS k
         ON c.doc_id = k.doc_id AND c.source_uri = k.source_uri""",
    """CREATE OR REPLACE TEMP VIEW batch_pairings AS
       SELECT p.* FROM staged_pairings AS p
       SEMI JOIN (SELECT doc_id, source_uri FROM batch_doc_keys WHERE rn = 1) AS k
         ON p.doc_id = k.doc_id AND p.source_uri = k.source_uri""",
    """CREATE OR REPLACE TEMP VIEW batch_document_flags AS
       SELECT f.doc_id, f.quality_flags FROM staged_document_flags AS f
       SEMI JOIN (SELECT doc_id, source_uri FROM batch_doc_keys WHERE rn = 1) AS k
         ON f.doc_id = k.doc_id AND f.source_uri = k.source_uri""",
)
AFFECTED_DOCS = """
CREATE OR REPLACE TEMP TABLE affected_docs AS
SELECT doc_id FROM batch_doc_keys
UNION
SELECT r.doc_id FROM raw.documents AS r JOIN batch_doc_keys AS b ON r.source_uri = b.source_uri
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
           SELECT source_uri FROM batch_doc_keys
           UNION SELECT source_uri FROM batch_errors
           UNION SELECT source_uri FROM staged_touched)""",
)
INSERT_DOCUMENTS = """
INSERT INTO raw.documents (
    doc_id, source, source_uri, title, published_at, published_at_source, language,
    content_type, encoding, url, text, char_count, fetched_at, run_id, loaded_at, file_size,
    file_mtime_ns
)
SELECT doc_id, source, source_uri, title, published_at, published_at_source, language,
       content_type, encoding, url, text, length(text), fetched_at, $run_id, $now, file_size,
       file_mtime_ns
FROM batch_documents
"""
# A file whose stat changed but whose text did not: only the manifest moves.
UPDATE_TOUCHED = """
UPDATE raw.documents SET file_size = t.file_size, file_mtime_ns = t.file_mtime_ns
FROM staged_touched AS t WHERE raw.documents.source_uri = t.source_uri
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
    bound_word, low, high, base_value, base_unit, change, direction, base_period, is_target,
    period_label, period_start, period_end, subject, indicator_id, region_code, region_name,
    equivalent_of, flow_from_code, flow_to_code, confidence, quality_flags, extractor_version,
    run_id, loaded_at
)
SELECT
    doc_id, start, "end", surface, sentence_start, sentence_end, value, unit, unit_kind, bound,
    bound_word, low, high, base_value, base_unit, change, direction, base_period, is_target,
    period_label, period_start, period_end, subject, indicator_id, region_code, region_name,
    equivalent_of, flow_from_code, flow_to_code, confidence, quality_flags, extractor_version,
    $run_id, $now
FROM batch_candidates WHERE passed
"""
# core.fct_metric, raw.documents and core.dim_document have no key index (migrations 005 and
# 006): their keys are checked per load instead, for the documents the load wrote.
DUPLICATE_KEYS = """
SELECT 'core.fct_metric (doc_id, start, end)', count(*) FROM (
    SELECT doc_id, start, "end" FROM core.fct_metric
    WHERE doc_id IN (SELECT doc_id FROM batch_doc_keys)
    GROUP BY doc_id, start, "end" HAVING count(*) > 1
)
UNION ALL
SELECT 'raw.documents (doc_id)', count(*) FROM (
    SELECT doc_id FROM raw.documents
    WHERE doc_id IN (SELECT doc_id FROM batch_doc_keys)
    GROUP BY doc_id HAVING count(*) > 1
)
UNION ALL
SELECT 'core.dim_document (doc_id)', count(*) FROM (
    SELECT doc_id FROM core.dim_document
    WHERE doc_id IN (SELECT doc_id FROM batch_doc_keys)
    GROUP BY doc_id HAVING count(*) > 1
)
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
       coalesce(c.passed_count, 0), coalesce(c.failed_count, 0),
       $extractor_version, $run_id, $now, f.quality_flags
FROM batch_documents AS d
LEFT JOIN (
    SELECT doc_id, count(*) FILTER (WHERE passed) AS passed_count,
           count(*) FILTER (WHERE NOT passed) AS failed_count
    FROM batch_candidates GROUP BY doc_id
) AS c USING (doc_id)
LEFT JOIN batch_document_flags AS f USING (doc_id)
"""
INSERT_VALIDATION = """
INSERT OR REPLACE INTO quality.validation_runs
SELECT $run_id, suite, validated_at, success, rows_checked, rows_failed_critical, rows_flagged,
       expectations, expectations_failed, data_docs
FROM batch_validation
"""
COUNT_BATCH = """
SELECT
    (SELECT count(*) FROM batch_doc_keys WHERE rn = 1),
    (SELECT count(*) FROM batch_errors),
    (SELECT count(*) FROM batch_candidates),
    (SELECT count(*) FROM core.fct_metric WHERE doc_id IN (SELECT doc_id FROM batch_doc_keys)),
    (SELECT count(*) FROM quality.quarantine WHERE doc_id IN (SELECT doc_id FROM batch_doc_keys))
"""
INSERT_ACCOUNTING = """
INSERT OR REPLACE INTO quality.load_batches VALUES ($run_id, $now, $files_seen, $documents,
    $errors, $extracted, $loaded, $quarantined, $balanced)
"""


class UnbalancedLoadError(RuntimeError):
    """Rows went missing between extraction and the tables: the batch is rolled back."""


class DuplicateKeyError(RuntimeError):
    """Two metrics with the same (doc_id, start, end): the batch is rolled back."""


@dataclass(frozen=True)
class LoadResult:
    run_id: str
    documents: int
    ingest_errors: int
    metrics_extracted: int
    metrics_loaded: int
    metrics_quarantined: int


def _empty(columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})


def _bindable(frame: pd.DataFrame) -> pd.DataFrame:
    """DuckDB types an empty object column as INTEGER; text columns must stay VARCHAR."""
    if len(frame):
        return frame
    return frame.astype({c: "string" for c in frame.columns if frame[c].dtype == object})


def _empty_candidates() -> pd.DataFrame:
    from warehouse.frames import metrics_frame

    return metrics_frame([]).assign(
        passed=pd.Series(dtype=bool),
        reasons=pd.Series(dtype=str),
        failed_expectations=pd.Series(dtype=str),
        quality_flags=pd.Series(dtype=str),
        suite=pd.Series(dtype=str),
        source_uri=pd.Series(dtype=str),
    )


def _empty_documents() -> pd.DataFrame:
    from warehouse.frames import documents_frame

    return documents_frame([]).assign(
        file_size=pd.Series(dtype="Int64"), file_mtime_ns=pd.Series(dtype="Int64")
    )


def _empty_errors() -> pd.DataFrame:
    from warehouse.frames import errors_frame

    return errors_frame([])


EMPTY_STAGED: dict[str, Callable[[], pd.DataFrame]] = {
    "documents": _empty_documents,
    "errors": _empty_errors,
    "candidates": _empty_candidates,
    "pairings": lambda: _empty_pairings().assign(source_uri=pd.Series(dtype=str)),
    "document_flags": lambda: _empty(
        {"doc_id": "object", "quality_flags": "object", "source_uri": "object"}
    ),
    "touched": lambda: _empty(
        {"source_uri": "object", "file_size": "Int64", "file_mtime_ns": "Int64"}
    ),
}


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
    uri_of = dict(zip(documents["doc_id"], documents["source_uri"], strict=True))

    def with_uri(frame: pd.DataFrame) -> pd.DataFrame:
        if "source_uri" in frame.columns:
            return frame
        return frame.assign(source_uri=frame["doc_id"].map(uri_of).astype(object))

    if "file_size" not in documents.columns:
        documents = documents.assign(
            file_size=pd.Series(pd.NA, index=documents.index, dtype="Int64"),
            file_mtime_ns=pd.Series(pd.NA, index=documents.index, dtype="Int64"),
        )
    staged = {
        "documents": documents,
        "errors": errors,
        "candidates": with_uri(candidates) if len(candidates) else _empty_candidates(),
        "pairings": with_uri(pairings) if pairings is not None else None,
        "document_flags": with_uri(document_flags) if document_flags is not None else None,
    }
    for name, frame in staged.items():
        frame = frame if frame is not None else EMPTY_STAGED[name]()
        con.register(f"staged_{name}", _bindable(frame))
    con.register("staged_touched", _bindable(EMPTY_STAGED["touched"]()))
    return _load(
        con,
        run_id=run_id,
        validation=validation,
        files_seen=files_seen,
        extractor_version=extractor_version,
        now=now,
        purge=purge,
        fail_after=fail_after,
    )


def load_staged(
    con: duckdb.DuckDBPyConnection,
    staged: dict[str, list[str]],
    *,
    run_id: str,
    validation: pd.DataFrame,
    files_seen: int,
    extractor_version: str,
    purge: pd.DataFrame | None = None,
    fail_after: str | None = None,
) -> LoadResult:
    """The same transaction over Parquet staged by the extraction workers (table -> files)."""
    for name, make_empty in EMPTY_STAGED.items():
        files = staged.get(name) or []
        if files:
            con.read_parquet(files, union_by_name=True).create_view(f"staged_{name}", replace=True)
        else:
            con.register(f"staged_{name}", _bindable(make_empty()))
    return _load(
        con,
        run_id=run_id,
        validation=validation,
        files_seen=files_seen,
        extractor_version=extractor_version,
        purge=purge,
        fail_after=fail_after,
    )


def _load(
    con: duckdb.DuckDBPyConnection,
    *,
    run_id: str,
    validation: pd.DataFrame,
    files_seen: int,
    extractor_version: str,
    now: dt.datetime | None = None,
    purge: pd.DataFrame | None = None,
    fail_after: str | None = None,
) -> LoadResult:
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    params = {"run_id": run_id, "now": now}
    purge = purge if purge is not None else _empty({"doc_id": "object"})
    con.register("batch_validation", _bindable(validation))
    con.register("batch_purge", _bindable(purge))
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            for stmt in BATCH_VIEWS:
                con.execute(stmt)
            con.execute(AFFECTED_DOCS)
            for stmt in DELETE_STATEMENTS:
                con.execute(stmt)
            _maybe_fail(fail_after, "delete")
            con.execute(INSERT_DOCUMENTS, params)
            con.execute(UPDATE_TOUCHED)
            con.execute(INSERT_ERRORS, params)
            con.execute(INSERT_CANDIDATES, {"run_id": run_id})
            con.execute(INSERT_METRICS, params)
            _maybe_fail(fail_after, "metrics")
            con.execute(INSERT_QUARANTINE, params)
            con.execute(INSERT_PAIRINGS, params)
            con.execute(INSERT_DIM_DOCUMENT, {**params, "extractor_version": extractor_version})
            _check_keys(con)
            con.execute(INSERT_VALIDATION, {"run_id": run_id})
            documents, errors, extracted, loaded, quarantined = con.execute(COUNT_BATCH).fetchone()
            balanced = loaded + quarantined == extracted
            con.execute(
                INSERT_ACCOUNTING,
                {
                    **params,
                    "files_seen": files_seen,
                    "documents": documents,
                    "errors": errors,
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
        _drop_batch(con)
    return LoadResult(run_id, documents, errors, extracted, loaded, quarantined)


def _check_keys(con: duckdb.DuckDBPyConnection) -> None:
    """The keys the tables no longer enforce with an index (see DUPLICATE_KEYS)."""
    doubled = [f"{n} {key}" for key, n in con.execute(DUPLICATE_KEYS).fetchall() if n]
    if doubled:
        raise DuplicateKeyError(f"keys twice in the warehouse: {'; '.join(doubled)}")


def _drop_batch(con: duckdb.DuckDBPyConnection) -> None:
    """Forget the batch's names so the connection can load another batch."""
    for name in BOUND_NAMES:
        with contextlib.suppress(duckdb.Error):
            con.unregister(name)  # a registered frame; a Parquet view is dropped below
    for stmt in DROP_BATCH_VIEWS:
        con.execute(stmt)


BOUND_NAMES = ("batch_validation", "batch_purge", *(f"staged_{n}" for n in EMPTY_STAGED))


DROP_BATCH_VIEWS = (
    "DROP VIEW IF EXISTS staged_documents",
    "DROP VIEW IF EXISTS staged_errors",
    "DROP VIEW IF EXISTS staged_candidates",
    "DROP VIEW IF EXISTS staged_pairings",
    "DROP VIEW IF EXISTS staged_document_flags",
    "DROP VIEW IF EXISTS staged_touched",
    "DROP VIEW IF EXISTS batch_documents",
    "DROP VIEW IF EXISTS batch_errors",
    "DROP VIEW IF EXISTS batch_candidates",
    "DROP VIEW IF EXISTS batch_pairings",
    "DROP VIEW IF EXISTS batch_document_flags",
    "DROP TABLE IF EXISTS batch_doc_keys",
    "DROP TABLE IF EXISTS affected_docs",
)


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
