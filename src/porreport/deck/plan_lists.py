"""Paginating flowing text: a grouped list in two columns, and a text column.

Both shrink to the body floor first and then continue on as many slides as needed, at one
scale for the whole section. The planner decides every column break itself (a list's two
columns are two boxes), so what stays together stays together: a group heading with the
entry under it, an entry's title with its text; an entry or a paragraph moves whole to the
next column or slide when it fits there, and only one taller than a whole box is cut, at the
end of a sentence when it can be. A group or a column heading continued on a new slide
reads "(segue)"; the rest of a cut paragraph carries no bullet.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

from porreport.content.document import Item, ItemGroup, TextBlock
from porreport.deck.fit import (
    SAFETY,
    Para,
    Role,
    Span,
    any_too_wide,
    break_words,
    fit_scale,
    height,
    height_terms,
    scales,
    split_to_fit,
    stacked,
)
from porreport.deck.styles import STYLES as ST
from porreport.deck.styles import TextStyle
from porreport.deck.unfit import Unfit, by_lines

COLUMN_GAP_PT = 28.0  # between the two columns of a list
CONTINUED = " (segue)"
AMOUNT_LABEL = "Importo: "
META_SEPARATOR = " · "
AMOUNT = replace(ST.item_meta, bold=True)  # the amount on an entry's meta line


# --- a grouped list (initiatives by axis) ------------------------------------------------


def heading_para(group: ItemGroup, continued: bool) -> Para:
    """A group's heading; '... (segue)' where the group continues on a new slide."""
    return ST.group_heading.para(group.heading + (CONTINUED if continued else ""))


def entry_paras(item: Item) -> list[Para]:
    """An entry: its title, its text and a line with its amount and its acts."""
    paras = [ST.item_title.para(item.title)]
    if item.text.strip():
        paras.append(ST.item_text.para(item.text))
    spans = []
    if item.amount:
        spans += [
            ST.item_meta.span(AMOUNT_LABEL),
            AMOUNT.span(item.amount),
        ]
    if item.meta:
        spans += [ST.item_meta.span((META_SEPARATOR if spans else "") + item.meta)]
    if spans:
        paras.append(ST.item_meta.spans(tuple(spans)))
    return paras


def group_paras(group: ItemGroup, items: list[Item], continued: bool) -> list[Para]:
    """The group heading ('... (segue)' when it continues) and its entries."""
    return [heading_para(group, continued)] + [p for item in items for p in entry_paras(item)]


def _units(paras: list[Para]) -> list[list[Para]]:
    """Runs of paragraphs that stay in one column: an entry from its title on, with the
    group heading above it when it opens a group."""
    units: list[list[Para]] = []
    current: list[Para] = []
    for p in paras:
        heading_above = len(current) == 1 and current[0].role is Role.GROUP_HEADING
        if p.role in (Role.ENTRY_TITLE, Role.GROUP_HEADING) and current and not heading_above:
            units.append(current)
            current = []
        current.append(p)
    if current:
        units.append(current)
    return units


def _blank() -> Para:
    """A hair-thin paragraph that makes ``height`` count a unit's space above it."""
    return Para((Span(""),), 0.01)


def _below(unit: list[Para], width: float, scale: float) -> float:
    """The height a unit adds under other text: with the space above its first paragraph."""
    return height([_blank(), *unit], width, scale)


def top_of_box(paras: list[Para]) -> list[Para]:
    """Paragraphs that open a box: no space above the first (renderers differ on it)."""
    return [replace(paras[0], space_before=0.0), *paras[1:]] if paras else []


@dataclass(frozen=True)
class _Entry:
    group: ItemGroup
    item: Item
    first: bool  # the first entry of its group


def _split_items(group: ItemGroup, col_w: float, col_h: float, scale: float) -> ItemGroup:
    """The group with every entry too tall for a column (under its group heading) cut into
    entries that each fit one, at the end of a sentence when one is near; the continuations
    are titled '(segue)' and the amount and acts close the last piece."""
    items = []
    for item in group.items:
        paras = [heading_para(group, True), *entry_paras(item)]
        if height(paras, col_w, scale) <= col_h or not item.text.strip():
            items.append(item)
            continue
        longest = [heading_para(group, True), *entry_paras(replace(item, text="x"))]
        titled = replace(item, title=item.title + CONTINUED, text="x")
        head = max(height(longest, col_w, scale), height(entry_paras(titled), col_w, scale))
        text = ST.item_text.para(item.text)
        room = col_h - head
        pieces = split_to_fit(text, col_w, room, scale)
        for k, piece in enumerate(pieces):
            last = k == len(pieces) - 1
            items.append(
                replace(
                    item,
                    title=item.title if k == 0 else item.title + CONTINUED,
                    text=piece.text,
                    meta=item.meta if last else None,
                    amount=item.amount if last else None,
                )
            )
    return replace(group, items=tuple(items))


