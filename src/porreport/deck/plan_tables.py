"""A native table: column widths from the content, one font size that fits the box."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from porreport import theme as th
from porreport.content.document import Table
from porreport.deck.fit import (
    SAFETY,
    Para,
    Span,
    break_words,
    count_lines,
    pitch,
    text_width,
    widest_character,
)
from porreport.deck.slides import EMU_PER_PT, Cell, TablePlan, TextShape, emu
from porreport.deck.styles import STYLES as ST
from porreport.deck.styles import TextStyle
from porreport.deck.template import Box
from porreport.deck.unfit import Unfit, by_lines
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


def table_too_tall(table: Table) -> Unfit:
    """The error for a table taller than its box even at the floor size."""
    name = f"«{table.caption}»" if table.caption else f"con le colonne {', '.join(table.columns)}"
    rows = [table.columns, *table.rows, *([table.total] if table.total else [])]
    texts = by_lines([cell for row in rows for cell in row])
    reason = (
        f"non entra nella tabella {name} ({len(table.rows)} righe) nemmeno alla dimensione minima"
    )
    return Unfit(reason, "ridurne le righe o accorciarlo", texts)


def _words_cut(rows: list[tuple[str, ...]], width: float) -> list[tuple[str, ...]]:
    """``rows`` as a table ``width`` points wide can hold them at the floor size: when the
    columns' longest words do not fit side by side even there, the words of the widest
    columns are cut (``break_words``) to the width they can all have; ``rows`` itself when
    they fit (the common case, told without measuring)."""
    floor = ST.table_body.bounds()[1]
    padding = 2 * CELL_MARGIN_PT + 2
    count = len(rows[0])
    longest = max(len(word) for row in rows for cell in row for word in _words(cell))
    if longest * widest_character(True) * floor / SAFETY + padding <= width / count:
        return rows
    minimum = [
        max(_cell_width(w, floor) for row in rows for w in _words(row[c])) + padding
        for c in range(count)
    ]
    if sum(minimum) <= width:
        return rows
    cap = _level(minimum, width)
    room = (cap - padding) * SAFETY
    return [
        tuple(
            break_words(cell, room, floor, True, widest=True) if minimum[c] > cap else cell
            for c, cell in enumerate(row)
        )
        for row in rows
    ]


def _lines_width(text: str, size: float) -> float:
    """``_cell_width`` of a text's widest line (a cell whose words were cut)."""
    return max(_cell_width(line, size) for line in text.split("\n"))


def _words(text: str) -> list[str]:
    """What a line may not break: the text between spaces and line breaks (a number keeps
    its unit, ``keep_together``)."""
    return text.replace("\n", " ").split(" ")


def _level(widths: list[float], total: float) -> float:
    """The width ``cap`` at which the ``widths``, none wider than ``cap``, add up to
    ``total`` (they add up to more)."""
    rest, ordered = total, sorted(widths)
    for k, w in enumerate(ordered):
        share = rest / (len(ordered) - k)
        if w > share:
            return share
        rest -= w
    return ordered[-1]


def table_plan(table: Table, region: Box) -> TablePlan:
    """The table below its caption: widths, row heights and the largest size (down to the
    floor) at which every row fits the box."""
    x, y, w, h = region
    caption_h = CAPTION_HEIGHT if table.caption else 0
    given = [table.columns, *table.rows, *([table.total] if table.total else [])]
    rows = _words_cut(given, w / EMU_PER_PT)
    # once words are cut the columns have no room to spare: a cell needs its widest line
    # and a number keeps its unit even in a column's narrowest width (a table whose words
    # fit is laid out as it always was)
    cut = rows is not given
    words, cell_width = (_words, _lines_width) if cut else (str.split, _cell_width)
    styles = [
        ST.table_header,
        *[ST.table_body] * len(table.rows),
        *([ST.table_total] if table.total else []),
    ]
    size, floor = ST.table_body.bounds()
    while True:
        measure = partial(cell_width, size=size)
        widths = column_widths(
            rows, w / EMU_PER_PT, measure, padding=2 * CELL_MARGIN_PT + 2, words=words
        )
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
