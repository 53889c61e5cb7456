"""Charts for both documents, drawn once with matplotlib from the document's chart specs.

The bulletin takes the drawn figure (``chart_figure``, ``map_figure``) and draws it straight
into ReportLab shapes (``porreport.bulletin.mpl_drawing``) so the PDF keeps vectors and real text; SVG
(``render_chart(spec, "svg", w, h)``) keeps text as text too; the deck asks for PNG where a
picture is the right choice (the map). Both come from the same spec and the
same theme, so the two documents never disagree.

The theme: Titillium Web from the bundled ``fonts/`` (registered with matplotlib's font
manager, never looked up on the system), the palette of ``porreport.theme``, no top/right
spines, light gridlines on the value axis only. Labels are the already formatted Italian
strings of the spec; tick labels go through ``porreport.formatting.number``. Output is
deterministic: the same spec gives the same bytes.

No pyplot: figures are plain ``matplotlib.figure.Figure`` objects, never registered in
pyplot's global state, and are cleared once saved.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, Literal

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from porreport import theme
from porreport.content.document import ChartSpec, MapSpec
from porreport.errors import RenderError
from porreport.formatting import number
from porreport.resources import font_path
from porreport.typesetting import text_width

OutputFormat = Literal["svg", "png"]
FORMATS: tuple[str, ...] = ("svg", "png")
FONT_STYLES = ("Regular", "Bold", "SemiBold", "Italic", "Light")

BASE_SIZE = 9.0  # points: tick and data labels
TITLE_SIZE = 11.0
SMALL_SIZE = 8.0
HASH_SALT = "porreport"


class ChartError(RenderError):
    """A chart spec that cannot be drawn (names the spec and what was expected)."""


@cache
def register_fonts() -> str:
    """Register the bundled Titillium Web files with matplotlib; return the family name."""
    for style in FONT_STYLES:
        font_manager.fontManager.addfont(str(font_path(style)))
    return theme.FONT_FAMILY


def rc_theme() -> dict[str, Any]:
    """The project's matplotlib settings (applied with ``matplotlib.rc_context``)."""
    family = register_fonts()
    c = theme.mpl
    return {
        "font.family": [family],
        "font.size": BASE_SIZE,
        "font.weight": "normal",
        "text.color": c(theme.TEXT),
        "text.parse_math": False,
        "axes.edgecolor": c(theme.RULE),
        "axes.labelcolor": c(theme.MUTED),
        "axes.labelsize": SMALL_SIZE,
        "axes.titlesize": TITLE_SIZE,
        "axes.titleweight": "bold",
        "axes.titlecolor": c(theme.DARK),
        "axes.titlelocation": "left",
        "axes.titlepad": 10.0,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": False,
        "axes.axisbelow": True,
        "axes.linewidth": 0.8,
        "grid.color": c(theme.RULE),
        "grid.linewidth": 0.5,
        "grid.alpha": 0.8,
        "xtick.color": c(theme.RULE),
        "ytick.color": c(theme.RULE),
        "xtick.labelcolor": c(theme.TEXT),
        "ytick.labelcolor": c(theme.TEXT),
        "xtick.labelsize": BASE_SIZE,
        "ytick.labelsize": BASE_SIZE,
        "legend.frameon": False,
        "legend.fontsize": SMALL_SIZE,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "hatch.color": c(theme.MUTED),
        "svg.fonttype": "none",
        "svg.hashsalt": HASH_SALT,
        "svg.image_inline": True,
        "pdf.fonttype": 42,
        "path.simplify": True,
    }


@contextmanager
def themed_figure(width_in: float, height_in: float, dpi: int) -> Iterator[Figure]:
    """A fresh figure under the project theme, cleared on exit (never touches pyplot)."""
    if width_in <= 0 or height_in <= 0 or dpi <= 0:
        raise ChartError(f"dimensioni non valide: {width_in} x {height_in} pollici a {dpi} dpi")
    with matplotlib.rc_context(rc_theme()):
        # no layout engine: margins are computed from measured labels (``_fit_axes``);
        # constrained layout cost ~0.07 s per chart, half of the chart's time
        fig = Figure(figsize=(width_in, height_in), dpi=dpi)
        try:
            yield fig
        finally:
            fig.clear()


