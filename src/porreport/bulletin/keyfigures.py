"""Key figures: a headline band and a grid of boxes, or a funnel of steps with chevrons.

Each figure reads label, value, note, as paragraphs; the boxes, bands and chevrons are
artifacts. The grid (``grid``) is also how cards stand side by side.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Polygon
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Spacer, Table, TableStyle

from porreport.bulletin import styles as bs
from porreport.bulletin.flow import (
    BLOCK_HEADING,
    GAP,
    PAD,
    Flowables,
    fitted,
    heading,
    keep_with_next,
    tagged,
)
from porreport.bulletin.tagging import Decoration
from porreport.content.document import Figure, Figures


def _figure_cell(fig: Figure, width: float) -> Flowables:
    st = bs.styles()
    inner = width - 2 * PAD
    cell: Flowables = [
        tagged(fig.label, st.fig_label),
        tagged(fig.value, fitted(st.fig_value, fig.value, inner)),
    ]
    if fig.note:
        cell.append(tagged(fig.note, st.fig_note))
    return cell


def grid(cells: Sequence[Flowables], columns: int, width: float, boxed: bool = True) -> Table:
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
    return bs.BTable(rows, colWidths=widths, style=TableStyle(cmds), hAlign="LEFT")


def _headline(fig: Figure, width: float) -> Table:
    st = bs.styles()
    label: Flowables = [tagged(fig.label, st.head_label)]
    if fig.note:
        label.append(tagged(fig.note, st.head_label))
    value_style = fitted(st.head_value, fig.value, width * 0.45)
    value = tagged(fig.value, ParagraphStyle("hv-right", parent=value_style, alignment=2))
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


def _chevron(height: float = 34.0) -> Decoration:
    d = Drawing(GAP + 8, height)
    d.initialFontName = bs.REGULAR  # renderPDF would otherwise start with Helvetica
    mid = height / 2
    d.add(Polygon([4, mid + 9, GAP + 4, mid, 4, mid - 9], fillColor=bs.PRIMARY, strokeColor=None))
    return Decoration(d)


def _steps(figures: Figures, width: float) -> Flowables:
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
    return [bs.BTable([row], colWidths=widths, style=TableStyle(cmds), hAlign="LEFT")]


def figures_flowables(figures: Figures, width: float) -> Flowables:
    """Key figures as a headline band and a grid of boxes, or a funnel of steps; the block's
    heading is kept with them, its text follows."""
    st = bs.styles()
    out: Flowables = []
    if figures.heading:
        out.append(heading(figures.heading, st.h3, BLOCK_HEADING))
    if figures.style == "steps":
        out += _steps(figures, width)
    else:
        if figures.headline:
            band: Flowables = [_headline(figures.headline, width), Spacer(1, GAP)]
            out += keep_with_next(band) if figures.items else band  # the band stays with its boxes
        columns = min(4, max(1, len(figures.items)))
        col = (width - GAP * (columns - 1)) / columns
        cells = [_figure_cell(f, col) for f in figures.items]
        if cells:
            out.append(grid(cells, columns, width))
    if figures.text:
        out += [Spacer(1, 6), tagged(figures.text, st.body)]
    return out
