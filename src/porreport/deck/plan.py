"""Plan the deck: each ``Section`` becomes one or more planned slides on its layout.

``plan_deck(document, frames)`` decides everything a slide shows from the document, the
font metrics (``fit``) and the template's placeholder boxes: which layout, which title and
page counter, which fitted paragraphs in which placeholder, which shapes where, and the key
of each (``plan_keys``). Pagination, fitting and splitting happen here;
``porreport.deck.emit`` only writes the result. Nothing here imports python-pptx.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TypeVar

from porreport import theme as th
from porreport.content.document import (
    Cards,
    Chart,
    ChartSpec,
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
from porreport.deck.fit import SAFETY, Para, Span, break_words, count_lines, fit_scale, written
from porreport.deck.plan_blocks import shown_blocks
from porreport.deck.plan_cards import card_pages, card_shapes
from porreport.deck.plan_figures import key_figures
from porreport.deck.plan_keys import qualify, slug
from porreport.deck.plan_lists import COLUMN_GAP_PT, paginate_items, paginate_paras
from porreport.deck.plan_map import plan_map
from porreport.deck.plan_regions import column_stack, side_by_side, union
from porreport.deck.plan_text import MORE_NOTES, SlideDraft, inner
from porreport.deck.slides import (
    EMU_PER_PT,
    ChartPlan,
    DeckPlan,
    SlidePlan,
    TextShape,
    Title,
    emu,
)
from porreport.deck.slides import titles as section_titles
from porreport.deck.styles import STYLES as ST
from porreport.deck.unfit import Unfit, check_volume, refusal

B = TypeVar("B")
# The line spacing of the one-line footer boxes (the cut-off date, the illustrative-data
# note): nothing sits above or below their line, and their boxes are a line tall.
ONE_LINE = 0.7


def plan_deck(document: Document, frames: dict[str, L.LayoutFrames]) -> DeckPlan:
    """The slides of ``document`` on the template whose layouts' frames are given; an
    ``InputError`` naming the report's field of a text that no box holds."""
    check_volume(document)
    slides = []
    sections = []
    for section in document.sections:
        try:
            planned = PLANNERS[section.layout](_Section(section, frames[section.layout]))
        except Unfit as unfit:
            raise refusal(unfit, document.sources, section.title) from None
        slides += [qualify(slide, section.id) for slide in planned]
        sections.append((section.id, len(planned)))
    return DeckPlan(document.meta, tuple(slides), tuple(sections))


class _Section:
    """A section and its layout's frames: makes the drafts of its slides."""

    def __init__(self, section: Section, frames: L.LayoutFrames) -> None:
        self.section = section
        self.frames = frames
        self.shown = shown_blocks(section)

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
        """The section's blocks of one kind that have something to show, in order."""
        return [b for b in self.shown if isinstance(b, kind)]

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
        cutoff = replace(ST.cutoff.para(section.cutoff), line=ONE_LINE)
        draft.fill(L.CUTOFF, [cutoff], ST.cutoff)
    if section.illustrative:
        note = replace(ST.illustrative.para(section.illustrative), line=ONE_LINE)
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
    figures, charts = s.blocks(Figures), s.blocks(Chart)
    region = union(draft.box(L.FIGURES), draft.box(L.CHART))
    if figures:
        draft.draw(*key_figures(figures[0], draft.box(L.FIGURES) if charts else region))
    if charts:
        draft.draw(_chart(charts[0], draft.box(L.CHART) if figures else region))
    return [s.finish(draft)]


def _chart(block: Chart, box: L.Box) -> ChartPlan:
    spec = _titled(block.spec, box)
    return ChartPlan(f"Grafico: {spec.title}", spec, box, f"grafico/{slug(spec.id) or 'dati'}")


CHART_TITLE_SIZE = 13.0  # points, bold (``charts``)
CHART_TITLE_LINES = 3  # at most: the viewer lays the chart out under its title
CHART_TITLE_MARGIN = 20.0  # points of the chart's width the title does not take


def _titled(spec: ChartSpec, box: L.Box) -> ChartSpec:
    """The chart with its title's words too wide for the chart cut (``break_words``);
    ``Unfit`` when the title takes more than ``CHART_TITLE_LINES`` lines: the viewer would
    draw it over the chart."""
    width = (box[2] / EMU_PER_PT - CHART_TITLE_MARGIN) * SAFETY
    title = break_words(spec.title, width, CHART_TITLE_SIZE, bold=True)
    para = Para((Span(title, bold=True),), CHART_TITLE_SIZE)
    if count_lines(para, width, CHART_TITLE_SIZE) > CHART_TITLE_LINES:
        reason = f"occupa più di {CHART_TITLE_LINES} righe nel titolo del grafico"
        raise Unfit(reason, "accorciarlo", (spec.title,))
    return spec if title == spec.title else replace(spec, title=title)


