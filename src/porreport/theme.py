"""The visual identity shared by the deck template, the charts, the map and the PDF.

One palette and one font family (Titillium Web, the typeface of Italian public
administration design) so the three outputs look the same. Colours are hex RGB without '#'.
"""

from __future__ import annotations

FONT_FAMILY = "Titillium Web"

PRIMARY = "0066CC"  # blu Italia
DARK = "17324D"  # titles, text on light backgrounds
TEXT = "1C2024"
MUTED = "5C6F82"  # secondary text, axes
LIGHT = "EEF2F7"  # card backgrounds
RULE = "C5D0DB"  # thin rules, gridlines
ACCENT = "F2A900"  # highlights, the reference line
WHITE = "FFFFFF"
NO_DATA = "E3E6EA"  # provinces without data on the map
CONTEXT = "F1F3F6"  # neighbouring provinces drawn around the mapped regions
NOTICE = "7A5300"  # the "illustrative data" notice of the deck (dark amber, on NOTICE_FILL)
NOTICE_FILL = "FFF4D6"

SERIES = (PRIMARY, DARK, "5C9DFF", ACCENT, "00A3A3", "A66BBE")
SEQUENTIAL = ("DCEBFA", "A9CDF2", "6AA6E6", "2F7FD4", "0A55A3", "083C74")  # light to dark blue


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """'0066CC' -> (0, 102, 204)."""
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def mpl(color: str) -> str:
    """'0066CC' -> '#0066CC' for matplotlib and ReportLab."""
    return f"#{color}"
