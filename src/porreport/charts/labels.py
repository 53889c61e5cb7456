"""Where the data labels of column and bar charts go, decided before drawing, so that no
label overlaps another label, a bar, the reference line or the reference line's label.

One position for every label of a chart, so they read alike, in this order of preference:
past the bar's end, level; past the end, turned a quarter (columns only); inside the bar's
end, when the label fits there and its ink has 4.5:1 on the bar. When no position suits
every label, the position that keeps the most labels is used and the others are left out
(each value is also in the chart's alt text and, in the bulletin, in a table). A label that
meets only the reference line or its label moves inside its bar or past the line, or is
left out. Everything is measured with the bundled font's metrics: the same input always
gives the same placement.

Coordinates are points in the figure, origin at its bottom left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal, TypeVar

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from porreport import theme
from porreport.charts.style import BOX_EM, INK_BOTTOM, INK_TOP
from porreport.typesetting import text_width

PAD = 3.0  # between a bar's end and its label's box, points
GAP = 1.0  # least room between a label's glyphs and anything else, points
MIN_CONTRAST = 4.5  # a label inside a bar: its ink on the bar's colour

T = TypeVar("T")
Position = Literal["outside", "turned", "inside", "inside-turned", "past"]
VERTICAL_ORDER: tuple[Position, ...] = ("outside", "turned", "inside", "inside-turned")
HORIZONTAL_ORDER: tuple[Position, ...] = ("outside", "inside")


@dataclass(frozen=True)
class Rect:
    """A rectangle in points."""

    x0: float
    y0: float
    x1: float
    y1: float

    def meets(self, other: Rect, gap: float = GAP) -> bool:
        """Whether the two come closer than ``gap``."""
        return (
            self.x0 < other.x1 + gap
            and other.x0 < self.x1 + gap
            and self.y0 < other.y1 + gap
            and other.y0 < self.y1 + gap
        )

    def within(self, other: Rect) -> bool:
        """Whether this rectangle lies inside ``other``."""
        return (
            self.x0 >= other.x0
            and self.y0 >= other.y0
            and self.x1 <= other.x1
            and self.y1 <= other.y1
        )


@dataclass(frozen=True)
class LabelStyle:
    """How the labels of a chart are set."""

    size: float  # points
    bold: bool
    color: str  # hex, outside the bars
    pad: float = PAD  # between the bar's end and the label, points


@dataclass(frozen=True)
class Bar:
    """A bar and its label: the rectangle in points, the data point its label is anchored
    at (the end of the bar), its fill."""

    rect: Rect
    anchor: tuple[float, float]  # data coordinates
    label: str
    fill: str  # hex


@dataclass(frozen=True)
class Spot:
    """Where a label goes: its rectangle, and how to draw it (offset in points from the
    anchor, alignment, rotation, ink)."""

    rect: Rect
    offset: tuple[float, float]
    ha: str
    va: str
    rotation: float
    ink: str


@dataclass(frozen=True)
class Reference:
    """The reference line (its rectangle, with its width) and its label's rectangle."""

    line: Rect
    label: Rect
    vertical_chart: bool  # a horizontal line across columns


def to_points(fig: Figure, x: float, y: float) -> tuple[float, float]:
    """Display coordinates (pixels) as points."""
    scale = 72.0 / fig.dpi
    return x * scale, y * scale


def data_point(ax: Axes, x: float, y: float) -> tuple[float, float]:
    """A data point in points of the figure."""
    dx, dy = ax.transData.transform((x, y))
    return to_points(ax.figure, dx, dy)  # type: ignore[arg-type]


def axes_rect(ax: Axes) -> Rect:
    """The axes' box in points."""
    box = ax.get_window_extent()
    x0, y0 = to_points(ax.figure, box.x0, box.y0)  # type: ignore[arg-type]
    x1, y1 = to_points(ax.figure, box.x1, box.y1)  # type: ignore[arg-type]
    return Rect(x0, y0, x1, y1)


