"""Draw planned shapes on a slide: text shapes, rectangles, groups, the native table, the map.

Colours are the theme colours of ``styles.theme_colour``; a shape that holds text declares
its text's look in its own list style and a default text colour that reads on its fill
(the shape style python-pptx writes says white); a decorative shape is marked decorative
so screen readers skip it.

Text shapes, rectangles, groups and tables are written as XML and parsed once per shape:
python-pptx's builders and setters (a descriptor, an XPath and a parse per element) cost
more than the rest of their drawing. The XML is what those builders write: the same
elements, attributes and order, the shape ids python-pptx would give (``xmlparts.ShapeIds``), a group's
extents those of its shapes; tests/test_speed_shapes.py compares it with python-pptx's
result.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import TypeVar

from lxml import etree
from pptx.dml.color import ColorFormat, _NoneColor, _SchemeColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.oxml.shapes.autoshape import CT_Shape
from pptx.oxml.shapes.graphfrm import CT_GraphicalObjectFrame
from pptx.oxml.shapes.groupshape import CT_GroupShape
from pptx.oxml.xmlchemy import BaseOxmlElement
from pptx.shapes.autoshape import Adjustment, AutoShapeType, Shape
from pptx.shapes.base import BaseShape
from pptx.shapes.graphfrm import GraphicFrame
from pptx.shapes.group import GroupShape
from pptx.shapes.shapetree import GroupShapes, SlideShapes
from pptx.slide import Slide

from porreport.deck import text
from porreport.deck.map_shapes import add_vector_map
from porreport.deck.slides import Geometry, Group, MapPlan, Rectangle, TablePlan, TextShape
from porreport.deck.styles import ThemeColour, is_dark, theme_colour
from porreport.deck.xmlparts import DECORATIVE, ShapeIds, attr, group_xml

_GEOMETRY = {
    "rounded": MSO_SHAPE.ROUNDED_RECTANGLE,
    "pentagon": MSO_SHAPE.PENTAGON,
    "chevron": MSO_SHAPE.CHEVRON,
}
_ANCHOR = {"top": "t", "middle": "ctr"}  # MSO_ANCHOR's XML values
_SCHEME = {
    "tx1": MSO_THEME_COLOR.TEXT_1,
    "tx2": MSO_THEME_COLOR.TEXT_2,
    "bg1": MSO_THEME_COLOR.BACKGROUND_1,
    "bg2": MSO_THEME_COLOR.BACKGROUND_2,
    **{f"accent{k}": getattr(MSO_THEME_COLOR, f"ACCENT_{k}") for k in range(1, 7)},
}
Shapes = SlideShapes | GroupShapes


def set_alt_text(shape: BaseShape, description: str) -> None:
    """The description screen readers announce for a picture, chart, table or group."""
    _c_nv_pr(shape).set("descr", description)


def _c_nv_pr(shape: BaseShape) -> etree._Element:
    # python-pptx has no alt-text property; cNvPr is the first child of the non-visual
    # properties, whatever the shape's kind (p:nvSpPr, p:nvPicPr, p:nvGraphicFramePr...).
    element = shape.element[0].find(_C_NV_PR)
    if element is None:
        raise ValueError(f"forma senza p:cNvPr: {shape.element.tag}")
    return element


_C_NV_PR = qn("p:cNvPr")


def set_colour(color_format: ColorFormat, color: str) -> None:
    """Set a python-pptx colour to the theme colour of a palette colour."""
    set_theme_colour(color_format, theme_colour(color))


def set_theme_colour(color_format: ColorFormat, theme: ThemeColour) -> None:
    """Set a python-pptx colour to a theme colour.

    A colour not yet set (its parent, a fill, holds no colour) gets a copy of the theme
    colour's element, made once: what python-pptx's setters write, without their
    descriptors; ``color_format`` then reads it as python-pptx's would."""
    parent = color_format._xFill  # python-pptx keeps the colour's parent element there
    if len(parent) == 0 and isinstance(color_format._color, _NoneColor):
        element = copy.deepcopy(_scheme_colour(theme))
        parent.append(element)  # a colour is the only child of its parent
        color_format._color = _SchemeColor(element)
        return
    color_format.theme_color = _SCHEME[theme.scheme]
    if theme.brightness:
        color_format.brightness = theme.brightness


@lru_cache(maxsize=32)
def _scheme_colour(theme: ThemeColour) -> BaseOxmlElement:
    """The ``a:schemeClr`` of a theme colour, to copy (never changed)."""
    return parse_xml(theme.xml().replace("<a:schemeClr", f"<a:schemeClr {nsdecls('a')}", 1))


