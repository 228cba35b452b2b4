"""The extractor scored against general-news and rural-news paragraphs written apart from its code.

tests/gold/general_news_1.jsonl (markets, companies, cars, energy: 40 paragraphs, 214 figures)
and general_news_2.jsonl (sport, science, health, weather, everyday life: 40 paragraphs, 213
figures) were written by hand from docs/grammar.md alone, to measure the grammar outside
policy news. Before any change they scored span precision 0.944 / 0.871 and recall 0.939 /
0.887; the rules they exposed were fixed as general rules ("8.4 seconds ahead" had read as a
rate per capita, "PlayStation 5 consoles" as 5 consoles, "K2-18b" as 18). Labels that only
spelled the grammar's conventions otherwise were brought to them: unit codes of the same unit
("hp" -> horsepower, "GBX" -> penny), unrounded values, a range's surface from its first number,
and what docs/grammar.md does not count as a figure (hyphenated durations, "within 28 days",
"doubled"). The floors sit under today's scores; the field differences left (units carried
across sentences, exchange rates, a target cue in an earlier conjunct) are listed by the
failing assert.

tests/gold/rural_news_1.jsonl (rural development worldwide and in China: 40 paragraphs, 202
figures) was written the same way after those fixes and scored once before any change made
from it: span precision 0.925, recall 0.921. Its misses were general too (naira, taka, rupiah
and Kenyan shillings unknown; "bushels per acre"; "71.1 million head"; "by a fifth"; a rate
after a restatement in brackets; a change after a level taking its rate).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.gold import POLICY_NEWS, load_policy_news, score
from transforms.extract import extract_metrics

SETS = {
    **{f"general_news_{n}": POLICY_NEWS.with_name(f"general_news_{n}.jsonl") for n in (1, 2)},
    "rural_news_1": POLICY_NEWS.with_name("rural_news_1.jsonl"),
}


@pytest.fixture(scope="module", params=sorted(SETS))
def general_score(request):
    path: Path = SETS[request.param]
    return score(load_policy_news(path), extract_metrics)


def test_gold_is_substantial(general_score) -> None:
    assert general_score.gold >= 200


def test_span_precision_and_recall(general_score) -> None:
    assert general_score.precision >= 0.95, general_score.spurious
    assert general_score.recall >= 0.97, general_score.misses


@pytest.mark.parametrize(
    ("field", "floor"),
    [
        ("value", 1.0),
        ("unit", 0.93),
        ("bound", 0.99),
        ("change", 0.95),
        ("is_target", 0.98),
        ("low", 1.0),
        ("high", 1.0),
    ],
)
def test_field_agreement(general_score, field: str, floor: float) -> None:
    wrong = [d for d in general_score.disagreements if f" {field}: " in d]
    assert general_score.agreement(field) >= floor, wrong
