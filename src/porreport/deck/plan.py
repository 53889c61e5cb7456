"""Plan the deck: each ``Section`` becomes one or more planned slides on its layout.

``plan_deck(document, frames)`` decides everything a slide shows from the document, the
font metrics (``fit``) and the template's placeholder boxes: which layout, which title and
page counter, which fitted paragraphs in which placeholder, which shapes where. Pagination,
fitting and splitting happen here; ``porreport.deck.emit`` only writes the result. Nothing
here imports python-pptx.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from porreport import theme as th
from porreport.content.document import (
    Cards,
    Chart,
    Document,
    Figures,
    ItemList,
    Map,
    Section,
    Table,
    TextBlock,
    TwoColumns,
)
from porreport.deck import template as L
from porreport.deck.fit import Para, apply, fit_scale
from porreport.deck.plan_cards import card_pages, card_shapes
from porreport.deck.plan_figures import key_figures, steps
from porreport.deck.plan_lists import (
    COLUMN_GAP_PT,
    column_paras,
    paginate_items,
    paginate_paras,
)
from porreport.deck.plan_map import plan_map
from porreport.deck.plan_tables import caption, table_plan
from porreport.deck.plan_text import MORE_NOTES, SlideDraft
from porreport.deck.slides import ChartPlan, Columns, DeckPlan, SlidePlan, Title, emu
from porreport.deck.slides import titles as section_titles
from porreport.deck.styles import STYLES as ST

B = TypeVar("B")


def plan_deck(document: Document, frames: dict[str, L.LayoutFrames]) -> DeckPlan:
    """The slides of ``document`` on the template whose layouts' frames are given."""
    slides = []
    for section in document.sections:
        slides += PLANNERS[section.layout](_Section(section, frames[section.layout]))
    return DeckPlan(document.meta, tuple(slides))


class _Section:
    """A section and its layout's frames: makes the drafts of its slides."""

    def __init__(self, section: Section, frames: L.LayoutFrames) -> None:
        self.section = section
        self.frames = frames

    def draft(self, title: Title | None = None) -> SlideDraft:
        """A new slide of the section, titled with the section's title unless ``title`` is
        given (also the probe whose boxes pagination reads)."""
        draft = SlideDraft(self.section.layout, self.frames, title or Title(self.section.title))
        if not self.section.footnotes and draft.has(L.NOTES):
            notes = self.frames.frames[L.NOTES].box
            draft.extend_to = notes[1] + notes[3]
        return draft

    def drafts(self, pages: int) -> Iterator[SlideDraft]:
        """The drafts of a section continued over ``pages`` slides, each with its header
        (made one at a time, so a slide is planned whole before the next one starts)."""
        for title in section_titles(self.section.title, pages):
            draft = self.draft(title)
            _header(draft, self.section)
            yield draft

    def blocks(self, kind: type[B]) -> list[B]:
        """The section's blocks of one kind, in order."""
        return [b for b in self.section.blocks if isinstance(b, kind)]

    def finish(self, draft: SlideDraft) -> SlidePlan:
        """The slide with the section's bottom line and speaker notes."""
        _footer(draft, self.section)
        return draft.plan(self.section.notes)


# --- common header and bottom line -------------------------------------------------------


def _header(draft: SlideDraft, section: Section) -> None:
    draft.fill(L.TITLE, [ST.title.para(draft.title.shown())], ST.title)
    if section.subtitle and draft.has(L.SUBTITLE):
        draft.fill(L.SUBTITLE, [ST.subtitle.para(section.subtitle)], ST.subtitle)


def _footer(draft: SlideDraft, section: Section) -> None:
    if section.footnotes and draft.has(L.NOTES):
        _footnotes(draft, list(section.footnotes))
    if section.cutoff and draft.has(L.CUTOFF):
        draft.fill(L.CUTOFF, [ST.cutoff.para(section.cutoff)], ST.cutoff)
    if section.illustrative:
        note = ST.illustrative.para(section.illustrative)
        draft.fill(L.ILLUSTRATIVE, [note], ST.illustrative)


def _footnotes(draft: SlideDraft, notes: list[str]) -> None:
    """The footnotes in the Note box; those that do not fit at the floor size move to the
    speaker notes and the box ends with MORE_NOTES."""

    def paras(lines: list[str]) -> list[Para]:
        return [ST.footnote.para(n, first=k == 0) for k, n in enumerate(lines)]

    shown = notes
    if draft.scale(L.NOTES, paras(notes), ST.footnote) is None:
        keep = len(notes) - 1
        while keep > 0 and (
            draft.scale(L.NOTES, paras([*notes[:keep], MORE_NOTES]), ST.footnote) is None
        ):
            keep -= 1
        shown = [*notes[:keep], MORE_NOTES]
        draft.moved_footnotes = notes[keep:]
    draft.fill(L.NOTES, paras(shown), ST.footnote)


# --- layouts -----------------------------------------------------------------------------


def _cover(s: _Section) -> list[SlidePlan]:
    section, draft = s.section, s.draft()
    draft.fill(L.TITLE, [ST.cover_title.para(section.title)], ST.cover_title)
    if section.subtitle:
        sub = ST.cover_subtitle if section.layout == "title" else ST.cover_subtitle.tinted(th.WHITE)
        draft.fill(L.SUBTITLE, [sub.para(section.subtitle)], sub)
    lines = [p for b in s.blocks(TextBlock) for p in b.paragraphs]
    if lines:
        paras = [(ST.cover_line if k else ST.cover_lead).para(t) for k, t in enumerate(lines)]
        draft.fill(L.TEXT, paras, ST.cover_lead)
    return [draft.plan(section.notes)]


