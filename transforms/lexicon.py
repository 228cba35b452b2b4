"""Load lexicon.yaml once and compile the regular expressions the grammar uses.

The word lists live in YAML so a linguist can read and extend them; this module
only turns them into fast matchers. Nothing here knows about documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

import yaml

from transforms.scanning import StartIndex


def _load_yaml() -> dict[str, Any]:
    text = resources.files("transforms").joinpath("lexicon.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)


def phrase_pattern(phrase: str) -> str:
    """A phrase as a regex: escaped, any run of blanks between words."""
    parts = [re.escape(p) for p in phrase.split()]
    return r"\s+".join(parts)


def alternation(phrases: list[str]) -> str:
    """Longest phrases first so "more than" wins over "more".

    Written as a trie ("more(?:\\s+than|)" for "more\\s+than|more"): Python's `re` tries
    the alternatives of a group one by one, so a flat list of 200 measure units costs 200
    tries wherever it is matched. The trie matches exactly what the flat list matches (see
    _branches), so it is used wherever the flat list was.
    """
    ordered = sorted({p for p in phrases if p}, key=lambda p: (-len(p), p))
    return "|".join(_branches([_pieces(p) for p in ordered]))


_BLANKS = " "  # the piece between two words of a phrase: any run of blanks


def _pieces(phrase: str) -> list[str]:
    """A phrase as the characters of its words, with _BLANKS between words."""
    pieces: list[str] = []
    for word in phrase.split():
        if pieces:
            pieces.append(_BLANKS)
        pieces += word
    return pieces


def _branches(phrases: list[list[str]]) -> list[str]:
    """Regexes for phrases given as pieces, to try in this order, that match as
    "|".join(phrases) does: phrases starting with the same piece share one branch.

    `re` takes the first alternative that lets the whole pattern match. Branches that start
    with different characters never match the same text, so their order does not matter
    (characters that may match alike ignoring case are never split: that node stays flat).
    A phrase that is a prefix of others stays where the list has it among them (after them,
    as longer phrases come first); where the list interleaves them, the node stays flat too.
    """
    by_first: dict[str, list[list[str]]] = {}
    end: int | None = None  # where the first phrase that ends here stands
    for i, pieces in enumerate(phrases):
        if pieces:
            by_first.setdefault(pieces[0], []).append(pieces[1:])
        elif end is None:
            end = i
    firsts = list(by_first)
    before = {p[0] for p in phrases[:end] if p} if end is not None else set(firsts)
    after = {p[0] for p in phrases[end:] if p} if end is not None else set()
    if before & after or any(
        _may_match_alike(a, b) for i, a in enumerate(firsts) for b in firsts[i + 1 :]
    ):
        return ["".join(_regex(piece) for piece in pieces) for pieces in phrases]
    out = [_branch(first, by_first[first]) for first in firsts if first in before]
    if end is not None:
        out.append("")  # the phrase that ends here
    out += [_branch(first, by_first[first]) for first in firsts if first in after]
    return out


def _branch(first: str, rests: list[list[str]]) -> str:
    alternatives = _branches(rests)
    if len(alternatives) == 1:
        return _regex(first) + alternatives[0]
    return _regex(first) + "(?:" + "|".join(alternatives) + ")"


def _regex(piece: str) -> str:
    return r"\s+" if piece == _BLANKS else re.escape(piece)


def _may_match_alike(a: str, b: str) -> bool:
    """Whether some character may match both pieces, ignoring case as `re` does."""
    if a == _BLANKS or b == _BLANKS:
        return False  # words hold no blanks
    if a.isascii() and b.isascii():
        return a.lower() == b.lower()
    return bool(  # "K" (the Kelvin sign) matches "k", "ſ" matches "s", "µ" matches "μ"
        re.fullmatch(re.escape(a), b, re.IGNORECASE)
        or re.fullmatch(re.escape(b), a, re.IGNORECASE)
        or a.casefold() == b.casefold()
    )


_WORD_END = r"(?![A-Za-z0-9])"


@dataclass(frozen=True)
class CountryCurrencies:
    """The countries that share one bare currency word ("shillings") and their codes."""

    cue_re: re.Pattern[str]  # any country word, with its capital letter
    code_of: dict[str, str]  # country word -> ISO code

    def nearest(self, text: str, pos: int, reach: int = 20_000) -> str | None:
        """The code of the country named nearest before pos, else first after it, within
        `reach` characters (a bound, so that a long report full of "pesos" stays linear)."""
        last = None
        for last in self.cue_re.finditer(text, max(0, pos - reach), pos):  # noqa: B007
            pass  # the last one counts
        m = last or self.cue_re.search(text, pos, pos + reach)
        return self.code_of[" ".join(m.group(0).split())] if m else None


@dataclass(frozen=True)
class Lexicon:
    """Compiled view of lexicon.yaml."""

    raw: dict[str, Any]
    scales: dict[str, float]
    ambiguous_scales: frozenset[str]
    vague_multipliers: dict[str, tuple[float, float]]
    fractions: dict[str, float]
    bound_of: dict[str, str]
    currency_symbol: dict[str, str]
    currency_word: dict[str, str]
    currency_country: dict[str, CountryCurrencies]  # bare currency word -> its countries
    rate_denominator: dict[str, str]
    measure: dict[str, tuple[str, str]]
    exact_conversions: dict[str, tuple[str, float]]
    singular_overrides: dict[str, str]
    non_count_heads: frozenset[str]
    noun_phrase_stops: frozenset[str]
    never_head: frozenset[str]
    change_up: frozenset[str]
    change_down: frozenset[str]
    base_periods: dict[str, str]
    months: dict[str, int]
    label_words: frozenset[str]
    abbreviations: frozenset[str]
    # compiled matchers
    scale_re: re.Pattern[str]
    bound_left_re: re.Pattern[str]
    bound_left_last: frozenset[str]  # last words of the bound phrases before a number
    bound_right_re: re.Pattern[str]
    currency_symbol_re: re.Pattern[str]
    currency_word_re: re.Pattern[str]
    currency_after_re: re.Pattern[str]
    dollar_prefix: dict[str, str]
    currency_codes: frozenset[str]  # the ISO 4217 codes the lexicon maps to ("USD", "CNY")
    # what a currency symbol before a number can end with: a sign ("$", "€", "=", ".") or a
    # word ("rmb", "usd", "us" of "$US"); anything else before a number is no symbol
    currency_symbol_ends: frozenset[str]
    currency_symbol_after: dict[str, str]
    percent_re: re.Pattern[str]
    percentage_point_re: re.Pattern[str]
    multiple_re: re.Pattern[str]
    measure_re: re.Pattern[str]
    rate_re: re.Pattern[str]
    change_left_re: re.Pattern[str]
    change_left_last: frozenset[str]  # words change_left_re can end with
    base_period_re: re.Pattern[str]
    target_cue_re: re.Pattern[str]
    nationwide_re: re.Pattern[str]
    target_cues: StartIndex
    nationwide: StartIndex


_HYPHENABLE_RE = re.compile(r"(?:square|cubic|light) [a-z]+")


def _norm_key(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().lower())


def _currency_countries(groups: list[dict[str, Any]]) -> dict[str, CountryCurrencies]:
    out: dict[str, CountryCurrencies] = {}
    for group in groups:
        code_of = {
            " ".join(cue.split()): code for code, cues in group["countries"].items() for cue in cues
        }
        cue_re = re.compile(r"(?<![\w-])(?:" + alternation(list(code_of)) + r")(?![\w-])")
        shared = CountryCurrencies(cue_re, code_of)
        out |= {_norm_key(word): shared for word in group["words"]}
    return out


@cache
def lexicon() -> Lexicon:
    raw = _load_yaml()
    bound_of: dict[str, str] = {}
    for kind, words in raw["bounds"].items():
        for w in words:
            bound_of[_norm_key(w)] = kind
    currency_symbol = dict(raw["currency_symbols"].items())
    currency_word = {_norm_key(k): v for k, v in raw["currency_words"].items()}
    currency_country = _currency_countries(raw["currency_by_country"])
    measure = {_norm_key(k): (v[0], v[1]) for k, v in raw["measure_units"].items()}
    # "a 12,500-square-foot store", "a 5-cubic-metre tank": a unit of two words hyphenated
    measure |= {k.replace(" ", "-"): v for k, v in measure.items() if _HYPHENABLE_RE.fullmatch(k)}
    rate = {_norm_key(k): v for k, v in raw["rate_denominators"].items()}
    after_words = [w for w in bound_of if w.startswith(("or ", "and ")) or w == "plus"]
    change_words = raw["change_up"] + raw["change_down"]
    scale_words = list(raw["scales"])
    # Scale: a word after a blank, or letters glued to the digits ("70M", "$5bn").
    scale_re = re.compile(
        # "-" only before a whole word: "a 2.4-million-euro project", not "5-m"
        r"(?P<sp>\s*|-(?=[a-z]{4}))(?P<scale>" + alternation(scale_words) + r")" + _WORD_END,
        re.IGNORECASE,
    )
    bound_left_re = re.compile(
        r"(?:^|(?<=[^A-Za-z]))(?P<bound>"
        + alternation([w for w in bound_of if w not in after_words])
        + r")\s*$",
        re.IGNORECASE,
    )
    bound_right_re = re.compile(
        r"\s*(?P<bound>" + alternation(after_words) + r")" + _WORD_END, re.IGNORECASE
    )
    # one-letter prefixes ("a", "s") are English words too: only glued to "$" ("A$5")
    glued_prefixes = [p for p in raw["dollar_prefixes"] if len(p) == 1 and p != "c"]
    spaced_prefixes = [p for p in raw["dollar_prefixes"] if p not in glued_prefixes]
    currency_symbol_re = re.compile(
        r"(?:(?<![A-Za-z])(?:(?P<prefix>"
        + alternation(spaced_prefixes)
        + r")\s?"
        + r"|(?P<glued>"
        + alternation(glued_prefixes)
        + r"))(?P<dollar>\$)"
        + r"|(?P<sym>"
        + alternation(list(currency_symbol))
        + r"))\s?$",
        re.IGNORECASE,
    )
    currency_after_re = re.compile(
        r"\s?(?P<sym>" + alternation(list(raw["currency_symbols_after"])) + r")(?![\w$])"
    )
    currency_word_re = re.compile(
        r"(?:\s*|-)(?P<cur>" + alternation(list(currency_word)) + r")" + _WORD_END,
        re.IGNORECASE,
    )
    percent_re = re.compile(
        r"(?P<sp>\s*)(?P<pct>" + alternation(raw["percent_words"]) + r")" + r"(?![A-Za-z])",
        re.IGNORECASE,
    )
    percentage_point_re = re.compile(
        r"\s*(?P<pp>" + alternation(raw["percentage_point_words"]) + r")" + _WORD_END,
        re.IGNORECASE,
    )
    multiple_re = re.compile(r"\s*(?P<mult>times|-fold|fold)" + _WORD_END, re.IGNORECASE)
    measure_re = re.compile(
        r"(?P<sp>\s*|-)(?P<unit>" + alternation(list(measure)) + r")(?![A-Za-z0-9²])", re.IGNORECASE
    )
    rate_re = re.compile(
        # a word apart from the denominator ("a head", not "ahead"); "/" glued ("yuan/mu")
        r"[\s-]*(?:(?:per|a|an|each|every)[\s-]+|/[\s-]*)(?P<den>"
        + alternation(list(rate))
        + r")"
        + _WORD_END
        # not "earlier"/"ago", and not a noun phrase the word begins: "every school day"
        + r"(?!\s+(?:earlier|ago|before|later|after|days?|years?|terms?|semesters?|heads?)\b)"
        # after "per", any noun is a denominator ("2 million yuan per project"): not a
        # determiner ("per the contract"), "per cent" or the first word of a measure
        + r"|[\s-]*per\s+(?P<noun>(?!(?:the|a|an|its|their|this|that|each|cent|se|square|cubic"
        + r"|metric|short|long|linear)\b)[a-z]{3,}(?:-[a-z]+)*)(?![\w-])",
        re.IGNORECASE,
    )
    change_left_re = re.compile(
        r"(?:^|(?<=[^A-Za-z]))(?P<verb>"
        + alternation(change_words)
        + r")(?:\s+(?P<link>by|of|to))?\s+$",
        re.IGNORECASE,
    )
    base_period_re = re.compile(
        r"\s*,?\s*(?P<bp>"
        + alternation(list(raw["base_periods"]))
        + r"|(?:over|from|compared\s+with|compared\s+to|than|against)\s+"
        r"(?:the\s+(?:same\s+period\s+"
        r"(?:of|in)\s+|level\s+(?:of|in)\s+|end\s+of\s+))?(?:\d{4}|last\s+year|the\s+previous\s+year"
        r"|a\s+year\s+(?:earlier|ago)))" + _WORD_END,
        re.IGNORECASE,
    )
    target_cue_re = re.compile(
        r"(?:^|(?<=[^A-Za-z']))(?:" + alternation(raw["target_cues"]) + r")" + _WORD_END,
        re.IGNORECASE,
    )
    nationwide_re = re.compile(
        r"(?i:(?:^|(?<=[^A-Za-z]))(?:"
        + alternation(raw["nationwide_cues"])
        + r")"
        + _WORD_END
        + r"|\bnational\b(?!-level|\s+level))"
        r"|(?<!east\s)(?<!west\s)(?<!north\s)(?<!south\s)(?<!eastern\s)(?<!western\s)"
        r"(?<!central\s)(?<!northeast\s)(?<!northwest\s)(?<!southeast\s)(?<!southwest\s)"
        r"\bChina\b(?!'s\s+[A-Z])"
    )
    return Lexicon(
        raw=raw,
        scales={k.lower(): float(v) for k, v in raw["scales"].items()},
        ambiguous_scales=frozenset(raw["ambiguous_scales"]),
        vague_multipliers={
            k: (float(a), float(b)) for k, (a, b) in raw["vague_multipliers"].items()
        },
        fractions={k: float(v) for k, v in raw["fractions"].items()},
        bound_of=bound_of,
        currency_symbol=currency_symbol,
        currency_word=currency_word,
        currency_country=currency_country,
        rate_denominator=rate,
        measure=measure,
        exact_conversions={
            k: (v[0], float(Fraction(str(v[1])))) for k, v in raw["exact_conversions"].items()
        },
        singular_overrides={k.lower(): v for k, v in raw["singular_overrides"].items()},
        non_count_heads=frozenset(raw["non_count_heads"]),
        noun_phrase_stops=frozenset(raw["noun_phrase_stops"]),
        never_head=frozenset(raw["count_modifiers_never_head"]),
        change_up=frozenset(raw["change_up"]),
        change_down=frozenset(raw["change_down"]),
        base_periods={_norm_key(k): v for k, v in raw["base_periods"].items()},
        months={k: int(v) for k, v in raw["months"].items()},
        label_words=frozenset(raw["label_words"]),
        abbreviations=frozenset(raw["abbreviations"]),
        scale_re=scale_re,
        bound_left_re=bound_left_re,
        bound_left_last=frozenset(w.split()[-1].lower() for w in bound_of if w not in after_words),
        bound_right_re=bound_right_re,
        currency_symbol_re=currency_symbol_re,
        currency_word_re=currency_word_re,
        currency_after_re=currency_after_re,
        dollar_prefix={k.lower(): v for k, v in raw["dollar_prefixes"].items()},
        currency_symbol_ends=frozenset(
            {"$"}
            | {k[-1] for k in currency_symbol if not k[-1].isalpha()}
            | {
                re.search(r"[A-Za-z]+$", k).group().lower()
                for k in currency_symbol
                if k[-1].isalpha()
            }
        ),
        currency_codes=frozenset(
            c
            for c in [
                *currency_word.values(),
                *currency_symbol.values(),
                *(c for cc in currency_country.values() for c in cc.code_of.values()),
            ]
            if len(c) == 3 and c.isupper()
        ),
        currency_symbol_after=dict(raw["currency_symbols_after"]),
        percent_re=percent_re,
        percentage_point_re=percentage_point_re,
        multiple_re=multiple_re,
        measure_re=measure_re,
        rate_re=rate_re,
        change_left_re=change_left_re,
        change_left_last=frozenset(w.lower() for w in change_words) | {"by", "of", "to"},
        base_period_re=base_period_re,
        target_cue_re=target_cue_re,
        nationwide_re=nationwide_re,
        target_cues=StartIndex.of_phrases(
            target_cue_re,
            raw["target_cues"],
            chars="'" if any(c.startswith("'") for c in raw["target_cues"]) else "",
        ),
        nationwide=StartIndex.of_phrases(
            nationwide_re, [*raw["nationwide_cues"], "national", "China"]
        ),
    )
