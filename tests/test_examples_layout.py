"""The layout checker on the bulletin of every example report (issue 12, "Done when"): no
text outside the page, no overlapping lines, no number or word split, no heading as the last
line of a page or column, and every heading found. The decks are checked, under three font
setups, by tests/test_deck_layout.py."""

from __future__ import annotations

from pathlib import Path

import pytest

import layoutcheck
from porreport.api import document_of, load, render
from porreport.resources import example_report

ROOT = Path(__file__).resolve().parents[1]
REPORTS = [
    example_report(),
    ROOT / "data" / "por_fse_lombardia_2021_registri.yaml",
    *sorted((ROOT / "data" / "examples").glob("*.yaml")),
]


def test_there_are_examples_of_every_shape() -> None:
    assert len(REPORTS) >= 8


@pytest.mark.external("pdftotext")
@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_layout_checker_on_every_bulletin(report: Path, tmp_path: Path) -> None:
    checker = layoutcheck.front_end()
    document = document_of(load(report))
    pdf = tmp_path / f"{report.stem}.pdf"
    pdf.write_bytes(render(document, "pdf"))
    headings = checker.document_headings(document)
    words = checker.lc.vocabulary(checker.document_strings(document))
    result = checker.check_bulletin(pdf, headings, words)
    assert [str(f) for f in result.findings] == []
    assert result.unmatched == []
