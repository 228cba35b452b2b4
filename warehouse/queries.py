"""Read-only questions to the warehouse: user SQL, table inventory, run summary."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import pandas as pd

from sources.plan import LoadedFile
from transforms.models import Document
from warehouse.db import connect_reader

TABLES_SQL = """
SELECT schema_name, table_name, comment, estimated_size
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name <> 'main'
ORDER BY CASE schema_name WHEN 'raw' THEN 1 WHEN 'staging' THEN 2 WHEN 'core' THEN 3
                          WHEN 'quality' THEN 4 WHEN 'marts' THEN 5 ELSE 6 END, table_name
"""
SUMMARY_SQL = """
SELECT
    (SELECT count(*) FROM raw.documents) AS documents,
    (SELECT count(*) FROM core.fct_metric) AS metrics,
    (SELECT count(*) FROM quality.quarantine) AS quarantined,
    (SELECT count(*) FROM raw.ingest_errors) AS ingest_errors,
    (SELECT count(*) FROM core.fct_metric WHERE indicator_id <> 'unclassified') AS classified,
    (SELECT count(*) FROM core.fct_metric WHERE region_code IS NOT NULL) AS with_region,
    (SELECT max(loaded_at) FROM quality.load_batches) AS last_load
"""
STORED_DOCUMENTS_SQL = """
SELECT doc_id, source, source_uri, text, title, published_at, published_at_source, language,
       content_type, encoding, fetched_at, url
FROM raw.documents ORDER BY doc_id
"""
STORED_DOCUMENTS_BY_ID_SQL = """
SELECT doc_id, source, source_uri, text, title, published_at, published_at_source, language,
       content_type, encoding, fetched_at, url
FROM raw.documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY doc_id
"""
# The newest rows of each table the load step writes, for the materialization's preview.
TABLE_PREVIEW_SQL = {
    "raw.documents": "SELECT doc_id, title, published_at, source_uri FROM raw.documents "
    "ORDER BY loaded_at DESC, doc_id LIMIT 10",
    "raw.ingest_errors": "SELECT source_uri, error, detail FROM raw.ingest_errors "
    "ORDER BY source_uri LIMIT 10",
    "core.fct_metric": "SELECT surface, value, unit, bound, is_target, period_label, region_code, "
    "indicator_id FROM core.fct_metric ORDER BY loaded_at DESC, doc_id, start LIMIT 10",
    "core.fct_pairing": "SELECT supporter_region_code, supported_region_code, surface "
    "FROM core.fct_pairing ORDER BY loaded_at DESC LIMIT 10",
    "quality.quarantine": "SELECT surface, value, unit, reason FROM quality.quarantine "
    "ORDER BY quarantined_at DESC LIMIT 10",
}
INGEST_ERRORS_SQL = "SELECT source_uri, error, detail FROM raw.ingest_errors ORDER BY source_uri"


class QueryError(RuntimeError):
    """A user query failed; the message says why in plain words."""


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


FRESHNESS_SQL = "SELECT max(loaded_at) FROM quality.load_batches"


def run_query(db: Path | str, sql: str) -> pd.DataFrame:
    """Run one user statement on a read-only connection; writes fail with a clear message."""
    return run_query_with_source(db, sql)[0]


def run_query_with_source(db: Path | str, sql: str) -> tuple[pd.DataFrame, str]:
    """The result and a line saying what it was read from and how fresh that is."""
    with connect_reader(db) as (con, source):
        (last_load,) = con.execute(FRESHNESS_SQL).fetchone()
        freshness = (
            f"{source.describe()}; last load {last_load:%Y-%m-%d %H:%M:%S} UTC"
            if last_load
            else f"{source.describe()}; nothing loaded yet"
        )
        try:
            return con.execute(sql).df(), freshness
        except duckdb.Error as exc:
            msg = str(exc)
            if "read-only" in msg.lower() or "read only" in msg.lower():
                raise QueryError(
                    f"the query path is read-only; the warehouse was not changed ({msg})"
                ) from exc
            if (
                "external access" in msg.lower()
                or "lock_configuration" in msg.lower()
                or "locked" in msg.lower()
            ):
                raise QueryError(f"not allowed on the read-only query path: {msg}") from exc
            raise QueryError(msg) from exc


def table_inventory(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every warehouse table with its exact row count and description."""
    tables = con.execute(TABLES_SQL).fetchall()
    rows = []
    for schema, table, comment, _ in tables:
        # identifiers come from DuckDB's own catalog, quoted; never from user input
        (count,) = con.execute(f"SELECT count(*) FROM {_quote(schema)}.{_quote(table)}").fetchone()
        rows.append({"table": f"{schema}.{table}", "rows": count, "description": comment or ""})
    return pd.DataFrame(rows, columns=["table", "rows", "description"])


