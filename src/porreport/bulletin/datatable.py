"""Data tables: a styled header row (repeated on every page a long table spans), striped
body rows and a styled total row, with column widths from the content.

Tags: ``Table`` (its ``/Summary`` the document's alt text of the table) > ``THead`` (``TH``
cells with ``/Scope /Column``), ``TBody``, ``TFoot`` (the total row); the caption is the
table's ``Caption``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from porreport.bulletin import styles as bs
from porreport.bulletin.flow import Flowables, para
from porreport.bulletin.tagging import DataTableTags, Tagged
from porreport.content.document import Table as TableBlock
from porreport.typesetting import column_widths

KEEP_ROWS = 16  # tables up to this many rows are not split across pages


class DataTable(bs.BTable):
    """A table that stays whole, moving to the next page, when it is shorter than
    ``whole_below`` points (a short table); longer ones split between rows."""

    whole_below = 0.0

    def split(self, avail_width: float, avail_height: float) -> list[Table]:
        """No pieces for a short table; the rows that fit and the rest for a long one."""
        self._calc(avail_width, avail_height)  # the table's height, as Table.split does
        if self._height < self.whole_below:
            return []
        parts: list[Table] = super().split(avail_width, avail_height)
        return parts


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


def table_flowables(block: TableBlock, width: float, max_height: float) -> Flowables:
    """The caption (kept with the table) and the table: whole when short, else split across
    pages with its header repeated, never leaving the total row alone."""
    st = bs.styles()

    def cells(
        values: Sequence[str], left: ParagraphStyle, right: ParagraphStyle
    ) -> list[Paragraph]:
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
            ("NOSPLIT", (0, -2), (-1, -1)),
        ]
    tags = DataTableTags(
        rows=len(data), footer_rows=1 if block.total else 0, summary=block.alt_text or None
    )
    table = DataTable(
        data,
        colWidths=_column_widths(block, width),
        style=TableStyle(cmds),
        repeatRows=1,
        hAlign="LEFT",
        renderCB=tags,
    )
    table.whole_below = max_height if len(data) <= KEEP_ROWS else 0.0
    if not block.caption:
        return [table]
    caption_style = ParagraphStyle("caption-t", parent=st.caption, spaceAfter=4)
    caption = Tagged(para(block.caption, caption_style), "Caption", within=("Table", tags.table))
    caption.keepWithNext = True
    return [caption, table]
