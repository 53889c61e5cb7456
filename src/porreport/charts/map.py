"""The province choropleth, for any Italian region, drawn with plain matplotlib.

The map shows the provinces of ``MapSpec.regions`` in the classes of
``porreport.charts.classes``, provinces without data in a distinct "Nessun dato" class (not
zero), each province labelled with its sigla and count, neighbouring provinces faintly for
context, the attribution under the map and, for illustrative figures, a visible "Dati
illustrativi" note. ``porreport.charts.draw.render_map`` wraps it with the project theme
and the image formats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch

from porreport import theme
from porreport.charts.classes import MapClass, class_of, classify
from porreport.charts.geometry import GEOMETRY_FILE, ProvinceShape, geometry
from porreport.charts.marks import NO_DATA_LABEL, NOTE_GID, TITLE_GID
from porreport.charts.style import EDGE_IN, TITLE_SIZE
from porreport.content.document import MapSpec, ProvinceValue
from porreport.errors import RenderError
from porreport.typesetting import text_width

ILLUSTRATIVE_NOTE = "Dati illustrativi"
LABEL_SIZE = 7.5
MARGIN = 0.04  # share of the extent added around the region


@dataclass(frozen=True)
class MapStyle:
    """What may differ between the map as the deck shows it and as the bulletin prints it:
    the class colours and the size of the attribution."""

    palette: tuple[str, ...]  # sequential, light to dark (classes skip the lightest)
    attribution_size: float  # points


# the map as the deck shows it (its picture stays as it is)
MAP_STYLE = MapStyle(theme.SEQUENTIAL, 6.5)
# every label at least 4.5:1 on its class colour, no text under theme.MIN_TEXT_PT
AA_MAP_STYLE = MapStyle(theme.SEQUENTIAL_AA, theme.MIN_TEXT_PT)


class MapError(RenderError):
    """A map spec that cannot be drawn (e.g. a province code without geometry)."""


def _shapes_of(spec: MapSpec) -> list[tuple[ProvinceValue, ProvinceShape]]:
    shapes = geometry()
    out = []
    for p in spec.provinces:
        if p.codice_istat not in shapes:
            raise MapError(
                f"mappa '{spec.id}': nessun confine per la provincia {p.nome} "
                f"(codice ISTAT {p.codice_istat}) in {GEOMETRY_FILE}"
            )
        out.append((p, shapes[p.codice_istat]))
    if not out:
        raise MapError(f"mappa '{spec.id}': nessuna provincia da disegnare")
    return out


def _extent(shapes: list[ProvinceShape]) -> tuple[float, float, float, float]:
    boxes = [s.bounds() for s in shapes]
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    dx, dy = (x1 - x0) * MARGIN, (y1 - y0) * MARGIN
    return x0 - dx, y0 - dy, x1 + dx, y1 + dy


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _draw_context(ax: Axes, extent: tuple[float, float, float, float], skip: set[int]) -> None:
    """Neighbouring provinces, faint and unlabelled."""
    for code, shape in sorted(geometry().items()):
        if code in skip or not _overlaps(shape.bounds(), extent):
            continue
        # add_artist, not add_patch: the limits are set explicitly, and add_patch's
        # per-vertex limit update costs ~0.2 s per map
        ax.add_artist(
            PathPatch(
                shape.path(),
                facecolor=theme.mpl(theme.CONTEXT),
                edgecolor=theme.mpl(theme.WHITE),
                linewidth=0.6,
                zorder=1,
            )
        )


def _draw_province(
    ax: Axes, value: ProvinceValue, shape: ProvinceShape, cls: MapClass | None
) -> None:
    fill = cls.color if cls else theme.NO_DATA
    ax.add_artist(
        PathPatch(
            shape.path(),
            facecolor=theme.mpl(fill),
            edgecolor=theme.mpl(theme.WHITE),
            linewidth=0.9,
            zorder=2,
        )
    )
    ink = theme.ink_on(fill)
    x, y = shape.label
    lines = [(value.sigla, "bold")] + ([(value.label, "normal")] if value.label else [])
    offsets = [0.0] if len(lines) == 1 else [4.2, -4.6]
    for (text, weight), dy in zip(lines, offsets, strict=True):
        ax.annotate(
            text,
            (x, y),
            xytext=(0, dy),
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=LABEL_SIZE,
            fontweight=weight,
            color=theme.mpl(ink),
            zorder=4,
        )


def _legend(ax: Axes, spec: MapSpec, classes: list[MapClass], has_missing: bool) -> None:
    handles = [
        Patch(facecolor=theme.mpl(c.color), edgecolor="none", label=c.label) for c in classes
    ]
    if has_missing:
        handles.append(
            Patch(
                facecolor=theme.mpl(theme.NO_DATA),
                edgecolor=theme.mpl(theme.RULE),
                linewidth=0.6,
                label=NO_DATA_LABEL,
            )
        )
    legend = ax.legend(
        handles=handles,
        title=spec.legend_title,
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        borderaxespad=0.0,
        handlelength=1.4,
        handleheight=1.1,
        alignment="left",
        fontsize=8.0,
        title_fontproperties={"weight": "bold", "size": 8.5},
        labelcolor=theme.mpl(theme.TEXT),
    )
    legend.get_title().set_color(theme.mpl(theme.DARK))


def _notes(fig: Figure, ax: Axes, spec: MapSpec, style: MapStyle) -> None:
    """Attribution under the map; the illustrative-data note above it, in the accent colour."""
    ax.annotate(
        spec.attribution,
        (0.0, 0.0),
        xycoords="axes fraction",
        xytext=(0, -6),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=style.attribution_size,
        color=theme.mpl(theme.MUTED),
        gid=NOTE_GID,
    )
    if spec.illustrative:
        ax.annotate(
            ILLUSTRATIVE_NOTE,
            (1.02, 0.0),
            xycoords="axes fraction",
            ha="left",
            va="bottom",
            fontsize=8.0,
            fontweight="bold",
            color=theme.mpl(theme.DARK),
            bbox={
                "boxstyle": "square,pad=0.35",
                "facecolor": theme.mpl(theme.ACCENT),
                "edgecolor": "none",
            },
        )


def _map_rect(
    spec: MapSpec, classes: list[MapClass], width_in: float, height_in: float
) -> tuple[float, float, float, float]:
    """Axes rectangle leaving room for the title, the legend on the right and the notes
    below, from the labels' measured widths (no layout engine at draw time)."""
    labels = [c.label for c in classes] + [NO_DATA_LABEL, ILLUSTRATIVE_NOTE]
    legend_in = (
        max(
            text_width(spec.legend_title, 8.5, bold=True) / 72,
            max(text_width(label, 8.0) for label in labels) / 72 + 0.3,
        )
        * 1.08
        + 0.15
    )
    left, right = EDGE_IN, legend_in + EDGE_IN
    top, bottom = EDGE_IN + TITLE_SIZE * 1.3 / 72 + 0.1, 0.25
    return (
        left / width_in,
        bottom / height_in,
        1 - (left + right) / width_in,
        1 - (top + bottom) / height_in,
    )


