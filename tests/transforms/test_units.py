"""Exact conversions to a base unit (transforms/units.py): the stated unit stays beside it."""

from __future__ import annotations

import math

import pytest

from transforms.extract import extract_metrics
from transforms.lexicon import lexicon
from transforms.models import Document
from transforms.units import to_base


@pytest.mark.parametrize(
    ("unit", "value", "expected"),
    [
        ("mu", 5000, (5000 / 15, "hectare")),
        ("hectare", 12, (12, "hectare")),
        ("square kilometre", 3.5, (350, "hectare")),
        ("jin", 30, (15, "kilogram")),
        ("tonne", 1.2e6, (1.2e9, "kilogram")),
        ("km", 3.5, (3500, "metre")),
        ("mile per hour", 150, (241.4016, "kilometre per hour")),
        ("CNY per mu", 800, (12000, "CNY per hectare")),
        ("litre per capita per day", 200, (0.2, "cubic metre per capita per day")),
        ("kwh per capita", 1000, (1000, "kwh per capita")),
    ],
)
def test_exact_conversions(unit: str, value: float, expected: tuple[float, str]) -> None:
    got = to_base(unit, value, lexicon())
    assert got is not None and got[1] == expected[1]
    assert math.isclose(got[0], expected[0], rel_tol=1e-9)


@pytest.mark.parametrize("unit", [None, "CNY", "percent", "ounce", "gallon", "person", "year"])
def test_no_base_where_no_exact_definition(unit: str | None) -> None:
    assert to_base(unit, 3.0, lexicon()) is None


def test_every_base_unit_is_its_own_base() -> None:
    table = lexicon().exact_conversions
    for base, _ in table.values():
        assert table[base] == (base, 1.0), base


def test_metrics_keep_the_stated_unit_and_carry_the_base() -> None:
    doc = Document.from_text(
        "The county leased 5,000 mu of farmland at 800 yuan per mu and sold 30 jin of tea."
    )
    got = [(m.surface, m.unit, m.base_value, m.base_unit) for m in extract_metrics(doc)]
    assert got == [
        ("5,000 mu", "mu", pytest.approx(333.333333333), "hectare"),
        ("800 yuan per mu", "CNY per mu", 12000.0, "CNY per hectare"),
        ("30 jin", "jin", 15.0, "kilogram"),
    ]
