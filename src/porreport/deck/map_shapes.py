"""Draw a planned vector map (``porreport.deck.plan_map``) as one group of native shapes.

Each province is a freeform named after it ("Milano (MI)") whose alt text gives its figure;
its sigla and count are a text box over it; the neighbouring provinces one decorative
freeform; the legend rectangles (decorative: their labels say what they stand for) and
texts; the title and the notes as text. The group carries the map's alt text. A fill or
outline whose colour the template's theme holds (an accent, the light or dark colours) is
written as that theme colour; class colours the theme does not hold stay RGB, and so do the
labels drawn on them, chosen for contrast with them. The other texts take the theme's text
colours, so another template recolours them.

The group is written as XML and parsed once: python-pptx's builders (a freeform's points one
element at a time, the group's extents recomputed after every shape) cost more than all the
rest of the map. The XML is what those builders write: the same elements, attributes and
order, the shape ids python-pptx would give (``xmlparts.ShapeIds``), the group's extents those of its
shapes; tests/test_speed_map.py compares it with python-pptx's result.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.shapes.group import GroupShape
from pptx.slide import Slide
from pptx.util import Pt

from porreport import theme
from porreport.deck.plan_map import EmuRing, MapFreeform, MapPlan, MapRect, MapShape, MapText
from porreport.deck.xmlparts import DECORATIVE, ShapeIds, attr, group_xml, run_text

LABEL_LINE_SPACING = 0.85  # a label's sigla and count close together
MUTED_BRIGHTNESS = 0.35  # the attribution: the theme's text colour, lightened
KEY_LINE = Pt(0.6)  # the outline of an outlined legend key ("Nessun dato")
_THEME = {
    theme.TEXT: MSO_THEME_COLOR.TEXT_1,
    theme.DARK: MSO_THEME_COLOR.TEXT_2,
    theme.WHITE: MSO_THEME_COLOR.BACKGROUND_1,
    theme.MUTED: MSO_THEME_COLOR.TEXT_1,
}


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
Scheme = Mapping[str, MSO_THEME_COLOR]  # hex colour -> the theme slot that holds it


def theme_scheme(slide: Slide) -> Scheme:
    """The colours of the slide's theme by value: a fill of one of these colours is written
    as that theme colour (a template whose accents are the sequential palette gives the
    classes theme colours)."""
    master = slide.slide_layout.slide_master
    return _scheme_of(master.part.part_related_by(RT.THEME).blob)


@lru_cache(maxsize=8)
def _scheme_of(blob: bytes) -> Scheme:
    """``theme_scheme`` of a theme part's XML, read once per theme; read-only."""
    root = etree.fromstring(blob)
    scheme: dict[str, MSO_THEME_COLOR] = {}
    for slot, color in _SLOTS:
        for el in root.findall(f".//{qn('a:clrScheme')}/{qn('a:' + slot)}/*"):
            value = el.get("val") if el.tag == qn("a:srgbClr") else el.get("lastClr")
            if value:
                scheme.setdefault(value.upper(), color)
    return MappingProxyType(scheme)


def add_vector_map(slide: Slide, plan: MapPlan) -> GroupShape:
    """The planned map as one named group described by the map's alt text."""
    tree = slide.shapes._spTree  # python-pptx has no public access to the shape tree
    scheme = theme_scheme(slide)
    ids = ShapeIds(tree)
    group_id = ids.lowest()
    shapes = [_shape(shape, ids, scheme) for shape in plan.shapes]
    xml = group_xml(
        group_id,
        plan.name,
        plan.alt_text,
        "".join(xml for xml, _ in shapes),
        [box for _, box in shapes],
    )
    group = tree.insert_element_before(parse_xml(xml), "p:extLst")
    return GroupShape(group, slide.shapes)


Box = tuple[int, int, int, int]


