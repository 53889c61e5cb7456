"""The drawn shapes' and native tables' shortcuts change no byte.

``shapes`` writes a text shape, a rectangle, a group or a table as XML parsed once, where
python-pptx's builders and setters (a descriptor, an XPath and a parse per element) took most
of their time. The plain way, python-pptx's, is kept here; each test draws the same plans both
ways and compares the slides' XML, or renders whole decks both ways and compares the bytes.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from lxml import etree
from pptx import Presentation
from pptx.dml.color import ColorFormat
from pptx.enum.dml import MSO_COLOR_TYPE, MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.shapes.autoshape import Shape
from pptx.shapes.base import BaseShape
from pptx.shapes.graphfrm import GraphicFrame
from pptx.shapes.group import GroupShape
from pptx.shapes.shapetree import GroupShapes, SlideShapes
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu

from porreport import api
from porreport import theme as th
from porreport.deck import charts, emit, shapes, text
from porreport.deck.fit import Para, Span
from porreport.deck.plan import plan_deck
from porreport.deck.shapes import (
    add_group,
    add_rectangle,
    add_table,
    add_text_shape,
    set_alt_text,
    set_theme_colour,
)
from porreport.deck.slides import EMU_PER_PT, Cell, Group, Rectangle, TablePlan, TextShape
from porreport.deck.styles import THEME_COLOURS, ThemeColour, is_dark, theme_colour
from porreport.deck.template_file import default_template, open_template, read_frames
from porreport.deck.xmlparts import DECORATIVE_NS, DECORATIVE_URI

ROOT = Path(__file__).resolve().parents[1]
REPORTS = [
    ROOT / "data" / "por_fse_lombardia_2021.yaml",
    ROOT / "data" / "por_fse_lombardia_2021_registri.yaml",
    *sorted((ROOT / "data" / "examples").glob("*.yaml")),
]
NS = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main"}


# --- the plain way: python-pptx's builders and setters ------------------------------------

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
Shapes = SlideShapes | GroupShapes


def _c_nv_pr(shape: BaseShape) -> etree._Element:
    return shape.element.xpath("./*[1]/p:cNvPr")[0]


def _set_colour(color_format: ColorFormat, color: str) -> None:
    plain_set_theme_colour(color_format, theme_colour(color))


def plain_set_theme_colour(color_format: ColorFormat, theme: ThemeColour) -> None:
    color_format.theme_color = _SCHEME[theme.scheme]
    if theme.brightness:
        color_format.brightness = theme.brightness


def _default_text_colour(shape: BaseShape, fill: str | None) -> None:
    scheme = "bg1" if fill is not None and is_dark(fill) else "tx1"
    colour = shape.element.find(f"{qn('p:style')}/{qn('a:fontRef')}/{qn('a:schemeClr')}")
    if colour is not None:
        colour.set("val", scheme)


def _write(
    frame: TextFrame, paras: tuple[Para, ...], base: text.Look, font_scale: float, style: str
) -> None:
    """``text.write`` with a list style (with its namespace) replacing the frame's own."""
    body = frame._txBody
    for p in body.findall(qn("a:p")):
        body.remove(p)
    body_pr = body.find(qn("a:bodyPr"))
    body_pr.set("wrap", "square")
    text.autofit(frame, font_scale)
    old = body.find(qn("a:lstStyle"))
    new = parse_xml(style.replace("<a:lstStyle>", f"<a:lstStyle {nsdecls('a')}>", 1))
    if old is not None:
        old.addprevious(new)
        body.remove(old)
    else:
        body_pr.addnext(new)
    xml = "".join(text.paragraph_xml(p, base) for p in paras)
    xml = xml or f'<a:p><a:endParaRPr lang="{text.LANG}"/></a:p>'
    for p in parse_xml(f"<a:txBody {nsdecls('a')}>{xml}</a:txBody>"):
        body.append(p)


def plain_text_shape(shapes: Shapes, plan: TextShape) -> BaseShape:
    x, y, w, h = (Emu(v) for v in plan.box)
    if plan.geometry == "text" and plan.fill is None:
        shape: Shape = shapes.add_textbox(x, y, w, h)
    else:
        shape = shapes.add_shape(_GEOMETRY.get(plan.geometry, MSO_SHAPE.RECTANGLE), x, y, w, h)
        shape.shadow.inherit = False
        shape.line.fill.background()
        if plan.fill:
            shape.fill.solid()
            _set_colour(shape.fill.fore_color, plan.fill)
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
    _write(frame, plan.paras, look, plan.font_scale, style)
    return shape


