"""The chart kinds of a ``ChartSpec``: columns, bars, clustered columns and bars, and a ring
(pie). Each draws on an empty themed figure; labels are the spec's already formatted
Italian strings, placed where they meet nothing else (``porreport.charts.labels``).

Colours are ``theme.CHART_SERIES`` and ``theme.CHART_REFERENCE``: every series and the
reference line at least 3:1 on white, and bars of one group apart by a white gap.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure

from porreport import theme
from porreport.charts import labels as lb
from porreport.charts.layout import (
    add_legend,
    add_title,
    fit_axes,
    fit_categories,
    headroom,
    label_chars,
    line_height,
    room_for_labels,
    value_axis,
    wrap_label,
)
from porreport.charts.style import BASE_SIZE, EDGE_IN, SMALL_SIZE, TITLE_SIZE, ChartError
from porreport.content.document import ChartSpec

GROUP = 0.8  # share of a category's slot its clustered bars take
BAR_SHARE = 0.92  # share of its slot a clustered bar fills: the rest is a white gap
LEGEND_SHARE = 0.85  # of the chart's width, for the legend (the axes start after the ticks)


def check(spec: ChartSpec) -> None:
    """Raise ``ChartError`` unless the spec has data: categories, and series that match them."""
    n = len(spec.categories)
    if not spec.series or n == 0:
        raise ChartError(f"grafico '{spec.id}': nessuna serie di dati o nessuna categoria")
    if spec.kind == "pie" and sum(spec.series[0].values) <= 0:
        raise ChartError(f"grafico '{spec.id}': un grafico a torta richiede un totale positivo")
    for s in spec.series:
        if len(s.values) != n or len(s.labels) != n:
            raise ChartError(
                f"grafico '{spec.id}', serie '{s.name}': {len(s.values)} valori e "
                f"{len(s.labels)} etichette per {n} categorie"
            )


def series_color(k: int) -> str:
    """The colour of the k-th series (hex)."""
    return theme.CHART_SERIES[k % len(theme.CHART_SERIES)]


@dataclass(frozen=True)
class Drawn:
    """The bars of a chart as drawn, with what placing their labels needs."""

    containers: list[tuple[BarContainer, tuple[str, ...], str]]  # bars, labels, fill
    style: lb.LabelStyle
    vertical: bool  # columns (labels above) or bars (labels to the right)


def _column(fig: Figure, spec: ChartSpec, width_in: float) -> None:
    """Single-series columns, data labels on top, optional reference line (the dotazione)."""
    add_title(fig, spec)
    ax = fig.add_subplot()
    series = spec.series[0]
    x = list(range(len(spec.categories)))
    fill = series_color(0)
    bars = ax.bar(x, series.values, width=0.6, color=theme.mpl(fill), zorder=2)
    ax.set_xticks(x, [wrap_label(c, label_chars(width_in / len(x), 0.9)) for c in spec.categories])
    style = lb.LabelStyle(BASE_SIZE, True, theme.DARK, pad=3)
    drawn = Drawn([(bars, series.labels, fill)], style, vertical=True)
    _label_columns(fig, ax, spec, drawn, headroom(list(series.values), spec), legend_rows=0)


def _bar(fig: Figure, spec: ChartSpec, width_in: float) -> None:
    """Single-series horizontal bars, first category on top, long labels wrapped."""
    add_title(fig, spec)
    ax = fig.add_subplot()
    series = spec.series[0]
    y = list(range(len(spec.categories)))
    fill = series_color(0)
    bars = ax.barh(y, series.values, height=0.62, color=theme.mpl(fill), zorder=2)
    ax.invert_yaxis()
    style = lb.LabelStyle(BASE_SIZE, True, theme.DARK, pad=4)
    drawn = Drawn([(bars, series.labels, fill)], style, vertical=False)
    _label_bars(fig, ax, spec, drawn, width_in, legend_rows=0)


def _clustered(fig: Figure, spec: ChartSpec, width_in: float, horizontal: bool) -> None:
    """Grouped columns (or bars) per category, one colour per series, legend on top."""
    add_title(fig, spec)
    ax = fig.add_subplot()
    n = len(spec.series)
    width = GROUP / n
    positions = list(range(len(spec.categories)))
    containers = []
    values: list[float] = []
    for k, series in enumerate(spec.series):
        offset = -GROUP / 2 + width * (k + 0.5)
        where = [p + offset for p in positions]
        fill = series_color(k)
        color, thick = theme.mpl(fill), width * BAR_SHARE
        if horizontal:
            bars = ax.barh(where, series.values, thick, color=color, label=series.name, zorder=2)
        else:
            bars = ax.bar(where, series.values, thick, color=color, label=series.name, zorder=2)
        containers.append((bars, series.labels, fill))
        values += list(series.values)
    rows = add_legend(ax, [s.name for s in spec.series], width_in * LEGEND_SHARE)
    style = lb.LabelStyle(SMALL_SIZE - 1, False, theme.TEXT, pad=2)
    if horizontal:
        ax.invert_yaxis()
        _label_bars(fig, ax, spec, Drawn(containers, style, vertical=False), width_in, rows)
        return
    chars = label_chars(width_in / len(positions), 0.9)
    ax.set_xticks(positions, [wrap_label(c, chars) for c in spec.categories])
    drawn = Drawn(containers, style, vertical=True)
    _label_columns(fig, ax, spec, drawn, headroom(values, spec) * 1.08, legend_rows=rows)


def _clustered_column(fig: Figure, spec: ChartSpec, width_in: float) -> None:
    _clustered(fig, spec, width_in, horizontal=False)


def _clustered_bar(fig: Figure, spec: ChartSpec, width_in: float) -> None:
    _clustered(fig, spec, width_in, horizontal=True)


# --- data labels ---------------------------------------------------------------------


def _bars(ax: Axes, drawn: Drawn) -> list[lb.Bar]:
    out: list[lb.Bar] = []
    for container, labels, fill in drawn.containers:
        out += lb.bars_of(ax, list(container.patches), labels, fill, drawn.vertical)
    return out


def _label_columns(
    fig: Figure, ax: Axes, spec: ChartSpec, drawn: Drawn, upper: float, legend_rows: int
) -> None:
    """Value axis, axes position and the labels of a column chart: the first position that
    suits every label, with the value axis raised (only) as far as labels above need."""

    def lay_out(top: float) -> list[lb.Bar]:
        value_axis(ax, "y", top, spec.value_axis_title)
        fit_axes(fig, ax, horizontal=False, legend_rows=legend_rows)
        return _bars(ax, drawn)

    bars = lay_out(upper)
    chosen: tuple[lb.Position, list[lb.Spot | None]] | None = None
    for position in lb.VERTICAL_ORDER:
        needed = _upper_for(ax, bars, position, drawn.style, upper)
        if needed > upper:
            bars = lay_out(needed)
        area = _column_area(fig, ax)
        found = lb.plan(bars, drawn.style, True, area, order=(position,))
        if found[0] == position and all(s is not None for s in found[1]):
            chosen = found
            break
        if needed > upper:
            bars = lay_out(upper)
    if chosen is None:
        chosen = lb.plan(bars, drawn.style, True, _column_area(fig, ax))
    _draw_labels(fig, ax, spec, drawn, bars, chosen[1], _column_area(fig, ax))


def _column_area(fig: Figure, ax: Axes) -> lb.Rect:
    """Where labels of columns may go: above the axis, under the top of the axes, across
    the figure's width."""
    box = lb.axes_rect(ax)
    width = fig.get_size_inches()[0] * 72
    return lb.Rect(EDGE_IN * 72, box.y0, width - EDGE_IN * 72, box.y1)


