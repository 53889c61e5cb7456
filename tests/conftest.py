"""Shared fixtures: the bundled example and a way to write broken copies of it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from porreport.resources import example_report


@pytest.fixture
def example() -> Path:
    """Path of the bundled example report."""
    return example_report()


@pytest.fixture
def example_copy(tmp_path: Path) -> Callable[..., Path]:
    """Copy the example (and its tables) into tmp_path, applying text replacements.

    ``example_copy(("old", "new"), ...)`` returns the path of the edited report.
    """

    def make(*replacements: tuple[str, str], name: str = "rapporto.yaml") -> Path:
        src = example_report()
        for table in src.parent.glob("*.csv"):
            shutil.copy(table, tmp_path / table.name)
        text = src.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, f"replacement target not in the example: {old!r}"
            text = text.replace(old, new, 1)
        target = tmp_path / name
        target.write_text(text, encoding="utf-8")
        return target

    return make