def plain_rectangle(shapes: Shapes, plan: Rectangle) -> BaseShape:
    shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, *(Emu(v) for v in plan.box))
    shape.name = plan.name
    shape.fill.solid()
    _set_colour(shape.fill.fore_color, plan.fill)
    shape.line.fill.background()
    shape.shadow.inherit = False
    _default_text_colour(shape, plan.fill)
    _c_nv_pr(shape).append(parse_xml(_decorative_ext()))
    return shape


def plain_group(shapes: SlideShapes, plan: Group) -> GroupShape:
    group = shapes.add_group_shape()
    group.name = plan.name
    _c_nv_pr(group).set("descr", plan.alt_text)
    for member in plan.shapes:
        if isinstance(member, TextShape):
            plain_text_shape(group.shapes, member)
        else:
            plain_rectangle(group.shapes, member)
    return group


def plain_table(shapes: SlideShapes, plan: TablePlan) -> GraphicFrame:
    rows, cols = len(plan.cells), len(plan.widths)
    frame = shapes.add_table(rows, cols, *(Emu(v) for v in plan.box))
    frame.name = plan.name
    _c_nv_pr(frame).set("descr", plan.alt_text)
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
            _set_colour(cell.fill.fore_color, planned.fill)
            text.write(cell.text_frame, (planned.para,))
    return frame


