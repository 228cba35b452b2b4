"""A seeded synthetic news corpus with gold metrics, for benchmarks at 1,000 to 100,000 documents.

Document i depends only on (seed, i): a corpus of 1,000 is the prefix of one of 100,000, and
new documents go on top with `start`. Sentences and word lists live in templates.yaml and are
compiled once per process, so a document costs string formatting, not parsing. Random picks
index sequences with `random()` rather than `choice()`: same determinism, a third of the cost.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import html
import io
import itertools
import json
import math
import os
import queue
import random
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from transforms.models import reference_text

TEMPLATES_PATH = Path(__file__).with_name("templates.yaml")
GOLD_NAME = "gold.jsonl"
SHARD_SIZE = 1000
MIN_BYTES, MAX_BYTES = 2048, 5000
# File sizes drawn per document; the longest sentence (< 400 bytes) still fits under MAX_BYTES.
_TARGET_BYTES = (2200, 4500)
_NUMBER_WORDS = (
    *("zero", "one", "two", "three", "four", "five", "six"),
    *("seven", "eight", "nine", "ten", "eleven", "twelve"),
)
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))
_SLOT_RE = re.compile(r"\{(\w+)\}|\[(\w+)(?:\|([^\]]+))?\]")
_DOC_INDEX_RE = re.compile(rb'\{"document": "\d+/doc-(\d+)\.')
_encode_string: Callable[[str], str] = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class CorpusSummary:
    """What one generate_corpus call wrote."""

    count: int
    bytes_written: int  # documents plus their gold lines
    metrics: int  # gold metrics of the documents written
    seconds: float
    start: int = 0
    seed: int = 7

    def __str__(self) -> str:
        rate = self.count / self.seconds if self.seconds else float("inf")
        return (
            f"documents {self.start}..{self.start + self.count - 1} (seed {self.seed}): "
            f"{self.count:,} documents, {self.bytes_written:,} bytes, {self.metrics:,} gold "
            f"metrics in {self.seconds:.2f} s ({rate:,.0f} documents/s)"
        )


# --------------------------------------------------------------------------------------------
# Random picks
# --------------------------------------------------------------------------------------------

Rand = Callable[[], float]


def _pick(seq: Sequence, rnd: Rand) -> Any:
    return seq[int(rnd() * len(seq))]


def _shuffle(items: list, rnd: Rand) -> None:
    """Fisher-Yates with the document's random() (random.shuffle would call getrandbits)."""
    for i in range(len(items) - 1, 0, -1):
        j = int(rnd() * (i + 1))
        items[i], items[j] = items[j], items[i]


@dataclass(frozen=True, slots=True)
class Weighted:
    """Items with weights, picked by one random() and a bisect."""

    items: tuple[str, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, weights: dict[str, float]) -> Weighted:
        return cls(tuple(weights), tuple(itertools.accumulate(weights.values())))

    def pick(self, rnd: Rand) -> str:
        i = bisect.bisect_right(self.cumulative, rnd() * self.cumulative[-1])
        return self.items[min(i, len(self.items) - 1)]


# --------------------------------------------------------------------------------------------
# Gold metrics and places
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class GoldMetric:
    """One figure as an analyst reads it; start indexes the text it was rendered into."""

    start: int
    surface: str
    value: int | float
    unit: str
    bound: str = "exact"
    change: str | None = None
    low: int | float | None = None
    high: int | float | None = None
    equivalent_of: str | None = None
    is_target: bool = False
    template: str = ""  # the sentence that produced it, for audits (not in the gold file)


@dataclass(frozen=True, slots=True)
class Place:
    """A place a story is about, with the words used to name it."""

    code: str
    name: str  # "Dafang County"
    short: str  # "Dafang"
    first: str  # "Dafang County in Bijie City, southwest China's Guizhou Province"
    noun: str  # "county", for "the county"
    level: str  # county | prefecture | province | nation
    dateline: str  # "GUIYANG"
    province: str = ""  # code of its province ("" for the nation)
    appositive: bool = False  # first ends in ", southwest China's ...": a comma closes it


def _place_noun(suffix: str, nouns: dict[str, str]) -> str:
    for end in sorted(nouns, key=len, reverse=True):
        if suffix.endswith(end):
            return nouns[end]
    return "area"


def _load_places(config: dict) -> dict[str, list[Place]]:
    """Provinces, prefectures and rural counties of regions.csv, named the conventional way."""
    rows = list(csv.DictReader(io.StringIO(reference_text("regions.csv") or "")))
    by_code = {r["code"]: r for r in rows}
    provinces: dict[str, list[str]] = config["provinces"]
    nouns = config["place_nouns"]
    suffixes = tuple(config["county_suffixes"])
    places: dict[str, list[Place]] = {"county": [], "prefecture": [], "province": []}
    places["nation"] = [Place("CN", "China", "China", "China", "country", "nation", "BEIJING")]
    for r in rows:
        if r["province_code"] not in provinces or "," in r["name_en"]:
            continue
        city, direction = provinces[r["province_code"]]
        where = f"{direction} China's {by_code[r['province_code']]['name_en']}"
        level, name, suffix = r["level"], r["name_en"], r["suffix_en"]
        if level == "province":
            first, appositive = where, False
        elif level == "prefecture":
            appositive = "Autonomous" in name
            first = f"{name}, {where}" if appositive else f"{name} in {where}"
        elif suffix in suffixes or suffix.endswith(("Autonomous County", "Autonomous Banner")):
            parent = by_code.get(r["parent_code"])
            appositive = bool(parent and parent["level"] == "prefecture")
            above = f"{parent['name_en']}, " if appositive else ""
            first, level = f"{name} in {above}{where}", "county"
        else:
            continue  # urban districts and the like
        noun = _place_noun(suffix, nouns)
        prov = r["province_code"]
        places[level].append(
            Place(r["code"], name, r["core_en"], first, noun, level, city, prov, appositive)
        )
    return places


