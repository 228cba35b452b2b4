"""Staged Parquet: what extraction workers hand to the single loader.

Each worker writes one Parquet file per table and chunk under a run folder; the loader reads
them all with DuckDB in one transaction. Parquet keeps memory flat (a chunk is written and
dropped), lets workers run in other processes or on other machines (shared storage), and is
the format the warehouse's lakehouse successor (DuckLake) stores anyway.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

VALIDATION_COLUMNS = (
    "suite",
    "validated_at",
    "success",
    "rows_checked",
    "rows_failed_critical",
    "rows_flagged",
    "expectations",
    "expectations_failed",
    "data_docs",
)
STAGED_TABLES = ("documents", "errors", "candidates", "pairings", "document_flags", "touched")


@dataclass
class ChunkResult:
    """What one chunk of files became, with the time each stage took."""

    chunk: str
    files: int = 0
    documents: int = 0
    unchanged: int = 0
    errors: int = 0
    metrics: int = 0
    quarantined: int = 0
    flagged: int = 0
    pairings: int = 0
    over_budget: int = 0
    chars: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    validation: list[dict] = field(default_factory=list)
    expectations: list[dict] = field(default_factory=list)


@dataclass
class StagedRun:
    """Every chunk staged by a run: the loader's input."""

    folder: str
    chunks: list[ChunkResult] = field(default_factory=list)
    files_seen: int = 0
    unchanged_on_stat: int = 0

    def files(self, table: str) -> list[str]:
        """The Parquet files of one staged table, in a stable order."""
        return sorted(str(p) for p in Path(self.folder).glob(f"*/{table}.parquet"))

    def total(self, name: str) -> int:
        return sum(getattr(c, name) for c in self.chunks)

    def seconds(self) -> dict[str, float]:
        """CPU seconds per stage summed over chunks (workers run in parallel)."""
        out: dict[str, float] = {}
        for c in self.chunks:
            for k, v in c.seconds.items():
                out[k] = out.get(k, 0.0) + v
        return {k: round(v, 2) for k, v in out.items()}

    def preview(self, table: str, columns: list[str] | tuple[str, ...], rows: int = 10) -> str:
        """A markdown preview of the first rows of a staged table."""
        from warehouse.frames import markdown_preview

        files = self.files(table)
        if not files:
            return "(no rows)"
        con = duckdb.connect()
        try:
            frame = con.read_parquet(files[0]).limit(rows).df()
        finally:
            con.close()
        return markdown_preview(frame, columns, rows)

    def validation_summaries(self) -> list[dict]:
        """One summary per GX suite over every chunk: for quality.validation_runs."""
        by_suite: dict[str, dict] = {}
        for c in self.chunks:
            for v in c.validation:
                agg = by_suite.setdefault(
                    v["suite"],
                    {
                        **v,
                        "rows_checked": 0,
                        "rows_failed_critical": 0,
                        "rows_flagged": 0,
                        "success": True,
                        "expectations_failed": 0,
                    },
                )
                for k in ("rows_checked", "rows_failed_critical", "rows_flagged"):
                    agg[k] += v[k]
                agg["success"] = agg["success"] and bool(v["success"])
                agg["expectations_failed"] = max(
                    agg["expectations_failed"], v["expectations_failed"]
                )
                agg["validated_at"] = max(agg["validated_at"], v["validated_at"])
        return list(by_suite.values())

    def expectation_results(self) -> list[dict]:
        """Each metric expectation over every chunk: passed everywhere, rows it failed."""
        by_name: dict[str, dict] = {}
        for c in self.chunks:
            for e in c.expectations:
                agg = by_name.setdefault(e["expectation"], {**e, "success": True, "failed_rows": 0})
                agg["success"] = agg["success"] and bool(e["success"])
                agg["failed_rows"] += e["failed_rows"]
        return list(by_name.values())


def chunk_folder(run_folder: Path, chunk: str) -> Path:
    folder = run_folder / chunk
    if folder.exists():  # a retried step starts its chunk afresh
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def write_tables(folder: Path, tables: dict[str, pd.DataFrame]) -> None:
    """One Parquet file per non-empty table (an in-memory DuckDB does the writing)."""
    con = duckdb.connect()
    try:
        for name, frame in tables.items():
            if name not in STAGED_TABLES:
                raise ValueError(f"unknown staged table {name!r}")
            if len(frame):
                con.from_df(frame).write_parquet(str(folder / f"{name}.parquet"))
    finally:
        con.close()


def remove_run(folder: str | Path) -> None:
    """Staged files are scratch: removed once loaded (or by the next run that finds them)."""
    shutil.rmtree(folder, ignore_errors=True)
