"""Time references in a sentence ("by the end of October", "in 2021", "so far this year"),
resolved to dates against the document's publication date.

Domain logic: news states periods relative to when it was written, which no date
library resolves for us; calendar arithmetic comes from the standard library.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from text_to_num import text2num

from transforms.lexicon import lexicon
from transforms.scanning import StartIndex


@dataclass(frozen=True, slots=True)
class Period:
    """A time phrase in the text and the dates it stands for."""

    start: int  # offset of the phrase in the text
    end: int
    label: str
    period_start: dt.date | None
    period_end: dt.date | None
    future: bool = False  # "by 2025" written before 2025, "in the next three years"
    is_duration: bool = (
        False  # the phrase contains a number that is not a metric ("past six years")
    )


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_YEAR = r"(?:1[89]\d\d|20\d\d|21\d\d)"
_NUMW = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|fifty)"
)
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4}

# Each alternative is a named group; the resolver below dispatches on the name. Each comes
# with the words it can start with ("#": a digit, as years and ordinals do); the start index
# below is built from them, so keep them in step (the tests compare it with the regex).
_ALTERNATIVES: tuple[tuple[str, str], ...] = (
    (
        "during in over throughout the #",
        r"(?P<fyp>(?:(?:during|in|over|throughout)\s+)?(?:the\s+)?(?P<fyp_n>\d{1,2})(?:st|nd|rd|th)"
        r"\s+Five-Year\s+Plan(?:\s+period)?"
        rf"(?:\s*\((?P<fyp_a>{_YEAR})\s*[-–]\s*(?P<fyp_b>{_YEAR})\))?)",
    ),
    (
        "by at as until till to",
        rf"(?P<end_month>(?:by|at|as\s+of|until|till|to)\s+the\s+end\s+of\s+(?P<em_month>{_MONTH})"
        rf"(?:\s*,?\s*(?P<em_year>{_YEAR}|this\s+year|last\s+year))?)",
    ),
    (
        "by at as until till to",
        rf"(?P<end_year>(?:by|at|as\s+of|until|till|to)\s+(?:the\s+)?end(?:\s+of|-)\s*"
        rf"(?P<ey>{_YEAR}|this\s+year|last\s+year|the\s+year))",
    ),
    (
        "so this since year",
        r"(?P<ytd>so\s+far\s+this\s+year|this\s+year\s+so\s+far"
        r"|since\s+the\s+start\s+of\s+this\s+year"
        r"|since\s+the\s+beginning\s+of\s+this\s+year|year\s+to\s+date)",
    ),
    (
        "by so to as currently at",
        r"(?P<todate>by\s+now|so\s+far|to\s+date|as\s+of\s+now|currently|at\s+present)",
    ),
    (
        "in during for",
        rf"(?P<first_part>(?:in|during|for)\s+the\s+first\s+(?P<fp_what>half"
        rf"|(?P<fp_q>{_NUMW})\s+quarters?"
        rf"|quarter|(?P<fp_m>{_NUMW})\s+months)(?:\s+of\s+(?P<fp_year>{_YEAR}|this\s+year"
        r"|last\s+year|the\s+year))?)",
    ),
    (
        "in during for",
        rf"(?P<quarter>(?:in|during|for)\s+the\s+(?:(?P<q_n>second|third|fourth)\s+quarter"
        rf"|(?P<q_half>second)\s+half)(?:\s+of\s+(?P<q_year>{_YEAR}|this\s+year|last\s+year"
        r"|the\s+year))?)",
    ),
    (
        "from between",
        rf"(?P<span>(?:from|between)\s+(?P<sp_a>{_YEAR})\s+(?:to|and|through|till|until)\s+"
        rf"(?P<sp_b>{_YEAR}))",
    ),
    ("#", rf"(?P<dash>(?P<ds_a>{_YEAR})\s*[-–]\s*(?P<ds_b>{_YEAR}|\d\d)(?![\d]))"),
    (
        "in over during for",
        rf"(?P<past>(?:in|over|during|for)\s+the\s+(?:past|last|previous)\s+"
        rf"(?:(?P<past_n>{_NUMW})\s+)?(?P<past_unit>years|decades|decade|months|year))",
    ),
    (
        "in over within during for",
        rf"(?P<next>(?:in|over|within|during|for)\s+the\s+(?:next|coming|following)\s+"
        rf"(?:(?P<next_n>{_NUMW})\s+)?(?P<next_unit>years|decades|decade|months|year))",
    ),
    ("since", rf"(?P<since>since\s+(?P<since_y>{_YEAR}))"),
    ("by", rf"(?P<by_year>by\s+(?P<by_y>{_YEAR}))"),
    (
        "in during",
        rf"(?P<month_year>(?:in|during)\s+(?P<my_month>{_MONTH})(?:\s+(?P<my_year>{_YEAR}))?)",
    ),
    (
        "in during for of",
        rf"(?P<in_year>(?:in|during|for|of)\s+(?:the\s+year\s+)?(?P<iy>{_YEAR})(?![\d-]))",
    ),
    ("last a the", r"(?P<last_year>last\s+year|a\s+year\s+ago|the\s+previous\s+year)"),
    ("last this past", r"(?P<week>(?P<wk_which>last|this|past)\s+week)"),
    ("last this", r"(?P<month>(?P<mo_which>last|this)\s+month)"),
    ("this", r"(?P<this_year>this\s+year)"),
)


def _time_phrase_re(alternatives: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


@cache  # compiled on first use, one per character
def _alternatives_from(char: str) -> re.Pattern[str]:
    """The alternatives that can start with a character ("#": a digit), in their order.

    Python's `re` tries every alternative at a start, and most fail on its first word; an
    alternative that cannot begin with the start's character cannot match there, so trying
    only the others finds the same match.
    """
    bodies = [body for starts, body in _ALTERNATIVES if char in {w[0] for w in starts.split()}]
    return _time_phrase_re(bodies) if bodies else _PERIOD_RE


_PERIOD_RE = _time_phrase_re([body for _, body in _ALTERNATIVES])
_PERIOD_STARTS = StartIndex(
    _PERIOD_RE,
    frozenset(word for starts, _ in _ALTERNATIVES for word in starts.split()) - {"#"},
    digits="run",
    branches=_alternatives_from,
)


def _month_num(word: str) -> int:
    return lexicon().months[word.lower().rstrip(".")]


def _count(word: str | None) -> int:
    if not word:
        return 1
    if word.isdigit():
        return int(word)
    return int(text2num(word.lower(), "en"))


def _year_of(word: str | None, published: dt.date) -> int:
    if not word:
        return published.year
    w = " ".join(word.lower().split())
    if w in ("this year", "the year"):
        return published.year
    if w == "last year":
        return published.year - 1
    return int(w)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def find_periods(text: str, start: int, end: int, published: dt.date | None) -> list[Period]:
    """All time phrases in text[start:end], resolved where a publication date allows."""
    out: list[Period] = []
    for m in _PERIOD_STARTS.finditer(text, start, end):
        if m.start() > 0 and text[m.start() - 1].isalnum():
            continue
        period = _resolve(m, published)
        if period is not None:
            out.append(period)
    return out


def _resolve(m: re.Match[str], pub: dt.date | None) -> Period | None:
    kind = m.lastgroup
    g = m.group
    label = " ".join(m.group(0).split())
    s, e = m.start(), m.end()
    p_start: dt.date | None = None
    p_end: dt.date | None = None
    future = False
    duration = False
    if kind == "fyp":
        a, b = g("fyp_a"), g("fyp_b")
        if not a:
            first = 1953 + 5 * (int(g("fyp_n")) - 1)  # the 1st plan began in 1953
            a, b = str(first), str(first + 4)
        p_start, p_end = dt.date(int(a), 1, 1), dt.date(int(b), 12, 31)
        future = pub is not None and p_end > pub
    elif kind == "span":
        p_start, p_end = dt.date(int(g("sp_a")), 1, 1), dt.date(int(g("sp_b")), 12, 31)
    elif kind == "dash":
        a, b = g("ds_a"), g("ds_b")
        if len(b) == 2:
            b = a[:2] + b
        if int(b) <= int(a):
            return None
        p_start, p_end = dt.date(int(a), 1, 1), dt.date(int(b), 12, 31)
    elif kind == "since":
        p_start, p_end = dt.date(int(g("since_y")), 1, 1), pub
    elif kind == "in_year":
        y = int(g("iy"))
        p_start, p_end = dt.date(y, 1, 1), dt.date(y, 12, 31)
        future = pub is not None and y > pub.year
    elif kind == "by_year":
        y = int(g("by_y"))
        p_end = dt.date(y, 12, 31)
        future = pub is not None and y > pub.year
    elif pub is None:
        return Period(
            s, e, label, None, None, future=kind == "next", is_duration=kind in ("past", "next")
        )
    elif kind == "end_month":
        month = _month_num(g("em_month"))
        year = _year_of(g("em_year"), pub)
        if g("em_year") is None and month > pub.month:
            year -= 1
        p_end = _month_end(year, month)
    elif kind == "end_year":
        y = _year_of(g("ey"), pub)
        p_end = dt.date(y, 12, 31)
        future = p_end > pub and y > pub.year
    elif kind == "ytd":
        p_start, p_end = dt.date(pub.year, 1, 1), pub
    elif kind == "todate":
        p_end = pub
    elif kind == "first_part":
        y = _year_of(g("fp_year"), pub)
        what = g("fp_what").lower()
        if what == "half":
            months = 6
        elif what == "quarter":
            months = 3
        elif g("fp_q"):
            months = 3 * _count(g("fp_q").lower())
        else:
            months = _count(g("fp_m").lower())
        if not 1 <= months <= 12:
            return None
        p_start, p_end = dt.date(y, 1, 1), _month_end(y, months)
    elif kind == "quarter":
        # "in the third quarter": the latest one begun by publication, unless a year is named
        first, last = (7, 12) if g("q_half") else (3 * _QUARTERS[g("q_n").lower()] - 2, 0)
        last = last or first + 2
        y = _year_of(g("q_year"), pub)
        if not g("q_year") and dt.date(y, first, 1) > pub:
            y -= 1
        p_start, p_end = dt.date(y, first, 1), _month_end(y, last)
        future = p_start > pub
    elif kind == "past":
        n = _count(g("past_n"))
        unit = g("past_unit").lower()
        years = n * 10 if unit.startswith("decade") else n
        if unit.startswith("month"):
            p_start = pub - dt.timedelta(days=30 * n)
        else:
            p_start = _shift_years(pub, -years)
        p_end = pub
        duration = True
    elif kind == "next":
        n = _count(g("next_n"))
        unit = g("next_unit").lower()
        years = n * 10 if unit.startswith("decade") else n
        p_start = pub
        p_end = (
            pub + dt.timedelta(days=30 * n)
            if unit.startswith("month")
            else _shift_years(pub, years)
        )
        future = True
        duration = True
    elif kind == "month_year":
        month = _month_num(g("my_month"))
        y = int(g("my_year")) if g("my_year") else pub.year
        if not g("my_year") and month > pub.month:
            y -= 1
        p_start, p_end = dt.date(y, month, 1), _month_end(y, month)
    elif kind == "week":
        days_back = 7 if g("wk_which").lower() in ("last", "past") else 0
        monday = pub - dt.timedelta(days=pub.weekday() + days_back)
        p_start, p_end = monday, min(pub, monday + dt.timedelta(days=6))
    elif kind == "month":
        if g("mo_which").lower() == "last":
            last = pub.replace(day=1) - dt.timedelta(days=1)
            p_start, p_end = last.replace(day=1), last
        else:
            p_start, p_end = pub.replace(day=1), pub
    elif kind == "last_year":
        p_start, p_end = dt.date(pub.year - 1, 1, 1), dt.date(pub.year - 1, 12, 31)
    elif kind == "this_year":
        p_start, p_end = dt.date(pub.year, 1, 1), dt.date(pub.year, 12, 31)
    else:  # pragma: no cover - every named group is handled above
        return None
    return Period(s, e, label, p_start, p_end, future=future, is_duration=duration)


def period_for(
    periods: list[Period], metric_start: int, text: str = "", metric_end: int = 0
) -> Period | None:
    """The phrase a figure is about: the nearest one before it, else the first after it in
    its clause ("earnings fell 28% ..., and the company will buy back $3.5 billion over the
    next three months": the period is the buy-back's, not the earnings'); one after it in its
    clause wins over one before it in an earlier clause."""
    before = [p for p in periods if p.end <= metric_start]
    after = [p for p in periods if p.start >= metric_start]
    if after and text and _CLAUSE_BREAK_RE.search(text, metric_end, after[0].start):
        after = []
    if before and after and text and _CLAUSE_BREAK_RE.search(text, before[-1].end, metric_start):
        return after[0]
    if before:
        return before[-1]
    return after[0] if after else None


# between a figure and a time phrase after it: a new clause begins
_CLAUSE_BREAK_RE = re.compile(
    r";|,\s+(?:and|but|while|whereas|although)\s|\bcompared\s+with\b"
    r"|\s+and\s+(?:aims|plans|intends|will|expects|is|are|was|were|has|have|had)\b"
)
