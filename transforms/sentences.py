"""Split clean text into sentences with offsets, without breaking on "U.S." or "Nov."."""

from __future__ import annotations

import re
from collections.abc import Iterator

from transforms.lexicon import lexicon

# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) and
# blanks, before something that can start a sentence; or at a line break. A match starts
# at the mark or the first line break, so `re` skips from one such character to the next
# instead of trying the pattern everywhere; the break between sentences follows the mark.
_BOUNDARY = re.compile(r"[.!?\n](?:(?<=[.!?])[\"'”’)\]]?\s+(?=[\"'“‘(\[]?[A-Z0-9])|(?<=\n)\n*)")
_LAST_WORD = re.compile(r"(\S+)$")


MAX_SENTENCE_CHARS = 1500


def split_sentences(text: str, max_chars: int = MAX_SENTENCE_CHARS) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each sentence; blanks between sentences belong to none.

    A "sentence" longer than max_chars (a table flattened to text, a list of thousands of
    figures) is cut at clause breaks, so the work per sentence stays bounded.
    """
    for start, end in _sentences(text):
        if end - start <= max_chars:
            yield start, end
        else:
            yield from _chunks(text, start, end, max_chars)


def _chunks(text: str, start: int, end: int, max_chars: int) -> Iterator[tuple[int, int]]:
    while end - start > max_chars:
        window = text[start : start + max_chars]
        cut = max(window.rfind("; "), window.rfind(", "))
        if cut <= 0:
            cut = window.rfind(" ")
        cut = start + (cut + 1 if cut > 0 else max_chars)
        piece_end = _trim_end(text, start, cut)
        if piece_end > start:
            yield start, piece_end
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    abbreviations = lexicon().abbreviations
    start = 0
    for m in _BOUNDARY.finditer(text):
        gap_start = m.start() if text[m.start()] == "\n" else m.start() + 1  # after the mark
        gap = text[gap_start : m.end()]
        if gap[0] != "\n":
            last = _LAST_WORD.search(text, start, gap_start)
            word = last.group(1).lower() if last else ""
            if word in abbreviations or re.fullmatch(r"(?:[a-z]\.)+", word):
                continue
        end = gap_start + len(gap) - len(gap.lstrip("\"'”’)]"))
        end = _trim_end(text, start, end)
        if end > start:
            yield start, end
        start = m.end()
    end = _trim_end(text, start, len(text))
    if end > start:
        yield start, end


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
