"""extract_metrics(document) -> list[Metric]: the grammar's quantities plus their context.

Context is what a sentence adds to a figure: whether it is a target or an achievement,
the period it describes, the currency figure it restates, the unit implied by
"the number of X", the place and the indicator.
"""

from __future__ import annotations

import datetime as dt
import re

from transforms.lexicon import lexicon
from transforms.linking import Linker, default_linker
from transforms.models import Document, Metric
from transforms.periods import Period, find_periods, period_for
from transforms.quantities import Quantity, excluded_spans, number_of_unit, scan_sentence
from transforms.sentences import split_sentences

EXTRACTOR_VERSION = "0.1.0"

_RESTATEMENT_GAP_RE = re.compile(r"^\s*(?:\(|,?\s*or\s+|,\s*equivalent\s+to\s+|\(\s*or\s+)\s*$")
_ACHIEVED_RE = re.compile(
    r"\b(?:has|have|had|was|were)\s+(?:been\s+)?(?:\w+ed|built|grown|risen|made|done|seen)\b"
    r"|\b(?:reached|achieved|completed|hit|totaled|totalled|stood|amounted)\b",
    re.IGNORECASE,
)


def extract_metrics(
    document: Document, *, linker: Linker | None = None, max_chars: int | None = None
) -> list[Metric]:
    """All metrics of one document, in text order; offsets index document.text."""
    text = document.text if max_chars is None else document.text[:max_chars]
    linker = linker or default_linker()
    excluded = excluded_spans(text)
    published = document.published_at
    metrics: list[Metric] = []
    previous_sentence = ""
    for s_start, s_end in split_sentences(text):
        quantities = scan_sentence(text, s_start, s_end, excluded)
        if not quantities:
            previous_sentence = text[s_start:s_end]
            continue
        periods = find_periods(text, s_start, s_end, published)
        sentence = text[s_start:s_end]
        sentence_metrics: list[Metric] = []
        for q in quantities:
            if _inside_period(q, periods) or "time_reference" in q.notes:
                continue
            m = _to_metric(document.doc_id, text, q, s_start, s_end, periods, published)
            sentence_metrics.append(m)
        _link_restatements(text, sentence_metrics)
        for m in sentence_metrics:
            linker.annotate(m, text, sentence, previous_sentence)
        metrics.extend(sentence_metrics)
        previous_sentence = sentence
    return metrics


def _inside_period(q: Quantity, periods: list[Period]) -> bool:
    """A number that is part of a time phrase ("the past six years", "2016-2020") is no figure."""
    return any(p.start <= q.number_start and q.number_end <= p.end for p in periods)


def _to_metric(doc_id: str, text: str, q: Quantity, s_start: int, s_end: int,
               periods: list[Period], published: dt.date | None) -> Metric:
    unit, kind, confidence = q.unit, q.unit_kind, q.confidence
    subject = q.subject
    if unit is None:
        implied = number_of_unit(text, s_start, q.start)
        if implied:
            unit, kind, confidence = implied, "count", 0.8
    period = period_for(periods, q.start)
    is_target = _is_target(text, s_start, q, period)
    return Metric(
        doc_id=doc_id,
        start=q.start,
        end=q.end,
        surface=text[q.start : q.end],
        value=q.value,
        unit=unit,
        unit_kind=kind,
        bound=q.bound,
        bound_word=q.bound_word,
        low=q.low,
        high=q.high,
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
        extractor_version=EXTRACTOR_VERSION,
        extra={"direction": q.direction} if q.direction else {},
    )


def _is_target(text: str, s_start: int, q: Quantity, period: Period | None) -> bool:
    """A goal or plan: a future cue in the clause before the figure, or a future period."""
    clause_start = max(s_start, text.rfind(";", s_start, q.start) + 1)
    clause = text[clause_start : q.start]
    cues = list(lexicon().target_cue_re.finditer(clause))
    if cues:
        after_cue = clause[cues[-1].end() :]
        # "will have reached" is still a target; "had provided" after an earlier "will" is not
        if not re.search(r"\b(?:had|has|have)\s+\w+ed\b", after_cue, re.IGNORECASE):
            return True
    return bool(period and period.future and not _ACHIEVED_RE.search(clause))


def _link_restatements(text: str, metrics: list[Metric]) -> None:
    """"23 billion yuan (about 3.1 billion U.S. dollars)": the second only restates the first."""
    for a, b in zip(metrics, metrics[1:], strict=False):
        if a.unit_kind != "currency" or b.unit_kind != "currency" or not a.unit or not b.unit:
            continue
        if a.unit.split()[0] == b.unit.split()[0]:
            continue
        if _RESTATEMENT_GAP_RE.match(text[a.end : b.start]):
            b.equivalent_of = a.start
            b.is_target = a.is_target
            b.period_label, b.period_start, b.period_end = a.period_label, a.period_start, a.period_end
            if b.subject is None:
                b.subject = a.subject
