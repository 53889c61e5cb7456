"""Write a planned deck with python-pptx, exactly as planned, and save it deterministically.

Each ``SlidePlan`` becomes a slide of its layout: the planned placeholders get their fitted
paragraphs (the date placeholder "Dati al" is added when it is filled), the others are
removed; content slides get the layout's slide number; the planned shapes are drawn; the
shapes are put in reading order (title first, then top to bottom and left to right, the
date, footer and slide number last); the speaker notes are set and every run is marked
Italian; every element is tagged with its key and what porreport wrote (``stamp``). The
theme's font is embedded. ``Emitter`` also writes single slides and elements into an edited
deck (``porreport.deck.update``). Nothing is measured or decided here.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from lxml import etree
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.oxml.shapes.autoshape import CT_Shape
from pptx.presentation import Presentation
from pptx.shapes.autoshape import Shape
from pptx.shapes.base import BaseShape
from pptx.shapes.placeholder import SlidePlaceholder
from pptx.shapes.shapetree import SlideShapes
from pptx.slide import Slide, SlideLayout
from pptx.util import Emu

from porreport import theme as th
from porreport.content.document import Meta
from porreport.deck import manifest, text
from porreport.deck import template as L
from porreport.deck.charts import add_chart
from porreport.deck.charts import set_language as set_chart_language
from porreport.deck.fontembed import PANOSE, EmbeddedFamily, Face, embed_fonts
from porreport.deck.package import NotesSlides, add_slide, clean_parts, fast_partnames
from porreport.deck.package import save as save_package
from porreport.deck.plan_keys import elements, fingerprint
from porreport.deck.shapes import add_group, add_map, add_rectangle, add_table, add_text_shape
from porreport.deck.slides import (
    ChartPlan,
    DeckPlan,
    Drawing,
    Group,
    PlaceholderText,
    Rectangle,
    SlidePlan,
    TablePlan,
    TextShape,
)
from porreport.deck.stamp import Record, Stamper, notes_lines
from porreport.deck.template import missing_placeholder
from porreport.deck.template_file import (
    LayoutSlot,
    blank_slides,
    find_layout,
    keep_notes_blank,
    layout_slots,
    notes_blank,
    theme_fonts,
)
from porreport.errors import TemplateError
from porreport.resources import font_path

MAX_PROPERTY = 255  # characters OOXML (and python-pptx) allow in a core property
OVERLAP = 76200  # EMU (6 pt) two shapes may overlap and still be read one after the other
SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
FACES: dict[Face, str] = {"regular": "Regular", "bold": "Bold", "italic": "Italic"}
_SHAPE_TAGS = tuple(qn(t) for t in ("p:sp", "p:grpSp", "p:graphicFrame", "p:pic", "p:cxnSp"))
_SP = qn("p:sp")
_EXT_LST = qn("p:extLst")
_PH = f"{qn('p:nvPr')}/{qn('p:ph')}"  # in a shape's first child (p:nvSpPr, p:nvPicPr...)
_OFFSETS = tuple(  # where a shape, group, picture or graphic frame says where it is
    "./" + "/".join(qn(tag) for tag in path)
    for path in (
        ("p:spPr", "a:xfrm", "a:off"),
        ("p:grpSpPr", "a:xfrm", "a:off"),
        ("p:xfrm", "a:off"),
    )
)


def emit_deck(plan: DeckPlan, prs: Presentation, source: str) -> bytes:
    """The planned slides added to the opened template ``prs``, saved as .pptx bytes."""
    fast_partnames(prs)  # a new deck: parts are only added
    emitter = Emitter(prs, source)
    entries = [emitter.add_slide(slide, number)[1] for number, slide in enumerate(plan.slides, 1)]
    keep_notes_blank(prs, emitter.notes.blank)  # the next copies of the template start with it
    _properties(prs, plan.meta)
    if th.FONT_FAMILY in theme_fonts(prs):
        faces = {face: font_path(style) for face, style in FACES.items()}
        embed_fonts(prs, [EmbeddedFamily(th.FONT_FAMILY, faces, PANOSE)])
    emitter.stamp.presentation(prs, plan.sections)
    manifest.write(prs, manifest.Manifest(plan.sections, tuple(entries)))
    return save(prs, plan.meta.reference_date)


def save(prs: Presentation, date: dt.date) -> bytes:
    """The presentation saved as deterministic .pptx bytes (dated ``date``)."""
    clean_parts(prs)
    return save_package(prs, date)


class Emitter:
    """Writes planned slides, or single planned elements, into a presentation, and tags
    what it writes with its keys and fingerprints (``stamp``)."""

    def __init__(self, prs: Presentation, source: str) -> None:
        self.prs = prs
        self.source = source
        self.stamp = Stamper(prs)
        self.notes = NotesSlides(notes_blank(prs))
        self._blanks = blank_slides(prs)
        self._infos: dict[str, tuple[SlideLayout, dict[str, LayoutSlot]]] = {}

    def layout(self, layout_id: str) -> tuple[SlideLayout, dict[str, LayoutSlot]]:
        """A layout of the presentation and its placeholders (TemplateError when missing)."""
        if layout_id not in self._infos:
            layout = find_layout(self.prs, layout_id, self.source)
            self._infos[layout_id] = (layout, layout_slots(self.prs, layout))
        return self._infos[layout_id]

    def look(self, layout_id: str, name: str) -> text.Look:
        """What the text of a layout's placeholder inherits."""
        info = self.layout(layout_id)[1]
        return info[name].look if name in info else text.NO_LOOK

    def add_slide(self, plan: SlidePlan, number: int) -> tuple[Slide, manifest.SlideEntry]:
        """A new slide at the end of the presentation, as planned, tagged; and what the
        manifest keeps of it."""
        layout, info = self.layout(plan.layout)
        slide = add_slide(self.prs, layout, self._blanks)
        placeholders = _placeholders(slide, info, {t.name for t in plan.texts})
        for planned in plan.texts:
            _fill(placeholders[planned.name], planned, info[planned.name].look)
        if plan.layout not in L.UNNUMBERED:
            _slide_number(slide, info.values(), number)
        drawn = [(drawing, _draw(slide, drawing)) for drawing in plan.drawings]
        used = {planned.name for planned in plan.texts}
        for name, shape in placeholders.items():
            if name not in used:
                _remove(shape.element)
        _reading_order(slide, {ph.idx: ph.box for ph in info.values()})
        notes = plan.speaker_notes()
        if notes:
            frame = self.notes.notes_slide(slide).notes_text_frame
            if frame is not None:
                text.set_text(frame, notes)
        text.set_language(slide.element)
        if slide.has_notes_slide:
            text.set_language(slide.notes_slide.element)
        entries: list[manifest.Entry] = []
        records = {}
        for p in plan.texts:
            record = self.stamp.record(slide, p, placeholders[p.name].element)
            records[info[p.name].idx] = record
            entries.append(manifest.Entry(record, manifest.PLACEHOLDER))
        for drawing, element in drawn:
            record, members = self.stamp.drawn(slide, drawing, element)
            entries.append(manifest.Entry(record, manifest.DRAWN))
            entries += [manifest.Entry(m, manifest.MEMBER) for m in members]
        self.stamp.slide(slide, plan, [e.key for e in elements(plan)], records)
        written_notes = notes_lines(plan)
        entry = manifest.SlideEntry(
            plan.section,
            plan.title.page,
            plan.title.pages,
            fingerprint(written_notes),
            len(written_notes),
            manifest.ordered(entries),
        )
        return slide, entry

    def draw(self, slide: Slide, drawing: Drawing) -> etree._Element:
        """One planned drawing added at the end of a slide's shapes, tagged."""
        element = _draw(slide, drawing)
        text.set_language(element)
        self.stamp.drawn(slide, drawing, element)
        return element

    def placeholder(
        self, slide: Slide, layout_id: str, planned: PlaceholderText
    ) -> tuple[etree._Element, int, Record]:
        """A new placeholder of the slide's layout filled as planned, at the end of the
        slide's shapes: its element, index and record (TemplateError when the layout lacks
        it). The record goes in the slide's tags (``Stamper.slide``)."""
        info = self.layout(layout_id)[1]
        if planned.name not in info:
            raise missing_placeholder(self.source, L.layout_name(layout_id), planned.name)
        shape = _clone(slide, info[planned.name], planned.name)
        _fill(shape, planned, info[planned.name].look)
        text.set_language(shape.element)
        record = self.stamp.record(slide, planned, shape.element)
        return shape.element, info[planned.name].idx, record


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _placeholders(
    slide: Slide, info: dict[str, LayoutSlot], wanted: set[str]
) -> dict[str, BaseShape]:
    """The slide's placeholders by the name of the layout placeholder they copy (which they
    are given: python-pptx names them by kind). A date or footer placeholder, which
    python-pptx does not copy to a new slide, is added when it is ``wanted``."""
    shapes = slide.shapes
    by_idx: dict[int, tuple[CT_Shape, str | None]] = {}  # python-pptx asks by XPath
    for element in shapes._spTree.iterchildren(*_SHAPE_TAGS):
        ph = element[0].find(_PH)
        if ph is not None:  # a placeholder is a p:sp on a slide new from its layout
            by_idx[int(ph.get("idx", "0"))] = (cast(CT_Shape, element), ph.get("type"))
    named: dict[str, BaseShape] = {}
    for name, layout_ph in info.items():
        found = by_idx.get(layout_ph.idx)
        if found is not None:
            _set_name(found[0], name)
            named[name] = _placeholder_shape(shapes, *found)
        elif name in wanted:
            named[name] = _clone(slide, layout_ph, name)
    return named


