"""Where every part of the map goes in a box: one layout for the deck and the bulletin.

``layout_map(spec, width, height, style)`` places, in points from the box's top-left corner,
the title, the map window (the region's ``Frame`` scaled to fit), the province labels, the
legend (swatches and texts, with "Nessun dato" and the "Dati illustrativi" badge) and the
attribution. The bulletin draws it with matplotlib (``porreport.charts.map``), the deck as
native shapes (``porreport.deck.plan_map``), so both documents show the same map.

The arrangement rule: the legend goes beside the map (a column on the right) or under it (a
row), whichever lets the map be drawn larger; the map window keeps the region's aspect, so a
tall island or a long coastal region fills its window; the composition is centred across the
box and starts at its top.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from porreport import theme
from porreport.charts.classes import MapClass, class_of, classify, label_ink
from porreport.charts.geometry import (
    GEOMETRY_FILE,
    Frame,
    ProvinceShape,
    exterior_bounds,
    frame_of,
    geometry,
    overlaps,
)
from porreport.charts.marks import NO_DATA_LABEL
from porreport.content.document import MapSpec, ProvinceValue
from porreport.errors import RenderError
from porreport.typesetting import text_width

ILLUSTRATIVE_NOTE = "Dati illustrativi"
# room for text drawn wider than its metrics: hinted bold at 72-100 dpi (the bulletin's and
# the baselines' figures) runs up to 10% wide, and Arial standing in for Titillium Web too
SLACK = 1.12
Rect = tuple[float, float, float, float]  # x, y (top), width, height in points


class MapError(RenderError):
    """A map spec that cannot be drawn (e.g. a province code without geometry)."""


@dataclass(frozen=True)
class MapStyle:
    """The class colours (a sequential palette, light to dark), the text sizes (points) of
    the map's parts and the gaps between them."""

    palette: tuple[str, ...] = theme.SEQUENTIAL
    title: float = 11.0
    legend_title: float = 8.5
    legend: float = 8.0
    label: float = 7.5
    note: float = 6.5
    badge: float = 8.0
    gap: float = 8.0  # between the map, the legend and the notes
    province_line: float = 0.9  # white outline of the map's provinces
    context_line: float = 0.6  # white outline of the neighbouring provinces

    @property
    def line(self) -> float:
        """Line pitch as a share of the size."""
        return 1.3


@dataclass(frozen=True)
class TextItem:
    """One line of text: ``x`` is its left edge (``align`` "l") or centre ("c"), ``y`` the
    middle of the line."""

    text: str
    x: float
    y: float
    size: float
    color: str
    bold: bool = False
    align: Literal["l", "c"] = "l"

    @property
    def width(self) -> float:
        """The measured width of the text, points."""
        return text_width(self.text, self.size, self.bold)


@dataclass(frozen=True)
class Swatch:
    """A filled rectangle: a legend key or the badge's ground."""

    rect: Rect
    fill: str
    outline: str | None = None


@dataclass(frozen=True)
class LegendEntry:
    """A legend row: its key and its label."""

    swatch: Swatch
    text: TextItem


@dataclass(frozen=True)
class PlacedProvince:
    """A province of the map: its data, outline, fill and the lines of its label."""

    value: ProvinceValue
    shape: ProvinceShape
    fill: str
    labels: tuple[TextItem, ...]

    @property
    def name(self) -> str:
        """'Milano (MI)'."""
        return f"{self.value.nome} ({self.value.sigla})"


@dataclass(frozen=True)
class MapLayout:
    """The placed map (points, from the box's top-left corner; y grows downwards)."""

    width: float
    height: float
    frame: Frame
    rect: Rect  # the map window
    title: TextItem
    provinces: tuple[PlacedProvince, ...]
    context: tuple[ProvinceShape, ...]  # neighbouring provinces in the window
    classes: tuple[MapClass, ...]
    legend_title: TextItem
    legend: tuple[LegendEntry, ...]
    badge: LegendEntry | None  # "Dati illustrativi"
    notes: tuple[TextItem, ...]
    arrangement: Literal["right", "below"]

    @property
    def used_height(self) -> float:
        """How far down the box the map's parts reach (the attribution's last line)."""
        last = self.notes[-1]
        return last.y + last.size * 0.65

    @property
    def scale(self) -> float:
        """Points per projected unit."""
        return self.rect[2] / self.frame.width

    def to_points(self, lon: float, lat: float) -> tuple[float, float]:
        """A (longitude, latitude) on the page, points from the box's top-left corner."""
        x, y = self.frame.project((lon, lat))
        return (
            self.rect[0] + (x - self.frame.box[0]) * self.scale,
            self.rect[1] + (self.frame.box[3] - y) * self.scale,
        )


def shapes_of(spec: MapSpec) -> list[tuple[ProvinceValue, ProvinceShape]]:
    """Each province of the spec with its outline; MapError when one has none."""
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


# --- the legend's blocks -----------------------------------------------------------------


