"""Records that cross layer boundaries: a cleaned Document in, Metric rows out.

Plain dataclasses (not pydantic) because extraction builds thousands of them per
second; validation of the values happens in the warehouse's quality gate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from importlib import resources
from typing import Any


def reference_text(name: str) -> str | None:
    """A reference file shipped in transforms/reference/ (regions, aliases, indicators)."""
    path = resources.files("transforms").joinpath("reference", name)
    return path.read_text(encoding="utf-8") if path.is_file() else None


BOUNDS = ("exact", "approximate", "lower", "upper")
CHANGES = ("relative", "absolute", "multiple")
DATE_SOURCES = ("metadata", "dateline", "filename", "ingested")


def normalize_text(text: str) -> str:
    """NFC, Unix newlines, no trailing blanks: the text every offset indexes into."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def content_id(text: str) -> str:
    """doc_id: sha256 of the normalized text: one id per article, wherever it is found."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Document:
    """One source document as clean UTF-8 text plus the metadata we could establish."""

    doc_id: str
    source: str
    source_uri: str
    text: str
    title: str | None = None
    published_at: dt.date | None = None
    published_at_source: str = "ingested"
    language: str = "en"
    content_type: str = "text/plain"
    encoding: str | None = None
    fetched_at: dt.datetime | None = None
    url: str | None = None

    @classmethod
    def from_text(cls, text: str, **kwargs: Any) -> Document:
        clean = normalize_text(text)
        doc_id = hashlib.sha256(clean.encode("utf-8")).hexdigest()  # content_id, normalized once
        kwargs.setdefault("source", "adhoc")
        kwargs.setdefault("source_uri", "adhoc:" + doc_id[:16])
        return cls(doc_id=doc_id, text=clean, **kwargs)


@dataclass(slots=True)
class IngestError:
    """A file or page that could not become a Document, and why."""

    source: str
    source_uri: str
    error: str
    detail: str | None = None
    size_bytes: int | None = None


@dataclass(slots=True)
class Metric:
    """One quantity a reader would put in a table, with exact provenance in its document."""

    doc_id: str
    start: int
    end: int
    surface: str
    value: float
    unit: str | None
    unit_kind: str
    bound: str = "exact"
    bound_word: str | None = None
    low: float | None = None
    high: float | None = None
    base_value: float | None = None  # value in base_unit, where the conversion is exact
    base_unit: str | None = None  # "hectare" for "5,000 mu" (transforms/units.py)
    change: str | None = None
    base_period: str | None = None
    is_target: bool = False
    period_label: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    subject: str | None = None
    indicator_id: str = "unclassified"
    region_code: str | None = None
    region_name: str | None = None
    flow_from_code: str | None = None  # a flow between regions: where it comes from ...
    flow_to_code: str | None = (
        None  # ... and where it goes ("eight eastern regions ... to 10 western")
    )
    equivalent_of: int | None = None  # start offset of the metric this one restates
    sentence_start: int = 0
    sentence_end: int = 0
    confidence: float = 1.0
    extractor_version: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


METRIC_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Metric) if f.name != "extra")
DOCUMENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Document))
