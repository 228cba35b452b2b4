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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

_TOKEN_RE = re.compile(r"[A-Za-z]+")
_LOWER_TOKEN_RE = re.compile(r"[a-z]+")
_DIGITS_RE = re.compile(r"\d+")  # one match per run: its start is where "(?<!\d)\d" matches


def first_token(phrase: str) -> str:
    """The first run of letters of a phrase, lowercased ("Ministry of" -> "ministry")."""
    m = _TOKEN_RE.search(phrase)
    return m.group().lower() if m else ""


# Every StartIndex's start words, so that one pass over a text lists the word starts of all
# of them: by word, the numbers of the indexes it starts (in the order they were made).
_INDEXES_OF_WORD: dict[str, tuple[int, ...]] = {}
_INDEX_COUNT = [0]


def _register(words: frozenset[str]) -> int:
    """A number for a new index, whose words the token pass lists from now on (counted
    only once all its words are in, so a pass never lists an index halfway)."""
    number = _INDEX_COUNT[0]
    for word in words:
        _INDEXES_OF_WORD[word] = (*_INDEXES_OF_WORD.get(word, ()), number)
    _INDEX_COUNT[0] = number + 1
    return number


class _Tokens:
    """Where the start words of every index and each digit of one text are.

    The words are found in one pass when the text is first indexed, each listed for every
    index it starts (in text order); the digit runs the first time an index asks for
    digits, and each kind of digit list once from them.
    """

    __slots__ = ("_digit_lists", "_runs", "ascii", "text", "word_starts")

    def __init__(self, text: str) -> None:
        self.text = text
        self.ascii = text.isascii()
        indexes_of, count = _INDEXES_OF_WORD, _INDEX_COUNT[0]
        word_starts: list[list[int]] = [[] for _ in range(count)]
        # (an index made meanwhile in another thread is left out: it reads the text again)
        if self.ascii:  # lowercasing keeps every offset
            for m in _LOWER_TOKEN_RE.finditer(text.lower()):
                for number in indexes_of.get(m.group(), ()):
                    if number < count:
                        word_starts[number].append(m.start())
        else:
            for m in _TOKEN_RE.finditer(text):
                for number in indexes_of.get(m.group().lower(), ()):
                    if number < count:
                        word_starts[number].append(m.start())
        self.word_starts = word_starts
        self._runs: list[tuple[int, int]] | None = None
        self._digit_lists: dict[str, list[int]] = {}

    def digits(self, kind: str) -> list[int]:
        """The digit positions of one kind ("any", "run", "tail"; see StartIndex.digits)."""
        found = self._digit_lists.get(kind)
        if found is None:
            if self._runs is None:
                self._runs = [m.span() for m in _DIGITS_RE.finditer(self.text)]
            found = self._digit_lists[kind] = _DIGIT_KINDS[kind](self.text, self._runs)
        return found


def _any_digits(text: str, runs: list[tuple[int, int]]) -> list[int]:
    return [p for start, end in runs for p in range(start, end)]


def _digit_runs(text: str, runs: list[tuple[int, int]]) -> list[int]:
    # str.isdigit is wider than \d ("²"): a run after such a character is not a start
    return [start for start, _ in runs if start == 0 or not text[start - 1].isdigit()]


def _run_tails(text: str, runs: list[tuple[int, int]]) -> list[int]:
    r"""Run starts, and inside each run of three or more digits before " ", ")" or "-" its
    last two to four digits (as the possessive "(?<!\d)\d{3,}+(?=[ )-])" would find)."""
    tails = _digit_runs(text, runs)
    n = len(text)
    for start, end in runs:
        if end - start >= 3 and end < n and text[end] in " )-":
            tails += range(max(start + 1, end - 4), end - 1)
    tails.sort()
    return tails


_DIGIT_KINDS = {"any": _any_digits, "run": _digit_runs, "tail": _run_tails}

# (the last text tokenized, its _Tokens), replaced as one object so threads never mix them
_LAST_TOKENS: list = [None]


def _tokens(text: str, index: int) -> _Tokens:
    """The word and digit positions of text; every StartIndex of a text shares one pass
    (made again for an index made after it, as the lexicon's are on first use)."""
    last = _LAST_TOKENS[0]
    if last is not None and last[0] is text and index < len(last[1].word_starts):
        return last[1]
    found = _Tokens(text)
    _LAST_TOKENS[0] = (text, found)
    return found


def may_end_in(window: str, endings: tuple[str, ...]) -> bool:
    """Could a regex that ignores case and ends in one of `endings` and blanks match at the
    end of window? A cheap test before one that tries every position of the window: in ASCII
    text the window must end in blanks after one of them. (Other text may hold letters that
    match ASCII ones ignoring case: "ſ" is an "s".)"""
    if not window.isascii():
        return True
    head = window.rstrip()
    return head != window and head.lower().endswith(endings)


def may_contain(window: str, words: tuple[str, ...]) -> bool:
    """Could a regex that ignores case and needs one of `words` match in window? A cheap test
    before one that tries every position: in ASCII text the window must hold one of them."""
    if not window.isascii():
        return True
    low = window.lower()
    return any(w in low for w in words)


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
    # For a pattern that is one big alternation: given the first character of a start
    # (lowercased, "#" for a digit), a pattern of only the alternatives that can begin with
    # it, in their order. It finds the same match there, without trying the others.
    branches: Callable[[str], re.Pattern[str]] | None = field(
        default=None, compare=False, repr=False
    )
    # (the last text indexed, its starts), one object: texts are scanned one at a time
    _cache: list = field(default_factory=lambda: [None], compare=False, repr=False)
    # the characters an ASCII text can hold: "½" and the like are not looked for there
    _ascii_chars: str = field(init=False, compare=False, repr=False)
    _number: int = field(init=False, compare=False, repr=False)  # see _register

    def __post_init__(self) -> None:
        object.__setattr__(self, "_ascii_chars", "".join(c for c in self.chars if c.isascii()))
        object.__setattr__(self, "_number", _register(self.words))

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
        tokens = _tokens(text, self._number)
        out = tokens.word_starts[self._number].copy()  # in text order
        if self.digits:
            out += tokens.digits(self.digits)
        for ch in self.chars if not tokens.ascii else self._ascii_chars:
            i = text.find(ch)
            while i >= 0:
                out.append(i)
                i = text.find(ch, i + 1)
        out.sort()  # merges the sorted runs
        return out

    def finditer(
        self, text: str, start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        """Non-overlapping matches, leftmost first, as pattern.finditer(text, start, end)."""
        end = len(text) if end is None else end
        pattern, branches = self.pattern, self.branches
        last = start
        for p in self.starts(text, start, end):
            if p < last:
                continue
            if branches is None:
                m = pattern.match(text, p, end)
            else:
                c = text[p]
                m = branches("#" if c.isdigit() else c.lower()).match(text, p, end)
            if m is not None:
                yield m
                last = m.end() if m.end() > p else p + 1

    def search(self, text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        return next(self.finditer(text, start, end), None)
