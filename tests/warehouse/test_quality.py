"""The Great Expectations gate marks each row with every expectation it fails."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from transforms.extract import extract_metrics
from transforms.lexicon import lexicon
from transforms.models import Document
from warehouse import frames
from warehouse.quality import UNIT_KINDS, QualityGate, prepare_frame, unit_is_known

TEXT = (
    "By the end of October, provinces had provided nearly 23 billion yuan (about 3.1 billion "
    "U.S. dollars) of funding, and 90 percent of villages had 5G. Some 300 households moved."
)


def _frame(text: str = TEXT, published=dt.date(2021, 11, 22)):
    doc = Document.from_text(text, published_at=published)
    mf = frames.metrics_frame(extract_metrics(doc))
    return doc, mf


def test_clean_metrics_pass_and_data_docs_are_written(gate: QualityGate) -> None:
    doc, mf = _frame()
    result = gate.validate(
        prepare_frame(mf, {doc.doc_id: doc.text}, {doc.doc_id: doc.published_at}), "t1"
    )
    assert result.frame["passed"].all()
    assert result.summary["rows_checked"] == len(mf) == 4
    assert gate.data_docs_index.exists()
    assert result.frame["implied_rate"].dropna().between(7, 8).all()


def test_every_failure_is_named_per_row(gate: QualityGate) -> None:
    doc, mf = _frame()
    bad = pd.concat([mf, mf.iloc[[0]]], ignore_index=True)  # duplicate key
    bad.loc[1, "surface"] = "tampered"
    bad.loc[2, "value"] = 250.0  # a share above 100 percent
    bad.loc[3, "value"] = -5.0  # a negative count
    bad.loc[3, "unit_kind"] = "count"
    result = gate.validate(
        prepare_frame(bad, {doc.doc_id: doc.text}, {doc.doc_id: doc.published_at}), "t2"
    )
    by_row = dict(zip(result.frame["row_id"], result.frame["failed_expectations"], strict=True))
    assert by_row[0] == "key_unique" and by_row[4] == "key_unique"
    assert by_row[1] == "surface_matches_text"
    assert "share_within_0_100" in by_row[2]
    assert by_row[3] == "count_non_negative"
    assert result.summary["rows_failed_critical"] == 5


def test_implausible_exchange_rate_is_a_warning_not_a_quarantine(gate: QualityGate) -> None:
    text = "The fund reached 23 billion yuan (about 23 billion U.S. dollars) last year."
    doc, mf = _frame(text)
    result = gate.validate(
        prepare_frame(mf, {doc.doc_id: doc.text}, {doc.doc_id: doc.published_at}), "t3"
    )
    assert result.frame["passed"].all()
    assert result.frame["quality_flags"].tolist() == [None, "exchange_rate_plausible"]


def test_period_after_publication_is_flagged_unless_a_target(gate: QualityGate) -> None:
    text = "In 2023, incomes reached 20,133 yuan per capita. By 2030 it will reach 30,000 yuan."
    doc, mf = _frame(text, published=dt.date(2021, 1, 1))
    result = gate.validate(
        prepare_frame(mf, {doc.doc_id: doc.text}, {doc.doc_id: doc.published_at}), "t4"
    )
    flags = dict(zip(result.frame["surface"], result.frame["quality_flags"], strict=True))
    assert flags["20,133 yuan per capita"] == "period_not_after_publication"
    assert flags["30,000 yuan"] is None


def test_known_units_cover_rates_and_measures() -> None:
    known = ["CNY", "USD", "percent", "percentage_point", "times", "km", "mu", "CNY per capita"]
    known += ["USD per day", "tonne per hectare", "litre per capita per day", "INR per USD"]
    known += ["kilometre per hour", "mile per gallon", "kilometre per hour per day"]
    known += ["CNY per project"]  # after "per" any counted noun is a denominator
    assert all(unit_is_known(u) for u in known), [u for u in known if not unit_is_known(u)]
    unknown = [
        None,
        "",
        "widget",
        "percent per day",
        "CNY per the",
        "CNY per 5",
        "CNY per day per mu per year",
    ]
    assert not any(unit_is_known(u) for u in unknown)


def test_rates_of_rates_pass_the_gate(gate: QualityGate) -> None:
    """ "200 litres per person per day" had gone to quarantine as an unknown unit."""
    doc, mf = _frame(
        "Use is capped at 200 litres per person per day; pickers earn 30 yuan per day."
    )
    result = gate.validate(
        prepare_frame(mf, {doc.doc_id: doc.text}, {doc.doc_id: doc.published_at}), "rates"
    )
    assert list(mf["unit"]) == ["litre per capita per day", "CNY per day"]
    assert result.frame["passed"].all(), result.frame["reasons"].tolist()


def test_every_measure_kind_of_the_lexicon_is_a_known_kind(gate: QualityGate) -> None:
    """A kind the grammar gives but the suite does not know sends real figures to quarantine
    ("23 mpg", "113 gigapascals")."""
    assert {kind for _, kind in lexicon().measure.values()} <= set(UNIT_KINDS)
    doc, mf = _frame("The car does 23 mpg; the material reached 113 gigapascals at 60 degrees.")
    result = gate.validate(
        prepare_frame(mf, {doc.doc_id: doc.text}, {doc.doc_id: doc.published_at}), "kinds"
    )
    assert len(mf) == 3 and result.frame["passed"].all(), result.frame["reasons"].tolist()


def test_document_suite_flags_implausible_dates(gate: QualityGate) -> None:
    from warehouse.frames import documents_frame
    from warehouse.quality import prepare_documents

    good = Document.from_text(TEXT, published_at=dt.date(2021, 11, 22))
    odd = Document.from_text("Some 300 households moved.", published_at=dt.date(1900, 1, 1))
    docs = documents_frame([good, odd])
    mf = frames.metrics_frame(extract_metrics(good) + extract_metrics(odd))
    texts = {d.doc_id: d.text for d in (good, odd)}
    published = {d.doc_id: d.published_at for d in (good, odd)}
    result = gate.validate(prepare_frame(mf, texts, published), "t5", prepare_documents(docs))
    flags = dict(zip(result.documents["doc_id"], result.documents["quality_flags"], strict=True))
    assert flags == {good.doc_id: None, odd.doc_id: "doc_published_plausible"}
    assert [s["suite"] for s in result.summaries] == ["fct_metric_suite", "dim_document_suite"]


def test_data_docs_render_each_run_once_and_drop_pruned_pages(tmp_path, monkeypatch) -> None:
    import warehouse.quality as quality

    monkeypatch.setattr(quality, "KEEP_RESULTS", 2)
    gate = QualityGate(tmp_path / "gx", build_docs=False)
    doc, mf = _frame()
    frame = prepare_frame(mf, {doc.doc_id: doc.text}, {doc.doc_id: doc.published_at})
    pages = gate.data_docs_index.parent / "validations" / quality.SUITE_NAME
    for run in ("run-a", "run-b", "run-c"):
        gate.validate(frame, run)
        gate.build_data_docs(run)
        index = gate.data_docs_index.read_text(encoding="utf-8")
        assert run in index
    # the newest two results are kept, with a page each; run-a's result and page are gone
    assert sorted(p.name for p in pages.iterdir()) == ["run-b", "run-c"]
    assert "run-a" not in index


def test_base_values_load_and_an_overflowing_one_is_quarantined(gate: QualityGate) -> None:
    text = "The cooperative leased 5,000 mu and built 3.5 km of roads; 40 ounces were sold."
    doc, mf = _frame(text)
    assert list(mf["base_unit"]) == ["hectare", "metre", None]
    mf.loc[1, "base_value"] = 1e305  # what "1e302 km" would give
    result = gate.validate(
        prepare_frame(mf, {doc.doc_id: doc.text}, {doc.doc_id: doc.published_at}), "t-base"
    )
    failed = dict(zip(result.frame["row_id"], result.frame["failed_expectations"], strict=True))
    assert failed == {0: None, 1: "base_value_finite", 2: None}


def test_every_figure_of_the_own_gold_passes_the_gate(gate: QualityGate) -> None:
    """The grammar and the suite move apart silently: a new unit kind ("23 mpg"), a rate of a
    rate ("200 litres per person per day") or a measure named with "per" ("193 km/h") sent real
    figures to quarantine. Every figure read from tests/gold must pass."""
    import json
    from pathlib import Path

    docs: dict[str, Document] = {}
    for path in sorted((Path(__file__).resolve().parents[1] / "gold").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = Document.from_text(json.loads(line)["text"], published_at=dt.date(2023, 11, 22))
            docs[doc.doc_id] = doc  # a paragraph in two sets is one document
    mf = frames.metrics_frame([m for d in docs.values() for m in extract_metrics(d)])
    texts = {d.doc_id: d.text for d in docs.values()}
    published = {d.doc_id: d.published_at for d in docs.values()}
    result = gate.validate(prepare_frame(mf, texts, published), "own-gold")
    failed = result.frame[~result.frame["passed"]]
    assert len(mf) > 1500
    assert failed.empty, failed[["surface", "unit", "failed_expectations"]].to_string()