# --------------------------------------------------------------------------------------------
# Numbers as a reporter writes them
# --------------------------------------------------------------------------------------------


def _round_sig(x: float, sig: int) -> int:
    digits = max(0, int(math.log10(max(x, 1))) + 1 - sig)
    return max(1, round(x / 10**digits)) * 10**digits


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scaled(mantissa: str, size: int) -> int:
    """ "9.6" and a million -> 9600000, exactly (no float rounding)."""
    whole, _, frac = mantissa.partition(".")
    return int(whole + frac) * size // 10 ** len(frac)


_MANTISSA_DECIMALS = ((0,), (0, 0, 1), (0, 1, 1, 2))
_SIGNIFICANT = (2, 3, 3, 4)


def _number(rnd: Rand, v: float, words: float = 0.0) -> tuple[str, int]:
    """ "4,100", "9.6 million", "seven", "two million": the form follows the size, as wires do."""
    if v >= 1e6:
        size, word = next((s, w) for s, w in _SCALES if v >= s)
        mantissa = v / size
        decimals = _pick(_MANTISSA_DECIMALS[(mantissa < 100) + (mantissa < 10)], rnd)
        text = _trim(f"{mantissa:.{decimals}f}")
        if words and text in ("2", "3", "4", "5") and rnd() < words:
            return f"{_NUMBER_WORDS[int(text)]} {word}", int(text) * size
        return f"{text} {word}", _scaled(text, size)
    n = _round_sig(v, _pick(_SIGNIFICANT, rnd))
    if n <= 12 and words and rnd() < words:
        return _NUMBER_WORDS[n], n
    return f"{n:,}", n


def _decimal(v: float, decimals: int) -> tuple[str, int | float]:
    """ "8.2", "92": one decimal at most, no trailing zero."""
    text = _trim(f"{v:.{decimals}f}")
    return text, (float(text) if "." in text else int(text))


# --------------------------------------------------------------------------------------------
# Figures: a slot in a sentence that renders text and the gold metrics inside it
# --------------------------------------------------------------------------------------------

Bound = tuple[str, str]  # (word, bound class); ("", "exact") for none
EXACT: Bound = ("", "exact")


