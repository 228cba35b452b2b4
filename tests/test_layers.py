"""The layering rules: only orchestration/ talks to Dagster; sources/ and transforms/ never
touch DuckDB; Great Expectations is imported lazily (not on CLI start)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _imports(package: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        out[str(path.relative_to(ROOT))] = names
    return out


@pytest.mark.parametrize("package", ["sources", "transforms", "warehouse"])
def test_only_orchestration_imports_dagster(package: str) -> None:
    offenders = [p for p, names in _imports(package).items() if "dagster" in names]
    assert offenders == []


@pytest.mark.parametrize("package", ["sources", "transforms"])
def test_sources_and_transforms_do_not_touch_duckdb(package: str) -> None:
    offenders = [p for p, names in _imports(package).items() if names & {"duckdb", "warehouse"}]
    assert offenders == []


def test_transforms_do_not_import_sources_or_orchestration() -> None:
    offenders = [p for p, n in _imports("transforms").items() if n & {"sources", "orchestration"}]
    assert offenders == []


def test_cli_start_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from orchestration import cli; cli.build_parser(); "
        "import transforms.extract; "
        "print(sorted(m for m in ('dagster', 'great_expectations') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
