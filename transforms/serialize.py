"""Metric <-> JSON for `ruralpulse extract --jsonl` (the benchmark protocol) and fixtures."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from transforms.models import METRIC_COLUMNS, Metric


def _json_value(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def metric_to_json(m: Metric) -> dict[str, Any]:
    """Every Metric field, plus the benchmark's view of the bound.

    The benchmark protocol reads `bound` as lower/upper/null and `approximate` as a
    flag; the Metric's four-way bound travels as `qualifier`.
    """
    out = {k: _json_value(getattr(m, k)) for k in METRIC_COLUMNS}
    out["qualifier"] = m.bound
    out["bound"] = m.bound if m.bound in ("lower", "upper") else None
    out["approximate"] = m.bound == "approximate"
    out["direction"] = m.extra.get("direction")
    if "region_candidates" in m.extra:
        out["region_candidates"] = m.extra["region_candidates"]
    return out
