"""Fast scanning with big alternation regexes: try them only where a match can start.

Python's `re` tries every branch of an alternation at every character when a pattern does
not begin with a literal. Our grammar's patterns (number phrases, time phrases, cue lists)
can only start at a digit or at one of a few dozen words, so we list those positions with
cheap regexes and call `.match` there. `StartIndex.finditer` gives exactly the matches of
`pattern.finditer` as long as every possible match start is a listed position; the tests in
tests/transforms/test_scanning.py check that on real text for every pattern we index.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

_TOKEN_RE = re.compile(r"[A-Za-z]+")
_LOWER_TOKEN_RE = re.compile(r"[a-z]+")
_DIGIT_LISTS = {"any": "any_digits", "run": "digit_runs", "tail": "run_tails"}  # StartIndex.digits
_DIGIT_RUN_RE = re.compile(r"(?<!\d)\d")
_ANY_DIGIT_RE = re.compile(r"\d")
# a whole digit run (possessive, from its first digit: no backtracking inside long runs)
_RUN_BEFORE_GAP_RE = re.compile(r"(?<!\d)\d{3,}+(?=[ )-])")


def first_token(phrase: str) -> str:
    """The first run of letters of a phrase, lowercased ("Ministry of" -> "ministry")."""
    m = _TOKEN_RE.search(phrase)
    return m.group().lower() if m else ""


@dataclass(frozen=True, slots=True)
class _Tokens:
    """Where each lowercased word and each digit of one text starts, found in one pass."""

    positions: dict[str, list[int]]
    digit_runs: list[int]
    any_digits: list[int]
    run_tails: list[int]


# (the last text tokenized, its _Tokens), replaced as one object so threads never mix them
_LAST_TOKENS: list = [None]


def _tokens(text: str) -> _Tokens:
    """The word and digit positions of text; every StartIndex of a text shares one pass."""
    last = _LAST_TOKENS[0]
    if last is not None and last[0] is text:
        return last[1]
    positions: dict[str, list[int]] = {}
    if text.isascii():  # lowercasing keeps every offset
        for m in _LOWER_TOKEN_RE.finditer(text.lower()):
            positions.setdefault(m.group(), []).append(m.start())
    else:
        for m in _TOKEN_RE.finditer(text):
            positions.setdefault(m.group().lower(), []).append(m.start())
    any_digits = [m.start() for m in _ANY_DIGIT_RE.finditer(text)]
    digit_runs = [p for p in any_digits if p == 0 or not text[p - 1].isdigit()]
    run_tails = list(digit_runs)
    for m in _RUN_BEFORE_GAP_RE.finditer(text):
        end = m.end()
        run_tails += [p for p in range(max(m.start() + 1, end - 4), end - 1)]
    run_tails.sort()
    found = _Tokens(positions, digit_runs, any_digits, run_tails)
    _LAST_TOKENS[0] = (text, found)
    return found


@dataclass(frozen=True)
class StartIndex:
    """A pattern plus where its matches can start: the first words of its phrases, digit
    runs (or every digit, for patterns that may start inside a number) and extra characters."""

    pattern: re.Pattern[str]
    words: frozenset[str]
    # "" no digits, "run" digit-run starts, "any" every digit, "tail" run starts and the last
    # two to four digits of a run before " ", "-" or ")" (where "\d{2,4}[ -]" can start)
    digits: str = ""
    chars: str = ""  # other characters a match may start at, e.g. "+(" or "'"
    # (the last text indexed, its starts), one object: texts are scanned one at a time
    _cache: list = field(default_factory=lambda: [None], compare=False, repr=False)

    @classmethod
    def of_phrases(cls, pattern: re.Pattern[str], phrases: Iterable[str], **kw) -> StartIndex:
        return cls(pattern, frozenset(first_token(p) for p in phrases) - {""}, **kw)

    def starts(self, text: str, start: int = 0, end: int | None = None) -> list[int]:
        """Candidate starts in text[start:end]. The whole text is indexed once and kept (the
        grammar scans one document sentence by sentence); a window then costs a bisection."""
        end = len(text) if end is None else end
        last = self._cache[0]
        if last is None or last[0] is not text:
            last = self._cache[0] = (text, self._all_starts(text))
        found: list[int] = last[1]
        out = found[bisect_left(found, start) : bisect_left(found, end)]
        # a window that cuts a word: the cut piece may be a start word on its own
        if 0 < start < end and text[start - 1].isalpha() and text[start].isalpha():
            m = _TOKEN_RE.match(text, start, end)
            if m and m.group().lower() in self.words:
                out.insert(0, start)
        if start < end < len(text) and text[end - 1].isalpha() and text[end].isalpha():
            p = end - 1
            while p > start and text[p - 1].isalpha():
                p -= 1
            if p not in out and text[p:end].lower() in self.words:
                out.append(p)
                out.sort()
        return out

    def _all_starts(self, text: str) -> list[int]:
        tokens = _tokens(text)
        words = self.words
        out: list[int] = []
        for w in tokens.positions.keys() & words:
            out += tokens.positions[w]
        if self.digits:
            out += getattr(tokens, _DIGIT_LISTS[self.digits])
        for ch in self.chars:
            i = text.find(ch)
            while i >= 0:
                out.append(i)
                i = text.find(ch, i + 1)
        out.sort()
        return out

    def finditer(
        self, text: str, start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        """Non-overlapping matches, leftmost first, as pattern.finditer(text, start, end)."""
        end = len(text) if end is None else end
        match = self.pattern.match
        last = start
        for p in self.starts(text, start, end):
            if p < last:
                continue
            m = match(text, p, end)
            if m is not None:
                yield m
                last = m.end() if m.end() > p else p + 1

    def search(self, text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        return next(self.finditer(text, start, end), None)
