"""Text blocks, grouped lists of entries and two columns of bullets.

Headings are kept with what follows them; a paragraph is one ``P`` however many pages it
spans. A grouped list is a heading per group, then a list (``L`` > ``LI`` > ``LBody``) of
entries, each its title (a heading), its text and its meta line; bullets are ``LI`` with
their ``Lbl`` and ``LBody``.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Spacer, Table, TableStyle

from porreport.bulletin import styles as bs
from porreport.bulletin.flow import (
    BLOCK_HEADING,
    ENTRY_HEADING,
    GAP,
    Flowables,
    heading,
    height,
    keep_with_next,
    para,
    tagged,
)
from porreport.bulletin.tagging import ListItem, group
from porreport.content.document import Item, ItemList, TextBlock, TwoColumns

BULLET = "\u2022"


def text_flowables(block: TextBlock, style: ParagraphStyle | None = None) -> Flowables:
    """A heading and its paragraphs (paragraphs split across pages by themselves)."""
    st = bs.styles()
    out: Flowables = []
    if block.heading:
        out.append(heading(block.heading, st.h3, BLOCK_HEADING))
    for p in block.paragraphs:
        out += [tagged(p, style or st.body), Spacer(1, 4)]
    return out


def _group_heading(value: str, width: float) -> Table:
    st = bs.styles()
    table = bs.BTable([[tagged(value, st.h3, BLOCK_HEADING)]], colWidths=[width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), bs.LIGHT_BG),
                ("LINEBEFORE", (0, 0), (0, 0), 3, bs.PRIMARY),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


@cache
def _entry_styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    """The styles of an entry's title, text and meta line (made once: a list may have
    thousands of entries)."""
    st = bs.styles()
    return (
        ParagraphStyle("item-title", parent=st.item_title, leftIndent=11),
        ParagraphStyle("item-text", parent=st.body, leftIndent=11),
        ParagraphStyle("item-meta", parent=st.item_meta, leftIndent=11),
    )


def _entry(item: Item) -> Flowables:
    """An entry of a grouped list: its title stays with its text, its text with its meta."""
    title, text, meta = _entry_styles()
    body: Flowables = [heading(item.title, title, ENTRY_HEADING), tagged(item.text, text)]
    if item.meta:
        body[-1].keepWithNext = True
        body.append(tagged(item.meta, meta))
    return group("LI", group("LBody", body))


def list_flowables(block: ItemList, width: float) -> Flowables:
    """Grouped entries: a banded group heading, then title, text and meta line per entry."""
    out: Flowables = []
    for g in block.groups:
        out += keep_with_next([_group_heading(g.heading, width), Spacer(1, 5)])
        entries: Flowables = []
        for item in g.items:
            entries += [*_entry(item), Spacer(1, 7)]
        out += group("L", entries, list_numbering="None")
        out.append(Spacer(1, 4))
    return out


@cache
def _bullet_style() -> ParagraphStyle:
    return ParagraphStyle("bullet-body", parent=bs.styles().body, leftIndent=11)


def _column(block: TextBlock) -> Flowables:
    st = bs.styles()
    out: Flowables = []
    if block.heading:
        out += keep_with_next([heading(block.heading, st.h2, BLOCK_HEADING), Spacer(1, 5)])
    body = _bullet_style()
    items: Flowables = []
    for p in block.paragraphs:
        items += [ListItem(para(BULLET, st.body), para(p, body)), Spacer(1, 5)]
    return out + group("L", items, list_numbering="Disc")


def two_columns_flowables(block: TwoColumns, width: float, max_height: float) -> Flowables:
    """Two columns side by side; stacked when they are too long to share one page."""
    col = (width - 2 * GAP) / 2
    left, right = _column(block.left), _column(block.right)
    table = bs.BTable(
        [[left, "", right]],
        colWidths=[col, 2 * GAP, col],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LINEABOVE", (0, 0), (0, 0), 2.2, bs.PRIMARY),
                ("LINEABOVE", (2, 0), (2, 0), 2.2, bs.ACCENT),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
            ]
        ),
        hAlign="LEFT",
    )
    if height(table, width) < max_height * 0.8:
        return [table]
    return [*_column(block.left), Spacer(1, GAP), *_column(block.right)]