@dataclass(frozen=True)
class _Key:
    """A legend key before placement."""

    text: str
    fill: str
    outline: str | None = None
    badge: bool = False


def _keys(classes: list[MapClass], missing: bool, illustrative: bool) -> list[_Key]:
    keys = [_Key(c.label, c.color) for c in classes]
    if missing:
        keys.append(_Key(NO_DATA_LABEL, theme.NO_DATA, theme.RULE))
    if illustrative:
        keys.append(_Key(ILLUSTRATIVE_NOTE, theme.ACCENT, badge=True))
    return keys


def _swatch_size(style: MapStyle) -> tuple[float, float]:
    return style.legend * 1.5, style.legend * 1.05


def _measure(text: str, size: float, bold: bool = False) -> float:
    """A text's width with room to spare (``SLACK``)."""
    return text_width(text, size, bold) * SLACK


def _key_width(key: _Key, style: MapStyle) -> float:
    if key.badge:
        return _measure(key.text, style.badge, bold=True) + style.badge
    return _swatch_size(style)[0] + style.legend * 0.6 + _measure(key.text, style.legend)


def _row_height(style: MapStyle) -> float:
    return style.legend * 1.75


def _column_size(keys: list[_Key], title: str, style: MapStyle) -> tuple[float, float]:
    """(width, height) of the legend as a column."""
    width = max([_measure(title, style.legend_title, True)] + [_key_width(k, style) for k in keys])
    return width, style.legend_title * style.line + _row_height(style) * len(keys) + 2


def _flow(keys: list[_Key], width: float, style: MapStyle) -> list[list[_Key]]:
    """The keys in rows no wider than ``width`` (the legend as rows under the map)."""
    rows: list[list[_Key]] = [[]]
    used = 0.0
    for key in keys:
        w = _key_width(key, style) + style.legend * 1.5
        if rows[-1] and used + w > width:
            rows.append([])
            used = 0.0
        rows[-1].append(key)
        used += w
    return rows


def _flow_size(rows: list[list[_Key]], title: str, style: MapStyle) -> tuple[float, float]:
    widths = [
        sum(_key_width(k, style) + style.legend * 1.5 for k in row) - style.legend * 1.5
        for row in rows
    ]
    width = max([_measure(title, style.legend_title, True), *widths])
    return width, style.legend_title * style.line + _row_height(style) * len(rows) + 2


def _place_key(key: _Key, x: float, y: float, style: MapStyle) -> LegendEntry:
    """A key whose row starts at ``x`` and is centred on ``y``."""
    if key.badge:
        height = style.badge * 1.5
        rect = (x, y - height / 2, _key_width(key, style), height)
        centre = x + rect[2] / 2
        text = TextItem(key.text, centre, y, style.badge, theme.DARK, bold=True, align="c")
        return LegendEntry(Swatch(rect, key.fill), text)
    sw, sh = _swatch_size(style)
    swatch = Swatch((x, y - sh / 2, sw, sh), key.fill, key.outline)
    text = TextItem(key.text, x + sw + style.legend * 0.6, y, style.legend, theme.TEXT)
    return LegendEntry(swatch, text)


def _place_column(keys: list[_Key], x: float, y: float, style: MapStyle) -> list[LegendEntry]:
    row = _row_height(style)
    top = y + style.legend_title * style.line + 2
    return [_place_key(k, x, top + row * (i + 0.5), style) for i, k in enumerate(keys)]


def _place_rows(rows: list[list[_Key]], x: float, y: float, style: MapStyle) -> list[LegendEntry]:
    row = _row_height(style)
    top = y + style.legend_title * style.line + 2
    out = []
    for r, keys in enumerate(rows):
        left = x
        for key in keys:
            out.append(_place_key(key, left, top + row * (r + 0.5), style))
            left += _key_width(key, style) + style.legend * 1.5
    return out


# --- the layout --------------------------------------------------------------------------


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy word wrap to ``width`` points."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


@dataclass(frozen=True)
class _Plan:
    arrangement: Literal["right", "below"]
    scale: float
    map_size: tuple[float, float]
    legend_size: tuple[float, float]
    rows: list[list[_Key]]


def _arrange(
    frame: Frame, keys: list[_Key], title: str, area: tuple[float, float], style: MapStyle
) -> _Plan:
    """The larger of the two arrangements (legend beside or under the map) in ``area``."""
    width, height = area
    col = _column_size(keys, title, style)
    right = min((width - col[0] - style.gap) / frame.width, height / frame.height)
    rows = _flow(keys, width, style)
    flow = _flow_size(rows, title, style)
    below = min(width / frame.width, (height - flow[1] - style.gap) / frame.height)
    if right >= below:
        size = (frame.width * right, frame.height * right)
        return _Plan("right", right, size, col, [keys])
    return _Plan("below", below, (frame.width * below, frame.height * below), flow, rows)


@dataclass(frozen=True)
class _Fit:
    """An arrangement with the composition's width and the attribution's lines."""

    plan: _Plan
    width: float
    notes: list[str]