def bars_of(
    ax: Axes, patches: Sequence[Rectangle], labels: Sequence[str], fill: str, vertical: bool
) -> list[Bar]:
    """The bars of one series with their labels, anchored at the middle of the bar's end
    (the top of a column, the right end of a bar)."""
    out = []
    for patch, label in zip(patches, labels, strict=True):
        box = patch.get_window_extent()
        x0, y0 = to_points(ax.figure, box.x0, box.y0)  # type: ignore[arg-type]
        x1, y1 = to_points(ax.figure, box.x1, box.y1)  # type: ignore[arg-type]
        px, py, w, h = patch.get_x(), patch.get_y(), patch.get_width(), patch.get_height()
        anchor = (px + w / 2, py + h) if vertical else (px + w, py + h / 2)
        out.append(Bar(Rect(x0, y0, x1, y1), anchor, label, fill))
    return out


def text_box(text: str, style: LabelStyle) -> tuple[float, float]:
    """Width and height in points of the box matplotlib lays a one-line label out in."""
    return text_width(text, style.size, style.bold), style.size * BOX_EM


def ink(box: Rect, turned: bool = False) -> Rect:
    """The part of a text's box its glyphs are drawn in (without the font's empty ascent
    and descent); ``turned``: text reading upwards, its capitals to the left."""
    if turned:
        h = box.x1 - box.x0
        return Rect(box.x0 + INK_TOP * h, box.y0, box.x1 - INK_BOTTOM * h, box.y1)
    h = box.y1 - box.y0
    return Rect(box.x0, box.y0 + INK_BOTTOM * h, box.x1, box.y1 - INK_TOP * h)


def spot(bar: Bar, position: Position, style: LabelStyle, vertical: bool) -> Spot | None:
    """The label of ``bar`` at ``position`` (its rectangle: where its glyphs are); None when
    it cannot go there (inside a bar too small for it, or whose colour no ink reads on)."""
    w, h = text_box(bar.label, style)
    r, pad = bar.rect, style.pad
    if vertical:
        cx, top = (r.x0 + r.x1) / 2, r.y1
        if position == "outside":
            box = Rect(cx - w / 2, top + pad, cx + w / 2, top + pad + h)
            return Spot(ink(box), (0, pad), "center", "bottom", 0, style.color)
        if position == "turned":
            box = Rect(cx - h / 2, top + pad, cx + h / 2, top + pad + w)
            return Spot(ink(box, True), (0, pad), "center", "bottom", 90, style.color)
        if position == "inside":
            box = Rect(cx - w / 2, top - pad - h, cx + w / 2, top - pad)
            return _inside(bar, ink(box), (0, -pad), "center", "top", 0)
        if position == "inside-turned":
            box = Rect(cx - h / 2, top - pad - w, cx + h / 2, top - pad)
            return _inside(bar, ink(box, True), (0, -pad), "center", "top", 90)
        return None
    right, cy = r.x1, (r.y0 + r.y1) / 2
    if position == "outside":
        box = Rect(right + pad, cy - h / 2, right + pad + w, cy + h / 2)
        return Spot(ink(box), (pad, 0), "left", "center", 0, style.color)
    if position == "inside":
        box = Rect(right - pad - w, cy - h / 2, right - pad, cy + h / 2)
        return _inside(bar, ink(box), (-pad, 0), "right", "center", 0)
    return None


def _inside(
    bar: Bar, rect: Rect, offset: tuple[float, float], ha: str, va: str, rotation: float
) -> Spot | None:
    room = Rect(bar.rect.x0 + GAP, bar.rect.y0 + GAP, bar.rect.x1 - GAP, bar.rect.y1)
    ink = theme.ink_on(bar.fill)
    if not rect.within(room) or theme.contrast(ink, bar.fill) < MIN_CONTRAST:
        return None
    return Spot(rect, offset, ha, va, rotation, ink)


def _free(rect: Rect, own: Bar, bars: Sequence[Bar], taken: Sequence[Rect], area: Rect) -> bool:
    """Whether a label's rectangle stays in the area and clear of other labels and bars
    (its own bar only when it is inside it)."""
    if not rect.within(area):
        return False
    if any(rect.meets(other) for other in taken):
        return False
    return not any(b is not own and rect.meets(b.rect) for b in bars)


