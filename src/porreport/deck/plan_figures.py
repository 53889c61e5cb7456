"""Key figures (a headline box and a grid of figure boxes) and steps (a chevron flow).

Keys: ``cifre/principale`` for the headline, ``cifre/N`` and ``passaggi/N`` for the N-th
figure or step of the block.
"""

from __future__ import annotations

import math
from dataclasses import replace

from porreport import theme as th
from porreport.content.document import Figure, Figures
from porreport.deck.fit import Para, fit_scale, written
from porreport.deck.plan_text import common_scale, fitted, too_long
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


def _figure_box(
    name: str, box: Box, paras: list[Para], fill: str, scale: float, key: str
) -> TextShape:
    inset = FIGURE_INSET
    return TextShape(
        name,
        box,
        tuple(paras),
        "rounded",
        fill,
        (inset,) * 4,
        "middle",
        adjustment=CORNER,
        font_scale=scale,
        key=key,
    )


def key_figures(block: Figures, region: Box) -> list[TextShape]:
    """The headline across the top, the other figures in a grid of up to two columns, all
    at one common scale."""
    x, y, w, h = region
    shapes = []
    top = y
    if block.headline is not None:
        box = (x, y, w, int(h * HEADLINE_SHARE))
        paras, scale = fitted(
            figure_paras(block.headline, True), box, FIGURE_INSET, ST.headline_value
        )
        name = f"Cifra: {block.headline.label}"
        shapes.append(_figure_box(name, box, paras, th.PRIMARY, scale, "cifre/principale"))
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
        shown, font_scale = written(paras, scale, width)
        name = f"Cifra: {fig.label}"
        shapes.append(_figure_box(name, box, shown, th.LIGHT, font_scale, f"cifre/{k + 1}"))
    return shapes


def _step_paras(fig: Figure, last: bool) -> list[Para]:
    value, label, note = ST.step_value, ST.step_label, ST.step_note
    if last:  # on the dark fill
        value, label, note = (s.tinted(th.WHITE) for s in (value, label, note))
    paras = [value.para(fig.value), label.para(fig.label)]
    if fig.note:
        paras.append(note.para(fig.note))
    return paras


def _point(box: Box) -> int:
    """How deep a step's point (and a chevron's notch) is: a share of the shorter side."""
    return int(STEP_POINT * min(box[2], box[3]))


def step_insets(box: Box, first: bool) -> tuple[int, int, int, int]:
    """A step's text insets inside its preset text rectangle: a chevron's (homePlate's for
    the first step) already leaves out its notch and point, a homePlate's only half its
    point, so the first step's text keeps off the other half."""
    right = STEP_INSET + (_point(box) // 2 if first else 0)
    return STEP_INSET, STEP_INSET, right, STEP_INSET


def step_text_box(box: Box, first: bool) -> tuple[float, float]:
    """Width and height in points of the text area of a step drawn in ``box``: the preset's
    text rectangle (OOXML presetShapeDefinitions: homePlate l..r-point/2, chevron
    point..r-point) less the insets."""
    left, top, right, bottom = step_insets(box, first)
    point = _point(box)
    rect = box[2] - (point // 2 if first else 2 * point)
    return (rect - left - right) / EMU_PER_PT, (box[3] - top - bottom) / EMU_PER_PT


def step_boxes(n: int, region: Box) -> list[Box]:
    """The boxes of ``n`` steps filling ``region`` left to right, each overlapping the next."""
    x, y, w, h = region
    step_w = (w + (n - 1) * STEP_OVERLAP) // n
    return [(x + k * (step_w - STEP_OVERLAP), y, step_w, h) for k in range(n)]


def step_scale(block: Figures, region: Box, top: float = 1.0) -> float | None:
    """The common scale of the steps' texts in ``region`` (up to ``top``), None when one
    does not fit at the floor."""
    boxes = step_boxes(len(block.items), region)
    base, floor = ST.step_value.bounds()
    scales = []
    for k, (fig, box) in enumerate(zip(block.items, boxes, strict=True)):
        paras = _step_paras(fig, k == len(boxes) - 1)
        scale = fit_scale(paras, *step_text_box(box, k == 0), base, floor, top)
        if scale is None:
            return None
        scales.append(scale)
    return min(scales)


def steps(block: Figures, region: Box, top: float = 1.0, align: str = "l") -> list[TextShape]:
    """A process flow: one chevron per step (submitted, admitted, beneficiaries), its text
    fitted to the chevron's text rectangle at one scale (up to ``top``), aligned ``align``."""
    scale = step_scale(block, region, top)
    if scale is None:
        raise too_long([p for f in block.items for p in _step_paras(f, False)], "Cifre")
    n = len(block.items)
    shapes = []
    for k, (fig, box) in enumerate(zip(block.items, step_boxes(n, region), strict=True)):
        paras = [replace(p, align=align) for p in _step_paras(fig, k == n - 1)]
        shown, font_scale = written(paras, scale, step_text_box(box, k == 0)[0])
        shapes.append(
            TextShape(
                f"Passaggio: {fig.label}",
                box,
                tuple(shown),
                "pentagon" if k == 0 else "chevron",
                STEP_FILLS[min(k, 2)] if k < n - 1 else th.PRIMARY,
                step_insets(box, k == 0),
                "middle",
                adjustment=STEP_POINT,
                font_scale=font_scale,
                key=f"passaggi/{k + 1}",
            )
        )
    return shapes
