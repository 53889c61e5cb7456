"""Text measurement with the bundled Titillium Web, for layouts decided before drawing.

Used by the deck (fitting text into boxes) and the charts (margins for labels), so both
measure the same way: advance widths from the TTF, through Pillow's FreeType binding.
"""

from __future__ import annotations

from functools import cache

from PIL import ImageFont

from porreport.resources import font_path

REFERENCE_SIZE = 100


@cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path("Bold" if bold else "Regular")), REFERENCE_SIZE)


@cache
def word_width(word: str, bold: bool) -> float:
    """Advance width of ``word`` at 1 pt, in points."""
    return _font(bold).getlength(word) / REFERENCE_SIZE


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` set at ``size`` points."""
    return sum(word_width(w, bold) for w in text.split(" ")) * size + (
        text.count(" ") * word_width(" ", bold) * size
    )
