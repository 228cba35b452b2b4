"""Where and what: link each metric to a region code and a catalog indicator.

Regions come from transforms/regions.py; indicators from the YAML catalog in
transforms/reference/indicators.yaml, which users extend without code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml

from transforms.models import Metric, reference_text
from transforms.regions import (
    RegionIndex,
    anaphor_positions,
    anaphoric_place,
    flow_codes,
    group_code,
    group_hits,
    is_nationwide,
    person_units,
    pick_chain,
    region_index,
    related,
    respective_places,
)


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    name: str
    unit_kind: str
    units: tuple[str, ...]
    terms: tuple[str, ...]
    context: tuple[str, ...]
    exclude: tuple[str, ...]
    term_re: re.Pattern[str] | None = field(repr=False, default=None)
    context_re: re.Pattern[str] | None = field(repr=False, default=None)
    exclude_re: re.Pattern[str] | None = field(repr=False, default=None)
    # The first alphanumeric run of every term: term_re matches only at a word that starts a
    # phrase like this, so a phrase holding none of them is skipped without the regex.
    term_heads: frozenset[str] = field(repr=False, default=frozenset())


_ALNUM_RUN_RE = re.compile(r"[a-z0-9]+")


def _words_re(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for a list of phrases, whole words, longest first."""
    if not phrases:
        return None
    bodies = [r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(phrases, key=len)[::-1]]
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(bodies) + r")(?![a-z0-9])")


def load_indicators() -> list[Indicator]:
    text = reference_text("indicators.yaml")
    if text is None:
        return []
    data = yaml.safe_load(text)
    out = []
    for d in data["indicators"]:
        terms = tuple(t.lower() for t in d.get("terms") or ())
        context = tuple(t.lower() for t in d.get("context") or ())
        exclude = tuple(t.lower() for t in d.get("exclude") or ())
        out.append(
            Indicator(
                id=d["id"],
                name=d["name"],
                unit_kind=d["unit_kind"],
                units=tuple(d.get("units") or ()),
                terms=terms,
                context=context,
                exclude=exclude,
                term_re=_words_re(terms),
                term_heads=frozenset(
                    m.group() for t in terms if (m := _ALNUM_RUN_RE.search(t)) is not None
                ),
                context_re=_words_re(context),
                exclude_re=_words_re(exclude),
            )
        )
    return out


def indicator_catalog() -> list[dict[str, Any]]:
    """The catalog as plain rows, for core.dim_indicator."""
    text = reference_text("indicators.yaml")
    if text is None:
        return []
    return list(yaml.safe_load(text)["indicators"])


_Best = tuple[int, int, str]  # (term length, context hits, indicator id)


@dataclass
class _SentenceScope:
    """Per-sentence caches, so a sentence with many figures is read once, not once a figure."""

    sentence: str  # lowercased
    # the previous sentence and this one as written, for indicator context words
    previous: str
    raw: str
    # the best indicator by (unit kind, unit, phrase): a clause is often the whole sentence,
    # which is also where a figure without an indicator in its clause looks next
    best: dict[tuple[str, str, str], _Best | None] = field(default_factory=dict)
    _wider: str | None = None
    _context: dict[str, int] = field(default_factory=dict)

    def context_hits(self, ind: Indicator) -> int:
        if ind.context_re is None:
            return 0
        if ind.id not in self._context:
            if self._wider is None:  # few sentences get this far: lowercased when needed
                self._wider = (self.previous + " " + self.raw).lower()
            self._context[ind.id] = len({m.group(0) for m in ind.context_re.finditer(self._wider)})
        return self._context[ind.id]


@dataclass(frozen=True)
class SentencePlaces:
    """Places named in one sentence: hierarchy chains, unresolved names, nationwide scope."""

    start: int
    end: int
    chains: list[tuple[str, list[int]]]
    ambiguous: list[list[str]]
    nationwide: bool
    anaphors: list[int] = field(default_factory=list)  # "the city" and the like