def _fit(
    frame: Frame, keys: list[_Key], spec: MapSpec, box: tuple[float, float], style: MapStyle
) -> _Fit:
    """The arrangement, with room under it for the attribution, wrapped to the width of the
    composition (a narrow map leaves less width, so more lines, so a little less height)."""
    width, height = box
    top = style.title * style.line + style.gap / 2
    lines = [spec.attribution]
    for _ in range(3):
        notes_h = style.note * style.line * len(lines) + style.gap / 2
        plan = _arrange(frame, keys, spec.legend_title, (width, height - top - notes_h), style)
        if plan.scale <= 0:
            raise MapError(
                f"mappa '{spec.id}': spazio insufficiente ({width:.0f} × {height:.0f} pt)"
            )
        map_w = plan.map_size[0]
        if plan.arrangement == "right":
            comp = map_w + style.gap + plan.legend_size[0]
        else:
            comp = max(map_w, plan.legend_size[0])
        comp = min(width, max(comp, _measure(spec.title, style.title, True)))
        wrapped = _wrap(spec.attribution, comp / SLACK, style.note)
        if len(wrapped) <= len(lines):
            break
        lines = wrapped
    return _Fit(plan, comp, wrapped)


def layout_map(spec: MapSpec, width: float, height: float, style: MapStyle) -> MapLayout:
    """The map of ``spec`` laid out in a ``width`` × ``height`` points box."""
    pairs = shapes_of(spec)
    classes = classify([p.value for p, _ in pairs if p.value is not None], palette=style.palette)
    frame = frame_of(tuple(s.codice_istat for _, s in pairs))
    keys = _keys(classes, any(p.value is None for p, _ in pairs), spec.illustrative)
    fit = _fit(frame, keys, spec, (width, height), style)
    plan, (map_w, map_h) = fit.plan, fit.plan.map_size
    top = style.title * style.line + style.gap / 2
    x0 = (width - fit.width) / 2
    if plan.arrangement == "right":
        rect = (x0, top, map_w, map_h)
        legend_xy = (x0 + map_w + style.gap, top)
        bottom = top + max(map_h, plan.legend_size[1])
        entries = _place_column(plan.rows[0], *legend_xy, style)
    else:
        rect = (x0 + (fit.width - map_w) / 2, top, map_w, map_h)
        legend_xy = (x0, top + map_h + style.gap)
        bottom = legend_xy[1] + plan.legend_size[1]
        entries = _place_rows(plan.rows, *legend_xy, style)
    badge = entries.pop() if spec.illustrative else None
    legend_y = legend_xy[1] + style.legend_title * style.line / 2
    pitch = style.note * style.line
    layout = MapLayout(
        width,
        height,
        frame,
        rect,
        TextItem(spec.title, x0, style.title * style.line / 2, style.title, theme.DARK, True),
        (),
        _context(frame, {p.codice_istat for p, _ in pairs}),
        tuple(classes),
        TextItem(spec.legend_title, legend_xy[0], legend_y, style.legend_title, theme.DARK, True),
        tuple(entries),
        badge,
        tuple(
            TextItem(line, x0, bottom + style.gap / 2 + pitch * (i + 0.5), style.note, theme.MUTED)
            for i, line in enumerate(fit.notes)
        ),
        plan.arrangement,
    )
    placed = tuple(_placed(layout, p, s, class_of(p.value, classes), style) for p, s in pairs)
    return replace(layout, provinces=placed)


def _context(frame: Frame, skip: set[int]) -> tuple[ProvinceShape, ...]:
    """The provinces outside the map's regions that show in its window (``Frame.shows`` of
    an exterior ring, with the rings' boxes computed once)."""
    window = frame.lonlat_box()
    bounds = exterior_bounds()
    return tuple(
        shape
        for code, shape in sorted(geometry().items())
        if code not in skip and any(overlaps(box, window) for box in bounds[code])
    )


def _placed(
    layout: MapLayout,
    value: ProvinceValue,
    shape: ProvinceShape,
    cls: MapClass | None,
    style: MapStyle,
) -> PlacedProvince:
    """A province with its fill and its label (sigla in bold over its count)."""
    fill = cls.color if cls else theme.NO_DATA
    ink = label_ink(fill)
    x, y = layout.to_points(*shape.label)
    half = style.label * 0.58
    labels: tuple[TextItem, ...]
    if value.label:
        labels = (
            TextItem(value.sigla, x, y - half, style.label, ink, True, "c"),
            TextItem(value.label, x, y + half, style.label, ink, False, "c"),
        )
    else:
        labels = (TextItem(value.sigla, x, y, style.label, ink, True, "c"),)
    return PlacedProvince(value, shape, fill, labels)


def fitted_height(spec: MapSpec, width: float, max_height: float, style: MapStyle) -> float:
    """The height a map ``width`` points wide needs, at most ``max_height``: a long coastal
    region laid out with its legend below needs less than a tall island beside its legend
    (for a renderer that may choose the map's height)."""
    return min(max_height, layout_map(spec, width, max_height, style).used_height + 1)
