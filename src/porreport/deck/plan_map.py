"""Plan the map slide's vector map: from the ``MapSpec`` and the province outlines to
polygons in EMU, labels, the legend and the notes, as one group of native shapes.

The map is laid out by ``porreport.charts.map_layout`` (the bulletin draws the same layout),
here in the ``Mappa`` placeholder's box. Each province becomes one freeform (islands are
separate parts, holes are rings of their own); the neighbouring provinces one faint freeform
clipped to the map's window. The outlines are simplified in the slide's EMU space so the
slide stays light, and simplified together: every border two provinces share is split at the
points where three outlines meet (or the coast), each piece is simplified once
(Douglas–Peucker) and both provinces take that same piece, so no gap or overlap opens
between them. Nothing here imports python-pptx.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from porreport import theme
from porreport.charts.geometry import Frame, geometry
from porreport.charts.map_layout import (
    SLACK,
    LegendEntry,
    MapLayout,
    MapStyle,
    PlacedProvince,
    Rect,
    Swatch,
    TextItem,
    layout_map,
)
from porreport.content.document import MapSpec
from porreport.deck.template import Box

EMU_PER_PT = 12700
TOLERANCE_PT = 0.8  # how far a simplified outline may stray from the bundled one
MIN_RING_PT2 = 0.5  # islets smaller than this (square points) are not drawn
DECK_MAP_STYLE = MapStyle(title=12.0, legend_title=9.5, legend=9.0, label=8.0, note=7.0, badge=9.0)
CONTEXT_NAME = "Province confinanti"
LINE_ROOM = 1.3  # a line's height in its box, in units of the text size (as the layout)

EmuPoint = tuple[int, int]
EmuRing = tuple[EmuPoint, ...]


@dataclass(frozen=True)
class MapFreeform:
    """A freeform: closed rings (EMU, slide coordinates; even-odd fill makes holes),
    its fill and outline (colour, width in EMU), its alt text or None when decorative."""

    name: str
    rings: tuple[EmuRing, ...]
    fill: str
    line: str
    line_width: int
    descr: str | None
    key: str = ""


@dataclass(frozen=True)
class MapLine:
    """A line of a map text: its text, whether bold."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class MapText:
    """A text box without insets or wrapping, its lines centred vertically: lines at
    ``size`` points in ``color``, aligned left or centred in ``box``; ``fill`` for a badge.
    ``on_data``: the colour was chosen for contrast with a data colour under it (a label on
    its province, the badge's text), so it stays as it is whatever the template's theme."""

    name: str
    box: Box
    lines: tuple[MapLine, ...]
    size: float
    color: str
    align: str = "l"
    fill: str | None = None
    on_data: bool = False
    key: str = ""


@dataclass(frozen=True)
class MapRect:
    """A legend key: a filled rectangle, outlined when ``line`` is given; decorative (its
    label says what it stands for)."""

    name: str
    box: Box
    fill: str
    line: str | None = None
    key: str = ""


MapShape = MapFreeform | MapText | MapRect


@dataclass(frozen=True)
class MapPlan:
    """The map as one group: its name, alt text, the box it was laid out in and its shapes
    in reading order (title, provinces, labels, legend, notes). The shapes' keys are
    relative to the map's: a province's is its sigla ('MI'), its label's 'MI/etichetta'."""

    name: str
    spec: MapSpec
    box: Box
    alt_text: str
    shapes: tuple[MapShape, ...]
    key: str = "mappa"


def plan_map(name: str, spec: MapSpec, box: Box, style: MapStyle = DECK_MAP_STYLE) -> MapPlan:
    """The vector map of ``spec`` laid out in ``box`` (EMU)."""
    layout = layout_map(spec, box[2] / EMU_PER_PT, box[3] / EMU_PER_PT, style)
    to_emu = _Placement.of(layout, box)
    context_rings, province_rings = _rings(layout, box)
    shapes: list[MapShape] = [_text("Titolo della mappa", layout.title, to_emu, "titolo")]
    if context_rings:
        line = round(style.context_line * EMU_PER_PT)
        shapes.append(
            MapFreeform(
                CONTEXT_NAME, context_rings, theme.CONTEXT, theme.WHITE, line, None, "confinanti"
            )
        )
    placed = list(zip(layout.provinces, province_rings, strict=True))
    placed.sort(key=lambda pair: (-pair[0].shape.label[1], pair[0].shape.label[0]))  # N to S
    line = round(style.province_line * EMU_PER_PT)
    shapes += [_province(p, rings, line) for p, rings in placed]
    shapes += [_label(p, to_emu) for p, _ in placed]
    shapes.append(_text("Legenda: titolo", layout.legend_title, to_emu, "legenda"))
    for k, entry in enumerate(layout.legend, start=1):
        shapes += _key(entry, to_emu, f"legenda/{k}")
    if layout.badge is not None:
        shapes.append(_badge(layout.badge, to_emu))
    shapes += [
        _text("Fonte dei confini", note, to_emu, f"fonte/{k}")
        for k, note in enumerate(layout.notes, start=1)
    ]
    kept = tuple(s for s in shapes if _keep(s))
    return MapPlan(name, spec, box, spec.alt_text, kept)


