"""Where a figure is: place names in English text linked to GB/T 2260 codes.

Precision first: a name shared by several units is settled by a parent named nearby
("Chaoyang District of Beijing") or left null with its candidates; two unrelated places
in a sentence are told apart by where they stand relative to the figure.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise

from transforms.lexicon import alternation, lexicon
from transforms.models import Metric, reference_text

_CAPITALISED_RUN_RE = re.compile(r"[A-Z][A-Za-z'’-]*(?:\s+(?:[A-Z][A-Za-z'’-]*|and|of))*")
# Capitalised names that look like places but are organisations, events or people.
_GROUP_PATTERNS = (
    (
        re.compile(
            r"\beastern\s+(?:\w+\s+)?(?:regions|provinces|areas|counties|cities|china)\b"
            r"|\beast\s+china\b|\bthe\s+east\b",
            re.I,
        ),
        "EAST",
    ),
    (
        re.compile(
            r"\bwestern\s+(?:\w+\s+)?(?:regions|provinces|areas|counties|cities|china)\b"
            r"|\bwest\s+china\b|\bthe\s+west\b",
            re.I,
        ),
        "WEST",
    ),
    (re.compile(r"\bcentral\s+(?:regions|provinces)\b", re.I), "CENTRAL"),
    (re.compile(r"\bnortheast(?:ern)?\s+(?:regions|provinces|china)\b", re.I), "NORTHEAST"),
)
_EAST_WEST_RE = re.compile(r"east-west|eastern\s+and\s+western|pairing|paired|counterpart", re.I)
_COORDINATED_RE = re.compile(r"[\w'’ -]*?\s+and\s+(?:the\s+)?")
_GROUP_TOWARD_RE = re.compile(
    r"\b(?:to|in|into|for|with|from)\s+(?:the\s+)?(?:\d+\s+|\w+\s+)?$", re.I
)
_TOWARD_RE = re.compile(r"\b(?:to|in|into|for|at)\s+(?:the\s+)?$", re.I)
# a figure's place after it: "to the neighboring Guangxi", "150,000 tonnes of Hotan produce",
# "1.86 billion yuan worth of Enshi farm products"
_TOWARD_AFTER_RE = re.compile(
    r"\b(?:to|in|into|for|at|of)\s+(?:the\s+)?(?:(?:neighbou?ring|partner|poor|remote|rural"
    r"|mountainous|(?:north|south|east|west)\w*)\s+)?$",
    re.I,
)
_FROM_RE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)
# "buyers from south China's Guangdong Province": a place named as where something comes from
_FROM_PLACE_RE = re.compile(
    r"\bfrom\s+(?:the\s+)?(?:(?:north|south|east|west|central)\w*\s+)?(?:China's\s+)?$", re.I
)
# from one coordinated place name to the next: "Baise and Hechi", "Baise, Hechi and Wuzhou"
_PLACE_LIST_GAP_RE = re.compile(r"[\w'’ -]{1,60}?(?:,\s+(?:and\s+)?|\s+and\s+)", re.I)
_CLAUSE_BREAK_RE = re.compile(r"[;:]|,\s+(?:and|while|but|whereas|with|bringing|as|more)\b")


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    level: str
    parent_code: str | None
    name_en: str


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # absolute offsets in the document text
    end: int
    codes: frozenset[str]


class RegionIndex:
    """English names and aliases of every county-level and higher unit, with priorities.

    Priority 3: the full name with its suffix ("Quzhou City"); 2: a conventional or former
    name, or a bare province name ("Xinjiang"); 1: a bare short name ("Quzhou"). Only the
    candidates of the highest priority compete for a mention.
    """

    def __init__(self) -> None:
        self.regions: dict[str, Region] = {}
        self.groups: dict[str, tuple[str, frozenset[str]]] = {}
        self.index: dict[str, dict[str, int]] = {}
        self._ancestor_cache: dict[str, frozenset[str]] = {}
        self._load()

    def _add(self, name: str, code: str, priority: int) -> None:
        if name:
            slot = self.index.setdefault(name.lower(), {})
            slot[code] = max(priority, slot.get(code, 0))

    def _load(self) -> None:
        text = reference_text("regions.csv")
        if text is None:
            return
        for row in csv.DictReader(text.splitlines()):
            code = row["code"]
            self.regions[code] = Region(
                code, row["level"], row.get("parent_code") or None, row["name_en"]
            )
            self._add(row["name_en"], code, 3)
            self._add(row.get("name_zh", ""), code, 3)
            core, suffix = row.get("core_en") or "", row.get("suffix_en") or ""
            if core and suffix:
                self._add(f"{core} {suffix}", code, 3)
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
                    if suffix.endswith(generic):  # "Beichuan County" for the autonomous county
                        self._add(f"{core} {generic}", code, 3)
        for row in csv.DictReader((reference_text("region_aliases.csv") or "").splitlines()):
            code = row["code"]
            if code in self.regions:
                bare_province = self.regions[code].level == "province"
                self._add(
                    row["alias"], code, 2 if row.get("kind") != "short" or bare_province else 1
                )
        for row in csv.DictReader((reference_text("region_groups.csv") or "").splitlines()):
            members = frozenset(c for c in row.get("member_codes", "").split(";") if c)
            self.groups[row["code"]] = (row["name_en"], members)

    def name_of(self, code: str) -> str | None:
        if code in self.regions:
            return self.regions[code].name_en
        return self.groups[code][0] if code in self.groups else None

    def ancestors(self, code: str) -> frozenset[str]:
        cached = self._ancestor_cache.get(code)
        if cached is not None:
            return cached
        seen: set[str] = set()
        r = self.regions.get(code)
        while r and r.parent_code and r.parent_code not in seen:
            seen.add(r.parent_code)
            r = self.regions.get(r.parent_code)
        self._ancestor_cache[code] = frozenset(seen)
        return self._ancestor_cache[code]

    # -- reading a sentence -------------------------------------------------
    def mentions(self, text: str, start: int, end: int, max_words: int = 6) -> list[Mention]:
        """Place names in text[start:end], longest match first at each position."""
        found: list[Mention] = []
        for m in _CAPITALISED_RUN_RE.finditer(text, start, end):
            words = list(re.finditer(r"\S+", m.group(0)))
            i = 0
            while i < len(words):
                hit = None
                for j in range(min(len(words), i + max_words), i, -1):
                    s, e = words[i].start(), words[j - 1].end()
                    name = m.group(0)[s:e].rstrip(".,").removesuffix("'s").removesuffix("’s")
                    candidates = self.index.get(name.lower())
                    if candidates and self._is_place(
                        text, m.start() + s, m.start() + s + len(name)
                    ):
                        top = max(candidates.values())
                        codes = frozenset(c for c, p in candidates.items() if p == top)
                        hit = (Mention(m.start() + s, m.start() + s + len(name), codes), j)
                        break
                if hit:
                    found.append(hit[0])
                    i = hit[1]
                else:
                    i += 1
        return found

    def _is_place(self, text: str, s: int, e: int) -> bool:
        """Not an organisation ("Yili Group"), an event, a person's name ("Li Xining") or the
        dateline city of a wire story ("BEIJING, Nov. 22 (Xinhua) --")."""
        if text[s:e].isupper() and len(text[s:e]) > 2:
            return False
        words = _place_words()
        if text[s:e].lower() in words.not_places or words.after_re.match(text, e):
            return False
        before = re.search(r"([A-Z][a-z]+)\s+$", text[max(0, s - 12) : s])
        return not (before and before.group(1).lower() in words.surnames and " " not in text[s:e])

    def resolve(
        self, mentions: list[Mention], context: frozenset[str] = frozenset()
    ) -> list[tuple[Mention, str | None]]:
        """One code per mention, using the other mentions as parents, then the places the
        document named before (`context`, with their parents); None when still ambiguous."""
        out = []
        for mention in mentions:
            if len(mention.codes) == 1:
                out.append((mention, next(iter(mention.codes))))
                continue
            others = set().union(*(m.codes for m in mentions if m is not mention))
            supported = [c for c in mention.codes if self.ancestors(c) & others]
            if len(supported) != 1 and context:
                supported = [
                    c for c in mention.codes if c in context or self.ancestors(c) & context
                ]
            if len(supported) != 1:
                # "Aksu": the prefecture and its own seat city share the name; the bare
                # name means the broader unit
                supported = [
                    c
                    for c in mention.codes
                    if all(c == o or c in self.ancestors(o) for o in mention.codes)
                ]
            out.append((mention, supported[0] if len(supported) == 1 else None))
        return out

    def chains(self, resolved: list[tuple[Mention, str | None]]) -> list[tuple[str, list[int]]]:
        """Mentions grouped by hierarchy: (most specific code, positions of its mentions)."""
        chains: list[tuple[str, list[int]]] = []
        for mention, code in resolved:
            if code is None:
                continue
            for i, (head, positions) in enumerate(chains):
                if code in self.ancestors(head) or code == head:
                    positions.append(mention.start)
                    break
                if head in self.ancestors(code):
                    chains[i] = (code, [*positions, mention.start])
                    break
            else:
                chains.append((code, [mention.start]))
        return chains


def _clause_bounds(text: str, s_start: int, s_end: int, m: Metric) -> tuple[int, int]:
    left = list(_CLAUSE_BREAK_RE.finditer(text, s_start, m.start))
    lo = left[-1].end() if left else s_start
    right = _CLAUSE_BREAK_RE.search(text, m.end, s_end)
    return lo, right.start() if right else s_end


def pick_chain(
    text: str, metric: Metric, chains: list[tuple[str, list[int]]], s_start: int, s_end: int
) -> str | None:
    """The place a figure is about when the sentence names several unrelated places."""
    lo, hi = _clause_bounds(text, s_start, s_end, metric)
    after = [
        (min(p for p in pos if p >= metric.end), code)
        for code, pos in chains
        if any(metric.end <= p < hi for p in pos)
    ]
    before = [
        (max(p for p in pos if p < metric.start), code)
        for code, pos in chains
        if any(lo <= p < metric.start for p in pos)
    ]
    toward = [
        (p, c) for p, c in after if _TOWARD_AFTER_RE.search(text[max(metric.end, p - 30) : p])
    ]
    origin = [(p, c) for p, c in after if _FROM_RE.search(text[max(metric.end, p - 12) : p])]
    # "300 teachers to Ningxia", "8.6 billion yuan in Tongren"; people "from Guangxi" are
    # Guangxi's, while money "from Shanghai" is not Shanghai's
    person = (metric.unit or "") in person_units()
    for candidates in (origin, toward) if person else (toward,):
        if candidates:
            first = min(candidates)
            coordinated = [
                p
                for p, _ in after
                if p > first[0] and _COORDINATED_RE.fullmatch(text[first[0] : p])
            ]
            return None if coordinated else first[1]  # "to Shaanxi and Qinghai": both
    if not person:
        # money or goods "from Tianjin" are not Tianjin's when the sentence names another side
        sourced = [(p, c) for p, c in before if _FROM_PLACE_RE.search(text[max(lo, p - 40) : p])]
        if sourced and len(sourced) < len(before) + len(after):
            before = [b for b in before if b not in sourced]
            if not before:
                return min(after)[1]
    if before:
        return max(before)[1]
    anywhere_before = [
        (max(p for p in pos if p < metric.start), code)
        for code, pos in chains
        if any(p < metric.start for p in pos)
    ]
    return max(anywhere_before)[1] if anywhere_before else None


def respective_places(
    text: str, metrics: list[Metric], chains: list[tuple[str, list[int]]], s_end: int
) -> list[str] | None:
    """ "Baise and Hechi received RMB 1.2 billion and RMB 1.5 billion respectively": one
    place per figure, in order, when the places are coordinated before the figures."""
    if len(metrics) < 2 or len(chains) != len(metrics):
        return None
    if "respectively" not in text[metrics[-1].end : s_end].lower()[:40]:
        return None
    firsts = sorted((min(pos), code) for code, pos in chains)
    if firsts[-1][0] >= metrics[0].start:
        return None
    for (a, _), (b, _) in pairwise(firsts):
        if not _PLACE_LIST_GAP_RE.fullmatch(text[a:b]):
            return None
    return [code for _, code in firsts]


def flow_codes(
    text: str,
    metric: Metric,
    hits: list[tuple[int, str]],
    chains: list[tuple[str, list[int]]],
    groups: dict[str, tuple[str, frozenset[str]]],
) -> tuple[str, str] | None:
    """(source, destination) when the sentence moves the figure from one region to another."""
    kinds = {g for _, g in hits}
    if {"EAST", "WEST"} <= kinds:
        east = "EWC_EAST" if "EWC_EAST" in groups else "EAST"
        west = "EWC_WEST" if "EWC_WEST" in groups else "WEST"
        return east, west
    if len(chains) >= 2:
        toward = [
            (min(p for p in pos if p >= metric.end), code)
            for code, pos in chains
            if any(p >= metric.end for p in pos)
            and _TOWARD_RE.search(
                text[
                    max(metric.end, min(p for p in pos if p >= metric.end) - 12) : min(
                        p for p in pos if p >= metric.end
                    )
                ]
            )
        ]
        before = [
            (max(p for p in pos if p < metric.start), code)
            for code, pos in chains
            if any(p < metric.start for p in pos)
        ]
        if toward and before and min(toward)[1] != max(before)[1]:
            return max(before)[1], min(toward)[1]  # "Fujian sent 300 teachers to Ningxia"
    return None


def group_hits(text: str, s_start: int, s_end: int) -> list[tuple[int, str]]:
    """Macro-region phrases in a sentence ("eastern regions"), with their offsets."""
    sentence = text[s_start:s_end]
    if not _may_name_group(sentence):
        return []
    return sorted(
        (m.start() + s_start, g) for p, g in _GROUP_PATTERNS for m in p.finditer(sentence)
    )


def _may_name_group(phrase: str) -> bool:
    """Every group pattern has "east", "west" or "central" in it: a cheap test first."""
    low = phrase.lower()
    return "east" in low or "west" in low or "central" in low


def group_code(
    text: str,
    metric: Metric,
    sentence: str,
    hits: list[tuple[int, str]],
    lo: int,
    hi: int,
    groups: dict[str, tuple[str, frozenset[str]]],
) -> str | None:
    """Macro regions: "10 western regions"; a flow from the east to the west is the west's."""
    if not hits and not _may_name_group(metric.surface):
        return None  # most sentences name no macro region at all
    kinds = {g for _, g in hits}
    east_west = {"EAST", "WEST"} <= kinds or is_east_west(sentence)

    def named(side: str) -> str:
        return f"EWC_{side}" if east_west and f"EWC_{side}" in groups else side

    own = (
        {g for p, g in _GROUP_PATTERNS if p.search(metric.surface)}
        if _may_name_group(metric.surface)
        else set()
    )
    if len(own) == 1:
        return named(own.pop())
    after = [(p, g) for p, g in hits if metric.end <= p < hi]
    toward = [
        (p, g) for p, g in after if _GROUP_TOWARD_RE.search(text[max(metric.end, p - 16) : p])
    ]
    if toward:
        return named(min(toward)[1])
    before = [(p, g) for p, g in hits if lo <= p < metric.start]
    if before and not (east_west and max(before)[1] == "EAST"):
        return named(max(before)[1])  # "in eastern China earned 25,600 yuan"
    if east_west and {"EAST", "WEST"} <= kinds:
        return named("WEST")  # "eastern provinces provided 23 billion yuan ... to the west"
    return named(next(iter(kinds))) if len(kinds) == 1 else None


