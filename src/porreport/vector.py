"""SVG (from ``porreport.charts``) to a ReportLab Drawing, keeping vectors and real text.

matplotlib writes text as ``<text>`` with font-family 'Titillium Web' (``svg.fonttype =
'none'``); svglib maps that family to ReportLab fonts. The bundled Titillium Web TTFs are
registered in ReportLab and in svglib's font map under that family, regular and bold, so the
PDF embeds Titillium and never falls back to Helvetica (nor asks fontconfig).
"""

from __future__ import annotations

import io
from functools import cache

from reportlab.graphics.shapes import Drawing, Group
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from porreport import theme
from porreport.resources import font_path

# ReportLab font names of the bundled styles; bulletin.py may register the same names.
REPORTLAB_FONTS = {
    ("normal", "normal"): ("TitilliumWeb-Regular", "Regular"),
    ("bold", "normal"): ("TitilliumWeb-Bold", "Bold"),
    ("normal", "italic"): ("TitilliumWeb-Italic", "Italic"),
    ("bold", "italic"): ("TitilliumWeb-Bold", "Bold"),  # no bold italic file: bold
}


class VectorError(ValueError):
    """An SVG that cannot be converted."""


@cache
def register_fonts() -> dict[tuple[str, str], str]:
    """Register Titillium Web in ReportLab and in svglib's font map; return the names.

    svglib's ``register_font`` (re)creates a TTFont for each mapping; font objects another
    module registered earlier under the same names (the bulletin) are put back afterwards,
    so one PDF never carries two copies of a font.
    """
    from svglib.fonts import get_global_font_map

    names = {name for name, _ in REPORTLAB_FONTS.values()}
    earlier = {n: pdfmetrics.getFont(n) for n in names if n in pdfmetrics.getRegisteredFontNames()}
    font_map = get_global_font_map()
    registered: dict[tuple[str, str], str] = {}
    for (weight, style), (name, file_style) in REPORTLAB_FONTS.items():
        path = str(font_path(file_style))
        for family in (theme.FONT_FAMILY, theme.FONT_FAMILY.replace(" ", "")):
            for w in _weights(weight):
                font_map.register_font(family, path, weight=w, style=style, rlgFontName=name)
        registered[(weight, style)] = name
    for font in earlier.values():
        pdfmetrics.registerFont(font)
    for name in names - set(earlier):  # one font object per name from now on
        pdfmetrics.registerFont(TTFont(name, str(font_path(name.split("-")[1]))))
    return registered


def _weights(weight: str) -> tuple[str, ...]:
    """The CSS weights svglib may look up for a weight class (matplotlib writes numbers)."""
    if weight == "bold":
        return ("bold", "bolder", "600", "700", "800", "900")
    return ("normal", "lighter", "100", "200", "300", "400", "500")


def svg_to_drawing(svg: bytes, width_pt: float, height_pt: float) -> Drawing:
    """A Drawing of ``width_pt`` x ``height_pt`` points with the SVG scaled to fill it.

    The SVG is scaled uniformly (its aspect ratio is kept) and centred; text stays text in
    Titillium Web.
    """
    from svglib.svglib import svg2rlg

    names = register_fonts()
    source = svg2rlg(io.BytesIO(svg))
    if source is None:
        raise VectorError("SVG non leggibile: svglib non ha prodotto alcun disegno")
    if source.width <= 0 or source.height <= 0:
        raise VectorError(f"SVG senza dimensioni: {source.width} x {source.height}")
    scale = min(width_pt / source.width, height_pt / source.height)
    dx = (width_pt - source.width * scale) / 2
    dy = (height_pt - source.height * scale) / 2
    group = Group(*source.contents)
    group.transform = (scale, 0, 0, scale, dx, dy)
    drawing = Drawing(width_pt, height_pt)
    # renderPDF starts every drawing with this font; the default would be Helvetica.
    drawing.initialFontName = names[("normal", "normal")]
    drawing.add(group)
    return drawing