def outlines(layout: MapLayout, box: Box) -> list[list[EmuRing]]:
    """The rings (EMU, on the slide) of the context provinces, then of the map's provinces,
    as the bundled geometry gives them."""
    to_emu = _Placement.of(layout, box)
    owners = [*layout.context, *(p.shape for p in layout.provinces)]
    return [[to_emu.ring(ring) for poly in shape.polygons for ring in poly] for shape in owners]


Rings = tuple[EmuRing, ...]


def _rings(layout: MapLayout, box: Box) -> tuple[Rings, tuple[Rings, ...]]:
    """The drawn rings of the context provinces (together) and of each of the map's
    provinces: simplified together, clipped to the map's window, the islets dropped."""
    return simplified_rings(
        layout.frame,
        layout.rect,
        (box[0], box[1]),
        tuple(shape.codice_istat for shape in layout.context),
        tuple(p.shape.codice_istat for p in layout.provinces),
    )


@lru_cache(maxsize=32)
def simplified_rings(
    frame: Frame,
    window: Rect,
    origin: EmuPoint,
    context: tuple[int, ...],
    provinces: tuple[int, ...],
) -> tuple[Rings, tuple[Rings, ...]]:
    """``_rings`` of the provinces with these ISTAT codes (context, the map's) in ``frame``
    drawn in ``window`` (points from ``origin``, EMU): all it depends on, besides the bundled
    geometry. Cached: a batch draws many maps of one region in the same box, and the
    simplification is most of a map's planning. The result is immutable."""
    shapes = geometry()
    to_emu = _Placement(frame, window, origin)
    owners = [[to_emu.ring(r) for poly in shapes[c].polygons for r in poly] for c in context]
    owners += [[to_emu.ring(r) for poly in shapes[c].polygons for r in poly] for c in provinces]
    simplified = simplify_coverage(owners, round(TOLERANCE_PT * EMU_PER_PT))
    clip = to_emu.rect(window)
    around = _drawable(clip_ring(r, clip) for rings in simplified[: len(context)] for r in rings)
    inside = tuple(
        _drawable(clip_ring(r, clip) for r in rings) for rings in simplified[len(context) :]
    )
    return around, inside


def _keep(shape: MapShape) -> bool:
    return not isinstance(shape, MapFreeform) or bool(shape.rings)


class _Placement:
    """Points of the layout -> EMU on the slide: ``window`` (the map's rectangle, points
    from the box's corner) shows ``frame``; the box's corner is at ``origin`` (EMU)."""

    def __init__(self, frame: Frame, window: Rect, origin: EmuPoint) -> None:
        self.frame, self.window = frame, window
        self.x0, self.y0 = origin

    @classmethod
    def of(cls, layout: MapLayout, box: Box) -> _Placement:
        """The placement of a layout drawn in ``box``."""
        return cls(layout.frame, layout.rect, (box[0], box[1]))

    def point(self, x: float, y: float) -> EmuPoint:
        """A layout point (points from the box's corner) on the slide."""
        return self.x0 + round(x * EMU_PER_PT), self.y0 + round(y * EMU_PER_PT)

    def ring(self, ring: Iterable[tuple[float, float]]) -> EmuRing:
        """A (longitude, latitude) ring on the slide, without repeated points."""
        # MapLayout.to_points then point(), with the same operations in the same order,
        # written out: a region's outlines have thousands of points
        k, (left, _, _, top) = self.frame.k, self.frame.box
        scale = self.window[2] / self.frame.width
        wx, wy, x0, y0 = self.window[0], self.window[1], self.x0, self.y0
        out: list[EmuPoint] = []
        for lon, lat in ring:
            p = (
                x0 + round((wx + (lon * k - left) * scale) * EMU_PER_PT),
                y0 + round((wy + (top - lat) * scale) * EMU_PER_PT),
            )
            if not out or out[-1] != p:
                out.append(p)
        while len(out) > 1 and out[0] == out[-1]:
            out.pop()
        return tuple(out)

    def rect(self, rect: tuple[float, float, float, float]) -> Box:
        """A layout rectangle (x, y, w, h in points) on the slide."""
        x, y = self.point(rect[0], rect[1])
        return x, y, round(rect[2] * EMU_PER_PT), round(rect[3] * EMU_PER_PT)


