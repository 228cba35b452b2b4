"""The lexicon's phrase alternations are written as tries for speed: they must match exactly
what the flat, longest-first list of phrases matches, ignoring case or not."""

from __future__ import annotations

import itertools
import re

import pytest

from transforms.lexicon import alternation, lexicon, phrase_pattern


def _flat(phrases: list[str]) -> str:
    ordered = sorted({p for p in phrases if p}, key=lambda p: (-len(p), p))
    return "|".join(phrase_pattern(p) for p in ordered)


PHRASE_LISTS = [
    ["more than", "more", "less than", "at least", "at most", "about", "a total of about"],
    ["a", "A", "ab", "Ab"],  # case variants: never split apart
    ["x  y", "x y z", "x", "x y"],  # extra blanks make a shorter phrase longer
    ["km", "kilometre", "kilometres", "K", "k", "\u212a", "ſ", "s", "µg", "μg"],
    ["u.s. $", "us$", "$", "£", "元", "per cent", "percent", "pct", "pc", "%"],
]
# the pattern around an alternation in the lexicon: a word end, an end of text, nothing
CONTEXTS = [r"(?:{})(?![A-Za-z0-9])", r"(?:{})\s*$", r"(?P<g>{})"]


def _probes(phrases: list[str]) -> list[str]:
    pieces = [*phrases, " ", "  ", "s", ".", "5", "X"]
    return ["".join(p) for n in (1, 2, 3) for p in itertools.product(pieces, repeat=n)][:20000]


@pytest.mark.parametrize("phrases", PHRASE_LISTS)
@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_alternation_matches_as_the_flat_list(phrases: list[str], flags: int) -> None:
    for context in CONTEXTS:
        flat = re.compile(context.format(_flat(phrases)), flags)
        trie = re.compile(context.format(alternation(phrases)), flags)
        for text in _probes(phrases):
            for pos in range(len(text) + 1):
                a, b = flat.match(text, pos), trie.match(text, pos)
                assert (a and a.span()) == (b and b.span()), (text, pos)


def test_alternation_is_a_trie() -> None:
    assert alternation(["more than", "more", "many"]) == r"m(?:ore(?:\s+than|)|any)"
    assert alternation(["a", "A"]) == "A|a"  # may match alike: left flat


def test_lexicon_units_match() -> None:
    lex = lexicon()
    assert lex.measure_re.match(" kilometres per hour").group("unit") == "kilometres per hour"
    assert lex.bound_left_re.search("rose by more than ").group("bound") == "more than"
