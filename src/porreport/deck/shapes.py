"""Draw planned shapes on a slide: text shapes, rectangles, the native table, the map."""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.shapes.base import BaseShape
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.util import Emu

from porreport.deck import text
from porreport.deck.map_shapes import add_vector_map
from porreport.deck.slides import Geometry, MapPlan, Rectangle, TablePlan, TextShape

_GEOMETRY = {
    "rounded": MSO_SHAPE.ROUNDED_RECTANGLE,
    "pentagon": MSO_SHAPE.PENTAGON,
    "chevron": MSO_SHAPE.CHEVRON,
}
_ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE}


def set_alt_text(shape: BaseShape, description: str) -> None:
    """The description screen readers announce for a picture, chart or table."""
    # python-pptx has no alt-text property; cNvPr is the first child of the non-visual
    # properties, whatever the shape's kind (p:nvSpPr, p:nvPicPr, p:nvGraphicFramePr).
    shape.element.xpath("./*[1]/p:cNvPr")[0].set("descr", description)


def add_text_shape(slide: Slide, plan: TextShape) -> BaseShape:
    """A named shape holding already-fitted paragraphs."""
    x, y, w, h = (Emu(v) for v in plan.box)
    if plan.geometry == "text" and plan.fill is None:
        shape = slide.shapes.add_textbox(x, y, w, h)
    else:
        shape = slide.shapes.add_shape(_geometry(plan.geometry), x, y, w, h)
        shape.shadow.inherit = False
        shape.line.fill.background()
        if plan.fill:
            shape.fill.solid()
            shape.fill.fore_color.rgb = RGBColor.from_string(plan.fill)
        if plan.adjustment is not None:
            shape.adjustments[0] = plan.adjustment
    shape.name = plan.name
    frame = shape.text_frame
    left, top, right, bottom = (Emu(v) for v in plan.insets)
    frame.margin_left, frame.margin_right = left, right
    frame.margin_top, frame.margin_bottom = top, bottom
    frame.vertical_anchor = _ANCHOR[plan.anchor]
    text.write(frame, plan.paras)
    return shape


def _geometry(geometry: Geometry) -> MSO_SHAPE:
    return _GEOMETRY.get(geometry, MSO_SHAPE.RECTANGLE)


def add_rectangle(slide: Slide, plan: Rectangle) -> BaseShape:
    """A named rectangle in a flat colour, without outline or shadow."""
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *(Emu(v) for v in plan.box))
    shape.name = plan.name
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(plan.fill)
    shape.line.fill.background()
    shape.shadow.inherit = False
    return shape


def add_table(slide: Slide, plan: TablePlan) -> GraphicFrame:
    """A native table with the planned widths, heights, fills and fitted cell text."""
    rows, cols = len(plan.cells), len(plan.widths)
    frame = slide.shapes.add_table(rows, cols, *(Emu(v) for v in plan.box))
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
            cell.fill.fore_color.rgb = RGBColor.from_string(planned.fill)
            text.write(cell.text_frame, (planned.para,))
    return frame


def add_map(slide: Slide, plan: MapPlan) -> BaseShape:
    """The map as a group of native shapes (``porreport.deck.map_shapes``)."""
    return add_vector_map(slide, plan)