def save(fig: Figure, fmt: OutputFormat, dpi: int) -> bytes:
    """The figure as SVG or PNG bytes, with fixed metadata (deterministic output)."""
    if fmt not in FORMATS:
        raise ChartError(f"formato non supportato: {fmt!r}. Formati ammessi: {', '.join(FORMATS)}")
    buffer = io.BytesIO()
    if fmt == "svg":
        metadata: dict[str, Any] = {"Date": None, "Creator": "porreport"}
    else:
        metadata = {"Software": "porreport"}
    fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()


def render_chart(
    spec: ChartSpec,
    fmt: OutputFormat,
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
    (the theme applies and the figure is cleared on exit). ``render_chart`` saves it; the
    bulletin draws it straight into ReportLab shapes (``porreport.bulletin.mpl_drawing``, at 72 dpi)."""
    draw = _DRAWERS.get(spec.kind)
    if draw is None:
        raise ChartError(
            f"grafico '{spec.id}': tipo {spec.kind!r} non supportato. "
            f"Tipi ammessi: {', '.join(_DRAWERS)}"
        )
    _check(spec)
    with themed_figure(width_in, height_in, dpi) as fig:
        draw(fig, spec, width_in)
        yield fig


def render_map(
    spec: MapSpec,
    fmt: OutputFormat,
    width_in: float,
    height_in: float,
    dpi: int = 200,
) -> bytes:
    """Draw a province choropleth (see ``porreport.charts.provinces``)."""
    with map_figure(spec, width_in, height_in, dpi) as fig:
        return save(fig, fmt, dpi)


@contextmanager
def map_figure(spec: MapSpec, width_in: float, height_in: float, dpi: int = 72) -> Iterator[Figure]:
    """The drawn map as a themed figure, like ``chart_figure``."""

    from porreport.charts import provinces  # imported when a map is drawn

    with themed_figure(width_in, height_in, dpi) as fig:
        provinces.draw_map(fig, spec)
        yield fig


# --- shared helpers ----------------------------------------------------------------------


def _check(spec: ChartSpec) -> None:
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


def _tick_formatter(step: float) -> FuncFormatter:
    """Italian tick labels ('1.234,5'), with as many decimals as the tick step needs."""
    digits = 0
    if step > 0 and step < 1:
        digits = min(3, math.ceil(-math.log10(step) - 1e-9))

    def fmt(value: float, _pos: int | None = None) -> str:
        return number(round(value, 6), digits)

    return FuncFormatter(fmt)


def _value_axis(ax: Axes, axis: Literal["x", "y"], upper: float, title: str | None) -> None:
    """Light gridlines and Italian ticks on the value axis only; room for data labels."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(MaxNLocator(nbins=5, min_n_ticks=3, steps=[1, 2, 2.5, 5, 10]))
    if axis == "y":
        ax.set_ylim(0, upper)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0, pad=4)
        ax.tick_params(axis="x", length=0, pad=6)
        ax.grid(axis="y")
    else:
        ax.set_xlim(0, upper)
        ax.spines["bottom"].set_visible(False)
        ax.tick_params(axis="x", length=0, pad=4)
        ax.tick_params(axis="y", length=0, pad=6)
        ax.grid(axis="x")
    ticks = target.get_major_locator().tick_values(0, upper)
    step = float(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    target.set_major_formatter(_tick_formatter(step))
    if title:
        (ax.set_ylabel if axis == "y" else ax.set_xlabel)(title, color=theme.mpl(theme.MUTED))


def _title(fig: Figure, spec: ChartSpec) -> None:
    height_in = fig.get_size_inches()[1]
    fig.suptitle(
        spec.title,
        x=0.0,
        y=1.0 - EDGE_IN / height_in,
        ha="left",
        va="top",
        fontsize=TITLE_SIZE,
        fontweight="bold",
        color=theme.mpl(theme.DARK),
    )


EDGE_IN = 0.06  # blank border around the figure


def _inches(text: str, size: float, bold: bool = False) -> float:
    """Width of the widest line of ``text`` in inches (with a margin for Agg's hinting)."""
    return max(text_width(line, size, bold) for line in text.split("\n")) * 1.08 / 72


def _line(size: float) -> float:
    """Height of one text line in inches."""
    return size * 1.3 / 72


def _fit_axes(fig: Figure, ax: Axes, horizontal: bool, legend: bool) -> None:
    """Place the axes so that title, legend, tick labels and axis title fit the figure.

    Measures the labels with the bundled font's metrics instead of running a layout
    engine at draw time.
    """
    width_in, height_in = fig.get_size_inches()
    categories = [
        t.get_text() for t in (ax.get_yticklabels() if horizontal else ax.get_xticklabels())
    ]
    value_axis = ax.xaxis if horizontal else ax.yaxis
    lo, hi = ax.get_xlim() if horizontal else ax.get_ylim()
    ticks = [t for t in value_axis.get_major_locator().tick_values(lo, hi) if lo <= t <= hi]
    tick_text = [value_axis.get_major_formatter()(t, None) for t in ticks] or ["0"]
    axis_title = (ax.get_xlabel() if horizontal else ax.get_ylabel()) != ""
    top = EDGE_IN + _line(TITLE_SIZE) + 0.08 + (_line(SMALL_SIZE) + 0.1 if legend else 0.0)
    if horizontal:
        left = EDGE_IN + max(_inches(c, BASE_SIZE) for c in categories) + 6 / 72
        bottom = (
            EDGE_IN + _line(BASE_SIZE) + 4 / 72 + (_line(SMALL_SIZE) + 2 / 72 if axis_title else 0)
        )
        right = EDGE_IN + _inches(tick_text[-1], BASE_SIZE) / 2
    else:
        lines = max(c.count("\n") + 1 for c in categories)
        left = EDGE_IN + max(_inches(t, BASE_SIZE) for t in tick_text) + 4 / 72
        left += _line(SMALL_SIZE) + 2 / 72 if axis_title else 0.0
        bottom = EDGE_IN + lines * _line(BASE_SIZE) + 6 / 72
        right = EDGE_IN
    ax.set_position(
        (
            left / width_in,
            bottom / height_in,
            1 - (left + right) / width_in,
            1 - (top + bottom) / height_in,
        )
    )


def _room_for_labels(values: list[float], labels: list[str], axes_in: float, upper: float) -> float:
    """An axis maximum at which every bar's data label fits after the bar's end."""
    for value, label in zip(values, labels, strict=True):
        room = axes_in - _inches(label, BASE_SIZE, bold=True) - 8 / 72
        if room > 0:
            upper = max(upper, value * axes_in / room)
    return upper


def _headroom(values: list[float], spec: ChartSpec) -> float:
    top = max([*values, spec.reference[1] if spec.reference else 0.0, 0.0])
    return top * 1.16 if top > 0 else 1.0


def _wrap(label: str, chars: int) -> str:
    """Wrap a long category label on word boundaries (never cut it)."""
    lines = [textwrap.fill(part, width=max(chars, 8)) for part in label.split("\n")]
    return "\n".join(lines)


def _label_chars(width_in: float, share: float) -> int:
    """How many characters fit on one line of a category label taking ``share`` of the width."""
    em = BASE_SIZE / 72.0
    return int(width_in * share / (em * 0.5))


def _legend(ax: Axes, n: int) -> None:
    """The series legend in one row above the plot, under the title."""
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.02),
        borderaxespad=0.0,
        ncols=min(n, 4),
        handlelength=1.0,
        handleheight=1.0,
        columnspacing=1.4,
        labelcolor=theme.mpl(theme.TEXT),
    )


