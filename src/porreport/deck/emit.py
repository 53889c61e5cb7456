"""Write a planned deck with python-pptx, exactly as planned, and save it deterministically.

Each ``SlidePlan`` becomes a slide of its layout: the planned placeholders get their fitted
paragraphs (the date placeholder "Dati al" is added when it is filled), the others are
removed; content slides get the layout's slide number; the planned shapes are drawn; the
shapes are put in reading order (title first, then top to bottom and left to right, the
date, footer and slide number last); the speaker notes are set and every run is marked
Italian. The theme's font is embedded. Nothing is measured or decided here.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.presentation import Presentation
from pptx.shapes.autoshape import Shape
from pptx.shapes.base import BaseShape
from pptx.shapes.placeholder import LayoutPlaceholder
from pptx.slide import Slide, SlideLayout
from pptx.util import Emu

from porreport import theme as th
from porreport.content.document import Meta
from porreport.deck import template as L
from porreport.deck import text
from porreport.deck.charts import add_chart
from porreport.deck.charts import set_language as set_chart_language
from porreport.deck.fontembed import PANOSE, EmbeddedFamily, Face, embed_fonts
from porreport.deck.package import clean_parts, normalise
from porreport.deck.shapes import add_group, add_map, add_rectangle, add_table, add_text_shape
from porreport.deck.slides import (
    ChartPlan,
    DeckPlan,
    Drawing,
    Group,
    MapPlan,
    PlaceholderText,
    Rectangle,
    SlidePlan,
    TablePlan,
    TextShape,
)
from porreport.deck.template_file import (
    find_layout,
    layout_placeholders,
    placeholder_look,
    theme_fonts,
)
from porreport.errors import TemplateError
from porreport.resources import font_path

MAX_PROPERTY = 255  # characters OOXML (and python-pptx) allow in a core property
FURNITURE = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
OVERLAP = 76200  # EMU (6 pt) two shapes may overlap and still be read one after the other
SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
FACES: dict[Face, str] = {"regular": "Regular", "bold": "Bold", "italic": "Italic"}
_SHAPE_TAGS = {qn(t) for t in ("p:sp", "p:grpSp", "p:graphicFrame", "p:pic", "p:cxnSp")}


def emit_deck(plan: DeckPlan, prs: Presentation, source: str) -> bytes:
    """The planned slides added to the opened template ``prs``, saved as .pptx bytes."""
    for number, slide in enumerate(plan.slides, start=1):
        _slide(prs, find_layout(prs, slide.layout, source), slide, number)
    _properties(prs, plan.meta)
    if th.FONT_FAMILY in theme_fonts(prs):
        faces = {face: font_path(style) for face, style in FACES.items()}
        embed_fonts(prs, [EmbeddedFamily(th.FONT_FAMILY, faces, PANOSE)])
    clean_parts(prs)
    buf = io.BytesIO()
    prs.save(buf)
    return normalise(buf.getvalue(), plan.meta.reference_date)


def _slide(prs: Presentation, layout: SlideLayout, plan: SlidePlan, number: int) -> None:
    slide = prs.slides.add_slide(layout)
    layout_phs = {ph.name: ph for ph in layout_placeholders(layout)}
    placeholders = _placeholders(slide, layout_phs, {t.name for t in plan.texts})
    for planned in plan.texts:
        _fill(
            placeholders[planned.name], planned, placeholder_look(layout, layout_phs[planned.name])
        )
    if plan.layout not in L.UNNUMBERED:
        _slide_number(slide, layout_phs.values(), number)
    for drawing in plan.drawings:
        _draw(slide, drawing)
    used = {planned.name for planned in plan.texts}
    for name, shape in placeholders.items():
        if name not in used:
            _remove(shape.element)
    _reading_order(slide)
    notes = plan.speaker_notes()
    if notes:
        frame = slide.notes_slide.notes_text_frame
        if frame is not None:
            frame.text = notes
    text.set_language(slide.element)
    if slide.has_notes_slide:
        text.set_language(slide.notes_slide.element)


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _placeholders(
    slide: Slide, layout_phs: dict[str, LayoutPlaceholder], wanted: set[str]
) -> dict[str, BaseShape]:
    """The slide's placeholders by the name of the layout placeholder they copy (which they
    are given: python-pptx names them by kind). A date or footer placeholder, which
    python-pptx does not copy to a new slide, is added when it is ``wanted``."""
    by_idx = {ph.placeholder_format.idx: ph for ph in slide.placeholders}
    named: dict[str, BaseShape] = {}
    for name, layout_ph in layout_phs.items():
        shape = by_idx.get(layout_ph.placeholder_format.idx)
        if shape is None and name in wanted:
            shape = _clone(slide, layout_ph)
        if shape is not None:
            shape.name = name
            named[name] = shape
    return named


def _clone(slide: Slide, layout_ph: LayoutPlaceholder) -> BaseShape:
    """A slide placeholder that copies ``layout_ph`` (type, index, size)."""
    slide.shapes.clone_placeholder(layout_ph)
    idx = layout_ph.placeholder_format.idx
    return next(ph for ph in slide.placeholders if ph.placeholder_format.idx == idx)


def _slide_number(slide: Slide, layout_phs: Iterable[LayoutPlaceholder], number: int) -> None:
    """The layout's slide-number placeholder, with the number field, when it has one."""
    for layout_ph in layout_phs:
        if layout_ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER:
            shape = _clone(slide, layout_ph)
            shape.name = layout_ph.name
            if isinstance(shape, Shape):
                body = shape.text_frame._txBody  # python-pptx has no text fields
                for p in body.findall(qn("a:p")):
                    body.remove(p)
                body.append(_number_paragraph(number))
            return


