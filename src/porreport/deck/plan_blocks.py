"""Which blocks a slide layout shows, and which blocks have nothing to show.

Every block of a section is either placed on its slides or refused with an error that names
it: a layout lists the block kinds it lays out and how many of each. A block with nothing
to show (a table without rows, a card with only its title, a text without paragraphs) is
left out before the slide is laid out, so the others take its room.
"""

from __future__ import annotations

from porreport.content.document import (
    Block,
    Cards,
    Chart,
    Figures,
    ItemList,
    Map,
    Section,
    Table,
    TextBlock,
    TwoColumns,
)
from porreport.deck.plan_cards import has_content
from porreport.errors import RenderError

MANY = 1_000  # no limit

# The block kinds each layout lays out, with how many of each it places.
ACCEPTS: dict[str, dict[type, int]] = {
    "title": {TextBlock: MANY},
    "closing": {TextBlock: MANY},
    "key_figures": {Figures: 1, Chart: 1},
    "cards": {Cards: MANY},
    "list": {ItemList: MANY},
    "table_chart": {Figures: 1, TextBlock: MANY, Table: 1, Chart: 2},
    "chart": {Chart: 2},
    "map": {TextBlock: MANY, Map: 1},
    "two_columns": {TwoColumns: 1},
}

KIND_NAMES = {
    Figures: "cifre",
    Cards: "schede",
    Table: "tabella",
    TextBlock: "testo",
    ItemList: "elenco",
    TwoColumns: "due colonne",
    Chart: "grafico",
    Map: "mappa",
}


def is_empty(block: Block) -> bool:
    """Whether a block has nothing to show."""
    if isinstance(block, Figures):
        return not block.items and block.headline is None
    if isinstance(block, Cards):
        return not any(has_content(c) for c in block.cards)
    if isinstance(block, Table):
        return not block.rows
    if isinstance(block, TextBlock):
        return not any(p.strip() for p in block.paragraphs)
    if isinstance(block, ItemList):
        return not any(g.items for g in block.groups)
    if isinstance(block, TwoColumns):
        return is_empty(block.left) and is_empty(block.right)
    if isinstance(block, Chart):
        return not block.spec.categories or not block.spec.series
    return isinstance(block, Map) and not block.spec.provinces


def shown_blocks(section: Section) -> list[Block]:
    """The section's blocks with something to show, in order; RenderError for a block its
    layout does not lay out (or one too many of a kind)."""
    accepts = ACCEPTS[section.layout]
    blocks = [b for b in section.blocks if not is_empty(b)]
    for kind in dict.fromkeys(type(b) for b in blocks):
        count = sum(isinstance(b, kind) for b in blocks)
        name = KIND_NAMES.get(kind, kind.__name__)
        if kind not in accepts:
            allowed = ", ".join(KIND_NAMES[k] for k in accepts)
            raise RenderError(
                f"La sezione «{section.title}» (layout '{section.layout}') contiene un blocco "
                f"di tipo {name}, che questo layout non impagina. Blocchi ammessi: {allowed}."
            )
        if count > accepts[kind]:
            raise RenderError(
                f"La sezione «{section.title}» (layout '{section.layout}') contiene {count} "
                f"blocchi di tipo {name}: il layout ne impagina al massimo {accepts[kind]}."
            )
    return blocks
