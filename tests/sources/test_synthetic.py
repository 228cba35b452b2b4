"""The synthetic corpus generator: deterministic, appendable, and gold the extractor agrees with.

Corpora are written to tmp_path; documents are small (2-5 KB), so the whole module runs in a
few seconds.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sys
from pathlib import Path

import pytest

from sources.inbox import read_file
from sources.synthetic import generate_corpus, iter_documents
from sources.synthetic.__main__ import main as cli_main
from sources.synthetic.generator import MAX_BYTES, MIN_BYTES
from transforms.extract import extract_metrics
from transforms.models import Document

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synthetic_score import metric_dict, place_gold, score  # noqa: E402

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
GOLD_KEYS = [
    "surface",
    "occurrence",
    "value",
    "unit",
    "bound",
    "is_target",
    "equivalent_of",
    "low",
    "high",
    "change",
    "region_code",
]


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def gold_lines(folder: Path) -> list[dict]:
    text = (folder / "gold.jsonl").read_text(encoding="ascii")
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "c100"
    summary = generate_corpus(out, 100)
    assert (summary.count, summary.start, summary.seed) == (100, 0, 7)
    assert summary.metrics == sum(len(line["metrics"]) for line in gold_lines(out))
    return out


@pytest.fixture(scope="module")
def read_corpus(corpus: Path) -> dict[str, Document]:
    """The corpus as the pipeline reads it."""
    docs = {}
    for line in gold_lines(corpus):
        doc = read_file(
            corpus / line["document"],
            corpus,
            source="synthetic",
            today=NOW.date(),
            fetched_at=NOW,
        )
        assert isinstance(doc, Document), doc
        docs[line["document"]] = doc
    return docs


def test_two_runs_are_byte_identical(tmp_path: Path, corpus: Path) -> None:
    generate_corpus(tmp_path / "again", 100)
    assert files_of(tmp_path / "again") == files_of(corpus)


def test_a_small_corpus_is_a_prefix_of_a_larger_one(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "c50", 50)
    generate_corpus(tmp_path / "c80", 80)
    small, large = files_of(tmp_path / "c50"), files_of(tmp_path / "c80")
    docs = {k: v for k, v in small.items() if k != "gold.jsonl"}
    assert len(docs) == 50
    assert all(large[k] == v for k, v in docs.items())
    assert gold_lines(tmp_path / "c50") == gold_lines(tmp_path / "c80")[:50]


def test_start_appends_documents_and_gold_lines(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "grown"
    generate_corpus(out, 50)
    summary = generate_corpus(out, 50, start=50)
    assert (summary.start, summary.count) == (50, 50)
    assert files_of(out) == files_of(corpus)


def test_rerunning_over_existing_documents_changes_nothing(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "rerun"
    generate_corpus(out, 100)
    generate_corpus(out, 30, start=70)  # the last documents again
    generate_corpus(out, 10, start=20)  # some in the middle
    generate_corpus(out, 100)  # all of them
    assert files_of(out) == files_of(corpus)
    assert not [p for p in out.iterdir() if p.name.startswith((".gold", "gold.jsonl."))]


def test_documents_are_sharded_and_numbered(corpus: Path) -> None:
    names = [line["document"] for line in gold_lines(corpus)]
    assert names[0].startswith("0000/doc-0000000.")
    assert names[42].startswith("0000/doc-0000042.")
    assert all((corpus / n).is_file() for n in names)
    assert next(iter_documents(1, start=1234)).path.startswith("0001/doc-0001234.")


def test_document_depends_only_on_seed_and_number() -> None:
    a = next(iter_documents(1, start=500))
    b = list(iter_documents(3, start=498))[2]
    c = next(iter_documents(1, start=500, seed=8))
    assert a.data == b.data
    assert a.data != c.data


def test_sizes_formats_and_datelines() -> None:
    docs = list(iter_documents(300))
    sizes = [len(d.data) for d in docs]
    assert min(sizes) >= MIN_BYTES and max(sizes) <= MAX_BYTES
    assert max(sizes) - min(sizes) > 1500  # sizes vary
    kinds = [d.path.rsplit(".", 1)[1] for d in docs]
    assert kinds.count("md") >= 20 and kinds.count("html") >= 5 and kinds.count("txt") >= 200
    txt = next(d for d in docs if d.path.endswith(".txt"))
    assert " (Xinhua) -- " in txt.data.decode().split("\n", 1)[0]


def test_gold_lines_have_the_sample_gold_fields(corpus: Path) -> None:
    for line in gold_lines(corpus):
        assert list(line) == ["document", "published_at", "metrics"]
        assert line["metrics"], line["document"]
        surfaces = []
        for m in line["metrics"]:
            assert list(m) == GOLD_KEYS
            assert m["unit"] and m["bound"] in ("exact", "approximate", "lower", "upper")
            assert m["equivalent_of"] is None or m["equivalent_of"] in surfaces
            assert (m["low"] is None) == (m["high"] is None)
            surfaces.append(m["surface"])


def test_every_gold_surface_is_in_the_text_read_by_read_file(
    corpus: Path, read_corpus: dict[str, Document]
) -> None:
    for line in gold_lines(corpus):
        doc = read_corpus[line["document"]]
        assert str(doc.published_at) == line["published_at"]
        placed = place_gold(line, doc.text)  # raises if a surface is missing
        spans = sorted((m["start"], m["end"]) for m in placed)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), spans


def test_extractor_agrees_with_the_gold(corpus: Path, read_corpus: dict[str, Document]) -> None:
    lines = gold_lines(corpus)
    predicted = {
        name: [metric_dict(m) for m in extract_metrics(doc)] for name, doc in read_corpus.items()
    }
    texts = {name: doc.text for name, doc in read_corpus.items()}
    result = score(lines, predicted, texts)
    assert result["gold"] > 1500
    assert result["precision"] >= 0.99, result["spurious"]
    assert result["recall"] >= 0.99, result["misses"]
    for field in ("value", "unit", "bound"):
        assert result["agreement"][field] >= 0.99, result["disagreements"].get(field)


def test_score_counts_spans_and_fields() -> None:
    gold = [
        {
            "document": "d.txt",
            "metrics": [
                {"surface": "5 km", "occurrence": 2, "value": 5, "unit": "km", "bound": "exact"},
                {"surface": "3 tonnes", "value": 3, "unit": "tonne", "bound": "exact"},
            ],
        }
    ]
    text = "It built 5 km, then 5 km more and moved 3 tonnes."
    predicted = {
        "d.txt": [
            {"start": 20, "end": 24, "value": 5.0, "unit": "km", "bound": "upper"},
            {"start": 9, "end": 13, "value": 5.0, "unit": "km", "bound": "exact"},
        ]
    }
    result = score(gold, predicted, {"d.txt": text})
    assert (result["gold"], result["predicted"], result["matched"]) == (2, 2, 1)
    assert result["precision"] == 0.5 and result["recall"] == 0.5
    assert result["agreement"]["value"] == 1.0 and result["agreement"]["bound"] == 0.0
    assert result["agreement"]["region_code"] is None  # not predicted: not scored


def test_command_line_prints_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    cli_main(["--out", str(tmp_path / "cli"), "--count", "3", "--seed", "11", "--start", "5"])
    out = capsys.readouterr().out
    assert "3 documents" in out and "seed 11" in out
    assert len(gold_lines(tmp_path / "cli")) == 3
