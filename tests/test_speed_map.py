"""The vector map's shortcuts change no byte.

``map_shapes`` writes the map's group as XML parsed once, where python-pptx's builders
(a freeform's points one element at a time, the group's extents recomputed after each shape)
took most of the map's time. The plain way, with python-pptx's builders, is kept here; each
test draws the same plan both ways, on slides alike, and compares the slides' XML.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.dml.color import ColorFormat, RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.shapes.base import BaseShape
from pptx.shapes.freeform import FreeformBuilder
from pptx.shapes.group import GroupShape
from pptx.shapes.shapetree import GroupShapes
from pptx.slide import Slide
from pptx.text.text import TextFrame, _Run
from pptx.util import Emu, Length, Pt

from helpers_charts import example_map
from helpers_map import REGION_VALUES, region_spec
from porreport import api, theme
from porreport.charts.geometry import Ring, frame_of, geometry, region_frame
from porreport.charts.map_layout import layout_map
from porreport.content.document import MapSpec
from porreport.deck.map_shapes import (
    _THEME,
    LABEL_LINE_SPACING,
    MUTED_BRIGHTNESS,
    Scheme,
    _geometry,
    add_vector_map,
    theme_scheme,
)
from porreport.deck.plan_map import (
    DECK_MAP_STYLE,
    EMU_PER_PT,
    TOLERANCE_PT,
    EmuPoint,
    EmuRing,
    MapFreeform,
    MapLine,
    MapPlan,
    MapRect,
    MapShape,
    MapText,
    _drawable,
    clip_ring,
    douglas_peucker,
    outlines,
    plan_map,
    simplified_rings,
    simplify_coverage,
)
from porreport.deck.template import Box
from porreport.deck.template_file import default_template

NS = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
REPORTS = ("por_fesr_sardegna_2022", "pr_fesr_sicilia_2024", "por_fesr_fse_molise_2021")
MAP_BOX = (4846320, 1645920, 6797040, 4114800)  # the template's "Mappa" placeholder, EMU
_DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"


# --- the plain way: python-pptx's builders --------------------------------------------


def plain_vector_map(slide: Slide, plan: MapPlan) -> GroupShape:
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
    if value.upper() in scheme:
        color.theme_color = scheme[value.upper()]
    else:
        color.rgb = RGBColor.from_string(value)


def _c_nv_pr(shape: BaseShape) -> etree._Element:
    return shape.element.xpath("./*[1]/p:cNvPr")[0]


def _plain(shape: BaseShape) -> None:
    for style in shape.element.xpath("./p:style"):
        shape.element.remove(style)


def _mark_decorative(shape: BaseShape) -> None:
    ext_lst = etree.SubElement(_c_nv_pr(shape), qn("a:extLst"))
    ext = etree.SubElement(ext_lst, qn("a:ext"), uri=_DECORATIVE_URI)
    etree.SubElement(ext, f"{{{_DECORATIVE_NS}}}decorative", nsmap={"adec": _DECORATIVE_NS}).set(
        "val", "1"
    )


class _Freeform(FreeformBuilder):
    @cached_property
    def shape_offset_x(self) -> Length:
        return super().shape_offset_x

    @cached_property
    def shape_offset_y(self) -> Length:
        return super().shape_offset_y


def _freeform(shapes: GroupShapes, plan: MapFreeform, scheme: Scheme) -> None:
    first, *others = plan.rings
    builder = _Freeform.new(shapes, first[0][0], first[0][1], 1.0, 1.0)
    builder.add_line_segments(first[1:], close=True)
    for ring in others:
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
        _mark_decorative(shape)
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
    _mark_decorative(shape)


def _text(shapes: GroupShapes, plan: MapText, scheme: Scheme) -> None:
    if plan.fill is None:
        shape = shapes.add_textbox(*(Emu(v) for v in plan.box))
    else:
        shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, *(Emu(v) for v in plan.box))
        _plain(shape)
        shape.fill.solid()
        _set(shape.fill.fore_color, plan.fill, scheme)
        shape.line.fill.background()
    shape.name = plan.name
    frame = shape.text_frame
    frame.word_wrap = False
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Emu(0)
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
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
    body = frame._txBody
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
    color = run.font.color
    if plan.on_data or plan.color not in _THEME:
        color.rgb = RGBColor.from_string(plan.color)
        return
    color.theme_color = _THEME[plan.color]
    if plan.color == theme.MUTED:
        color.brightness = MUTED_BRIGHTNESS


# --- both ways, compared --------------------------------------------------------------


def map_slide(gap: bool = False) -> Slide:
    """A fresh slide of the template's map layout; ``gap``: its shape ids skip two, which
    the group and the first freeform take (python-pptx gives a freeform or a group the
    lowest free id, a text box one more than the highest)."""
    prs = Presentation(str(default_template()))
    layout = next(x for x in prs.slide_layouts if x.name == "Mappa")
    slide = prs.slides.add_slide(layout)
    if gap:
        boxes = [slide.shapes.add_textbox(Emu(k), Emu(k), Emu(10), Emu(10)) for k in range(4)]
        for box in boxes[0::2]:
            slide.shapes._spTree.remove(box.element)
    return slide


def both_ways(plan: MapPlan, gap: bool = False) -> tuple[bytes, bytes]:
    slides = map_slide(gap), map_slide(gap)
    plain_vector_map(slides[0], plan)
    group = add_vector_map(slides[1], plan)
    assert group.name == plan.name
    return tuple(etree.tostring(s.element) for s in slides)  # type: ignore[return-value]


REGIONS = sorted(REGION_VALUES)


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("illustrative", [False, True])
def test_each_region_is_drawn_as_python_pptx_draws_it(region: str, illustrative: bool) -> None:
    plan = plan_map("Mappa", region_spec(region, REGION_VALUES[region], illustrative), MAP_BOX)
    plain, fast = both_ways(plan)
    assert fast == plain
    assert fast.count(b"<p:sp>") - plain.count(b"<p:sp>") == 0
    assert b"<a:custGeom>" in fast


def test_the_example_map_is_drawn_as_python_pptx_draws_it() -> None:
    plan = plan_map("Mappa: esempio", example_map(), MAP_BOX)
    plain, fast = both_ways(plan)
    assert fast == plain


def test_shape_ids_follow_python_pptx_when_the_slide_skips_some() -> None:
    plan = plan_map("Mappa", region_spec("Molise", REGION_VALUES["Molise"], True), MAP_BOX)
    plain, fast = both_ways(plan, gap=True)
    assert fast == plain
    group = etree.fromstring(fast).find(".//" + qn("p:grpSp"))
    ids = [int(v) for v in group.xpath(".//p:cNvPr/@id", namespaces=NS)]
    assert ids[0] < ids[2] < ids[1]  # the group and the first freeform fill the gaps


ODD = "A & B <c> \"d\" 'e'\tf\ng\rh \u00e8\u20ac"


def _odd(shape: MapShape) -> MapShape:
    """A shape whose texts hold every character XML escapes, and a control character."""
    if isinstance(shape, MapFreeform):
        return replace(shape, name=ODD, descr=None if shape.descr is None else ODD + "!")
    if isinstance(shape, MapRect):
        return replace(shape, name=ODD, line=theme.ACCENT)
    lines = tuple(MapLine(f"{line.text}{ODD}\x07", line.bold) for line in shape.lines)
    return replace(shape, name=ODD, lines=lines)


def test_texts_with_markup_characters_are_written_as_python_pptx_writes_them() -> None:
    plan = plan_map("Mappa", region_spec("Veneto", REGION_VALUES["Veneto"], True), MAP_BOX)
    odd = replace(plan, name=ODD, alt_text=ODD, shapes=tuple(map(_odd, plan.shapes)))
    plain, fast = both_ways(odd)
    assert fast == plain
    assert b"_x0007_" in fast and b"&#13;" in fast


def test_outlines_without_width_and_in_theme_colours_are_written_alike() -> None:
    plan = plan_map("Mappa", region_spec("Liguria", REGION_VALUES["Liguria"]), MAP_BOX)
    shapes = tuple(
        replace(s, line_width=0, fill=theme.ACCENT) if isinstance(s, MapFreeform) else s
        for s in plan.shapes
    )
    plain, fast = both_ways(replace(plan, shapes=shapes))
    assert fast == plain
    assert b'<a:schemeClr val="accent4"/>' in fast


def test_a_name_python_pptx_refuses_is_refused() -> None:
    plan = plan_map("Mappa", region_spec("Molise", REGION_VALUES["Molise"]), MAP_BOX)
    with pytest.raises(ValueError):
        plain_vector_map(map_slide(), replace(plan, name="Mappa\x01"))
    with pytest.raises(ValueError):
        add_vector_map(map_slide(), replace(plan, name="Mappa\x01"))


# --- the outlines simplified once per region and box ------------------------------------


def plain_rings(spec: MapSpec, box: Box) -> tuple[tuple[EmuRing, ...], list[tuple[EmuRing, ...]]]:
    """The context's and each province's drawn rings, computed afresh with the layout's own
    projection (``MapLayout.to_points``)."""
    layout = layout_map(spec, box[2] / EMU_PER_PT, box[3] / EMU_PER_PT, DECK_MAP_STYLE)

    def ring(points: Ring) -> EmuRing:
        out: list[EmuPoint] = []
        for lon, lat in points:
            x, y = layout.to_points(lon, lat)
            p = (box[0] + round(x * EMU_PER_PT), box[1] + round(y * EMU_PER_PT))
            if not out or out[-1] != p:
                out.append(p)
        while len(out) > 1 and out[0] == out[-1]:
            out.pop()
        return tuple(out)

    owners = [*layout.context, *(p.shape for p in layout.provinces)]
    rings = [[ring(r) for poly in shape.polygons for r in poly] for shape in owners]
    assert rings == outlines(layout, box)
    simplified = simplify_coverage(rings, round(TOLERANCE_PT * EMU_PER_PT))
    x, y = box[0] + round(layout.rect[0] * EMU_PER_PT), box[1] + round(layout.rect[1] * EMU_PER_PT)
    window = (x, y, round(layout.rect[2] * EMU_PER_PT), round(layout.rect[3] * EMU_PER_PT))
    n = len(layout.context)
    context = _drawable(clip_ring(r, window) for rs in simplified[:n] for r in rs)
    return context, [_drawable(clip_ring(r, window) for r in rs) for rs in simplified[n:]]


def planned_rings(plan: MapPlan) -> tuple[tuple[EmuRing, ...], list[tuple[EmuRing, ...]]]:
    """The planned context's rings and each province's, in the spec's order."""
    freeforms = {s.key: s.rings for s in plan.shapes if isinstance(s, MapFreeform)}
    provinces = [freeforms.get(p.sigla, ()) for p in plan.spec.provinces]
    return freeforms.get("confinanti", ()), provinces


