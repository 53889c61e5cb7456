"""Helpers for the chart and map tests: the example's specs, SVG text, baseline images.

Baselines live in tests/baseline/ and no test ever writes them. When a comparison fails
(or a baseline is missing), the rendered image is kept as a candidate in tests/_failed/
(git-ignored), with the baseline and matplotlib's diff: look at it, and after an intended
visual change copy the candidate over the baseline by hand.
"""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

from matplotlib.testing.compare import compare_images

from porreport import document_of, load
from porreport.content.document import ChartSpec, Document, Map, MapSpec
from porreport.resources import example_report

TESTS = Path(__file__).resolve().parent
BASELINE_DIR = TESTS / "baseline"
FAILED_DIR = TESTS / "_failed"
BASELINE_DPI = 100
TOLERANCE = 2.0  # RMS over 0-255 greyscale, as plotnine does
SVG_NS = "{http://www.w3.org/2000/svg}"


@cache
def example_document() -> Document:
    """The document built from the bundled example."""
    return document_of(load(example_report()))


def chart_spec(chart_id: str) -> ChartSpec:
    """The example's chart with this id."""
    return next(c for c in example_document().charts() if c.id == chart_id)


def example_map() -> MapSpec:
    """The example's province map (Lombardy)."""
    return next(b.spec for s in example_document().sections for b in s.blocks if isinstance(b, Map))


def svg_texts(svg: bytes) -> list[str]:
    """Every <text> of an SVG, in document order (text kept as text, not outlines)."""
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]


def assert_matches_baseline(png: bytes, name: str) -> None:
    """Compare a rendered PNG with tests/baseline/<name>.png; on a difference (or without a
    baseline) keep the candidate in tests/_failed/ and fail."""
    expected = BASELINE_DIR / f"{name}.png"
    FAILED_DIR.mkdir(exist_ok=True)
    actual = FAILED_DIR / f"{name}.png"
    actual.write_bytes(png)
    assert expected.exists(), (
        f"no baseline {expected}: look at the candidate {actual} and copy it there by hand"
    )
    result = compare_images(str(expected), str(actual), tol=TOLERANCE, in_decorator=True)
    if result is None:
        actual.unlink()
        return
    shutil.copy(expected, FAILED_DIR / f"{name}-expected.png")
    raise AssertionError(
        f"{name}: rendered image differs from the baseline (RMS {result['rms']:.2f} > "
        f"{TOLERANCE}); see {FAILED_DIR}, and copy the candidate over the baseline by hand "
        "only if the change is intended"
    )


def run(*args: str) -> str:
    """Run a command-line tool (poppler) and return its standard output."""
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdf_fonts(pdf: Path) -> list[tuple[str, str]]:
    """(name, embedded yes/no) of every font pdffonts lists."""
    lines = run("pdffonts", str(pdf)).splitlines()[2:]
    out = []
    for line in lines:
        parts = line.split()
        # name type... encoding emb sub uni objectID gen: 'emb' is the 5th field from the end
        out.append((parts[0], parts[-5]))
    return out


def pdf_raster_images(pdf: Path) -> int:
    """How many raster images pdfimages finds."""
    return len(run("pdfimages", "-list", str(pdf)).splitlines()[2:])