def _shape(shape: MapShape, ids: ShapeIds, scheme: Scheme) -> tuple[str, Box]:
    """A planned shape's ``p:sp`` and its box."""
    if isinstance(shape, MapFreeform):
        return _freeform(shape, ids.lowest(), scheme)
    if isinstance(shape, MapRect):
        return _rect(shape, ids.next(), scheme), shape.box
    return _text(shape, ids.next(), scheme), shape.box


def _c_nv_pr(shape_id: int, name: str, descr: str | None) -> str:
    """A shape's ``p:cNvPr``: its alt text, or marked decorative (screen readers skip it,
    as PowerPoint marks it) when it has none."""
    start = f'<p:cNvPr id="{shape_id}" name={attr(name)}'
    if descr is not None:
        return f"{start} descr={attr(descr)}/>"
    return f"{start}>{DECORATIVE}</p:cNvPr>"


@lru_cache(maxsize=64)
def _color(value: str, slot: MSO_THEME_COLOR | None, brightness: float = 0.0) -> str:
    """A solid fill of ``value``: the theme colour ``slot`` when given, else RGB;
    lightened by ``brightness`` as python-pptx's ``ColorFormat.brightness`` does."""
    if slot is None:
        return f'<a:solidFill><a:srgbClr val="{RGBColor.from_string(value)}"/></a:solidFill>'
    if not brightness:
        return f'<a:solidFill><a:schemeClr val="{MSO_THEME_COLOR.to_xml(slot)}"/></a:solidFill>'
    lum_mod, lum_off = (round(v * 100000.0) for v in (1.0 - brightness, brightness))
    return (
        f'<a:solidFill><a:schemeClr val="{MSO_THEME_COLOR.to_xml(slot)}">'
        f'<a:lumMod val="{lum_mod}"/><a:lumOff val="{lum_off}"/></a:schemeClr></a:solidFill>'
    )


def _fill(value: str, scheme: Scheme) -> str:
    """A fill or line colour: the theme's colour of that value when it has one, else RGB."""
    return _color(value, scheme.get(value.upper()))


def _xfrm(box: Box) -> str:
    x, y, cx, cy = box
    return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'


def _line(width: int, color: str) -> str:
    # a width of 0 is the attribute's default, which python-pptx leaves out
    return f'<a:ln w="{width}">{color}</a:ln>' if width else f"<a:ln>{color}</a:ln>"


# an autoshape's or a freeform's empty text, as python-pptx writes it
_EMPTY_BODY = '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/></a:p></p:txBody>'
_RECT_GEOMETRY = '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'


def _freeform(plan: MapFreeform, shape_id: int, scheme: Scheme) -> tuple[str, Box]:
    """A freeform whose path holds every ring, closed (islands and holes are more parts of
    the same path); its box is the rings'."""
    geometry, box = _geometry(plan.rings)
    xml = (
        f"<p:sp><p:nvSpPr>{_c_nv_pr(shape_id, plan.name, plan.descr)}<p:cNvSpPr/><p:nvPr/>"
        f"</p:nvSpPr><p:spPr>{_xfrm(box)}{geometry}{_fill(plan.fill, scheme)}"
        f"{_line(plan.line_width, _fill(plan.line, scheme))}</p:spPr>{_EMPTY_BODY}</p:sp>"
    )
    return xml, box


@lru_cache(maxsize=256)
def _geometry(rings: tuple[EmuRing, ...]) -> tuple[str, Box]:
    """The ``a:custGeom`` of a freeform of ``rings`` (slide coordinates) and its box.
    Cached: a batch draws the same provinces (the planned rings, themselves cached) in
    every report of a region."""
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    x0, y0 = min(xs), min(ys)
    w, h = max(xs) - x0, max(ys) - y0
    parts = []
    for ring in rings:
        (sx, sy), *rest = ring
        parts.append(f'<a:moveTo><a:pt x="{sx - x0}" y="{sy - y0}"/></a:moveTo>')
        parts += [f'<a:lnTo><a:pt x="{x - x0}" y="{y - y0}"/></a:lnTo>' for x, y in rest]
        parts.append("<a:close/>")
    return (
        '<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="l" t="t" r="r" b="b"/>'
        f'<a:pathLst><a:path w="{w}" h="{h}">{"".join(parts)}</a:path></a:pathLst></a:custGeom>',
        (x0, y0, w, h),
    )