OTHER_BOX = (457200, 1371600, 5000000, 3600000)


def test_cached_outlines_are_those_computed_afresh_in_any_order() -> None:
    simplified_rings.cache_clear()
    specs = [region_spec(r, REGION_VALUES[r]) for r in ("Sardegna", "Sicilia", "Veneto")]
    for box in (MAP_BOX, OTHER_BOX, MAP_BOX[:2] + OTHER_BOX[2:]):
        first = [planned_rings(plan_map("Mappa", spec, box)) for spec in specs]
        again = [planned_rings(plan_map("Mappa", spec, box)) for spec in reversed(specs)]
        assert again[::-1] == first
        assert first == [plain_rings(spec, box) for spec in specs]
    assert simplified_rings.cache_info().hits == 3 * len(specs)


def test_the_cache_holds_a_bounded_number_of_maps() -> None:
    assert simplified_rings.cache_info().maxsize is not None
    assert simplified_rings.cache_info().maxsize <= 64


def test_decks_of_different_regions_are_the_same_in_either_order() -> None:
    simplified_rings.cache_clear()
    documents = [api.document_of(api.load(EXAMPLES / f"{name}.yaml")) for name in REPORTS]
    first = [api.render(d, "pptx") for d in documents]
    again = [api.render(d, "pptx") for d in reversed(documents)]
    assert again[::-1] == first