class _Placed(NamedTuple):
    """An entry's paragraphs as a column takes them, measured at one width and scale."""

    unit: list[Para]  # under other text
    top_height: float  # height of the unit opening a column (``top_of_box``)
    below: float  # what the unit adds under other text (``_below``)
    terms: tuple[tuple[float, float], ...]  # the unit's terms of a column's ``height``


class _Entries:
    """The entries of a list with their paragraphs made once, and measured once per scale:
    pagination tries many column heights and scales, and the entries stay the same."""

    def __init__(self, entries: list[_Entry], width: float) -> None:
        self.entries = entries
        self.width = width
        self._units: dict[tuple[int, bool | None], list[Para]] = {}
        self._tops: dict[tuple[int, bool | None], list[Para]] = {}
        self._placed: dict[tuple[int, bool | None, float], _Placed] = {}
        self._blank: dict[float, float] = {}

    def unit(self, index: int, heading: bool | None) -> list[Para]:
        """Entry ``index``'s paragraphs, under its group heading when ``heading`` is not
        None ('(segue)' when True)."""
        key = (index, heading)
        unit = self._units.get(key)
        if unit is None:
            entry = self.entries[index]
            unit = entry_paras(entry.item)
            if heading is not None:
                unit = [heading_para(entry.group, heading), *unit]
            self._units[key] = unit
        return unit

    def top(self, index: int, heading: bool | None) -> list[Para]:
        """``unit`` opening a column (``top_of_box``)."""
        key = (index, heading)
        top = self._tops.get(key)
        if top is None:
            top = self._tops[key] = top_of_box(self.unit(index, heading))
        return top

    def placed(self, index: int, heading: bool | None, scale: float) -> _Placed:
        """``unit`` with its measures at ``scale``, each paragraph measured once: the
        heights are the terms added up as ``height`` adds them (the first paragraph of a
        column without its space above, a unit under text with ``_blank`` above it)."""
        key = (index, heading, scale)
        placed = self._placed.get(key)
        if placed is None:
            unit = self.unit(index, heading)
            terms = height_terms(unit, self.width, scale)
            blank = self._blank.get(scale)
            if blank is None:
                blank = self._blank[scale] = height([_blank()], self.width, scale)
            top_height = stacked(terms[0][1], terms[1:])
            placed = self._placed[key] = _Placed(unit, top_height, stacked(blank, terms), terms)
        return placed


def _flow(
    entries: _Entries, col_h: float, scale: float, limit: int | None = None
) -> tuple[list[list[Para]], list[float]]:
    """Columns of entries in order, two per slide, and each column's ``height``: an entry
    goes whole to the next column when it does not fit; the first entry of a group brings
    its heading, and so does the first on a new slide, '(segue)'. With ``limit``, the flow
    stops at the first column beyond ``limit`` columns (left empty): a caller that wants
    at most ``limit`` has its answer."""
    columns: list[list[Para]] = [[]]
    heights = [0.0]
    used = 0.0
    for index, entry in enumerate(entries.entries):
        while True:
            slide_top = not columns[-1] and len(columns) % 2 == 1
            heading = False if entry.first else (True if slide_top else None)
            placed = entries.placed(index, heading, scale)
            if not columns[-1]:
                columns[-1] = list(entries.top(index, heading))
                used = heights[-1] = placed.top_height
                break
            if used + placed.below <= col_h:
                columns[-1] += placed.unit
                used += placed.below
                heights[-1] = stacked(heights[-1], placed.terms)
                break
            columns.append([])
            heights.append(0.0)
            if limit is not None and len(columns) > limit:
                return columns, heights
    return columns, heights


ColumnPair = tuple[list[Para], list[Para]]


def _even(entries: _Entries, col_h: float, scale: float, count: int) -> list[list[Para]]:
    """The entries flowed into at most ``count`` columns as evenly as can be: the lowest
    column height (found by halving) at which they still take no more columns."""
    best, _ = _flow(entries, col_h, scale)
    low, high = 0.0, col_h
    for _ in range(12):
        middle = (low + high) / 2
        columns, heights = _flow(entries, middle, scale, count)
        if len(columns) <= count and all(h <= col_h for h in heights):
            best, high = columns, middle
        else:
            low = middle
    return best