def _upper_for(
    ax: Axes, bars: Sequence[lb.Bar], position: lb.Position, style: lb.LabelStyle, upper: float
) -> float:
    """The value axis maximum at which labels above the columns end under the axes' top."""
    if position not in ("outside", "turned"):
        return upper
    height = lb.axes_rect(ax).y1 - lb.axes_rect(ax).y0
    needed = upper
    for bar in bars:
        placed = lb.spot(bar, position, style, vertical=True)
        if placed is None:
            continue
        room = height - lb.GAP - (placed.rect.y1 - bar.rect.y1)
        value = bar.anchor[1]
        if room > 0 and value > 0:
            needed = max(needed, value * height / room)
    return needed


def _label_bars(
    fig: Figure, ax: Axes, spec: ChartSpec, drawn: Drawn, width_in: float, legend_rows: int
) -> None:
    """Category labels, value axis, axes position and the labels of a bar chart: the
    category labels wrapped and sized to keep apart, the value axis long enough for the
    labels after the bars."""
    series = spec.series[: len(drawn.containers)]
    values = [v for s in series for v in s.values]
    labels = [label for s in series for label in s.labels]
    upper = headroom(values, spec)
    ticks = list(range(len(spec.categories)))
    ax.set_yticks(ticks, [wrap_label(c, label_chars(width_in, 0.34)) for c in spec.categories])
    value_axis(ax, "x", upper, spec.value_axis_title)
    fit_axes(fig, ax, horizontal=True, legend_rows=legend_rows)
    step = abs(lb.data_point(ax, 0, 1)[1] - lb.data_point(ax, 0, 0)[1])
    wrapped, size = fit_categories(spec.categories, width_in, step)
    ax.set_yticks(ticks, wrapped, fontsize=size)
    fit_axes(fig, ax, horizontal=True, legend_rows=legend_rows, category_size=size)
    axes_in = ax.get_position().width * width_in
    style = drawn.style
    upper = room_for_labels(values, labels, axes_in, ax.get_xlim()[1], style.size, style.bold)
    value_axis(ax, "x", upper, spec.value_axis_title)
    bars = _bars(ax, drawn)
    area = lb.axes_rect(ax)
    _, spots = lb.plan(bars, style, False, area)
    _draw_labels(fig, ax, spec, drawn, bars, spots, area)