def test_a_region_s_frame_is_computed_once_and_as_afresh() -> None:
    frame_of.cache_clear()
    shapes = geometry()
    for region in REGION_VALUES:
        codes = tuple(p.codice_istat for p in region_spec(region, {}).provinces)
        assert frame_of(codes) == region_frame([shapes[c] for c in codes])
        assert frame_of(codes) is frame_of(codes)
    assert frame_of.cache_info().maxsize is not None


def test_a_map_drawn_again_from_the_caches_is_drawn_as_python_pptx_draws_it() -> None:
    plan = plan_map("Mappa", region_spec("Sicilia", REGION_VALUES["Sicilia"]), MAP_BOX)
    add_vector_map(map_slide(), plan)
    hits = _geometry.cache_info().hits
    plain, fast = both_ways(plan)
    assert _geometry.cache_info().hits > hits
    assert fast == plain


def test_the_theme_s_colours_are_read_once_and_read_only() -> None:
    slide = map_slide()
    scheme = theme_scheme(slide)
    assert theme_scheme(map_slide()) is scheme
    assert scheme[theme.ACCENT] == MSO_THEME_COLOR.ACCENT_4
    with pytest.raises(TypeError):
        scheme[theme.ACCENT] = MSO_THEME_COLOR.ACCENT_1  # type: ignore[index]


def plain_douglas_peucker(points: EmuRing, tolerance: int) -> EmuRing:
    """Douglas–Peucker with the distance to a segment as a function of its own."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = -1.0, -1
        for i in range(first + 1, last):
            d = _segment_dist2(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index > 0 and best > tolerance * tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return tuple(p for p, k in zip(points, keep, strict=True) if k)


def _segment_dist2(p: EmuPoint, a: EmuPoint, b: EmuPoint) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return float((p[0] - a[0]) ** 2 + (p[1] - a[1]) ** 2)
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    x, y = a[0] + t * dx, a[1] + t * dy
    return (p[0] - x) ** 2 + (p[1] - y) ** 2


@pytest.mark.parametrize("region", REGIONS)
def test_the_simplification_keeps_the_points_the_plain_one_keeps(region: str) -> None:
    spec = region_spec(region, REGION_VALUES[region])
    layout = layout_map(spec, MAP_BOX[2] / EMU_PER_PT, MAP_BOX[3] / EMU_PER_PT, DECK_MAP_STYLE)
    rings = [ring for owned in outlines(layout, MAP_BOX) for ring in owned]
    closed = [(*ring, ring[0]) for ring in rings]  # a loop: its ends coincide
    lines = [*rings, *closed, ((0, 0), (5, 5), (0, 0), (7, -3), (0, 0))]
    for tolerance in (1, round(TOLERANCE_PT * EMU_PER_PT), 40000):
        for line in lines:
            assert douglas_peucker(line, tolerance) == plain_douglas_peucker(line, tolerance)