@dataclass(slots=True)
class DocContext:
    """Everything a document's sentences share: its random stream, place, date and style."""

    rnd: Rand
    place: Place
    published: dt.date
    words: dict[str, str]  # fixed for the document: place names, years
    choices: dict[str, Sequence[str]]  # picked anew at every use
    percent_word: str  # " percent" or "%"
    usd_rate: float
    log_factor: float  # log of the level factor that scales counts and amounts
    anchor_ranges: dict[str, tuple[float, float]]
    anchors: dict[str, float]  # drawn at first use, so related figures agree in a story
    previous: float = 0.0  # value of the last figure rendered in the sentence

    def anchor(self, name: str) -> float:
        """The story's level of something ("income"), that several figures derive from."""
        if name not in self.anchors:
            lo, hi = self.anchor_ranges[name]
            self.anchors[name] = math.exp(math.log(lo) + self.rnd() * math.log(hi / lo))
        return self.anchors[name]


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure spec of templates.yaml, resolved for drawing."""

    name: str
    kind: str
    log_lo: float = 0.0
    log_hi: float = 0.0
    lo: float = 0.0
    hi: float = 0.0
    scaled: bool = False
    bound_p: float = 0.0
    bounds: tuple[Bound, ...] = ()
    nouns: tuple[tuple[str, str], ...] = ()  # (words after the number, unit)
    words_p: float = 0.0
    unit: str = ""
    change: str | None = None
    decimals: tuple[int, ...] = (0,)
    points: bool = False
    percent: bool = False
    usd_p: float = 0.0
    after: str = ""  # words after "yuan" that belong to the figure ("per capita", "a month")
    usd_forms: tuple[tuple[str, str, str, str], ...] = ()  # (before, surface, after, bound)
    rate: str = ""  # " per capita", " per month": the rest of the unit
    money: bool = False
    hyphen: bool = False  # "a 56-km expressway"
    of_previous: tuple[float, float] | None = None  # a part of the figure before it
    fractions: tuple[tuple[str, float], ...] = ()
    anchor: str = ""  # derive from the story's anchor of that name ...
    spread: tuple[float, float] = (1.0, 1.0)  # ... times a factor in this range

    def bound(self, rnd: Rand) -> Bound:
        if self.bound_p and rnd() < self.bound_p:
            return _pick(self.bounds, rnd)
        return EXACT

    def draw(self, ctx: DocContext) -> float:
        if self.of_previous:
            lo, hi = self.of_previous
            return ctx.previous * (lo + ctx.rnd() * (hi - lo))
        if self.anchor:
            lo, hi = self.spread
            return ctx.anchor(self.anchor) * (lo + ctx.rnd() * (hi - lo))
        shift = ctx.log_factor if self.scaled else 0.0
        return math.exp(self.log_lo + shift + ctx.rnd() * (self.log_hi - self.log_lo))

    def draw_linear(self, ctx: DocContext) -> float:
        """A share or a rate: uniform in the range, or from an anchor and capped by the range."""
        if self.anchor:
            return min(self.hi, max(self.lo, self.draw(ctx)))
        return self.lo + ctx.rnd() * (self.hi - self.lo)


def _with_bound(word: str, text: str) -> str:
    return f"{word} {text}" if word else text


Rendered = tuple[str, list[GoldMetric]]


def render_count(fig: Figure, ctx: DocContext, bound: Bound) -> Rendered:
    noun, unit = _pick(fig.nouns, ctx.rnd)
    number, value = _number(ctx.rnd, fig.draw(ctx), fig.words_p)
    sep = "-" if fig.hyphen else " "
    text = _with_bound(bound[0], f"{number}{sep}{noun}" if noun else number)
    return text, [GoldMetric(0, text, value, unit, bound[1], fig.change)]


def render_money(fig: Figure, ctx: DocContext, bound: Bound) -> Rendered:
    """ "nearly 2.3 billion yuan (about 320 million U.S. dollars)": one or two metrics."""
    rnd = ctx.rnd
    number, value = _number(rnd, fig.draw(ctx))
    rate = fig.rate
    usd = fig.usd_p and rnd() < fig.usd_p
    if not usd and not rate and value >= 10**6 and rnd() < 0.12:
        amount = f"RMB {number}"
    else:
        amount = f"{number} yuan{fig.after}"
    text = _with_bound(bound[0], amount)
    cny = GoldMetric(0, text, value, "CNY" + rate, bound[1], fig.change)
    if not usd:
        return text, [cny]
    before, form, after, usd_bound = _pick(fig.usd_forms, rnd)
    usd_number, usd_value = _number(rnd, _round_sig(value / ctx.usd_rate, 3))
    surface = form.format(usd_number)
    usd_metric = GoldMetric(len(text) + len(before), surface, usd_value, "USD" + rate, usd_bound)
    usd_metric.equivalent_of = text
    return f"{text}{before}{surface}{after}", [cny, usd_metric]


def render_percent(fig: Figure, ctx: DocContext, bound: Bound) -> Rendered:
    number, value = _decimal(fig.draw_linear(ctx), _pick(fig.decimals, ctx.rnd))
    if fig.points:
        text, unit = f"{number} percentage points", "percentage_point"
    else:
        text, unit = f"{number}{ctx.percent_word}", "percent"
    text = _with_bound(bound[0], text)
    return text, [GoldMetric(0, text, value, unit, bound[1], fig.change)]


def render_fraction(fig: Figure, ctx: DocContext, bound: Bound) -> Rendered:
    surface, value = _pick(fig.fractions, ctx.rnd)
    text = _with_bound(bound[0], surface)
    return text, [GoldMetric(0, text, value, "percent", bound[1])]


def render_multiple(fig: Figure, ctx: DocContext, bound: Bound) -> Rendered:
    number, value = _decimal(fig.draw_linear(ctx), _pick(fig.decimals, ctx.rnd))
    text = _with_bound(bound[0], f"{number} times")
    return text, [GoldMetric(0, text, value, "times", bound[1], "multiple")]


def render_range(fig: Figure, ctx: DocContext, bound: Bound) -> Rendered:
    """ "between 1.1 and 1.3 million rural workers", "5 to 10 percent": value is the low end."""
    rnd = ctx.rnd
    if fig.percent or fig.money:
        low = int(fig.lo + rnd() * (fig.hi - fig.lo))
        high = low + _pick((3, 5, 5, 10) if fig.percent else (2, 5, 10, 20), rnd)
        if fig.percent:
            text, unit = f"{low} to {high}{ctx.percent_word}", "percent"
        else:
            text, unit = f"{low} to {high} yuan{fig.after}", "CNY" + fig.rate
        return text, [GoldMetric(0, text, low, unit, "exact", None, low, high)]
    noun, unit = _pick(fig.nouns, rnd)
    low_v = fig.draw(ctx)
    step = 10 ** math.floor(math.log10(low_v) - 1)  # two significant digits
    low_n = round(low_v / step)
    high_n = low_n + max(1, round(low_n * (0.15 + 0.45 * rnd())))
    if low_v >= 1e6:
        digits = max(0, 7 - int(math.log10(step)) - 1)
        low_t = _trim(f"{low_n * step / 1e6:.{digits}f}")
        high_t = _trim(f"{high_n * step / 1e6:.{digits}f}")
        low, high = _scaled(low_t, 10**6), _scaled(high_t, 10**6)
        numbers = f"{low_t} and {high_t} million"
    else:
        low, high = low_n * step, high_n * step
        numbers = f"{low:,} and {high:,}"
    text = f"between {numbers} {noun}"
    return text, [GoldMetric(0, text, low, unit, "exact", None, low, high)]


_RENDERERS: dict[str, Callable[[Figure, DocContext, Bound], Rendered]] = {
    "count": render_count,
    "measure": render_count,
    "bare": render_count,
    "money": render_money,
    "percent": render_percent,
    "fraction": render_fraction,
    "multiple": render_multiple,
    "range": render_range,
}


def _figure(name: str, spec: dict, config: dict) -> Figure:
    """One spec of templates.yaml as a Figure: word lists turned into tuples, logs precomputed."""
    kind = spec["kind"]
    lo, hi = spec.get("range", (1, 1))
    word_kind = {"fraction": "percent", "bare": "count", "range": "count"}.get(kind, kind)
    bound_words = config["bound_words"].get(word_kind, {})
    bounds = tuple((w, cls) for cls, words in bound_words.items() for w in words)
    if kind == "measure":
        nouns = tuple(spec["units"].items())
    elif kind == "bare":
        nouns = (("", spec["unit"]),)
    else:
        nouns = tuple(spec.get("nouns", {}).items())
    forms = config["usd_or_forms" if spec.get("usd_style") == "or" else "usd_forms"]
    usd_forms = tuple(
        (before, form, after, "approximate" if form.startswith(("about", "around")) else "exact")
        for before, form, after in forms
    )
    rate = " per capita" if spec.get("per_capita") else spec.get("rate", "")
    default_decimals = [1, 1, 0] if kind == "multiple" else [0]
    return Figure(
        name=name,
        kind=kind,
        log_lo=math.log(lo),
        log_hi=math.log(hi),
        lo=lo,
        hi=hi,
        scaled=bool(spec.get("scaled")),
        bound_p=float(spec.get("bound", 0.0)),
        bounds=bounds,
        nouns=nouns,
        words_p=float(spec.get("words", 0.0)),
        unit=spec.get("unit", ""),
        change=spec.get("change"),
        decimals=tuple(spec.get("decimals", default_decimals)),
        points=bool(spec.get("points")),
        percent=bool(spec.get("percent")),
        usd_p=float(spec.get("usd", 0.0)),
        after=f" {spec['after']}" if spec.get("after") else "",
        usd_forms=usd_forms,
        rate=f" {rate.strip()}" if rate else "",
        money=bool(spec.get("money")),
        hyphen=bool(spec.get("hyphen")),
        of_previous=tuple(spec["of_previous"]) if spec.get("of_previous") else None,
        fractions=tuple(config["fractions"].items()),
        anchor=spec.get("anchor", ""),
        spread=tuple(spec.get("spread", (1.0, 1.0))),
    )


# --------------------------------------------------------------------------------------------
# Templates compiled once
# --------------------------------------------------------------------------------------------

_LIT, _WORD, _CHOICE, _FIG, _PLACE = 0, 1, 2, 3, 4
# Words fixed for a whole document; any other {name} is picked anew at each use.
DOC_WORDS = frozenset({"place", "short", "prev_year", "pub_year"})


@dataclass(frozen=True, slots=True)
class Template:
    """A sentence split into literal text, word slots and figure slots."""

    key: str
    # (_LIT, text, _), (_WORD or _CHOICE, name, _), (_PLACE, name, comma follows),
    # (_FIG, figure, fixed bound or None)
    parts: tuple[tuple[int, Any, Any], ...]
    target: bool = False
    levels: frozenset[str] | None = None
    constant: str | None = None  # a sentence without slots, ready as it is


@dataclass(frozen=True, slots=True)
class Pool:
    """The sentences of one topic that suit a place level."""

    facts: tuple[Template, ...]
    background: tuple[Template, ...]
    targets: tuple[Template, ...]

    def kind(self, name: str) -> tuple[Template, ...]:
        return getattr(self, name)


@dataclass(frozen=True, slots=True)
class Tables:
    """templates.yaml compiled: what every document draws from."""

    config: dict[str, Any]
    places: dict[str, list[Place]]
    leads: dict[str, tuple[Template, ...]]  # level -> opening sentences
    closings: tuple[Template, ...]
    titles: tuple[Template, ...]
    pools: dict[str, dict[str, Pool]]  # level -> topic -> sentences
    word_lists: dict[str, tuple[str, ...]]
    nation_words: dict[str, tuple[str, ...]]  # word lists that differ in national stories
    anchors: dict[str, tuple[float, float]]
    partners_except: dict[str, tuple[str, ...]]  # province code -> partners from elsewhere
    formats: Weighted
    levels: Weighted
    kinds: Weighted


def _compile(key: str, entry: str | dict, figures: dict, bounds: dict, target: bool) -> Template:
    text, levels = (entry, None) if isinstance(entry, str) else (entry["t"], entry.get("levels"))
    parts: list[tuple[int, Any, Any]] = []
    pos = 0
    for m in _SLOT_RE.finditer(text):
        if m.start() > pos:
            parts.append((_LIT, text[pos : m.start()], None))
        if m.group(1) == "PLACE":  # an appositive needs its closing comma unless one follows
            parts.append((_PLACE, m.group(1), text.startswith(",", m.end())))
        elif m.group(1):
            parts.append((_WORD if m.group(1) in DOC_WORDS else _CHOICE, m.group(1), None))
        else:
            fixed = m.group(3)
            bound = ("" if fixed == "exact" else fixed, bounds[fixed]) if fixed else None
            parts.append((_FIG, figures[m.group(2)], bound))
        pos = m.end()
    if pos < len(text):
        parts.append((_LIT, text[pos:], None))
    constant = text[0].upper() + text[1:] if len(parts) == 1 and parts[0][0] == _LIT else None
    return Template(key, tuple(parts), target, frozenset(levels) if levels else None, constant)


@lru_cache(maxsize=2)
def load_tables(path: Path = TEMPLATES_PATH) -> Tables:
    """Parse and compile templates.yaml (and the places of regions.csv) once per process."""
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    figures = {name: _figure(name, spec, config) for name, spec in config["figures"].items()}
    bounds = {
        w: cls for kinds in config["bound_words"].values() for cls, ws in kinds.items() for w in ws
    }
    bounds.update(config["fixed_bounds"])

    def many(prefix: str, entries: list, target: bool = False) -> tuple[Template, ...]:
        return tuple(
            _compile(f"{prefix}.{i}", e, figures, bounds, target) for i, e in enumerate(entries)
        )

    topics = {
        name: (
            many(f"{name}.facts", t.get("facts", [])),
            many(f"{name}.background", t.get("background", [])),
            many(f"{name}.targets", t.get("targets", []), target=True),
        )
        for name, t in config["topics"].items()
    }
    pools = {
        level: {
            name: Pool(
                *(tuple(t for t in ts if t.levels is None or level in t.levels) for ts in kinds)
            )
            for name, kinds in topics.items()
        }
        for level in config["levels"]
    }
    leads = many("leads", config["leads"])
    return Tables(
        config=config,
        places=_load_places(config),
        leads={
            level: tuple(t for t in leads if t.levels is None or level in t.levels)
            for level in config["levels"]
        },
        closings=many("closings", config["closings"]),
        titles=many("titles", config["titles"]),
        pools=pools,
        formats=Weighted.of(config["formats"]),
        levels=Weighted.of(config["levels"]),
        kinds=Weighted.of(config["sentence_kinds"]),
        word_lists={k: tuple(str(x) for x in v) for k, v in config["words"].items()},
        nation_words={k: tuple(str(x) for x in v) for k, v in config["nation_words"].items()},
        anchors={k: (float(lo), float(hi)) for k, (lo, hi) in config["anchors"].items()},
        partners_except={
            code: tuple(name for p, name in config["partners"].items() if p != code)
            for code in ["", *config["partners"]]
        },
    )


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------


def _render(tpl: Template, ctx: DocContext) -> Rendered:
    """One sentence; metrics' starts index the sentence. The first letter is capitalised.

    A plan's figures take no random bound word ("plans to build nearly 40 schools" reads oddly);
    a bound the template fixes ("[share|at least]") stays.
    """
    if tpl.constant is not None:
        return tpl.constant, []
    out: list[str] = []
    metrics: list[GoldMetric] = []
    pos = 0
    for code, item, fixed in tpl.parts:
        if code == _LIT:
            piece = item
        elif code == _WORD:
            piece = ctx.words[item]
        elif code == _CHOICE:
            seq = ctx.choices[item]
            piece = seq[int(ctx.rnd() * len(seq))]
        elif code == _PLACE:
            place = ctx.place
            piece = place.first + ("," if place.appositive and not fixed else "")
        else:
            bound = fixed or (EXACT if tpl.target else item.bound(ctx.rnd))
            piece, found = _RENDERERS[item.kind](item, ctx, bound)
            for m in found:
                m.start += pos
                m.is_target = tpl.target
                m.template = tpl.key
                if m.unit == "@previous":  # "including 13,500 who": the unit just counted
                    m.unit = metrics[-1].unit
            metrics.extend(found)
            ctx.previous = float(found[0].value)
        out.append(piece)
        pos += len(piece)
    text = "".join(out)
    if text[:1].islower():
        text = text[0].upper() + text[1:]
        for m in metrics:
            if m.start == 0:
                _rename(metrics, m, text[: len(m.surface)])
    return text, metrics


def _rename(metrics: list[GoldMetric], metric: GoldMetric, surface: str) -> None:
    for other in metrics:
        if other.equivalent_of == metric.surface:
            other.equivalent_of = surface
    metric.surface = surface


def _context(tables: Tables, rng: random.Random) -> DocContext:
    """The story's place, date and house style, drawn first: every sentence depends on them."""
    cfg = tables.config
    rnd = rng.random
    level = tables.levels.pick(rnd)
    place = _pick(tables.places[level], rnd)
    year = _pick(cfg["publication_years"], rnd)
    published = dt.date(year, 1, 1) + dt.timedelta(days=int(rnd() * 365))
    words = {
        "place": place.name,
        "short": place.short,
        "prev_year": str(year - 1),
        "pub_year": str(year),
    }
    choices: dict[str, Sequence[str]] = dict(tables.word_lists)
    if level == "nation":
        choices.update(tables.nation_words)
    # "the county" mostly, its name now and then, as a reporter varies it
    the = f"the {place.noun}"
    choices["the_place"] = (the, the, the, place.name)
    choices["the_places"] = (f"{the}'s", f"{the}'s", f"{the}'s", f"{place.name}'s")
    choices["partner"] = tables.partners_except.get(place.province, tables.partners_except[""])
    choices["past_year"] = (str(year - 1), str(year - 1), str(year - 2))
    choices["since_year"] = tuple(str(y) for y in cfg["since_years"] if y < year - 1)
    choices["base_year"] = tuple(str(y) for y in cfg["base_years"])
    choices["target_year"] = tuple(str(y) for y in cfg["target_years"] if y > year)
    pct = "%" if rnd() < cfg["percent_sign_share"] else " percent"
    log_factor = math.log(cfg["level_factor"][level])
    rate = cfg["usd_rates"][year]
    return DocContext(
        rnd, place, published, words, choices, pct, rate, log_factor, tables.anchors, {}
    )


