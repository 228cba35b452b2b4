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
    term_res: tuple[re.Pattern[str], ...] = field(repr=False, default=())
    context_res: tuple[re.Pattern[str], ...] = field(repr=False, default=())
    exclude_res: tuple[re.Pattern[str], ...] = field(repr=False, default=())


def _word_re(phrase: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(p) for p in phrase.lower().split())
    return re.compile(r"(?<![a-z0-9])" + body + r"(?![a-z0-9])")


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
                term_res=tuple(_word_re(t) for t in terms),
                context_res=tuple(_word_re(t) for t in context),
                exclude_res=tuple(_word_re(t) for t in exclude),
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

    def annotate(self, metric: Metric, text: str, sentence: str, previous: str) -> None:
        self._link_region(metric, text, sentence, previous)
        metric.indicator_id = self._classify(metric, text, sentence, previous)

    def _link_region(self, metric: Metric, text: str, sentence: str, previous: str) -> None:
        lex = lexicon()
        mentions = self.mentions(sentence)
        resolved = self._resolve(mentions, set())
        code = self._most_specific(resolved)
        ambiguous = [sorted(c) for _, chosen, c in resolved if chosen is None]
        if ambiguous:
            metric.extra["region_candidates"] = ambiguous
        if code is None:
            # the metric's own words first ("10 western regions"), then its clause
            for scope in (metric.surface, self._local_phrase(metric, text)):
                hits = [g for p, g in _GROUP_PATTERNS if p.search(scope) and g in self.groups]
                if len(hits) == 1:
                    code = hits[0]
                    break
                if hits:
                    break
        if code is None and lex.nationwide_re.search(sentence):
            code = "CN"
        if code is None and not ambiguous and previous:
            prev = self._resolve(self.mentions(previous), set())
            code = self._most_specific(prev)
        if code is not None:
            metric.region_code = code
            if code in self.regions:
                metric.region_name = self.regions[code].name_en
            elif code in self.groups:
                metric.region_name = self.groups[code][0]
            elif code == "CN":
                metric.region_name = "China"

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

    def _classify(self, metric: Metric, text: str, sentence: str, previous: str) -> str:
        if not self.indicators:
            return "unclassified"
        phrase = self._local_phrase(metric, text).lower()
        if metric.subject:
            phrase = phrase + " " + metric.subject.lower()
        wider = (previous + " " + sentence).lower()
        unit = (metric.unit or "").split(" per ")[0]
        best: tuple[int, int, str] | None = None
        for ind in self.indicators:
            if ind.units and unit not in ind.units:
                continue
            if not ind.units and ind.unit_kind != metric.unit_kind:
                continue
            term_len = max(
                (len(t) for t, r in zip(ind.terms, ind.term_res, strict=True) if r.search(phrase)),
                default=0,
            )
            if term_len == 0:
                continue
            if any(r.search(phrase) for r in ind.exclude_res):
                continue
            ctx = sum(1 for r in ind.context_res if r.search(wider))
            if ind.context and ctx == 0:
                continue
            key = (term_len, ctx, ind.id)
            if best is None or key[:2] > best[:2]:
                best = key
        return best[2] if best else "unclassified"


@cache
def default_linker() -> Linker:
    regions, index = load_regions()
    return Linker(
        regions=regions, index=index, groups=load_region_groups(), indicators=load_indicators()
    )
