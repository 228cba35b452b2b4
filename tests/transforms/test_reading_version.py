"""The stored reading version moves with the grammar's code and data, so edits reach old rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import transforms
from transforms.extract import EXTRACTOR_VERSION, package_digest, reading_version


def _copy_of_transforms(tmp_path: Path) -> Path:
    root = tmp_path / "transforms"
    shutil.copytree(
        Path(transforms.__file__).parent, root, ignore=shutil.ignore_patterns("__pycache__")
    )
    return root


def test_reading_version_is_the_release_and_a_digest() -> None:
    release, _, digest = reading_version().partition("+")
    assert release == EXTRACTOR_VERSION
    assert len(digest) == 12 and int(digest, 16) >= 0
    assert digest == package_digest(Path(transforms.__file__).parent)


def test_an_edited_indicator_word_list_or_rule_changes_the_digest(tmp_path: Path) -> None:
    root = _copy_of_transforms(tmp_path)
    before = package_digest(root)
    indicators = root / "reference" / "indicators.yaml"
    indicators.write_text(indicators.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
    after_catalog = package_digest(root)
    lexicon = root / "lexicon.yaml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
    after_lexicon = package_digest(root)
    grammar = root / "quantities.py"
    grammar.write_text(grammar.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
    after_rule = package_digest(root)
    assert len({before, after_catalog, after_lexicon, after_rule}) == 4
    (root / "notes.txt").write_text("not read by the grammar", "utf-8")
    assert package_digest(root) == after_rule
