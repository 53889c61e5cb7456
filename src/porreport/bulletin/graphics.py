"""Charts and the map in the bulletin: vector drawings with real text, never raster images.

``porreport.charts.draw`` draws each spec as a matplotlib figure and
``porreport.bulletin.mpl_drawing`` draws that figure straight into a ReportLab Drawing (text
kept as text in Titillium Web), with no SVG in between. Drawings are cached per spec and
size, so rendering the same document again does not redraw its charts.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable

from porreport.content.document import Chart, ChartSpec, Map, MapSpec

INCH = 72.0
MIN_SHRINK = 0.72  # smallest scale used to fit a graphic in the space left on a page


class VectorFlowable(Flowable):
    """A Drawing placed at its own size, shrunk uniformly (aspect kept) when the frame is
    narrower or shorter than it."""

    def __init__(self, drawing: Drawing) -> None:
        super().__init__()
        self.drawing = drawing
        self.scale = 1.0
        self._frame_width = drawing.width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Fit the width; the height only shrinks if the drawing is taller than a page."""
        w, h = self.drawing.width, self.drawing.height
        self._frame_width = avail_width
        self.scale = min(1.0, avail_width / w) if w else 1.0
        if h and h * self.scale > avail_height >= h * self.scale * MIN_SHRINK:
            # Shrink a little rather than leave most of a page empty.
            self.scale = avail_height / h
        self.width, self.height = w * self.scale, h * self.scale
        return self.width, self.height

    def draw(self) -> None:
        """Draw the vectors (and their text) on the canvas."""
        from reportlab.graphics import renderPDF

        self.canv.saveState()
        # Centre a shrunk drawing in the frame's width.
        self.canv.translate((self._frame_width - self.width) / 2, 0)
        self.canv.scale(self.scale, self.scale)
        renderPDF.draw(self.drawing, self.canv, 0, 0)
        self.canv.restoreState()


def chart_height(spec: ChartSpec, width: float) -> float:
    """A height in points that suits the chart kind and its number of categories."""
    n = len(spec.categories)
    if spec.kind in ("bar", "clustered_bar"):
        per = 30.0 if spec.kind == "bar" else 16.0 * max(1, len(spec.series))
        return min(width * 0.75, 70.0 + per * n)
    if spec.kind == "pie":
        return width * 0.38
    if spec.kind == "column":
        return width * 0.4
    return width * 0.48


def map_height(spec: MapSpec, width: float) -> float:
    """Height of the map: close to square for one region."""
    return width * 0.78


@lru_cache(maxsize=64)
def chart_drawing(spec: ChartSpec, width: float, height: float) -> Drawing:
    """The chart as a Drawing of ``width`` x ``height`` points (cached)."""
    from porreport.bulletin.mpl_drawing import figure_drawing
    from porreport.charts.draw import chart_figure

    with chart_figure(spec, width / INCH, height / INCH, dpi=int(INCH)) as fig:
        return figure_drawing(fig)


@lru_cache(maxsize=16)
def map_drawing(spec: MapSpec, width: float, height: float) -> Drawing:
    """The map as a Drawing of ``width`` x ``height`` points (cached)."""
    from porreport.bulletin.mpl_drawing import figure_drawing
    from porreport.charts.draw import map_figure

    with map_figure(spec, width / INCH, height / INCH, dpi=int(INCH)) as fig:
        return figure_drawing(fig)


def graphic_flowable(block: Chart | Map, width: float) -> Flowable:
    """The flowable of a chart or map block at the frame's width."""
    width = round(width, 2)
    if isinstance(block, Chart):
        height = round(chart_height(block.spec, width), 2)
        return VectorFlowable(chart_drawing(block.spec, width, height))
    height = round(map_height(block.spec, width), 2)
    return VectorFlowable(map_drawing(block.spec, width, height))