# --------------------------------------------------------------------------------------------
# One document
# --------------------------------------------------------------------------------------------


class _Body:
    """Paragraphs being written, with the gold metrics placed in their joined text."""

    def __init__(self) -> None:
        self.paragraphs: list[list[str]] = []
        self.metrics: list[GoldMetric] = []
        self.size = 0  # characters of "\n\n".join(paragraphs)

    def new_paragraph(self) -> None:
        if self.paragraphs:
            self.size += 2
        self.paragraphs.append([])

    def add(self, text: str, metrics: list[GoldMetric]) -> None:
        if self.paragraphs[-1]:
            self.size += 1  # the space between sentences
        for m in metrics:
            m.start += self.size
        self.paragraphs[-1].append(text)
        self.metrics.extend(metrics)
        self.size += len(text)

    def heading(self, text: str) -> None:
        """A Markdown heading before the paragraph just begun (which is still empty)."""
        self.paragraphs[-1].append(text)
        self.size += len(text)
        self.new_paragraph()

    def texts(self) -> list[str]:
        return [" ".join(p) for p in self.paragraphs]


def _next_sentence(pool: Pool, used: set[str], kinds: Weighted, rnd: Rand) -> Template | None:
    """A sentence of the topic not used yet in this document, of a randomly drawn kind."""
    first = kinds.pick(rnd)
    for kind in (first, "facts", "background", "targets"):
        candidates = pool.kind(kind)
        if not candidates:
            continue
        for _ in range(3):
            tpl = _pick(candidates, rnd)
            if tpl.key not in used:
                used.add(tpl.key)
                return tpl
        for tpl in candidates:
            if tpl.key not in used:
                used.add(tpl.key)
                return tpl
    return None


