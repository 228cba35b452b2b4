"""Where and what: region codes and indicators, on the linking gold and on hard cases."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support.gold import load_gold, score
from tests.support.linking_gold import score_linking
from transforms.extract import extract_metrics
from transforms.models import Document


@pytest.fixture(scope="module")
def linking():
    return score_linking()


def test_linking_gold_is_large_and_read(linking) -> None:
    assert linking.lines >= 150
    assert linking.found >= linking.lines - 3


def test_region_accuracy_and_precision(linking) -> None:
    errors = [e for e in linking.errors if " region " in e]
    assert linking.region_accuracy >= 0.95, errors
    assert linking.region_precision >= 0.97, errors  # a wrong code is worse than none


def test_indicator_accuracy(linking) -> None:
    errors = [e for e in linking.errors if " indicator " in e]
    assert linking.indicator_accuracy >= 0.90, errors


def test_region_agreement_on_the_sample_corpus() -> None:
    s = score(load_gold(), extract_metrics)
    wrong = [d for d in s.disagreements if " region_code: " in d]
    assert s.agreement("region_code") >= 0.80, wrong


def _one(text: str, surface: str, published: str = "2023-06-30"):
    doc = Document.from_text(text, published_at=dt.date.fromisoformat(published))
    return next(m for m in extract_metrics(doc) if m.surface == surface)


@pytest.mark.parametrize(
    ("text", "surface", "code"),
    [
        (
            "Kecheng District in east China's Quzhou City, Zhejiang Province, built 120 km of roads.",
            "120 km",
            "330802",
        ),
        (
            "Chaoyang District of Beijing helped 3,200 rural job seekers find jobs.",
            "3,200 rural job seekers",
            "110105",
        ),
        (
            "Chaoyang District in Changchun, Jilin Province, renovated 400 houses.",
            "400 houses",
            "220104",
        ),
        ("Shaanxi Province built 5,000 km of rural roads last year.", "5,000 km", "610000"),
        ("Shanxi Province built 4,000 km of rural roads last year.", "4,000 km", "140000"),
        ("Tibet received 2 million tourist visits in 2022.", "2 million tourist visits", "540000"),
        ("Xizang received 2 million tourist visits in 2022.", "2 million tourist visits", "540000"),
        (
            "Lhasa received 1.2 million tourist visits in 2022.",
            "1.2 million tourist visits",
            "540100",
        ),
        ("Fujian sent 300 teachers to Ningxia in 2022.", "300 teachers", "640000"),
        (
            "Guangdong helped 320,000 rural labourers from Guangxi find jobs in 2021.",
            "320,000 rural labourers",
            "450000",
        ),
        (
            "LANZHOU, March 5 (Xinhua) -- Dongxiang Autonomous County relocated 4,100 households.",
            "4,100 households",
            "622926",
        ),
        (
            "The central government allocated 175 billion yuan in subsidies in 2023.",
            "175 billion yuan",
            "CN",
        ),
        (
            "Guangdong provided RMB 6.3 billion in fiscal aid to the neighboring Guangxi in 2023.",
            "RMB 6.3 billion",
            "450000",
        ),
        (
            "In 2023, buyers in Beijing purchased 150,000 tonnes of Hotan farm produce.",
            "150,000 tonnes",
            "653200",
        ),
        (
            "Baise and Hechi, cities in Guangxi, received RMB 1.2 billion and RMB 1.5 billion "
            "respectively.",
            "RMB 1.5 billion",
            "451200",
        ),
    ],
)
def test_hard_cases(text: str, surface: str, code: str) -> None:
    assert _one(text, surface).region_code == code


def test_flows_record_source_and_destination() -> None:
    m = _one("Fujian sent 300 teachers to Ningxia in 2022.", "300 teachers")
    assert (m.region_code, m.flow_from_code, m.flow_to_code) == ("640000", "350000", "640000")


def test_ambiguous_name_is_left_null_with_its_candidates() -> None:
    m = _one("Chaoyang District renovated 400 rural houses last year.", "400 rural houses")
    assert m.region_code is None
    assert any({"110105", "220104"} <= set(c) for c in m.extra["region_candidates"])


def test_place_established_earlier_carries_over() -> None:
    text = (
        "Dongxiang Autonomous County lies in Linxia, Gansu Province. "
        "Last year it relocated 4,100 households. "
        "The prefecture also trained 60,000 rural workers."
    )
    doc = Document.from_text(text, published_at=dt.date(2023, 6, 30))
    by_surface = {m.surface: m for m in extract_metrics(doc)}
    assert by_surface["4,100 households"].region_code == "622926"
    assert by_surface["60,000 rural workers"].region_code == "622900"  # the prefecture


def test_the_city_stays_the_texts_place_past_partners_and_asides() -> None:
    text = (
        "TAIYUAN, May 12 (Xinhua) -- Taiyuan City in north China's Shanxi Province has 701 "
        "impoverished villages. Through consumption-based assistance, buyers from Tianjin "
        "bought nearly 907 million yuan worth of products from the city last year. "
        "Livestreamers sell local specialties to buyers across the country. "
        "The city plans to build 30 clinics by 2035. "
        "Sales of local specialties reached 139 million yuan in 2021."
    )
    doc = Document.from_text(text, published_at=dt.date(2024, 5, 12))
    by_surface = {m.surface: m.region_code for m in extract_metrics(doc)}
    assert by_surface == {
        "701 impoverished villages": "140100",
        "nearly 907 million yuan": "140100",  # Tianjin's buyers, the city's sales
        "30 clinics": "140100",  # "the city" is Taiyuan, not the partner named last
        "139 million yuan": "140100",  # the nationwide aside did not move the text
    }


def test_every_metric_has_an_indicator_or_unclassified(seed_text: str) -> None:
    doc = Document.from_text(seed_text)
    ids = {m.indicator_id for m in extract_metrics(doc)}
    assert "" not in ids and None not in ids