def paginate_items(
    groups: list[ItemGroup], col_w: float, col_h: float
) -> tuple[list[ColumnPair], float]:
    """Entries over as many two-column slides as needed, at one common scale: the largest
    at which everything fits one slide, else the floor; the columns as even as the slides
    allow. Each slide is (left, right)."""
    sw, sh = col_w * SAFETY, col_h
    base, floor = ST.item_text.bounds()
    groups = [
        _split_items(_broken(g, sw, floor / base), sw, sh, floor / base) for g in groups if g.items
    ]
    listed = [_Entry(g, item, k == 0) for g in groups for k, item in enumerate(g.items)]
    if not listed:
        return [], 1.0
    entries = _Entries(listed, sw)
    for scale in scales(base, floor):
        last = scale <= floor / base + 1e-9
        columns, heights = _flow(entries, sh, scale, None if last else 2)
        fits = all(h <= sh for h in heights)
        if (len(columns) <= 2 and fits) or last:
            break
    _check_columns(columns, sw, sh, scale)
    slides = (len(columns) + 1) // 2
    columns = _even(entries, sh, scale, 2 * slides)
    columns += [[]] * (2 * slides - len(columns))
    return [(columns[k], columns[k + 1]) for k in range(0, len(columns), 2)], scale


def _check_columns(columns: list[list[Para]], width: float, col_h: float, scale: float) -> None:
    """``Unfit`` for a column still too tall (an entry that cannot be cut to fit: its
    title, its acts or its group's heading too long)."""
    for column in columns:
        if height(column, width, scale) > col_h:
            raise Unfit(
                "non entra in una colonna dell’elenco nemmeno alla dimensione minima",
                "accorciare il titolo o gli atti della voce",
                by_lines([p.text for p in column]),
            )


def _broken(group: ItemGroup, width: float, scale: float) -> ItemGroup:
    """The group with the words too wide for a column ``width`` points wide at ``scale``
    cut (``break_words``): its heading and its entries' titles, texts and acts."""

    def cut(text: str, style: TextStyle) -> str:
        return break_words(text, width - style.indent, round(style.size * scale, 2), style.bold)

    texts = [t for i in group.items for t in (i.title, i.text, i.meta or "")]
    if not any_too_wide([group.heading, *texts], width, ST.group_heading.size * scale):
        return group  # the common case, told with one search
    items = []
    for item in group.items:
        title, text = cut(item.title, ST.item_title), cut(item.text, ST.item_text)
        meta = cut(item.meta, ST.item_meta) if item.meta else item.meta
        if (title, text, meta) != (item.title, item.text, item.meta):
            item = replace(item, title=title, text=text, meta=meta)
        items.append(item)
    return replace(group, heading=cut(group.heading, ST.group_heading), items=tuple(items))


# --- a text column (strengths and improvements) ------------------------------------------


def column_paras(block: TextBlock, continued: bool = False) -> list[Para]:
    """A column's heading ('... (segue)' when it continues) and its bulleted paragraphs."""
    paras = []
    if block.heading:
        paras.append(ST.column_heading.para(block.heading + (CONTINUED if continued else "")))
    for k, text in enumerate(block.paragraphs):
        paras.append(ST.column_paragraph.para(text, first=k == 0))
    return paras


def paginate_paras(block: TextBlock, width: float, box_h: float) -> tuple[list[list[Para]], float]:
    """A column's paragraphs over as many boxes as needed, its heading on each ('(segue)'
    after the first). A paragraph that does not fit what is left of a box moves whole to the
    next one; one taller than a whole box fills what is left and goes on, without a bullet,
    in the next. Words too wide for a line at the floor are cut (``break_words``)."""
    base, floor = ST.column_paragraph.bounds()
    block = _broken_block(block, width * SAFETY, floor / base)
    paras = column_paras(block)
    scale = fit_scale(paras, width, box_h, base, floor)
    if scale is not None:
        return [paras], scale
    scale = floor / base
    heading = column_paras(replace(block, paragraphs=()), continued=True)
    sw, sh = width * SAFETY, box_h
    pages: list[list[Para]] = []
    current = paras[: len(heading)]
    for p in paras[len(heading) :]:
        if height([*current, p], sw, scale) <= sh:
            current.append(p)
            continue
        whole = sh - height(heading, sw, scale) - p.space_before * scale
        if height([p], sw, scale) <= whole and len(current) > len(heading):
            pages.append(current)
            current = [*heading, p]
            continue
        room = sh - height(current, sw, scale) - p.space_before * scale
        for piece in split_to_fit(p, sw, whole, scale, first=room):
            if len(current) > len(heading) and height([*current, piece], sw, scale) > sh:
                pages.append(current)
                current = list(heading)
            if piece.text:
                current.append(piece)
    pages.append(current)
    return pages, scale


def _broken_block(block: TextBlock, width: float, scale: float) -> TextBlock:
    """The column with the words too wide for a line ``width`` points wide at ``scale`` cut
    (``break_words``); ``block`` itself when none is."""

    def cut(text: str, style: TextStyle) -> str:
        return break_words(text, width - style.indent, round(style.size * scale, 2), style.bold)

    heading = cut(block.heading, ST.column_heading) if block.heading else block.heading
    paragraphs = tuple(cut(text, ST.column_paragraph) for text in block.paragraphs)
    if (heading, paragraphs) == (block.heading, block.paragraphs):
        return block
    return replace(block, heading=heading, paragraphs=paragraphs)