def _dateline(ctx: DocContext, months: list[str], with_year: bool) -> str:
    d = ctx.published
    year = f", {d.year}" if with_year else ""
    return f"{ctx.place.dateline}, {months[d.month - 1]} {d.day}{year} (Xinhua) -- "


def _lead(tables: Tables, ctx: DocContext, fmt: str) -> Rendered:
    """The dateline (with the year in plain text, where nothing else dates the story) and lead."""
    text, metrics = _render(_pick(tables.leads[ctx.place.level], ctx.rnd), ctx)
    if fmt == "txt" or ctx.rnd() < 0.7:
        dateline = _dateline(ctx, tables.config["months"], with_year=fmt == "txt")
        for m in metrics:
            m.start += len(dateline)
        text = dateline + text
    return text, metrics


def _write_body(tables: Tables, ctx: DocContext, fmt: str, overhead: int) -> _Body:
    """Dateline and lead, then topic paragraphs until the file reaches its drawn size."""
    rnd = ctx.rnd
    body = _Body()
    body.new_paragraph()
    body.add(*_lead(tables, ctx, fmt))
    # the file must reach `target` bytes: body, wrapper and the markup of each paragraph
    target = _TARGET_BYTES[0] + int(rnd() * (_TARGET_BYTES[1] - _TARGET_BYTES[0])) - overhead
    per_paragraph = len("    <p></p>\n") - 2 if fmt == "html" else 0

    def file_size() -> int:  # less the constant overhead
        return body.size + per_paragraph * len(body.paragraphs)

    pools = tables.pools[ctx.place.level]
    used: set[str] = set()
    queue: list[str] = []
    headings = list(tables.config["headings"]) if fmt == "md" else []
    empty = 0  # paragraphs in a row that found no unused sentence
    while file_size() < target and empty <= len(pools):
        if not queue:
            queue = list(pools)
            _shuffle(queue, rnd)
        pool = pools[queue.pop()]
        body.new_paragraph()
        for i in range(2 if rnd() < 0.67 else 3):
            tpl = _next_sentence(pool, used, tables.kinds, rnd) if file_size() < target else None
            if tpl is None:
                break
            if i == 0 and headings and len(body.paragraphs) > 3 and rnd() < 0.25:
                body.heading(f"## {headings.pop(int(rnd() * len(headings)))}")
            body.add(*_render(tpl, ctx))
        empty = 0 if body.paragraphs[-1] else empty + 1
        if not body.paragraphs[-1]:
            body.paragraphs.pop()
            body.size -= 2
    closing = _render(_pick(tables.closings, rnd), ctx)
    if rnd() < 0.5 and overhead + file_size() + len(closing[0]) + 16 < MAX_BYTES - 30:
        body.new_paragraph()
        body.add(*closing)
    return body


