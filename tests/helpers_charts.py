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
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from matplotlib.testing.compare import compare_images
from matplotlib.transforms import Bbox

from layoutcheck import INK_BOTTOM, INK_TOP
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


# --- what a drawn chart holds, measured by matplotlib's own renderer -----------------------


def glyphs(box: Bbox, lines: int = 1, rotation: float = 0.0) -> Bbox:
    """The part of a text's box where its glyphs are: without the empty top and bottom of
    its first and last lines (shares as tests/layoutcheck.py measures lines)."""
    if rotation % 180 == 90:
        line = box.width / lines
        return Bbox.from_extents(
            box.x0 + INK_TOP * line, box.y0, box.x1 - INK_BOTTOM * line, box.y1
        )
    line = box.height / lines
    return Bbox.from_extents(box.x0, box.y0 + INK_BOTTOM * line, box.x1, box.y1 - INK_TOP * line)


@dataclass(frozen=True)
class DrawnChart:
    """The boxes (display points at 72 dpi) of a chart's data labels, bars, tick labels and
    reference line, as matplotlib's Agg renderer lays them out (its own font metrics, not
    the layout code's); text boxes are glyph boxes (``glyphs``)."""

    labels: list[tuple[str, Bbox, tuple[float, float]]]  # text, box, anchor in points
    bars: list[Bbox]
    ticks: list[tuple[str, Bbox]]  # category labels
    reference: Bbox | None  # the reference line's box (its width included)
    reference_label: Bbox | None


def drawn_chart(spec: ChartSpec, width_in: float, height_in: float) -> DrawnChart:
    """Draw ``spec`` at 72 dpi and measure it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from porreport.charts.draw import chart_figure

    with chart_figure(spec, width_in, height_in, dpi=72) as fig:
        FigureCanvasAgg(fig)
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        fig.draw(renderer)
        ax = fig.axes[0]
        reference_text = spec.reference[0] if spec.reference else None
        labels, reference_label = [], None
        for text in ax.texts:
            box = glyphs(text.get_window_extent(renderer), 1, text.get_rotation())
            if text.get_text() == reference_text:
                reference_label = box
                continue
            anchor = ax.transData.transform(text.xy)  # type: ignore[attr-defined]
            labels.append((text.get_text(), box, (float(anchor[0]), float(anchor[1]))))
        bars = [p.get_window_extent(renderer) for p in ax.patches]
        horizontal = spec.kind in ("bar", "clustered_bar")
        tick_labels = ax.get_yticklabels() if horizontal else ax.get_xticklabels()
        ticks = [
            (t.get_text(), glyphs(t.get_window_extent(renderer), t.get_text().count("\n") + 1))
            for t in tick_labels
        ]
        reference = None
        for line in ax.lines:
            box = line.get_window_extent(renderer)
            half = line.get_linewidth() / 2
            reference = Bbox.from_extents(
                box.x0 - half, box.y0 - half, box.x1 + half, box.y1 + half
            )
        return DrawnChart(labels, bars, ticks, reference, reference_label)


def overlaps(a: Bbox, b: Bbox, gap: float = 0.0) -> bool:
    """Whether two boxes come closer than ``gap`` points (touching counts at gap > 0)."""
    return a.x0 < b.x1 + gap and b.x0 < a.x1 + gap and a.y0 < b.y1 + gap and b.y0 < a.y1 + gap


def label_collisions(chart: DrawnChart) -> list[str]:
    """Data labels meeting another label, a bar other than their own (the one whose end
    holds their anchor), the reference line or its label."""
    found = []
    for i, (text, box, anchor) in enumerate(chart.labels):
        for other, other_box, _ in chart.labels[i + 1 :]:
            if overlaps(box, other_box):
                found.append(f"«{text}» su «{other}»")
        for bar in chart.bars:
            own = (
                bar.x0 - 0.5 <= anchor[0] <= bar.x1 + 0.5
                and bar.y0 - 0.5 <= anchor[1] <= bar.y1 + 0.5
            )
            if not own and overlaps(box, bar):
                found.append(f"«{text}» su una barra")
        for name, ref in (("linea", chart.reference), ("etichetta", chart.reference_label)):
            if ref is not None and overlaps(box, ref):
                found.append(f"«{text}» sulla {name} di riferimento")
    return found