@dataclass
class PlaceContext:
    """What the text has established so far, for sentences that name no place themselves."""

    code: str | None = None
    previous_sentence: str = ""
    seen: set[str] = field(default_factory=set)  # every place named so far, with its parents
    local: str | None = None  # the last place established below the nationwide scope

    def referent(self, places: SentencePlaces) -> str | None:
        """The established place, or, for "the county" after a nationwide aside ("buyers
        across the country"), the local place the text is about."""
        if self.code == "CN" and places.anaphors and self.local:
            return self.local
        return self.code

    def update(
        self, places: SentencePlaces, text: str, index: RegionIndex, *, figures: bool = True
    ) -> None:
        for head, _ in places.chains:
            self.seen |= {head, *index.ancestors(head)}
        if len(places.chains) == 1:
            head = places.chains[0][0]
            # "buyers from Tianjin bought ... from the city": the text is still about the city
            established = self.referent(places)
            if not (places.anaphors and established and not related(index, head, established)):
                self.code = head
        elif places.nationwide and not places.chains and not places.ambiguous:
            # an aside without figures ("sell to buyers across the country") leaves a local
            # text where it is
            if figures or self.local is None:
                self.code = "CN"
        elif places.anaphors and not places.chains:
            self.code = self.referent(places)  # "the county" brings the text back home
        if self.code not in (None, "CN"):
            self.local = self.code
        self.previous_sentence = text[places.start : places.end]


_CLAUSE_BREAK_RE = re.compile(r"[;:]|,\s+(?:and|while|but|with|bringing|as)\b|,\s")


_CLAUSE_BREAK_RE = re.compile(r"[;:]|,\s+(?:and|while|but|with|bringing|as)\b|,\s")


