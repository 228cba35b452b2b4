"""Reference dimensions (regions, indicators) as frames ready for core.dim_*."""

from __future__ import annotations

import csv
import io
from importlib import resources
from typing import Any

import pandas as pd

REFERENCE_VERSION = "2024.1"  # vintage of the region codes; bump when reference files change
REGION_COLUMNS = [
    "region_code",
    "level",
    "parent_code",
    "province_code",
    "name_en",
    "name_zh",
    "member_codes",
]
INDICATOR_COLUMNS = ["indicator_id", "name", "unit_kind", "units", "definition", "terms", "context"]


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("transforms").joinpath("reference", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def regions_frame() -> pd.DataFrame:
    """Divisions from regions.csv plus macro groups from region_groups.csv (level 'group')."""
    rows = [
        {
            "region_code": r["code"],
            "level": r["level"],
            "parent_code": r["parent_code"] or None,
            "province_code": r["province_code"] or None,
            "name_en": r["name_en"],
            "name_zh": r["name_zh"] or None,
            "member_codes": None,
        }
        for r in _read_csv("regions.csv")
    ]
    rows += [
        {
            "region_code": g["code"],
            "level": "group",
            "parent_code": None,
            "province_code": None,
            "name_en": g["name_en"],
            "name_zh": None,
            "member_codes": g["member_codes"] or None,
        }
        for g in _read_csv("region_groups.csv")
    ]
    return pd.DataFrame(rows, columns=REGION_COLUMNS)


def indicators_frame(catalog: list[dict[str, Any]]) -> pd.DataFrame:
    """The catalog plus the explicit 'unclassified' row every unmatched metric points to."""
    rows = [
        {
            "indicator_id": d["id"],
            "name": d["name"],
            "unit_kind": d["unit_kind"],
            "units": ",".join(d.get("units") or []),
            "definition": (d.get("definition") or "").strip(),
            "terms": "; ".join(d.get("terms") or []),
            "context": "; ".join(d.get("context") or []),
        }
        for d in catalog
    ]
    rows.append(
        {
            "indicator_id": "unclassified",
            "name": "Unclassified",
            "unit_kind": "any",
            "units": "",
            "definition": "A metric no catalog indicator matched; kept, never dropped.",
            "terms": "",
            "context": "",
        }
    )
    return pd.DataFrame(rows, columns=INDICATOR_COLUMNS)
