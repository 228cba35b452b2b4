"""Metric <-> JSON for `ruralpulse extract --jsonl` (the benchmark protocol) and fixtures."""

from __future__ import annotations

from dataclasses import fields
from math import isfinite
from operator import attrgetter
from typing import Any

from transforms.models import METRIC_COLUMNS, Metric

_ALL_COLUMNS = attrgetter(*METRIC_COLUMNS)
_DATE_COLUMNS = tuple(
    f.name for f in fields(Metric) if f.name in METRIC_COLUMNS and "date" in str(f.type)
)
_FLOAT_COLUMNS = tuple(
    f.name for f in fields(Metric) if f.name in METRIC_COLUMNS and "float" in str(f.type)
)


def metric_to_json(m: Metric) -> dict[str, Any]:
    """Every Metric field, plus the benchmark's view of the bound.

    The benchmark protocol reads `bound` as lower/upper/null and `approximate` as a
    flag; the Metric's four-way bound travels as `qualifier`. Dates become ISO strings
    and non-finite floats null (JSON has neither).
    """
    out = dict(zip(METRIC_COLUMNS, _ALL_COLUMNS(m), strict=True))
    for k in _DATE_COLUMNS:
        day = out[k]
        if day is not None:
            out[k] = day.isoformat()
    for k in _FLOAT_COLUMNS:
        v = out[k]
        if v is not None and not isfinite(v):
            out[k] = None
    bound = m.bound
    out["qualifier"] = bound
    out["bound"] = bound if bound == "lower" or bound == "upper" else None
    out["approximate"] = bound == "approximate"
    extra = m.extra  # most metrics carry none
    out["direction"] = extra.get("direction") if extra else None
    if extra and "region_candidates" in extra:
        out["region_candidates"] = extra["region_candidates"]
    return out