# --- both ways, compared --------------------------------------------------------------


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_each_example_deck_is_drawn_as_python_pptx_draws_it(
    report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = api.document_of(api.load(report))
    fast = api.render(document, "pptx")
    monkeypatch.setattr(emit, "add_text_shape", plain_text_shape)
    monkeypatch.setattr(emit, "add_rectangle", plain_rectangle)
    monkeypatch.setattr(emit, "add_group", plain_group)
    monkeypatch.setattr(emit, "add_table", plain_table)
    # the charts' colours, where charts set them through python-pptx's colour objects
    monkeypatch.setattr(charts, "set_colour", _set_colour, raising=False)
    monkeypatch.setattr(charts, "set_theme_colour", plain_set_theme_colour, raising=False)
    assert api.render(document, "pptx") == fast


def blank_slide(gap: bool = False) -> Slide:
    """A fresh slide of the template's empty layout; ``gap``: its shape ids skip two."""
    prs = Presentation(str(default_template()))
    slide = prs.slides.add_slide(prs.slide_layouts.get_by_name("Vuota"))
    if gap:
        boxes = [slide.shapes.add_textbox(Emu(k), Emu(k), Emu(10), Emu(10)) for k in range(4)]
        for box in boxes[0::2]:
            slide.shapes._spTree.remove(box.element)
    return slide


ODD = "A & B <c> \"d\" 'e'\tf\ng\rh \u00e8\u20ac \U0001f600 ]]>"


def _para(words: str, size: float = 14.0, **kwargs: object) -> Para:
    spans = (Span(words), Span(" 12,5 M€", True, th.PRIMARY), Span("\nnota", False, th.MUTED))
    return Para(spans, size, **kwargs)  # type: ignore[arg-type]


def text_shapes() -> list[TextShape]:
    """Text shapes of every geometry, fill, anchor and inset kind, with odd texts."""
    paras = (_para(ODD), _para("", 11.0, space_before=3.0, align="r", indent=9.0))
    out = [
        TextShape("Testo", (10, 20, 3000, 4000), paras),
        TextShape(ODD, (0, 0, 1, 1), (), insets=(91440, 45720, 91440, 45720)),
        TextShape("Vuoto", (5, 5, 50, 50), (Para((Span(""),), 12.0),), anchor="middle"),
    ]
    for geometry in ("text", "rounded", "pentagon", "chevron"):
        for fill in (None, th.PRIMARY, th.LIGHT, th.MUTED, th.RULE):
            if geometry == "text" and fill is None:
                continue
            adjustment = None if geometry == "text" else 0.05
            out.append(
                TextShape(
                    f"{geometry} {fill}",
                    (100, 200, 300000, 400000),
                    paras,
                    geometry,  # type: ignore[arg-type]
                    fill,
                    (76200, 45720, 0, 38100),
                    "middle" if fill else "top",
                    adjustment,
                    0.725,
                )
            )
    out.append(TextShape("Punta", (1, 2, 3, 4), paras, "chevron", None, adjustment=-0.3))
    return out


def both_ways(draw: str, plans: list[object], gap: bool = False) -> tuple[bytes, bytes]:
    plain = {
        "text": plain_text_shape,
        "rect": plain_rectangle,
        "group": plain_group,
        "table": plain_table,
    }[draw]
    fast = {"text": add_text_shape, "rect": add_rectangle, "group": add_group, "table": add_table}[
        draw
    ]
    slides = blank_slide(gap), blank_slide(gap)
    for plan in plans:
        expected = plain(slides[0].shapes, plan)  # type: ignore[operator]
        shape = fast(slides[1].shapes, plan)  # type: ignore[operator]
        assert shape.name == plan.name  # type: ignore[attr-defined]
        assert type(shape) is type(expected)  # the class python-pptx's factory gives
    return etree.tostring(slides[0].element), etree.tostring(slides[1].element)


def test_text_shapes_of_every_kind_are_drawn_as_python_pptx_draws_them() -> None:
    plain, fast = both_ways("text", text_shapes())  # type: ignore[arg-type]
    assert fast == plain
    assert b'fontScale="72500"' in fast and b'prst="homePlate"' in fast
    assert b"&amp; B &lt;c&gt;" in fast and b'name="A &amp; B &lt;c&gt; &quot;d&quot;' in fast


def test_rectangles_are_drawn_as_python_pptx_draws_them() -> None:
    plans = [Rectangle(ODD, (1, 2, 3, 4), th.PRIMARY), Rectangle("Filetto", (9, 9, 9, 9), th.RULE)]
    plain, fast = both_ways("rect", plans)  # type: ignore[arg-type]
    assert fast == plain
    assert fast.count(DECORATIVE_URI.encode()) == 2


def test_groups_are_drawn_as_python_pptx_draws_them_and_take_the_lowest_free_id() -> None:
    members = (*text_shapes()[:4], Rectangle("Filetto", (-50, 7, 63500, 900000), th.PRIMARY))
    plans = [
        Group("Scheda 1", members, ODD),
        Group(ODD, members[3:], "Scheda: Asse I – Occupazione"),
        Group("Vuota", (), ""),
    ]
    plain, fast = both_ways("group", plans, gap=True)  # type: ignore[arg-type]
    assert fast == plain
    groups = etree.fromstring(fast).findall(".//" + qn("p:grpSp"))
    ids = [int(g.xpath("./p:nvGrpSpPr/p:cNvPr/@id", namespaces=NS)[0]) for g in groups]
    assert ids[:2] == [2, 4]  # the gaps the slide left
    assert b'<a:off x="-50" y="7"/>' in fast


def table(name: str, texts: list[list[str]]) -> TablePlan:
    fills = (th.DARK, th.WHITE, th.LIGHT)
    cells = tuple(
        tuple(
            Cell(_para(t, 13.0, align="r" if c else "l"), fills[min(r, 1) + (r > 1) * (r % 2)])
            for c, t in enumerate(row)
        )
        for r, row in enumerate(texts)
    )
    widths = tuple(300000 + 1000 * c for c in range(len(texts[0])))
    heights = tuple(327605 + r for r in range(len(texts)))
    return TablePlan(name, ODD, (548640, 1925320, 10, 10), widths, heights, cells, (76200, 50800))


def test_tables_are_drawn_as_python_pptx_draws_them() -> None:
    plans = [
        table("Tabella: settori", [["#", "Settore", "Imprese"], ["1", ODD, "62"], ["2", "", "0"]]),
        table(ODD, [["Sola"]]),
        replace(table("Margini", [["a", "b"], ["c", "d"]]), margins=(91440, 45720)),
    ]
    plain, fast = both_ways("table", plans)  # type: ignore[arg-type]
    assert fast == plain
    assert b'<a:tblPr firstRow="1">' in fast and b'<a:ext cx="903000" cy="982818"/>' in fast


def test_a_name_python_pptx_refuses_is_refused() -> None:
    for fast, plain in ((add_text_shape, plain_text_shape), (add_rectangle, plain_rectangle)):
        plan = replace(
            text_shapes()[3]
            if fast is add_text_shape
            else Rectangle("x", (1, 2, 3, 4), th.PRIMARY),
            name="Scheda\x01",
        )
        with pytest.raises(ValueError):
            plain(blank_slide().shapes, plan)  # type: ignore[operator]
        with pytest.raises(ValueError):
            fast(blank_slide().shapes, plan)  # type: ignore[operator]


# --- paragraphs from cached pieces ------------------------------------------------------


def plain_paragraph_xml(para: Para, base: text.Look = text.NO_LOOK) -> str:
    """``text.paragraph_xml`` built afresh, piece by piece."""
    indent = int(para.indent * EMU_PER_PT)
    hanging = 0 if para.continued else indent
    bullet = (
        '<a:buFontTx/><a:buChar char="•"/>' if para.indent and not para.continued else "<a:buNone/>"
    )
    out = [
        f'<a:p><a:pPr marL="{indent}" indent="{-hanging}" algn="{para.align}">'
        f'<a:lnSpc><a:spcPct val="{round(para.line * 100000)}"/></a:lnSpc>'
        f'<a:spcBef><a:spcPts val="{round(para.space_before * 100)}"/></a:spcBef>'
        f'<a:spcAft><a:spcPts val="0"/></a:spcAft>{bullet}</a:pPr>'
    ]
    for span in para.spans:
        attrs = f' lang="{text.LANG}"{_plain_size(para.size, base)}'
        if base.bold is None or span.bold != base.bold:
            attrs += f' b="{int(span.bold)}"'
        color = span.color or th.TEXT
        if text.palette_key(color) == base.colour:
            rpr = f'<a:rPr{attrs} dirty="0"/>'
        else:
            rpr = f'<a:rPr{attrs} dirty="0">{theme_colour(color).fill()}</a:rPr>'
        for j, line in enumerate(span.text.split("\n")):
            if j > 0:
                out.append(f"<a:br>{rpr}</a:br>")
            if line:
                out.append(f"<a:r>{rpr}<a:t>{escape(line)}</a:t></a:r>")
    out.append(f'<a:endParaRPr lang="{text.LANG}"{_plain_size(para.size, base)} dirty="0"/></a:p>')
    return "".join(out)


def _plain_size(size: float, base: text.Look) -> str:
    if base.size is not None and abs(size - base.size) < 1e-6:
        return ""
    return f' sz="{round(size * 100)}"'


def _paras(drawing: object) -> list[Para]:
    if isinstance(drawing, TextShape):
        return list(drawing.paras)
    if isinstance(drawing, Group):
        return [p for m in drawing.shapes for p in _paras(m)]
    if isinstance(drawing, TablePlan):
        return [cell.para for row in drawing.cells for cell in row]
    return []


def deck_paras(report: Path) -> list[Para]:
    """Every paragraph the deck of ``report`` writes in a placeholder or a drawn shape."""
    document = api.document_of(api.load(report))
    prs, source = open_template(None)
    frames = read_frames(prs, source, {s.layout for s in document.sections})
    out = []
    for slide in plan_deck(document, frames).slides:
        out += [p for t in slide.texts for p in t.paras]
        out += [p for d in slide.drawings for p in _paras(d)]
    return out


def test_paragraphs_from_cached_pieces_are_those_built_afresh() -> None:
    paras = [p for report in REPORTS for p in deck_paras(report)]
    paras += [*text_shapes()[0].paras, _para("", 9.0, indent=4.5, continued=True)]
    bases = [text.NO_LOOK, text.Look(14.0, False, text.palette_key(th.TEXT))]
    bases += [text.list_style(*text.common_look((p,)))[1] for p in paras[::7]]
    for base in bases:
        for para in (*paras, *reversed(paras)):  # the second time from the caches
            assert text.paragraph_xml(para, base) == plain_paragraph_xml(para, base)
    assert len(paras) > 1000


def test_the_paragraph_caches_are_bounded() -> None:
    for cached in (text._rpr, text._ppr, text._end):
        assert 0 < (cached.cache_info().maxsize or 0) <= 256


# --- theme colours set from a copy ------------------------------------------------------


def colour_targets(slide: Slide) -> list[ColorFormat]:
    """Colours of each kind the deck sets: a run's, a fill's, a line's, a chart text's."""
    box = slide.shapes.add_textbox(Emu(1), Emu(2), Emu(3), Emu(4))
    run = box.text_frame.paragraphs[0].add_run()
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(1), Emu(2), Emu(3), Emu(4))
    shape.fill.solid()
    set_before = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(1), Emu(2), Emu(3), Emu(4))
    set_before.fill.solid()
    set_before.fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_2
    set_before.fill.fore_color.brightness = 0.4
    return [run.font.color, shape.fill.fore_color, shape.line.color, set_before.fill.fore_color]