def plan(
    bars: Sequence[Bar],
    style: LabelStyle,
    vertical: bool,
    area: Rect,
    order: Sequence[Position] | None = None,
) -> tuple[Position, list[Spot | None]]:
    """The position for the chart's labels and each label's spot (None: left out)."""
    order = tuple(order or (VERTICAL_ORDER if vertical else HORIZONTAL_ORDER))
    for position in order:
        spots = [spot(b, position, style, vertical) for b in bars]
        if all(s is not None for s in spots) and _all_free(bars, spots, area):
            return position, spots
    best: tuple[int, Position, list[Spot | None]] | None = None
    for position in order:
        kept = _thinned(bars, position, style, vertical, area)
        count = sum(s is not None for s in kept)
        if best is None or count > best[0]:
            best = (count, position, kept)
    assert best is not None
    return best[1], best[2]


def _all_free(bars: Sequence[Bar], spots: Sequence[Spot | None], area: Rect) -> bool:
    rects = [s.rect for s in spots if s is not None]
    return all(
        _free(r, b, bars, rects[:i] + rects[i + 1 :], area)
        for i, (r, b) in enumerate(zip(rects, bars, strict=True))
    )


def _thinned(
    bars: Sequence[Bar], position: Position, style: LabelStyle, vertical: bool, area: Rect
) -> list[Spot | None]:
    """Labels at ``position`` kept while they stay clear of the kept ones, the longest
    bars' first (their ends stand free), then in drawing order."""
    taken: list[Rect] = []
    out: list[Spot | None] = [None] * len(bars)
    order = sorted(range(len(bars)), key=lambda i: (-_length(bars[i], vertical), i))
    for i in order:
        s = spot(bars[i], position, style, vertical)
        if s is not None and _free(s.rect, bars[i], bars, taken, area):
            taken.append(s.rect)
            out[i] = s
    return out


def _length(bar: Bar, vertical: bool) -> float:
    r = bar.rect
    return r.y1 - r.y0 if vertical else r.x1 - r.x0


def clear_of_reference(
    bars: Sequence[Bar],
    spots: list[Spot | None],
    reference: Reference,
    style: LabelStyle,
    area: Rect,
) -> list[Spot | None]:
    """Labels that meet the reference line or its label move inside their bar, or past the
    line (further from the axis), or are left out."""
    out = list(spots)
    for i, (bar, current) in enumerate(zip(bars, spots, strict=True)):
        if current is None or not _hits(current.rect, reference):
            continue
        others = [s.rect for j, s in enumerate(out) if s is not None and j != i]
        choices = [
            spot(bar, p, style, reference.vertical_chart) for p in ("inside", "inside-turned")
        ]
        choices.append(_past(current, reference))
        out[i] = next(
            (
                c
                for c in choices
                if c is not None
                and not _hits(c.rect, reference)
                and _free(c.rect, bar, bars, others, area)
            ),
            None,
        )
    return out


def _hits(rect: Rect, reference: Reference) -> bool:
    return rect.meets(reference.line) or rect.meets(reference.label)


def _past(current: Spot, reference: Reference) -> Spot:
    """The label moved past the reference line, away from the axis."""
    r, line = current.rect, reference.line
    if reference.vertical_chart:
        shift = line.y1 + PAD - r.y0
        rect = Rect(r.x0, r.y0 + shift, r.x1, r.y1 + shift)
        return replace(current, rect=rect, offset=(current.offset[0], current.offset[1] + shift))
    shift = line.x1 + PAD - r.x0
    rect = Rect(r.x0 + shift, r.y0, r.x1 + shift, r.y1)
    return replace(current, rect=rect, offset=(current.offset[0] + shift, current.offset[1]))


def reference_label(
    candidates: Sequence[tuple[Rect, T]],
    bars: Sequence[Bar],
    spots: Sequence[Spot | None],
    area: Rect,
) -> tuple[Rect, T]:
    """The first candidate place of the reference line's label (its rectangle and what the
    caller needs to draw it there) inside the area and clear of the bars and the labels;
    the first one when none is."""
    taken = [s.rect for s in spots if s is not None] + [b.rect for b in bars]
    for rect, how in candidates:
        if rect.within(area) and not any(rect.meets(t) for t in taken):
            return rect, how
    return candidates[0]