def _wrap(fmt: str, paragraphs: list[str], title: str, date: str, nav: list[str]) -> str:
    """The file text in its format: plain text, Markdown with front matter, or an article page."""
    if fmt == "txt":
        return "\n\n".join(paragraphs) + "\n"
    if fmt == "md":
        return f'---\ntitle: "{title}"\ndate: {date}\n---\n\n' + "\n\n".join(paragraphs) + "\n"
    links = "".join(
        f'      <li><a href="/{w.lower().replace(" ", "-")}">{w}</a></li>\n' for w in nav
    )
    ps = "".join(f"    <p>{html.escape(p, quote=False)}</p>\n" for p in paragraphs)
    esc = html.escape(title)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta charset="utf-8">\n'
        f"  <title>{esc} - RuralPulse Synthetic News</title>\n"
        f'  <meta name="date" content="{date}">\n</head>\n<body>\n  <nav>\n    <ul>\n{links}'
        f"    </ul>\n  </nav>\n  <article>\n    <h1>{esc}</h1>\n{ps}  </article>\n"
        "  <footer>\n    <p>RuralPulse Synthetic News. All rights reserved.</p>\n"
        "  </footer>\n</body>\n</html>\n"
    )


@dataclass(slots=True)
class GeneratedDoc:
    """A rendered document: its relative path, file bytes and gold."""

    index: int
    path: str  # "0000/doc-0000042.txt"
    data: bytes
    published: dt.date
    place: Place
    metrics: list[GoldMetric]  # start indexes `text`
    text: str  # the article as the readers should clean it, less any headline

    def gold_line(self) -> str:
        """The gold.jsonl line: metrics placed by surface and occurrence, as in the sample gold.

        Written field by field (the same text json.dumps gives): a third of the cost, and the
        gold of 100,000 documents holds three million metrics.
        """
        region = _json(self.place.code)
        plain_tail = (  # most metrics: no restatement, range or change
            f'"equivalent_of": null, "low": null, "high": null, "change": null, '
            f'"region_code": {region}}}'
        )
        rows = ", ".join(
            f'{{"surface": {_encode_string(m.surface)}, '
            f'"occurrence": {_occurrence(self.text, m.surface, m.start)}, '
            f'"value": {m.value!r}, "unit": {_encode_string(m.unit)}, "bound": "{m.bound}", '
            f'"is_target": {"true" if m.is_target else "false"}, '
            + (
                plain_tail
                if m.equivalent_of is None and m.low is None and m.change is None
                else f'"equivalent_of": {_json(m.equivalent_of)}, "low": {_json(m.low)}, '
                f'"high": {_json(m.high)}, "change": {_json(m.change)}, "region_code": {region}}}'
            )
            for m in self.metrics
        )
        return (
            f'{{"document": "{self.path}", "published_at": "{self.published.isoformat()}", '
            f'"metrics": [{rows}]}}\n'
        )