# --- shapes ------------------------------------------------------------------------------


def _drawable(rings: Iterable[EmuRing]) -> tuple[EmuRing, ...]:
    """Rings with at least three points and some area."""
    floor = MIN_RING_PT2 * EMU_PER_PT**2
    return tuple(r for r in rings if len(r) >= 3 and _area(r) >= floor)


def _area(ring: EmuRing) -> float:
    following = (*ring[1:], ring[0])
    twice = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, following, strict=True))
    return abs(twice) / 2


def _province(placed: PlacedProvince, rings: Rings, line: int) -> MapFreeform:
    value = placed.value
    descr = f"{placed.name}: {value.label}" if value.label else f"{placed.name}: nessun dato"
    return MapFreeform(
        placed.name,
        rings,
        placed.fill,
        theme.WHITE,
        line,
        descr,
        placed.value.sigla,
    )


def _text_box(item: TextItem, lines: int, width: float, to_emu: _Placement) -> Box:
    """A box for ``lines`` lines of ``item``'s size, ``width`` points wide, centred on the
    item's line (vertically; horizontally too when the item is centred)."""
    width = width * SLACK  # the room the layout gave the text
    height = item.size * LINE_ROOM * lines
    left = item.x - width / 2 if item.align == "c" else item.x
    x, y = to_emu.point(left, item.y - height / 2)
    return x, y, round(width * EMU_PER_PT), round(height * EMU_PER_PT)


def _text(name: str, item: TextItem, to_emu: _Placement, key: str) -> MapText:
    return MapText(
        name,
        _text_box(item, 1, item.width, to_emu),
        (MapLine(item.text, item.bold),),
        item.size,
        item.color,
        item.align,
        key=key,
    )


def _label(placed: PlacedProvince, to_emu: _Placement) -> MapText:
    """The province's sigla over its count, centred on its label point."""
    first, last = placed.labels[0], placed.labels[-1]
    middle = TextItem(
        first.text, first.x, (first.y + last.y) / 2, first.size, first.color, align="c"
    )
    width = max(item.width for item in placed.labels)
    return MapText(
        f"Etichetta: {placed.name}",
        _text_box(middle, len(placed.labels), width, to_emu),
        tuple(MapLine(item.text, item.bold) for item in placed.labels),
        first.size,
        first.color,
        "c",
        on_data=True,
        key=f"{placed.value.sigla}/etichetta",
    )


def _key(entry: LegendEntry, to_emu: _Placement, key: str) -> list[MapShape]:
    label = entry.text.text
    swatch: Swatch = entry.swatch
    box = to_emu.rect(swatch.rect)
    return [
        MapRect(f"Legenda: colore {label}", box, swatch.fill, swatch.outline, f"{key}/colore"),
        _text(f"Legenda: {label}", entry.text, to_emu, key),
    ]


def _badge(entry: LegendEntry, to_emu: _Placement) -> MapText:
    item = entry.text
    return MapText(
        item.text,
        to_emu.rect(entry.swatch.rect),
        (MapLine(item.text, item.bold),),
        item.size,
        item.color,
        "c",
        entry.swatch.fill,
        on_data=True,
        key="dati-illustrativi",
    )


# --- simplification that keeps shared borders shared -------------------------------------


def simplify_coverage(owners: list[list[EmuRing]], tolerance: int) -> list[list[EmuRing]]:
    """Each owner's rings simplified so that a border two rings share stays shared: the
    rings are cut at their nodes (points with more than two distinct neighbours: where three
    outlines meet or a border reaches the coast) and each piece between two nodes is
    simplified once, the same way whichever ring it belongs to."""
    rings = [ring for owned in owners for ring in owned]
    nodes = _nodes(rings)
    done: dict[EmuRing, EmuRing] = {}
    return [[_simplify_ring(ring, nodes, tolerance, done) for ring in owned] for owned in owners]


def _nodes(rings: list[EmuRing]) -> set[EmuPoint]:
    neighbours: dict[EmuPoint, set[EmuPoint]] = defaultdict(set)
    for ring in rings:
        n = len(ring)
        for i, p in enumerate(ring):
            neighbours[p].update((ring[i - 1], ring[(i + 1) % n]))
    return {p for p, around in neighbours.items() if len(around) > 2}


