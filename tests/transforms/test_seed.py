"""The seed article yields exactly the 12 metrics an analyst reads out of it."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SEED_DIR, SEED_PUBLISHED
from transforms.extract import extract_metrics
from transforms.models import Document


@pytest.fixture(scope="module")
def seed_metrics(seed_text: str):
    doc = Document.from_text(seed_text, source="seed", published_at=SEED_PUBLISHED)
    return doc, extract_metrics(doc)


def _expected() -> list[dict]:
    return json.loads((SEED_DIR / "expected_metrics.json").read_text(encoding="utf-8"))["metrics"]


def test_exactly_the_twelve_spans(seed_metrics) -> None:
    _, metrics = seed_metrics
    assert [(m.start, m.end) for m in metrics] == [(e["start"], e["end"]) for e in _expected()]


@pytest.mark.parametrize("expected", _expected(), ids=lambda e: e["surface"])
def test_each_metric_matches_the_analyst(seed_metrics, expected: dict) -> None:
    doc, metrics = seed_metrics
    m = next(m for m in metrics if (m.start, m.end) == (expected["start"], expected["end"]))
    assert doc.text[m.start : m.end] == m.surface == expected["surface"]
    assert m.value == pytest.approx(expected["value"])
    assert (m.unit, m.bound, m.is_target) == (
        expected["unit"],
        expected["bound"],
        expected["is_target"],
    )
    restated = expected.get("equivalent_of")
    if restated:
        original = next(x for x in metrics if x.surface == restated)
        assert m.equivalent_of == original.start
    else:
        assert m.equivalent_of is None


def test_seed_context(seed_metrics) -> None:
    """Periods resolve against the publication date; the restatement implies a sane rate."""
    _, metrics = seed_metrics
    by_surface = {m.surface: m for m in metrics}
    funds = by_surface["nearly 23 billion yuan"]
    assert funds.period_end.isoformat() == "2021-10-31"
    assert funds.bound_word == "nearly"
    assert by_surface["1 million"].period_label == "in the next three years"
    rate = funds.value / by_surface["about 3.1 billion U.S. dollars"].value
    assert 7.0 < rate < 7.5
    assert by_surface["eight eastern regions"].region_code == "EWC_EAST"
    assert by_surface["10 western regions"].region_code == "EWC_WEST"
    assert by_surface["nearly 23 billion yuan"].region_code == "EWC_WEST"  # the receiving side
    funds = by_surface["nearly 23 billion yuan"]
    assert (funds.flow_from_code, funds.flow_to_code) == ("EWC_EAST", "EWC_WEST")
    assert by_surface["seven townships"].region_code == "510726"  # Beichuan
    assert by_surface["90 percent"].indicator_id == "villages_5g_share"
    assert by_surface["815,000 jobs"].indicator_id == "ewc_jobs_created"


def test_time_budget_stops_and_reports() -> None:
    from transforms.extract import ExtractionReport

    doc = Document.from_text("About 5 percent of the villages, " * 3000)
    report = ExtractionReport()
    metrics = extract_metrics(doc, time_budget_s=0.0, report=report)
    assert metrics == [] and report.stopped_at == 0 and "time_budget" in report.note
    full = ExtractionReport()
    assert len(extract_metrics(doc, time_budget_s=600, report=full)) == 3000
    assert full.note is None