_ANAPHOR_LEVEL_RE = re.compile(
    r"\b(?:the|this|that)\s+(prefecture|county|province|region)\b(?!-level|\s+level)", re.I
)
_LEVEL_OF = {
    "prefecture": "prefecture",
    "county": "county",
    "province": "province",
    "region": "province",
}


# "the city", "the county": the place the text is about, even where a sentence names another
_ANAPHOR_LEVELS = ("city", "county", "prefecture", "province", "region", "district")
_ANAPHOR_ANY_RE = re.compile(
    r"\b(?:the|this)\s+(" + "|".join(_ANAPHOR_LEVELS) + r")\b(?!-level|\s+level)", re.I
)


def anaphor_positions(text: str, start: int, end: int) -> list[int]:
    """Where a sentence refers to its text's place by level ("from the city")."""
    window = text[start:end]
    # the regex tries every position; most sentences name no level at all. (A non-ASCII
    # letter may match an ASCII one ignoring case: such a sentence always gets the regex.)
    if window.isascii():
        low = window.lower()
        if not any(level in low for level in _ANAPHOR_LEVELS):
            return []
    return [m.start(1) for m in _ANAPHOR_ANY_RE.finditer(text, start, end)]


def related(index: RegionIndex, a: str, b: str) -> bool:
    """The same place, or one inside the other."""
    return a == b or a in index.ancestors(b) or b in index.ancestors(a)


