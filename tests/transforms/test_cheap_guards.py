"""The cheap tests that skip a regex (scanning.may_end_in / may_contain, the label endings) are
a speed-up only: they list words their regex needs, so an edit to a regex that its list does not
follow would silently drop readings. This reads every own-gold text with the guards and with
them all answering "maybe", and requires the same metrics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import transforms.extract as extract_module
import transforms.quantities as quantities_module
from transforms.extract import extract_metrics
from transforms.models import Document

GOLD = Path(__file__).resolve().parents[1] / "gold"


def _texts() -> list[str]:
    texts = []
    for path in sorted(GOLD.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            if "text" in rec:
                texts.append(rec["text"])
    return texts


def _readings(texts: list[str]) -> list[list[tuple]]:
    out = []
    for text in texts:
        metrics = extract_metrics(Document.from_text(text))
        out.append(
            [(m.start, m.end, m.value, m.unit, m.bound, m.change, m.is_target) for m in metrics]
        )
    return out


def test_the_guards_never_change_a_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    assert len(texts) > 400
    guarded = _readings(texts)
    always = lambda *_args, **_kwargs: True  # noqa: E731 - every guard answers "maybe"
    monkeypatch.setattr(quantities_module, "may_end_in", always)
    monkeypatch.setattr(quantities_module, "may_contain", always)
    monkeypatch.setattr(extract_module, "may_contain", always)
    every_ending = type("Every", (), {"__contains__": lambda self, item: True})()
    monkeypatch.setattr(quantities_module, "_label_endings", lambda: every_ending)
    assert _readings(texts) == guarded
