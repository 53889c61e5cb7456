"""Cards: a grid per slide, at one scale for the whole section; long text cards split."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from porreport import theme as th
from porreport.content.document import Card
from porreport.deck.fit import Para, apply, fit_scale
from porreport.deck.plan_figures import CORNER, GAP
from porreport.deck.slides import EMU_PER_PT, Rectangle, TextShape, emu
from porreport.deck.styles import STYLES as ST
from porreport.deck.template import Box
from porreport.errors import RenderError

CARD_INSET = emu(12)
ACCENT_WIDTH = emu(5)

Grid = tuple[int, int]  # columns, rows


@dataclass(frozen=True)
class CardPage:
    """The cards of one slide, their grid and the section's common scale."""

    cards: list[Card]
    grid: Grid
    scale: float


def _grids(n: int, text_cards: bool) -> list[Grid]:
    """Candidate (columns, rows) grids for n cards, preferred first."""
    first = min(n, 4) if text_cards or n <= 4 else math.ceil(n / 2)
    grids = [(first, math.ceil(n / first))]
    if n >= 3 and math.ceil(n / 2) != first:
        grids.append((math.ceil(n / 2), 2))
    return grids


def _corner(w: int, h: int) -> int:
    """How far a rounded rectangle's text area sits inside its corners."""
    return int(0.29289 * CORNER * min(w, h)) + 1


def card_paras(card: Card) -> list[Para]:
    """Title, subtitle, label/value rows and text of a card."""
    paras = [ST.card_title.para(card.title.upper() if card.text else card.title)]
    if card.subtitle:
        subtitle = ST.text_card_subtitle if card.text else ST.card_subtitle
        paras.append(subtitle.para(card.subtitle))
    for k, (label, value) in enumerate(card.rows):
        paras.append(ST.card_row_label.para(label, first=k == 0))
        paras.append(ST.card_row_value.para(value))
    if card.text:
        for k, line in enumerate(card.text.split("\n")):
            paras.append(ST.card_text.para(line, first=k == 0))
    return paras


def _cells(n: int, region: Box, grid: Grid) -> list[Box]:
    x, y, w, h = region
    cols, rows = grid
    cell_w = (w - (cols - 1) * GAP) // cols
    cell_h = (h - (rows - 1) * GAP) // rows
    cells = []
    for k in range(n):
        r, c = divmod(k, cols)
        cells.append((x + c * (cell_w + GAP), y + r * (cell_h + GAP), cell_w, cell_h))
    return cells


def _fit(cards: list[Card], region: Box) -> tuple[Grid, float] | None:
    """The first grid in which every card fits at the floor, and the common scale."""
    text_cards = any(c.text for c in cards)
    for grid in _grids(len(cards), text_cards):
        scales = []
        for card, cell in zip(cards, _cells(len(cards), region, grid), strict=True):
            pad = CARD_INSET + _corner(cell[2], cell[3])
            width = (cell[2] - 2 * pad) / EMU_PER_PT
            height = (cell[3] - 2 * pad) / EMU_PER_PT
            scale = fit_scale(card_paras(card), width, height, *ST.card_text.bounds())
            if scale is None:
                break
            scales.append(scale)
        else:
            return grid, min(scales)
    return None


def _split(card: Card, region: Box) -> list[Card]:
    """A text card too long for a slide of its own, cut at word boundaries into cards that
    each fit alone; the continuations are titled '... (segue)'."""
    if not card.text or _fit([card], region) is not None:
        return [card]
    words = card.text.split(" ")
    pieces: list[Card] = []
    first = True
    while words:
        title = card.title if first else f"{card.title} (segue)"
        subtitle = card.subtitle if first else ""
        lo, hi = 1, len(words)  # largest prefix of words that fits alone
        while lo < hi:
            mid = (lo + hi + 1) // 2
            trial = replace(card, title=title, subtitle=subtitle, text=" ".join(words[:mid]))
            lo, hi = (mid, hi) if _fit([trial], region) is not None else (lo, mid - 1)
        pieces.append(replace(card, title=title, subtitle=subtitle, text=" ".join(words[:lo])))
        words = words[lo:]
        first = False
    return pieces


def card_pages(cards: list[Card], region: Box) -> list[CardPage]:
    """Cards per slide: all on one when they fit at the floor, else fewer per slide; a text
    card that does not fit even alone continues on the next slide."""
    cards = [piece for card in cards for piece in _split(card, region)]
    per_page = len(cards)
    while per_page >= 1:
        chunks = [cards[k : k + per_page] for k in range(0, len(cards), per_page)]
        fits = [_fit(c, region) for c in chunks]
        if all(f is not None for f in fits):
            scale = min(f[1] for f in fits if f is not None)
            return [CardPage(c, f[0], scale) for c, f in zip(chunks, fits, strict=True) if f]
        per_page -= 1
    raise RenderError(
        "Una scheda non entra in una slide nemmeno da sola: accorciare il testo "
        f"«{cards[0].title}»."
    )


def card_shapes(page: CardPage, region: Box) -> list[TextShape | Rectangle]:
    """Each card as a rounded box with its accent rule on the left edge."""
    shapes: list[TextShape | Rectangle] = []
    cells = _cells(len(page.cards), region, page.grid)
    for k, (card, cell) in enumerate(zip(page.cards, cells, strict=True)):
        paras = tuple(apply(card_paras(card), page.scale))
        inset = (CARD_INSET,) * 4
        name = f"Scheda {k + 1}: {card.title}"
        shapes.append(TextShape(name, cell, paras, "rounded", th.LIGHT, inset, adjustment=CORNER))
        accent = (cell[0], cell[1], ACCENT_WIDTH, cell[3])
        shapes.append(Rectangle(f"Scheda {k + 1}: filetto", accent, th.PRIMARY))
    return shapes
