"""A matplotlib renderer (backend) that draws a figure as a ReportLab ``Drawing``.

The bulletin's charts and map are drawn with matplotlib (``porreport.charts``) and placed in
the PDF as vectors through this backend, with no intermediate file: paths become ``Path``
shapes (curves kept as curves), text stays text (``String`` in Titillium Web, so the PDF
embeds only Titillium and pdftotext finds every label), and matplotlib's clip rectangles
and clip paths become groups whose first child is a clipping ``Path``.

The figure must be drawn at 72 dpi so that matplotlib's display units are points. Text
layout measures widths with ReportLab's own metrics (what the PDF will draw) and heights
and descents from the glyph outlines as matplotlib's vector backends (SVG, PDF) do, so
labels sit where those backends put them. Images are not supported: the charts have none.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any, cast

import numpy as np
from matplotlib import rcParams
from matplotlib.backend_bases import GraphicsContextBase, RendererBase
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, weight_dict
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Affine2DBase, Transform
from matplotlib.typing import ColorType
from numpy.typing import ArrayLike
from reportlab.graphics.shapes import FILL_NON_ZERO, Drawing, Group, Path, String
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth

from porreport.errors import RenderError

DPI = 72.0  # display units are points
BOLD_WEIGHT = 600
_RL_MOVETO, _RL_LINETO, _RL_CLOSE = 0, 1, 3  # ReportLab Path operators
_JOINS = {"miter": 0, "round": 1, "bevel": 2}
_CAPS = {"butt": 0, "round": 1, "projecting": 2}

ClipKey = tuple[Any, ...] | None
Metrics = tuple[float, float, float]  # width, height, descent (points)
MAX_METRICS = 8192  # texts measured and kept (a report's charts measure a few hundred)
_METRICS: dict[tuple[Any, ...], Metrics] = {}


class DrawingError(RenderError):
    """A figure element this renderer cannot draw as ReportLab shapes."""


@cache
def font_names() -> Mapping[str, str]:
    """ReportLab names of the registered Titillium Web styles ('regular', 'bold', 'italic')."""
    from porreport.bulletin import styles as bs

    bs.register_fonts()
    return {"regular": bs.REGULAR, "bold": bs.BOLD, "italic": bs.ITALIC}


def _font_key(prop: FontProperties) -> tuple[Any, ...]:
    """What a text's measure depends on besides the text: the font properties matplotlib
    finds the font by (those its own measure cache compares), the size and the rendering
    settings that change glyph advances."""
    return (
        tuple(prop.get_family()),
        prop.get_style(),
        prop.get_variant(),
        prop.get_weight(),
        prop.get_stretch(),
        prop.get_size_in_points(),
        prop.get_file(),
        rcParams["text.hinting"],
        rcParams["text.hinting_factor"],
        rcParams["text.kerning_factor"],
    )


def _weight(prop: FontProperties) -> int:
    weight = prop.get_weight()
    return int(weight) if isinstance(weight, int | float) else weight_dict.get(weight, 400)


def font_name(prop: FontProperties) -> str:
    """The ReportLab font for matplotlib font properties: bold from weight 600 up."""
    names = font_names()
    if _weight(prop) >= BOLD_WEIGHT:
        return names["bold"]
    if prop.get_style() in ("italic", "oblique"):
        return names["italic"]
    return names["regular"]


def _color(rgba: tuple[float, ...], alpha: float | None = None) -> Color:
    """A ReportLab colour; the alpha, if not 1, becomes the shape's opacity."""
    a = rgba[3] if alpha is None and len(rgba) > 3 else (1.0 if alpha is None else alpha)
    return Color(float(rgba[0]), float(rgba[1]), float(rgba[2]), float(a))


def _r(value: float) -> float:
    """Coordinates rounded to 1/1000 pt: shorter PDF content, identical output."""
    return round(float(value), 3)


