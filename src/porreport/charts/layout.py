"""Where the parts of a chart go: the title, the value axis with Italian ticks, the legend,
wrapped category labels and the axes rectangle, computed from the labels' widths measured
with the bundled font's metrics instead of running a layout engine at draw time."""

from __future__ import annotations

import math
import textwrap
from typing import Literal

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from porreport import theme
from porreport.charts.marks import TITLE_GID
from porreport.charts.style import (
    BASE_SIZE,
    BOX_EM,
    EDGE_IN,
    INK_BOTTOM,
    INK_TOP,
    SMALL_SIZE,
    TITLE_SIZE,
)
from porreport.content.document import ChartSpec
from porreport.formatting import number
from porreport.typesetting import text_width


def _tick_formatter(step: float) -> FuncFormatter:
    """Italian tick labels ('1.234,5'), with as many decimals as the tick step needs."""
    digits = 0
    if step > 0 and step < 1:
        digits = min(3, math.ceil(-math.log10(step) - 1e-9))

    def fmt(value: float, _pos: int | None = None) -> str:
        return number(round(value, 6), digits)

    return FuncFormatter(fmt)


def value_axis(ax: Axes, axis: Literal["x", "y"], upper: float, title: str | None) -> None:
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


def add_title(fig: Figure, spec: ChartSpec) -> None:
    """The chart's title, top left of the figure."""
    height_in = fig.get_size_inches()[1]
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


def text_inches(text: str, size: float, bold: bool = False) -> float:
    """Width of the widest line of ``text`` in inches (with a margin for Agg's hinting)."""
    return max(text_width(line, size, bold) for line in text.split("\n")) * 1.08 / 72


def line_height(size: float) -> float:
    """Height of one text line in inches."""
    return size * 1.3 / 72


def fit_axes(
    fig: Figure,
    ax: Axes,
    horizontal: bool,
    legend_rows: int = 0,
    category_size: float = BASE_SIZE,
) -> None:
    """Place the axes so that title, legend (of ``legend_rows`` rows), tick labels and axis
    title fit the figure.

    Measures the labels with the bundled font's metrics instead of running a layout
    engine at draw time; ``category_size`` is the size of the category labels.
    """
    width_in, height_in = fig.get_size_inches()
    categories = [
        t.get_text() for t in (ax.get_yticklabels() if horizontal else ax.get_xticklabels())
    ]
    values = ax.xaxis if horizontal else ax.yaxis
    lo, hi = ax.get_xlim() if horizontal else ax.get_ylim()
    ticks = [t for t in values.get_major_locator().tick_values(lo, hi) if lo <= t <= hi]
    tick_text = [values.get_major_formatter()(t, None) for t in ticks] or ["0"]
    axis_title = (ax.get_xlabel() if horizontal else ax.get_ylabel()) != ""
    top = (
        EDGE_IN
        + line_height(TITLE_SIZE)
        + 0.08
        + (line_height(SMALL_SIZE) * legend_rows + 0.1 if legend_rows else 0.0)
    )
    if horizontal:
        left = EDGE_IN + max(text_inches(c, category_size) for c in categories) + 6 / 72
        bottom = (
            EDGE_IN
            + line_height(BASE_SIZE)
            + 4 / 72
            + (line_height(SMALL_SIZE) + 2 / 72 if axis_title else 0)
        )
        right = EDGE_IN + text_inches(tick_text[-1], BASE_SIZE) / 2
    else:
        lines = max(c.count("\n") + 1 for c in categories)
        left = EDGE_IN + max(text_inches(t, BASE_SIZE) for t in tick_text) + 4 / 72
        left += line_height(SMALL_SIZE) + 2 / 72 if axis_title else 0.0
        bottom = EDGE_IN + lines * line_height(BASE_SIZE) + 6 / 72
        right = EDGE_IN
    ax.set_position(
        (
            left / width_in,
            bottom / height_in,
            1 - (left + right) / width_in,
            1 - (top + bottom) / height_in,
        )
    )


def room_for_labels(
    values: list[float],
    labels: list[str],
    axes_in: float,
    upper: float,
    size: float = BASE_SIZE,
    bold: bool = True,
) -> float:
    """An axis maximum at which every bar's data label fits after the bar's end."""
    for value, label in zip(values, labels, strict=True):
        room = axes_in - text_inches(label, size, bold=bold) - 8 / 72
        if room > 0:
            upper = max(upper, value * axes_in / room)
    return upper


