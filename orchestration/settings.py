"""Where things live on disk: the warehouse file, Dagster's home, GX's project folder."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = Path("data/warehouse.duckdb")
DAGSTER_YAML_HEADER = "# Written by ruralpulse: local storage, no telemetry."
DAGSTER_YAML = f"""\
{DAGSTER_YAML_HEADER}
telemetry:
  enabled: false
run_monitoring:
  enabled: true
  # a run whose process died gives its writer-pool slot back instead of blocking every later run
  free_slots_after_run_end_seconds: 30
concurrency:
  runs:
    max_concurrent_runs: 2
  pools:
    default_limit: 1
"""


def db_path(arg: str | os.PathLike[str] | None = None) -> Path:
    return Path(arg or os.environ.get("RURALPULSE_DB") or DEFAULT_DB)


def inbox_paths(args: list[str] | None = None) -> list[str]:
    """Inbox folders: CLI flags, else RURALPULSE_INBOX (os.pathsep-separated), else the samples."""
    if args:
        return [str(Path(a)) for a in args]
    env = os.environ.get("RURALPULSE_INBOX")
    if env:
        return [p for p in env.split(os.pathsep) if p]
    from sources.inbox import sample_corpus_dir

    return [str(sample_corpus_dir())]


def gx_dir(db: Path) -> Path:
    """Great Expectations project folder beside the warehouse (Data Docs inside)."""
    return db.parent / "gx"


def staging_dir(db: Path) -> Path:
    """Scratch space where extraction workers stage Parquet for the loader, one folder per run."""
    return db.parent / f"{db.stem}.staging"


def ensure_dagster_home(db: Path) -> Path:
    """DAGSTER_HOME as set, else data/dagster_home next to the warehouse; with dagster.yaml."""
    home = Path(os.environ.get("DAGSTER_HOME") or (db.parent / "dagster_home")).absolute()
    home.mkdir(parents=True, exist_ok=True)
    cfg = home / "dagster.yaml"
    # ours (written by an earlier version) is kept up to date; a user's own file is left alone
    if not cfg.exists() or (
        cfg.read_text(encoding="utf-8").startswith(DAGSTER_YAML_HEADER)
        and cfg.read_text(encoding="utf-8") != DAGSTER_YAML
    ):
        cfg.write_text(DAGSTER_YAML, encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    return home
