"""Where a native bar or column chart's labels go, so they never run into each other.

Office lays a chart out itself, so this estimates, from the chart's box and the font's
metrics, the room its plot area gets, and decides what holds for any data: a data label
that is wider than its bar first loses its unit (stated by the axis), then turns upright;
labels too thick for their bars shrink, down to ``MIN_SIZE``, or are left out; the value
axis ends far enough above the longest bar for its label, with ticks far enough apart for
their own labels; category names shrink until their lines fit their band. Nothing here
imports python-pptx.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from porreport.content.document import ChartSpec
from porreport.typesetting import text_width

EMU_PER_PT = 12700
MIN_SIZE = 7.0
LEADING = 1.2
PAD = 8.0  # the chart area's inner margin, points
NICE_STEPS = (1.0, 2.0, 2.5, 5.0)
CATEGORY_SHARE = 0.4  # of the chart's width the category names of horizontal bars may take
# Text is measured with Titillium Web's widths times this: where the font is missing, Arial
# (Liberation Sans) sets bold text up to 10% wider; labels must not touch even then.
WIDER = 1.15
_LITERAL = re.compile(r'"([^"]*)"|\\(.)')


@dataclass(frozen=True)
class BarLayout:
    """How a bar or column chart is laid out: the gap between groups (percent of a bar),
    the data labels' format, size, rotation and whether they are shown, the value axis's
    maximum and major unit (None: the viewer's), the category names' size."""

    gap_width: int
    label_format: str
    label_size: float
    rotated: bool
    shown: bool
    maximum: float | None
    major_unit: float | None
    category_size: float


# --- numbers as Office shows them (for measuring) -----------------------------------------


def without_literals(code: str) -> str:
    """An Excel number format without its quoted or escaped text ('#,##0.0" M€"' ->
    '#,##0.0')."""
    return _LITERAL.sub("", code).strip()


def shown(value: float, code: str) -> str:
    """``value`` as an Italian Office shows it with the Excel format ``code`` (first
    section; digits, thousands, decimals, scaling commas, percent, literal text)."""
    section = code.split(";", 1)[0]
    literals = [
        m.group(1) if m.group(1) is not None else m.group(2) for m in _LITERAL.finditer(section)
    ]
    bare = _LITERAL.sub("\x00", section)
    digits = re.search(r"[#0][#0,.]*", bare)
    if digits is None:
        return "".join(literals)
    number = digits.group(0)
    scale = len(number) - len(number.rstrip(","))
    number = number.rstrip(",")
    decimals = len(number.split(".", 1)[1]) if "." in number else 0
    if "%" in bare:
        value *= 100
    value /= 1000**scale
    text = f"{value:,.{decimals}f}".replace(",", "\x01").replace(".", ",").replace("\x01", ".")
    if "," not in number.split(".", 1)[0]:
        text = text.replace(".", "")
    head, tail = bare[: digits.start()], bare[digits.end() :]
    pieces = iter(literals)
    head = "".join(next(pieces) if c == "\x00" else c for c in head)
    tail = "".join(next(pieces, "") if c == "\x00" else c for c in tail)
    return head + text + tail


def nice_step(span: float, ticks: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that divides ``span`` into at most
    ``ticks`` intervals."""
    raw = span / max(ticks, 1.0)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for step in NICE_STEPS:
        if step * power >= raw - 1e-12:
            return step * power
    return 10 * power


def _width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` in the widest font it may be shown in."""
    return text_width(text, size, bold) * WIDER


# --- the estimated plot area ------------------------------------------------------------


@dataclass(frozen=True)
class _Plot:
    width: float  # points
    height: float
    category_room: float  # points each category's names get (across for bars)


def _plot(spec: ChartSpec, width: float, height: float, horizontal: bool, size: float) -> _Plot:
    title = 13 * LEADING + (11 * LEADING if spec.reference else 0) + PAD
    legend = 11 * LEADING + PAD if len(spec.series) > 1 else 0.0
    axis_title = 10 * LEADING + 4 if spec.value_axis_title else 0.0
    names = [c.split("\n", 1)[0] for c in spec.categories] or [""]
    if horizontal:
        room = min(max(_width(n, size) for n in names) + 6, CATEGORY_SHARE * width)
        plot_w = width - 2 * PAD - room
        plot_h = height - 2 * PAD - title - legend - 10 * LEADING - 4 - axis_title
        return _Plot(plot_w, plot_h, room)
    tick = _width(shown(_largest(spec), spec.number_format), 10) + 6
    plot_w = width - 2 * PAD - axis_title - tick
    slot = plot_w / len(names)
    lines = max(_lines(n, slot, size) for n in names)
    plot_h = height - 2 * PAD - title - legend - lines * size * LEADING - 4
    return _Plot(plot_w, plot_h, slot)


def _lines(text: str, width: float, size: float) -> int:
    """Lines a category name takes in ``width`` points (greedy wrap at spaces)."""
    lines, used = 1, 0.0
    for word in text.split():
        w = _width(word, size)
        if used and used + _width(" ", size) + w > width:
            lines, used = lines + 1, w
        else:
            used += (_width(" ", size) if used else 0) + w
    return lines


def _largest(spec: ChartSpec) -> float:
    return max((max(s.values, default=0.0) for s in spec.series), default=0.0) or 1.0


# --- the decisions ------------------------------------------------------------------------


def bar_layout(spec: ChartSpec, width_emu: int, height_emu: int) -> BarLayout:
    """The label and axis layout of a bar or column chart in a box of that size."""
    horizontal = spec.kind.endswith("bar")
    width, height = width_emu / EMU_PER_PT, height_emu / EMU_PER_PT
    groups = len(spec.series)
    gap = 60 if groups == 1 else 80
    category_size = 9.0 if horizontal else 11.0
    plot = _plot(spec, width, height, horizontal, category_size)
    count = max(len(spec.categories), 1)
    band = (plot.height if horizontal else plot.width) / count
    pitch = band / (groups + gap / 100) * (1.1 if groups > 1 else 1.0)
    if horizontal:
        category_size = _category_size(spec, plot.category_room, band, category_size)
    size = 10.0 if groups > 2 else 11.0
    fmt, rotated, shown_labels = spec.number_format, False, True
    largest = _largest(spec)
    if horizontal:
        size = min(size, pitch * 0.95 / LEADING)
    else:
        room = band * 0.92 if groups == 1 else pitch * 0.95
        if _label_width(largest, fmt, size) > room and spec.value_axis_title:
            fmt = without_literals(fmt)  # the axis title states the unit
        if _label_width(largest, fmt, size) > room:
            rotated = True
            size = min(size, pitch * 0.95 / LEADING)
    if size < MIN_SIZE:
        shown_labels, size = False, MIN_SIZE
    label = _label_width(largest, fmt, size) + 6 if shown_labels else 0.0
    if horizontal:
        need = label
        length = plot.width
    else:
        need = (label if rotated else size * LEADING + 4) if shown_labels else 0.0
        length = plot.height
    maximum, unit = _value_axis(spec, largest, length, need, horizontal)
    return BarLayout(gap, fmt, size, rotated, shown_labels, maximum, unit, category_size)


def _label_width(value: float, code: str, size: float) -> float:
    return _width(shown(value, code), size, bold=True)


def _category_size(spec: ChartSpec, room: float, band: float, size: float) -> float:
    """The largest size (down to ``MIN_SIZE``) at which every category name's lines fit
    its band."""
    names = [c.split("\n", 1)[0] for c in spec.categories]
    while size > MIN_SIZE:
        if all(_lines(n, room, size) * size * LEADING <= band for n in names):
            break
        size -= 0.5
    return size


def _value_axis(
    spec: ChartSpec, largest: float, length: float, need: float, horizontal: bool
) -> tuple[float | None, float | None]:
    """The value axis's maximum and major unit: the longest bar leaves ``need`` points for
    its label at the end; tick labels do not touch (horizontal: their width, vertical:
    two lines). None, None when the viewer's own choice needs no correction (a column
    chart whose label needs no more room than a line)."""
    usable = max(length - need, length * 0.3)
    required = largest * length / usable
    if horizontal:
        tick = _width(shown(required, spec.number_format), 10) + 12
        ticks = length / tick
    else:
        if need <= 11 * LEADING + 4:
            return None, None
        ticks = length / (10 * 2.0)
    step = nice_step(required, min(ticks, 10))
    return math.ceil(required / step - 1e-9) * step, step


def category_name(label: str) -> str:
    """A category as the chart names it: its first line (the next lines hold figures)."""
    return label.split("\n", 1)[0].strip()