def add_text_shape(shapes: Shapes, plan: TextShape) -> Shape:
    """A named shape holding already-fitted paragraphs, in its own text style."""
    return Shape(
        _append(shapes, _text_shape(plan, ShapeIds(shapes._spTree).next(), _NS), CT_Shape), shapes
    )


def add_rectangle(shapes: Shapes, plan: Rectangle) -> Shape:
    """A named decorative rectangle in a flat colour, without outline or shadow."""
    return Shape(
        _append(shapes, _rectangle(plan, ShapeIds(shapes._spTree).next(), _NS), CT_Shape), shapes
    )


def add_group(shapes: SlideShapes, plan: Group) -> GroupShape:
    """Shapes that move together, as one described group."""
    ids = ShapeIds(shapes._spTree)
    group_id = ids.lowest()
    members = [
        _text_shape(m, ids.next()) if isinstance(m, TextShape) else _rectangle(m, ids.next())
        for m in plan.shapes
    ]
    boxes = [_box(m.box) for m in plan.shapes]
    xml = group_xml(group_id, plan.name, plan.alt_text, "".join(members), boxes)
    return GroupShape(_append(shapes, xml, CT_GroupShape), shapes)


def add_table(shapes: SlideShapes, plan: TablePlan) -> GraphicFrame:
    """A native table with the planned widths, heights, fills and fitted cell text; its
    first row is the header row."""
    x, y = (int(v) for v in plan.box[:2])
    side, end = (int(v) for v in plan.margins)
    cell_pr = f'<a:tcPr marL="{side}" marR="{side}" marT="{end}" marB="{end}" anchor="ctr">'
    widths = [int(w) for w in plan.widths]
    heights = [int(h) for h in plan.heights]
    rows = []
    for height, cells in zip(heights, plan.cells, strict=True):
        rows.append(f'<a:tr h="{height}">')
        rows += [
            '<a:tc><a:txBody><a:bodyPr wrap="square"/><a:lstStyle/>'
            f"{text.paragraphs_xml((cell.para,))}</a:txBody>"
            f"{cell_pr}{theme_colour(cell.fill).fill()}</a:tcPr></a:tc>"
            for cell in cells
        ]
        rows += [_EMPTY_CELL] * (len(widths) - len(cells))  # a cell left as python-pptx adds it
        rows.append("</a:tr>")
    grid = "".join(f'<a:gridCol w="{w}"/>' for w in widths)
    xml = (
        f"<p:graphicFrame {_NS}><p:nvGraphicFramePr>"
        f'<p:cNvPr id="{ShapeIds(shapes._spTree).next()}" name={attr(plan.name)} '
        f"descr={attr(plan.alt_text)}/>"
        '<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/>'
        f'</p:nvGraphicFramePr><p:xfrm><a:off x="{x}" y="{y}"/>'
        f'<a:ext cx="{sum(widths)}" cy="{sum(heights)}"/></p:xfrm>'
        f'<a:graphic><a:graphicData uri="{_TABLE_URI}"><a:tbl><a:tblPr firstRow="1">'
        f"<a:tableStyleId>{_TABLE_STYLE}</a:tableStyleId></a:tblPr><a:tblGrid>{grid}"
        f"</a:tblGrid>{''.join(rows)}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>"
    )
    return GraphicFrame(_append(shapes, xml, CT_GraphicalObjectFrame), shapes)


# --- the shapes' XML, as python-pptx's builders and setters write it -------------------

_NS = nsdecls("a", "p", "r")
_TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
_TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # python-pptx's default table style
_EMPTY_CELL = "<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p/></a:txBody><a:tcPr/></a:tc>"
_EMPTY_BODY = (
    '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/></a:p>'
    "</p:txBody>"
)
_NO_LINE = "<a:ln><a:noFill/></a:ln><a:effectLst/>"  # no outline, no inherited shadow
_INSETS = (("lIns", 91440), ("rIns", 91440), ("tIns", 45720), ("bIns", 45720))
Box = tuple[int, int, int, int]


_E = TypeVar("_E", bound=BaseOxmlElement)


def _append(shapes: Shapes, xml: str, kind: type[_E]) -> _E:
    """The element of ``xml`` (a ``kind``) added at the end of ``shapes``; the caller wraps
    it in its python-pptx shape (not by python-pptx's factory, which asks by XPath whether
    it is a placeholder)."""
    element = parse_xml(xml)
    if not isinstance(element, kind):  # python-pptx's element class for the root's tag
        raise TypeError(f"{type(element).__name__} is no {kind.__name__}")
    shapes._spTree.insert_element_before(element, "p:extLst")  # python-pptx's place for it
    shapes._recalculate_extents()  # a group's, when ``shapes`` are its members
    return element


def _box(box: tuple[int, ...]) -> Box:
    x, y, cx, cy = (int(v) for v in box)
    return x, y, cx, cy


