"""StartIndex must find exactly what the plain regex finds, on real text, for every pattern
the grammar indexes (a start word missing from an index would silently drop matches)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sources.inbox import read_inbox, sample_corpus_dir
from transforms import periods, quantities
from transforms.lexicon import lexicon
from transforms.scanning import StartIndex, first_token

SHARED = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "quantities"
EXTRA = [
    "Between 2016 and 2020, some 9.6 million people were relocated; by the end of 2025 it will "
    "be over two-thirds, up threefold.",
    "Call +86 (10) 6512 3456 or 010-12345678 at 10:30, see https://x.cn/a?b=1 and www.gov.cn.",
    "The 14th Five-Year Plan (2021-2025) aims to raise .5 percent; 3/4 of the workers; 1e308.",
    "In the first three quarters of this year, so far this year, as of now, a year ago, "
    "the nation's State Council and Ministry of Finance said China's nationwide effort grew.",
    "We'll reach 'll targets; they plan to, aim to and are expected to hit 2-1 at home.",
    # phone numbers whose leftmost match starts inside a digit run
    "Dial 12345 678 9012, 1234567-890-1234 or 9876543)-123-4567 today.",
]


def _texts() -> list[str]:
    texts = [d.text for d in read_inbox([sample_corpus_dir()]).documents] + EXTRA
    for path in sorted(SHARED.glob("*/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if isinstance(row.get("text"), str):
                texts.append(row["text"])
    return texts


INDEXES = {
    "number": quantities._NUMBER_STARTS,
    "excluded": quantities._EXCLUDED_STARTS,
    "period": periods._PERIOD_STARTS,
    "target_cues": lexicon().target_cues,
    "nationwide": lexicon().nationwide,
}


@pytest.mark.parametrize("name", sorted(INDEXES))
def test_index_finds_what_the_regex_finds(name: str) -> None:
    index: StartIndex = INDEXES[name]
    texts = _texts()
    assert len(texts) > 1000
    found = 0
    for text in texts:
        want = [(m.start(), m.end()) for m in index.pattern.finditer(text)]
        got = [(m.start(), m.end()) for m in index.finditer(text)]
        assert got == want, text
        found += len(want)
        # a window inside the text, as the grammar scans one sentence at a time
        mid = len(text) // 3
        want = [(m.start(), m.end()) for m in index.pattern.finditer(text, mid, 2 * mid)]
        got = [(m.start(), m.end()) for m in index.finditer(text, mid, 2 * mid)]
        assert got == want, text
    assert found > 0


def test_first_token() -> None:
    assert first_token("Ministry of") == "ministry"
    assert first_token("'ll") == "ll"
    assert first_token("5G") == "g"


def test_excluded_spans_prefilter_loses_nothing() -> None:
    """excluded_spans skips texts without any mark an excluded form needs; on every text it
    must give what the whole regex gives."""
    texts = [
        *_texts(),
        "Call 3 pm, 10:30 a.m., 7p.m.; 10^9, 2 ** 8, 1E9, +44 20 7946, 2-1 win, 12/05/2021.",
        "mail li@gov.cn; see http://a.b; www.c.d; (010) 1234-5678; 1999-01-02.",
    ]
    for text in texts:
        want = [(m.start(), m.end()) for m in quantities._EXCLUDED_SPANS_RE.finditer(text)]
        assert quantities.excluded_spans(text) == want, text
