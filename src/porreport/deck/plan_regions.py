"""Sharing a slide's content region among the blocks it shows.

The template's boxes are where blocks go when every block of a layout is there; when some
are missing (left out because they have nothing to show, or never given), the others take
their room: a column without charts spans the slide, two charts without a table stand side
by side, a funnel of steps alone grows, its texts centred, with its explanation under it.
"""

from __future__ import annotations

from dataclasses import dataclass

from porreport.content.document import Figures, Table, TextBlock
from porreport.deck.fit import Para, fit_breaking, height, written
from porreport.deck.plan_figures import GAP, step_boxes, step_scale, steps
from porreport.deck.plan_tables import caption, table_plan, table_too_tall
from porreport.deck.plan_text import too_long
from porreport.deck.slides import EMU_PER_PT, Drawing, TextShape, emu
from porreport.deck.styles import STYLES as ST
from porreport.deck.template import Box

FUNNEL_SHARE = 0.55  # of a column's height, for a funnel shown without a table
FUNNEL_MAX = emu(200)  # the tallest a funnel grows
FUNNEL_ASPECT = 0.6  # a step at most this share of its width tall (a taller one is all point)
FUNNEL_TOP = 1.5  # how much larger than their style a funnel's texts may grow
TEXT_TOP = 1.2  # how much larger than its style the text under such a funnel may grow
TEXT_SHARE = 0.4  # of a column's height, at most, for texts above a table
STEP_HEIGHT = emu(72)  # a funnel's height above a table


def union(*boxes: Box) -> Box:
    """The smallest box holding all ``boxes``."""
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return x0, y0, x1 - x0, y1 - y0


def side_by_side(region: Box, n: int) -> list[Box]:
    """``n`` boxes side by side filling ``region``, ``GAP`` apart."""
    x, y, w, h = region
    each = (w - (n - 1) * GAP) // n
    return [(x + k * (each + GAP), y, each, h) for k in range(n)]


def text_paras(blocks: list[TextBlock], lead: str | None = None) -> list[Para]:
    """Texts as paragraphs: ``lead`` (a funnel's explanation) first, then each block's
    heading and paragraphs."""
    paras = []
    if lead:
        paras.append(ST.map_text.para(lead, first=True))
    for block in blocks:
        if block.heading:
            paras.append(ST.legend_title.para(block.heading))
        for text in block.paragraphs:
            if text.strip():
                paras.append(ST.map_text.para(text, first=not paras))
    return paras


@dataclass(frozen=True)
class TextFit:
    """Paragraphs fitted to a width as written (``fit.written``), the box's autofit scale
    and the height they take (EMU)."""

    paras: list[Para]
    scale: float
    height: int


def fit_text(paras: list[Para], width: int, max_height: int, top: float = 1.0) -> TextFit:
    """Paragraphs fitted into ``width`` and at most ``max_height`` (up to ``top`` times their
    size), their words too wide for a line at the floor cut; ``Unfit`` below the floor."""
    w, h = width / EMU_PER_PT, max_height / EMU_PER_PT
    paras, scale = fit_breaking(paras, w, h, *ST.map_text.bounds(), top)
    if scale is None:
        raise too_long(paras, "Testo")
    used = height(paras, w, scale) + 2  # points, a little air under the last line
    return TextFit(*written(paras, scale, w), min(emu(used), max_height))


def text_shape(fit: TextFit, box: Box) -> TextShape:
    """A plain text box holding fitted paragraphs."""
    name = "Testo: " + fit.paras[0].text[:40]
    return TextShape(name, box, tuple(fit.paras), font_scale=fit.scale, key="testo")


def column_stack(
    figures: Figures | None, texts: list[TextBlock], table: Table | None, column: Box
) -> list[Drawing]:
    """A column's blocks from the top: the funnel of steps, the texts, the table (with its
    caption) in what is left. Without a table the funnel grows, with the texts (and the
    funnel's explanation) under it."""
    x, y, w, h = column
    if table is None:
        return _funnel_stack(figures, texts, column)
    drawings: list[Drawing] = []
    top = y
    if figures is not None:
        step_h = _step_height(column)
        drawings += steps(figures, (x, top, w, step_h))
        top += step_h + GAP
    paras = text_paras(texts)
    if paras:
        fit = fit_text(paras, w, int((y + h - top) * TEXT_SHARE))
        drawings.append(text_shape(fit, (x, top, w, fit.height)))
        top += fit.height + GAP
    box = (x, top, w, y + h - top)
    label = caption(table, box)
    plan = table_plan(table, box)
    if plan.box[1] + plan.box[3] > y + h:
        raise table_too_tall(table)
    return [*drawings, *([label] if label else []), plan]


def _step_height(column: Box) -> int:
    """A funnel's height above a table: the template's, at most a quarter of the column."""
    return min(STEP_HEIGHT, column[3] // 4)


def _funnel_stack(figures: Figures | None, texts: list[TextBlock], column: Box) -> list[Drawing]:
    """A funnel without a table, larger and with its texts centred in each step, its
    explanation and the texts under it."""
    x, y, w, h = column
    drawings: list[Drawing] = []
    funnel_h = 0
    if figures is not None:
        step_w = step_boxes(len(figures.items), column)[0][2]
        tallest = min(int(h * FUNNEL_SHARE), FUNNEL_MAX, int(step_w * FUNNEL_ASPECT))
        funnel_h = max(tallest, _step_height(column))
    paras = text_paras(texts, figures.text if figures is not None else None)
    fit = None
    if paras:
        room = h - funnel_h - (GAP if funnel_h else 0)
        fit = fit_text(paras, w, room, TEXT_TOP)
    top = y
    if figures is not None:
        region = (x, top, w, funnel_h)
        scale_top = FUNNEL_TOP if step_scale(figures, region, FUNNEL_TOP) else 1.0
        drawings += steps(figures, region, scale_top, align="ctr")
        top += funnel_h + GAP
    if fit is not None:
        drawings.append(text_shape(fit, (x, top, w, fit.height)))
    return drawings
