"""Score the extractor on a synthetic corpus (sources/synthetic) against its gold.jsonl.

Usage: .venv/bin/python bench/synthetic_score.py DIR [--limit N] [--examples N] [--json]

Reads every document the way the pipeline does (sources.inbox.read_file), runs
transforms.extract.extract_metrics and prints span precision / recall / F1 and, among matched
spans, how often value, unit, bound, is_target and region_code agree. It generates nothing:
write the corpus first with `python -m sources.synthetic --out DIR --count N`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FIELDS = (
    "value",
    "unit",
    "bound",
    "is_target",
    "region_code",
    "equivalent_of",
    "change",
    "low",
    "high",
)
NUMERIC = frozenset({"value", "low", "high"})


def place_gold(gold_line: Mapping[str, Any], text: str) -> list[dict]:
    """Gold metrics with start/end in text, found by surface and occurrence.

    equivalent_of (a surface) becomes the start of the nearest gold metric before this one
    with that surface, the form extract_metrics uses.
    """
    placed: list[dict] = []
    for g in gold_line["metrics"]:
        pos = -1
        for _ in range(g.get("occurrence", 1)):
            pos = text.find(g["surface"], pos + 1)
            if pos < 0:
                raise ValueError(
                    f"{gold_line['document']}: gold surface {g['surface']!r} "
                    f"(occurrence {g.get('occurrence', 1)}) not in the text"
                )
        placed.append({**g, "start": pos, "end": pos + len(g["surface"])})
    for i, m in enumerate(placed):
        if m.get("equivalent_of"):
            before = [p for p in placed[:i] if p["surface"] == m["equivalent_of"]]
            m["equivalent_of"] = before[-1]["start"] if before else None
    return placed


def _same(name: str, gold: Any, pred: Any) -> bool:
    if name in NUMERIC:
        if gold is None or pred is None:
            return gold is None and pred is None
        return math.isclose(float(gold), float(pred), rel_tol=1e-6, abs_tol=1e-9)
    if name == "is_target":
        return bool(gold) == bool(pred)
    return (gold or None) == (pred or None)


def score(
    gold_lines: Iterable[Mapping[str, Any]],
    predicted: Mapping[str, list[Mapping[str, Any]]],
    texts: Mapping[str, str] | None = None,
    *,
    examples: int = 20,
) -> dict[str, Any]:
    """Span precision/recall/F1 and field agreement of predicted metrics against gold lines.

    predicted maps a document's relative path to dicts with start, end, value, unit, bound
    (is_target, region_code, equivalent_of, change, low, high are scored when present). Gold
    metrics that carry start/end are used as they are; others are placed in texts[document]
    by surface and occurrence. A match is the same (start, end) span.
    """
    gold_n = pred_n = matched = documents = 0
    agree = dict.fromkeys(FIELDS, 0)
    compared = dict.fromkeys(FIELDS, 0)
    misses: list[str] = []
    spurious: list[str] = []
    wrong: dict[str, list[str]] = {f: [] for f in FIELDS}
    for line in gold_lines:
        documents += 1
        name = line["document"]
        golds = _placed(line, texts)
        preds = {(p["start"], p["end"]): p for p in predicted.get(name, [])}
        gold_spans = {(g["start"], g["end"]): g for g in golds}
        gold_n += len(gold_spans)
        pred_n += len(preds)
        for span, g in gold_spans.items():
            p = preds.get(span)
            if p is None:
                _note(misses, examples, f"{name}: {g['surface']!r}")
                continue
            matched += 1
            for f in FIELDS:
                if f not in p:
                    continue
                compared[f] += 1
                if _same(f, g.get(f), p[f]):
                    agree[f] += 1
                else:
                    _note(
                        wrong[f],
                        examples,
                        f"{name}: {g['surface']!r} gold={g.get(f)!r} predicted={p[f]!r}",
                    )
        for span, p in preds.items():
            if span not in gold_spans:
                _note(spurious, examples, f"{name}: {p.get('surface', span)!r}")
    precision = matched / pred_n if pred_n else 0.0
    recall = matched / gold_n if gold_n else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "documents": documents,
        "gold": gold_n,
        "predicted": pred_n,
        "matched": matched,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "agreement": {f: agree[f] / compared[f] if compared[f] else None for f in FIELDS},
        "misses": misses,
        "spurious": spurious,
        "disagreements": {f: w for f, w in wrong.items() if w},
    }


def _placed(line: Mapping[str, Any], texts: Mapping[str, str] | None) -> list[dict]:
    metrics = line["metrics"]
    if all("start" in m and "end" in m for m in metrics):
        return list(metrics)
    if texts is None or line["document"] not in texts:
        raise ValueError(f"{line['document']}: no text to place the gold surfaces in")
    return place_gold(line, texts[line["document"]])


def _note(bucket: list[str], limit: int, text: str) -> None:
    if len(bucket) < limit:
        bucket.append(text)


def metric_dict(m: Any) -> dict[str, Any]:
    """The fields of a transforms.models.Metric that score() compares."""
    fields = ("start", "end", "surface", *FIELDS)
    return {f: getattr(m, f) for f in fields}


def extract_corpus(
    corpus: Path, gold_lines: list[dict]
) -> tuple[dict[str, list[dict]], dict[str, str], dict[str, Any]]:
    """Read each gold document with read_file and extract it: predictions, texts, run facts."""
    from sources.inbox import read_file
    from transforms.extract import extract_metrics
    from transforms.models import Document

    predicted: dict[str, list[dict]] = {}
    texts: dict[str, str] = {}
    dates_agree = 0
    read_s = extract_s = 0.0
    now = dt.datetime.now(dt.UTC)
    for line in gold_lines:
        name = line["document"]
        t0 = time.perf_counter()
        doc = read_file(corpus / name, corpus, source="synthetic", today=now.date(), fetched_at=now)
        t1 = time.perf_counter()
        if not isinstance(doc, Document):
            raise SystemExit(f"{name}: {doc.error} ({doc.detail})")
        predicted[name] = [metric_dict(m) for m in extract_metrics(doc)]
        extract_s += time.perf_counter() - t1
        read_s += t1 - t0
        texts[name] = doc.text
        dates_agree += str(doc.published_at) == line.get("published_at")
    run = {
        "published_at_agreement": dates_agree / len(gold_lines) if gold_lines else None,
        "read_seconds": round(read_s, 2),
        "extract_seconds": round(extract_s, 2),
    }
    return predicted, texts, run


def _report(result: dict[str, Any]) -> str:
    lines = [
        f"documents {result['documents']:,}  gold {result['gold']:,}  "
        f"predicted {result['predicted']:,}  matched {result['matched']:,}",
        f"span precision {result['precision']:.4f}  recall {result['recall']:.4f}  "
        f"F1 {result['f1']:.4f}",
        "agreement on matched spans: "
        + "  ".join(f"{f} {v:.4f}" for f, v in result["agreement"].items() if v is not None),
    ]
    for key in ("published_at_agreement", "read_seconds", "extract_seconds"):
        if key in result:
            lines.append(f"{key}: {result[key]}")
    for key in ("misses", "spurious"):
        if result[key]:
            lines.append(f"{key} (first {len(result[key])}):")
            lines.extend(f"  {x}" for x in result[key])
    for f, items in result["disagreements"].items():
        lines.append(f"{f} disagreements (first {len(items)}):")
        lines.extend(f"  {x}" for x in items)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("corpus", type=Path, help="folder written by python -m sources.synthetic")
    parser.add_argument("--limit", type=int, default=None, help="score the first N documents")
    parser.add_argument("--examples", type=int, default=20, help="examples of each error kind")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    with (args.corpus / "gold.jsonl").open(encoding="utf-8") as f:
        gold_lines = [json.loads(line) for line in itertools.islice(f, args.limit)]
    predicted, texts, run = extract_corpus(args.corpus, gold_lines)
    result = {**score(gold_lines, predicted, texts, examples=args.examples), **run}
    print(json.dumps(result, indent=2) if args.json else _report(result))


if __name__ == "__main__":
    main()
