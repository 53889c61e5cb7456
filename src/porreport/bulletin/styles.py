"""Fonts, colours and paragraph styles of the PDF bulletin.

Titillium Web is registered once with ReportLab (with a family mapping so ``<b>`` and ``<i>``
resolve to the bundled weights); every style below uses it, so ReportLab never falls back to
its unembedded base-14 Helvetica.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from html import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Table

from porreport import theme
from porreport.bulletin.fastpaths import BulletinFont
from porreport.bulletin.tagging import LayoutTableTags
from porreport.resources import font_path

REGULAR = "TitilliumWeb-Regular"
SEMIBOLD = "TitilliumWeb-SemiBold"
BOLD = "TitilliumWeb-Bold"
ITALIC = "TitilliumWeb-Italic"

_FONTS = {
    REGULAR: "Regular",
    SEMIBOLD: "SemiBold",
    BOLD: "Bold",
    ITALIC: "Italic",
}


@cache
def register_fonts() -> str:
    """Register the Titillium Web styles and their family once; return the regular name."""
    for name, style in _FONTS.items():
        pdfmetrics.registerFont(BulletinFont(name, str(font_path(style))))
    # No bold-italic cut ships with the package: bold italic falls back to bold.
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD
    )
    for name in (SEMIBOLD, BOLD, ITALIC):
        pdfmetrics.registerFontFamily(name, normal=name, bold=BOLD, italic=ITALIC, boldItalic=BOLD)
    return REGULAR


def color(hex_rgb: str) -> colors.Color:
    """A ReportLab colour from a theme hex string."""
    return colors.HexColor(theme.mpl(hex_rgb))


def tint(hex_rgb: str, amount: float) -> colors.Color:
    """``hex_rgb`` mixed with white: amount 0 is white, 1 the colour itself."""
    r, g, b = theme.hex_to_rgb(hex_rgb)
    return colors.Color(*(1 - amount * (1 - c / 255) for c in (r, g, b)))


PRIMARY = color(theme.PRIMARY)
DARK = color(theme.DARK)
TEXT = color(theme.TEXT)
MUTED = color(theme.MUTED)
LIGHT_BG = color(theme.LIGHT)
RULE = color(theme.RULE)
ACCENT = color(theme.ACCENT)
WHITE = color(theme.WHITE)
ACCENT_TINT = tint(theme.ACCENT, 0.16)  # the illustrative-data note
ROW_STRIPE = tint(theme.LIGHT, 0.55)  # every other body row of a table


class BTable(Table):
    """A Table whose plain-string cells (even empty gap cells) use Titillium Web: ReportLab's
    default cell font is the unembedded Helvetica. Unless given another ``renderCB``, it is
    tagged as a layout table: backgrounds, rules and empty cells are artifacts, the
    flowables in its cells tag themselves."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("renderCB", LayoutTableTags())
        super().__init__(*args, **kwargs)
        self.setStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR)])


def text(value: str) -> str:
    """Escape a plain string for a Paragraph: markup characters print literally, line
    breaks are kept. (``html.escape`` without quotes escapes what ``xml.sax.saxutils``'s
    does, without loading ``urllib.request``, ``http`` and ``email``: 0.01 s at start-up.)"""
    return escape(value, quote=False).replace("\n", "<br/>")


@dataclass(frozen=True)
class Styles:
    """Every paragraph style the bulletin uses."""

    body: ParagraphStyle
    small: ParagraphStyle
    footnote: ParagraphStyle
    cutoff: ParagraphStyle
    h1: ParagraphStyle
    subtitle: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    card_title: ParagraphStyle
    card_subtitle: ParagraphStyle
    card_text: ParagraphStyle
    row_label: ParagraphStyle
    row_value: ParagraphStyle
    fig_label: ParagraphStyle
    fig_value: ParagraphStyle
    fig_note: ParagraphStyle
    head_value: ParagraphStyle
    head_label: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    cell_total: ParagraphStyle
    cell_total_right: ParagraphStyle
    item_title: ParagraphStyle
    item_meta: ParagraphStyle
    caption: ParagraphStyle
    note_box: ParagraphStyle
    cover_kicker: ParagraphStyle
    cover_title: ParagraphStyle
    cover_occasion: ParagraphStyle
    cover_date: ParagraphStyle
    cover_line: ParagraphStyle


