"""Dagster resources: configuration for the warehouse file, the inbox and the quality gate."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource

from warehouse.db import connect


class WarehouseResource(ConfigurableResource):
    """The DuckDB warehouse file. Writers share one pool; readers open it read-only."""

    db_path: str
    lock_wait_s: float = 120.0

    @contextmanager
    def connect(
        self, *, read_only: bool = False, publish_snapshot: bool = False
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """The last writer of a run publishes a snapshot when it finishes, so readers never wait
        for a load (once per run: the copy costs seconds on a large warehouse)."""
        with connect(
            Path(self.db_path),
            read_only=read_only,
            wait_s=self.lock_wait_s,
            publish_snapshot=publish_snapshot and not read_only,
        ) as con:
            yield con


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
