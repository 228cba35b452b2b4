"""Batches built from real documents, validated by the real GX gate, for loader tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from sources.inbox import read_inbox, sample_corpus_dir
from transforms.extract import extract_metrics, reading_version
from warehouse import frames
from warehouse.quality import QualityGate, prepare_documents, prepare_frame


@dataclass
class Batch:
    documents: pd.DataFrame
    errors: pd.DataFrame
    candidates: pd.DataFrame
    validation: pd.DataFrame
    files_seen: int
    document_flags: pd.DataFrame | None = None


@pytest.fixture(scope="session")
def gate(tmp_path_factory: pytest.TempPathFactory) -> QualityGate:
    return QualityGate(tmp_path_factory.mktemp("gx"))


@pytest.fixture(scope="session")
def make_batch(gate: QualityGate) -> Callable[..., Batch]:
    def build(inbox: Path | None = None, run_id: str = "run-1", tamper=None) -> Batch:
        read = read_inbox([inbox or sample_corpus_dir()])
        metrics = [m for d in read.documents for m in extract_metrics(d)]
        mf = frames.metrics_frame(metrics)
        if tamper is not None:
            mf = tamper(mf)
        docs = frames.documents_frame(read.documents)
        texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
        published = dict(zip(docs["doc_id"], docs["published_at"], strict=True))
        result = gate.validate(prepare_frame(mf, texts, published), run_id, prepare_documents(docs))
        return Batch(
            docs,
            frames.errors_frame(read.errors),
            result.frame,
            pd.DataFrame(result.summaries),
            read.files_seen,
            result.documents,
        )

    return build


def load(con, batch: Batch, run_id: str, **kwargs):
    from warehouse.load import load_batch

    return load_batch(
        con,
        run_id=run_id,
        documents=batch.documents,
        errors=batch.errors,
        candidates=batch.candidates,
        validation=batch.validation,
        files_seen=batch.files_seen,
        extractor_version=reading_version(),
        document_flags=batch.document_flags,
        **kwargs,
    )
