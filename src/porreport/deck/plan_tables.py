"""A native table: column widths from the content, one font size that fits the box."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from porreport import theme as th
from porreport.content.document import Table
from porreport.deck.fit import SAFETY, Para, Span, count_lines, pitch, text_width
from porreport.deck.slides import EMU_PER_PT, Cell, TablePlan, TextShape, emu
from porreport.deck.styles import STYLES as ST
from porreport.deck.styles import TextStyle
from porreport.deck.template import Box
from porreport.errors import RenderError
from porreport.typesetting import column_widths, token_width

CAPTION_HEIGHT = emu(22)
CELL_MARGIN_PT = 6.0  # left and right
CELL_PADDING_PT = 4.0  # top and bottom
HEIGHT_SHARE = 0.96  # of the box the rows may take
SIZE_STEP = 0.5


def caption(table: Table, region: Box) -> TextShape | None:
    """The caption above the table, when it has one."""
    if not table.caption:
        return None
    x, y, w, _h = region
    box = (x, y, w, CAPTION_HEIGHT)
    para = ST.table_caption.para(table.caption)
    return TextShape("Didascalia tabella", box, (para,), key="tabella/didascalia")


def table_too_tall(table: Table) -> RenderError:
    """The error for a table taller than its box even at the floor size."""
    name = f"«{table.caption}»" if table.caption else f"con le colonne {', '.join(table.columns)}"
    return RenderError(
        f"La tabella {name} ({len(table.rows)} righe) non entra nella slide nemmeno alla "
        "dimensione minima: ridurne le righe o accorciarne i testi."
    )


def table_plan(table: Table, region: Box) -> TablePlan:
    """The table below its caption: widths, row heights and the largest size (down to the
    floor) at which every row fits the box."""
    x, y, w, h = region
    caption_h = CAPTION_HEIGHT if table.caption else 0
    rows = [table.columns, *table.rows, *([table.total] if table.total else [])]
    styles = [
        ST.table_header,
        *[ST.table_body] * len(table.rows),
        *([ST.table_total] if table.total else []),
    ]
    size, floor = ST.table_body.bounds()
    while True:
        measure = partial(_cell_width, size=size)
        widths = column_widths(rows, w / EMU_PER_PT, measure, padding=2 * CELL_MARGIN_PT + 2)
        heights = [
            _row_height(row, style, widths, size) for row, style in zip(rows, styles, strict=True)
        ]
        if sum(heights) <= (h - caption_h) / EMU_PER_PT * HEIGHT_SHARE or size <= floor:
            break
        size -= SIZE_STEP
    col_widths = [emu(cw) for cw in widths[:-1]]
    col_widths.append(w - sum(col_widths))  # the last column takes what is left exactly
    cells = tuple(
        tuple(
            Cell(_cell_para(text, style, size, table.align, c), _fill(r, len(rows), table))
            for c, text in enumerate(row)
        )
        for r, (row, style) in enumerate(zip(rows, styles, strict=True))
    )
    return TablePlan(
        "Tabella: " + (table.caption or "dati"),
        table.alt_text,
        (x, y + caption_h, w, int(sum(heights) * EMU_PER_PT)),
        tuple(col_widths),
        tuple(int(rh * EMU_PER_PT) for rh in heights),
        cells,
        (emu(CELL_MARGIN_PT), emu(CELL_PADDING_PT)),
        key="tabella",
    )


def _cell_width(text: str, size: float) -> float:
    """The width a cell's text needs (in bold, with the share of the line renderers may
    fill differently): a column this wide holds it on one line. A single word (a header's
    word, a figure) in the widest fallback font too, so no renderer cuts it."""
    if " " not in text:
        return token_width(text, True) * size / SAFETY
    return text_width(text, size, bold=True) / SAFETY


def _row_height(row: Sequence[str], style: TextStyle, widths: list[float], size: float) -> float:
    """Height in points of a row: its tallest cell, with the cell padding."""
    paras = [Para((Span(cell, style.bold),), size) for cell in row]
    return (
        max(
            count_lines(para, (cw - 2 * CELL_MARGIN_PT) * SAFETY, size) * pitch(para, size)
            for para, cw in zip(paras, widths, strict=True)
        )
        + 2 * CELL_PADDING_PT
    )


def _cell_para(text: str, style: TextStyle, size: float, align: Sequence[str], c: int) -> Para:
    right = c < len(align) and align[c] == "right"
    return replace(style.para(text), size=size, align="r" if right else "l")


def _fill(r: int, count: int, table: Table) -> str:
    """Header dark, total tinted, body rows banded."""
    if r == 0:
        return th.DARK
    if table.total is not None and r == count - 1:
        return th.SEQUENTIAL[0]
    return th.WHITE if r % 2 else th.LIGHT
