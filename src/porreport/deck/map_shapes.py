"""Draw a planned vector map (``porreport.deck.plan_map``) as one group of native shapes.

Each province is a freeform named after it ("Milano (MI)") whose alt text gives its figure;
its sigla and count are a text box over it; the neighbouring provinces one decorative
freeform; the legend rectangles (decorative: their labels say what they stand for) and
texts; the title and the notes as text. The group carries the map's alt text. A fill or
outline whose colour the template's theme holds (an accent, the light or dark colours) is
written as that theme colour; class colours the theme does not hold stay RGB, and so do the
labels drawn on them, chosen for contrast with them. The other texts take the theme's text
colours, so another template recolours them.
"""

from __future__ import annotations

from functools import cached_property

from lxml import etree
from pptx.dml.color import ColorFormat, RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.shapes.base import BaseShape
from pptx.shapes.freeform import FreeformBuilder
from pptx.shapes.group import GroupShape
from pptx.shapes.shapetree import GroupShapes
from pptx.slide import Slide
from pptx.text.text import TextFrame, _Run
from pptx.util import Emu, Length, Pt

from porreport import theme
from porreport.deck.plan_map import MapFreeform, MapPlan, MapRect, MapShape, MapText

LABEL_LINE_SPACING = 0.85  # a label's sigla and count close together
MUTED_BRIGHTNESS = 0.35  # the attribution: the theme's text colour, lightened
_THEME = {
    theme.TEXT: MSO_THEME_COLOR.TEXT_1,
    theme.DARK: MSO_THEME_COLOR.TEXT_2,
    theme.WHITE: MSO_THEME_COLOR.BACKGROUND_1,
    theme.MUTED: MSO_THEME_COLOR.TEXT_1,
}
_DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"


# the theme's colour slots a fill may take, and the theme colour python-pptx writes for each
_SLOTS = (
    ("accent1", MSO_THEME_COLOR.ACCENT_1),
    ("accent2", MSO_THEME_COLOR.ACCENT_2),
    ("accent3", MSO_THEME_COLOR.ACCENT_3),
    ("accent4", MSO_THEME_COLOR.ACCENT_4),
    ("accent5", MSO_THEME_COLOR.ACCENT_5),
    ("accent6", MSO_THEME_COLOR.ACCENT_6),
    ("lt1", MSO_THEME_COLOR.BACKGROUND_1),
    ("lt2", MSO_THEME_COLOR.BACKGROUND_2),
    ("dk2", MSO_THEME_COLOR.TEXT_2),
    ("dk1", MSO_THEME_COLOR.TEXT_1),
)
Scheme = dict[str, MSO_THEME_COLOR]  # hex colour -> the theme slot that holds it


def theme_scheme(slide: Slide) -> Scheme:
    """The colours of the slide's theme by value: a fill of one of these colours is written
    as that theme colour (a template whose accents are the sequential palette gives the
    classes theme colours)."""
    master = slide.slide_layout.slide_master
    root = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
    scheme: Scheme = {}
    for slot, color in _SLOTS:
        for el in root.findall(f".//{qn('a:clrScheme')}/{qn('a:' + slot)}/*"):
            value = el.get("val") if el.tag == qn("a:srgbClr") else el.get("lastClr")
            if value:
                scheme.setdefault(value.upper(), color)
    return scheme


def add_vector_map(slide: Slide, plan: MapPlan) -> GroupShape:
    """The planned map as one named group described by the map's alt text."""
    group = slide.shapes.add_group_shape()
    group.name = plan.name
    _c_nv_pr(group).set("descr", plan.alt_text)
    scheme = theme_scheme(slide)
    for shape in plan.shapes:
        _add(group.shapes, shape, scheme)
    return group


def _add(shapes: GroupShapes, shape: MapShape, scheme: Scheme) -> None:
    if isinstance(shape, MapFreeform):
        _freeform(shapes, shape, scheme)
    elif isinstance(shape, MapRect):
        _rect(shapes, shape, scheme)
    else:
        _text(shapes, shape, scheme)


def _set(color: ColorFormat, value: str, scheme: Scheme) -> None:
    """A fill or line colour: the theme's colour of that value when it has one, else RGB."""
    if value.upper() in scheme:
        color.theme_color = scheme[value.upper()]
    else:
        color.rgb = RGBColor.from_string(value)


def _c_nv_pr(shape: BaseShape) -> etree._Element:
    # python-pptx has no alt-text property; cNvPr is the first child of the non-visual
    # properties, whatever the shape's kind (p:nvSpPr, p:nvGrpSpPr, ...)
    return shape.element.xpath("./*[1]/p:cNvPr")[0]


def _plain(shape: BaseShape) -> None:
    """Drop the theme style python-pptx gives new shapes (its effect reference draws a
    shadow in LibreOffice even under an empty effect list); fill and line are set here."""
    for style in shape.element.xpath("./p:style"):
        shape.element.remove(style)


