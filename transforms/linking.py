"""Where and what: link a metric to a region code and a catalog indicator.

Reference data (transforms/reference/) is read once per process. Linking is
precision-first: an ambiguous place name with no context to settle it is left
null with its candidates recorded, never guessed.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from transforms.lexicon import lexicon
from transforms.models import Metric

_CAPITALISED_RUN_RE = re.compile(r"[A-Z][A-Za-z'’-]*(?:\s+(?:[A-Z][A-Za-z'’-]*|and|of))*")
_GROUP_PATTERNS = (
    (re.compile(r"\beastern\s+(?:regions|provinces|areas|china)\b|\beast\s+china\b", re.I), "EAST"),
    (re.compile(r"\bwestern\s+(?:regions|provinces|areas|china)\b|\bwest\s+china\b", re.I), "WEST"),
    (re.compile(r"\bcentral\s+(?:regions|provinces|china)\b", re.I), "CENTRAL"),
)


def _reference_text(name: str) -> str | None:
    path = resources.files("transforms").joinpath("reference", name)
    return path.read_text(encoding="utf-8") if path.is_file() else None


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    level: str
    parent_code: str | None
    province_code: str | None
    name_en: str
    name_zh: str


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


def _words_re(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for a list of phrases, whole words, longest first."""
    if not phrases:
        return None
    bodies = [r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(phrases, key=len)[::-1]]
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(bodies) + r")(?![a-z0-9])")


def load_regions() -> tuple[dict[str, Region], dict[str, dict[str, int]]]:
    """Regions by code and an index: lowercase English name or alias -> {code: priority}.

    Priority 3: the full name with its suffix ("Quzhou City"); 2: a conventional or
    former name, or a bare province name ("Xinjiang"); 1: a bare short name ("Quzhou").
    Only the candidates of the highest priority compete for a mention.
    """
    regions: dict[str, Region] = {}
    index: dict[str, dict[str, int]] = {}

    def add(name: str, code: str, priority: int) -> None:
        if name:
            slot = index.setdefault(name.lower(), {})
            slot[code] = max(priority, slot.get(code, 0))

    text = _reference_text("regions.csv")
    if text is None:
        return regions, index
    for row in csv.DictReader(text.splitlines()):
        r = Region(
            row["code"],
            row["level"],
            row.get("parent_code") or None,
            row.get("province_code") or None,
            row["name_en"],
            row.get("name_zh", ""),
        )
        regions[r.code] = r
        add(row["name_en"], r.code, 3)
        add(row.get("name_zh", ""), r.code, 3)
        core, suffix = row.get("core_en") or "", row.get("suffix_en") or ""
        if core and suffix:
            add(f"{core} {suffix}", r.code, 3)
            # "Beichuan County" for "Beichuan Qiang Autonomous County"
            for generic in (
                "County",
                "City",
                "District",
                "Prefecture",
                "Province",
                "Region",
                "Banner",
                "League",
            ):
                if suffix.endswith(generic):
                    add(f"{core} {generic}", r.code, 3)
    aliases = _reference_text("region_aliases.csv")
    if aliases:
        for row in csv.DictReader(aliases.splitlines()):
            code = row["code"]
            if code not in regions:
                continue
            kind = row.get("kind", "")
            bare_province = regions[code].level == "province"
            add(row["alias"], code, 2 if kind != "short" or bare_province else 1)
    return regions, index


def load_region_groups() -> dict[str, tuple[str, frozenset[str]]]:
    text = _reference_text("region_groups.csv")
    groups: dict[str, tuple[str, frozenset[str]]] = {}
    if text is None:
        return groups
    for row in csv.DictReader(text.splitlines()):
        members = frozenset(c for c in row.get("member_codes", "").split(";") if c)
        groups[row["code"]] = (row["name_en"], members)
    return groups


def load_indicators() -> list[Indicator]:
    text = _reference_text("indicators.yaml")
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
                context_re=_words_re(context),
                exclude_re=_words_re(exclude),
            )
        )
    return out


def indicator_catalog() -> list[dict[str, Any]]:
    """The catalog as plain rows, for core.dim_indicator."""
    text = _reference_text("indicators.yaml")
    if text is None:
        return []
    return list(yaml.safe_load(text)["indicators"])


_CLAUSE_BREAK_RE = re.compile(r"[;:]|,\s+(?:and|while|but|with|bringing|as)\b|,\s")


