"""One chunk of inbox files -> staged Parquet: read, extract, validate, write.

This is the unit a worker runs (a Dagster step here, a Celery task or a Kubernetes pod on a
cluster): it touches no warehouse table, so any number can run at once, and its memory is
bounded by the chunk size, not by the corpus.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from sources.inbox import read_listed
from sources.plan import WorkItem
from transforms.extract import ExtractionReport, extract_metrics, reading_version
from transforms.linking import default_linker
from transforms.models import Document, IngestError
from transforms.pairings import extract_pairings
from warehouse import frames
from warehouse.staging import ChunkResult, chunk_folder, write_tables

# Columns the quality gate adds for its own checks; not stored.
_GATE_ONLY_COLUMNS = (
    "row_id",
    "text_span",
    "period_after_publication",
    "implied_rate",
    "unit_known",
)


def read_items(
    items: list[WorkItem], *, source: str, max_bytes: int, today: dt.date, fetched_at: dt.datetime
) -> tuple[list[Document], list[IngestError], list[dict[str, Any]], dict[str, tuple[int, int]]]:
    """Documents to extract, errors, files whose text is already loaded (only their stat is
    new), and the stat of every document's file."""
    batch = read_listed(
        ((i.file, i.loaded_doc_id) for i in items),
        source=source,
        today=today,
        fetched_at=fetched_at,
        max_bytes=max_bytes,
    )
    touched = [
        {"source_uri": f.uri, "file_size": f.size, "file_mtime_ns": f.mtime_ns}
        for f in batch.unchanged
    ]
    by_uri = {i.file.uri: i.file for i in items}
    stats = {
        d.source_uri: (by_uri[d.source_uri].size, by_uri[d.source_uri].mtime_ns)
        for d in batch.documents
    }
    return batch.documents, batch.errors, touched, stats


def stage_chunk(
    chunk: str,
    items: list[WorkItem],
    run_folder: Path,
    *,
    run_id: str,
    validate: Callable[[pd.DataFrame, pd.DataFrame], Any],
    source: str = "inbox",
    max_bytes: int = 20 * 1024 * 1024,
    time_budget_s: float | None = None,
    stored: list[Document] | None = None,
    log: Callable[[str], None] = lambda _msg: None,
) -> ChunkResult:
    """Read, extract and validate one chunk; write its staged tables; say what it did.

    `validate(metric_frame, document_frame)` is the quality gate (a GateResult back);
    `stored` are documents taken from the warehouse for a full refresh.
    """
    res = ChunkResult(chunk=chunk, files=len(items))
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    t0 = time.perf_counter()
    docs, errors, touched, stats = read_items(
        items, source=source, max_bytes=max_bytes, today=now.date(), fetched_at=now
    )
    docs += stored or []
    t1 = time.perf_counter()

    linker = default_linker()
    metrics, notes, pairings = [], [], []
    for doc in docs:
        report = ExtractionReport()
        metrics.extend(
            extract_metrics(doc, linker=linker, time_budget_s=time_budget_s, report=report)
        )
        pairings.extend(extract_pairings(doc))
        if report.note:
            log(f"{doc.source_uri}: {report.note}")
            notes.append({"doc_id": doc.doc_id, "note": report.note})
    t2 = time.perf_counter()

    doc_frame = frames.documents_frame(docs)
    doc_frame["file_size"] = [stats.get(u, (None, None))[0] for u in doc_frame["source_uri"]]
    doc_frame["file_mtime_ns"] = [stats.get(u, (None, None))[1] for u in doc_frame["source_uri"]]
    doc_frame["file_size"] = doc_frame["file_size"].astype("Int64")
    doc_frame["file_mtime_ns"] = doc_frame["file_mtime_ns"].astype("Int64")
    metric_frame = frames.metrics_frame(metrics, with_json=False)
    flags = None
    if docs:
        gate = validate(metric_frame, doc_frame)
        gate.add_document_notes(pd.DataFrame(notes, columns=["doc_id", "note"]))
        validated, flags = gate.frame, gate.documents
        res.validation, res.expectations = gate.summaries, gate.expectation_results
    else:  # nothing new in this chunk: nothing to validate
        validated = metric_frame.assign(
            passed=pd.Series(dtype=bool),
            failed_expectations=pd.Series(dtype=object),
            quality_flags=pd.Series(dtype=object),
            reasons=pd.Series(dtype=object),
            suite=pd.Series(dtype=object),
        )
    t3 = time.perf_counter()

    uri_of = dict(zip(doc_frame["doc_id"], doc_frame["source_uri"], strict=True))
    candidates = validated.drop(columns=[c for c in _GATE_ONLY_COLUMNS if c in validated])
    # rows are in extraction order: the quarantined ones get their JSON now
    rejected = (~candidates["passed"].astype(bool)).to_numpy().nonzero()[0]
    candidates.loc[rejected, "metric_json"] = [frames.metric_json(metrics[i]) for i in rejected]
    candidates["source_uri"] = candidates["doc_id"].map(uri_of)
    candidates["extractor_version"] = reading_version()
    pairing_frame = frames.pairings_frame(pairings)
    pairing_frame["source_uri"] = pairing_frame["doc_id"].map(uri_of)
    if flags is None:
        flags = doc_frame[["doc_id"]].assign(quality_flags=None)
    write_tables(
        chunk_folder(run_folder, chunk),
        {
            "documents": doc_frame,
            "errors": frames.errors_frame(errors),
            "candidates": candidates,
            "pairings": pairing_frame,
            "document_flags": flags.assign(source_uri=flags["doc_id"].map(uri_of)),
            "touched": pd.DataFrame(touched, columns=["source_uri", "file_size", "file_mtime_ns"]),
        },
    )
    t4 = time.perf_counter()

    passed = candidates["passed"] if len(candidates) else pd.Series(dtype=bool)
    res.documents, res.unchanged, res.errors = len(docs), len(touched), len(errors)
    res.metrics, res.quarantined = len(candidates), int((~passed.astype(bool)).sum())
    res.flagged = int(candidates["quality_flags"].notna().sum()) if len(candidates) else 0
    res.pairings, res.over_budget = len(pairing_frame), len(notes)
    res.chars = int(doc_frame["text"].str.len().sum()) if len(doc_frame) else 0
    res.seconds = {
        "ingest": t1 - t0,
        "extract": t2 - t1,
        "validate": t3 - t2,
        "stage": t4 - t3,
    }
    return res
