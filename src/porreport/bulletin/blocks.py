"""Lay out each block kind of the document as ReportLab flowables.

Every string arrives formatted from ``porreport.content``; here it is only escaped (through
``styles.text``) and placed. Anything that may grow with the data (card texts, lists,
tables) is built so ReportLab can split it across pages: long texts are cut into row-sized
chunks, and grids fall back to a single column when a card is too tall for one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from reportlab.graphics.shapes import Drawing, Polygon
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from porreport.bulletin import styles as bs
from porreport.content.document import (
    Block,
    Card,
    Cards,
    Chart,
    Figure,
    Figures,
    ItemList,
    Map,
    TextBlock,
    TwoColumns,
)
from porreport.content.document import Table as TableBlock
from porreport.typesetting import column_widths

GAP = 10.0  # space between grid columns, points
PAD = 9.0  # inner padding of boxes
KEEP_ROWS = 16  # tables up to this many rows are not split across pages
CHUNK = 650  # longest text run kept in one table row (rows cannot split across pages)

Flowables = list[Flowable]
GraphicFactory = Callable[[Chart | Map, float], Flowable]


def para(value: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of plain text (markup characters escaped)."""
    return Paragraph(bs.text(value), style)


def fitted(style: ParagraphStyle, value: str, width: float, minimum: float = 8.0) -> ParagraphStyle:
    """``style`` with the font shrunk until the one-line ``value`` fits ``width``."""
    size = style.fontSize
    while size > minimum and stringWidth(value, style.fontName, size) > width:
        size -= 0.5
    if size == style.fontSize:
        return style
    return ParagraphStyle(
        f"{style.name}-{size}",
        parent=style,
        fontSize=size,
        leading=size * style.leading / style.fontSize,
    )


def chunks(value: str, limit: int = CHUNK) -> list[str]:
    """Cut a long text into pieces of at most ``limit`` characters, at sentence or word
    boundaries when possible (so each piece fits in a splittable table row)."""
    out: list[str] = []
    for line in value.split("\n"):
        rest = line.strip()
        while len(rest) > limit:
            window = rest[:limit]
            cut = max(window.rfind(". "), window.rfind("; "))
            cut = cut + 1 if cut > limit // 3 else window.rfind(" ")
            if cut <= 0:
                cut = limit
            out.append(rest[:cut].strip())
            rest = rest[cut:].strip()
        if rest:
            out.append(rest)
    return out


def _height(flowable: Flowable, width: float) -> float:
    return flowable.wrap(width, 1e6)[1]


# --- figures -------------------------------------------------------------------------


def _figure_cell(fig: Figure, width: float) -> Flowables:
    st = bs.styles()
    inner = width - 2 * PAD
    cell: Flowables = [
        para(fig.label, st.fig_label),
        para(fig.value, fitted(st.fig_value, fig.value, inner)),
    ]
    if fig.note:
        cell.append(para(fig.note, st.fig_note))
    return cell


def _grid(cells: Sequence[Flowables], columns: int, width: float, boxed: bool = True) -> Table:
    """Cells in rows of ``columns``, separated by gaps, each on a light box with a top rule."""
    col = (width - GAP * (columns - 1)) / columns
    widths = [w for i in range(columns) for w in ((col,) if i == 0 else (GAP, col))]
    rows = []
    for start in range(0, len(cells), columns):
        row: list[object] = []
        for i in range(columns):
            if i:
                row.append("")
            k = start + i
            row.append(cells[k] if k < len(cells) else "")
        rows.append(row)
    cmds: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD + 1),
    ]
    for r in range(len(rows)):
        for i in range(columns):
            k = r * columns + i
            if k >= len(cells) or not boxed:
                continue
            c = 2 * i
            cmds.append(("BACKGROUND", (c, r), (c, r), bs.LIGHT_BG))
            cmds.append(("LINEABOVE", (c, r), (c, r), 2.2, bs.PRIMARY))
    if len(rows) > 1:
        # A white gap between rows of boxes.
        for r in range(len(rows) - 1):
            cmds.append(("LINEBELOW", (0, r), (-1, r), GAP, bs.WHITE))
    table = bs.BTable(rows, colWidths=widths, style=TableStyle(cmds), hAlign="LEFT")
    return table