def _xfrm(box: tuple[int, ...]) -> str:
    x, y, cx, cy = _box(box)
    return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'


def _style(fill: str | None) -> str:
    """python-pptx's autoshape style, with the text colour that reads on ``fill``
    (``_default_text_colour``)."""
    scheme = "bg1" if fill is not None and is_dark(fill) else "tx1"
    return (
        '<p:style><a:lnRef idx="1"><a:schemeClr val="accent1"/></a:lnRef>'
        '<a:fillRef idx="3"><a:schemeClr val="accent1"/></a:fillRef>'
        '<a:effectRef idx="2"><a:schemeClr val="accent1"/></a:effectRef>'
        f'<a:fontRef idx="minor"><a:schemeClr val="{scheme}"/></a:fontRef></p:style>'
    )


@lru_cache(maxsize=32)
def _preset(geometry: Geometry, adjustment: float | None) -> str:
    """The ``a:prstGeom`` of a geometry, its adjustments written as python-pptx's
    ``adjustments[0] = ...`` writes them (every one of the shape's, the first one set)."""
    kind = _geometry(geometry)
    prst = AutoShapeType(kind).prst
    if adjustment is None:
        return f'<a:prstGeom prst="{prst}"><a:avLst/></a:prstGeom>'
    guides = [Adjustment(n, v) for n, v in AutoShapeType.default_adjustment_values(kind)]
    guides[0].effective_value = adjustment  # IndexError for a shape without any, as there
    gds = "".join(f'<a:gd name="{g.name}" fmla="val {g.val}"/>' for g in guides)
    return f'<a:prstGeom prst="{prst}"><a:avLst>{gds}</a:avLst></a:prstGeom>'


def _text_shape(plan: TextShape, shape_id: int, ns: str = "") -> str:
    """The ``p:sp`` of a text shape: a text box, or an autoshape without outline or
    shadow; its text in its own list style, autofitting from the planned scale."""
    insets = "".join(
        f' {name}="{int(v)}"'
        for (name, default), v in zip(_INSETS, _order(plan.insets), strict=True)
        if int(v) != default  # python-pptx drops an inset set to its default
    )
    anchor = _ANCHOR[plan.anchor]
    fit = "<a:normAutofit/>"
    if plan.font_scale < 1.0:
        fit = f'<a:normAutofit fontScale="{round(plan.font_scale * 100000)}"/>'
    style, look = text.list_style(*text.common_look(plan.paras))
    body = f"{fit}</a:bodyPr>{style}{text.paragraphs_xml(plan.paras, look)}</p:txBody></p:sp>"
    name = attr(plan.name)
    if plan.geometry == "text" and plan.fill is None:
        return (
            f'<p:sp{ns and " " + ns}><p:nvSpPr><p:cNvPr id="{shape_id}" name={name}/>'
            '<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
            f'<p:spPr>{_xfrm(plan.box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            f'<a:noFill/></p:spPr><p:txBody><a:bodyPr wrap="square"{insets} anchor="{anchor}">'
            f"{body}"
        )
    fill = theme_colour(plan.fill).fill() if plan.fill else ""
    return (
        f'<p:sp{ns and " " + ns}><p:nvSpPr><p:cNvPr id="{shape_id}" name={name}/><p:cNvSpPr/>'
        f"<p:nvPr/></p:nvSpPr><p:spPr>{_xfrm(plan.box)}"
        f"{_preset(plan.geometry, plan.adjustment)}{fill}{_NO_LINE}</p:spPr>"
        f'{_style(plan.fill)}<p:txBody><a:bodyPr rtlCol="0" anchor="{anchor}"{insets} '
        f'wrap="square">{body}'
    )


def _order(insets: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """(left, right, top, bottom) of planned (left, top, right, bottom) insets: the order
    the frame's margins are set in."""
    left, top, right, bottom = insets
    return left, right, top, bottom


def _rectangle(plan: Rectangle, shape_id: int, ns: str = "") -> str:
    """The ``p:sp`` of a decorative rectangle."""
    return (
        f'<p:sp{ns and " " + ns}><p:nvSpPr><p:cNvPr id="{shape_id}" name={attr(plan.name)}>'
        f"{DECORATIVE}</p:cNvPr><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>{_xfrm(plan.box)}"
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{theme_colour(plan.fill).fill()}'
        f"{_NO_LINE}</p:spPr>{_style(plan.fill)}{_EMPTY_BODY}</p:sp>"
    )


def _geometry(geometry: Geometry) -> MSO_SHAPE:
    return _GEOMETRY.get(geometry, MSO_SHAPE.RECTANGLE)


def add_map(slide: Slide, plan: MapPlan) -> BaseShape:
    """The map as a group of native shapes (``porreport.deck.map_shapes``)."""
    return add_vector_map(slide, plan)
