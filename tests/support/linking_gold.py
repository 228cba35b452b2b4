"""The linking gold (tests/gold/linking.jsonl): one figure per text, labelled with its region
code and indicator. Scores the linker as the pipeline runs it (extract_metrics)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from transforms.extract import extract_metrics
from transforms.models import Document

GOLD = Path(__file__).resolve().parents[1] / "gold" / "linking.jsonl"


@dataclass
class LinkScore:
    lines: int = 0
    found: int = 0
    region_right: int = 0
    region_predicted: int = 0  # non-null predictions
    region_wrong_code: int = 0  # a code, but not the gold one
    indicator_right: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def region_accuracy(self) -> float:
        return self.region_right / self.found if self.found else 0.0

    @property
    def region_precision(self) -> float:
        right = self.region_predicted - self.region_wrong_code
        return right / self.region_predicted if self.region_predicted else 0.0

    @property
    def indicator_accuracy(self) -> float:
        return self.indicator_right / self.found if self.found else 0.0


def _nth(text: str, sub: str, n: int) -> int:
    pos = -1
    for _ in range(n):
        pos = text.find(sub, pos + 1)
    return pos


def score_linking(path: Path = GOLD) -> LinkScore:
    s = LinkScore()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        s.lines += 1
        doc = Document.from_text(g["text"], published_at=dt.date.fromisoformat(g["published_at"]))
        start = _nth(doc.text, g["surface"], g.get("occurrence", 1))
        m = next(
            (m for m in extract_metrics(doc) if m.start == start and m.surface == g["surface"]),
            None,
        )
        if m is None:
            s.errors.append(f"{g['id']} surface not extracted: {g['surface']!r}")
            continue
        s.found += 1
        if m.region_code is not None:
            s.region_predicted += 1
            if m.region_code != g["region_code"]:
                s.region_wrong_code += 1
        if m.region_code == g["region_code"]:
            s.region_right += 1
        else:
            s.errors.append(
                f"{g['id']} region gold={g['region_code']} pred={m.region_code} "
                f"[{g.get('hard_case')}] {g['text'][:150]}"
            )
        if m.indicator_id == g["indicator_id"]:
            s.indicator_right += 1
        else:
            s.errors.append(
                f"{g['id']} indicator gold={g['indicator_id']} pred={m.indicator_id} "
                f"unit={m.unit} | {g['text'][:150]}"
            )
    return s