def _headline(fig: Figure, width: float) -> Table:
    st = bs.styles()
    label = [para(fig.label, st.head_label)]
    if fig.note:
        label.append(para(fig.note, st.head_label))
    value = para(fig.value, fitted(st.head_value, fig.value, width * 0.45))
    value.style = ParagraphStyle("hv-right", parent=value.style, alignment=2)
    table = bs.BTable([[label, value]], colWidths=[width * 0.5, width * 0.5], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), bs.PRIMARY),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 14),
                ("RIGHTPADDING", (0, 0), (-1, -1), 14),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
            ]
        )
    )
    return table


def _chevron(height: float = 34.0) -> Drawing:
    d = Drawing(GAP + 8, height)
    d.initialFontName = bs.REGULAR  # renderPDF would otherwise start with Helvetica
    mid = height / 2
    d.add(Polygon([4, mid + 9, GAP + 4, mid, 4, mid - 9], fillColor=bs.PRIMARY, strokeColor=None))
    return d


def _steps(figures: Figures, width: float) -> Flowables:
    st = bs.styles()
    n = len(figures.items)
    arrow = GAP + 8
    col = (width - arrow * (n - 1)) / n
    row: list[object] = []
    widths: list[float] = []
    for i, fig in enumerate(figures.items):
        if i:
            row.append(_chevron())
            widths.append(arrow)
        row.append(_figure_cell(fig, col))
        widths.append(col)
    cmds: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD + 1),
    ]
    for i in range(n):
        c = 2 * i
        cmds += [
            ("BACKGROUND", (c, 0), (c, 0), bs.LIGHT_BG),
            ("LINEBEFORE", (c, 0), (c, 0), 3, bs.PRIMARY),
        ]
        if i:
            cmds += [
                ("LEFTPADDING", (c - 1, 0), (c - 1, 0), 0),
                ("RIGHTPADDING", (c - 1, 0), (c - 1, 0), 0),
            ]
    out: Flowables = []
    if figures.heading:
        out.append(para(figures.heading, st.h3))
    out.append(bs.BTable([row], colWidths=widths, style=TableStyle(cmds), hAlign="LEFT"))
    if figures.text:
        out += [Spacer(1, 6), para(figures.text, st.body)]
    return out


def figures_flowables(figures: Figures, width: float) -> Flowables:
    """Key figures as a headline band and a grid of boxes, or a funnel of steps."""
    if figures.style == "steps":
        return _steps(figures, width)
    st = bs.styles()
    out: Flowables = []
    if figures.heading:
        out.append(para(figures.heading, st.h3))
    if figures.headline:
        out += [_headline(figures.headline, width), Spacer(1, GAP)]
    columns = min(4, max(1, len(figures.items)))
    col = (width - GAP * (columns - 1)) / columns
    cells = [_figure_cell(f, col) for f in figures.items]
    if cells:
        out.append(_grid(cells, columns, width))
    if figures.text:
        out += [Spacer(1, 6), para(figures.text, st.body)]
    return out


# --- cards ---------------------------------------------------------------------------


def _card_rows(card: Card) -> tuple[list[list[object]], int | None]:
    """Rows of a card as a two-column table (label | value); titles and texts span both.
    Also the index of the first text row (None when the card has no text)."""
    st = bs.styles()
    rows: list[list[object]] = [[para(card.title, st.card_title), ""]]
    if card.subtitle:
        rows.append([para(card.subtitle, st.card_subtitle), ""])
    for label, value in card.rows:
        rows.append([para(label, st.row_label), para(value, st.row_value)])
    first_text = len(rows) if card.text else None
    if card.text:
        rows += [[para(piece, st.card_text), ""] for piece in chunks(card.text)]
    return rows, first_text