def _segments(path: MplPath, transform: Transform) -> Iterator[tuple[int, list[float]]]:
    for vertices, code in path.iter_segments(transform, simplify=False, curves=True):
        yield int(code), [float(v) for v in vertices]


def _polygon_path(path: MplPath, transform: Transform) -> Path | None:
    """Fast route for paths of straight segments (the map's provinces: thousands of
    vertices), transformed and rounded with numpy; None when the path needs the general one."""
    vertices = transform.transform(path.vertices)
    if not len(vertices) or np.isnan(vertices).any():
        return None
    if path.codes is None:
        codes = np.full(len(vertices), MplPath.LINETO, dtype=MplPath.code_type)
        codes[0] = MplPath.MOVETO
    else:
        codes = np.asarray(path.codes)
    if not np.isin(codes, (MplPath.MOVETO, MplPath.LINETO, MplPath.CLOSEPOLY)).all():
        return None
    if codes[0] != MplPath.MOVETO:
        return None
    drawn = codes != MplPath.CLOSEPOLY
    out = Path(fillMode=FILL_NON_ZERO)
    # set without ReportLab's per-number validation (plain floats and ints by construction;
    # validating the map's vertices one by one cost more than converting them)
    out.__dict__["points"] = np.round(vertices[drawn], 3).ravel().tolist()
    out.__dict__["operators"] = np.select(
        [codes == MplPath.MOVETO, codes == MplPath.LINETO], [_RL_MOVETO, _RL_LINETO], _RL_CLOSE
    ).tolist()
    return out


def rl_path(path: MplPath, transform: Transform) -> Path:
    """The matplotlib path (in display coordinates after ``transform``) as a ReportLab Path;
    quadratic curves become cubic ones."""
    fast = _polygon_path(path, transform)
    if fast is not None:
        return fast
    out = Path(fillMode=FILL_NON_ZERO)  # matplotlib's backends fill with the non-zero rule
    current = (0.0, 0.0)
    start = (0.0, 0.0)
    for code, v in _segments(path, transform):
        if code == MplPath.MOVETO:
            out.moveTo(_r(v[0]), _r(v[1]))
            current = start = (v[0], v[1])
        elif code == MplPath.LINETO:
            out.lineTo(_r(v[0]), _r(v[1]))
            current = (v[0], v[1])
        elif code == MplPath.CURVE3:
            (x0, y0), (cx, cy), (x, y) = current, (v[0], v[1]), (v[2], v[3])
            c1 = (x0 + 2 / 3 * (cx - x0), y0 + 2 / 3 * (cy - y0))
            c2 = (x + 2 / 3 * (cx - x), y + 2 / 3 * (cy - y))
            out.curveTo(_r(c1[0]), _r(c1[1]), _r(c2[0]), _r(c2[1]), _r(x), _r(y))
            current = (x, y)
        elif code == MplPath.CURVE4:
            out.curveTo(*(_r(c) for c in v[:6]))
            current = (v[4], v[5])
        elif code == MplPath.CLOSEPOLY:
            out.closePath()
            current = start
    return out


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    drawing.initialFontName = font_names()["regular"]  # never Helvetica
    return drawing