def _draw_labels(
    fig: Figure,
    ax: Axes,
    spec: ChartSpec,
    drawn: Drawn,
    bars: list[lb.Bar],
    spots: list[lb.Spot | None],
    area: lb.Rect,
) -> None:
    """The reference line and its label, then every data label kept clear of them."""
    if spec.reference:
        reference = _reference_line(fig, ax, spec.reference, drawn.vertical, bars, spots)
        spots = lb.clear_of_reference(bars, spots, reference, drawn.style, area)
    for bar, spot in zip(bars, spots, strict=True):
        if spot is None:
            continue
        ax.annotate(
            bar.label,
            bar.anchor,
            xytext=spot.offset,
            textcoords="offset points",
            ha=spot.ha,
            va=spot.va,
            rotation=spot.rotation,
            fontsize=drawn.style.size,
            fontweight="bold" if drawn.style.bold else "normal",
            color=theme.mpl(spot.ink),
        )


def _reference_line(
    fig: Figure,
    ax: Axes,
    reference: tuple[str, float],
    vertical: bool,
    bars: list[lb.Bar],
    spots: list[lb.Spot | None],
) -> lb.Reference:
    """A dashed line at the reference value, labelled at one of its ends: the first of
    above right, below right, above left, below left (for columns; for bars, left or right
    of the line, at the top or the bottom) that meets no bar and no data label."""
    label, value = reference
    linewidth = 1.4
    ax_line = ax.axhline if vertical else ax.axvline
    ax_line(
        value,
        color=theme.mpl(theme.CHART_REFERENCE),
        linewidth=linewidth,
        linestyle=(0, (4, 2)),
        zorder=3,
    )
    box = lb.axes_rect(ax)
    w, h = lb.text_box(label, lb.LabelStyle(SMALL_SIZE, True, theme.DARK))
    # a candidate's rectangle: where the glyphs of the label are, its box less the margins
    half = linewidth / 2
    candidates: list[tuple[lb.Rect, Placing]] = []
    if vertical:
        y = lb.data_point(ax, 0, value)[1]
        line = lb.Rect(box.x0, y - half, box.x1, y + half)
        for right in (True, False):
            for above in (True, False):
                x0 = box.x1 - w if right else box.x0 + 3
                y0 = y + 3 if above else y - 3 - h
                placing = Placing(
                    (1.0 if right else 0.0, value),
                    ("axes fraction", "data"),
                    (0 if right else 3, 3 if above else -3),
                    "right" if right else "left",
                    "bottom" if above else "top",
                )
                candidates.append((lb.ink(lb.Rect(x0, y0, x0 + w, y0 + h)), placing))
    else:
        x = lb.data_point(ax, value, 0)[0]
        line = lb.Rect(x - half, box.y0, x + half, box.y1)
        for top in (True, False):
            for left in (True, False):
                x0 = x - 3 - w if left else x + 3
                y0 = box.y1 - h if top else box.y0
                placing = Placing(
                    (value, 1.0 if top else 0.0),
                    ("data", "axes fraction"),
                    (-3 if left else 3, 0),
                    "right" if left else "left",
                    "top" if top else "bottom",
                )
                candidates.append((lb.ink(lb.Rect(x0, y0, x0 + w, y0 + h)), placing))
    rect, placing = lb.reference_label(candidates, bars, spots, box)
    ax.annotate(
        label,
        placing.xy,
        xycoords=placing.xycoords,
        xytext=placing.offset,
        textcoords="offset points",
        ha=placing.ha,
        va=placing.va,
        fontsize=SMALL_SIZE,
        fontweight="bold",
        color=theme.mpl(theme.DARK),
    )
    return lb.Reference(line, rect, vertical)