@lru_cache(maxsize=256)
def _anaphor(sentence: str) -> re.Match[str] | None:
    return _ANAPHOR_LEVEL_RE.search(sentence)


def anaphoric_place(index: RegionIndex, sentence: str, established: str | None) -> str | None:
    """ "The prefecture plans ...": the established place's unit of that level."""
    if established is None or established not in index.regions:
        return established
    m = _anaphor(sentence)
    if m is None:
        return established
    level = _LEVEL_OF[m.group(1).lower()]
    for code in (established, *sorted(index.ancestors(established), reverse=True)):
        if index.regions[code].level == level:
            return code
    return established


@lru_cache(maxsize=256)  # called once per figure with the same sentence
def is_east_west(sentence: str) -> bool:
    low = sentence.lower()  # every cue has "east", "pair" or "counterpart": test those first
    if "east" not in low and "pair" not in low and "counterpart" not in low:
        return False
    return bool(_EAST_WEST_RE.search(sentence))


def is_nationwide(text: str, start: int, end: int) -> bool:
    """A nationwide cue in text[start:end] (the whole text is indexed once, then windowed)."""
    return lexicon().nationwide.search(text, start, end) is not None


@dataclass(frozen=True)
class _PlaceWords:
    not_places: frozenset[str]
    after_re: re.Pattern[str]
    surnames: frozenset[str]


@cache
def _place_words() -> _PlaceWords:
    raw = lexicon().raw
    after = r"\s+(?:" + alternation(raw["not_a_place_after"]) + r")\b"
    return _PlaceWords(
        frozenset(w.lower() for w in raw["not_a_place"]),
        re.compile(after),
        frozenset(raw["surnames"]),
    )


@cache
def person_units() -> frozenset[str]:
    """Counted nouns that are people: an indicator counting persons accepts them all."""
    return frozenset(lexicon().raw["person_units"])


@cache
def region_index() -> RegionIndex:
    return RegionIndex()
