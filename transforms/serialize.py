"""Metric <-> JSON for `ruralpulse extract --jsonl` (the benchmark protocol) and fixtures."""

from __future__ import annotations

import math
from dataclasses import fields
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
        if out[k] is not None:
            out[k] = out[k].isoformat()
    for k in _FLOAT_COLUMNS:
        v = out[k]
        if v is not None and not math.isfinite(v):
            out[k] = None
    out["qualifier"] = m.bound
    out["bound"] = m.bound if m.bound in ("lower", "upper") else None
    out["approximate"] = m.bound == "approximate"
    out["direction"] = m.extra.get("direction")
    if "region_candidates" in m.extra:
        out["region_candidates"] = m.extra["region_candidates"]
    return out
