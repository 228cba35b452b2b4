"""Checks run against the warehouse after a load (called from Dagster asset checks)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

# The rows one run loaded, with the span read back from the stored text (a sample of them
# when the load was large: the check is for load bugs, which are systematic, and must stay
# cheap on a 100,000-document run). The sample is drawn from the run's rows: DuckDB applies
# USING SAMPLE before WHERE, so it must sit outside the filtering subquery.
SAMPLE_ROWS = 100_000


def loaded_metrics_sql(sample_rows: int = SAMPLE_ROWS) -> str:
    return f"""
SELECT m.*, substring(d.text, m.start + 1, m."end" - m.start) AS _span,
       d.published_at AS _published_at
FROM (SELECT * FROM (SELECT * FROM core.fct_metric WHERE run_id = $run_id)
      USING SAMPLE reservoir({int(sample_rows)} ROWS) REPEATABLE (7)) AS m
JOIN (SELECT doc_id, text, published_at FROM raw.documents WHERE run_id = $run_id) AS d
  USING (doc_id)
ORDER BY m.doc_id, m.start
"""


LOAD_ACCOUNTING_SQL = "SELECT * FROM quality.load_batches WHERE run_id = ?"


@dataclass(frozen=True)
class RevalidationOutcome:
    checked: int
    failed: int
    failed_expectations: list[str]


def revalidate_loaded_metrics(
    con: duckdb.DuckDBPyConnection,
    gx_dir: Path | str,
    run_id: str,
    run_name: str,
    sample_rows: int = SAMPLE_ROWS,
) -> RevalidationOutcome:
    """Run the GX suite over the rows a run loaded; critical failures here mean a load bug."""
    from warehouse.quality import CRITICAL, QualityGate, prepare_frame

    frame = con.execute(loaded_metrics_sql(sample_rows), {"run_id": run_id}).df()
    published = dict(zip(frame["doc_id"], frame.pop("_published_at"), strict=True))
    spans = frame.pop("_span")
    prepared = prepare_frame(frame, {}, published).assign(text_span=spans.to_numpy())
    result = QualityGate.shared(gx_dir, build_docs=False).validate(prepared, run_name)
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
