"""Synthetic policy-news corpus with gold metrics, for scale benchmarks (see generator.py)."""

from sources.synthetic.generator import CorpusSummary, generate_corpus, iter_documents

__all__ = ["CorpusSummary", "generate_corpus", "iter_documents"]
