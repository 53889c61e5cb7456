"""Charts for both documents, drawn once with matplotlib from the document's chart specs.

The bulletin takes the drawn figure (``chart_figure``, ``map_figure``) and draws it straight
into ReportLab shapes (``porreport.bulletin.mpl_drawing``) so the PDF keeps vectors and real
text; SVG (``render_chart(spec, "svg", w, h)``) keeps text as text too; PNG is for review and
the baselines. The deck draws native charts and its map as native shapes from the same map
layout (``porreport.charts.map_layout``), so the two documents never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from matplotlib.figure import Figure

from porreport.charts.kinds import DRAWERS, check
from porreport.charts.style import ChartError, ImageFormat, save, themed_figure
from porreport.content.document import ChartSpec, MapSpec

if TYPE_CHECKING:  # the map module loads its geometry only when a map is drawn
    from porreport.charts.map import MapStyle


def render_chart(
    spec: ChartSpec,
    fmt: ImageFormat,
    width_in: float,
    height_in: float,
    dpi: int = 200,
) -> bytes:
    """Draw a chart spec; SVG keeps text as text (font-family 'Titillium Web')."""
    with chart_figure(spec, width_in, height_in, dpi) as fig:
        return save(fig, fmt, dpi)


@contextmanager
def chart_figure(
    spec: ChartSpec, width_in: float, height_in: float, dpi: int = 72
) -> Iterator[Figure]:
    """The drawn chart as a themed figure, for a renderer to draw inside the ``with`` block
    (the theme applies inside the block). ``render_chart`` saves it; the
    bulletin draws it straight into ReportLab shapes (``porreport.bulletin.mpl_drawing``, at 72 dpi)."""
    draw = DRAWERS.get(spec.kind)
    if draw is None:
        raise ChartError(
            f"grafico '{spec.id}': tipo {spec.kind!r} non supportato. "
            f"Tipi ammessi: {', '.join(DRAWERS)}"
        )
    check(spec)
    with themed_figure(width_in, height_in, dpi) as fig:
        draw(fig, spec, width_in)
        yield fig


def render_map(
    spec: MapSpec,
    fmt: ImageFormat,
    width_in: float,
    height_in: float,
    dpi: int = 200,
    style: MapStyle | None = None,
) -> bytes:
    """Draw a province choropleth (see ``porreport.charts.map``); ``style`` defaults to
    ``MAP_STYLE``, the bulletin prints ``AA_MAP_STYLE``."""
    with map_figure(spec, width_in, height_in, dpi, style) as fig:
        return save(fig, fmt, dpi)


@contextmanager
def map_figure(
    spec: MapSpec, width_in: float, height_in: float, dpi: int = 72, style: MapStyle | None = None
) -> Iterator[Figure]:
    """The drawn map as a themed figure, like ``chart_figure``."""
    from porreport.charts.map import MAP_STYLE, draw_map  # imported when a map is drawn

    with themed_figure(width_in, height_in, dpi) as fig:
        draw_map(fig, spec, style or MAP_STYLE)
        yield fig