@dataclass
class Linker:
    """Annotates metrics with region_code/region_name and indicator_id."""

    regions: dict[str, Region]
    index: dict[str, dict[str, int]]
    groups: dict[str, tuple[str, frozenset[str]]]
    indicators: list[Indicator]
    max_words: int = 6

    # -- regions ------------------------------------------------------------
    def mentions(self, sentence: str) -> list[tuple[int, int, set[str]]]:
        """Place names in a sentence: (start, end, candidate codes), longest first at each spot."""
        found: list[tuple[int, int, set[str]]] = []
        for m in _CAPITALISED_RUN_RE.finditer(sentence):
            words = list(re.finditer(r"\S+", m.group(0)))
            i = 0
            while i < len(words):
                hit = None
                for j in range(min(len(words), i + self.max_words), i, -1):
                    s = words[i].start()
                    e = words[j - 1].end()
                    name = m.group(0)[s:e].rstrip(".,").removesuffix("'s").removesuffix("’s")
                    found_codes = self.index.get(name.lower())
                    if found_codes:
                        top = max(found_codes.values())
                        codes = {c for c, p in found_codes.items() if p == top}
                        hit = (m.start() + s, m.start() + s + len(name), codes, j)
                        break
                if hit:
                    found.append(hit[:3])
                    i = hit[3]
                else:
                    i += 1
        return found

    def _resolve(
        self, mentions: list[tuple[int, int, set[str]]], context_codes: set[str]
    ) -> list[tuple[int, str | None, set[str]]]:
        """Pick one code per mention using the other mentions (parents) as context."""
        all_codes = set().union(*(c for _, _, c in mentions)) | context_codes
        out = []
        for start, _end, codes in mentions:
            if len(codes) == 1:
                out.append((start, next(iter(codes)), codes))
                continue
            supported = [c for c in codes if self._ancestors(c) & all_codes]
            out.append((start, supported[0] if len(supported) == 1 else None, codes))
        return out

    def _ancestors(self, code: str) -> set[str]:
        seen: set[str] = set()
        r = self.regions.get(code)
        while r and r.parent_code and r.parent_code not in seen:
            seen.add(r.parent_code)
            r = self.regions.get(r.parent_code)
        return seen

    def _most_specific(self, resolved: list[tuple[int, str | None, set[str]]]) -> str | None:
        codes = [c for _, c, _ in resolved if c]
        if not codes:
            return None
        # the code that has the others as ancestors is the most specific; else the first
        for c in codes:
            if all(o == c or o in self._ancestors(c) for o in codes):
                return c
        return None

    def annotate(self, metrics: list[Metric], text: str, sentence: str, previous: str) -> None:
        """Region and indicator for every metric of one sentence (place names read once)."""
        if not metrics:
            return
        resolved = self._resolve(self.mentions(sentence), set())
        sentence_code = self._most_specific(resolved)
        ambiguous = [sorted(c) for _, chosen, c in resolved if chosen is None]
        previous_code: str | None = None
        if sentence_code is None and not ambiguous and previous:
            previous_code = self._most_specific(self._resolve(self.mentions(previous), set()))
        nationwide = bool(lexicon().nationwide_re.search(sentence))
        wider = (previous + " " + sentence).lower()
        for m in metrics:
            phrase = self._local_phrase(m, text)
            self._link_region(m, phrase, sentence_code, ambiguous, nationwide, previous_code)
            m.indicator_id = self._classify(m, phrase.lower(), wider)

    def _link_region(
        self,
        metric: Metric,
        phrase: str,
        sentence_code: str | None,
        ambiguous: list[list[str]],
        nationwide: bool,
        previous_code: str | None,
    ) -> None:
        code = sentence_code
        if ambiguous:
            metric.extra["region_candidates"] = ambiguous
        if code is None:
            # the metric's own words first ("10 western regions"), then its clause
            for scope in (metric.surface, phrase):
                hits = [g for p, g in _GROUP_PATTERNS if p.search(scope) and g in self.groups]
                if len(hits) == 1:
                    code = hits[0]
                    break
                if hits:
                    break
        if code is None and nationwide:
            code = "CN"
        if code is None:
            code = previous_code
        if code is not None:
            metric.region_code = code
            if code in self.regions:
                metric.region_name = self.regions[code].name_en
            elif code in self.groups:
                metric.region_name = self.groups[code][0]

    # -- indicators ---------------------------------------------------------
    def _local_phrase(self, metric: Metric, text: str) -> str:
        s0, s1 = metric.sentence_start, metric.sentence_end
        left = text[s0 : metric.start]
        right = text[metric.end : s1]
        breaks = list(_CLAUSE_BREAK_RE.finditer(left))
        lstart = metric.start - len(left) + (breaks[-1].end() if breaks else 0)
        rb = _CLAUSE_BREAK_RE.search(right)
        rend = metric.end + (rb.start() if rb else len(right))
        return text[lstart:rend]

    def _classify(self, metric: Metric, phrase: str, wider: str) -> str:
        if not self.indicators:
            return "unclassified"
        if metric.subject:
            phrase = phrase + " " + metric.subject.lower()
        unit = (metric.unit or "").split(" per ")[0]
        best: tuple[int, int, str] | None = None
        for ind in self.indicators:
            if ind.units and unit not in ind.units:
                continue
            if not ind.units and ind.unit_kind != metric.unit_kind:
                continue
            if ind.term_re is None:
                continue
            term_len = max((len(m.group(0)) for m in ind.term_re.finditer(phrase)), default=0)
            if term_len == 0 or (ind.exclude_re is not None and ind.exclude_re.search(phrase)):
                continue
            ctx = len({m.group(0) for m in ind.context_re.finditer(wider)}) if ind.context_re else 0
            if ind.context and ctx == 0:
                continue
            if best is None or (term_len, ctx) > best[:2]:
                best = (term_len, ctx, ind.id)
        return best[2] if best else "unclassified"


@cache
def default_linker() -> Linker:
    regions, index = load_regions()
    return Linker(
        regions=regions, index=index, groups=load_region_groups(), indicators=load_indicators()
    )