def summary(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    cur = con.execute(SUMMARY_SQL)
    names = [d[0] for d in cur.description]
    return dict(zip(names, cur.fetchone(), strict=True))


COLUMNS_SQL = """
SELECT column_name, data_type, comment
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = ? AND table_name = ?
ORDER BY column_index
"""


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str, str]]:
    """(name, type, description) of a table's columns, from DuckDB's catalog."""
    schema, name = table.split(".", 1)
    return [(c, t, d or "") for c, t, d in con.execute(COLUMNS_SQL, [schema, name]).fetchall()]


def ingest_errors(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str | None]]:
    return con.execute(INGEST_ERRORS_SQL).fetchall()


LOADED_VERSIONS_SQL = """
SELECT r.doc_id, r.source_uri, d.extractor_version
FROM raw.documents AS r JOIN core.dim_document AS d USING (doc_id)
"""


def loaded_versions(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """(doc_id, source_uri) -> extractor version, for incremental runs."""
    return {(d, u): v for d, u, v in con.execute(LOADED_VERSIONS_SQL).fetchall()}


LOADED_FILES_SQL = """
SELECT r.source_uri, r.doc_id, d.extractor_version, r.file_size, r.file_mtime_ns
FROM raw.documents AS r JOIN core.dim_document AS d USING (doc_id)
"""


def loaded_files(con: duckdb.DuckDBPyConnection) -> dict[str, LoadedFile]:
    """source_uri -> what was loaded from it: the manifest incremental runs compare against."""
    return {
        uri: LoadedFile(doc_id, version, size, mtime)
        for uri, doc_id, version, size, mtime in con.execute(LOADED_FILES_SQL).fetchall()
    }


# Documents read from under these inbox prefixes by this extractor version.
STORED_UNDER_SQL = """
SELECT count(*) FROM raw.documents AS r JOIN core.dim_document AS d USING (doc_id)
WHERE d.extractor_version = $version
  AND EXISTS (SELECT 1 FROM unnest($prefixes) AS p(prefix) WHERE starts_with(r.source_uri, prefix))
"""


def stored_under(con: duckdb.DuckDBPyConnection, roots: list[str], extractor_version: str) -> int:
    """How many stored documents came from files under these inbox folders (or files)."""
    prefixes = []
    for root in roots:
        uri = Path(os.path.abspath(root)).as_uri()
        prefixes.append(uri if Path(root).is_file() else uri.rstrip("/") + "/")
    params = {"version": extractor_version, "prefixes": prefixes}
    (n,) = con.execute(STORED_UNDER_SQL, params).fetchone()
    return int(n)


STORED_URIS_SQL = "SELECT doc_id, source_uri FROM raw.documents ORDER BY source_uri"


def missing_documents(con: duckdb.DuckDBPyConnection, roots: list[str]) -> pd.DataFrame:
    """Stored documents read from under these inbox folders whose files no longer exist."""
    from urllib.parse import unquote, urlparse

    prefixes = [Path(os.path.abspath(r)).as_uri().rstrip("/") + "/" for r in roots]
    rows = []
    for doc_id, uri in con.execute(STORED_URIS_SQL).fetchall():
        under_inbox = uri.startswith("file://") and any(uri.startswith(p) for p in prefixes)
        if under_inbox and not Path(unquote(urlparse(uri).path)).exists():
            rows.append({"doc_id": doc_id, "source_uri": uri})
    return pd.DataFrame(rows, columns=["doc_id", "source_uri"])


def stored_documents(
    con: duckdb.DuckDBPyConnection, doc_ids: list[str] | None = None
) -> list[Document]:
    """Documents already in raw.documents (all, or these), for a full refresh."""
    if doc_ids is None:
        cur = con.execute(STORED_DOCUMENTS_SQL)
    else:
        # a list parameter, not a registered frame: readers have external access off
        cur = con.execute(STORED_DOCUMENTS_BY_ID_SQL, [list(doc_ids)])
    names = [d[0] for d in cur.description]
    docs = []
    for row in cur.fetchall():
        rec = dict(zip(names, row, strict=True))
        if isinstance(rec["published_at"], dt.datetime):
            rec["published_at"] = rec["published_at"].date()
        docs.append(Document(**rec))
    return docs


def table_preview(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame | None:
    """A few of the newest rows of a loaded table (None for tables without a preview)."""
    sql = TABLE_PREVIEW_SQL.get(table)
    return con.execute(sql).df() if sql else None
