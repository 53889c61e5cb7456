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
    """Register Titillium Web in ReportLab (once per font) and map it in svglib's font map.

    svglib's ``register_font`` parses the TTF again for every (family, weight, style) it is
    given (48 parses here, ~0.2 s); so each font is registered once with ReportLab (keeping
    any font object the bulletin registered earlier under the same name, so one PDF never
    carries two copies) and svglib's map gets plain entries pointing to those names.
    """
    from svglib.fonts import FontMap, get_global_font_map

    registered_names = set(pdfmetrics.getRegisteredFontNames())
    for name, file_style in set(REPORTLAB_FONTS.values()):
        if name not in registered_names:
            pdfmetrics.registerFont(TTFont(name, str(font_path(file_style))))
    font_map = get_global_font_map()
    registered: dict[tuple[str, str], str] = {}
    for (weight, style), (name, _) in REPORTLAB_FONTS.items():
        for family in (theme.FONT_FAMILY, theme.FONT_FAMILY.replace(" ", "")):
            for w in _weights(weight):
                internal = FontMap.build_internal_name(family, w, style)
                # the same entry svglib's register_font writes, without re-reading the TTF
                font_map._map[internal] = {
                    "svg_family": family,
                    "svg_weight": w,
                    "svg_style": style,
                    "rlgFont": name,
                    "exact": True,
                }
                font_map._family_index.setdefault(family.lower(), family)
        registered[(weight, style)] = name
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
