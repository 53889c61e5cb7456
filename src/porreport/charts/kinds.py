"""The chart kinds of a ``ChartSpec``: columns, bars, clustered columns and bars, and a ring
(pie). Each draws on an empty themed figure; labels are the spec's already formatted
Italian strings."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Literal

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from porreport import theme
from porreport.charts.layout import (
    add_legend,
    add_title,
    fit_axes,
    headroom,
    label_chars,
    line_height,
    room_for_labels,
    value_axis,
    wrap_label,
)
from porreport.charts.style import BASE_SIZE, EDGE_IN, SMALL_SIZE, TITLE_SIZE, ChartError
from porreport.content.document import ChartSpec


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


def _column(fig: Figure, spec: ChartSpec, width_in: float) -> None:
    """Single-series columns, data labels on top, optional reference line (the dotazione)."""
    add_title(fig, spec)
    ax = fig.add_subplot()
    series = spec.series[0]
    x = list(range(len(spec.categories)))
    bars = ax.bar(x, series.values, width=0.6, color=theme.mpl(theme.PRIMARY), zorder=2)
    ax.bar_label(
        bars,
        labels=list(series.labels),
        padding=3,
        fontsize=BASE_SIZE,
        fontweight="bold",
        color=theme.mpl(theme.DARK),
    )
    ax.set_xticks(x, [wrap_label(c, label_chars(width_in / len(x), 0.9)) for c in spec.categories])
    value_axis(ax, "y", headroom(list(series.values), spec), spec.value_axis_title)
    if spec.reference:
        _reference_line(ax, spec.reference, "y")
    fit_axes(fig, ax, horizontal=False, legend=False)


def _bar(fig: Figure, spec: ChartSpec, width_in: float) -> None:
    """Single-series horizontal bars, first category on top, long labels wrapped."""
    add_title(fig, spec)
    ax = fig.add_subplot()
    series = spec.series[0]
    y = list(range(len(spec.categories)))
    bars = ax.barh(y, series.values, height=0.62, color=theme.mpl(theme.PRIMARY), zorder=2)
    ax.bar_label(
        bars,
        labels=list(series.labels),
        padding=4,
        fontsize=BASE_SIZE,
        fontweight="bold",
        color=theme.mpl(theme.DARK),
    )
    ax.set_yticks(y, [wrap_label(c, label_chars(width_in, 0.34)) for c in spec.categories])
    ax.invert_yaxis()
    value_axis(ax, "x", headroom(list(series.values), spec), spec.value_axis_title)
    fit_axes(fig, ax, horizontal=True, legend=False)
    axes_in = ax.get_position().width * width_in
    upper = room_for_labels(list(series.values), list(series.labels), axes_in, ax.get_xlim()[1])
    value_axis(ax, "x", upper, spec.value_axis_title)
    if spec.reference:
        _reference_line(ax, spec.reference, "x")


def _clustered(fig: Figure, spec: ChartSpec, width_in: float, horizontal: bool) -> None:
    """Grouped columns (or bars) per category, one colour per series, legend on top."""
    add_title(fig, spec)
    ax = fig.add_subplot()
    n = len(spec.series)
    group = 0.8
    width = group / n
    positions = list(range(len(spec.categories)))
    values: list[float] = []
    for k, series in enumerate(spec.series):
        offset = -group / 2 + width * (k + 0.5)
        where = [p + offset for p in positions]
        color = theme.mpl(theme.SERIES[k % len(theme.SERIES)])
        if horizontal:
            bars = ax.barh(
                where, series.values, height=width * 0.92, color=color, label=series.name, zorder=2
            )
        else:
            bars = ax.bar(
                where, series.values, width=width * 0.92, color=color, label=series.name, zorder=2
            )
        ax.bar_label(
            bars,
            labels=list(series.labels),
            padding=2,
            fontsize=SMALL_SIZE - 1,
            color=theme.mpl(theme.TEXT),
            rotation=0 if horizontal else 90,
        )
        values += list(series.values)
    upper = headroom(values, spec) * (1.0 if horizontal else 1.08)
    if horizontal:
        ax.set_yticks(
            positions, [wrap_label(c, label_chars(width_in, 0.3)) for c in spec.categories]
        )
        ax.invert_yaxis()
        value_axis(ax, "x", upper, spec.value_axis_title)
    else:
        chars = label_chars(width_in / len(positions), 0.9)
        ax.set_xticks(positions, [wrap_label(c, chars) for c in spec.categories])
        value_axis(ax, "y", upper, spec.value_axis_title)
    if spec.reference:
        _reference_line(ax, spec.reference, "x" if horizontal else "y")
    add_legend(ax, n)
    fit_axes(fig, ax, horizontal=horizontal, legend=True)


def _clustered_column(fig: Figure, spec: ChartSpec, width_in: float) -> None:
    _clustered(fig, spec, width_in, horizontal=False)


def _clustered_bar(fig: Figure, spec: ChartSpec, width_in: float) -> None:
    _clustered(fig, spec, width_in, horizontal=True)


def _reference_line(ax: Axes, reference: tuple[str, float], axis: Literal["x", "y"]) -> None:
    """A dashed accent line at the reference value, labelled at its end."""
    label, value = reference
    style: dict[str, Any] = {
        "color": theme.mpl(theme.ACCENT),
        "linewidth": 1.4,
        "linestyle": (0, (4, 2)),
        "zorder": 3,
    }
    text: dict[str, Any] = {
        "fontsize": SMALL_SIZE,
        "fontweight": "bold",
        "color": theme.mpl(theme.DARK),
    }
    if axis == "y":
        ax.axhline(value, **style)
        ax.annotate(
            label,
            (1.0, value),
            xycoords=("axes fraction", "data"),
            xytext=(0, 3),
            textcoords="offset points",
            ha="right",
            va="bottom",
            **text,
        )
    else:
        ax.axvline(value, **style)
        ax.annotate(
            label,
            (value, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(-3, 0),
            textcoords="offset points",
            ha="right",
            va="top",
            **text,
        )


def _pie(fig: Figure, spec: ChartSpec, width_in: float) -> None:
    """A ring (donut) with the category and its label outside each slice."""
    add_title(fig, spec)
    ax = fig.add_subplot()
    series = spec.series[0]
    colors = [theme.mpl(theme.SERIES[k % len(theme.SERIES)]) for k in range(len(series.values))]
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
