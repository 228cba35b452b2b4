"""Documents, errors and metrics as pandas frames with the warehouse's column types."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from transforms.models import DOCUMENT_COLUMNS, METRIC_COLUMNS, Document, IngestError, Metric
from transforms.pairings import Pairing
from transforms.serialize import metric_to_json

ERROR_COLUMNS = ("source", "source_uri", "error", "detail", "size_bytes")
METRIC_FRAME_COLUMNS = (*METRIC_COLUMNS, "direction", "metric_json")


def documents_frame(docs: Sequence[Document]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [{c: getattr(d, c) for c in DOCUMENT_COLUMNS} for d in docs], columns=list(DOCUMENT_COLUMNS)
    )
    frame["published_at"] = pd.to_datetime(frame["published_at"]).dt.date
    frame["fetched_at"] = pd.to_datetime(frame["fetched_at"], utc=True).dt.tz_localize(None)
    return frame


def errors_frame(errors: Sequence[IngestError]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [{c: getattr(e, c) for c in ERROR_COLUMNS} for e in errors], columns=list(ERROR_COLUMNS)
    )
    frame["size_bytes"] = frame["size_bytes"].astype("Int64")
    return frame


def metric_json(m: Metric) -> str:
    """The whole metric as JSON: what quality.quarantine keeps of a rejected row."""
    return json.dumps(metric_to_json(m), ensure_ascii=False, sort_keys=True)


def metrics_frame(metrics: Sequence[Metric], *, with_json: bool = True) -> pd.DataFrame:
    """One row per metric. Without JSON, metric_json is left empty for the caller to fill in
    for the rows that need it (the quarantined ones): it is the costliest column."""
    rows = []
    for m in metrics:
        row = {c: getattr(m, c) for c in METRIC_COLUMNS}
        row["direction"] = m.extra.get("direction")
        row["metric_json"] = metric_json(m) if with_json else None
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(METRIC_FRAME_COLUMNS))
    for col in ("value", "low", "high", "confidence"):
        frame[col] = frame[col].astype("float64")
    for col in ("start", "end", "sentence_start", "sentence_end"):
        frame[col] = frame[col].astype("int64")
    frame["equivalent_of"] = frame["equivalent_of"].astype("Int64")
    frame["is_target"] = frame["is_target"].astype(bool)
    for col in ("period_start", "period_end"):
        frame[col] = pd.to_datetime(frame[col]).dt.date
    return frame


PAIRING_COLUMNS = (
    "supporter_region_code",
    "supported_region_code",
    "doc_id",
    "start",
    "end",
    "surface",
    "cue",
)


def pairings_frame(pairings: Sequence[Pairing]) -> pd.DataFrame:
    frame = pd.DataFrame([p.to_dict() for p in pairings], columns=list(PAIRING_COLUMNS))
    for col in ("start", "end"):
        frame[col] = frame[col].astype("int64")
    return frame


@dataclass
class ExtractedBatch:
    """The extractor's output for a batch: metric rows, and a note per document it could not
    finish (time budget), recorded as a flag on core.dim_document."""

    metrics: pd.DataFrame
    notes: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            {"doc_id": pd.Series(dtype=str), "note": pd.Series(dtype=str)}
        )
    )


def markdown_preview(frame: pd.DataFrame, columns: Sequence[str], rows: int = 10) -> str:
    """A small markdown table for Dagster metadata (no tabulate dependency)."""
    cols = [c for c in columns if c in frame.columns]
    head = frame[cols].head(rows)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, r in head.iterrows():
        cells = [str(r[c]).replace("|", "\\|").replace("\n", " ")[:60] for c in cols]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