def _card_table(card: Card, width: float, boxed: bool) -> Table:
    rows, first_text = _card_rows(card)
    value_w = max((stringWidth(v, bs.SEMIBOLD, 9.5) for _, v in card.rows), default=0.0)
    value_w = min(value_w + 4, width * 0.45) if card.rows else width * 0.3
    cmds: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 3),
    ]
    for r, row in enumerate(rows):
        if row[1] == "":
            cmds.append(("SPAN", (0, r), (1, r)))
        else:
            cmds.append(("LINEABOVE", (0, r), (-1, r), 0.4, bs.RULE))
    if first_text is not None:
        cmds.append(("TOPPADDING", (0, first_text), (-1, first_text), 5))
    if boxed:
        cmds += [
            ("BACKGROUND", (0, 0), (-1, -1), bs.LIGHT_BG),
            ("LINEABOVE", (0, 0), (-1, 0), 2.2, bs.PRIMARY),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("TOPPADDING", (0, 0), (-1, 0), PAD),
            ("BOTTOMPADDING", (0, -1), (-1, -1), PAD + 1),
        ]
        widths = [width - value_w - 2 * PAD, value_w + 2 * PAD]
        cmds += [("RIGHTPADDING", (0, 0), (0, -1), 4)]
    else:
        widths = [width - value_w, value_w]
    return bs.BTable(rows, colWidths=widths, style=TableStyle(cmds), hAlign="LEFT", repeatRows=0)


def cards_flowables(cards: Cards, width: float, max_height: float) -> Flowables:
    """A two-column grid of cards; a single column of splittable cards when one is too tall
    to stay whole in a grid row."""
    if not cards.cards:
        return []
    columns = 2 if len(cards.cards) > 1 else 1
    col = (width - GAP * (columns - 1)) / columns
    inner = col - 2 * PAD
    tables = [_card_table(c, inner, boxed=False) for c in cards.cards]
    if columns == 2 and all(_height(t, inner) < max_height * 0.42 for t in tables):
        return [_grid([[t] for t in tables], columns, width)]
    out: Flowables = []
    for card in cards.cards:
        out += [_card_table(card, width, boxed=True), Spacer(1, GAP)]
    return out[:-1]


# --- tables --------------------------------------------------------------------------


def _column_widths(block: TableBlock, width: float) -> list[float]:
    """Widths from the content (``typesetting.column_widths``, measured in the bold cut at
    9 pt): the header wraps, room left over goes to the text (left-aligned) columns."""
    return column_widths(
        [*block.rows, *([block.total] if block.total else [])],
        width,
        lambda text: stringWidth(text, bs.BOLD, 9),
        padding=18.0,
        header=block.columns,
        flexible=[i for i, a in enumerate(block.align) if a == "left"],
        words=lambda text: re.split(r"[ \n]", text),
    )