def _simplify_ring(
    ring: EmuRing, nodes: set[EmuPoint], tolerance: int, done: dict[EmuRing, EmuRing]
) -> EmuRing:
    cuts = [i for i, p in enumerate(ring) if p in nodes]
    if not cuts:
        return _simplify_loop(ring, tolerance, done)
    start = cuts[0]
    turned = ring[start:] + ring[:start]
    positions = [i - start for i in cuts] + [len(ring)]
    closed = (*turned, turned[0])
    out: list[EmuPoint] = []
    for a, b in itertools.pairwise(positions):
        piece = _simplify_piece(closed[a : b + 1], tolerance, done)
        out += piece[:-1]
    return tuple(out)


def _simplify_piece(piece: EmuRing, tolerance: int, done: dict[EmuRing, EmuRing]) -> EmuRing:
    """A piece simplified in its canonical direction (the same result both ways)."""
    backwards = piece[::-1]
    canonical = min(piece, backwards)
    if canonical not in done:
        done[canonical] = douglas_peucker(canonical, tolerance)
    result = done[canonical]
    return result if canonical == piece else result[::-1]


def _simplify_loop(ring: EmuRing, tolerance: int, done: dict[EmuRing, EmuRing]) -> EmuRing:
    """A ring without nodes (an island, or a border all round): cut at its smallest point
    and the point farthest from it, both kept."""
    start = ring.index(min(ring))
    turned = ring[start:] + ring[:start]
    far = max(range(len(turned)), key=lambda i: _dist2(turned[i], turned[0]))
    if far == 0:
        return ring
    closed = (*turned, turned[0])
    first = _simplify_piece(closed[: far + 1], tolerance, done)
    second = _simplify_piece(closed[far:], tolerance, done)
    return (*first[:-1], *second[:-1])


def _dist2(a: EmuPoint, b: EmuPoint) -> int:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def douglas_peucker(points: EmuRing, tolerance: int) -> EmuRing:
    """The points of a polyline that keep it within ``tolerance`` (EMU) of the original;
    both ends always kept."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    limit = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        best, index = _farthest(points, first, last)
        if index > 0 and best > limit:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return tuple(p for p, k in zip(points, keep, strict=True) if k)


def _farthest(points: EmuRing, first: int, last: int) -> tuple[float, int]:
    """The squared distance of the point between ``first`` and ``last`` farthest from the
    segment joining them, and its index (the first of equals; -1 when there is none)."""
    # the squared distance to a segment, written out in the loop: the simplification's
    # inner loop, run for every point of every outline
    (ax, ay), (bx, by) = points[first], points[last]
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    best, index = -1.0, -1
    for i in range(first + 1, last):
        px, py = points[i]
        if length2 == 0:
            d = float((px - ax) ** 2 + (py - ay) ** 2)
        else:
            t = ((px - ax) * dx + (py - ay) * dy) / length2
            t = t if t < 1.0 else 1.0  # max(0.0, min(1.0, t))
            t = t if t > 0.0 else 0.0
            d = (px - (ax + t * dx)) ** 2 + (py - (ay + t * dy)) ** 2
        if d > best:
            best, index = d, i
    return best, index


# --- clipping to the map's window --------------------------------------------------------


def clip_ring(ring: EmuRing, box: Box) -> EmuRing:
    """A ring cut to a rectangle (Sutherland–Hodgman); empty when wholly outside."""
    x0, y0 = box[0], box[1]
    x1, y1 = x0 + box[2], y0 + box[3]
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    if min(xs) >= x0 and max(xs) <= x1 and min(ys) >= y0 and max(ys) <= y1:
        return ring
    points = list(ring)
    for axis, bound, keep_below in ((0, x0, False), (0, x1, True), (1, y0, False), (1, y1, True)):
        points = _clip_edge(points, axis, bound, keep_below)
        if not points:
            return ()
    unique = [p for i, p in enumerate(points) if p != points[i - 1]]
    return tuple(unique)


def _clip_edge(points: list[EmuPoint], axis: int, bound: int, keep_below: bool) -> list[EmuPoint]:
    def inside(p: EmuPoint) -> bool:
        return p[axis] <= bound if keep_below else p[axis] >= bound

    def cross(a: EmuPoint, b: EmuPoint) -> EmuPoint:
        t = (bound - a[axis]) / (b[axis] - a[axis])
        other = 1 - axis
        value = round(a[other] + t * (b[other] - a[other]))
        return (bound, value) if axis == 0 else (value, bound)

    out: list[EmuPoint] = []
    for i, current in enumerate(points):
        previous = points[i - 1]
        if inside(current):
            if not inside(previous):
                out.append(cross(previous, current))
            out.append(current)
        elif inside(previous):
            out.append(cross(previous, current))
    return out
