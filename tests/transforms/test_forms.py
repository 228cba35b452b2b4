"""One sentence per surface form of the English quantity grammar.

Each case is a short policy-news sentence written for the test and the complete list
of metrics a careful analyst reads out of it (the conventions of
/work/shared/seed/expected_metrics.json and tests/gold): the surface includes the bound
word and the unit or counted head noun; value is after scale words, percent in percent;
units are ISO currency codes, percent, percentage_point, times, measure codes and
singular counted nouns. Every case checks the whole list, so a spurious metric (a year,
a label, a phone number) fails it as surely as a missed one.

Fields not given in a case take the defaults in DEFAULTS; period fields are checked
only where a case gives them. equivalent_of is written as the surface of the metric
restated and resolved to its start offset.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from transforms.extract import extract_metrics
from transforms.models import Document, Metric

PUBLISHED = dt.date(2023, 11, 22)

DEFAULTS: dict[str, Any] = {
    "bound": "exact",
    "bound_word": None,
    "low": None,
    "high": None,
    "change": None,
    "base_period": None,
    "is_target": False,
    "equivalent_of": None,
}
CHECKED = (
    "value",
    "unit",
    "bound",
    "bound_word",
    "low",
    "high",
    "change",
    "base_period",
    "is_target",
    "equivalent_of",
    "period_label",
    "period_start",
    "period_end",
)
D = dt.date


def _extract(text: str) -> tuple[str, list[Metric]]:
    doc = Document.from_text(text, published_at=PUBLISHED)
    return doc.text, extract_metrics(doc)


def _show(m: Metric) -> str:
    parts = [f"{m.surface!r}", f"value={m.value!r}", f"unit={m.unit!r}", f"bound={m.bound!r}"]
    for name in CHECKED[3:]:
        v = getattr(m, name)
        if v not in (None, False):
            parts.append(f"{name}={v!r}")
    return "(" + ", ".join(parts) + ")"


def _same(name: str, want: Any, got: Any) -> bool:
    if name in ("value", "low", "high") and want is not None and got is not None:
        return got == pytest.approx(want, rel=1e-6, abs=1e-4)
    return want == got


def check(text: str, expected: list[dict[str, Any]]) -> None:
    clean, metrics = _extract(text)
    shown = "\n  ".join(_show(m) for m in metrics) or "(none)"
    surfaces = [m.surface for m in metrics]
    want_surfaces = [e["surface"] for e in expected]
    assert surfaces == want_surfaces, f"surfaces differ; extracted:\n  {shown}"
    for want, got in zip(expected, metrics, strict=True):
        assert clean[got.start : got.end] == got.surface
        fields = {**DEFAULTS, **{k: v for k, v in want.items() if k != "surface"}}
        if isinstance(fields["equivalent_of"], str):
            fields["equivalent_of"] = clean.index(fields["equivalent_of"])
        wrong = [
            f"{name}: expected {fields[name]!r}, got {getattr(got, name)!r}"
            for name in CHECKED
            if name in fields and not _same(name, fields[name], getattr(got, name))
        ]
        assert not wrong, f"{got.surface!r}: " + "; ".join(wrong) + f"\nextracted:\n  {shown}"


def case(text: str, *expected: dict[str, Any], id: str, marks: Any = ()) -> Any:
    return pytest.param(text, list(expected), id=id, marks=marks)


def M(surface: str, value: float, unit: str | None, **kw: Any) -> dict[str, Any]:
    return {"surface": surface, "value": value, "unit": unit, **kw}


# -- numbers: digits, words, fractions, abbreviations, scales, ranges ----------------------
NUMBERS = [
    case(
        "At one point, the county had 300 staff; growth was six point five percent and the "
        "night low minus two point five degrees Celsius.",
        M("300 staff", 300, "staff"),
        M("six point five percent", 6.5, "percent"),
        M("minus two point five degrees Celsius", -2.5, "celsius"),
        id="spoken-decimals-and-the-at-one-point-idiom",
    ),
    case(
        "The fund reached one million and a half yuan, then five billion and three quarters; "
        "one out of every five households and 2 in 7 villages took part.",
        M("one million and a half yuan", 1.5e6, "CNY"),
        M("five billion and three quarters", 5.75e9, None),
        M("one out of every five", 20, "percent"),
        M("2 in 7", 200 / 7, "percent"),
        id="a-fraction-after-a-scale-word-and-out-of-shares",
    ),
    case(
        "The fund raised $1.2 B last quarter and now reaches about 8 B people worldwide.",
        M("$1.2 B", 1.2e9, "USD"),
        M("about 8 B people", 8e9, "person", bound="approximate", bound_word="about"),
        id="capital-scale-letter-apart-from-the-number",
    ),
    case(
        "Poor households fell by two thirds, and one fifth remain on the monitoring list.",
        M("two thirds", 200 / 3, "percent", change="relative"),
        M("one fifth", 20, "percent"),
        id="counted-fraction-is-a-share-wherever-it-stands",
    ),
    case(
        "Volunteers packed 3 dozen boxes; a clerk wrote 'twenty-three fifths' in the ledger.",
        M("3 dozen boxes", 36, "box"),
        id="dozen-after-digits-and-no-integer-read-of-a-fraction",
    ),
    case(
        "The county has built 1,245 greenhouses for vegetable growers.",
        M("1,245 greenhouses", 1245, "greenhouse"),
        id="digits-thousands-comma",
    ),
    case(
        "The cooperative sold 12,345.5 tonnes of kiwi fruit to supermarkets.",
        M("12,345.5 tonnes", 12345.5, "tonne"),
        id="digits-comma-and-decimal",
    ),
    case(
        "Grain output in the province reached 35.8 million tonnes.",
        M("35.8 million tonnes", 35.8e6, "tonne"),
        id="digits-decimal-million",
    ),
    case(
        "The rural revitalization pilot zone covers seven townships in the mountains.",
        M("seven townships", 7, "township"),
        id="words-seven-townships",
    ),
    case(
        "The relocation program has moved two million people out of inhospitable areas.",
        M("two million people", 2e6, "person"),
        id="words-two-million-people",
    ),
    case(
        "Broadband service now reaches a third of the villages in the county.",
        M("a third", 100 / 3, "percent"),
        id="words-a-third-of-percent",
    ),
    case(
        "The province has invested half a billion yuan in rural water supply.",
        M("half a billion yuan", 5e8, "CNY"),
        id="words-half-a-billion-yuan",
    ),
    case(
        "About half of the relocated workers have found jobs in nearby factories.",
        M("About half", 50, "percent", bound="approximate", bound_word="About"),
        id="words-about-half",
    ),
    case(
        "Solar power now supplies two-thirds of the households in the village.",
        M("two-thirds", 200 / 3, "percent"),
        id="fraction-two-thirds-of",
    ),
    case(
        "The county spends one fifth of the fund on village roads.",
        M("one fifth", 20, "percent"),
        id="fraction-one-fifth-of",
    ),
    case(
        "Cooperatives now employ 3/4 of the relocated workers in the town.",
        M("3/4", 75, "percent"),
        id="fraction-digits-3/4-of",
    ),
    case(
        "The employment fund helped 13 mln rural residents find jobs.",
        M("13 mln rural residents", 13e6, "resident"),
        id="abbrev-mln",
    ),
    case(
        "Tap water now reaches 98 pct of rural households in the province.",
        M("98 pct", 98, "percent"),
        id="abbrev-pct",
    ),
    case(
        "Forest coverage in the county has reached 45 per cent.",
        M("45 per cent", 45, "percent"),
        id="abbrev-per-cent-british",
    ),
    case(
        "The e-commerce platform has 70M registered users in rural areas.",
        M("70M registered users", 70e6, "user"),
        id="abbrev-70M-upper",
    ),
    case(
        "The World Bank approved a $5bn loan for rural roads.",
        M("$5bn", 5e9, "USD"),
        id="abbrev-dollar-5bn",
    ),
    case(
        "Farmers in the province planted 42 thousand hectares of tea.",
        M("42 thousand hectares", 42e3, "hectare"),
        id="scale-thousand",
    ),
    case(
        "The central budget allocated 175 billion yuan for rural revitalization.",
        M("175 billion yuan", 175e9, "CNY"),
        id="scale-billion",
    ),
    case(
        "Rural retail sales totaled 5.9 trillion yuan.",
        M("5.9 trillion yuan", 5.9e12, "CNY"),
        id="scale-trillion",
    ),
    case(
        "Subsidies cover 5 to 10 percent of the construction costs.",
        M("5 to 10 percent", 5, "percent", low=5, high=10),
        id="range-5-to-10-percent",
    ),
    case(
        "The water project has benefited between 2 and 3 million people.",
        M("between 2 and 3 million people", 2e6, "person", low=2e6, high=3e6),
        id="range-between-2-and-3-million-people",
    ),
    case(
        "Each relocated household receives 3,000-5,000 yuan in subsidies.",
        M("3,000-5,000 yuan", 3000, "CNY", low=3000, high=5000),
        id="range-dash-yuan",
    ),
    case(
        "Grants to cooperatives range from $800,000 to $1.3 million per county.",
        M("$800,000 to $1.3 million per county", 800e3, "USD per county", low=800e3, high=1.3e6),
        id="range-scale-only-on-the-high-end",
    ),
    case(
        "The county revised its growth forecast from 5 to 7 per cent to 3 to 5 per cent; the "
        "new bus cuts a 5-to-10-minute walk and rates between 50 and 70 on the MPa scale.",
        M("5 to 7 per cent", 5, "percent", low=5, high=7, is_target=True),
        M("3 to 5 per cent", 3, "percent", low=3, high=5, is_target=True),
        M("5-to-10-minute", 5, "minute", low=5, high=10),
        M("between 50 and 70", 50, "megapascal", low=50, high=70),
        id="range-changed-to-range-hyphenated-range-and-scale-unit",
    ),
    case(
        "The irrigation scheme needs 1/2 percent of the budget and a canal of 3/4 mile.",
        M("1/2 percent", 0.5, "percent"),
        M("3/4 mile", 0.75, "mile"),
        id="digit-fraction-of-a-unit",
    ),
    case(
        "Workers laid 10 1/2 miles of pipe in 2½ hours, and output grew 3 1/2 times.",
        M("10 1/2 miles", 10.5, "mile"),
        M("2½ hours", 2.5, "hour"),
        M("3 1/2 times", 3.5, "times", change="multiple"),
        id="mixed-numbers",
    ),
    case(
        "Local dealers sold 63,150 Model 3s and about 460 Kia vehicles, but the 787 Dreamliner "
        "is still grounded.",
        M("63,150", 63150, None),
        M("about 460 Kia vehicles", 460, "vehicle", bound="approximate", bound_word="about"),
        id="amount-before-a-name",
    ),
    case(
        "During 2016-2020, the county relocated 12,000 households.",
        M(
            "12,000 households",
            12000,
            "household",
            period_label="2016-2020",
            period_start=D(2016, 1, 1),
            period_end=D(2020, 12, 31),
        ),
        id="range-years-2016-2020-is-period",
    ),
    case(
        "Some two and a half million people left poverty, and sales grew one and a half times.",
        M(
            "Some two and a half million people",
            2.5e6,
            "person",
            bound="approximate",
            bound_word="Some",
        ),
        M("one and a half times", 1.5, "times", change="multiple"),
        id="whole-and-a-fraction-in-words",
    ),
    case(
        "A quarter million households got loans; two-thirds of a million people moved, and "
        "half a dozen counties joined.",
        M("A quarter million households", 250e3, "household"),
        M("two-thirds of a million people", 2e6 / 3, "person"),
        M("half a dozen counties", 6, "county"),
        id="fraction-of-a-scale-word",
    ),
    case(
        "The county's population is now 3 million and a half, and a meal costs 2 and a half yuan.",
        M("3 million and a half", 3.5e6, "person"),
        M("2 and a half yuan", 2.5, "CNY"),
        id="scale-and-a-half",
    ),
    case(
        "Five eighths of the villages have clinics, and in Hulunbuir it fell to minus 5 degrees.",
        M("Five eighths", 62.5, "percent"),
        M("minus 5 degrees", -5, "degree"),
        id="eighths-and-minus-word",
    ),
    case(
        "Growth was negative 6.8 percent in the first quarter and the firm grew for three "
        "quarters.",
        M(
            "negative 6.8 percent",
            -6.8,
            "percent",
            period_label="in the first quarter",
            period_start=D(2023, 1, 1),
            period_end=D(2023, 3, 31),
        ),
        M("three quarters", 3, "quarter"),
        id="calendar-quarters-are-not-a-share",
    ),
    case(
        "The county sets fines from $250,000 to $1 million, and income went from 2,982 yuan "
        "to 10,740 yuan.",
        M("$250,000 to $1 million", 250e3, "USD", low=250e3, high=1e6),
        M("2,982 yuan", 2982, "CNY"),
        M("10,740 yuan", 10740, "CNY"),
        id="from-to-is-a-range-unless-a-verb-moves-it",
    ),
    case(
        "Villagers sold 30 pounds of tea for 12 pounds; a piglet weighs over two pounds, and "
        "Britain gave 3 million pounds.",
        M("30 pounds", 30, "pound-mass"),
        M("12 pounds", 12, "GBP"),
        M("over two pounds", 2, "pound-mass", bound="lower", bound_word="over"),
        M("3 million pounds", 3e6, "GBP"),
        id="pounds-of-weight-and-of-money",
    ),
    case(
        "The smelter makes 34,500 tonnes of copper cathode a year.",
        M("34,500 tonnes of copper cathode a year", 34500, "tonne per year"),
        id="rate-after-what-the-measure-is-of",
    ),
    case(
        "The county has raised 280 million of the 1.5 billion yuan it needs.",
        M("280 million", 280e6, "CNY"),
        M("1.5 billion yuan", 1.5e9, "CNY"),
        id="part-of-the-whole-shares-its-unit",
    ),
    case(
        "Mix 3 tablespoons of butter with 1/2 cup of oil; the kiln turns 90° and the tractor "
        "does 21 mpg.",
        M("3 tablespoons", 3, "tablespoon"),
        M("1/2 cup", 0.5, "cup"),
        M("90°", 90, "degree"),
        M("21 mpg", 21, "mile per gallon"),
        id="kitchen-angle-and-fuel-units",
    ),
    case(
        "The fund holds 75 USD million, the bank booked losses of 30 MUSD, and a trust paid a "
        "12-cent-a-share dividend and a $70-a-share price.",
        M("75 USD million", 75e6, "USD"),
        M("30 MUSD", 30e6, "USD"),
        M("12-cent-a-share", 12, "cent per share"),
        M("$70-a-share", 70, "USD per share"),
        id="code-then-scale-scaled-codes-hyphenated-rates",
    ),
    case(
        "The Kerala co-operative lent 12,34,567.89 rupees to farmers.",
        M("12,34,567.89 rupees", 1234567.89, "INR"),
        id="indian-digit-grouping",
    ),
    case(
        "The county opened a 500-bed hospital on a four-lane road, with 40-plus staff and four-, "
        "five- and six-bed wards.",
        M("500-bed", 500, "bed"),
        M("four-lane", 4, "lane"),
        M("40-plus staff", 40, "staff", bound="lower", bound_word="plus"),
        M("four", 4, "bed"),
        M("five", 5, "bed"),
        M("six-bed", 6, "bed"),
        id="hyphenated-counted-noun",
    ),
    case(
        "The sown area expanded by 463,000 hectares to 2.83 million hectares. Officials expect "
        "the ratio to fall below 2. Inflation reached 25.5 percent, the highest in more than "
        "three decades. The peso hit its strongest level in nine years. Coverage stayed above "
        "99 percent for five years in a row. Thai 5% broken rice rose to $600 a tonne.",
        M("463,000 hectares", 463000, "hectare", change="absolute"),
        M("2.83 million hectares", 2.83e6, "hectare"),
        M("below 2", 2, None, bound="upper", bound_word="below", is_target=True),
        M("25.5 percent", 25.5, "percent"),
        M("above 99 percent", 99, "percent", bound="lower", bound_word="above"),
        M("$600 a tonne", 600, "USD per tonne"),
        id="by-a-to-b-is-a-change-and-a-level-a-level-crossed-time-since-and-rice-grades",
    ),
    case(
        "Nearly half of those over 65 take five drugs. Some 180 mm of rain fell, and a further "
        "90 in the hills. Temperatures hit 46.3 degrees Celsius (115.3 degrees Fahrenheit), "
        "nearly 6 degrees above the average. A magnitude 6.8 earthquake struck. Where targeted "
        "poverty alleviation began, income rose from 1,668 yuan to 25,368 yuan. The number of "
        "people lifted out of poverty in employment stood at 33.97 million.",
        M("Nearly half", 50, "percent", bound="upper", bound_word="Nearly"),
        M("over 65", 65, None, bound="lower", bound_word="over"),
        M("five drugs", 5, "drug"),
        M("Some 180 mm", 180, "millimetre", bound="approximate", bound_word="Some"),
        M("90", 90, "millimetre"),
        M("46.3 degrees Celsius", 46.3, "celsius"),
        M("115.3 degrees Fahrenheit", 115.3, "fahrenheit"),
        M("nearly 6 degrees", 6, "celsius", bound="upper", bound_word="nearly"),
        M("6.8", 6.8, "magnitude"),
        M("1,668 yuan", 1668, "CNY"),
        M("25,368 yuan", 25368, "CNY"),
        M("33.97 million", 33.97e6, "person"),
        id="a-number-word-ends-a-noun-phrase-further-amounts-degrees-magnitudes-and-targeted",
    ),
    case(
        "The town built a 300 bed hospital and a 4 lane road, and a 1.0l 3 cylinder engine "
        "powers its buses. Residents can call the 12345 government hotline, and the 112 "
        "emergency line is free. The patient is a 87 yo man.",
        M("300 bed", 300, "bed"),
        M("4 lane", 4, "lane"),
        M("1.0l", 1.0, "litre"),
        M("3 cylinder", 3, "cylinder"),
        M("87 yo", 87, "year"),
        id="a-counted-noun-compound-without-its-hyphen-not-a-service-number",
    ),
    case(
        "The two-pronged plan, one of the first, named twelve pilot sites; Hunan named two.",
        M("twelve pilot sites", 12, "site"),
        M("two", 2, None),
        id="bare-number-words-but-not-one-or-adjectives",
    ),
    case(
        "Some 68,400 people were jobless for one to two years and 95,800 for over two years.",
        M("Some 68,400 people", 68400, "person", bound="approximate", bound_word="Some"),
        M("one to two years", 1, "year", low=1, high=2),
        M("95,800", 95800, "person"),
        M("over two years", 2, "year", bound="lower", bound_word="over"),
        id="ellipsis-skips-durations",
    ),
    case(
        "One proposal asks Hunan to move 3 million of the residents.",
        M("One proposal", 1, "proposal"),
        M("3 million of the residents", 3e6, "resident"),
        id="count-of-one-and-millions-of-the",
    ),
    case(
        "A tractor costs 243,500 yuan ($33,480) with a cab and 238,000 ($32,725) without.",
        M("243,500 yuan", 243500, "CNY"),
        M("$33,480", 33480, "USD", equivalent_of="243,500 yuan"),
        M("238,000", 238000, "CNY"),
        M("$32,725", 32725, "USD", equivalent_of="238,000"),
        id="ellipsis-skips-a-restatement-in-brackets",
    ),
    case(
        "The pig weighs 3 jin 5 liang, the bus took 2 hours and 30 minutes, and the new road is "
        "3 km 500 metres long.",
        M("3 jin 5 liang", 3.5, "jin"),
        M("2 hours and 30 minutes", 2.5, "hour"),
        M("3 km 500 metres", 3.5, "km"),
        id="compound-measures",
    ),
    case(
        "Fertilizer use has dropped for seven consecutive years; broadband users reached 190 "
        "million, and the county built 120 county-level logistics centers. Hotline: 12345.",
        M("190 million", 190e6, "user"),
        M("120 county-level logistics centers", 120, "center"),
        id="time-runs-subject-units-and-labels",
    ),
    case(
        "The cooperative has 386 member households, 127 of which were poor, lifting average "
        "income by 18,000 yuan.",
        M("386 member households", 386, "household"),
        M("127", 127, "household"),
        M("18,000 yuan", 18000, "CNY", change="absolute"),
        id="of-which-and-by-after-a-verb",
    ),
    case(
        "Income in the key counties was 0.6 percentage points higher than the rural average, "
        "and the project is designed to raise incomes by 5 to 10 percent.",
        M("0.6 percentage points", 0.6, "percentage_point", change="absolute"),
        M("5 to 10 percent", 5, "percent", low=5, high=10, change="relative", is_target=True),
        id="compared-than-and-designed-to",
    ),
    case(
        "Tea gardens account for 3/4. The clinic opened on 3/4/2021 and is staffed 24/7.",
        M("3/4", 75, "percent"),
        id="digit-fraction-ending-a-clause",
    ),
    case(
        "The district counted 1\u202f234\u202f567 residents.",
        M("1\u202f234\u202f567 residents", 1234567, "resident"),
        id="thin-space-digit-groups",
    ),
]

# -- bounds ------------------------------------------------------------------------------
BOUNDS = [
    case(
        "The scheme now covers over than 60% of rural households.",
        M("over than 60%", 60, "percent", bound="lower", bound_word="over than"),
        id="over-than-slip-is-a-lower-bound",
    ),
    case(
        "Each greenhouse needs ~1.2 hectares, sub-300 yuan phones sell best, and seedlings "
        "cost 20~100 yuan.",
        M("~1.2 hectares", 1.2, "hectare", bound="approximate", bound_word="~"),
        M("sub-300 yuan", 300, "CNY", bound="upper", bound_word="sub-"),
        M("20~100 yuan", 20, "CNY", low=20, high=100),
        id="tilde-and-sub-prefix",
    ),
    case(
        "The county has trained over 3,000 rural e-commerce workers.",
        M("over 3,000 rural e-commerce workers", 3000, "worker", bound="lower", bound_word="over"),
        id="lower-over",
    ),
    case(
        "More than 500 villages have been connected to the power grid.",
        M("More than 500 villages", 500, "village", bound="lower", bound_word="More than"),
        id="lower-more-than",
    ),
    case(
        "Each village clinic has at least 2 doctors on duty.",
        M("at least 2 doctors", 2, "doctor", bound="lower", bound_word="at least"),
        id="lower-at-least",
    ),
    case(
        "The survival rate of the saplings was above 85 percent.",
        M("above 85 percent", 85, "percent", bound="lower", bound_word="above"),
        id="lower-above",
    ),
    case(
        "The county's tea output exceeded 20,000 tonnes.",
        M("exceeded 20,000 tonnes", 20000, "tonne", bound="lower", bound_word="exceeded"),
        id="lower-exceeded",
    ),
    case(
        "The township has resettled just over 1,000 households.",
        M(
            "just over 1,000 households",
            1000,
            "household",
            bound="lower",
            bound_word="just over",
        ),
        id="lower-just-over",
    ),
    case(
        "Each participating village must train 50 farmers or more.",
        M(
            "50 farmers or more",
            50,
            "farmer",
            bound="lower",
            bound_word="or more",
            is_target=True,
        ),
        id="lower-or-more-after",
    ),
    case(
        "The program has reached nearly 9,000 households.",
        M("nearly 9,000 households", 9000, "household", bound="upper", bound_word="nearly"),
        id="upper-nearly",
    ),
    case(
        "Almost 40 percent of the villagers work in the tea industry.",
        M("Almost 40 percent", 40, "percent", bound="upper", bound_word="Almost"),
        id="upper-almost",
    ),
    case(
        "Each household can receive a subsidy of up to 50,000 yuan.",
        M("up to 50,000 yuan", 50000, "CNY", bound="upper", bound_word="up to"),
        id="upper-up-to",
    ),
    case(
        "The share of idle farmland in the county is less than 2 percent.",
        M("less than 2 percent", 2, "percent", bound="upper", bound_word="less than"),
        id="upper-less-than",
    ),
    case(
        "The jobless rate among relocated residents stayed under 5 percent.",
        M("under 5 percent", 5, "percent", bound="upper", bound_word="under"),
        id="upper-under",
    ),
    case(
        "The county has about 1,200 family farms.",
        M("about 1,200 family farms", 1200, "farm", bound="approximate", bound_word="about"),
        id="approx-about",
    ),
    case(
        "Around 19,800 people live in the resettlement area.",
        M("Around 19,800 people", 19800, "person", bound="approximate", bound_word="Around"),
        id="approx-around",
    ),
    case(
        "The province operates some 2,300 rural bus routes.",
        M(
            "some 2,300 rural bus routes",
            2300,
            "route",
            bound="approximate",
            bound_word="some",
        ),
        id="approx-some",
    ),
    case(
        "Roughly 60 percent of the investment came from private firms.",
        M("Roughly 60 percent", 60, "percent", bound="approximate", bound_word="Roughly"),
        id="approx-roughly",
    ),
    case(
        "The reservoir supplies water to approximately 150,000 residents.",
        M(
            "approximately 150,000 residents",
            150000,
            "resident",
            bound="approximate",
            bound_word="approximately",
        ),
        id="approx-approximately",
    ),
]

# -- money -------------------------------------------------------------------------------
MONEY = [
    case(
        "The meal subsidy went from 4 yuan to 5 yuan per student, allowances are 900 yuan and "
        "660 yuan a month, and canteens feed 180,000 students every school day; a clinic got "
        "300 yuan, and 20 yuan per day for meals.",
        M("4 yuan", 4, "CNY per student"),
        M("5 yuan per student", 5, "CNY per student"),
        M("900 yuan", 900, "CNY per month"),
        M("660 yuan a month", 660, "CNY per month"),
        M("180,000 students", 180000, "student"),
        M("300 yuan", 300, "CNY"),
        M("20 yuan per day", 20, "CNY per day"),
        id="a-rate-after-the-last-amount-is-every-amounts",
    ),
    case(
        "The purchase price of diesel fell from $75 U.S. per barrel to $45.88, and the fee "
        "went from 5 yuan per student to 6 yuan per household.",
        M("$75 U.S. per barrel", 75, "USD per barrel"),
        M("$45.88", 45.88, "USD per barrel"),
        M("5 yuan per student", 5, "CNY per student"),
        M("6 yuan per household", 6, "CNY per household"),
        id="the-level-a-rate-went-to-keeps-the-rate",
    ),
    case(
        "Labourers earn 500 to 600 taka ($4.5 to $5.4) a day, a budget of 54 billion naira was "
        "set, and cooperatives paid 52 Kenyan shillings per litre and 71 trillion rupiah.",
        M("500 to 600 taka", 500, "BDT per day", low=500, high=600),
        M("$4.5 to $5.4", 4.5, "USD per day", low=4.5, high=5.4, equivalent_of="500 to 600 taka"),
        M("54 billion naira", 54e9, "NGN"),
        M("52 Kenyan shillings per litre", 52, "KES per litre"),
        M("71 trillion rupiah", 71e12, "IDR"),
        id="currencies-of-the-south-and-a-rate-after-the-brackets",
    ),
    case(
        "Kenya cut the fertiliser price to 2,500 Kenyan shillings from 3,500 shillings. Dairy "
        "farmers earned 52 shillings per litre. In Uganda, a bag sold for 90,000 shillings. "
        "Damage in the Philippines reached 1.9 billion pesos. Pakistan's rupee ended at 278.5 "
        "per dollar. In Mexico a kilo of tortillas cost 22 pesos, and elsewhere 5 francs.",
        M("2,500 Kenyan shillings", 2500, "KES"),
        M("3,500 shillings", 3500, "KES"),
        M("52 shillings per litre", 52, "KES per litre"),
        M("90,000 shillings", 90000, "UGX"),
        M("1.9 billion pesos", 1.9e9, "PHP"),
        M("278.5 per dollar", 278.5, "PKR per USD"),
        M("22 pesos", 22, "MXN"),
        M("5 francs", 5, "CHF"),
        id="a-bare-currency-word-of-several-countries-is-the-nearest-named-countrys",
    ),
    case(
        "South African maize traded at 4,150 rand a tonne. In Zambia farmers got 6.5 kwacha per "
        "kilogram, up from 5.3 kwacha. In Cairo bread costs 20 pounds. A sack there weighs 110 "
        "pounds. A bag cost 300 dinars. The team won 3 games.",
        M("4,150 rand a tonne", 4150, "ZAR per tonne"),
        M("6.5 kwacha per kilogram", 6.5, "ZMW per kilogram"),
        M("5.3 kwacha", 5.3, "ZMW per kilogram"),
        M("20 pounds", 20, "EGP"),
        M("110 pounds", 110, "pound-mass"),
        M("300 dinars", 300, "dinar"),
        M("3 games", 3, "game"),
        id="currencies-of-more-countries-rand-only-where-south-africa-is-named-pounds-of-weight",
    ),
    case(
        "Corn rose 8 cents to $5.92 a bushel. Farmers paid 3,000 cedis per bag. Delivery costs "
        "about 0.3 yuan per parcel. Milk fetched 45 shillings a litre in Kenya, down from a peak "
        "of 55 shillings. The dollar rose to 151.97 yen, before easing to 151.60 yen.",
        M("8 cents", 8, "cent per bushel", change="absolute"),
        M("$5.92 a bushel", 5.92, "USD per bushel"),
        M("3,000 cedis per bag", 3000, "GHS per bag"),
        M(
            "about 0.3 yuan per parcel",
            0.3,
            "CNY per parcel",
            bound="approximate",
            bound_word="about",
        ),
        M("45 shillings a litre", 45, "KES per litre"),
        M("55 shillings", 55, "KES per litre"),
        M("151.97 yen", 151.97, "JPY per USD"),
        M("151.60 yen", 151.6, "JPY per USD"),
        id="prices-per-container-a-peak-a-level-is-compared-with-and-a-later-exchange-rate",
    ),
    case(
        "The naira traded at around 1,600 naira per dollar. Analysts expect the currency to "
        "settle between 1,450 and 1,500 per dollar. Xinjiang harvested 66.24 million tonnes. "
        "About 11.2 billion shares changed hands, compared with an average of 11.8 billion over "
        "the previous 20 trading days. India's 5% parboiled rice was quoted at $535.",
        M(
            "around 1,600 naira per dollar",
            1600,
            "NGN per USD",
            bound="approximate",
            bound_word="around",
        ),
        M(
            "between 1,450 and 1,500 per dollar",
            1450,
            "NGN per USD",
            low=1450,
            high=1500,
            is_target=True,
        ),
        M("66.24 million tonnes", 66240000.0, "tonne"),
        M("About 11.2 billion shares", 11.2e9, "share", bound="approximate", bound_word="About"),
        M("11.8 billion", 11.8e9, "share"),
        M("$535", 535, "USD"),
        id="the-currency-of-the-paragraph-values-as-written-averages-compared-and-trading-days",
    ),
    case(
        "Grain output reached 686.53 million tonnes, an increase of 3.68 million tonnes or 0.5 "
        "percent. The economy grew at an average annual rate of 5.2 percent. The province "
        "slaughtered 65.48 million head of live pigs after its worst drought in six decades. The "
        "yield reached 387 kilograms per mu, or 774 jin, an increase of 1.6 kilograms. Grants "
        "range from 2 million to 5 million yuan per project.",
        M("686.53 million tonnes", 686.53e6, "tonne"),
        M("3.68 million tonnes", 3.68e6, "tonne", change="absolute"),
        M("0.5 percent", 0.5, "percent", change="relative"),
        M("5.2 percent", 5.2, "percent", change="relative"),
        M("65.48 million head of live pigs", 65.48e6, "pig"),
        M("387 kilograms per mu", 387, "kilogram per mu"),
        M("774 jin", 774, "jin per mu"),
        M("1.6 kilograms", 1.6, "kilogram per mu", change="absolute"),
        M("2 million to 5 million yuan per project", 2e6, "CNY per project", low=2e6, high=5e6),
        id="statistical-communiques-restatements-of-changes-and-rates-per-any-noun",
    ),
    case(
        "The main projected targets for this year are: GDP growth of around 5 percent; and grain "
        "output of over 650 million tonnes. The income ratio between urban and rural residents "
        "fell to 1.90. Growers having received more than 350 yuan per mu will continue. Income "
        "per capita is expected to reach 28,000 yuan, and the output value is set to exceed 1.5 "
        "trillion yuan. The monitored population at risk of returning to poverty numbered about "
        "5.6 million.",
        M(
            "around 5 percent",
            5,
            "percent",
            bound="approximate",
            bound_word="around",
            change="relative",
            is_target=True,
        ),
        M(
            "over 650 million tonnes",
            650e6,
            "tonne",
            bound="lower",
            bound_word="over",
            is_target=True,
        ),
        M("1.90", 1.9, None),
        M("more than 350 yuan per mu", 350, "CNY per mu", bound="lower", bound_word="more than"),
        M("28,000 yuan", 28000, "CNY per capita", is_target=True),
        M(
            "exceed 1.5 trillion yuan",
            1.5e12,
            "CNY",
            bound="lower",
            bound_word="exceed",
            is_target=True,
        ),
        M("about 5.6 million", 5.6e6, "person", bound="approximate", bound_word="about"),
        id="a-list-of-targets-a-ratio-a-perfect-participle-per-capita-clauses-and-populations",
    ),
    case(
        "Grain yield reached 380 jin per mu, up from 355 jin. Pork sold at 28 yuan per kilogram "
        "on Monday, compared with 31 yuan. Wheat was A$385 a tonne on Tuesday, roughly A$40 "
        "below its level a year ago. WTI climbed 98 cents to $78.01 a barrel. The subsidy is "
        "500 yuan per mu, and the province added 2 billion yuan.",
        M("380 jin per mu", 380, "jin per mu"),
        M("355 jin", 355, "jin per mu"),
        M("28 yuan per kilogram", 28, "CNY per kilogram"),
        M("31 yuan", 31, "CNY per kilogram"),
        M("A$385 a tonne", 385, "AUD per tonne"),
        M(
            "roughly A$40",
            40,
            "AUD per tonne",
            bound="approximate",
            bound_word="roughly",
            change="absolute",
        ),
        M("98 cents", 98, "cent per barrel", change="absolute"),
        M("$78.01 a barrel", 78.01, "USD per barrel"),
        M("500 yuan per mu", 500, "CNY per mu"),
        M("2 billion yuan", 2e9, "CNY", change="absolute"),
        id="a-base-or-change-of-a-rate-keeps-the-rate-if-it-may-be-one",
    ),
    case(
        "He is averaging 27.4 points, 8.1 rebounds and 6.3 assists per game. Each household "
        "received 1,200 yuan and 50 kilograms of rice per month. The county's GDP reached 12 "
        "billion yuan and 90,000 yuan per capita.",
        M("27.4 points", 27.4, "point per game"),
        M("8.1 rebounds", 8.1, "rebound per game"),
        M("6.3 assists per game", 6.3, "assist per game"),
        M("1,200 yuan", 1200, "CNY per month"),
        M("50 kilograms of rice per month", 50, "kilogram per month"),
        M("12 billion yuan", 12e9, "CNY"),
        M("90,000 yuan per capita", 90000, "CNY per capita"),
        id="a-list-of-different-things-shares-a-rate-amounts-of-another-order-do-not",
    ),
    case(
        "The yuan was set at 7.1 yuan per dollar, and India's rupee ended at 83.42 per dollar.",
        M("7.1 yuan per dollar", 7.1, "CNY per USD"),
        M("83.42 per dollar", 83.42, "INR per USD"),
        id="exchange-rates",
    ),
    case(
        "The central parity rate of the renminbi, or the yuan, weakened 45 pips to 7.1058 "
        "against the U.S. dollar. The dollar rose 0.5% to 151.97 yen, while the euro slipped "
        "to $1.0812. India's rupee ended at 83.42 per dollar, having touched a record low of "
        "83.55. Exports to the euro zone rose to 500 yuan.",
        M("45 pips", 45, "pip", change="absolute"),  # "weakened": a change verb
        M("7.1058 against the U.S. dollar", 7.1058, "CNY per USD"),
        M("0.5%", 0.5, "percent", change="relative"),
        M("151.97 yen", 151.97, "JPY per USD"),
        M("$1.0812", 1.0812, "USD per EUR"),
        M("83.42 per dollar", 83.42, "INR per USD"),
        M("83.55", 83.55, "INR per USD"),
        M("500 yuan", 500, "CNY"),
        id="exchange-rates-against-a-currency-of-a-currency-subject-and-their-later-levels",
    ),
    case(
        "WTI crude slipped $0.96 to $76.81 a barrel. The index ended 0.3 percent higher at "
        "3,354.14, prices were 10.9 percent below their level a year earlier, the state paid "
        "2,183 rupees per quintal, and deliveries show an increase of 153.3% to 170.3%.",
        M("$0.96", 0.96, "USD per barrel", change="absolute"),
        M("$76.81 a barrel", 76.81, "USD per barrel"),
        M("0.3 percent", 0.3, "percent", change="relative"),
        M("3,354.14", 3354.14, None),
        M("10.9 percent", 10.9, "percent", change="relative"),
        M("2,183 rupees per quintal", 2183, "INR per quintal"),
        M("153.3% to 170.3%", 153.3, "percent", change="relative", low=153.3, high=170.3),
        id="change-verbs-of-markets-higher-at-below-its-level-quintals-and-a-range-of-change",
    ),
    case(
        "Farmworkers earned $19.50 an hour in October, up $1.10 from a year earlier; soybeans "
        "yielded 380 jin per mu, up 25 jin, and corn 200 bushels per acre.",
        M("$19.50 an hour", 19.5, "USD per hour"),
        M("$1.10", 1.1, "USD per hour", change="absolute", base_period="same period last year"),
        M("380 jin per mu", 380, "jin per mu"),
        M("25 jin", 25, "jin per mu", change="absolute"),
        M("200 bushels per acre", 200, "bushel per acre"),
        id="a-change-after-a-level-takes-its-rate",
    ),
    case(
        "Brent crude rose $1.12, or 1.4%, to $82.49 a barrel, the index was adding 1.1%, and "
        "sales grew 4.4% and 3.8% in the north and the south.",
        M("$1.12", 1.12, "USD per barrel", change="absolute"),
        M("1.4%", 1.4, "percent", change="relative"),
        M("$82.49 a barrel", 82.49, "USD per barrel"),
        M("1.1%", 1.1, "percent", change="relative"),
        M("4.4%", 4.4, "percent", change="relative"),
        M("3.8%", 3.8, "percent", change="relative"),
        id="a-change-takes-the-rate-of-its-level-and-lists-of-changes",
    ),
    case(
        "The fee will rise to 17 USD 25; a farmer paid 10 RMB 20 USD for both.",
        M("17 USD 25", 17.25, "USD", is_target=True),
        M("10 RMB", 10, "CNY"),
        M("20 USD", 20, "USD"),
        id="a-code-belongs-to-the-amount-before-it",
    ),
    case(
        "The county received RMB 5 million in subsidies for rural housing.",
        M("RMB 5 million", 5e6, "CNY"),
        id="rmb-before-number",
    ),
    case(
        "The bank lent 200 million U.S. dollars to the irrigation project.",
        M("200 million U.S. dollars", 200e6, "USD"),
        id="us-dollars-words",
    ),
    case(
        "The rural roads loan totaled US$150 million.",
        M("US$150 million", 150e6, "USD"),
        id="us-dollar-symbol",
    ),
    case(
        "The development bank lent $US113 million to the county.",
        M("$US113 million", 113e6, "USD"),
        id="dollar-us-symbol",
    ),
    case(
        "A ticket to the museum cost 3 dollars 50 cents, or thirteen dollars and forty-five "
        "cents with a guide.",
        M("3 dollars 50 cents", 3.5, "USD"),
        M("thirteen dollars and forty-five cents", 13.45, "USD"),
        id="currency-and-its-hundredth",
    ),
    case(
        "The EU project provided 12 million euros for irrigation in the region.",
        M("12 million euros", 12e6, "EUR"),
        id="euros",
    ),
    case(
        "Farmers in the village earned 8,163 yuan per capita last year.",
        M(
            "8,163 yuan per capita",
            8163,
            "CNY per capita",
            period_label="last year",
            period_start=D(2022, 1, 1),
            period_end=D(2022, 12, 31),
        ),
        id="yuan-per-capita",
    ),
    case(
        "The poverty line used in the study is 2.3 dollars a day.",
        M("2.3 dollars a day", 2.3, "USD per day"),
        id="dollars-a-day",
    ),
    case(
        "The per capita disposable income of rural residents reached 20,133 yuan "
        "(about 2,835 U.S. dollars).",
        M("20,133 yuan", 20133, "CNY per capita"),
        M(
            "about 2,835 U.S. dollars",
            2835,
            "USD per capita",
            bound="approximate",
            bound_word="about",
            equivalent_of="20,133 yuan",
        ),
        id="per-capita-before-and-restated",
    ),
    case(
        "By the end of October, eight eastern regions had provided 23 billion yuan "
        "(about 3.1 billion U.S. dollars) to western regions.",
        M("eight eastern regions", 8, "region", period_end=D(2023, 10, 31)),
        M("23 billion yuan", 23e9, "CNY", period_end=D(2023, 10, 31)),
        M(
            "about 3.1 billion U.S. dollars",
            3.1e9,
            "USD",
            bound="approximate",
            bound_word="about",
            equivalent_of="23 billion yuan",
            period_end=D(2023, 10, 31),
        ),
        id="equivalent-in-parentheses",
    ),
    case(
        "Tourism revenue hit 1.4 billion yuan ($192 million) during the holiday.",
        M("1.4 billion yuan", 1.4e9, "CNY"),
        M("$192 million", 192e6, "USD", equivalent_of="1.4 billion yuan"),
        id="equivalent-dollar-symbol",
    ),
]

# -- percent level, percentage points, growth, multiples --------------------------------
CHANGE = [
    case(
        "Grain output in the county increased by 3,000 tonnes to 50,000, and the share of "
        "irrigated land rose 5 percent to 62 percent.",
        M("3,000 tonnes", 3000, "tonne", change="absolute"),
        M("50,000", 50000, "tonne"),
        M("5 percent", 5, "percent", change="relative"),
        M("62 percent", 62, "percent"),
        id="change-then-level-in-its-unit",
    ),
    case(
        "Rural tap water coverage in the province reached 90 percent.",
        M("90 percent", 90, "percent"),
        id="percent-level",
    ),
    case(
        "The county's grain output reached 1.2 million tonnes, up 21.8% over 2010.",
        M("1.2 million tonnes", 1.2e6, "tonne"),
        M("21.8%", 21.8, "percent", change="relative", base_period="2010"),
        id="growth-up-percent-over-year",
    ),
    case(
        "Online sales of agricultural products rose 10.8 percent year on year.",
        M(
            "10.8 percent",
            10.8,
            "percent",
            change="relative",
            base_period="same period last year",
        ),
        id="growth-rose-year-on-year",
    ),
    case(
        "Online sales of farm produce posted a year-on-year increase of 8.1 percent.",
        M(
            "8.1 percent",
            8.1,
            "percent",
            change="relative",
            base_period="same period last year",
        ),
        id="growth-year-on-year-before-number",
    ),
    case(
        "The Engel coefficient of rural households was 32.4 percent, down 2.3 percentage "
        "points from the previous year.",
        M("32.4 percent", 32.4, "percent"),
        M(
            "2.3 percentage points",
            2.3,
            "percentage_point",
            change="absolute",
            base_period="previous year",
        ),
        id="percentage-points-down",
    ),
    case(
        "In 2022, the per capita disposable income of rural residents in the county was "
        "3.9 times that of 2010.",
        M(
            "3.9 times",
            3.9,
            "times",
            change="multiple",
            base_period="2010",
            period_label="In 2022",
        ),
        id="multiple-times-that-of-year",
    ),
    case(
        "In 2023, the per capita income of villagers was more than 73 times that of 1988.",
        M(
            "more than 73 times",
            73,
            "times",
            bound="lower",
            bound_word="more than",
            change="multiple",
            base_period="1988",
            period_label="In 2023",
        ),
        id="multiple-with-bound",
    ),
    case(
        "The Shanghai Composite Index lost 32.31 points, or 1.04 percent, to close at 3,075.81, "
        "while the Shenzhen index ended at 9,930.41, up 12.5 points.",
        M("32.31 points", 32.31, "point", change="absolute"),
        M("1.04 percent", 1.04, "percent", change="relative"),
        M("3,075.81", 3075.81, "point"),
        M("9,930.41", 9930.41, "point"),
        M("12.5 points", 12.5, "point", change="absolute"),
        id="index-levels-take-the-unit-of-their-change",
    ),
]

# -- counted nouns and measures -----------------------------------------------------------
COUNTS = [
    case(
        "The tallest recruit is 6 ft 2 in, and the wall is 10 feet 3 in the west wing.",
        M("6 ft 2 in", 6 + 2 / 12, "foot"),
        M("10 feet", 10, "foot"),
        M("3", 3, None),  # a bare number, kept as such: "in" before "the" is a preposition
        id="feet-and-inches-abbreviated",
    ),
    case(
        "The county strung 300 km of 10 kV lines; field strength stayed below 10 kV/cm, pipes "
        "held 1.6 MPa, and dose rates were under 0.5 millisieverts per year.",
        M("300 km", 300, "km"),
        M("10 kV", 10, "kilovolt"),
        M("below 10 kV/cm", 10, "kilovolt per centimetre", bound="upper", bound_word="below"),
        M("1.6 MPa", 1.6, "megapascal"),
        M(
            "under 0.5 millisieverts per year",
            0.5,
            "millisievert per year",
            bound="upper",
            bound_word="under",
        ),
        id="voltage-pressure-and-dose-units",
    ),
    case(
        "Ma Lan, who was 10 when the road came, says she will be 35 soon. Life expectancy in "
        "the county has risen to 78.2, and the rate was 10 in 2022.",
        M("10", 10, "year"),
        M("35", 35, "year", is_target=True),
        M("78.2", 78.2, "year", period_label=None),  # "in 2022" is the next clause's
        M("10", 10, None, period_label="in 2022"),
        id="a-bare-age-or-life-expectancy-is-in-years",
    ),
    case(
        "Night temperatures fell to -12 C in the pastures and rose to 105 F in Turpan; "
        "Grade 3 C pupils were sent home.",
        M("-12 C", -12, "celsius"),
        M("105 F", 105, "fahrenheit"),
        id="a-capital-c-or-f-alone-is-a-temperature",
    ),
    case(
        "The platform logged 2.7m combined online and offline sales, and the county built a "
        "2.5m high dike.",
        M("2.7m", 2.7e6, None),
        M("2.5m", 2.5, "metre"),
        id="m-is-million-before-a-plural-and-metres-before-a-measure-adjective",
    ),
    case(
        "Dozens of villages and scores of households took part.",
        M("Dozens of villages", 12, "village", low=12, high=99),
        M("scores of households", 20, "household", low=20, high=99),
        id="dozens-and-scores-from-one-of-their-unit",
    ),
    case(
        "The new plant processes 3,000 samples per day, and mobile clinics see 40 patients a day.",
        M("3,000 samples per day", 3000, "sample per day"),
        M("40 patients a day", 40, "patient per day"),
        id="counted-noun-per-unit-of-time",
    ),
    case(
        "Key player: G Li Wei (15.3 ppg, 7.4 rpg, 6.9 apg), who scored 25 points per game.",
        M("15.3 ppg", 15.3, "point per game"),
        M("7.4 rpg", 7.4, "rebound per game"),
        M("6.9 apg", 6.9, "assist per game"),
        M("25 points per game", 25, "point per game"),
        id="sports-averages",
    ),
    case(
        "Herders in the prefecture now raise 20,000 head of cattle and 5,000 head of sheep.",
        M("20,000 head of cattle", 20000, "cattle"),
        M("5,000 head of sheep", 5000, "sheep"),
        id="head-of-livestock",
    ),
    case(
        "The relocation site houses 1,000-odd households from 30 odd villages.",
        M("1,000-odd households", 1000, "household", bound="lower", bound_word="odd"),
        M("30 odd villages", 30, "village", bound="lower", bound_word="odd"),
        id="odd-means-a-little-more",
    ),
    case(
        "One in five villagers now works in tourism, against 1 in 3 households with broadband.",
        M("One in five", 20, "percent"),
        M("1 in 3", 33.333333, "percent"),
        id="one-in-five-is-a-share",
    ),
    case(
        "The county built 12 bridges in 10 days and roads of 1.2 km per square kilometer.",
        M("12 bridges", 12, "bridge"),
        M("10 days", 10, "day"),
        M("1.2 km per square kilometer", 1.2, "km per square kilometre"),
        id="rate-per-area",
    ),
    case(
        "All 832 poverty-stricken counties have shaken off poverty.",
        M("832 poverty-stricken counties", 832, "county"),
        id="counties",
    ),
    case(
        "The province has linked 39,000 natural villages with hardened roads.",
        M("39,000 natural villages", 39000, "village"),
        id="villages",
    ),
    case(
        "The vocational schools have trained 1.2 million person-times of rural workers.",
        M("1.2 million person-times", 1.2e6, "person_time"),
        id="person-times",
    ),
    case(
        "The ancient village received 1.26 million tourist visits during the holiday.",
        M("1.26 million tourist visits", 1.26e6, "visit"),
        id="tourist-visits",
    ),
    case(
        "Herders in the township raise 5,000 sheep.",
        M("5,000 sheep", 5000, "sheep"),
        id="uninflected-plural-sheep",
    ),
    case(
        "Villagers in the resettlement area are building 300 greenhouses.",
        M("300 greenhouses", 300, "greenhouse"),
        id="verb-building-is-not-a-label",
    ),
    case(
        "The county's rural road network now stretches 3,126 km.",
        M("3,126 km", 3126, "km"),
        id="measure-km",
    ),
    case(
        "The cooperative has leased 5,000 mu of farmland from villagers.",
        M("5,000 mu", 5000, "mu"),
        id="measure-mu",
    ),
    case(
        "The new poverty alleviation workshop covers 12,000 square metres.",
        M("12,000 square metres", 12000, "square metre"),
        id="measure-square-metres",
    ),
    case(
        "The village's solar stations generated 1.5 million kWh of electricity.",
        M("1.5 million kWh", 1.5e6, "kwh"),
        id="measure-kwh",
    ),
    case(
        "Doctors treated a 6-month-old baby and her 3 months old brother, and the clinic "
        "bought thousands of COVID-19 test kits.",
        M("6-month-old", 6, "month"),
        M("3 months old", 3, "month"),
        M("thousands of COVID-19 test kits", 1000, "kit", low=1000, high=9999),
        id="ages-in-months-and-a-name-with-digits-in-the-noun-phrase",
    ),
    case(
        "The pension covers villagers between the ages of 16 and 60 and a top-up for those over "
        "the age of 80; a repair takes a day or two.",
        M("16 and 60", 16, "year", low=16, high=60),
        M("80", 80, "year"),
        M("two", 2, "day"),
        id="the-age-of-and-a-noun-or-two",
    ),
    case(
        "Farmers can retire at age 60 and get 150 yuan a month. The patient is a man of age 87. "
        "It was 34.9 degrees centigrade in Wuhan.",
        M("60", 60, "year"),
        M("150 yuan a month", 150, "CNY per month"),
        M("87", 87, "year"),
        M("34.9 degrees centigrade", 34.9, "celsius"),
        id="at-age-and-of-age-are-ages-centigrade-is-celsius",
    ),
    case(
        "The data centre installed 200 GPUs and 16 ATMs; each tank holds one US fluid ounce "
        "of dye, and the depot stores 30 imperial gallons.",
        M("200 GPUs", 200, "gpu"),
        M("16 ATMs", 16, "atm"),
        M("one US fluid ounce", 1, "ounce"),
        M("30 imperial gallons", 30, "gallon"),
        id="acronym-plurals-and-measure-systems",
    ),
    case(
        "The herd reached 71.1 million head, about 1,400 such schools opened, at least one "
        "licensed doctor serves each village, and the 4.7 percent growth of urban incomes lagged.",
        M("71.1 million head", 71.1e6, "head"),
        M("about 1,400 such schools", 1400, "school", bound="approximate", bound_word="about"),
        M("at least one licensed doctor", 1, "doctor", bound="lower", bound_word="at least"),
        M("4.7 percent", 4.7, "percent", change="relative"),
        id="head-such-one-adjective-and-a-change-noun-after-a-percent",
    ),
    case(
        "The county's registered poor population fell from 168,000 to 1,200 over the decade.",
        M("168,000", 168000, "person"),
        M("1,200", 1200, "person"),
        id="a-population-that-fell-from-one-level-to-another",
    ),
    case(
        "Of the 9.6 million relocated people, more than 4 million live in towns, village clinics "
        "number 587,000, and each of the 16 entrepreneurship parks offers free space.",
        M("9.6 million relocated people", 9.6e6, "person"),
        M("more than 4 million", 4e6, "person", bound="lower", bound_word="more than"),
        M("587,000", 587000, "clinic"),
        M("16 entrepreneurship parks", 16, "park"),
        id="a-part-of-a-whole-a-plural-subject-that-numbers-and-a-verb-in-s",
    ),
    case(
        "The pension rose to 280 yuan a month, an increase of 15 yuan; income was up 6.3 percent "
        "in nominal terms and 4.2 percent in real terms, and output will grow by an average "
        "annual 8 percent, with the income ratio narrowing to below 1.9.",
        M("280 yuan a month", 280, "CNY per month"),
        M("15 yuan", 15, "CNY per month", change="absolute"),
        M("6.3 percent", 6.3, "percent", change="relative"),
        M("4.2 percent", 4.2, "percent", change="relative"),
        M("8 percent", 8, "percent", change="relative", is_target=True),
        M("below 1.9", 1.9, None, bound="upper", bound_word="below", is_target=True),
        id="an-increase-of-a-list-in-real-terms-an-average-annual-growth-and-a-ratio",
    ),
    case(
        "A patrol finished 8.4 seconds ahead of the bus; the planet is about 124 light years "
        "away at between 250 and 400 Kelvin, lows stay above 30C, and he stands 6 ft 2 in and "
        "weighs 210 pounds.",
        M("8.4 seconds", 8.4, "second"),
        M("about 124 light years", 124, "light-year", bound="approximate", bound_word="about"),
        M("between 250 and 400 Kelvin", 250, "kelvin", low=250, high=400),
        M("above 30C", 30, "celsius", bound="lower", bound_word="above"),
        M("6 ft 2 in", 6 + 2 / 12, "foot"),
        M("210 pounds", 210, "pound-mass"),
        id="ahead-is-no-rate-and-measures-of-science-and-weather",
    ),
    case(
        "Bake at 220C with 7 g of yeast; households with five or more members get 200 litres "
        "per person per day, and the iPhone 5C and K2-18b are names.",
        M("220C", 220, "celsius"),
        M("7 g", 7, "gram"),
        M("five or more members", 5, "member", bound="lower", bound_word="or more"),
        M("200 litres per person per day", 200, "litre per capita per day"),
        id="glued-temperature-grams-of-a-bound-after-and-a-rate-of-a-rate",
    ),
]

# -- lists ---------------------------------------------------------------------------------
LISTS = [
    case(
        "The county's leisure farms and rural homestays numbered 195 and 2,216 respectively.",
        M("195", 195, "farm"),
        M("2,216", 2216, "homestay"),
        id="respectively-two-nouns",
    ),
    case(
        "The county has built 147 schools, 80 hospitals and 39 nursing homes.",
        M("147 schools", 147, "school"),
        M("80 hospitals", 80, "hospital"),
        M("39 nursing homes", 39, "home"),
        id="list-three-counted-nouns",
    ),
]

# -- targets and achievements --------------------------------------------------------------
TARGETS = [
    case(
        "The cooperative expects profit of 2.8 million yuan, up from 2.1 million yuan, and will "
        "close 12 of its 48 stalls.",
        M("2.8 million yuan", 2.8e6, "CNY", is_target=True),
        M("2.1 million yuan", 2.1e6, "CNY"),
        M("12", 12, "stall", is_target=True),
        M("48 stalls", 48, "stall"),
        id="expects-is-a-target-what-it-starts-from-and-has-now-are-not",
    ),
    case(
        "The number of tourist visits to the area will reach 1 million in the next three years.",
        M(
            "1 million",
            1e6,
            "visit",
            is_target=True,
            period_label="in the next three years",
            period_start=PUBLISHED,
            period_end=D(2026, 11, 22),
        ),
        id="target-will-reach-number-of",
    ),
    case(
        "The prefecture aims to train 60,000 rural workers.",
        M("60,000 rural workers", 60000, "worker", is_target=True),
        id="target-aims-to",
    ),
    case(
        "The county plans to build 500 km of rural roads.",
        M("500 km", 500, "km", is_target=True),
        id="target-plans-to",
    ),
    case(
        "The plan calls for rural tap water coverage of 90 percent by 2025.",
        M(
            "90 percent",
            90,
            "percent",
            is_target=True,
            period_label="by 2025",
            period_end=D(2025, 12, 31),
        ),
        id="target-by-future-year",
    ),
    case(
        "The county has set a target of 10,000 new jobs for rural residents.",
        M("10,000 new jobs", 10000, "job", is_target=True),
        id="target-a-target-of",
    ),
    case(
        "The county has trained 60,000 rural workers so far this year.",
        M(
            "60,000 rural workers",
            60000,
            "worker",
            is_target=False,
            period_label="so far this year",
            period_start=D(2023, 1, 1),
            period_end=PUBLISHED,
        ),
        id="achieved-so-far-this-year",
    ),
    case(
        "By 2022, rural tap water coverage in the province had reached 88 percent.",
        M(
            "88 percent",
            88,
            "percent",
            is_target=False,
            period_label="By 2022",
            period_end=D(2022, 12, 31),
        ),
        id="achieved-by-past-year",
    ),
    case(
        "The county exceeded its annual target by completing 350 km of rural roads.",
        M("350 km", 350, "km", is_target=False),
        id="achieved-after-target-noun",
    ),
    case(
        "The company, which will expand into Yunnan next year, has built 45 greenhouses "
        "in the county.",
        M("45 greenhouses", 45, "greenhouse", is_target=False),
        id="achieved-after-will-in-relative-clause",
    ),
]

# -- time ----------------------------------------------------------------------------------
TIME = [
    case(
        "Cooperative sales rose 28% to 7.7 million yuan in the third quarter, and the county will "
        "build 30 more cold stores over the next three months.",
        M(
            "28%",
            28,
            "percent",
            change="relative",
            period_label="in the third quarter",
            period_start=D(2023, 7, 1),
            period_end=D(2023, 9, 30),
        ),
        M("7.7 million yuan", 7.7e6, "CNY", period_label="in the third quarter"),
        M(
            "30 more cold stores",
            30,
            "store",
            is_target=True,
            period_label="over the next three months",
        ),
        id="a-quarter-and-a-period-after-the-figure-only-in-its-clause",
    ),
    case(
        "By the end of October, the county had sold 3,400 tonnes of tea online.",
        M(
            "3,400 tonnes",
            3400,
            "tonne",
            period_label="By the end of October",
            period_end=D(2023, 10, 31),
        ),
        id="by-the-end-of-october",
    ),
    case(
        "In 2021, rural residents in the county earned 15,200 yuan per capita.",
        M(
            "15,200 yuan per capita",
            15200,
            "CNY per capita",
            period_label="In 2021",
            period_start=D(2021, 1, 1),
            period_end=D(2021, 12, 31),
        ),
        id="in-2021",
    ),
    case(
        "From 2013 to 2015, the county lifted 45,000 people out of poverty.",
        M(
            "45,000 people",
            45000,
            "person",
            period_label="From 2013 to 2015",
            period_start=D(2013, 1, 1),
            period_end=D(2015, 12, 31),
        ),
        id="from-2013-to-2015",
    ),
    case(
        "The county received 2.1 million tourist visits last year.",
        M(
            "2.1 million tourist visits",
            2.1e6,
            "visit",
            period_label="last year",
            period_start=D(2022, 1, 1),
            period_end=D(2022, 12, 31),
        ),
        id="last-year",
    ),
    case(
        "In the first three quarters, the county's rural residents earned 14,600 yuan per capita.",
        M(
            "14,600 yuan per capita",
            14600,
            "CNY per capita",
            period_label="In the first three quarters",
            period_start=D(2023, 1, 1),
            period_end=D(2023, 9, 30),
        ),
        id="first-three-quarters",
    ),
    case(
        "Last week, the county distributed 1,000 tonnes of seeds to farmers.",
        M("1,000 tonnes", 1000, "tonne", period_label="Last week"),
        id="last-week",
    ),
    case(
        "In the past six years, the county has built 2,000 km of rural roads.",
        M(
            "2,000 km",
            2000,
            "km",
            period_label="In the past six years",
            period_start=D(2017, 11, 22),
            period_end=PUBLISHED,
        ),
        id="in-the-past-six-years",
    ),
    case(
        "The province will invest 30 billion yuan in rural roads during the 14th Five-Year "
        "Plan period (2021-2025).",
        M(
            "30 billion yuan",
            30e9,
            "CNY",
            is_target=True,
            period_label="during the 14th Five-Year Plan period (2021-2025)",
            period_start=D(2021, 1, 1),
            period_end=D(2025, 12, 31),
        ),
        id="during-14th-five-year-plan",
    ),
]

# -- not metrics -------------------------------------------------------------------------
NOT_METRICS = [
    case(
        "Figure 3 C shows the trend; as Table 2 shows, 300 households moved, and the figure "
        "13,420 yuan was the highest.",
        M("300 households", 300, "household"),
        M("13,420 yuan", 13420, "CNY"),
        id="figure-and-table-numbers-are-page-furniture",
    ),
    case(
        "the sp 500 was down 2.1% and the ftse 100 rose 1%, while a fortune 500 company said "
        "it would buy 2 banks.",
        M("2.1%", 2.1, "percent", change="relative"),
        M("1%", 1, "percent", change="relative"),
        M("2 banks", 2, "bank", is_target=True),
        id="stock-indexes-in-lower-case-are-names",
    ),
    case(
        "The county team beat the visitors 118-109 before a crowd of 81,204 in a "
        "12,500-square-foot hall.",
        M("81,204", 81204, "person"),
        M("12,500-square-foot", 12500, "square foot"),
        id="a-score-a-crowd-and-a-hyphenated-area",
    ),
    case(
        "Sony sold 4.5 mln PlayStation 5 consoles, bringing the total to 59.3 mln, and "
        "the Ioniq 6 Long Range pairs with 29 more Boeing 737 MAX jets in 31 Serie A games.",
        M("4.5 mln PlayStation 5 consoles", 4.5e6, "console"),
        M("59.3 mln", 59.3e6, "console"),
        M("29 more Boeing 737 MAX jets", 29, "jet"),
        M("31 Serie A games", 31, "game"),
        id="numbers-inside-names-and-a-running-total",
    ),
    case(
        "He left two years ago and came back 3 days later; Samsung shipped 60.1 million, Apple "
        "50.1 million and Xiaomi 40.8m handsets, the shares rose to 164p, and fewer than 1 in "
        "1,000 patients and 24 of 33 wards reported dozens more cases.",
        M("60.1 million", 60.1e6, "handset"),
        M("50.1 million", 50.1e6, "handset"),
        M("40.8m handsets", 40.8e6, "handset"),
        M("164p", 164, "penny"),
        M("fewer than 1 in 1,000", 0.1, "percent", bound="upper", bound_word="fewer than"),
        M("24", 24, "ward"),
        M("33 wards", 33, "ward"),
        M("dozens more cases", 12, "case", low=12, high=99),
        id="times-ago-named-lists-pence-shares-of-a-thousand-and-parts",
    ),
    case(
        "The policy took effect on Nov. 22 after a pilot in 2021.",
        id="date-and-year",
    ),
    case(
        "The notice was issued on 2023-11-22.",
        id="date-iso",
    ),
    case(
        "Rural reform has deepened since the 18th National Congress of the Communist Party "
        "of China.",
        id="ordinal-18th",
    ),
    case(
        "The 5G network now covers 90 percent of administrative villages.",
        M("90 percent", 90, "percent"),
        id="name-5G",
    ),
    case(
        "The COVID-19 pandemic disrupted migrant work across the province.",
        id="name-COVID-19",
    ),
    case(
        "The Double Hundred campaign pairs private enterprises with poor villages.",
        id="name-Double-Hundred",
    ),
    case(
        "For inquiries about the subsidy, call 010-6512 3456.",
        id="phone-number",
    ),
    case(
        "For inquiries about the subsidy, call +86-10-6512-3456.",
        id="phone-number-international",
    ),
    case(
        "Farmers can report delayed payments through the 12317 hotline.",
        id="hotline-number",
    ),
    case(
        "The No. 1 central document sets out the priorities for rural revitalization.",
        id="label-no-1-document",
    ),
    case(
        "Section 427 of the rules sets out the subsidy procedure.",
        id="label-section",
    ),
    case(
        "Article 5 of the regulation protects the land rights of rural women.",
        id="label-article",
    ),
    case(
        "The county will finish the irrigation project in the next three years.",
        id="duration-next-three-years",
    ),
    case(
        "The county will complete the renovation of rural homes within two years.",
        id="duration-within-two-years",
    ),
    case(
        "The county launched a 3-year action plan for rural toilets.",
        id="duration-hyphenated-modifier",
    ),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_numbers(text: str, expected: list[dict[str, Any]]) -> None:
    check(text, expected)


@pytest.mark.parametrize(("text", "expected"), BOUNDS)
def test_bounds(text: str, expected: list[dict[str, Any]]) -> None:
    check(text, expected)


@pytest.mark.parametrize(("text", "expected"), MONEY)
def test_money(text: str, expected: list[dict[str, Any]]) -> None:
    check(text, expected)


@pytest.mark.parametrize(("text", "expected"), CHANGE)
def test_change(text: str, expected: list[dict[str, Any]]) -> None:
    check(text, expected)


@pytest.mark.parametrize(("text", "expected"), COUNTS)
def test_counts(text: str, expected: list[dict[str, Any]]) -> None:
    check(text, expected)


@pytest.mark.parametrize(("text", "expected"), LISTS)
def test_lists(text: str, expected: list[dict[str, Any]]) -> None:
    check(text, expected)


@pytest.mark.parametrize(("text", "expected"), TARGETS)
def test_targets(text: str, expected: list[dict[str, Any]]) -> None:
    check(text, expected)


@pytest.mark.parametrize(("text", "expected"), TIME)
def test_time(text: str, expected: list[dict[str, Any]]) -> None:
    check(text, expected)


@pytest.mark.parametrize(("text", "expected"), NOT_METRICS)
def test_not_metrics(text: str, expected: list[dict[str, Any]]) -> None:
    check(text, expected)


def test_what_a_measure_is_of_ends_at_its_noun_phrase() -> None:
    _, metrics = _extract(
        "The county leased 5,000 mu of farmland at 800 yuan per mu and paved 3 km of the new road."
    )
    assert [(m.surface, m.subject) for m in metrics] == [
        ("5,000 mu", "farmland"),
        ("800 yuan per mu", None),
        ("3 km", "new road"),
    ]


def test_a_value_is_the_number_as_written_not_its_binary_product() -> None:
    # 66.24 * 1e6 is 66239999.99999999 in binary floating point; a query for 66240000 must find it
    _, metrics = _extract("Xinjiang harvested 66.24 million tonnes and 0.07 million hectares.")
    assert [m.value for m in metrics] == [66240000.0, 70000.0]