def headroom(values: list[float], spec: ChartSpec) -> float:
    """An axis maximum a little above the highest value (or the reference line)."""
    top = max([*values, spec.reference[1] if spec.reference else 0.0, 0.0])
    return top * 1.16 if top > 0 else 1.0


def wrap_label(label: str, chars: int) -> str:
    """Wrap a long category label on word boundaries (never cut it)."""
    lines = [textwrap.fill(part, width=max(chars, 8)) for part in label.split("\n")]
    return "\n".join(lines)


def label_chars(width_in: float, share: float, size: float = BASE_SIZE) -> int:
    """How many characters fit on one line of a category label taking ``share`` of the width."""
    em = size / 72.0
    return int(width_in * share / (em * 0.5))


# Category labels beside horizontal bars: the share of the chart's width they may take, and
# their size, tried in this order until consecutive labels leave room between them.
CATEGORY_FITS = tuple(
    (share, size) for size in (BASE_SIZE, 8.5, 8.0, 7.5, 7.0) for share in (0.34, 0.42)
)
CATEGORY_GAP = 6.0  # points between the labels of consecutive categories: half a line


def category_lines(labels: list[str]) -> int:
    """The most lines a wrapped category label takes."""
    return max((label.count("\n") + 1 for label in labels), default=1)


def category_height(lines: int, size: float) -> float:
    """Height in points from the top of the first line's capitals to the bottom of the last
    line's descenders, for a category label of ``lines`` lines at ``size`` points."""
    return size * BOX_EM * (lines - INK_TOP - INK_BOTTOM)


def category_step(categories: tuple[str, ...], width_in: float) -> float:
    """The points a category of a horizontal bar chart needs for its label as first wrapped
    (at the full size), so that a renderer can give the chart that height."""
    share, size = CATEGORY_FITS[0]
    labels = [wrap_label(c, label_chars(width_in, share, size)) for c in categories]
    return category_height(category_lines(labels), size) + CATEGORY_GAP


def fit_categories(
    categories: tuple[str, ...], width_in: float, step: float
) -> tuple[list[str], float]:
    """Category labels wrapped (and if need be set smaller) so that each fits the ``step``
    points between consecutive bars with room to spare; the last try when none fits."""
    labels: list[str] = []
    size = BASE_SIZE
    for share, size in CATEGORY_FITS:
        labels = [wrap_label(c, label_chars(width_in, share, size)) for c in categories]
        if category_height(category_lines(labels), size) + CATEGORY_GAP <= step:
            break
    return labels, size


LEGEND_HANDLE_EM = 1.0  # the swatch, in font sizes (handlelength)
LEGEND_PAD_EM = 0.8  # between swatch and text (matplotlib's handletextpad)
LEGEND_SPACING_EM = 1.4  # between columns (columnspacing)


def legend_columns(names: list[str], width_in: float) -> int:
    """How many columns the legend takes: as many as fit the width, in rows of equal
    count (one row whenever the names fit)."""
    em = SMALL_SIZE / 72.0
    entry = [text_inches(n, SMALL_SIZE) + (LEGEND_HANDLE_EM + LEGEND_PAD_EM) * em for n in names]
    for columns in range(len(names), 0, -1):
        rows = math.ceil(len(names) / columns)
        per_column = [max(entry[c::columns]) for c in range(columns)]
        if rows and sum(per_column) + LEGEND_SPACING_EM * em * (columns - 1) <= width_in:
            return columns
    return 1


def add_legend(ax: Axes, names: list[str], width_in: float) -> int:
    """The series legend above the plot, under the title, in as few rows as fit
    ``width_in`` inches; returns its number of rows (``fit_axes`` makes room for them)."""
    columns = legend_columns(names, width_in)
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.02),
        borderaxespad=0.0,
        ncols=columns,
        handlelength=LEGEND_HANDLE_EM,
        handleheight=1.0,
        columnspacing=LEGEND_SPACING_EM,
        labelcolor=theme.mpl(theme.TEXT),
    )
    return math.ceil(len(names) / columns)
