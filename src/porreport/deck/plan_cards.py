"""Cards: a grid per slide, at one scale for the whole section; long text cards split.

The grid is the one in which the cards read largest: one row, or two rows as even as can
be (3 + 2, 4 + 4), the last one centred. Cards of figures (an axis and its amounts) are at
most a third of the slide wide; when two rows of them are too tall, each label shares a line
with its figure. Cards of text may grow a little when they have room. Cards with only a
title are left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from porreport import theme as th
from porreport.content.document import Card
from porreport.deck.fit import (
    SAFETY,
    Para,
    apply,
    break_words,
    fit_scale,
    joined,
    largest,
    sentence_cut,
    tokens,
    written,
)
from porreport.deck.plan_figures import CORNER, GAP
from porreport.deck.slides import EMU_PER_PT, Group, Rectangle, TextShape, emu
from porreport.deck.styles import BODY_FLOOR, TextStyle
from porreport.deck.styles import STYLES as ST
from porreport.deck.template import Box
from porreport.deck.unfit import Unfit, by_lines

CARD_INSET = emu(12)
ACCENT_WIDTH = emu(5)

Grid = tuple[int, int]  # columns, rows
MAX_COLUMNS = 6  # more cards side by side are too narrow to read
MAX_ROWS = 2
FIGURE_CARD_SHARE = 3  # a card of figures is at most this share (1/3) of the slide wide
TEXT_CARD_TOP = 1.2  # how much larger than their styles the texts of text cards may grow
COMPACT_ROW_SIZE = 15.0  # a label and its figure on one line


@dataclass(frozen=True)
class CardPage:
    """The cards of one slide, their grid, the section's common scale and whether each
    label shares a line with its figure."""

    cards: list[Card]
    grid: Grid
    scale: float
    compact: bool = False


def has_content(card: Card) -> bool:
    """Whether a card shows more than its title (an empty card is left out)."""
    return bool(card.subtitle.strip() or card.rows or (card.text or "").strip())


def grids(n: int) -> list[Grid]:
    """Candidate (columns, rows) grids for ``n`` cards, one row first: each as few columns
    as its rows allow (5 cards: 5 x 1, 3 x 2), the rows as even as can be (3 + 2, 4 + 3)."""
    out = []
    for rows in range(1, min(n, MAX_ROWS) + 1):
        cols = math.ceil(n / rows)
        if cols <= MAX_COLUMNS and (cols, rows) not in out:
            out.append((cols, rows))
    return out


def _corner(w: int, h: int) -> int:
    """How far a rounded rectangle's text area sits inside its corners."""
    return int(0.29289 * CORNER * min(w, h)) + 1


def card_paras(card: Card, compact: bool = False) -> list[Para]:
    """Title, subtitle, label/value rows (``compact``: one line each) and text of a card."""
    paras = [ST.card_title.para(card.title.upper() if card.text else card.title)]
    if card.subtitle:
        subtitle = ST.text_card_subtitle if card.text else ST.card_subtitle
        paras.append(subtitle.para(card.subtitle))
    for k, (label, value) in enumerate(card.rows):
        if compact:
            spans = (ST.card_row_label.span(label + " "), ST.card_row_value.span(value))
            row = ST.card_row_label.spans(spans, first=k == 0)
            paras.append(replace(row, size=COMPACT_ROW_SIZE))
        else:
            paras.append(ST.card_row_label.para(label, first=k == 0))
            paras.append(ST.card_row_value.para(value))
    if card.text:
        for k, line in enumerate(card.text.split("\n")):
            paras.append(ST.card_text.para(line, first=k == 0))
    return paras


def _bounds(cards: list[Card], compact: bool) -> tuple[float, float, float]:
    """(base size, floor, largest scale) of a grid of cards: text cards lead with their
    text, cards of figures with their figures (never below the body floor)."""
    if any(c.text for c in cards):
        return (*ST.card_text.bounds(), TEXT_CARD_TOP)
    return (COMPACT_ROW_SIZE if compact else ST.card_row_value.size), BODY_FLOOR, 1.0