# --- chart kinds -------------------------------------------------------------------------


def _column(fig: Figure, spec: ChartSpec, width_in: float) -> None:
    """Single-series columns, data labels on top, optional reference line (the dotazione)."""
    _title(fig, spec)
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
    ax.set_xticks(x, [_wrap(c, _label_chars(width_in / len(x), 0.9)) for c in spec.categories])
    _value_axis(ax, "y", _headroom(list(series.values), spec), spec.value_axis_title)
    if spec.reference:
        _reference_line(ax, spec.reference, "y")
    _fit_axes(fig, ax, horizontal=False, legend=False)


def _bar(fig: Figure, spec: ChartSpec, width_in: float) -> None:
    """Single-series horizontal bars, first category on top, long labels wrapped."""
    _title(fig, spec)
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
    ax.set_yticks(y, [_wrap(c, _label_chars(width_in, 0.34)) for c in spec.categories])
    ax.invert_yaxis()
    _value_axis(ax, "x", _headroom(list(series.values), spec), spec.value_axis_title)
    _fit_axes(fig, ax, horizontal=True, legend=False)
    axes_in = ax.get_position().width * width_in
    upper = _room_for_labels(list(series.values), list(series.labels), axes_in, ax.get_xlim()[1])
    _value_axis(ax, "x", upper, spec.value_axis_title)
    if spec.reference:
        _reference_line(ax, spec.reference, "x")


