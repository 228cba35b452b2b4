"""Opening the DuckDB warehouse: migrations for writers, a locked-down read-only mode for readers.

DuckDB allows one writer per file; a writer that meets the lock retries with backoff.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)

_MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS main.schema_migrations (
    version INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
)
"""
_SAFE_SETTINGS = (
    "SET autoinstall_known_extensions = false",
    "SET autoload_known_extensions = false",
    # a load of millions of rows spills to disk rather than growing past this; the pipeline's
    # whole process tree stays under 2 GB on a 100,000-document run
    "SET memory_limit = '1GB'",
    # long statements would otherwise draw progress bars into the run's log
    "SET enable_progress_bar = false",
)
_READ_ONLY_SETTINGS = (
    # readers (the load checks, `ruralpulse query`) spill to disk sooner than the writer: the
    # revalidation of a 100,000-document load joins 100,000 texts, and the run's peak memory is
    # the writer's process plus this
    "SET memory_limit = '512MB'",
    "SET enable_external_access = false",
    "SET lock_configuration = true",
)


class WarehouseLockedError(RuntimeError):
    """Another process holds the write lock for longer than we were willing to wait."""


def _is_lock_error(exc: Exception) -> bool:
    msg = str(exc)
    return "Could not set lock" in msg or "Conflicting lock" in msg or "lock on file" in msg


def _open(path: Path, read_only: bool, wait_s: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait_s
    delay = 0.1
    while True:
        try:
            return duckdb.connect(
                str(path),
                read_only=read_only,
                config={
                    "autoinstall_known_extensions": "false",
                    "autoload_known_extensions": "false",
                },
            )
        except duckdb.IOException as exc:
            if not _is_lock_error(exc) or time.monotonic() >= deadline or wait_s <= 0:
                if _is_lock_error(exc):
                    raise WarehouseLockedError(
                        f"the warehouse {path} is locked by another process "
                        f"(waited {wait_s:.0f} s): {exc}"
                    ) from exc
                raise
            log.warning(
                "warehouse %s is locked by another process; retrying in %.1f s", path, delay
            )
            time.sleep(delay + random.uniform(0, delay / 2))
            delay = min(delay * 2, 5.0)


def snapshot_path(path: Path | str) -> Path:
    """Where writers publish a consistent copy for readers to use while a load runs."""
    path = Path(path)
    return path.with_name(f"{path.stem}.snapshot{path.suffix}")


@contextmanager
def connect(
    path: Path | str,
    *,
    read_only: bool = False,
    wait_s: float = 120.0,
    publish_snapshot: bool = False,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse file; writers get the schema migrated first.

    With publish_snapshot, a writer that finishes without error checkpoints and publishes a
    copy of the file (written beside it, then renamed into place) for readers.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `ruralpulse run` first")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = _open(path, read_only, wait_s)
    try:
        for stmt in _SAFE_SETTINGS:
            con.execute(stmt)
        if read_only:
            for stmt in _READ_ONLY_SETTINGS:
                con.execute(stmt)
        else:
            migrate(con)
        yield con
        if publish_snapshot and not read_only:
            _publish_snapshot(con, path)
    finally:
        con.close()


def _publish_snapshot(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    con.execute("CHECKPOINT")
    target = snapshot_path(path)
    tmp = target.with_name(target.name + ".tmp")
    shutil.copyfile(path, tmp)
    os.replace(tmp, target)  # atomic: readers see the old or the new snapshot, never half


@dataclass(frozen=True)
class ReaderSource:
    """What a reader is looking at: the live file, or the last snapshot because a load runs."""

    path: Path
    live: bool

    def describe(self) -> str:
        if self.live:
            return f"live warehouse {self.path}"
        stamp = dt.datetime.fromtimestamp(self.path.stat().st_mtime, dt.UTC)
        return (
            f"snapshot {self.path} published {stamp:%Y-%m-%d %H:%M:%S} UTC "
            "(a load holds the warehouse)"
        )


@contextmanager
def connect_reader(path: Path | str) -> Iterator[tuple[duckdb.DuckDBPyConnection, ReaderSource]]:
    """Read-only access that keeps working while a writer holds the file."""
    path = Path(path)
    try:
        cm = connect(path, read_only=True, wait_s=0)
        con = cm.__enter__()
        source = ReaderSource(path, live=True)
    except WarehouseLockedError:
        snap = snapshot_path(path)
        if not snap.exists():
            raise
        cm = connect(snap, read_only=True, wait_s=0)
        con = cm.__enter__()
        source = ReaderSource(snap, live=False)
    try:
        yield con, source
    finally:
        cm.__exit__(None, None, None)


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every file in warehouse/migrations, in order."""
    folder = resources.files("warehouse").joinpath("migrations")
    out = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            out.append((version, entry.name, entry.read_text(encoding="utf-8")))
    return out


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations this file has not seen yet, each in its own transaction."""
    con.execute(_MIGRATIONS_TABLE)
    done = {v for (v,) in con.execute("SELECT version FROM main.schema_migrations").fetchall()}
    applied = []
    for version, name, sql in migrations():
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO main.schema_migrations (version, name) VALUES (?, ?)", [version, name]
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied


def sql_file(name: str) -> str:
    """A SQL statement kept in warehouse/sql or warehouse/marts."""
    return resources.files("warehouse").joinpath(name).read_text(encoding="utf-8")
