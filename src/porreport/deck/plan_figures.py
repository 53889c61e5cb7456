"""Key figures (a headline box and a grid of figure boxes) and steps (a chevron flow)."""

from __future__ import annotations

import math

from porreport import theme as th
from porreport.content.document import Figure, Figures
from porreport.deck.fit import Para, apply
from porreport.deck.plan_text import common_scale, fitted
from porreport.deck.slides import EMU_PER_PT, TextShape, emu
from porreport.deck.styles import STYLES as ST
from porreport.deck.template import Box

GAP = emu(14)  # between boxes
CORNER = 0.05  # corner radius of rounded boxes, share of the shorter side
FIGURE_INSET = emu(12)
HEADLINE_SHARE = 0.3  # of the region's height
STEP_INSET = emu(5)
STEP_OVERLAP = emu(4)
STEP_POINT = 0.25  # chevron point depth, share of the height
STEP_FILLS = (th.SEQUENTIAL[0], th.SEQUENTIAL[1], th.PRIMARY)


def figure_paras(fig: Figure, headline: bool) -> list[Para]:
    """Label, value and note of a key figure (the headline on the dark box)."""
    label, value, note = (
        (ST.headline_label, ST.headline_value, ST.headline_note)
        if headline
        else (ST.figure_label, ST.figure_value, ST.figure_note)
    )
    paras = [label.para(fig.label), value.para(fig.value)]
    if fig.note:
        paras.append(note.para(fig.note))
    return paras


def _figure_box(name: str, box: Box, paras: list[Para], fill: str) -> TextShape:
    inset = FIGURE_INSET
    return TextShape(
        name, box, tuple(paras), "rounded", fill, (inset,) * 4, "middle", adjustment=CORNER
    )


def key_figures(block: Figures, region: Box) -> list[TextShape]:
    """The headline across the top, the other figures in a grid of up to two columns, all
    at one common scale."""
    x, y, w, h = region
    shapes = []
    top = y
    if block.headline is not None:
        box = (x, y, w, int(h * HEADLINE_SHARE))
        paras = fitted(figure_paras(block.headline, True), box, FIGURE_INSET, ST.headline_value)
        shapes.append(_figure_box(f"Cifra: {block.headline.label}", box, paras, th.PRIMARY))
        top = y + box[3] + GAP
    items = list(block.items)
    cols = 2 if len(items) > 1 else 1
    rows = math.ceil(len(items) / cols) if items else 0
    if not rows:
        return shapes
    cell_w = (w - (cols - 1) * GAP) // cols
    cell_h = (y + h - top - (rows - 1) * GAP) // rows
    all_paras = [figure_paras(f, False) for f in items]
    width = (cell_w - 2 * FIGURE_INSET) / EMU_PER_PT
    height = (cell_h - 2 * FIGURE_INSET) / EMU_PER_PT
    scale = common_scale(all_paras, width, height, ST.figure_value, "Cifre")
    for k, (fig, paras) in enumerate(zip(items, all_paras, strict=True)):
        r, c = divmod(k, cols)
        box = (x + c * (cell_w + GAP), top + r * (cell_h + GAP), cell_w, cell_h)
        shapes.append(_figure_box(f"Cifra: {fig.label}", box, apply(paras, scale), th.LIGHT))
    return shapes


def _step_paras(fig: Figure, last: bool) -> list[Para]:
    value, label, note = ST.step_value, ST.step_label, ST.step_note
    if last:  # on the dark fill
        value, label, note = (s.tinted(th.WHITE) for s in (value, label, note))
    paras = [value.para(fig.value), label.para(fig.label)]
    if fig.note:
        paras.append(note.para(fig.note))
    return paras


def steps(block: Figures, region: Box) -> list[TextShape]:
    """A process flow: one chevron per step (submitted, admitted, beneficiaries)."""
    x, y, w, h = region
    n = len(block.items)
    step_w = (w + (n - 1) * STEP_OVERLAP) // n
    inset = STEP_INSET
    point = int(h * STEP_POINT)
    all_paras = [_step_paras(fig, k == n - 1) for k, fig in enumerate(block.items)]
    text_w = step_w - 2 * inset - int(h * 0.5)
    height = (h - 2 * inset) / EMU_PER_PT
    scale = common_scale(all_paras, text_w / EMU_PER_PT, height, ST.step_value, "Cifre")
    shapes = []
    for k, (fig, paras) in enumerate(zip(block.items, all_paras, strict=True)):
        box = (x + k * (step_w - STEP_OVERLAP), y, step_w, h)
        shapes.append(
            TextShape(
                f"Passaggio: {fig.label}",
                box,
                tuple(apply(paras, scale)),
                "pentagon" if k == 0 else "chevron",
                STEP_FILLS[min(k, 2)] if k < n - 1 else th.PRIMARY,
                (inset + (point if k else 0), inset, inset + point, inset),
                "middle",
                adjustment=STEP_POINT,
            )
        )
    return shapes