def _key_figures(s: _Section) -> list[SlidePlan]:
    (draft,) = s.drafts(1)
    for block in s.section.blocks:
        if isinstance(block, Figures):
            draft.draw(*key_figures(block, draft.box(L.FIGURES)))
        elif isinstance(block, Chart):
            draft.draw(_chart(block, draft.box(L.CHART)))
    return [s.finish(draft)]


def _chart(block: Chart, box: L.Box) -> ChartPlan:
    return ChartPlan(f"Grafico: {block.spec.title}", block.spec, box)


def _cards(s: _Section) -> list[SlidePlan]:
    cards = [c for b in s.blocks(Cards) for c in b.cards]
    region = s.draft().box(L.CARDS)
    pages = card_pages(cards, region)
    plans = []
    for draft, page in zip(s.drafts(len(pages)), pages, strict=True):
        draft.draw(*card_shapes(page, region))
        plans.append(s.finish(draft))
    return plans


def _item_list(s: _Section) -> list[SlidePlan]:
    groups = [g for b in s.blocks(ItemList) for g in b.groups]
    width, height = s.draft().inner(L.LIST)
    pages, scale = paginate_items(groups, (width - COLUMN_GAP_PT) / 2, height)
    plans = []
    for draft, paras in zip(s.drafts(len(pages)), pages, strict=True):
        draft.write(L.LIST, apply(paras, scale), Columns(2, emu(COLUMN_GAP_PT)))
        plans.append(s.finish(draft))
    return plans


def _table_chart(s: _Section) -> list[SlidePlan]:
    (draft,) = s.drafts(1)
    figures, tables, charts = s.blocks(Figures), s.blocks(Table), s.blocks(Chart)
    top = draft.box(L.FIGURES)[1] if not figures and draft.has(L.FIGURES) else None
    if figures:
        draft.draw(*steps(figures[0], draft.box(L.FIGURES)))
    if tables:
        box = draft.box(L.TABLE)
        if top is not None:  # no steps: the table starts where they would
            box = (box[0], top, box[2], box[1] + box[3] - top)
        label = caption(tables[0], box)
        draft.draw(*([label] if label else []), table_plan(tables[0], box))
    chart_boxes = [draft.box(L.CHART)]
    if len(charts) > 1:
        chart_boxes.append(draft.box(L.CHART_2))
    elif draft.has(L.CHART_2):  # a single chart takes both chart boxes
        c1, c2 = chart_boxes[0], draft.box(L.CHART_2)
        chart_boxes[0] = (c1[0], c1[1], c1[2], c2[1] + c2[3] - c1[1])
    if top is not None:
        c = chart_boxes[0]
        chart_boxes[0] = (c[0], top, c[2], c[1] + c[3] - top)
    for chart, box in zip(charts, chart_boxes, strict=False):
        draft.draw(_chart(chart, box))
    return [s.finish(draft)]


def _chart_slide(s: _Section) -> list[SlidePlan]:
    (draft,) = s.drafts(1)
    for block in s.blocks(Chart):
        draft.draw(_chart(block, draft.box(L.CHART)))
    return [s.finish(draft)]


def _map(s: _Section) -> list[SlidePlan]:
    (draft,) = s.drafts(1)
    texts = [p for b in s.blocks(TextBlock) for p in b.paragraphs]
    maps = [b.spec for b in s.blocks(Map)]
    paras = [ST.map_text.para(t, first=k == 0) for k, t in enumerate(texts)]
    if maps:
        ranked = sorted(
            (v for v in maps[0].provinces if v.value is not None),
            key=lambda v: (-(v.value or 0), v.nome),
        )
        listing = [ST.legend_title.para(maps[0].legend_title)] + [
            ST.legend_row.spans(
                (ST.legend_row.span(f"{v.nome} ({v.sigla}): "), ST.legend_value.span(v.label))
            )
            for v in ranked
        ]
        # the ranking follows the text only when both fit the box
        if fit_scale(paras + listing, *draft.inner(L.TEXT), *ST.map_text.bounds()) is not None:
            paras += listing
    if paras:
        draft.fill(L.TEXT, paras, ST.map_text)
    if maps:
        draft.draw(plan_map(f"Mappa: {maps[0].title}", maps[0], draft.box(L.MAP)))
    return [s.finish(draft)]


def _two_columns(s: _Section) -> list[SlidePlan]:
    blocks = s.blocks(TwoColumns)
    if not blocks:
        return []
    probe = s.draft()
    cols = {L.LEFT: blocks[0].left, L.RIGHT: blocks[0].right}
    pages: dict[str, list[list[Para]]] = {}
    scales = []
    for name, block in cols.items():
        width, height = probe.inner(name)
        pages[name], scale = paginate_paras(column_paras(block), width, height, heading=1)
        scales.append(scale)
    scale = min(scales)
    plans = []
    for k, draft in enumerate(s.drafts(max(len(p) for p in pages.values()))):
        for name in cols:
            chunk = pages[name][k] if k < len(pages[name]) else []
            if chunk:
                draft.write(name, apply(chunk, scale))
        plans.append(s.finish(draft))
    return plans


PLANNERS: dict[str, Callable[[_Section], list[SlidePlan]]] = {
    "title": _cover,
    "closing": _cover,
    "key_figures": _key_figures,
    "cards": _cards,
    "list": _item_list,
    "table_chart": _table_chart,
    "chart": _chart_slide,
    "map": _map,
    "two_columns": _two_columns,
}
