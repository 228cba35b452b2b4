"""The sample corpus gold: load it, place each surface in the cleaned text, score predictions."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from sources.inbox import read_file, sample_corpus_dir
from transforms.models import Document

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold" / "sample_corpus"
FIELDS = (
    "value",
    "unit",
    "bound",
    "is_target",
    "equivalent_of",
    "change",
    "low",
    "high",
    "region_code",
)


@dataclass
class GoldDoc:
    document: Document
    metrics: list[dict]  # gold metrics with start/end placed in document.text


def _place(text: str, surface: str, occurrence: int) -> tuple[int, int]:
    pos = -1
    for _ in range(occurrence):
        pos = text.find(surface, pos + 1)
        if pos < 0:
            raise ValueError(f"gold surface {surface!r} (occurrence {occurrence}) not in text")
    return pos, pos + len(surface)


def load_gold() -> list[GoldDoc]:
    corpus = sample_corpus_dir()
    out = []
    for gold_file in sorted(GOLD_DIR.glob("*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        doc = read_file(
            corpus / gold["document"],
            corpus,
            source="sample",
            today=dt.date.today(),
            fetched_at=dt.datetime.now(dt.UTC),
        )
        if not isinstance(doc, Document):
            raise ValueError(f"{gold['document']}: {doc.error}")
        metrics = []
        for g in gold["metrics"]:
            start, end = _place(doc.text, g["surface"], g.get("occurrence", 1))
            metrics.append({**g, "start": start, "end": end})
        by_surface = {m["surface"]: m["start"] for m in metrics}
        for m in metrics:
            if m.get("equivalent_of"):
                m["equivalent_of"] = by_surface[m["equivalent_of"]]
        out.append(GoldDoc(doc, metrics))
    return out


POLICY_NEWS = Path(__file__).resolve().parents[1] / "gold" / "policy_news.jsonl"
POLICY_NEWS_PUBLISHED = dt.date(2023, 11, 22)


def load_policy_news(path: Path = POLICY_NEWS) -> list[GoldDoc]:
    """Short policy-news paragraphs with offsets (written apart from the extractor's code)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        doc = Document.from_text(
            rec["text"], source_uri=rec["id"], published_at=POLICY_NEWS_PUBLISHED
        )
        if doc.text != rec["text"]:
            raise ValueError(f"{rec['id']}: text changes when cleaned; offsets would move")
        out.append(GoldDoc(doc, rec["quantities"]))
    return out


def _same(field_name: str, gold: object, pred: object) -> bool:
    if field_name in ("value", "low", "high"):
        if gold is None or pred is None:
            return gold is None and pred is None
        g, p = float(gold), float(pred)
        return math.isclose(g, p, rel_tol=1e-6, abs_tol=1e-9)
    if field_name == "is_target":
        return bool(gold) == bool(pred)
    return (gold or None) == (pred or None)


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0  # same span
    field_agree: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    def agreement(self, name: str) -> float:
        return self.field_agree[name] / self.matched if self.matched else 0.0


def score(gold_docs: list[GoldDoc], predict) -> Score:
    """predict(document) -> list of Metric; a match is the same (start, end) span."""
    s = Score()
    for gd in gold_docs:
        preds = {(m.start, m.end): m for m in predict(gd.document)}
        golds = {(g["start"], g["end"]): g for g in gd.metrics}
        s.gold += len(golds)
        s.predicted += len(preds)
        name = Path(gd.document.source_uri).name
        for span, g in golds.items():
            p = preds.get(span)
            if p is None:
                s.misses.append(f"{name}: {g['surface']!r}")
                continue
            s.matched += 1
            for f in FIELDS:
                if _same(f, g.get(f), getattr(p, f)):
                    s.field_agree[f] += 1
                else:
                    s.disagreements.append(
                        f"{name}: {g['surface']!r} {f}: gold={g.get(f)!r} pred={getattr(p, f)!r}"
                    )
        s.spurious.extend(f"{name}: {preds[k].surface!r}" for k in preds if k not in golds)
    return s