class DrawingRenderer(RendererBase):
    """Collects a figure's artists as ReportLab shapes in ``self.drawing``.

    The text of an artist whose gid is one of ``apart`` (a chart's title, the map's
    attribution) goes to a drawing of its own in ``self.parts[gid]``, of the same size, so
    the bulletin can draw and tag it separately from the graphic.
    """

    def __init__(self, width: float, height: float, apart: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.width = width
        self.height = height
        self.dpi = DPI
        self.drawing = _drawing(width, height)
        self.parts = {gid: _drawing(width, height) for gid in apart}
        self._groups: list[str | None] = []  # gids of the artists being drawn
        self._clip_key: ClipKey = None
        self._target: Drawing | Group = self.drawing

    # --- canvas facts --------------------------------------------------------------------

    def flipy(self) -> bool:
        """Display y grows upwards, as in ReportLab."""
        return False

    def get_canvas_width_height(self) -> tuple[float, float]:
        """The drawing's size in points."""
        return self.width, self.height

    def points_to_pixels(self, points: ArrayLike) -> ArrayLike:
        """Display units are points."""
        return points

    def get_text_width_height_descent(
        self, s: str, prop: FontProperties, ismath: bool | str
    ) -> tuple[float, float, float]:
        """Width from ReportLab's metrics (what the PDF draws); height and descent from the
        glyph outlines, as matplotlib's SVG and PDF backends measure them.

        Kept for the next figures (matplotlib keeps them for one renderer, and every figure
        has its own): the same text in the same font always measures the same, and a
        report's charts repeat their tick and category labels (a tenth of a chart's time
        went into measuring them again)."""
        if ismath:
            raise DrawingError(f"testo matematico non supportato: {s!r}")
        key = (s, *_font_key(prop))
        known = _METRICS.get(key)
        if known is None:
            _, height, descent = super().get_text_width_height_descent(s, prop, False)
            width = stringWidth(s, font_name(prop), prop.get_size_in_points())
            if len(_METRICS) >= MAX_METRICS:
                _METRICS.clear()
            known = _METRICS[key] = (width, height, descent)
        return known

    # --- artists kept apart --------------------------------------------------------------

    def open_group(self, s: str, gid: str | None = None) -> None:
        """An artist starts drawing: note its gid."""
        self._groups.append(gid)

    def close_group(self, s: str) -> None:
        """The artist has been drawn."""
        self._groups.pop()

    def _apart(self) -> Drawing | None:
        """The drawing of the innermost artist kept apart being drawn, if any."""
        return next((self.parts[g] for g in reversed(self._groups) if g in self.parts), None)

    # --- clipping ------------------------------------------------------------------------

    def _clip_of(self, gc: GraphicsContextBase) -> tuple[ClipKey, list[Path]]:
        """A hashable description of the gc's clip and the clipping paths it needs."""
        key: list[Any] = []
        paths: list[Path] = []
        rect = gc.get_clip_rectangle()
        if rect is not None:
            x0, y0, x1, y1 = (_r(c) for c in rect.extents)
            key.append(("rect", x0, y0, x1, y1))
            clip = Path(fillMode=FILL_NON_ZERO)
            clip.moveTo(x0, y0)
            clip.lineTo(x1, y0)
            clip.lineTo(x1, y1)
            clip.lineTo(x0, y1)
            clip.closePath()
            paths.append(clip)
        tpath, affine = gc.get_clip_path()
        if tpath is not None and affine is not None:
            # matplotlib hands over a Path here (get_transformed_path_and_affine), though
            # its type stub says TransformedPath
            clip = rl_path(cast(MplPath, tpath), affine)
            key.append(("path", tuple(clip.points), tuple(clip.operators)))
            paths.append(clip)
        for clip in paths:
            clip.isClipPath = 1
            clip.fillColor = None
            clip.strokeColor = None
        return (tuple(key) if key else None), paths

    def _add(self, gc: GraphicsContextBase, shape: Any) -> None:
        """Add a shape, in a group clipped like the previous shape when the clip is the
        same (fewer clipping operators in the PDF)."""
        key, clips = self._clip_of(gc)
        if key != self._clip_key:
            self._clip_key = key
            if key is None:
                self._target = self.drawing
            else:
                # a clip path holds until its group's graphics state is restored; two
                # clips in one group intersect
                self._target = Group(*clips)
                self.drawing.add(self._target)
        self._target.add(shape)

    # --- drawing -------------------------------------------------------------------------

    def draw_path(
        self,
        gc: GraphicsContextBase,
        path: MplPath,
        transform: Transform,
        rgbFace: ColorType | None = None,  # matplotlib's argument name
    ) -> None:
        """A filled and/or stroked path."""
        if gc.get_hatch() is not None:
            raise DrawingError("tratteggio (hatch) non supportato nei grafici vettoriali")
        shape = rl_path(path, transform)
        if not shape.operators:
            return
        stroke_width = gc.get_linewidth()
        stroke_rgba = gc.get_rgb()
        has_stroke = stroke_width > 0 and stroke_rgba[3] > 0
        face = None if rgbFace is None else to_rgba(rgbFace)
        has_fill = face is not None and face[3] > 0
        if not has_stroke and not has_fill:
            return
        if face is not None and has_fill:
            alpha = gc.get_alpha() if gc.get_forced_alpha() else None
            shape.fillColor = _color(face, alpha)
        else:
            shape.fillColor = None
        if has_stroke:
            shape.strokeColor = _color(stroke_rgba)
            shape.strokeWidth = _r(stroke_width)
            shape.strokeLineJoin = _JOINS.get(gc.get_joinstyle(), 0)
            shape.strokeLineCap = _CAPS.get(gc.get_capstyle(), 0)
            offset, pattern = gc.get_dashes()
            dashes = [] if pattern is None else np.asarray(pattern, dtype=float).tolist()
            if dashes:
                shape.strokeDashArray = (_r(offset or 0.0), [_r(d) for d in dashes])
        else:
            shape.strokeColor = None
        # fill open paths too, as matplotlib does (ReportLab's default leaves them empty)
        shape.autoclose = "pdf"
        self._add(gc, shape)

    def draw_text(
        self,
        gc: GraphicsContextBase,
        x: float,
        y: float,
        s: str,
        prop: FontProperties,
        angle: float,
        ismath: bool | str = False,
        mtext: Any = None,
    ) -> None:
        """One line of text, its baseline starting at (x, y), rotated by ``angle`` degrees."""
        if ismath:
            raise DrawingError(f"testo matematico non supportato: {s!r}")
        if not s:
            return
        text = String(
            0,
            0,
            s,
            fontName=font_name(prop),
            fontSize=prop.get_size_in_points(),
            fillColor=_color(gc.get_rgb()),
            textAnchor="start",
        )
        apart = self._apart()
        if apart is not None and angle % 360 == 0:
            text.x, text.y = _r(x), _r(y)
            apart.add(text)  # a title or a note: never clipped
            return
        if angle % 360 == 0:
            text.x, text.y = _r(x), _r(y)
            self._add(gc, text)
            return
        rad = math.radians(angle)
        cos, sin = _r(math.cos(rad)), _r(math.sin(rad))
        self._add(gc, Group(text, transform=(cos, sin, -sin, cos, _r(x), _r(y))))

    def draw_image(
        self,
        gc: GraphicsContextBase,
        x: float,
        y: float,
        im: ArrayLike,
        transform: Affine2DBase | None = None,
    ) -> None:
        """Images are not supported: a chart must stay vector."""
        raise DrawingError("immagini non supportate nei grafici vettoriali del bollettino")


def figure_drawing(fig: Figure) -> Drawing:
    """Draw ``fig`` (created at 72 dpi) as a ReportLab Drawing of its size in points."""
    return figure_parts(fig, ())[0]


def figure_parts(fig: Figure, apart: tuple[str, ...]) -> tuple[Drawing, dict[str, Drawing]]:
    """Draw ``fig`` (created at 72 dpi) as a ReportLab Drawing of its size in points, with
    the text of the artists whose gid is in ``apart`` in drawings of their own (by gid;
    empty drawings when the figure has no such artist)."""
    if fig.dpi != DPI:
        raise DrawingError(f"la figura deve essere a {DPI:g} dpi, non {fig.dpi:g}")
    width, height = (float(v) for v in fig.get_size_inches() * DPI)
    renderer = DrawingRenderer(width, height, apart)
    fig.draw(renderer)
    return renderer.drawing, renderer.parts