def mark_decorative(shape: BaseShape) -> None:
    """Mark a shape decorative (screen readers skip it), as PowerPoint does."""
    ext_lst = etree.SubElement(_c_nv_pr(shape), qn("a:extLst"))
    ext = etree.SubElement(ext_lst, qn("a:ext"), uri=_DECORATIVE_URI)
    etree.SubElement(ext, f"{{{_DECORATIVE_NS}}}decorative", nsmap={"adec": _DECORATIVE_NS}).set(
        "val", "1"
    )


class _Freeform(FreeformBuilder):
    """python-pptx's freeform builder with the shape's offset computed once: the stock
    properties scan every vertex for each vertex written, quadratic in the vertices
    (seconds for a region's outline). They are read only once all vertices are added."""

    @cached_property
    def shape_offset_x(self) -> Length:
        """The leftmost extent of the shape (local coordinates), computed once."""
        return super().shape_offset_x

    @cached_property
    def shape_offset_y(self) -> Length:
        """The topmost extent of the shape (local coordinates), computed once."""
        return super().shape_offset_y


def _freeform(shapes: GroupShapes, plan: MapFreeform, scheme: Scheme) -> None:
    first, *others = plan.rings
    # what shapes.build_freeform(x, y) does, with the faster builder
    builder = _Freeform.new(shapes, first[0][0], first[0][1], 1.0, 1.0)
    builder.add_line_segments(first[1:], close=True)
    for ring in others:  # islands and holes: more closed parts of the same path
        builder.move_to(*ring[0])
        builder.add_line_segments(ring[1:], close=True)
    shape = builder.convert_to_shape()
    shape.name = plan.name
    _plain(shape)
    shape.fill.solid()
    _set(shape.fill.fore_color, plan.fill, scheme)
    _set(shape.line.color, plan.line, scheme)
    shape.line.width = Emu(plan.line_width)
    if plan.descr is None:
        mark_decorative(shape)
    else:
        _c_nv_pr(shape).set("descr", plan.descr)


def _rect(shapes: GroupShapes, plan: MapRect, scheme: Scheme) -> None:
    shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, *(Emu(v) for v in plan.box))
    shape.name = plan.name
    _plain(shape)
    shape.fill.solid()
    _set(shape.fill.fore_color, plan.fill, scheme)
    if plan.line is None:
        shape.line.fill.background()
    else:
        _set(shape.line.color, plan.line, scheme)
        shape.line.width = Pt(0.6)
    mark_decorative(shape)


def _text(shapes: GroupShapes, plan: MapText, scheme: Scheme) -> None:
    if plan.fill is None:
        shape = shapes.add_textbox(*(Emu(v) for v in plan.box))
    else:  # the "Dati illustrativi" badge
        shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, *(Emu(v) for v in plan.box))
        _plain(shape)
        shape.fill.solid()
        _set(shape.fill.fore_color, plan.fill, scheme)
        shape.line.fill.background()
    shape.name = plan.name
    frame = shape.text_frame
    frame.word_wrap = False
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # shrink on overflow, like every text
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Emu(0)
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    # the box declares its size and weight, so its runs say only what differs
    bold = sum(len(line.text) for line in plan.lines if line.bold) * 2 > sum(
        len(line.text) for line in plan.lines
    )
    _declare_look(frame, plan.size, bold)
    align = PP_ALIGN.CENTER if plan.align == "c" else PP_ALIGN.LEFT
    for k, line in enumerate(plan.lines):
        paragraph = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        paragraph.alignment = align
        if len(plan.lines) > 1:
            paragraph.line_spacing = LABEL_LINE_SPACING
        run = paragraph.add_run()
        run.text = line.text
        if line.bold != bold:
            run.font.bold = line.bold
        _color(run, plan)


def _declare_look(frame: TextFrame, size: float, bold: bool) -> None:
    """The text box's own list style: the size and weight of its runs."""
    body = frame._txBody  # python-pptx has no public accessor for a text frame's element
    style = body.find(qn("a:lstStyle"))
    if style is not None:
        body.remove(style)
    body.bodyPr.addnext(
        parse_xml(
            f'<a:lstStyle {nsdecls("a")}><a:lvl1pPr><a:defRPr sz="{round(size * 100)}" '
            f'b="{int(bold)}"/></a:lvl1pPr></a:lstStyle>'
        )
    )


def _color(run: _Run, plan: MapText) -> None:
    """A label on a class colour keeps its RGB ink (chosen for contrast with that colour);
    other texts take the theme's colour."""
    color = run.font.color
    if plan.on_data or plan.color not in _THEME:
        color.rgb = RGBColor.from_string(plan.color)
        return
    color.theme_color = _THEME[plan.color]
    if plan.color == theme.MUTED:
        color.brightness = MUTED_BRIGHTNESS