def _number_paragraph(number: int) -> etree._Element:
    return parse_xml(
        f'<a:p {nsdecls("a")}><a:fld id="{SLIDE_NUMBER_FIELD}" type="slidenum">'
        f'<a:rPr lang="{text.LANG}"/><a:t>{number}</a:t></a:fld></a:p>'
    )


def _fill(shape: BaseShape, planned: PlaceholderText, look: text.Look) -> None:
    if planned.box is not None:
        shape.left, shape.top, shape.width, shape.height = (Emu(v) for v in planned.box)
    if not isinstance(shape, Shape):
        raise TemplateError(f"Il segnaposto «{planned.name}» del modello non contiene testo.")
    text.write(shape.text_frame, planned.paras, look, planned.font_scale)
    if planned.columns is not None:
        text.set_columns(shape.text_frame, planned.columns.count, planned.columns.gap)


def _draw(slide: Slide, drawing: Drawing) -> None:
    if isinstance(drawing, TextShape):
        add_text_shape(slide.shapes, drawing)
    elif isinstance(drawing, Rectangle):
        add_rectangle(slide.shapes, drawing)
    elif isinstance(drawing, Group):
        add_group(slide.shapes, drawing)
    elif isinstance(drawing, TablePlan):
        add_table(slide.shapes, drawing)
    elif isinstance(drawing, ChartPlan):
        frame = add_chart(slide, drawing.spec, drawing.box, drawing.name)
        set_chart_language(frame.chart.element, text.LANG)
    elif isinstance(drawing, MapPlan):
        add_map(slide, drawing)


def _reading_order(slide: Slide) -> None:
    """Order the slide's shapes as they are read: the title, the rest as the eye goes (top
    to bottom, left to right: ``reading_order``), the date, footer and slide number last.
    The shape tree's order is the reading order of screen readers."""
    title, body, furniture = [], [], []
    for shape in slide.shapes:
        kind = shape.placeholder_format.type if shape.is_placeholder else None
        if kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
            title.append(shape)
        elif kind in FURNITURE:
            furniture.append(shape)
        else:
            body.append(shape)
    tree = slide.shapes._spTree  # python-pptx has no public reordering
    ordered = [*title, *reading_order(body), *reading_order(furniture)]
    anchor = tree.find(qn("p:extLst"))
    for shape in ordered:
        element = shape.element
        tree.remove(element)
        if anchor is not None:
            anchor.addprevious(element)
        else:
            tree.append(element)


@dataclass(frozen=True)
class _Placed:
    """A shape and its extent down the slide (``spans[0]``) and across (``spans[1]``)."""

    shape: BaseShape
    spans: tuple[tuple[int, int], tuple[int, int]]


def reading_order(shapes: list[BaseShape]) -> list[BaseShape]:
    """Shapes in the order they are read (recursive X-Y cut): cut the set into bands that
    no shape straddles, top to bottom; a band that cannot be cut so is cut into columns,
    left to right; each part is ordered the same way. Shapes that overlap both ways are
    read by their top, then their left edge."""
    placed = [_Placed(s, (_span(s.top, s.height), _span(s.left, s.width))) for s in shapes]
    return [p.shape for p in _cut(placed)]


def _span(start: int | None, length: int | None) -> tuple[int, int]:
    return (start or 0), (start or 0) + (length or 0)


def _cut(placed: list[_Placed]) -> list[_Placed]:
    if len(placed) <= 1:
        return placed
    for axis in (0, 1):  # bands (by vertical extent), then columns (horizontal)
        parts = _parts(placed, axis)
        if len(parts) > 1:
            return [p for part in parts for p in _cut(part)]
    return sorted(placed, key=lambda p: (p.spans[0][0], p.spans[1][0]))


def _parts(placed: list[_Placed], axis: int) -> list[list[_Placed]]:
    """The shapes grouped where a line across ``axis`` crosses none of them (shapes may
    overlap by ``OVERLAP``)."""
    parts: list[list[_Placed]] = []
    end = 0
    for p in sorted(placed, key=lambda p: (p.spans[axis][0], p.spans[1 - axis][0])):
        start, stop = p.spans[axis]
        if parts and start < end - OVERLAP:
            parts[-1].append(p)
            end = max(end, stop)
        else:
            parts.append([p])
            end = stop
    return parts


def _prop(value: str) -> str:
    """A core property value, cut to the length OOXML allows."""
    return value if len(value) <= MAX_PROPERTY else value[: MAX_PROPERTY - 1] + "…"


def _properties(prs: Presentation, meta: Meta) -> None:
    cp = prs.core_properties
    cp.title = _prop(meta.title)
    cp.subject = _prop(meta.subject)
    cp.author = _prop(meta.author)
    cp.last_modified_by = _prop(meta.author)
    cp.keywords = _prop("; ".join(meta.keywords))
    cp.language = meta.language
    cp.category = _prop(meta.occasion)
    cp.comments = meta.date_label
    when = dt.datetime.combine(meta.reference_date, dt.time())
    cp.created = cp.modified = when
    cp.last_printed = when
    cp.revision = 1