def _style(name: str, parent: ParagraphStyle | None = None, **kw: object) -> ParagraphStyle:
    """A style from the bulletin's defaults, or from ``parent`` (whose values it keeps:
    only ``kw`` overrides them)."""
    if parent is not None:
        return ParagraphStyle(name, parent=parent, **kw)
    base = {
        "fontName": REGULAR,
        "bulletFontName": REGULAR,
        "fontSize": 9.5,
        "leading": 13.5,
        "textColor": TEXT,
        "alignment": TA_LEFT,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)


@cache
def styles() -> Styles:
    """The bulletin's paragraph styles (fonts registered on first use)."""
    register_fonts()
    cell = _style("cell", fontSize=9, leading=11.5)
    head = _style("cell_head", fontName=SEMIBOLD, fontSize=8.5, leading=10.5, textColor=WHITE)
    total = _style("cell_total", fontName=BOLD, fontSize=9, leading=11.5, textColor=DARK)
    return Styles(
        body=_style("body"),
        small=_style("small", fontSize=8.5, leading=11.5, textColor=MUTED),
        footnote=_style("footnote", fontSize=7.5, leading=9.8, textColor=MUTED),
        cutoff=_style("cutoff", fontName=SEMIBOLD, fontSize=8, leading=10, textColor=MUTED),
        h1=_style("h1", fontName=BOLD, fontSize=17, leading=20.5, textColor=DARK, spaceAfter=1),
        subtitle=_style("subtitle", fontSize=10.5, leading=13.5, textColor=MUTED),
        h2=_style("h2", fontName=BOLD, fontSize=11.5, leading=14.5, textColor=DARK),
        h3=_style("h3", fontName=SEMIBOLD, fontSize=10.5, leading=13.5, textColor=PRIMARY),
        card_title=_style(
            "card_title", fontName=BOLD, fontSize=11, leading=13.5, textColor=PRIMARY
        ),
        card_subtitle=_style(
            "card_subtitle", fontName=SEMIBOLD, fontSize=9.5, leading=12, textColor=DARK
        ),
        card_text=_style("card_text", fontSize=9, leading=12.6),
        row_label=_style("row_label", fontSize=8.8, leading=11, textColor=MUTED),
        row_value=_style(
            "row_value", fontName=SEMIBOLD, fontSize=9.5, leading=11.5, alignment=TA_RIGHT
        ),
        fig_label=_style(
            "fig_label", fontName=SEMIBOLD, fontSize=8.3, leading=10.2, textColor=MUTED
        ),
        fig_value=_style("fig_value", fontName=BOLD, fontSize=17, leading=20, textColor=DARK),
        fig_note=_style("fig_note", fontSize=8, leading=10, textColor=PRIMARY),
        head_value=_style("head_value", fontName=BOLD, fontSize=24, leading=27, textColor=WHITE),
        head_label=_style(
            "head_label", fontName=SEMIBOLD, fontSize=10, leading=12.5, textColor=WHITE
        ),
        cell=cell,
        cell_right=_style("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_head=head,
        cell_head_right=_style("cell_head_right", parent=head, alignment=TA_RIGHT),
        cell_total=total,
        cell_total_right=_style("cell_total_right", parent=total, alignment=TA_RIGHT),
        item_title=_style(
            "item_title", fontName=SEMIBOLD, fontSize=9.8, leading=12.5, textColor=DARK
        ),
        item_meta=_style("item_meta", fontName=ITALIC, fontSize=8.3, leading=10.5, textColor=MUTED),
        caption=_style("caption", fontName=SEMIBOLD, fontSize=9.5, leading=12, textColor=DARK),
        note_box=_style("note_box", fontName=SEMIBOLD, fontSize=8.8, leading=11.5, textColor=DARK),
        cover_kicker=_style(
            "cover_kicker", fontName=SEMIBOLD, fontSize=11, leading=14, textColor=WHITE
        ),
        cover_title=_style("cover_title", fontName=BOLD, fontSize=27, leading=31, textColor=WHITE),
        cover_occasion=_style("cover_occasion", fontSize=13.5, leading=17, textColor=WHITE),
        cover_date=_style("cover_date", fontName=BOLD, fontSize=10.5, leading=13, textColor=DARK),
        cover_line=_style(
            "cover_line", fontName=SEMIBOLD, fontSize=10.5, leading=14, textColor=DARK
        ),
    )