def _set_name(element: etree._Element, name: str) -> None:
    """A shape's name (its ``p:cNvPr``, the first child of its first child)."""
    element[0][0].set("name", name)


def _clone(slide: Slide, layout_ph: LayoutSlot, name: str) -> BaseShape:
    """A slide placeholder named ``name`` that copies ``layout_ph`` (type, index, size), at
    the end of the slide's shapes: what python-pptx's ``clone_placeholder`` adds, renamed."""
    shapes = slide.shapes
    sp = copy.deepcopy(layout_ph.blank())
    c_nv_pr = sp[0][0]
    c_nv_pr.set("id", str(next_shape_id(shapes._spTree)))
    c_nv_pr.set("name", name)
    shapes._spTree.insert_element_before(sp, "p:extLst")
    return _placeholder_shape(shapes, sp, layout_ph.kind)


_IDS = etree.XPath("//@id", smart_strings=False)


def next_shape_id(tree: etree._Element) -> int:
    """The id python-pptx gives a new shape (``SlideShapes._next_shape_id``): one more
    than the largest numeric ``id`` in the document, asked without smart strings."""
    used = [int(v) for v in cast("list[str]", _IDS(tree)) if v.isdigit()]
    return (max(used) if used else 0) + 1


# placeholder types python-pptx gives a class of their own (PP_PLACEHOLDER's XML values)
_OWN_CLASS = ("clipArt", "chart", "pic", "tbl")