@pytest.mark.parametrize("colour", sorted(THEME_COLOURS))
def test_theme_colours_are_set_as_python_pptx_sets_them(colour: str) -> None:
    theme = THEME_COLOURS[colour]
    plain, fast = blank_slide(), blank_slide()
    read = []
    for setter, slide in ((plain_set_theme_colour, plain), (set_theme_colour, fast)):
        targets = colour_targets(slide)
        for target in targets:
            setter(target, theme)
        read.append([(t.type, t.theme_color, t.brightness) for t in targets])
    assert etree.tostring(fast.element) == etree.tostring(plain.element)
    assert read[1] == read[0]  # the colour objects read what python-pptx's read
    assert read[1][0] == (MSO_COLOR_TYPE.SCHEME, _SCHEME[theme.scheme], theme.brightness)


@pytest.mark.parametrize("brightness", [0.25, -0.5, 0.0])
def test_a_colour_set_from_a_copy_is_changed_further_as_python_pptx_s(brightness: float) -> None:
    slides = blank_slide(), blank_slide()
    for setter, slide in zip((plain_set_theme_colour, set_theme_colour), slides, strict=True):
        for target in colour_targets(slide):
            setter(target, THEME_COLOURS[th.MUTED])
            target.brightness = brightness
            target.theme_color = MSO_THEME_COLOR.ACCENT_3
    assert etree.tostring(slides[1].element) == etree.tostring(slides[0].element)


