"""Paginating flowing text: a grouped list in two columns, and a text column.

Both shrink to the body floor first and then continue on as many slides as needed, at one
scale for the whole section; an entry or paragraph too long for a whole box is cut at word
boundaries.
"""

from __future__ import annotations

from dataclasses import replace

from porreport.content.document import Item, ItemGroup, TextBlock
from porreport.deck.fit import SAFETY, Para, Role, Span, fit_scale, height, split_to_fit
from porreport.deck.styles import STYLES as ST

COLUMN_GAP_PT = 28.0  # between the two columns of a list
TOO_MANY = 1_000  # columns reported for an entry taller than a whole column
CONTINUED = " (segue)"


def group_paras(group: ItemGroup, items: list[Item], continued: bool) -> list[Para]:
    """The group heading ('... (segue)' when it continues) and its entries."""
    paras = [ST.group_heading.para(group.heading + (CONTINUED if continued else ""))]
    for item in items:
        paras.append(ST.item_title.para(item.title))
        paras.append(ST.item_text.para(item.text))
        if item.meta:
            paras.append(ST.item_meta.para(item.meta))
    return paras


def _units(paras: list[Para]) -> list[list[Para]]:
    """Runs of paragraphs that stay in one column: an entry from its title on; the heading
    that opens the list stays with the first entry, a later heading ends the entry above."""
    units: list[list[Para]] = []
    current: list[Para] = []
    for p in paras:
        opens_list = len(current) == 1 and current[0].role is Role.GROUP_HEADING
        if p.role is Role.ENTRY_TITLE and current and not opens_list:
            units.append(current)
            current = []
        current.append(p)
    if current:
        units.append(current)
    return units


def _blank() -> Para:
    """A hair-thin paragraph that makes ``height`` count a unit's space above it."""
    return Para((Span(""),), 0.01)


def _columns(paras: list[Para], col_w: float, col_h: float, scale: float) -> int:
    """Columns the paragraphs take when flowed without splitting an entry (conservative);
    an entry taller than a whole column counts as too many."""
    cols, used = 1, 0.0
    for unit in _units(paras):
        if height(unit, col_w, scale) > col_h:
            return TOO_MANY
        h = height(unit, col_w, scale) if used == 0 else height([_blank(), *unit], col_w, scale)
        if used and used + h > col_h:
            cols += 1
            used = height(unit, col_w, scale)
        else:
            used += h
    return cols


def _split_items(group: ItemGroup, col_w: float, col_h: float, scale: float) -> ItemGroup:
    """The group with every initiative too long for a column (under the group heading) cut
    at word boundaries into entries that each fit one; continuations are titled '(segue)'."""
    items = []
    for item in group.items:
        paras = group_paras(group, [item], False)
        if height(paras, col_w, scale) <= col_h:
            items.append(item)
            continue
        longest = group_paras(group, [replace(item, title=item.title + CONTINUED)], True)
        head = height(longest[:2], col_w, scale)
        meta = height(paras[3:], col_w, scale) + 1 * scale if item.meta else 0.0
        text = paras[2]
        room = col_h - head - text.space_before * scale - meta
        pieces = split_to_fit(text, col_w, room, scale)
        for k, piece in enumerate(pieces):
            items.append(
                replace(
                    item,
                    title=item.title if k == 0 else item.title + CONTINUED,
                    text=piece.text,
                    meta=item.meta if k == len(pieces) - 1 else None,
                )
            )
    return replace(group, items=tuple(items))


def paginate_items(
    groups: list[ItemGroup], col_w: float, col_h: float
) -> tuple[list[list[Para]], float]:
    """Initiatives over as many two-column slides as needed, at one common scale."""
    sw, sh = col_w * SAFETY, col_h * SAFETY
    base, floor = ST.item_text.bounds()
    groups = [_split_items(g, sw, sh, floor / base) for g in groups]
    whole = [p for g in groups for p in group_paras(g, list(g.items), False)]
    scale = 1.0
    while base * scale >= floor - 1e-6:
        if _columns(whole, sw, sh, scale) <= 2:
            return [whole], scale
        scale -= 0.04
    scale = floor / base
    pages: list[list[Para]] = []
    current: list[Para] = []
    for g in groups:
        started = False
        for item in g.items:
            entry = group_paras(g, [item], started)
            if started and current:
                entry = entry[1:]
            candidate = current + entry
            if current and _columns(candidate, sw, sh, scale) > 2:
                pages.append(current)
                candidate = group_paras(g, [item], started)
            current = candidate
            started = True
    if current:
        pages.append(current)
    return pages, scale


def column_paras(block: TextBlock) -> list[Para]:
    """A column's heading and its bulleted paragraphs."""
    paras = []
    if block.heading:
        paras.append(ST.column_heading.para(block.heading))
    for k, text in enumerate(block.paragraphs):
        paras.append(ST.column_paragraph.para(text, first=k == 0))
    return paras


def paginate_paras(
    paras: list[Para], width: float, box_h: float, heading: int
) -> tuple[list[list[Para]], float]:
    """Paragraphs over as many boxes as needed; the heading repeats on each."""
    base, floor = ST.column_paragraph.bounds()
    scale = fit_scale(paras, width, box_h, base, floor)
    if scale is not None:
        return [paras], scale
    scale = floor / base
    head, body = paras[:heading], paras[heading:]
    sw, sh = width * SAFETY, box_h * SAFETY
    pages: list[list[Para]] = []
    current = list(head)
    for p in body:
        if height([*current, p], sw, scale) <= sh:
            current.append(p)
            continue
        # too long for what is left: fill the box, continue on the next one (word boundary)
        room = sh - height(current, sw, scale) - p.space_before * scale
        whole = sh - height(head, sw, scale) - p.space_before * scale
        for piece in split_to_fit(p, sw, whole, scale, first=room):
            if len(current) > len(head) and height([*current, piece], sw, scale) > sh:
                pages.append(current)
                current = list(head)
            if piece.text:
                current.append(piece)
    pages.append(current)
    return pages, scale
