"""The extractor scored against the gold of the bundled sample corpus (18 documents)."""

from __future__ import annotations

import pytest

from tests.support.gold import load_gold, score
from transforms.extract import extract_metrics


@pytest.fixture(scope="module")
def sample_score():
    return score(load_gold(), extract_metrics)


def test_gold_is_substantial(sample_score) -> None:
    assert sample_score.gold >= 200


def test_span_precision_and_recall(sample_score) -> None:
    s = sample_score
    assert s.precision >= 0.98, s.spurious
    assert s.recall >= 0.98, s.misses


@pytest.mark.parametrize(
    ("field", "floor"),
    [
        ("value", 1.0),
        ("bound", 0.99),
        ("is_target", 0.98),
        ("equivalent_of", 1.0),
        ("change", 0.98),
        ("unit", 0.97),
        ("low", 1.0),
        ("high", 1.0),
    ],
)
def test_field_agreement(sample_score, field: str, floor: float) -> None:
    wrong = [d for d in sample_score.disagreements if f" {field}: " in d]
    assert sample_score.agreement(field) >= floor, wrong