def _clustered(fig: Figure, spec: ChartSpec, width_in: float, horizontal: bool) -> None:
    """Grouped columns (or bars) per category, one colour per series, legend on top."""
    _title(fig, spec)
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
    upper = _headroom(values, spec) * (1.0 if horizontal else 1.08)
    if horizontal:
        ax.set_yticks(positions, [_wrap(c, _label_chars(width_in, 0.3)) for c in spec.categories])
        ax.invert_yaxis()
        _value_axis(ax, "x", upper, spec.value_axis_title)
    else:
        chars = _label_chars(width_in / len(positions), 0.9)
        ax.set_xticks(positions, [_wrap(c, chars) for c in spec.categories])
        _value_axis(ax, "y", upper, spec.value_axis_title)
    if spec.reference:
        _reference_line(ax, spec.reference, "x" if horizontal else "y")
    _legend(ax, n)
    _fit_axes(fig, ax, horizontal=horizontal, legend=True)


def _clustered_column(fig: Figure, spec: ChartSpec, width_in: float) -> None:
    _clustered(fig, spec, width_in, horizontal=False)


def _clustered_bar(fig: Figure, spec: ChartSpec, width_in: float) -> None:
    _clustered(fig, spec, width_in, horizontal=True)


def _reference_line(ax: Axes, reference: tuple[str, float], axis: Literal["x", "y"]) -> None:
    """A dashed accent line at the reference value, labelled at its end."""
    label, value = reference
    style = {
        "color": theme.mpl(theme.ACCENT),
        "linewidth": 1.4,
        "linestyle": (0, (4, 2)),
        "zorder": 3,
    }
    text = {"fontsize": SMALL_SIZE, "fontweight": "bold", "color": theme.mpl(theme.DARK)}
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
    _title(fig, spec)
    ax = fig.add_subplot()
    series = spec.series[0]
    colors = [theme.mpl(theme.SERIES[k % len(theme.SERIES)]) for k in range(len(series.values))]
    wedges, _ = ax.pie(
        series.values,
        colors=colors,
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.42, "edgecolor": "white", "linewidth": 1.5},
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
    top = EDGE_IN + _line(TITLE_SIZE) + 0.08
    ax.set_position((0.0, EDGE_IN / height_in, 1.0, 1 - (top + EDGE_IN) / height_in))


_DRAWERS: dict[str, Callable[[Figure, ChartSpec, float], None]] = {
    "column": _column,
    "bar": _bar,
    "clustered_column": _clustered_column,
    "clustered_bar": _clustered_bar,
    "pie": _pie,
}