def _cards(s: _Section) -> list[SlidePlan]:
    cards = [c for b in s.blocks(Cards) for c in b.cards]
    region = s.draft().box(L.CARDS)
    pages = card_pages(cards, region)
    plans = []
    first = 1
    for draft, page in zip(s.drafts(len(pages)), pages, strict=True):
        draft.draw(*card_shapes(page, region, first))
        first += len(page.cards)
        plans.append(s.finish(draft))
    return plans


def _item_list(s: _Section) -> list[SlidePlan]:
    """The grouped list in two boxes side by side: the List placeholder holds the left
    column, a text box with the same insets the right one."""
    groups = [g for b in s.blocks(ItemList) for g in b.groups]
    probe = s.draft()
    width, height = probe.inner(L.LIST)
    col_w = (width - COLUMN_GAP_PT) / 2
    pages, scale = paginate_items(groups, col_w, height)
    x, y, w, h = probe.box(L.LIST)
    insets = probe.insets(L.LIST)
    box_w = insets[0] + emu(col_w) + insets[2]
    left, right = (x, y, box_w, h), (x + w - box_w, y, box_w, h)
    plans = []
    pairs = pages or [([], [])]
    for draft, (first, second) in zip(s.drafts(len(pairs)), pairs, strict=True):
        shown, font_scale = written(first, scale, col_w)
        draft.write(L.LIST, shown, font_scale=font_scale, box=left)
        if second:
            shown, font_scale = written(second, scale, col_w)
            name = f"{L.LIST} (colonna destra)"
            draft.draw(
                TextShape(
                    name,
                    right,
                    tuple(shown),
                    insets=insets,
                    font_scale=font_scale,
                    key="elenco-destra",
                )
            )
        plans.append(s.finish(draft))
    return plans


def _table_chart(s: _Section) -> list[SlidePlan]:
    """Steps, texts and a table in the left column, charts in the right one; a column whose
    blocks are missing leaves its room to the other."""
    (draft,) = s.drafts(1)
    figures, texts, tables, charts = (
        s.blocks(Figures),
        s.blocks(TextBlock),
        s.blocks(Table),
        s.blocks(Chart),
    )
    left = union(draft.box(L.FIGURES), draft.box(L.TABLE))
    right = union(draft.box(L.CHART), draft.box(L.CHART_2))
    region = union(left, right)
    if figures or texts or tables:
        column = left if charts else region
        draft.draw(
            *column_stack(
                figures[0] if figures else None, texts, tables[0] if tables else None, column
            )
        )
    if charts:
        if not (figures or texts or tables):
            boxes = side_by_side(region, len(charts))
        elif len(charts) == 1:
            boxes = [right]
        else:
            boxes = [draft.box(L.CHART), draft.box(L.CHART_2)]
        draft.draw(*(_chart(c, b) for c, b in zip(charts, boxes, strict=True)))
    return [s.finish(draft)]


def _chart_slide(s: _Section) -> list[SlidePlan]:
    (draft,) = s.drafts(1)
    charts = s.blocks(Chart)
    boxes = side_by_side(draft.box(L.CHART), len(charts)) if charts else []
    draft.draw(*(_chart(c, b) for c, b in zip(charts, boxes, strict=True)))
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
    """Two text columns, each continued on as many slides as the longer needs; a column with
    nothing to show leaves the whole width to the other."""
    blocks = s.blocks(TwoColumns)
    probe = s.draft()
    sides = [(L.LEFT, blocks[0].left), (L.RIGHT, blocks[0].right)] if blocks else []
    shown = [(name, block) for name, block in sides if any(p.strip() for p in block.paragraphs)]
    boxes = {name: probe.box(name) for name, _ in shown}
    if len(shown) == 1:
        boxes[shown[0][0]] = union(probe.box(L.LEFT), probe.box(L.RIGHT))
    pages: dict[str, list[list[Para]]] = {}
    scale = 1.0
    for name, block in shown:
        width, height = inner(boxes[name], probe.insets(name))
        pages[name], column_scale = paginate_paras(block, width, height)
        scale = min(scale, column_scale)
    plans = []
    for k, draft in enumerate(s.drafts(max((len(p) for p in pages.values()), default=1))):
        for name, _ in shown:
            chunk = pages[name][k] if k < len(pages[name]) else []
            if chunk:
                width = inner(boxes[name], probe.insets(name))[0]
                paras, font_scale = written(chunk, scale, width)
                draft.write(name, paras, font_scale=font_scale, box=boxes[name])
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