def _rect(plan: MapRect, shape_id: int, scheme: Scheme) -> str:
    """A legend key: decorative, its outline when planned, else none."""
    if plan.line is None:
        line = "<a:ln><a:noFill/></a:ln>"
    else:
        line = _line(KEY_LINE, _fill(plan.line, scheme))
    return (
        f"<p:sp><p:nvSpPr>{_c_nv_pr(shape_id, plan.name, None)}<p:cNvSpPr/><p:nvPr/>"
        f"</p:nvSpPr><p:spPr>{_xfrm(plan.box)}{_RECT_GEOMETRY}{_fill(plan.fill, scheme)}"
        f"{line}</p:spPr>{_EMPTY_BODY}</p:sp>"
    )


# a text without insets or wrapping, shrunk on overflow like every text, centred vertically
_TEXT_BODY = 'wrap="none" lIns="0" rIns="0" tIns="0" bIns="0"'


def _text(plan: MapText, shape_id: int, scheme: Scheme) -> str:
    """A text box (a filled rectangle for the "Dati illustrativi" badge) that declares its
    size and weight in its own list style, so its runs say only what differs."""
    if plan.fill is None:
        kind, ground = '<p:cNvSpPr txBox="1"/>', "<a:noFill/>"
        body = f'<a:bodyPr {_TEXT_BODY} anchor="ctr">'
    else:
        kind = "<p:cNvSpPr/>"
        ground = f"{_fill(plan.fill, scheme)}<a:ln><a:noFill/></a:ln>"
        body = f'<a:bodyPr rtlCol="0" anchor="ctr" {_TEXT_BODY}>'
    texts = [line.text for line in plan.lines]
    bold = sum(len(line.text) for line in plan.lines if line.bold) * 2 > sum(map(len, texts))
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name={attr(plan.name)}/>{kind}<p:nvPr/>'
        f"</p:nvSpPr><p:spPr>{_xfrm(plan.box)}{_RECT_GEOMETRY}{ground}</p:spPr>"
        f"<p:txBody>{body}<a:normAutofit/></a:bodyPr><a:lstStyle><a:lvl1pPr>"
        f'<a:defRPr sz="{round(plan.size * 100)}" b="{int(bold)}"/></a:lvl1pPr></a:lstStyle>'
        f"{''.join(_paragraphs(plan, bold))}</p:txBody></p:sp>"
    )


def _paragraphs(plan: MapText, bold: bool) -> list[str]:
    """One paragraph a line, each one run in the text's colour."""
    algn = "ctr" if plan.align == "c" else "l"
    if len(plan.lines) > 1:
        spacing = round(LABEL_LINE_SPACING * 100000.0)
        ppr = f'<a:pPr algn="{algn}"><a:lnSpc><a:spcPct val="{spacing}"/></a:lnSpc></a:pPr>'
    else:
        ppr = f'<a:pPr algn="{algn}"/>'
    color = _run_color(plan)
    out = []
    for line in plan.lines:
        weight = "" if line.bold == bold else f' b="{int(line.bold)}"'
        out.append(
            f"<a:p>{ppr}<a:r><a:rPr{weight}>{color}</a:rPr>"
            f"<a:t>{run_text(line.text)}</a:t></a:r></a:p>"
        )
    return out


def _run_color(plan: MapText) -> str:
    """A label on a class colour keeps its RGB ink (chosen for contrast with that colour);
    other texts take the theme's colour."""
    if plan.on_data or plan.color not in _THEME:
        return _color(plan.color, None)
    brightness = MUTED_BRIGHTNESS if plan.color == theme.MUTED else 0.0
    return _color(plan.color, _THEME[plan.color], brightness)
