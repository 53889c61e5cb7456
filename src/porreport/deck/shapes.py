"""Draw planned shapes on a slide: text shapes, rectangles, groups, the native table, the map.

Colours are the theme colours of ``styles.theme_colour``; a shape that holds text declares
its text's look in its own list style and a default text colour that reads on its fill
(the shape style python-pptx writes says white); a decorative shape is marked decorative
so screen readers skip it.
"""

from __future__ import annotations

from lxml import etree
from pptx.dml.color import ColorFormat
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.shapes.autoshape import Shape
from pptx.shapes.base import BaseShape
from pptx.shapes.graphfrm import GraphicFrame
from pptx.shapes.group import GroupShape
from pptx.shapes.shapetree import GroupShapes, SlideShapes
from pptx.slide import Slide
from pptx.util import Emu

from porreport.deck import text
from porreport.deck.map_shapes import add_vector_map
from porreport.deck.slides import Geometry, Group, MapPlan, Rectangle, TablePlan, TextShape
from porreport.deck.styles import ThemeColour, is_dark, theme_colour

_GEOMETRY = {
    "rounded": MSO_SHAPE.ROUNDED_RECTANGLE,
    "pentagon": MSO_SHAPE.PENTAGON,
    "chevron": MSO_SHAPE.CHEVRON,
}
_ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE}
_SCHEME = {
    "tx1": MSO_THEME_COLOR.TEXT_1,
    "tx2": MSO_THEME_COLOR.TEXT_2,
    "bg1": MSO_THEME_COLOR.BACKGROUND_1,
    "bg2": MSO_THEME_COLOR.BACKGROUND_2,
    **{f"accent{k}": getattr(MSO_THEME_COLOR, f"ACCENT_{k}") for k in range(1, 7)},
}
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
Shapes = SlideShapes | GroupShapes


def set_alt_text(shape: BaseShape, description: str) -> None:
    """The description screen readers announce for a picture, chart, table or group."""
    _c_nv_pr(shape).set("descr", description)


def _c_nv_pr(shape: BaseShape) -> etree._Element:
    # python-pptx has no alt-text property; cNvPr is the first child of the non-visual
    # properties, whatever the shape's kind (p:nvSpPr, p:nvPicPr, p:nvGraphicFramePr...).
    element: etree._Element = shape.element.xpath("./*[1]/p:cNvPr")[0]
    return element


def decorative_ext() -> str:
    """The ``a:extLst`` of a ``p:cNvPr`` that marks its shape decorative (Office 2019+)."""
    return (
        f'<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f'<a:ext uri="{DECORATIVE_URI}"><adec:decorative xmlns:adec="{DECORATIVE_NS}" '
        'val="1"/></a:ext></a:extLst>'
    )


def mark_decorative(shape: BaseShape) -> None:
    """Mark a shape decorative: screen readers and the accessibility checker skip it."""
    _c_nv_pr(shape).append(parse_xml(decorative_ext()))


def set_colour(color_format: ColorFormat, color: str) -> None:
    """Set a python-pptx colour to the theme colour of a palette colour."""
    set_theme_colour(color_format, theme_colour(color))


def set_theme_colour(color_format: ColorFormat, theme: ThemeColour) -> None:
    """Set a python-pptx colour to a theme colour."""
    color_format.theme_color = _SCHEME[theme.scheme]
    if theme.brightness:
        color_format.brightness = theme.brightness


def add_text_shape(shapes: Shapes, plan: TextShape) -> BaseShape:
    """A named shape holding already-fitted paragraphs, in its own text style."""
    x, y, w, h = (Emu(v) for v in plan.box)
    if plan.geometry == "text" and plan.fill is None:
        shape: Shape = shapes.add_textbox(x, y, w, h)
    else:
        shape = shapes.add_shape(_geometry(plan.geometry), x, y, w, h)
        shape.shadow.inherit = False
        shape.line.fill.background()
        if plan.fill:
            shape.fill.solid()
            set_colour(shape.fill.fore_color, plan.fill)
        if plan.adjustment is not None:
            shape.adjustments[0] = plan.adjustment
        _default_text_colour(shape, plan.fill)
    shape.name = plan.name
    frame = shape.text_frame
    left, top, right, bottom = (Emu(v) for v in plan.insets)
    frame.margin_left, frame.margin_right = left, right
    frame.margin_top, frame.margin_bottom = top, bottom
    frame.vertical_anchor = _ANCHOR[plan.anchor]
    style, look = text.list_style(*text.common_look(plan.paras))
    text.write(frame, plan.paras, look, plan.font_scale, style)
    return shape


def _default_text_colour(shape: BaseShape, fill: str | None) -> None:
    """The shape style's text colour: light on a dark fill, else dark (python-pptx's
    autoshape style says white, which "clear formatting" would bring back)."""
    scheme = "bg1" if fill is not None and is_dark(fill) else "tx1"
    colour = shape.element.find(f"{qn('p:style')}/{qn('a:fontRef')}/{qn('a:schemeClr')}")
    if colour is not None:
        colour.set("val", scheme)


def _geometry(geometry: Geometry) -> MSO_SHAPE:
    return _GEOMETRY.get(geometry, MSO_SHAPE.RECTANGLE)


def add_rectangle(shapes: Shapes, plan: Rectangle) -> BaseShape:
    """A named decorative rectangle in a flat colour, without outline or shadow."""
    shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, *(Emu(v) for v in plan.box))
    shape.name = plan.name
    shape.fill.solid()
    set_colour(shape.fill.fore_color, plan.fill)
    shape.line.fill.background()
    shape.shadow.inherit = False
    _default_text_colour(shape, plan.fill)
    mark_decorative(shape)
    return shape


def add_group(shapes: SlideShapes, plan: Group) -> GroupShape:
    """Shapes that move together, as one described group."""
    group = shapes.add_group_shape()
    group.name = plan.name
    set_alt_text(group, plan.alt_text)
    for member in plan.shapes:
        if isinstance(member, TextShape):
            add_text_shape(group.shapes, member)
        else:
            add_rectangle(group.shapes, member)
    return group


def add_table(shapes: SlideShapes, plan: TablePlan) -> GraphicFrame:
    """A native table with the planned widths, heights, fills and fitted cell text; its
    first row is the header row."""
    rows, cols = len(plan.cells), len(plan.widths)
    frame = shapes.add_table(rows, cols, *(Emu(v) for v in plan.box))
    frame.name = plan.name
    set_alt_text(frame, plan.alt_text)
    table = frame.table
    table.first_row = True
    table.horz_banding = False
    for c, width in enumerate(plan.widths):
        table.columns[c].width = Emu(width)
    side, end = (Emu(v) for v in plan.margins)
    for r, (height, cells) in enumerate(zip(plan.heights, plan.cells, strict=True)):
        table.rows[r].height = Emu(height)
        for c, planned in enumerate(cells):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = side
            cell.margin_top = cell.margin_bottom = end
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.fill.solid()
            set_colour(cell.fill.fore_color, planned.fill)
            text.write(cell.text_frame, (planned.para,))
    return frame


def add_map(slide: Slide, plan: MapPlan) -> BaseShape:
    """The map as a group of native shapes (``porreport.deck.map_shapes``)."""
    return add_vector_map(slide, plan)
