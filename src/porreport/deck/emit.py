"""Write a planned deck with python-pptx, exactly as planned, and save it deterministically.

Each ``SlidePlan`` becomes a slide of its layout: the planned placeholders get their fitted
paragraphs, the others are removed; the planned shapes are drawn in order; the speaker
notes are set and every run is marked Italian. Nothing is measured or decided here.
"""

from __future__ import annotations

import datetime as dt
import io

from pptx.presentation import Presentation
from pptx.shapes.autoshape import Shape
from pptx.shapes.base import BaseShape
from pptx.slide import Slide, SlideLayout
from pptx.util import Emu

from porreport.content.document import Meta
from porreport.deck import text
from porreport.deck.charts import add_chart
from porreport.deck.charts import set_language as set_chart_language
from porreport.deck.package import clean_parts, normalise
from porreport.deck.shapes import add_map, add_rectangle, add_table, add_text_shape
from porreport.deck.slides import (
    ChartPlan,
    DeckPlan,
    Drawing,
    MapPlan,
    PlaceholderText,
    Rectangle,
    SlidePlan,
    TablePlan,
    TextShape,
)
from porreport.deck.template_file import find_layout, layout_placeholders
from porreport.errors import TemplateError

MAX_PROPERTY = 255  # characters OOXML (and python-pptx) allow in a core property


def emit_deck(plan: DeckPlan, prs: Presentation, source: str) -> bytes:
    """The planned slides added to the opened template ``prs``, saved as .pptx bytes."""
    for slide in plan.slides:
        _slide(prs, find_layout(prs, slide.layout, source), slide)
    _properties(prs, plan.meta)
    clean_parts(prs)
    buf = io.BytesIO()
    prs.save(buf)
    return normalise(buf.getvalue(), plan.meta.reference_date)


def _slide(prs: Presentation, layout: SlideLayout, plan: SlidePlan) -> None:
    slide = prs.slides.add_slide(layout)
    placeholders = _placeholders(slide, layout)
    for planned in plan.texts:
        _fill(placeholders[planned.name], planned)
    for drawing in plan.drawings:
        _draw(slide, drawing)
    used = {planned.name for planned in plan.texts}
    for name, shape in placeholders.items():
        if name not in used:
            element = shape.element
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
    notes = plan.speaker_notes()
    if notes:
        frame = slide.notes_slide.notes_text_frame
        if frame is not None:
            frame.text = notes
    text.set_language(slide.element)
    if slide.has_notes_slide:
        text.set_language(slide.notes_slide.element)


def _placeholders(slide: Slide, layout: SlideLayout) -> dict[str, BaseShape]:
    """The slide's placeholders by the name of the layout placeholder they copy (which they
    are given: python-pptx names them by kind)."""
    by_idx = {ph.placeholder_format.idx: ph for ph in slide.placeholders}
    named: dict[str, BaseShape] = {}
    for layout_ph in layout_placeholders(layout):
        shape = by_idx.get(layout_ph.placeholder_format.idx)
        if shape is not None:
            shape.name = layout_ph.name
            named[layout_ph.name] = shape
    return named


def _fill(shape: BaseShape, planned: PlaceholderText) -> None:
    if planned.box is not None:
        shape.left, shape.top, shape.width, shape.height = (Emu(v) for v in planned.box)
    if not isinstance(shape, Shape):
        raise TemplateError(f"Il segnaposto «{planned.name}» del modello non contiene testo.")
    text.write(shape.text_frame, planned.paras)
    if planned.columns is not None:
        text.set_columns(shape.text_frame, planned.columns.count, planned.columns.gap)


def _draw(slide: Slide, drawing: Drawing) -> None:
    if isinstance(drawing, TextShape):
        add_text_shape(slide, drawing)
    elif isinstance(drawing, Rectangle):
        add_rectangle(slide, drawing)
    elif isinstance(drawing, TablePlan):
        add_table(slide, drawing)
    elif isinstance(drawing, ChartPlan):
        frame = add_chart(slide, drawing.spec, drawing.box, drawing.name)
        set_chart_language(frame.chart.element, text.LANG)
    elif isinstance(drawing, MapPlan):
        add_map(slide, drawing)


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