def _placeholder_shape(shapes: SlideShapes, sp: CT_Shape, kind: str | None) -> BaseShape:
    """The python-pptx object of a slide placeholder ``p:sp`` of type ``kind``: the one
    ``shapes[...]`` gives, made without asking the type again by XPath."""
    if sp.tag == _SP and kind not in _OWN_CLASS:
        return SlidePlaceholder(sp, shapes)
    return shapes._shape_factory(sp)


def _slide_number(slide: Slide, info: Iterable[LayoutSlot], number: int) -> None:
    """The layout's slide-number placeholder, with the number field, when it has one."""
    for layout_ph in info:
        if layout_ph.kind == "sldNum":
            shape = _clone(slide, layout_ph, layout_ph.name)
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
    frame = text.frame_of(shape)
    text.write(frame, planned.paras, look, planned.font_scale)
    if planned.columns is not None:
        text.set_columns(frame, planned.columns.count, planned.columns.gap)


def _draw(slide: Slide, drawing: Drawing) -> etree._Element:
    """Draw one planned shape at the end of the slide's shapes; its element."""
    if isinstance(drawing, TextShape):
        return add_text_shape(slide.shapes, drawing).element
    if isinstance(drawing, Rectangle):
        return add_rectangle(slide.shapes, drawing).element
    if isinstance(drawing, Group):
        return add_group(slide.shapes, drawing).element
    if isinstance(drawing, TablePlan):
        return add_table(slide.shapes, drawing).element
    if isinstance(drawing, ChartPlan):
        frame = add_chart(slide, drawing.spec, drawing.box, drawing.name)
        set_chart_language(frame.chart.element, text.LANG)
        return frame.element
    return add_map(slide, drawing).element


