"""The extractor scored against 40 policy-news paragraphs (tests/gold/policy_news.jsonl).

The paragraphs and their gold were written by hand apart from the extractor's code, in the
conventions of docs/grammar.md; the rules they exposed were fixed as general rules. This
test keeps them fixed.
"""

from __future__ import annotations

import pytest

from tests.support.gold import load_policy_news, score
from transforms.extract import extract_metrics


@pytest.fixture(scope="module")
def policy_score():
    return score(load_policy_news(), extract_metrics)


def test_gold_is_substantial(policy_score) -> None:
    assert policy_score.gold >= 120


def test_span_precision_and_recall(policy_score) -> None:
    assert policy_score.precision >= 0.98, policy_score.spurious
    assert policy_score.recall >= 0.98, policy_score.misses


@pytest.mark.parametrize(
    ("field", "floor"),
    [
        ("value", 1.0),
        ("unit", 0.98),
        ("bound", 0.98),
        ("change", 0.98),
        ("is_target", 0.97),
        ("low", 1.0),
        ("high", 1.0),
    ],
)
def test_field_agreement(policy_score, field: str, floor: float) -> None:
    wrong = [d for d in policy_score.disagreements if f" {field}: " in d]
    assert policy_score.agreement(field) >= floor, wrong