def _json(value: str | float | None) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return _encode_string(value)
    return repr(value)


def _occurrence(text: str, surface: str, start: int) -> int:
    """Which occurrence of surface starts at `start`, counting overlaps as the gold placer does."""
    n, pos = 0, -1
    while True:
        pos = text.find(surface, pos + 1)
        n += 1
        if pos >= start or pos < 0:
            return n


def build_document(tables: Tables, seed: int, index: int) -> GeneratedDoc:
    """Document `index` of the corpus of `seed`; it depends on nothing else."""
    rng = random.Random(f"{seed}:{index}")
    ctx = _context(tables, rng)
    fmt = tables.formats.pick(ctx.rnd)
    title = _render(_pick(tables.titles, ctx.rnd), ctx)[0] if fmt != "txt" else ""
    date, nav = ctx.published.isoformat(), tables.config["nav"]
    body = _write_body(tables, ctx, fmt, len(_wrap(fmt, [], title, date, nav).encode()))
    paragraphs = body.texts()
    data = _wrap(fmt, paragraphs, title, date, nav).encode("utf-8")
    if any(p.startswith("## ") for p in paragraphs):  # Markdown headings lose their markup
        _drop_heading_marks(body.metrics, paragraphs)
        paragraphs = [p.removeprefix("## ") for p in paragraphs]
    path = f"{index // SHARD_SIZE:04d}/doc-{index:07d}.{fmt}"
    text = "\n\n".join(paragraphs)
    return GeneratedDoc(index, path, data, ctx.published, ctx.place, body.metrics, text)


