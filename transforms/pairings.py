"""Stated partnerships between regions: who supports whom ("Kecheng District, Beichuan's
paired-up supporter"; "cooperation between Beichuan ... and Kecheng District").

A pairing is recorded only when the text says which side helps which, or when the two
sides are an eastern and a western region (east-west cooperation runs east to west).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import asdict, dataclass
from typing import Any

from transforms.models import Document
from transforms.regions import RegionIndex, region_index
from transforms.sentences import split_sentences

_CUE_RE = re.compile(
    r"\bpair(?:ed|ing|s)?\b|\bsupporter\b|\bcounterpart\b|\bcooperation\s+between\b|\bpartner\b"
    r"|\bhelp(?:ed|s)?\b|\bassist(?:ed|s|ance)?\b|\baid(?:ed|s)?\b|\bsupport(?:ed|s)?\b"
    r"|\beast-west\b|\ballocat\w*|\bsent\b|\breceiv\w*|\binvest\w*|\bdonat\w*",
    re.I,
)
# "<A>, <B>'s paired-up supporter": A supports B
_SUPPORTER_OF_RE = re.compile(r"^[\s,]*(?:the\s+)?$")
_SUPPORTER_AFTER_RE = re.compile(r"^'s\s+(?:[\w-]+\s+){0,2}(?:supporter|partner|helper)\b", re.I)
# "<A> helped <B>", "<A> sent ... to <B>", "<A> helped workers from <B>": A supports B
_ACTIVE_RE = re.compile(
    r"(?:\b(?:helped|helps|supported|supports|assisted|assists|aided|aids|paired\s+up\s+with"
    r"|(?:is|was|has\s+been)\s+paired\s+with)\s+(?:the\s+)?"
    r"|\b(?:sent|sends|provided|provides|allocated|allocates|invested|invests|donated|transferred)"
    r"\b[^;]*\b(?:to|in|for)\s+(?:the\s+)?"
    r"|\bhelp(?:ed|s)?\b[^;]*\bfrom\s+(?:the\s+)?)$",
    re.I,
)
# "<B> received ... from <A>": A supports B
_RECEIVED_RE = re.compile(r"\breceiv(?:ed|es)\b[^;]*\bfrom\s+(?:the\s+)?$", re.I)
# "<A>'s pairing assistance covers <B>": A supports B
_ASSISTANCE_OF_RE = re.compile(
    r"^'s\s+(?:pairing|counterpart|paired)\s+(?:assistance|support|aid|help)\b[^;]{0,40}$", re.I
)
# "<B> ..., <A>, its partner": the two are partners; the east supports the west
_ITS_PARTNER_RE = re.compile(r"^[^;]{0,30},?\s+its\s+(?:[\w-]+\s+)?(?:partner|supporter)\b", re.I)
_BETWEEN_RE = re.compile(r"\bcooperation\s+between\s+(?:the\s+)?$", re.I)


@dataclass(frozen=True, slots=True)
class Pairing:
    """One stated partnership, with the span that states it."""

    supporter_region_code: str
    supported_region_code: str
    doc_id: str
    start: int
    end: int
    surface: str
    cue: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _side(index: RegionIndex, code: str) -> str | None:
    """EAST or WEST for a code whose province is in one of the east-west groups."""
    province = code[:2] + "0000"
    for side in ("EAST", "WEST"):
        for group in (f"EWC_{side}", side):
            if group in index.groups and province in index.groups[group][1]:
                return side
    return None


def _direction(
    index: RegionIndex, text: str, a: tuple[str, int, int], b: tuple[str, int, int]
) -> tuple[str, str, str] | None:
    """(supporter, supported, cue) for two places a (first) and b (second) in a sentence."""
    between = text[a[2] : b[1]]
    after_a = text[a[2] : a[2] + 60]
    if _SUPPORTER_OF_RE.match(between) and _SUPPORTER_AFTER_RE.match(text[b[2] : b[2] + 40]):
        return a[0], b[0], "supporter"
    if _RECEIVED_RE.search(text[a[2] : b[1]]):
        return b[0], a[0], "received from"
    if _ASSISTANCE_OF_RE.match(between):
        return a[0], b[0], "pairing assistance"
    if _ACTIVE_RE.search(between):
        return a[0], b[0], "active verb"
    sides = (_side(index, a[0]), _side(index, b[0]))
    partners = _ITS_PARTNER_RE.match(text[b[2] : b[2] + 60])
    if (
        partners
        or _BETWEEN_RE.search(text[max(0, a[1] - 40) : a[1]])
        or "paired" in after_a.lower()
    ):
        if sides == ("EAST", "WEST"):
            return a[0], b[0], "east-west"
        if sides == ("WEST", "EAST"):
            return b[0], a[0], "east-west"
    return None


def extract_pairings(document: Document, index: RegionIndex | None = None) -> list[Pairing]:
    """Every stated partnership in a document, first statement of each pair only."""
    index = index or region_index()
    text = document.text
    seen: set[tuple[str, str]] = set()
    out: list[Pairing] = []
    for s_start, s_end in split_sentences(text):
        if not _CUE_RE.search(text, s_start, s_end):
            continue
        resolved = index.resolve(index.mentions(text, s_start, s_end))
        chains = index.chains(resolved)
        if len(chains) < 2:
            continue
        spans = {}
        for mention, code in resolved:
            head = next((h for h, _ in chains if code == h or code in index.ancestors(h)), None)
            if head and head not in spans:
                spans[head] = (mention.start, mention.end)
            elif head:
                spans[head] = (spans[head][0], max(spans[head][1], mention.end))
        places = sorted((s, e, head) for head, (s, e) in spans.items())
        for (a_s, a_e, a), (b_s, b_e, b) in itertools.pairwise(places):
            found = _direction(index, text, (a, a_s, a_e), (b, b_s, b_e))
            if found is None or (found[0], found[1]) in seen or found[0] == found[1]:
                continue
            seen.add((found[0], found[1]))
            out.append(
                Pairing(found[0], found[1], document.doc_id, a_s, b_e, text[a_s:b_e], found[2])
            )
    return out
