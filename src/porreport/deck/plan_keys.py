"""Keys and fingerprints of planned elements: what ``porreport update`` matches and compares.

A planner gives each element a key relative to its section (``cifre/2``, ``tabella``,
``grafico/dimensioni``, a map's ``MI``); ``qualify`` makes it the deck's key by prefixing
the section's id and, when the section takes several slides, the page
(``iniziative/p2/elenco``). A map's or a card's members are prefixed with their group's key
(``avviso-1-territorio/mappa/MI``).

``content`` is what an element shows as porreport writes it, line by line: the paragraphs of
a text, the rows of a table, a chart's data, a province's description.
``porreport.deck.stored`` reads the same lines back from a deck's XML, so a text people
rewrote can be told from one porreport wrote. ``fingerprint`` hashes lines (sha256, its
first 16 hex digits); ``item_fingerprint`` hashes a whole planned element, so an update can
tell an element whose data did not change without writing it again. Nothing here imports
python-pptx.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import replace

from porreport.deck.chart_layout import category_name
from porreport.deck.fit import Para
from porreport.deck.plan_map import MapFreeform, MapPlan, MapRect, MapShape, MapText
from porreport.deck.slides import (
    ChartPlan,
    Drawing,
    Group,
    PlaceholderText,
    Rectangle,
    SlidePlan,
    TablePlan,
    TextShape,
)

Lines = tuple[str, ...]
Planned = PlaceholderText | Drawing | TextShape | Rectangle | MapShape
CELL_SEPARATOR = " | "
CATEGORY_HEADER = "Categoria"
_NOT_A_WORD = re.compile(r"[^0-9a-z]+")


def slug(name: str) -> str:
    """A key's part from a name: 'Dati al' -> 'dati-al', 'Colonna sinistra' ->
    'colonna-sinistra'."""
    return _NOT_A_WORD.sub("-", name.lower()).strip("-")


def page_prefix(section: str, page: int, pages: int) -> str:
    """The prefix of the keys of a section's slide: its id, then 'p2' on a section that
    takes several slides."""
    return section if pages <= 1 else f"{section}/p{page}"


def qualify(slide: SlidePlan, section: str) -> SlidePlan:
    """The slide with its section and every element's key made the deck's key."""
    prefix = page_prefix(section, slide.title.page, slide.title.pages)
    seen: set[str] = set()
    texts = tuple(replace(t, key=_unique(f"{prefix}/{t.key}", seen)) for t in slide.texts)
    drawings = tuple(_qualified(d, prefix, seen) for d in slide.drawings)
    return replace(slide, texts=texts, drawings=drawings, section=section)


def _unique(key: str, seen: set[str]) -> str:
    """``key``, or ``key-2``, ``key-3``... when the slide already has it."""
    candidate, n = key, 1
    while candidate in seen:
        n += 1
        candidate = f"{key}-{n}"
    seen.add(candidate)
    return candidate


def _qualified(drawing: Drawing, prefix: str, seen: set[str]) -> Drawing:
    key = _unique(f"{prefix}/{drawing.key}", seen)
    if isinstance(drawing, Group):
        members = tuple(_member(m, prefix, seen) for m in drawing.shapes)
        return replace(drawing, key=key, shapes=members)
    if isinstance(drawing, MapPlan):
        shapes = tuple(replace(s, key=_unique(f"{key}/{s.key}", seen)) for s in drawing.shapes)
        return replace(drawing, key=key, shapes=shapes)
    return replace(drawing, key=key)


def _member(member: TextShape | Rectangle, prefix: str, seen: set[str]) -> TextShape | Rectangle:
    return replace(member, key=_unique(f"{prefix}/{member.key}", seen))


def members(item: Planned) -> tuple[Planned, ...]:
    """The shapes a group or a map holds (none for other elements)."""
    if isinstance(item, Group | MapPlan):
        return tuple(item.shapes)
    return ()


def elements(slide: SlidePlan) -> list[Planned]:
    """Every keyed element of a slide: placeholders, drawings and their members."""
    out: list[Planned] = [*slide.texts]
    for drawing in slide.drawings:
        out.append(drawing)
        out += members(drawing)
    return out


# --- content -----------------------------------------------------------------------------


def para_lines(paras: Iterable[Para]) -> Lines:
    """A text's lines: one per paragraph ('' for a text without paragraphs)."""
    return tuple(p.text for p in paras) or ("",)


def number(value: float | None) -> str:
    """A chart value as the content shows it ('853.9'; '' when missing)."""
    return "" if value is None else repr(float(value))


def chart_lines(chart: ChartPlan) -> Lines:
    """A chart's data: a header (the category header, the series names), then one line per
    category (its name and its values)."""
    spec = chart.spec
    header = CELL_SEPARATOR.join([CATEGORY_HEADER, *(s.name for s in spec.series)])
    rows = [
        CELL_SEPARATOR.join(
            [
                category_name(c),
                *(number(s.values[k]) if k < len(s.values) else "" for s in spec.series),
            ]
        )
        for k, c in enumerate(spec.categories)
    ]
    return (header, *rows)


def content(item: Planned) -> Lines:
    """What an element shows, as porreport writes it (``porreport.deck.stored`` reads the
    same from the deck)."""
    if isinstance(item, PlaceholderText | TextShape):
        return para_lines(item.paras)
    if isinstance(item, TablePlan):
        return tuple(CELL_SEPARATOR.join(c.para.text for c in row) for row in item.cells)
    if isinstance(item, ChartPlan):
        return chart_lines(item)
    if isinstance(item, MapText):
        return tuple(line.text for line in item.lines) or ("",)
    if isinstance(item, MapFreeform):
        return (item.descr or "",)
    return ()  # groups, rules, legend keys: what they show is in their members or fill


def chart_title(chart: ChartPlan) -> Lines:
    """A chart title's lines: the title, then the reference's label when there is one."""
    spec = chart.spec
    return (spec.title, *((spec.reference[0],) if spec.reference else ()))


def fill_of(item: Planned) -> str | None:
    """The palette colour an element is filled with, when its fill shows data or matters
    (a province's class, a legend key, a card's rule)."""
    if isinstance(item, MapFreeform | MapRect | Rectangle):
        return item.fill
    if isinstance(item, MapText):
        return item.fill
    return None


def fingerprint(lines: Iterable[str]) -> str:
    """The fingerprint of lines: sha256 of their JSON, its first 16 hex digits."""
    data = json.dumps(list(lines), ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def item_fingerprint(item: Planned) -> str:
    """The fingerprint of everything planned for an element: the same plan writes the same
    element."""
    return hashlib.sha256(repr(item).encode("utf-8")).hexdigest()[:16]
