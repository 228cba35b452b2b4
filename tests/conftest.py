"""Shared test fixtures: where the seed lives, a warehouse in a temporary folder."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RURALPULSE_SHARED", ROOT.parent / "shared"))
SEED_DIR = SHARED / "seed"
SEED_FILE = SEED_DIR / "000_5dfd132e13d89ed9.txt"
SEED_PUBLISHED = dt.date(2021, 11, 22)


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED_FILE.exists():
        pytest.fail(f"the seed document is missing: {SEED_FILE} (set RURALPULSE_SHARED)")
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture
def seed_inbox(tmp_path: Path, seed_text: str) -> Path:
    """An inbox holding only the seed article."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / SEED_FILE.name).write_text(seed_text, encoding="utf-8")
    return inbox