@dataclass(frozen=True)
class Placing:
    """How to draw the reference line's label at one of its places."""

    xy: tuple[float, float]
    xycoords: tuple[str, str]
    offset: tuple[float, float]
    ha: str
    va: str


def _pie(fig: Figure, spec: ChartSpec, width_in: float) -> None:
    """A ring (donut) with the category and its label outside each slice."""
    add_title(fig, spec)
    ax = fig.add_subplot()
    series = spec.series[0]
    colors = [theme.mpl(series_color(k)) for k in range(len(series.values))]
    wedges, _ = ax.pie(
        series.values,
        colors=colors,
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.42, "edgecolor": theme.mpl(theme.WHITE), "linewidth": 1.5},
        radius=1.0,
    )
    for wedge, category, label in zip(wedges, spec.categories, series.labels, strict=True):
        angle = math.radians((wedge.theta1 + wedge.theta2) / 2)
        x, y = math.cos(angle), math.sin(angle)
        ha = "left" if x >= 0 else "right"
        ax.annotate(
            category,
            (0.8 * x, 0.8 * y),
            xytext=(1.18 * x, 1.18 * y + 0.07),
            ha=ha,
            va="bottom",
            fontsize=BASE_SIZE,
            color=theme.mpl(theme.TEXT),
            arrowprops={
                "arrowstyle": "-",
                "color": theme.mpl(theme.MUTED),
                "linewidth": 0.6,
                "shrinkA": 0,
                "shrinkB": 2,
            },
        )
        ax.annotate(
            label,
            (0, 0),
            xytext=(1.18 * x, 1.18 * y + 0.05),
            ha=ha,
            va="top",
            fontsize=BASE_SIZE + 1,
            fontweight="bold",
            color=theme.mpl(theme.DARK),
        )
    ax.set_aspect("equal")
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.25, 1.25)
    ax.axis("off")
    height_in = fig.get_size_inches()[1]
    top = EDGE_IN + line_height(TITLE_SIZE) + 0.08
    ax.set_position((0.0, EDGE_IN / height_in, 1.0, 1 - (top + EDGE_IN) / height_in))


# The drawing function of each chart kind.
DRAWERS: dict[str, Callable[[Figure, ChartSpec, float], None]] = {
    "column": _column,
    "bar": _bar,
    "clustered_column": _clustered_column,
    "clustered_bar": _clustered_bar,
    "pie": _pie,
}