def _drop_heading_marks(metrics: list[GoldMetric], paragraphs: list[str]) -> None:
    """Shift offsets left by the 3 characters of every "## " before them."""
    cuts, pos = [], 0
    for p in paragraphs:
        if p.startswith("## "):
            cuts.append(pos)
        pos += len(p) + 2
    for m in metrics:
        m.start -= 3 * bisect.bisect_left(cuts, m.start)


# --------------------------------------------------------------------------------------------
# The corpus on disk
# --------------------------------------------------------------------------------------------


def iter_documents(count: int, *, seed: int = 7, start: int = 0) -> Iterator[GeneratedDoc]:
    """Documents start .. start+count-1 in memory, for tests and audits."""
    tables = load_tables()
    for i in range(start, start + count):
        yield build_document(tables, seed, i)


def generate_corpus(out_dir: Path, count: int, *, seed: int = 7, start: int = 0) -> CorpusSummary:
    """Write documents start .. start+count-1 under out_dir and their lines in gold.jsonl.

    Files are sharded by thousands (0000/doc-0000042.txt). gold.jsonl stays sorted by document
    number: lines of documents outside the new range are kept, those inside are replaced, so a
    re-run with the same arguments leaves every file byte-identical.
    """
    if count < 0 or start < 0:
        raise ValueError("count and start must not be negative")
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = load_tables()
    gold_path = out_dir / GOLD_NAME
    mode = _gold_mode(gold_path, start, start + count)
    target = gold_path.with_name(GOLD_NAME + ".new") if mode == "merge" else gold_path
    written = metrics = 0
    with (
        open(target, "a" if mode == "append" else "w", encoding="ascii", newline="\n") as gold,
        _FileWriter() as files,
    ):
        for i in range(start, start + count):
            doc = build_document(tables, seed, i)
            if i == start or i % SHARD_SIZE == 0:
                os.makedirs(os.path.join(out_dir, doc.path[:4]), exist_ok=True)
            files.put(os.path.join(out_dir, doc.path), doc.data)
            line = doc.gold_line()
            gold.write(line)
            written += len(doc.data) + len(line)
            metrics += len(doc.metrics)
    if mode == "merge":
        _merge_gold(gold_path, target, start, start + count)
    return CorpusSummary(count, written, metrics, time.perf_counter() - started, start, seed)


class _FileWriter:
    """Writes the document files from a second thread.

    Creating a file is kernel work (on a busy ext4 volume up to a millisecond) that releases
    the GIL, so it overlaps with generating the next documents instead of adding to it.
    """

    _FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)

    def __init__(self, backlog: int = 512) -> None:
        self._queue: queue.Queue[tuple[str, bytes] | None] = queue.Queue(backlog)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="synthetic-writer", daemon=True)

    def __enter__(self) -> _FileWriter:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None and exc[0] is None:
            raise self._error

    def put(self, path: str, data: bytes) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put((path, data))

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is None:
                try:
                    fd = os.open(item[0], self._FLAGS, 0o644)
                    try:
                        os.write(fd, item[1])
                    finally:
                        os.close(fd)
                except OSError as exc:  # reported by the next put() or at exit
                    self._error = exc


def _line_index(line: bytes) -> int:
    m = _DOC_INDEX_RE.match(line)
    if not m:
        raise ValueError(f"not a synthetic gold line: {line[:80]!r}")
    return int(m.group(1))


def _edge_indices(path: Path) -> tuple[int, int] | None:
    """Document numbers of the first and last lines of a sorted gold file (None if empty)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    with path.open("rb") as f:
        first = f.readline()
        size = f.seek(0, os.SEEK_END)
        chunk = 1 << 16
        while True:
            f.seek(max(0, size - chunk))
            lines = f.read().rstrip(b"\n").rsplit(b"\n", 1)
            if len(lines) == 2 or chunk >= size:
                break
            chunk *= 4
    return _line_index(first), _line_index(lines[-1])


def _gold_mode(path: Path, start: int, stop: int) -> str:
    """write (new file, or every old line replaced), append (all new documents come after), or
    merge (the new range overlaps the old lines)."""
    edges = _edge_indices(path)
    if edges is None or (edges[0] >= start and edges[1] < stop):
        return "write"
    if edges[1] < start:
        return "append"
    return "merge"


def _merge_gold(path: Path, new: Path, start: int, stop: int) -> None:
    """Old lines outside [start, stop) and the new ones, in document order, replace the file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gold-")
    with path.open("rb") as old_f, new.open("rb") as new_f, os.fdopen(fd, "wb") as out:
        old = (line for line in old_f if not start <= _line_index(line) < stop)
        pending = next(old, None)
        for line in new_f:
            index = _line_index(line)
            while pending is not None and _line_index(pending) < index:
                out.write(pending)
                pending = next(old, None)
            out.write(line)
        while pending is not None:
            out.write(pending)
            pending = next(old, None)
    os.replace(tmp, path)
    new.unlink()
