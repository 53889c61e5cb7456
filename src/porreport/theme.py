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

# The charts the bulletin draws (matplotlib): every series and the reference line at least
# 3:1 against white, the background and the gap between bars (WCAG 2.1, 1.4.11). Separate
# constants because the deck keeps SERIES for its native charts.
CHART_SERIES = (PRIMARY, DARK, "4A86E8", "B37800", "008A8A", "A66BBE")
CHART_REFERENCE = "B37800"  # the accent's hue, dark enough for a line on white
MIN_TEXT_PT = 7.0  # the smallest text the bulletin prints


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """'0066CC' -> (0, 102, 204)."""
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def mpl(color: str) -> str:
    """'0066CC' -> '#0066CC' for matplotlib and ReportLab."""
    return f"#{color}"


def relative_luminance(color: str) -> float:
    """WCAG 2.1 relative luminance of 'RRGGBB' (0 black, 1 white)."""
    channels = [c / 255 for c in hex_to_rgb(color)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two 'RRGGBB' colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def ink_on(fill: str, inks: tuple[str, ...] = (WHITE, DARK)) -> str:
    """The ink of ``inks`` with the highest contrast on ``fill`` (the first on a tie)."""
    return max(inks, key=lambda ink: contrast(ink, fill))
