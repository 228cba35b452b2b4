"""Dagster resources: configuration for the warehouse file, the inbox and the quality gate."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource

from warehouse.db import connect, snapshot_path


class WarehouseResource(ConfigurableResource):
    """The DuckDB warehouse file. Writers share one pool; readers open it read-only."""

    db_path: str
    lock_wait_s: float = 120.0
    # Readers fall back to the snapshot only while a run holds the file. Copying a warehouse of
    # 100,000 documents (1.6 GB) takes seconds, so a run refreshes the snapshot only when it is
    # older than this; readers are told how old it is.
    snapshot_max_age_s: float = 600.0

    @contextmanager
    def connect(
        self, *, read_only: bool = False, publish_snapshot: bool = False
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """With publish_snapshot (the last writer of a run), the snapshot for readers is
        refreshed when the writer finishes, if it is older than snapshot_max_age_s."""
        with connect(
            Path(self.db_path),
            read_only=read_only,
            wait_s=self.lock_wait_s,
            publish_snapshot=publish_snapshot and not read_only and self._snapshot_stale(),
        ) as con:
            yield con

    def _snapshot_stale(self) -> bool:
        snap = snapshot_path(self.db_path)
        return not snap.exists() or time.time() - snap.stat().st_mtime > self.snapshot_max_age_s


class InboxResource(ConfigurableResource):
    """Folders (or files) whose documents each run reads."""

    paths: list[str]
    source_name: str = "inbox"
    max_bytes: int = 20 * 1024 * 1024
    # Where extraction workers stage Parquet for the loader (shared storage on a cluster).
    staging_dir: str = "data/staging"


class QualityResource(ConfigurableResource):
    """Where the Great Expectations project (suites, results, Data Docs) is kept."""

    gx_dir: str