def cells(n: int, region: Box, grid: Grid, max_width: int | None = None) -> list[Box]:
    """The boxes of ``n`` cards in a grid filling ``region`` (each at most ``max_width``
    wide, the grid centred); a last row with fewer cards is centred under the others."""
    x, y, w, h = region
    cols, rows = grid
    cell_w = (w - (cols - 1) * GAP) // cols
    if max_width is not None and cell_w > max_width:
        cell_w = max_width
        x += (w - cols * cell_w - (cols - 1) * GAP) // 2
    cell_h = (h - (rows - 1) * GAP) // rows
    out = []
    for k in range(n):
        r, c = divmod(k, cols)
        in_row = min(cols, n - r * cols)
        shift = (cols - in_row) * (cell_w + GAP) // 2
        out.append((x + shift + c * (cell_w + GAP), y + r * (cell_h + GAP), cell_w, cell_h))
    return out


def card_cells(cards: list[Card], region: Box, grid: Grid) -> list[Box]:
    """The boxes of a page of cards: cards of figures at most a third of the slide wide."""
    narrow = not any(c.text for c in cards)
    return cells(len(cards), region, grid, region[2] // FIGURE_CARD_SHARE if narrow else None)


def _scale(cards: list[Card], region: Box, grid: Grid, compact: bool) -> float | None:
    """The common scale of the cards in one grid; None when one does not fit at the floor."""
    scales = []
    base, floor, top = _bounds(cards, compact)
    for card, cell in zip(cards, card_cells(cards, region, grid), strict=True):
        scale = _card_scale(card, compact, cell[2], cell[3], (base, floor, top))
        if scale is None:
            return None
        scales.append(scale)
    return min(scales)


@lru_cache(maxsize=4096)
def _card_scale(
    card: Card, compact: bool, w: int, h: int, bounds: tuple[float, float, float]
) -> float | None:
    """The scale at which a card fits a cell ``w`` x ``h`` EMU, None below the floor. Kept:
    pagination tries the same card in cells of the same size again and again (a text card
    continued over many slides is tried in every number of slides)."""
    pad = CARD_INSET + _corner(w, h)
    width = (w - 2 * pad) / EMU_PER_PT
    height = (h - 2 * pad) / EMU_PER_PT
    return fit_scale(card_paras(card, compact), width, height, *bounds)


def _fit(cards: list[Card], region: Box, compact: bool = False) -> tuple[Grid, float] | None:
    """The grid in which the cards read largest (fewer rows when equal), and its scale;
    None when no grid holds them at the floor."""
    best: tuple[Grid, float] | None = None
    for grid in grids(len(cards)):
        scale = _scale(cards, region, grid, compact)
        if scale is not None and (best is None or scale > best[1] + 1e-9):
            best = grid, scale
    return best


def _split(card: Card, region: Box) -> list[Card]:
    """A text card too long for a slide of its own, cut into cards that each fit alone, at
    the end of a sentence when one is near (or at a line break); the continuations are
    titled '... (segue)'."""
    if not card.text or _fit([card], region) is not None:
        return [card]
    words, seps = tokens(card.text)
    pieces: list[Card] = []
    first = True
    while words:
        title = card.title if first else f"{card.title} (segue)"
        subtitle = card.subtitle if first else ""
        head = replace(card, title=title, subtitle=subtitle)

        def fits(
            n: int, head: Card = head, words: list[str] = words, seps: list[str] = seps
        ) -> bool:
            return _fit([replace(head, text=joined(words[:n], seps))], region) is not None

        lo = sentence_cut(words, largest(1, len(words), fits))  # the largest prefix that fits alone
        text = joined(words[:lo], seps)
        pieces.append(replace(card, title=title, subtitle=subtitle, text=text))
        words, seps = words[lo:], seps[lo:]
        first = False
    return pieces


def _broken(card: Card, region: Box) -> Card:
    """The card with the words too wide for a line of a card alone in ``region`` at the
    floor size cut (``break_words``): its title, subtitle and text."""
    _x, _y, w, h = card_cells([card], region, (1, 1))[0]
    width = (w - 2 * (CARD_INSET + _corner(w, h))) / EMU_PER_PT * SAFETY
    base, floor, _ = _bounds([card], False)

    def cut(text: str, style: TextStyle, upper: bool = False) -> str:
        size = round(style.size * floor / base, 2)
        return break_words(text, width - style.indent, size, style.bold, upper)

    subtitle_style = ST.text_card_subtitle if card.text else ST.card_subtitle
    title = cut(card.title, ST.card_title, upper=bool(card.text))
    subtitle = cut(card.subtitle, subtitle_style)
    text = cut(card.text, ST.card_text) if card.text else card.text
    if (title, subtitle, text) == (card.title, card.subtitle, card.text):
        return card
    return replace(card, title=title, subtitle=subtitle, text=text)


def balanced(items: list[Card], pages: int) -> list[list[Card]]:
    """``items`` in ``pages`` runs as even as can be, the longer runs first (9 in 2: 5 + 4)."""
    size, extra = divmod(len(items), pages)
    out, start = [], 0
    for k in range(pages):
        end = start + size + (k < extra)
        out.append(items[start:end])
        start = end
    return out


def card_pages(cards: list[Card], region: Box) -> list[CardPage]:
    """Cards per slide: the cards with something to show, all on one slide when a grid holds
    them at the floor (labels beside their figures if need be), else on the fewest slides
    with as many cards on each; a text card that does not fit even alone continues on the
    next slide."""
    cards = [
        piece
        for card in cards
        if has_content(card)
        for piece in _split(_broken(card, region), region)
    ]
    if not cards:
        return []
    compact_too = any(c.rows for c in cards)
    for pages in range(1, len(cards) + 1):
        chunks = balanced(cards, pages)
        for compact in (False, True) if compact_too else (False,):
            fits = [_fit(c, region, compact) for c in chunks]
            if all(f is not None for f in fits):
                scale = min(f[1] for f in fits if f is not None)
                return [
                    CardPage(c, f[0], scale, compact)
                    for c, f in zip(chunks, fits, strict=True)
                    if f
                ]
    alone = next((c for c in cards if not _fits_alone(c, region)), cards[0])
    raise Unfit(
        "non entra in una scheda nemmeno alla dimensione minima, anche da sola nella slide",
        "accorciarne il titolo o il sottotitolo",
        [*by_lines([alone.subtitle, alone.title]), alone.text or ""],  # the text continues
    )


def _fits_alone(card: Card, region: Box) -> bool:
    """Whether a card fits a slide of its own (its labels beside their figures if need be)."""
    compact = (False, True) if card.rows else (False,)
    return any(_fit([card], region, c) is not None for c in compact)


def card_shapes(page: CardPage, region: Box, first: int = 1) -> list[Group]:
    """Each card as one group: a rounded box with its accent rule on the left edge. The
    page's cards are the section's ``first``-th on: card N's key is ``schede/N``, its
    members' ``schede/N/testo`` and ``schede/N/filetto``."""
    shapes: list[Group] = []
    boxes = card_cells(page.cards, region, page.grid)
    texts = _written_alike(page, boxes)
    for k, (card, cell, (paras, font_scale)) in enumerate(
        zip(page.cards, boxes, texts, strict=True)
    ):
        key = f"schede/{first + k}"
        inset = (CARD_INSET,) * 4
        name = f"Scheda {k + 1}: {card.title}"
        box = TextShape(
            name,
            cell,
            tuple(paras),
            "rounded",
            th.LIGHT,
            inset,
            adjustment=CORNER,
            font_scale=font_scale,
            key=f"{key}/testo",
        )
        accent = (cell[0], cell[1], ACCENT_WIDTH, cell[3])
        rule = Rectangle(f"Scheda {k + 1}: filetto", accent, th.PRIMARY, f"{key}/filetto")
        about = " – ".join(t for t in (card.title, card.subtitle) if t)
        shapes.append(Group(f"Scheda {k + 1}", (box, rule), f"Scheda: {about}", key))
    return shapes


def _written_alike(page: CardPage, boxes: list[Box]) -> list[tuple[list[Para], float]]:
    """The cards' paragraphs as written (``fit.written``), all in the same way: when one card
    must have its sizes written scaled, so do all, so that an application that ignores the
    autofit scale (LibreOffice) shows the cards of a slide at one size, as PowerPoint does."""
    out = []
    for card, cell in zip(page.cards, boxes, strict=True):
        width = (cell[2] - 2 * (CARD_INSET + _corner(cell[2], cell[3]))) / EMU_PER_PT
        out.append(written(card_paras(card, page.compact), page.scale, width))
    if len({scale for _, scale in out}) > 1:
        return [(apply(card_paras(card, page.compact), page.scale), 1.0) for card in page.cards]
    return out
