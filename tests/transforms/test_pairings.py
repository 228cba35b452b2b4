"""Stated partnerships: who supports whom."""

from __future__ import annotations

import pytest

from transforms.models import Document
from transforms.pairings import extract_pairings


def _pairs(text: str) -> list[tuple[str, str]]:
    return [
        (p.supporter_region_code, p.supported_region_code)
        for p in extract_pairings(Document.from_text(text))
    ]


def test_the_seed_states_kecheng_supports_beichuan(seed_text: str) -> None:
    pairings = extract_pairings(Document.from_text(seed_text))
    assert [(p.supporter_region_code, p.supported_region_code) for p in pairings] == [
        ("330802", "510726")
    ]
    p = pairings[0]
    assert seed_text[p.start : p.end] == p.surface


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "With the guidance of Kecheng District, Beichuan's paired-up supporter, a pilot zone "
            "was set up.",
            [("330802", "510726")],
        ),
        (
            "Fujian allocated 440 million yuan to Ningxia under east-west cooperation.",
            [("350000", "640000")],
        ),
        (
            "Shache County received 3.2 billion yuan of assistance funds from Shanghai.",
            [("310000", "653125")],
        ),
        (
            "Beijing's pairing assistance covers Hotan City and four counties.",
            [("110000", "653201")],
        ),
        (
            "The cooperation between Guizhou Province and Zhejiang Province deepened.",
            [("330000", "520000")],
        ),
        ("Guangdong and Guangxi both reported higher rural incomes.", []),
        ("Sichuan helped Chongqing build 30 bridges.", [("510000", "500000")]),
    ],
)
def test_direction_of_partnerships(text: str, expected: list[tuple[str, str]]) -> None:
    assert _pairs(text) == expected
