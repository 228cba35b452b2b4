"""The extractor scored against policy-news paragraphs written by hand apart from its code.

tests/gold/policy_news.jsonl (40 paragraphs, 128 figures) and policy_news_2.jsonl (40
paragraphs, 177 figures) and policy_news_3.jsonl (40 paragraphs, 200 figures) follow the
conventions of docs/grammar.md. The rules the first set exposed were fixed as general rules;
the second and third sets were scored before any change (span precision 0.967 / 0.985,
recall 0.983 / 0.995) and then kept here; in the third, eight labels where its writer chose
otherwise than docs/grammar.md (unit codes, an age, a duration, "added" as a change, rounded
shares) follow the grammar. These floors (0.99) keep all three where they are: at 0.98 a
regression on one figure of 177 ("12 million bags of shiitake mushrooms a year" read as a rate)
had passed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.gold import POLICY_NEWS, load_policy_news, score
from transforms.extract import extract_metrics

SETS = {
    "policy_news": POLICY_NEWS,
    **{f"policy_news_{n}": POLICY_NEWS.with_name(f"policy_news_{n}.jsonl") for n in (2, 3)},
}


@pytest.fixture(scope="module", params=sorted(SETS))
def policy_score(request):
    path: Path = SETS[request.param]
    return score(load_policy_news(path), extract_metrics)


def test_gold_is_substantial(policy_score) -> None:
    assert policy_score.gold >= 120


def test_span_precision_and_recall(policy_score) -> None:
    assert policy_score.precision >= 0.99, policy_score.spurious
    assert policy_score.recall >= 0.99, policy_score.misses


@pytest.mark.parametrize(
    ("field", "floor"),
    [
        ("value", 1.0),
        ("unit", 0.99),
        ("bound", 0.99),
        ("change", 0.99),
        ("is_target", 0.99),
        ("low", 1.0),
        ("high", 1.0),
    ],
)
def test_field_agreement(policy_score, field: str, floor: float) -> None:
    wrong = [d for d in policy_score.disagreements if f" {field}: " in d]
    assert policy_score.agreement(field) >= floor, wrong