def table_flowables(block: TableBlock, width: float) -> Flowables:
    """The table with a styled header (repeated on every page) and a styled total row."""
    st = bs.styles()

    def cells(values: Sequence[str], left: ParagraphStyle, right: ParagraphStyle) -> list:
        return [
            para(v, right if a == "right" else left)
            for v, a in zip(values, block.align, strict=True)
        ]

    data = [cells(block.columns, st.cell_head, st.cell_head_right)]
    data += [cells(r, st.cell, st.cell_right) for r in block.rows]
    if block.total:
        data.append(cells(block.total, st.cell_total, st.cell_total_right))
    cmds: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, 0), bs.PRIMARY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, bs.RULE),
    ]
    for r in range(1, len(block.rows) + 1):
        if r % 2 == 0:
            cmds.append(("BACKGROUND", (0, r), (-1, r), bs.ROW_STRIPE))
    if block.total:
        cmds += [
            ("BACKGROUND", (0, -1), (-1, -1), bs.LIGHT_BG),
            ("LINEABOVE", (0, -1), (-1, -1), 1.2, bs.DARK),
            ("LINEBELOW", (0, -1), (-1, -1), 1.2, bs.DARK),
        ]
    out: Flowables = []
    if block.caption:
        caption = para(block.caption, ParagraphStyle("caption-t", parent=st.caption, spaceAfter=4))
        caption.keepWithNext = True
        out.append(caption)
    table = bs.BTable(
        data,
        colWidths=_column_widths(block, width),
        style=TableStyle(cmds),
        repeatRows=1,
        hAlign="LEFT",
    )
    # A short table stays whole, with its caption; a long one splits, header repeated.
    if len(data) <= KEEP_ROWS:
        return [KeepTogether([*out, table])]
    out.append(table)
    return out


# --- text, lists, columns ----------------------------------------------------------


def text_flowables(block: TextBlock, style: ParagraphStyle | None = None) -> Flowables:
    """A heading and its paragraphs (top-level paragraphs split across pages by themselves)."""
    st = bs.styles()
    out: Flowables = []
    if block.heading:
        heading = para(block.heading, st.h3)
        heading.keepWithNext = True
        out.append(heading)
    for p in block.paragraphs:
        out += [para(p, style or st.body), Spacer(1, 4)]
    return out


def _group_heading(value: str, width: float) -> Table:
    st = bs.styles()
    table = bs.BTable([[para(value, st.h3)]], colWidths=[width], hAlign="LEFT")
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
    table.keepWithNext = True
    return table


def list_flowables(block: ItemList, width: float) -> Flowables:
    """Grouped entries: a banded group heading, then title, text and meta line per entry."""
    st = bs.styles()
    indent = ParagraphStyle("item-text", parent=st.body, leftIndent=11)
    title = ParagraphStyle("item-title", parent=st.item_title, leftIndent=11)
    meta = ParagraphStyle("item-meta", parent=st.item_meta, leftIndent=11)
    out: Flowables = []
    for group in block.groups:
        out += [_group_heading(group.heading, width), Spacer(1, 5)]
        for item in group.items:
            entry: Flowables = [para(item.title, title), para(item.text, indent)]
            if item.meta:
                entry.append(para(item.meta, meta))
            entry.append(Spacer(1, 7))
            out.append(KeepTogether(entry))
        out.append(Spacer(1, 4))
    return out


def _column(block: TextBlock) -> Flowables:
    st = bs.styles()
    out: Flowables = []
    if block.heading:
        out += [para(block.heading, st.h2), Spacer(1, 5)]
    bullet = ParagraphStyle("bullet", parent=st.body, leftIndent=11, bulletIndent=0)
    for p in block.paragraphs:
        out += [Paragraph(bs.text(p), bullet, bulletText="\u2022"), Spacer(1, 5)]
    return out


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
    if _height(table, width) < max_height * 0.8:
        return [table]
    return [*_column(block.left), Spacer(1, GAP), *_column(block.right)]


def block_flowables(
    block: Block, width: float, max_height: float, graphic: GraphicFactory
) -> Flowables:
    """The flowables of any block kind."""
    if isinstance(block, Figures):
        return figures_flowables(block, width)
    if isinstance(block, Cards):
        return cards_flowables(block, width, max_height)
    if isinstance(block, TableBlock):
        return table_flowables(block, width)
    if isinstance(block, TextBlock):
        return text_flowables(block)
    if isinstance(block, ItemList):
        return list_flowables(block, width)
    if isinstance(block, TwoColumns):
        return two_columns_flowables(block, width, max_height)
    if isinstance(block, Chart | Map):
        return [graphic(block, width)]
    raise TypeError(f"unknown block kind: {type(block).__name__}")
