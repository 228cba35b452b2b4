"""The extractor scored against news paragraphs written by hand apart from its code.

Policy news: tests/gold/policy_news.jsonl (40 paragraphs, 128 figures), policy_news_2.jsonl
(177 figures) and policy_news_3.jsonl (200 figures) follow the conventions of
docs/grammar.md. The rules the first set exposed were fixed as general rules; the second and
third sets were scored before any change (span precision 0.967 / 0.985, recall 0.983 / 0.995)
and then kept here; in the third, eight labels where its writer chose otherwise than
docs/grammar.md (unit codes, an age, a duration, "added" as a change, rounded shares) follow
the grammar. Their floors (0.99) keep all three where they are: at 0.98 a regression on one
figure of 177 ("12 million bags of shiitake mushrooms a year" read as a rate) had passed.

General news: general_news_1.jsonl (markets, companies, cars, energy: 214 figures) and
general_news_2.jsonl (sport, science, health, weather, everyday life: 213 figures) measure the
grammar outside policy news. Before any change they scored span precision 0.944 / 0.871 and
recall 0.939 / 0.887; the rules they exposed were fixed as general rules ("8.4 seconds ahead"
had read as a rate per capita, "PlayStation 5 consoles" as 5 consoles, "K2-18b" as 18).
Labels that only spelled the grammar's conventions otherwise were brought to them: unit codes
of the same unit ("hp" -> horsepower, "GBX" -> penny), unrounded values, a range's surface from
its first number, and what docs/grammar.md does not count as a figure (hyphenated durations,
"within 28 days", "doubled").

Rural news: rural_news_1.jsonl (rural development worldwide and in China: 202 figures) was
written the same way after those fixes and scored once before any change made from it: span
precision 0.925, recall 0.921. Its misses were general too (naira, taka, rupiah and Kenyan
shillings unknown; "bushels per acre"; "71.1 million head"; "by a fifth"; a rate after a
restatement in brackets; a change after a level taking its rate).

Policy reports: policy_reports_1.jsonl (government work reports, white papers, communiques:
206 figures) was written last and scored once before any change made from it: span precision
0.990, recall 0.995 (0.981 / 0.981 with the grammar as this work began). It exposed "an
increase of 15 yuan" after a monthly rate, "Of the 9.6 million relocated people, more than 4
million", "village clinics number 587,000", "4.2 percent in real terms" in a list of changes,
"by an average annual 8 percent" and a ratio taking a money unit; it keeps the policy floors.

Mixed news: mixed_news_1.jsonl (Chinese rural policy, international development, business:
218 figures) was written last, after every other fix, as the final held-out measure: before
any change made from it, span precision 0.968, recall 0.977 (0.940 / 0.936 with the grammar as
this work began). Its fixes: "slipped $0.96 to $76.81" read as a range (slipped, dipped, eased,
... were no change verbs), "0.3 percent higher at", "below its level", rupees per quintal,
"an increase of 153.3% to 170.3%", "its 1,100 U.S. stores", "from last year's $2.3 billion".

Prices and markets (prices_markets_1.jsonl: farm-gate and commodity prices, currencies, stock
indexes; 213 figures) and policy news 4 (policy_news_4.jsonl: poverty alleviation and rural
revitalization in the style of Xinhua and China Daily; 200 figures) were written last, by
helpers that saw only docs/grammar.md, and scored once before any change made from them: span
precision 0.886 / 0.980, recall 0.911 / 0.980. Their fixes were general: currencies of more
countries (kwacha, dong, rand, cedis per bag), rates per bushel and parcel, "by 463,000
hectares to 2.83 million hectares" as a change and a level, "fall below 2" as a level crossed,
"the highest in more than three decades" as no figure, "targeted poverty alleviation" as no
target cue, "the number of people ... stood at". A script brought labels that only spelled the
grammar's conventions otherwise into line: a range's surface keeps "between", an exchange rate
keeps "against the U.S. dollar", shares are not rounded.

Statistical reports (stat_reports_1.jsonl: statistical communiques and work reports, 238
figures) came after those fixes, written the same way, and scored P 0.987 R 0.992 before any
change from it; its fixes: "3.68 million tonnes or 0.5 percent" restates a change, "grew at an
average annual rate of", a list after "targets ... are:", "387 kilograms per mu, or 774 jin",
"per project", "head of live pigs", a per-capita cue not across a new subject.

The floors of the general and rural sets sit under today's scores; the differences left (units
carried across sentences, exchange rates, a target cue in an earlier conjunct) are listed by
the failing assert.
"""

from __future__ import annotations

import pytest

from tests.support.gold import POLICY_NEWS, load_policy_news, score
from transforms.extract import extract_metrics

# span precision, span recall, and the agreement floor of each field on matched figures
POLICY_FLOORS = {"precision": 0.99, "recall": 0.99, "unit": 0.99, "bound": 0.99, "change": 0.99}
POLICY_FLOORS |= {"is_target": 0.99, "value": 1.0, "low": 1.0, "high": 1.0}
NEWS_FLOORS = {"precision": 0.95, "recall": 0.97, "unit": 0.93, "bound": 0.99, "change": 0.95}
NEWS_FLOORS |= {"is_target": 0.98, "value": 1.0, "low": 1.0, "high": 1.0}
SETS = {
    "policy_news.jsonl": POLICY_FLOORS,
    "policy_news_2.jsonl": POLICY_FLOORS,
    "policy_news_3.jsonl": POLICY_FLOORS,
    "policy_reports_1.jsonl": POLICY_FLOORS,
    "policy_news_4.jsonl": POLICY_FLOORS,
    "stat_reports_1.jsonl": POLICY_FLOORS,
    "general_news_1.jsonl": NEWS_FLOORS,
    "general_news_2.jsonl": NEWS_FLOORS,
    "rural_news_1.jsonl": NEWS_FLOORS,
    "mixed_news_1.jsonl": NEWS_FLOORS,
    "prices_markets_1.jsonl": NEWS_FLOORS,
}
FIELDS = ("value", "unit", "bound", "change", "is_target", "low", "high")


@pytest.fixture(scope="module", params=sorted(SETS))
def gold_score(request):
    result = score(load_policy_news(POLICY_NEWS.with_name(request.param)), extract_metrics)
    return result, SETS[request.param]


def test_gold_is_substantial(gold_score) -> None:
    result, _ = gold_score
    assert result.gold >= 120


def test_span_precision_and_recall(gold_score) -> None:
    result, floors = gold_score
    assert result.precision >= floors["precision"], result.spurious
    assert result.recall >= floors["recall"], result.misses


@pytest.mark.parametrize("field", FIELDS)
def test_field_agreement(gold_score, field: str) -> None:
    result, floors = gold_score
    wrong = [d for d in result.disagreements if f" {field}: " in d]
    assert result.agreement(field) >= floors[field], wrong