def _reading_order(slide: Slide, layout_boxes: dict[int, tuple[int, int, int, int]]) -> None:
    """Order the slide's shapes as they are read: the title, the rest as the eye goes (top
    to bottom, left to right: ``reading_order``), the date, footer and slide number last.
    The shape tree's order is the reading order of screen readers."""
    tree = slide.shapes._spTree  # python-pptx has no public reordering
    title, body, furniture = [], [], []
    for element in tree.iterchildren(*_SHAPE_TAGS):
        ph = element[0].find(_PH)  # a placeholder's p:ph, None for a drawn shape
        kind = ph.get("type", "obj") if ph is not None else None
        box = _box(element)
        if box is None:  # a placeholder where its layout puts it
            box = layout_boxes.get(int(ph.get("idx", "0")) if ph is not None else -1, (0,) * 4)
        placed = _Placed(element, ((box[0], box[0] + box[2]), (box[1], box[1] + box[3])))
        if kind in ("title", "ctrTitle"):
            title.append(placed)
        elif kind in ("dt", "ftr", "sldNum"):
            furniture.append(placed)
        else:
            body.append(placed)
    _arrange(tree, [p.element for p in (*title, *_cut(body), *_cut(furniture))])


def _arrange(tree: etree._Element, order: list[etree._Element]) -> None:
    """Put a shape tree's shapes (all of them, ``order``) in that order at its end, before
    its ``p:extLst``. When they are already the last children, only those out of place
    move (moving a large group, the map, costs as much as its size)."""
    anchor = tree.find(_EXT_LST)
    children = list(tree)
    end = len(children) - (anchor is not None)
    current = children[end - len(order) : end]
    contiguous = (anchor is None or children[-1] is anchor) and end >= len(order)
    if not contiguous or any(c.tag not in _SHAPE_TAGS for c in current):
        for element in order:
            tree.remove(element)
            if anchor is not None:
                anchor.addprevious(element)
            else:
                tree.append(element)
        return
    for k, element in enumerate(order):
        if current[k] is not element:
            current[k].addprevious(element)
            current.remove(element)
            current.insert(k, element)


def _box(element: etree._Element) -> tuple[int, int, int, int] | None:
    """(top, left, height, width) of a shape element's own transform; None when it has
    none (a placeholder that keeps its layout's position)."""
    off = next((o for o in map(element.find, _OFFSETS) if o is not None), None)
    if off is None:
        return None
    ext = off.getnext()
    return (
        int(off.get("y", "0")),
        int(off.get("x", "0")),
        int(ext.get("cy", "0")) if ext is not None else 0,
        int(ext.get("cx", "0")) if ext is not None else 0,
    )


@dataclass(frozen=True)
class _Placed:
    """A shape's element and its extent down the slide (``spans[0]``) and across
    (``spans[1]``), EMU."""

    element: etree._Element
    spans: tuple[tuple[int, int], tuple[int, int]]


def _cut(placed: list[_Placed]) -> list[_Placed]:
    """Shapes in the order they are read (recursive X-Y cut): cut the set into bands that
    no shape straddles, top to bottom; a band that cannot be cut so is cut into columns,
    left to right; each part is ordered the same way. Shapes that overlap both ways are
    read by their top, then their left edge."""
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
