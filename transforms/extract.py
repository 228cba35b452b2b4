"""extract_metrics(document) -> list[Metric]: the grammar's quantities plus their context.

Context is what a sentence adds to a figure: whether it is a target or an achievement,
the period it describes, the currency figure it restates, the unit implied by
"the number of X", the place and the indicator.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
import time
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from transforms.lexicon import lexicon
from transforms.linking import Linker, PlaceContext, default_linker
from transforms.models import Document, Metric
from transforms.periods import Period, find_periods, period_for
from transforms.quantities import (
    Quantity,
    age_unit,
    excluded_spans,
    number_of_unit,
    scan_sentence,
    singular_noun,
    subject_unit,
)
from transforms.scanning import may_contain
from transforms.sentences import split_sentences
from transforms.units import to_base

# The extractor's release (Dagster's code version). What a stored document is compared with is
# reading_version(): this plus a digest of the grammar's code and data.
EXTRACTOR_VERSION = "0.3.0"


@cache
def reading_version() -> str:
    """EXTRACTOR_VERSION plus a digest of every file the reading depends on: the transforms
    code, the lexicon and the reference data (regions, indicators).

    Incremental runs read a stored document again only when its version differs
    (sources/plan.py), so an edited word list, indicator or grammar rule reaches documents
    already loaded on the next run, with no version to bump by hand.
    """
    return f"{EXTRACTOR_VERSION}+{package_digest(resources.files('transforms'))}"


def package_digest(root: Traversable) -> str:
    """12 hex digits of sha256 over the code, word lists and reference files under root."""
    files = [f for f in root.iterdir() if f.name.endswith((".py", ".yaml"))]
    files += list(root.joinpath("reference").iterdir())
    digest = hashlib.sha256()
    for f in sorted((f for f in files if f.is_file()), key=lambda f: f.name):
        digest.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


_RESTATEMENT_GAP_RE = re.compile(r"^\s*(?:\(|,?\s*or\s+|,\s*equivalent\s+to\s+|\(\s*or\s+)\s*$")
# "has built", "had provided" after a target cue: the figure is achieved ("will have" stays).
_PERFECT_RE = re.compile(
    r"(?<!will )(?<!would )(?<!'ll )\b(?:had|has|have|having)\s+(?!to\b)"
    r"(?:been\s+|already\s+)?[a-z]+",
    re.IGNORECASE,
)
_OBLIGATION_WORDS = ("be", "go", "come", "reach")  # what every _OBLIGATION_AFTER_RE match ends in
_OBLIGATION_AFTER_RE = re.compile(
    r"^[^,;]{0,80}?\b(?:must|should|shall|will|is\s+to|are\s+to)\s+(?:"
    + "|".join(_OBLIGATION_WORDS)
    + r")\b",
    re.I,
)
# what stands before a figure of the present inside a sentence about the future: the level a
# change starts from, what it is compared with, what something has now
_CURRENT_STATE_BEFORE_RE = re.compile(
    r"(?:(?<!forecast )(?<!target )(?<!goal )(?<!estimate )\bfrom"
    r"(?:\s+(?:last|this)\s+year's|\s+the\s+previous)?|\bcompared\s+(?:with|to)"
    r"|\bcurrent(?:ly)?(?:\s+[a-z]+){0,2}?(?:\s+of)?"
    r"|\bexisting|\b(?:its|their|our|his|her)(?:\s+[a-z-]+)?)\s+$",
    re.IGNORECASE,
)
# a word every _CURRENT_STATE_BEFORE_RE match holds (a cheap test before it)
_CURRENT_STATE_WORDS = (
    *("from", "compared", "current", "existing"),
    *("its", "their", "our", "his", "her"),
)
_ACHIEVED_RE = re.compile(
    r"\b(?:has|have|had|was|were)\s+(?:been\s+)?(?:\w+ed|built|grown|risen|made|done|seen)\b"
    r"|\b(?:reached|achieved|completed|hit|totaled|totalled|stood|amounted)\b",
    re.IGNORECASE,
)


@dataclass
class ExtractionReport:
    """What extract_metrics could not do for a document, for the warehouse to record."""

    stopped_at: int | None = None  # offset where the time budget ran out
    elapsed_s: float = 0.0

    @property
    def note(self) -> str | None:
        if self.stopped_at is None:
            return None
        return (
            f"extraction_time_budget: stopped at character {self.stopped_at} "
            f"after {self.elapsed_s:.1f} s"
        )


def extract_metrics(
    document: Document,
    *,
    linker: Linker | None = None,
    max_chars: int | None = None,
    time_budget_s: float | None = None,
    report: ExtractionReport | None = None,
) -> list[Metric]:
    """All metrics of one document, in text order; offsets index document.text.

    With a time budget, extraction stops at the first sentence past it and keeps what it
    found; `report` then says where it stopped, so the caller can record it.
    """
    started = time.perf_counter()
    text = document.text if max_chars is None else document.text[:max_chars]
    linker = linker or default_linker()
    excluded = excluded_spans(text)
    published = document.published_at
    metrics: list[Metric] = []
    context = PlaceContext()
    last_count_unit: str | None = None
    for s_start, s_end in split_sentences(text):
        if time_budget_s is not None and time.perf_counter() - started > time_budget_s:
            if report is not None:
                report.stopped_at = s_start
                report.elapsed_s = time.perf_counter() - started
            break
        quantities = scan_sentence(text, s_start, s_end, excluded)
        if not quantities:
            places = linker.read_places(text, s_start, s_end, context)
            context.update(places, text, linker.regions, figures=False)
            continue
        periods = find_periods(text, s_start, s_end, published)
        sentence_metrics: list[Metric] = []
        for q in quantities:
            if _inside_period(q, periods) or "time_reference" in q.notes:
                continue
            m = _to_metric(document.doc_id, text, q, s_start, s_end, periods, published)
            sentence_metrics.append(m)
        _per_capita(text, s_start, sentence_metrics)
        _respectively(text, s_start, s_end, sentence_metrics)
        _unit_ellipsis(text, sentence_metrics)
        last_count_unit = _anaphora(text, s_start, sentence_metrics, last_count_unit)
        _link_restatements(text, sentence_metrics)
        places = linker.read_places(text, s_start, s_end, context)
        linker.annotate(sentence_metrics, text, places, context)
        context.update(places, text, linker.regions)
        metrics.extend(sentence_metrics)
    _temperature_scale(text, metrics)
    for m in metrics:  # units are final only now (shared, carried, paired, restated)
        if base := to_base(m.unit, m.value):
            m.base_value, m.base_unit = base
    return metrics


def _decimal(value: float | None) -> float | None:
    """The value as written: "66.24 million" is 66240000.0, not the 66239999.99999999 that
    66.24 * 1e6 gives in binary floating point (15 significant digits are what a float keeps)."""
    if value is None or value % 1 == 0:
        return value  # whole numbers are exact already (most figures: no formatting)
    return float(f"{value:.15g}")


def _inside_period(q: Quantity, periods: list[Period]) -> bool:
    """A number that is part of a time phrase ("the past six years", "2016-2020") is no figure."""
    return any(p.start <= q.number_start and q.number_end <= p.end for p in periods)


def _to_metric(
    doc_id: str,
    text: str,
    q: Quantity,
    s_start: int,
    s_end: int,
    periods: list[Period],
    published: dt.date | None,
) -> Metric:
    unit, kind, confidence = q.unit, q.unit_kind, q.confidence
    subject = q.subject
    # "the number of counties and villages ... reached 195 and 2,216 respectively" is for
    # _respectively to pair, not one unit for both
    if unit is None and "respectively" not in text[q.end : s_end]:
        implied = number_of_unit(text, s_start, q.start) or subject_unit(text, s_start, q.start)
        if implied:
            unit, kind, confidence = implied, "count", 0.8
        elif age := age_unit(text, s_start, q.start, q.value):
            unit, kind, confidence = age, "age", 0.8
        elif _MAGNITUDE_BEFORE_RE.search(text, max(s_start, q.start - 12), q.start):
            unit, kind = "magnitude", "count"  # "a magnitude 6.8 earthquake"
    period = period_for(periods, q.start, text, q.end)
    is_target = _is_target(text, s_start, s_end, q, period)
    return Metric(
        doc_id=doc_id,
        start=q.start,
        end=q.end,
        surface=text[q.start : q.end],
        value=_decimal(q.value),
        unit=unit,
        unit_kind=kind,
        bound=q.bound,
        bound_word=q.bound_word,
        low=_decimal(q.low),
        high=_decimal(q.high),
        change=q.change,
        base_period=q.base_period,
        is_target=is_target,
        period_label=period.label if period else None,
        period_start=period.period_start if period else None,
        period_end=period.period_end if period else None,
        subject=subject,
        sentence_start=s_start,
        sentence_end=s_end,
        confidence=confidence,
        extractor_version=reading_version(),
        extra={"direction": q.direction} if q.direction else {},
    )


def _is_target(text: str, s_start: int, s_end: int, q: Quantity, period: Period | None) -> bool:
    """A goal or plan: a future cue in the clause before the figure, or a future period."""
    window = max(s_start, q.start - 200)
    clause_start = max(window, text.rfind(";", window, q.start) + 1)
    clause = text[clause_start : q.start]
    if (intro := _TARGET_LIST_RE.search(text, s_start, q.start)) and not _PAST_RE.search(
        intro.group(0)
    ):
        return True  # "The main projected targets for this year are: ...; grain output of over ..."
    cues = list(lexicon().target_cues.finditer(text, clause_start, q.start))
    lo = max(clause_start, q.start - 40)
    if (
        cues
        and may_contain(text[lo : q.start], _CURRENT_STATE_WORDS)
        and _CURRENT_STATE_BEFORE_RE.search(text, lo, q.start)
    ):
        return False  # "will close half of its 48 cinemas", "down from 15.7 million"
    if cues:
        after_cue = text[cues[-1].end() : q.start]
        # "will have reached" is still a target; "had provided" after an earlier "will" is not
        if not _PERFECT_RE.search(after_cue):
            return True
    clause_end = text.find(";", q.end, min(s_end, q.end + 200))
    after = text[q.end : clause_end if clause_end >= 0 else min(s_end, q.end + 200)]
    # (a cheap test before the regex: every obligation ends in one of _OBLIGATION_WORDS)
    if may_contain(after, _OBLIGATION_WORDS) and _OBLIGATION_AFTER_RE.match(after):
        return True  # "At least 55 percent of the funds must be used for ..."
    return bool(period and period.future and not _ACHIEVED_RE.search(clause))


# a list of targets after a colon: "The main projected targets for development this year are:"
_TARGET_LIST_RE = re.compile(r"\b(?:targets|goals|objectives)\b[^.:;]{0,80}:\s", re.I)
_PAST_RE = re.compile(r"\b(?:were|was|had|met|achieved|reached)\b", re.I)
# a new clause with its own subject: "..., and the output value of ... is set to exceed"
_NEW_SUBJECT_RE = re.compile(r",\s+(?:and|while|but)\s+(?:the|its|their|a|an)\s", re.I)
_PER_CAPITA_RE = re.compile(r"\bper[ -]capita\b|\baverage\s+per[ -]person\b", re.I)
_THEM_AFTER_RE = re.compile(r"\s+(?:of\s+(?:them|whom|which|those|these)|who|were|had)\b", re.I)
_THEM_BEFORE_RE = re.compile(
    r"(?:\bincluding|\b(?:of|among)\s+(?:them|whom|which),?)\s+(?:\w+\s+){0,2}$", re.I
)
# the plural noun a share is of: "30 percent of migrant workers"
_SHARE_OF_RE = re.compile(r"\s+of\s+(?:the\s+|its\s+|their\s+)?(?:[a-z-]+\s+){0,2}([a-z-]+s)\b")
_FROM_TO_RE = re.compile(r"\s+to\s+")
_OF_THE_WHOLE_RE = re.compile(r"\s*(?:Of|Among)\s+(?:the|its|their|all|all\s+the)\s+", re.I)
_PART_AFTER_WHOLE_RE = re.compile(r",\s*")
# "the income ratio ... narrowing to below 1.9", "the coefficient ... rose to 0.572": no unit
_RATIO_BEFORE_RE = re.compile(r"\b(?:ratio|coefficient)\b")
_POPULATION_BEFORE_RE = re.compile(
    r"\b(?:population|populations|people|residents|inhabitants|villagers|group|crowd|crowds"
    r"|audience|attendance|turnout|workforce)\b"
    r"(?:\s+of|,?\s+numbering|\s+(?:stood|stands|reached|totals?|totaled|totalled|was|is)"
    r"(?:\s+at)?|\s+(?:fell|rose|dropped|declined|decreased|increased|grew|shrank)"
    r"(?:\s+(?:from|to|by))?)\s+(?:\w+\s+){0,2}$"
    # "the monitored population at risk of returning to poverty numbered about 5.6 million"
    r"|\bpopulation\b[^,;.\d]{0,60}?\s(?:numbered|numbers|stood\s+at|stands\s+at|totall?ed|totals)"
    r"\s+(?:\w+\s+){0,2}$",
    re.I,
)
_COORDINATED_NOUNS_RE = re.compile(
    r"((?:[\w'’-]+\s+){0,3}?[\w'’-]+s)(?:,\s+((?:[\w'’-]+\s+){0,3}?[\w'’-]+s))?,?\s+and\s+"
    r"((?:[\w'’-]+\s+){0,3}?[\w'’-]+s)(?![\w'’-])",
    re.I,
)


_ELLIPSIS_BEFORE_RE = re.compile(
    r"\b(?:to|at|is|was|were|with|than|from|versus|vs\.?|against|and)\s+(?:\w+\s+){0,1}$"
    r"|\b(?:a\s+further|an\s+additional|an\s+extra|another)\s+$"  # "and a further 90"
    # "compared with an average of 11.8 billion", "down from a peak of 55"
    r"|\b(?:from|with|than|versus|against)\s+(?:an?|the|its|their)\s+"
    r"(?:(?:record|recent|daily|monthly|annual|seasonal)\s+)?(?:average|peak|high|low|level|total)"
    r"\s+of\s+$",
    re.I,
)


def _unit_ellipsis(text: str, metrics: list[Metric]) -> None:
    """ "84.75 cents, while the lowest is 74.07": a bare number takes the unit just stated."""
    last: Metric | None = None
    for m in metrics:
        if (
            m.unit is None
            and last is not None
            and m.start - last.end < 120
            and _ELLIPSIS_BEFORE_RE.search(text[max(last.end, m.start - 30) : m.start])
            and not _RATIO_BEFORE_RE.search(text, max(last.end, m.start - 80), m.start)
        ):
            m.unit, m.unit_kind = last.unit, last.unit_kind
            m.confidence = min(m.confidence, 0.7)
        if (
            m.unit is not None
            and m.unit_kind not in ("ratio", "duration", "age")
            and m.change is None
            and not text[max(0, m.start - 3) : m.start].rstrip().endswith("(")
        ):
            last = m  # not "for two years" or an age, not a restatement in brackets: "($22,480)"


_MAGNITUDE_BEFORE_RE = re.compile(r"\bmagnitude[\s-]+$", re.I)
_TEMPERATURE_SCALES = frozenset({"celsius", "fahrenheit"})


def _temperature_scale(text: str, metrics: list[Metric]) -> None:
    """ "24 degrees Celsius by the finish, nearly 6 degrees above the seasonal average": bare
    degrees after a temperature, within a few sentences, are on its scale (not a restatement in
    brackets: "46.3 degrees Celsius (115.3 degrees Fahrenheit)")."""
    scale: Metric | None = None
    for m in metrics:
        if m.unit in _TEMPERATURE_SCALES:
            restated = text[max(0, m.start - 3) : m.start].rstrip().endswith("(")
            scale = scale if restated else m
        elif m.unit == "degree" and scale is not None and m.start - scale.end < 400:
            m.unit, m.unit_kind = scale.unit, scale.unit_kind


def _per_capita(text: str, s_start: int, metrics: list[Metric]) -> None:
    """ "per capita disposable income ... reached 20,133 yuan": the amount is per person."""
    for m in metrics:
        if m.unit_kind != "currency" or not m.unit or " per " in m.unit:
            continue
        clause_start = max(s_start, m.start - 300, text.rfind(";", s_start, m.start) + 1)
        # (every form has "per " or "per-": a cheap test before the regex, which tries every
        # position of up to 300 characters)
        cue = may_contain(text[clause_start : m.start], ("per ", "per-")) and _PER_CAPITA_RE.search(
            text, clause_start, m.start
        )
        if cue and not _NEW_SUBJECT_RE.search(text, cue.end(), m.start):
            m.unit = f"{m.unit} per capita"


def _respectively(text: str, s_start: int, s_end: int, metrics: list[Metric]) -> None:
    """Nouns pair with numbers: "workshops and cooperatives ... 56 and 312 respectively"."""
    bare = [m for m in metrics if m.unit is None]
    if len(bare) not in (2, 3) or "respectively" not in text[bare[-1].end : s_end].lower()[:40]:
        return
    before = text[s_start : bare[0].start]
    matches = list(_COORDINATED_NOUNS_RE.finditer(before))
    if not matches:
        return
    groups = [g for g in matches[-1].groups() if g]
    if len(groups) != len(bare):
        return
    for m, phrase in zip(bare, groups, strict=True):
        m.unit, m.unit_kind, m.subject = singular_noun(phrase.split()[-1]), "count", phrase
        m.confidence = min(m.confidence, 0.8)


def _anaphora(text: str, s_start: int, metrics: list[Metric], last_unit: str | None) -> str | None:
    """ "including 135,000 who ...", "at least 15,000 of them", "a population of 66,000"."""
    previous: Metric | None = None
    for m in metrics:
        if m.unit is None:
            left = text[max(s_start, m.start - 60) : m.start]
            if (_POPULATION_BEFORE_RE.search(left) and not _RATIO_BEFORE_RE.search(left)) or (
                # "the poor population fell from 168,000 to 1,200": the level it went to
                previous is not None
                and previous.unit == "person"
                and _FROM_TO_RE.fullmatch(text, previous.end, m.start)
            ):
                m.unit, m.unit_kind, m.confidence = "person", "count", 0.8
            elif (
                previous is not None
                and previous.unit_kind == "count"
                and _OF_THE_WHOLE_RE.fullmatch(text, s_start, previous.start)
                and _PART_AFTER_WHOLE_RE.fullmatch(text, previous.end, m.start)
            ):
                # "Of the 9.6 million relocated people, more than 4 million now live ..."
                m.unit, m.unit_kind, m.confidence = previous.unit, "count", 0.8
            elif last_unit and (_THEM_AFTER_RE.match(text, m.end) or _THEM_BEFORE_RE.search(left)):
                m.unit, m.unit_kind, m.confidence = last_unit, "count", 0.7
        previous = m
        if m.unit_kind == "count" and m.unit:
            last_unit = m.unit
        elif m.unit == "percent" and (of := _SHARE_OF_RE.match(text, m.end)):
            # "30 percent of migrant workers ... some 29.7 million of them"
            last_unit = singular_noun(of.group(1))
    return last_unit


def _link_restatements(text: str, metrics: list[Metric]) -> None:
    """In "23 billion yuan (about 3.1 billion U.S. dollars)" the second restates the first."""
    for a, b in itertools.pairwise(metrics):
        if a.unit_kind != "currency" or b.unit_kind != "currency" or not a.unit or not b.unit:
            continue
        if a.unit.split()[0] == b.unit.split()[0]:
            continue
        if _RESTATEMENT_GAP_RE.match(text[a.end : b.start]):
            b.equivalent_of = a.start
            if " per " in a.unit and " per " not in b.unit:
                b.unit = f"{b.unit} per {a.unit.split(' per ', 1)[1]}"
            b.is_target = a.is_target
            if b.bound == "exact" and b.low is None:
                # "as much as 14,000 yuan ($1,930)": the restatement is bounded as the figure
                b.bound, b.bound_word = a.bound, a.bound_word
            if b.change is None:  # "cut by 14,000 yuan ($1,930)" restates a change
                b.change, b.base_period = a.change, a.base_period
                if "direction" in a.extra:
                    b.extra["direction"] = a.extra["direction"]
            b.period_label, b.period_start, b.period_end = (
                a.period_label,
                a.period_start,
                a.period_end,
            )
            if b.subject is None:
                b.subject = a.subject
