"""Charts and the map in the bulletin: vector drawings with real text, never raster images.

``porreport.charts.draw`` draws each spec as a matplotlib figure and
``porreport.bulletin.mpl_drawing`` draws that figure straight into ReportLab shapes (text
kept as text in Titillium Web), with no SVG in between. Drawings are cached per spec and
size, so rendering the same document again does not redraw its charts.

Tags: the graphic's title is its ``Caption``, the graphic a ``Figure`` whose ``/Alt`` is the
document's alt text (the same the deck gives its chart or picture), a note under it (the
map's attribution) a ``P``; the map is followed by its text equivalent, the table of the
provinces (``porreport.bulletin.provinces``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable

from porreport.bulletin.flow import Flowables
from porreport.bulletin.provinces import province_table
from porreport.bulletin.tagging import Tags, tags_of
from porreport.charts import load_matplotlib
from porreport.charts.marks import NOTE_GID, TITLE_GID
from porreport.content.document import Chart, ChartSpec, Map, MapSpec

INCH = 72.0
MIN_SHRINK = 0.72  # smallest share of its height a graphic is redrawn at to fit a page
BAR_MARGIN = 2.0  # points per category, between a category's label and the next
AXIS_MARGINS = 1.1  # matplotlib's margins around the bars take a tenth of the axis
MAX_CHART_HEIGHT = 600.0  # points: a chart always fits a page with its heading
MAP_SHARE = 0.78  # the tallest map, as a share of its width
APART = (TITLE_GID, NOTE_GID)


@dataclass(frozen=True)
class Graphic:
    """A drawn chart or map: the graphic, and its title and note drawn apart (same size)."""

    body: Drawing
    title: Drawing
    note: Drawing


Draw = Callable[[float, float], Graphic]


class GraphicFlowable(Flowable):
    """A chart or map at the frame's width and its natural height, redrawn shorter (its text
    keeps its size) rather than pushed to the next page when a little room is missing."""

    def __init__(self, draw: Draw, width: float, height: float, alt: str) -> None:
        super().__init__()
        self.draw_at, self.alt = draw, alt
        self.natural = (width, height)
        self.width, self.height = width, height
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """The natural size, or a height that fits the room left (not below MIN_SHRINK)."""
        width, height = self.natural
        self.width = min(width, round(avail_width, 2))
        self.height = height
        if height > avail_height >= height * MIN_SHRINK:
            self.height = float(math.floor(avail_height))
        return self.width, self.height

    def draw(self) -> None:
        """Graphic, then title and note over its background; tagged, the title is the
        ``Caption`` before the ``Figure`` and the note a ``P`` after it."""
        graphic = self.draw_at(self.width, self.height)
        tags = tags_of(self.canv)
        if tags is None:
            for drawing in (graphic.body, graphic.title, graphic.note):
                if drawing.contents:
                    self._render(drawing)
            return
        caption = None
        if graphic.title.contents:
            caption = tags.open("Caption")  # first in reading order, drawn second
            tags.close(caption)
        self._figure(tags, graphic.body)
        if caption is not None:
            with tags.resume(caption), tags.content():
                self._render(graphic.title)
        if graphic.note.contents:
            with tags.element("P"), tags.content():
                self._render(graphic.note)

    def _figure(self, tags: Tags, body: Drawing) -> None:
        figure = tags.open("Figure", alt=self.alt)
        with tags.content():
            self._render(body)
        figure.set_bbox(tags.bbox(self.width, self.height))
        tags.close(figure)

    def _render(self, drawing: Drawing) -> None:
        from porreport.bulletin import drawings  # loads ReportLab's renderer: the first graphic

        drawings.draw(drawing, self.canv, 0, 0)


@lru_cache(maxsize=64)
def chart_height(spec: ChartSpec, width: float) -> float:
    """A height in points that suits the chart kind and its number of categories; bars get
    the room their wrapped category labels need to stay apart (cached, as the drawings)."""
    n = len(spec.categories)
    if spec.kind in ("bar", "clustered_bar"):
        load_matplotlib()
        from porreport.charts.layout import category_step  # loads matplotlib

        step = category_step(spec.categories, width / INCH) + BAR_MARGIN
        needed = 70.0 + step * n * AXIS_MARGINS
        if spec.kind == "bar":
            natural = min(width * 0.75, 70.0 + 30.0 * n)
        else:  # each bar of a group as thick as its data label needs
            natural = 70.0 + 16.0 * max(1, len(spec.series)) * n
        return min(max(natural, needed), MAX_CHART_HEIGHT)
    if spec.kind == "pie":
        return width * 0.38
    if spec.kind == "column":
        return width * 0.4
    return width * 0.48


@lru_cache(maxsize=16)
def map_height(spec: MapSpec, width: float) -> float:
    """Height of the map: at most close to square, less when the region's shape and its
    legend need less (a long coastal region with its legend under it); cached, as the
    drawings."""
    load_matplotlib()
    from porreport.charts.map import AA_MAP_STYLE  # loads matplotlib
    from porreport.charts.map_layout import fitted_height

    return fitted_height(spec, width, width * MAP_SHARE, AA_MAP_STYLE)


def _graphic(body: Drawing, parts: dict[str, Drawing]) -> Graphic:
    return Graphic(body, parts[TITLE_GID], parts[NOTE_GID])


@lru_cache(maxsize=64)
def chart_graphic(spec: ChartSpec, width: float, height: float) -> Graphic:
    """The chart drawn at ``width`` x ``height`` points (cached)."""
    load_matplotlib()
    from porreport.bulletin.mpl_drawing import figure_parts  # loads matplotlib
    from porreport.charts.draw import chart_figure

    with chart_figure(spec, width / INCH, height / INCH, dpi=int(INCH)) as fig:
        return _graphic(*figure_parts(fig, APART))


@lru_cache(maxsize=16)
def map_graphic(spec: MapSpec, width: float, height: float) -> Graphic:
    """The map drawn at ``width`` x ``height`` points (cached)."""
    load_matplotlib()
    from porreport.bulletin.mpl_drawing import figure_parts  # loads matplotlib
    from porreport.charts.draw import map_figure
    from porreport.charts.map import AA_MAP_STYLE

    with map_figure(spec, width / INCH, height / INCH, dpi=int(INCH), style=AA_MAP_STYLE) as fig:
        return _graphic(*figure_parts(fig, APART))


def chart_drawing(spec: ChartSpec, width: float, height: float) -> Drawing:
    """The whole chart as one Drawing (title and graphic), as the bulletin draws it."""
    return whole_drawing(chart_graphic(spec, width, height))


def map_drawing(spec: MapSpec, width: float, height: float) -> Drawing:
    """The whole map as one Drawing (title, graphic and attribution)."""
    return whole_drawing(map_graphic(spec, width, height))


def whole_drawing(graphic: Graphic) -> Drawing:
    """The graphic with its title and note, as one Drawing."""
    whole = Drawing(graphic.body.width, graphic.body.height)
    whole.initialFontName = graphic.body.initialFontName
    for part in (graphic.body, graphic.title, graphic.note):  # as the figure draws them
        for shape in part.contents:
            whole.add(shape)
    return whole


def graphic_flowables(block: Chart | Map, width: float) -> Flowables:
    """The flowables of a chart or map block at the frame's width: the graphic, and after a
    map the table of its provinces, kept with it."""
    width = round(width, 2)
    if isinstance(block, Chart):
        spec = block.spec
        height = round(chart_height(spec, width), 2)
        return [GraphicFlowable(partial(chart_graphic, spec), width, height, spec.alt_text)]
    height = round(map_height(block.spec, width), 2)
    graphic = GraphicFlowable(partial(map_graphic, block.spec), width, height, block.spec.alt_text)
    graphic.keepWithNext = True
    return [graphic, *province_table(block.spec, width)]
