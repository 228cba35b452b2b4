"""Checks run against the warehouse after a load (called from Dagster asset checks)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

LOADED_METRICS_SQL = """
SELECT m.*, d.text AS _doc_text, d.published_at AS _published_at
FROM core.fct_metric AS m JOIN raw.documents AS d USING (doc_id)
ORDER BY m.doc_id, m.start
"""
LOAD_ACCOUNTING_SQL = "SELECT * FROM quality.load_batches WHERE run_id = ?"


@dataclass(frozen=True)
class RevalidationOutcome:
    checked: int
    failed: int
    failed_expectations: list[str]


def revalidate_loaded_metrics(
    con: duckdb.DuckDBPyConnection, gx_dir: Path | str, run_name: str
) -> RevalidationOutcome:
    """Run the GX suite over core.fct_metric as loaded; critical failures here mean a load bug."""
    from warehouse.quality import CRITICAL, QualityGate, prepare_frame

    frame = con.execute(LOADED_METRICS_SQL).df()
    texts = dict(zip(frame["doc_id"], frame.pop("_doc_text"), strict=True))
    published = dict(zip(frame["doc_id"], frame.pop("_published_at"), strict=True))
    result = QualityGate(gx_dir).validate(prepare_frame(frame, texts, published), run_name)
    failed = [
        e["expectation"]
        for e in result.expectation_results
        if not e["success"] and e["severity"] == CRITICAL
    ]
    return RevalidationOutcome(len(frame), int((~result.frame["passed"]).sum()), failed)


def load_accounting(con: duckdb.DuckDBPyConnection, run_id: str) -> dict | None:
    cur = con.execute(LOAD_ACCOUNTING_SQL, [run_id])
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row, strict=True))