@dataclass
class Linker:
    """Annotates metrics with region_code/region_name and indicator_id."""

    regions: RegionIndex
    indicators: list[Indicator]
    _by_unit: dict[tuple[str, str], list[Indicator]] = field(default_factory=dict, repr=False)

    def read_places(
        self, text: str, s_start: int, s_end: int, context: PlaceContext
    ) -> SentencePlaces:
        """The places one sentence names, resolved against each other."""
        idx = self.regions
        mentions = idx.mentions(text, s_start, s_end)
        # (the places named before settle ambiguous names: only needed where names are)
        resolved = idx.resolve(mentions, frozenset(context.seen)) if mentions else []
        return SentencePlaces(
            s_start,
            s_end,
            idx.chains(resolved),
            [sorted(m.codes) for m, code in resolved if code is None],
            is_nationwide(text, s_start, s_end),
            anaphor_positions(text, s_start, s_end),
        )

    def annotate(
        self,
        metrics: list[Metric],
        text: str,
        places: SentencePlaces,
        context: PlaceContext,
    ) -> None:
        """Region and indicator for every metric of one sentence.

        A figure gets the most specific place its sentence names, else the macro region or
        nationwide scope its sentence states, else the place the text established before.
        """
        idx = self.regions
        s_start, s_end = places.start, places.end
        sentence = text[s_start:s_end]
        scope = _SentenceScope(sentence.lower(), context.previous_sentence, sentence)
        hits = group_hits(text, s_start, s_end)
        chains = places.chains
        # a sentence naming another place and referring to the text's own ("the city"): the
        # reference is a mention of the established place where it stands
        established = context.referent(places)
        if (
            chains
            and places.anaphors
            and established
            and not any(related(idx, head, established) for head, _ in chains)
        ):
            chains = [*chains, (anaphoric_place(idx, sentence, established), places.anaphors)]
        paired = respective_places(text, metrics, chains, s_end)
        for i, m in enumerate(metrics):
            code = None
            if paired:
                code = paired[i]  # "Baise and Hechi received ... respectively"
            elif len(chains) == 1:
                code = chains[0][0]
            elif chains:
                code = pick_chain(text, m, chains, s_start, s_end)
            elif not places.ambiguous:
                # (the clause matters only where the sentence names a macro region)
                lo, hi = self._clause(text, m) if hits else (s_start, s_end)
                code = group_code(text, m, sentence, hits, lo, hi, idx.groups)
                if code is None and places.nationwide:
                    code = "CN"
                if code is None:
                    code = anaphoric_place(idx, sentence, established)
            if places.ambiguous:
                m.extra["region_candidates"] = places.ambiguous
            flow = flow_codes(text, m, hits, chains, idx.groups)
            if flow:
                m.flow_from_code, m.flow_to_code = flow
            if code is not None:
                m.region_code = code
                m.region_name = idx.name_of(code) or ("China" if code == "CN" else None)
            m.indicator_id = self._classify(m, text, scope)

    @staticmethod
    def _clause(text: str, metric: Metric) -> tuple[int, int]:
        """The clause around a figure: from the previous break to the next one."""
        s0, s1 = metric.sentence_start, metric.sentence_end
        window = max(s0, metric.start - 300)  # a clause is rarely longer; bounds the work
        left = list(_CLAUSE_BREAK_RE.finditer(text, window, metric.start))
        right = _CLAUSE_BREAK_RE.search(text, metric.end, min(s1, metric.end + 300))
        return (left[-1].end() if left else window), (
            right.start() if right else min(s1, metric.end + 300)
        )

    # -- indicators ---------------------------------------------------------
    def _candidates(self, unit_kind: str, unit: str) -> list[Indicator]:
        """Indicators whose units admit this one (cached per unit)."""
        key = (unit_kind, unit)
        found = self._by_unit.get(key)
        if found is None:
            found = [
                ind
                for ind in self.indicators
                if (unit in ind.units or ("person" in ind.units and unit in person_units()))
                or (not ind.units and ind.unit_kind == unit_kind)
            ]
            self._by_unit[key] = found
        return found

    def _best(
        self, candidates: list[Indicator], phrase: str, scope: _SentenceScope
    ) -> _Best | None:
        best: _Best | None = None
        tokens = set(_ALNUM_RUN_RE.findall(phrase))
        for ind in candidates:
            if ind.term_re is None or ind.term_heads.isdisjoint(tokens):
                continue
            term_len = max((len(m.group(0)) for m in ind.term_re.finditer(phrase)), default=0)
            if term_len == 0 or (ind.exclude_re is not None and ind.exclude_re.search(phrase)):
                continue
            ctx = scope.context_hits(ind)
            if ind.context and ctx == 0:
                continue
            if best is None or (term_len, ctx) > best[:2]:
                best = (term_len, ctx, ind.id)
        return best

    def _classify(self, metric: Metric, text: str, scope: _SentenceScope) -> str:
        """The catalog indicator named near the figure: in its clause first, then its sentence."""
        unit = (metric.unit or "").split(" per ")[0]
        if not self._candidates(metric.unit_kind, unit):
            return "unclassified"  # no indicator is counted in this unit (most figures)
        lo, hi = self._clause(text, metric)
        subject = " " + metric.subject.lower() if metric.subject else ""
        best = self._best_for(metric.unit_kind, unit, text[lo:hi].lower() + subject, scope)
        if best is None:  # the whole sentence
            best = self._best_for(metric.unit_kind, unit, scope.sentence, scope)
        return best[2] if best else "unclassified"

    def _best_for(
        self, unit_kind: str, unit: str, phrase: str, scope: _SentenceScope
    ) -> _Best | None:
        """_best for a unit in a phrase, once per sentence."""
        key = (unit_kind, unit, phrase)
        if key in scope.best:
            return scope.best[key]
        found = scope.best[key] = self._best(self._candidates(unit_kind, unit), phrase, scope)
        return found


@cache
def default_linker() -> Linker:
    return Linker(regions=region_index(), indicators=load_indicators())
