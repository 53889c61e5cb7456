"""The province choropleth, for any Italian region, drawn with plain matplotlib.

Everything is placed by ``porreport.charts.map_layout`` (the same layout the deck draws as
native shapes): the provinces of ``MapSpec.regions`` in the classes of
``porreport.charts.classes`` (zero its own class, provinces without data in a distinct
"Nessun dato" key), each labelled with its sigla and count, neighbouring provinces faintly
and clipped to the map's window, the legend, the attribution and, for illustrative figures,
a visible "Dati illustrativi" badge. ``porreport.charts.draw.render_map`` wraps it with the
project theme and the image formats.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path

from porreport import theme
from porreport.charts.geometry import Frame, ProvinceShape
from porreport.charts.map_layout import (
    MapError,
    MapLayout,
    MapStyle,
    Swatch,
    TextItem,
    layout_map,
)
from porreport.charts.marks import NOTE_GID, TITLE_GID
from porreport.content.document import MapSpec

__all__ = ["AA_MAP_STYLE", "MAP_STYLE", "MapError", "MapStyle", "draw_map", "province_path"]

POINTS_PER_INCH = 72
MAP_STYLE = MapStyle()
# the map as the bulletin prints it: no text under theme.MIN_TEXT_PT (the attribution); the
# deck keeps MAP_STYLE
AA_MAP_STYLE = MapStyle(note=theme.MIN_TEXT_PT)
_MOVETO, _LINETO, _CLOSEPOLY = int(Path.MOVETO), int(Path.LINETO), int(Path.CLOSEPOLY)


def province_path(shape: ProvinceShape, frame: Frame) -> Path:
    """One compound path of a province (holes included), in the frame's projected units."""
    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    for poly in shape.polygons:
        for ring in poly:
            points = [frame.project(p) for p in ring]
            vertices += [*points, points[0]]
            codes += [_MOVETO] + [_LINETO] * (len(ring) - 1) + [_CLOSEPOLY]
    return Path(vertices, codes)


def _patch(ax: Axes, path: Path, fill: str, width: float, zorder: int) -> None:
    # add_artist, not add_patch: the limits are set explicitly, and add_patch's per-vertex
    # limit update costs ~0.2 s per map; add_artist also clips the patch to the axes
    ax.add_artist(
        PathPatch(
            path,
            facecolor=theme.mpl(fill),
            edgecolor=theme.mpl(theme.WHITE),
            linewidth=width,
            zorder=zorder,
        )
    )


def _text(ax: Axes, item: TextItem, gid: str | None = None) -> None:
    ax.text(
        item.x,
        item.y,
        item.text,
        ha="left" if item.align == "l" else "center",
        va="center",
        fontsize=item.size,
        fontweight="bold" if item.bold else "normal",
        color=theme.mpl(item.color),
        clip_on=False,
        zorder=4,
        gid=gid,
    )


def _swatch(ax: Axes, swatch: Swatch) -> None:
    x, y, w, h = swatch.rect
    ax.add_artist(
        Rectangle(
            (x, y),
            w,
            h,
            facecolor=theme.mpl(swatch.fill),
            edgecolor=theme.mpl(swatch.outline) if swatch.outline else "none",
            linewidth=0.6,
            clip_on=False,
            zorder=3,
        )
    )


def _map_axes(fig: Figure, layout: MapLayout) -> Axes:
    """Axes over the map window, in projected units."""
    x, y, w, h = layout.rect
    ax = fig.add_axes(
        (x / layout.width, 1 - (y + h) / layout.height, w / layout.width, h / layout.height)
    )
    box = layout.frame.box
    ax.set_xlim(box[0], box[2])
    ax.set_ylim(box[1], box[3])
    ax.set_axis_off()
    return ax


def _overlay(fig: Figure, layout: MapLayout) -> Axes:
    """Axes over the whole figure in points from its top-left corner, for the texts and the
    legend (the coordinates the deck uses too)."""
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0, layout.width)
    ax.set_ylim(layout.height, 0)
    ax.set_axis_off()
    return ax


def draw_map(fig: Figure, spec: MapSpec, style: MapStyle = MAP_STYLE) -> None:
    """Draw the choropleth of ``spec`` on an empty themed figure; the title and the
    attribution carry the gids a renderer may set apart (``porreport.charts.marks``)."""
    width_in, height_in = fig.get_size_inches()
    layout = layout_map(spec, width_in * POINTS_PER_INCH, height_in * POINTS_PER_INCH, style)
    ax = _map_axes(fig, layout)
    for shape in layout.context:
        _patch(ax, province_path(shape, layout.frame), theme.CONTEXT, style.context_line, 1)
    for province in layout.provinces:
        path = province_path(province.shape, layout.frame)
        _patch(ax, path, province.fill, style.province_line, 2)
    over = _overlay(fig, layout)
    _text(over, layout.title, TITLE_GID)
    for province in layout.provinces:
        for item in province.labels:
            _text(over, item)
    _text(over, layout.legend_title)
    for entry in (*layout.legend, *([layout.badge] if layout.badge else [])):
        _swatch(over, entry.swatch)
        _text(over, entry.text)
    for note in layout.notes:
        _text(over, note, NOTE_GID)
