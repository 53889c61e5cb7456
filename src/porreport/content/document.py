"""The renderer-neutral document: what the deck and the bulletin both lay out.

``porreport.content.builder`` builds it once from a validated report, with every figure
already formatted in Italian; the deck (``porreport.deck``, PPTX) and the bulletin
(``porreport.bulletin``, PDF) only place its blocks. Nothing here imports an output library.
All classes are frozen dataclasses.

Block kinds: ``Figures`` (key figures or a funnel of steps), ``Cards``, ``Table``,
``TextBlock``, ``ItemList`` (grouped list, e.g. initiatives by axis), ``TwoColumns``,
``Chart`` (a ``ChartSpec``) and ``Map`` (a ``MapSpec``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

# --- charts --------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One data series: raw values in the chart's unit and their Italian labels."""

    name: str
    values: tuple[float, ...]
    labels: tuple[str, ...]  # data labels, formatted: "853,9 M€", "88,0%", "264"


ChartKind = Literal["column", "bar", "clustered_column", "clustered_bar", "pie"]


@dataclass(frozen=True)
class ChartSpec:
    """A chart, described once: drives the deck's native chart and the PDF's matplotlib one.

    ``number_format`` is the Excel format code of the native chart's values and axis (Office
    shows it with the viewer's locale separators, so '#,##0.0' reads '1.010,5' in Italian).
    ``reference`` is an optional labelled reference value drawn as a line (e.g. the
    dotazione). ``alt_text`` states every figure, for screen readers.
    """

    id: str
    kind: ChartKind
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str
    number_format: str
    alt_text: str
    value_axis_title: str | None = None
    reference: tuple[str, float] | None = None


@dataclass(frozen=True)
class ProvinceValue:
    """A province's figure on the map; ``value`` None means no data (distinct from zero)."""

    codice_istat: int
    sigla: str
    nome: str
    value: int | None
    label: str  # formatted value, "" when no data


@dataclass(frozen=True)
class MapSpec:
    """A choropleth of a count by province, for the regions the data touch."""

    id: str
    title: str
    regions: tuple[str, ...]  # region names as in data/province.csv
    provinces: tuple[ProvinceValue, ...]  # every province of those regions
    legend_title: str
    alt_text: str
    attribution: str
    illustrative: bool = False


# --- blocks --------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A labelled figure: 'Risorse impegnate' / '853,9 M€' / '88,0% della dotazione'."""

    label: str
    value: str
    note: str | None = None


@dataclass(frozen=True)
class Figures:
    """Key figures (``style='key'``; the first may be the ``headline``) or a funnel of steps."""

    items: tuple[Figure, ...]
    style: Literal["key", "steps"] = "key"
    headline: Figure | None = None
    heading: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Card:
    """A card: 'Asse I' / 'Occupazione', rows of (label, value), values may carry markers."""

    title: str
    subtitle: str
    rows: tuple[tuple[str, str], ...] = ()
    text: str | None = None  # for text cards (a call's description blocks)


@dataclass(frozen=True)
class Cards:
    """A grid of cards."""

    cards: tuple[Card, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row, body rows and an optional total row, all strings."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[Literal["left", "right"], ...]
    total: tuple[str, ...] | None = None
    caption: str | None = None
    alt_text: str = ""


@dataclass(frozen=True)
class TextBlock:
    """A heading and paragraphs."""

    heading: str | None
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    """A list entry: title, text, a meta line (e.g. the administrative acts) and an amount
    already formatted in the scale of its list ('11,0 M€', '€ 85.000'), when given."""

    title: str
    text: str
    meta: str | None = None
    amount: str | None = None


@dataclass(frozen=True)
class ItemGroup:
    """Entries under a group heading (e.g. 'Asse II - Inclusione sociale')."""

    heading: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class ItemList:
    """Grouped entries; renderers paginate them when they do not fit."""

    groups: tuple[ItemGroup, ...]
    kicker: str | None = None  # e.g. 'POR FSE 2014-2020'


@dataclass(frozen=True)
class TwoColumns:
    """Two text columns side by side (strengths / improvements)."""

    left: TextBlock
    right: TextBlock


@dataclass(frozen=True)
class Chart:
    """A chart block."""

    spec: ChartSpec


@dataclass(frozen=True)
class Map:
    """A map block."""

    spec: MapSpec


Block = Figures | Cards | Table | TextBlock | ItemList | TwoColumns | Chart | Map

Layout = Literal[
    "title",
    "key_figures",
    "cards",
    "list",
    "table_chart",
    "chart",
    "map",
    "two_columns",
    "closing",
]


@dataclass(frozen=True)
class Section:
    """One unit of content: a slide in the deck (or more, when it must paginate), a titled
    section in the bulletin. ``layout`` names the deck layout; ``footnotes`` are printed
    under the content; ``cutoff`` is the "Dati al ..." note; ``illustrative`` is a short note
    shown wherever figures are illustrative; ``notes`` are the deck's speaker notes."""

    id: str
    layout: Layout
    title: str
    subtitle: str | None = None
    blocks: tuple[Block, ...] = ()
    footnotes: tuple[str, ...] = ()
    cutoff: str | None = None
    illustrative: str | None = None
    notes: str = ""
    outline: str | None = None  # short title for the PDF outline; defaults to title


@dataclass(frozen=True)
class Meta:
    """Document-level information (metadata of both files, the cover, running header)."""

    title: str
    programme: str
    region: str
    occasion: str
    author: str
    subject: str
    date_label: str  # "Dati al 30/09/2021"
    long_date: str  # "30 settembre 2021"
    reference_date: dt.date
    language: str = "it-IT"
    keywords: tuple[str, ...] = ()
    logos: tuple[Path, ...] = ()
    # A note for the cover when the whole report is illustrative (an example with invented
    # figures); every section then carries it in ``Section.illustrative`` too.
    illustrative: str | None = None


@dataclass(frozen=True)
class Document:
    """The whole built report. ``sources`` are the report's texts with their fields' paths
    (``("assi[2].titolo", "Occupazione")``), for naming the field of a text a renderer
    cannot lay out."""

    meta: Meta
    sections: tuple[Section, ...] = field(default_factory=tuple)
    sources: tuple[tuple[str, str], ...] = ()

    def charts(self) -> list[ChartSpec]:
        """Every chart spec, in order."""
        return [b.spec for s in self.sections for b in s.blocks if isinstance(b, Chart)]
