"""The planned deck: what the planner decided, for the emitter to write as it is.

Every slide names its layout, its title (with its place among the section's slides), the
fitted paragraphs of each placeholder it fills and the shapes drawn on it, in drawing order:
text shapes, plain rectangles, groups of them, a native table, native charts, the map. Positions and sizes
are EMU; text sizes are points. Nothing here imports python-pptx.

Every planned element has a ``key``: where in the document it comes from, e.g.
``panorama/cifre/2`` or ``avviso-1-monitoraggio/grafico/dimensioni``. A planner gives the
part after the section (``cifre/2``); ``plan_keys.qualify`` prefixes the section's id (and
``p2/`` on the second of several slides). The emitter stores the keys in the deck so that
``porreport update`` finds each element again (docs/update.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from porreport.content.document import ChartSpec, Meta
from porreport.deck.fit import Para
from porreport.deck.plan_map import MapPlan  # the vector map, planned in plan_map
from porreport.deck.template import Box

EMU_PER_PT = 12700
MOVED_FOOTNOTES_HEADING = "Note della slide non visibili nel riquadro:"
COUNTER = re.compile(r"\((\d+)/(\d+)\)\s*$")  # a part counter the content put in a title

Geometry = Literal["text", "rounded", "pentagon", "chevron"]
Anchor = Literal["top", "middle"]


def emu(points: float) -> int:
    """Points -> EMU, truncated like python-pptx's ``Pt``."""
    return int(points * EMU_PER_PT)


@dataclass(frozen=True)
class Title:
    """A slide's title: the section's title and the slide's place among its slides.

    ``part`` is the counter the section's own title already ends with (``"2/4"``, a part of
    a call); its continuation slides read ``(2/4, segue)`` after ``head``.
    """

    text: str
    page: int = 1
    pages: int = 1
    head: str = ""
    part: str | None = None

    @property
    def continued(self) -> bool:
        """Whether this slide continues the section's previous one."""
        return self.page > 1

    def shown(self) -> str:
        """The title as the slide shows it: 'Iniziative (2/3)', 'Monitoraggio (2/4, segue)'."""
        if self.pages <= 1:
            return self.text
        if self.part is None:
            return f"{self.text} ({self.page}/{self.pages})"
        return f"{self.head} ({self.part}, segue)" if self.continued else self.text


def titles(text: str, pages: int) -> list[Title]:
    """The titles of a section's ``pages`` slides."""
    m = COUNTER.search(text)
    head, part = (text[: m.start()].rstrip(), f"{m.group(1)}/{m.group(2)}") if m else ("", None)
    return [Title(text, k, pages, head, part) for k in range(1, pages + 1)]


def page_titles(text: str, pages: int) -> list[str]:
    """'Titolo' -> 'Titolo (1/2)', ...; a title already numbered '(2/4)' gets 'segue'."""
    return [title.shown() for title in titles(text, pages)]


@dataclass(frozen=True)
class Columns:
    """Text columns of a placeholder: how many and the gap between them (EMU)."""

    count: int
    gap: int


@dataclass(frozen=True)
class PlaceholderText:
    """Fitted paragraphs for a named placeholder; ``box`` when it is moved or resized.

    ``font_scale`` is the share of their sizes the text is shown at (PowerPoint's autofit
    scale, 1.0 = none): the paragraphs keep their styles' sizes and the viewer scales them.
    """

    name: str
    paras: tuple[Para, ...]
    box: Box | None = None
    columns: Columns | None = None
    font_scale: float = 1.0
    key: str = ""


@dataclass(frozen=True)
class TextShape:
    """A named shape with fitted paragraphs (a key figure, a step, a card, a caption).

    ``insets`` are (left, top, right, bottom) EMU; ``adjustment`` is the shape's first
    geometry adjustment (corner radius, chevron point) when it has one; ``font_scale`` as
    for ``PlaceholderText``.
    """

    name: str
    box: Box
    paras: tuple[Para, ...]
    geometry: Geometry = "text"
    fill: str | None = None
    insets: tuple[int, int, int, int] = (0, 0, 0, 0)
    anchor: Anchor = "top"
    adjustment: float | None = None
    font_scale: float = 1.0
    key: str = ""


@dataclass(frozen=True)
class Rectangle:
    """A named plain rectangle filled with a colour (a card's accent rule): decoration."""

    name: str
    box: Box
    fill: str
    key: str = ""


@dataclass(frozen=True)
class Group:
    """Shapes that make one thing and move together (a card: its box and its accent rule),
    with a description for screen readers."""

    name: str
    shapes: tuple[TextShape | Rectangle, ...]
    alt_text: str
    key: str = ""


@dataclass(frozen=True)
class Cell:
    """A table cell: its paragraph and fill."""

    para: Para
    fill: str


@dataclass(frozen=True)
class TablePlan:
    """A native table: column widths and row heights (EMU) and every cell.

    ``margins`` are the cells' (left and right, top and bottom) insets in EMU.
    """

    name: str
    alt_text: str
    box: Box
    widths: tuple[int, ...]
    heights: tuple[int, ...]
    cells: tuple[tuple[Cell, ...], ...]
    margins: tuple[int, int]
    key: str = ""


@dataclass(frozen=True)
class ChartPlan:
    """A native chart in a box."""

    name: str
    spec: ChartSpec
    box: Box
    key: str = ""


Drawing = TextShape | Rectangle | Group | TablePlan | ChartPlan | MapPlan


@dataclass(frozen=True)
class SlidePlan:
    """One slide: its layout id, title, filled placeholders, drawings and speaker notes.

    Placeholders of the layout not in ``texts`` are removed from the slide.
    ``moved_footnotes`` are the footnotes that did not fit the Note box; ``section`` is the
    id of the document's section the slide shows.
    """

    layout: str
    title: Title
    texts: tuple[PlaceholderText, ...]
    drawings: tuple[Drawing, ...]
    notes: str
    moved_footnotes: tuple[str, ...] = ()
    section: str = ""

    def speaker_notes(self) -> str:
        """The section's speaker notes, then the footnotes moved out of the Note box."""
        if not self.moved_footnotes:
            return self.notes
        lines = (self.notes, MOVED_FOOTNOTES_HEADING, *self.moved_footnotes)
        return "\n".join(filter(None, lines))


@dataclass(frozen=True)
class DeckPlan:
    """The whole deck: the document's metadata, its slides in order and, for every section
    of the document, its id and how many slides it took (none for a section with nothing
    to show)."""

    meta: Meta
    slides: tuple[SlidePlan, ...]
    sections: tuple[tuple[str, int], ...] = ()