def test_shapes_added_to_a_group_extend_it_as_python_pptx_s() -> None:
    slides = blank_slide(), blank_slide()
    ways = ((plain_text_shape, plain_rectangle), (add_text_shape, add_rectangle))
    for (text_shape, rectangle), slide in zip(ways, slides, strict=True):
        group = slide.shapes.add_group_shape()
        for plan in text_shapes()[:5]:
            text_shape(group.shapes, plan)
        rectangle(group.shapes, Rectangle("Filetto", (-9, 3, 63500, 9000000), th.PRIMARY))
    plain, fast = (etree.tostring(s.element) for s in slides)
    assert fast == plain
    assert b'<a:off x="-9" y="0"/><a:ext cx="300109" cy="9000003"/>' in fast


def test_a_shape_s_text_frame_is_found_as_python_pptx_finds_it() -> None:
    deck = Presentation(io.BytesIO(api.render(api.document_of(api.load(REPORTS[0])), "pptx")))
    drawn = [s for slide in deck.slides for s in slide.shapes if isinstance(s, Shape)]
    for shape in drawn:
        fast = text.frame_of(shape)
        assert fast._txBody is shape.text_frame._txBody and fast._parent is shape
    assert len(drawn) > 30
    bare = blank_slide().shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(1), Emu(2), Emu(3), Emu(4))
    bare.element.remove(bare.element.find(qn("p:txBody")))
    frame = text.frame_of(bare)  # python-pptx adds the missing body
    assert frame._txBody is bare.element.find(qn("p:txBody")) is not None


def test_decks_are_the_same_whatever_was_drawn_before() -> None:
    # the charts keep the fills they had set_theme_colour write: cleared too, so that the
    # renders below set theme colours whatever ran before
    caches = (text._rpr, text._ppr, text._end, shapes._preset, shapes._scheme_colour)
    for cached in (*caches, charts._fill, charts._colour):
        cached.cache_clear()
    documents = [api.document_of(api.load(r)) for r in (REPORTS[0], REPORTS[3], REPORTS[-1])]
    first = [api.render(d, "pptx") for d in documents]
    again = [api.render(d, "pptx") for d in reversed(documents)]
    assert again[::-1] == first
    assert shapes._scheme_colour.cache_info().currsize > 0
    for theme in THEME_COLOURS.values():  # the copied elements are left as made
        made = parse_xml(theme.xml().replace("<a:schemeClr", f"<a:schemeClr {nsdecls('a')}", 1))
        assert etree.tostring(shapes._scheme_colour(theme)) == etree.tostring(made)


def test_alt_text_is_set_where_python_pptx_s_xpath_finds_it() -> None:
    slide = blank_slide()
    deck = Presentation(io.BytesIO(api.render(api.document_of(api.load(REPORTS[0])), "pptx")))
    drawn = [s for d in deck.slides for s in d.shapes]
    drawn += [slide.shapes.add_group_shape(), slide.shapes.add_textbox(*[Emu(1)] * 4)]
    kinds = set()
    for shape in drawn:
        set_alt_text(shape, ODD)
        assert _c_nv_pr(shape).get("descr") == ODD
        kinds.add(shape.element.tag)
    assert {qn("p:sp"), qn("p:grpSp"), qn("p:graphicFrame")} <= kinds


def _decorative_ext() -> str:
    """python-pptx's way: the ``a:extLst`` marking a shape decorative, parsed on its own."""
    return (
        f'<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f'<a:ext uri="{DECORATIVE_URI}"><adec:decorative xmlns:adec="{DECORATIVE_NS}" '
        'val="1"/></a:ext></a:extLst>'
    )