def draw_map(fig: Figure, spec: MapSpec, style: MapStyle = MAP_STYLE) -> None:
    """Draw the choropleth of ``spec`` on an empty themed figure."""
    pairs = _shapes_of(spec)
    values = [p.value for p, _ in pairs if p.value is not None]
    classes = classify(values, palette=style.palette)
    width_in, height_in = fig.get_size_inches()
    title = fig.suptitle(
        spec.title,
        x=0.0,
        y=1.0 - EDGE_IN / height_in,
        ha="left",
        va="top",
        fontsize=TITLE_SIZE,
        fontweight="bold",
        color=theme.mpl(theme.DARK),
    )
    title.set_gid(TITLE_GID)
    ax = fig.add_axes(_map_rect(spec, classes, width_in, height_in))
    extent = _extent([s for _, s in pairs])
    _draw_context(ax, extent, {p.codice_istat for p, _ in pairs})
    for value, shape in pairs:
        _draw_province(ax, value, shape, class_of(value.value, classes))
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    mean_lat = (extent[1] + extent[3]) / 2
    # roughly equal-area at this latitude; anchored top-left so the legend stays beside it
    ax.set_aspect(1 / math.cos(math.radians(mean_lat)), anchor="NW")
    ax.set_axis_off()
    _legend(ax, spec, classes, any(p.value is None for p, _ in pairs))
    _notes(fig, ax, spec, style)
