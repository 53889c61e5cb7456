"""Shared fixtures: the bundled example and a way to write broken copies of it."""

from __future__ import annotations

import os
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


# --- tests that need tools from outside Python -------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
VALIDATOR = ROOT / "node_modules" / ".bin" / "ooxml-validator"
EXTERNAL_TOOLS = {
    "soffice": "LibreOffice (Debian: libreoffice-impress-nogui)",
    "pdftotext": "poppler-utils",
    "pdffonts": "poppler-utils",
    "pdfimages": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "qpdf": "qpdf",
    "ooxml-validator": "Microsoft's Open XML SDK validator (npm install, in the repository)",
}


def tool_available(tool: str) -> bool:
    """Whether a command-line tool the tests use can be run here."""
    if tool == "ooxml-validator":
        return VALIDATOR.is_file()
    return shutil.which(tool) is not None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "external(*tools): needs command-line tools outside Python (LibreOffice, poppler, "
        "qpdf, the Open XML SDK validator); skipped with the reason when one is missing. "
        "`pytest -m 'not external'` is the quick subset.",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        marker = item.get_closest_marker("external")
        if marker is None:
            continue
        for tool in marker.args:
            if tool not in EXTERNAL_TOOLS:
                raise pytest.UsageError(f"{item.nodeid}: unknown external tool {tool!r}")
            if not tool_available(tool):
                reason = f"needs {tool} ({EXTERNAL_TOOLS[tool]}); bash scripts/test.sh installs it"
                if os.environ.get("PORREPORT_REQUIRE_EXTERNAL") == "1":  # set by scripts/test.sh
                    raise pytest.UsageError(f"{item.nodeid}: {reason}")
                item.add_marker(pytest.mark.skip(reason=reason))
                break
