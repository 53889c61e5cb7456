"""The native charts' and the fingerprints' shortcuts change no byte and no fingerprint.

A native chart's styling (title, fonts, fills, axes, labels, legend) is written as text into
the chart XML python-pptx writes, where python-pptx's chart properties found or added each
element; the plain way (those properties) is kept here and both are compared for every
chart of every example report and for charts that take the rarer branches.

A chart's embedded workbook takes from xlsxwriter, once per process, the parts that do not
depend on the data (``charts.fixed_parts``) and has xlsxwriter write the sheet, its strings
and its styles; the plain way (xlsxwriter's whole workbook) is kept here, and both are
compared, as the deck stores them, for every chart of every example report.

``stored.look`` canonicalises an element in place and restores it, where it deep-copied
every shape (and every chart) to strip it. The plain way is kept here: each test
fingerprints every shape of every example deck both ways and compares, and checks that
the deck's XML is as it was.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields, is_dataclass, replace
from functools import cache
from pathlib import Path
from typing import cast

import pytest
from lxml import etree
from pptx import Presentation
from pptx.chart.chart import Chart
from pptx.enum.chart import XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.opc.package import Part
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.util import Emu, Pt
from xlsxwriter.workbook import Workbook  # type: ignore[import-untyped]
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

from porreport import api
from porreport import theme as th
from porreport.content.document import ChartSpec, Series
from porreport.deck import charts, stored
from porreport.deck.chart_layout import BarLayout, bar_layout
from porreport.deck.package import _fixed_workbook
from porreport.deck.shapes import set_alt_text, set_colour, set_theme_colour
from porreport.deck.stamp import TAG_LOOK, shape_members
from porreport.deck.styles import SERIES_COLOURS
from porreport.deck.tagging import nv_pr

ROOT = Path(__file__).resolve().parents[1]
REPORTS = (
    ROOT / "data" / "por_fse_lombardia_2021.yaml",
    ROOT / "data" / "por_fse_lombardia_2021_registri.yaml",
    *sorted((ROOT / "data" / "examples").glob("*.yaml")),
)
IDS = [p.stem for p in REPORTS]


@cache
def deck_of(path: Path) -> bytes:
    """The deck of a report (rendered once per test session)."""
    return api.render(api.document_of(api.load(path)), "pptx")


# --- the plain way -------------------------------------------------------------------------


def _drop(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is not None:
        parent.remove(node)


def plain_canonical(element: etree._Element) -> etree._Element:
    """A copy of ``element`` without what changes when nobody edits it."""
    clone = copy.deepcopy(element)
    for node in list(clone.iter(qn("p:custDataLst"))):
        _drop(node)
    for node in clone.iter(qn("p:cNvPr")):
        if "id" in node.attrib:
            del node.attrib["id"]
    prefix = f"{{{stored.R_NS}}}"
    for node in cast("list[etree._Element]", clone.xpath("descendant-or-self::*")):
        for name in [n for n in map(str, node.attrib) if n.startswith(prefix)]:
            del node.attrib[name]
    for ext in list(clone.iter(qn("a:ext"))):
        if ext.get("uri") == stored.CREATION_ID_URI:
            _drop(ext)
    for lst in list(clone.iter(qn("a:extLst"))):
        if len(lst) == 0:
            _drop(lst)
    for tag in (qn("c:axId"), qn("c:crossAx")):
        for axis_id in clone.iter(tag):
            axis_id.set("val", axis_id.get("val", "").lstrip("-"))
    return clone


def plain_look(element: etree._Element, owner: Part) -> str:
    """The fingerprint of an element, from a stripped copy of it."""
    digest = hashlib.sha256(etree.tostring(plain_canonical(element), method="c14n", exclusive=True))
    root = stored.chart_root(element, owner) if element.tag == qn("p:graphicFrame") else None
    if root is not None:
        digest.update(etree.tostring(plain_canonical(root), method="c14n", exclusive=True))
    return digest.hexdigest()[:16]


# --- fingerprints --------------------------------------------------------------------------


def _shapes(element: etree._Element) -> list[etree._Element]:
    out = []
    for shape in shape_members(element):
        out.append(shape)
        out.extend(_shapes(shape) if shape.tag == qn("p:grpSp") else ())
    return out


def _parts_xml(slide: Slide) -> list[bytes]:
    xml = [etree.tostring(slide.element)]
    for rel in slide.part.rels.values():
        element = getattr(rel.target_part, "_element", None)
        if element is not None:
            xml.append(etree.tostring(element))
    return xml


@pytest.mark.parametrize("path", REPORTS, ids=IDS)
def test_every_shape_has_the_fingerprint_of_the_plain_way(path: Path) -> None:
    prs = Presentation(io.BytesIO(deck_of(path)))
    compared = 0
    for slide in prs.slides:
        before = _parts_xml(slide)
        for shape in _shapes(slide.shapes._spTree):
            assert stored.look(shape, slide.part) == plain_look(shape, slide.part)
            compared += 1
        assert _parts_xml(slide) == before  # the shapes and charts are as they were
    assert compared > 20


@pytest.mark.parametrize("path", REPORTS, ids=IDS)
def test_the_stored_fingerprints_are_those_of_the_plain_way(path: Path) -> None:
    prs = Presentation(io.BytesIO(deck_of(path)))
    stored_looks = 0
    for slide in prs.slides:
        for shape in shape_members(slide.shapes._spTree):
            tags = {}
            own = nv_pr(shape)
            for tag in own.iter(qn("p:tags")) if own is not None else ():
                part = slide.part.related_part(tag.get(f"{{{stored.R_NS}}}id"))
                tags = {t.get("name"): t.get("val") for t in etree.fromstring(part.blob)}
            if TAG_LOOK in tags:
                assert tags[TAG_LOOK] == plain_look(shape, slide.part)
                stored_looks += 1
    assert stored_looks > 5


def test_what_changes_without_edits_is_left_out_and_put_back() -> None:
    xml = (
        '<p:graphicFrame xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
        ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
        ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        ' xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        '<p:nvGraphicFramePr><p:cNvPr id="7" name="Grafico" descr="x">'
        '<a:hlinkClick r:id="rId9" action="a"/>'
        f'<a:extLst><a:ext uri="{stored.CREATION_ID_URI}"><b/></a:ext></a:extLst>'
        '<a:extLst><a:ext uri="{other}"/></a:extLst><a:extLst/></p:cNvPr>'
        '<p:nvPr><p:custDataLst><p:tags r:id="rId3"/></p:custDataLst></p:nvPr>'
        "</p:nvGraphicFramePr>tail"
        '<c:axId val="-12"/><c:crossAx val="34"/><c:crossAx/>'
        '<a:graphic><a:graphicData><c:chart r:id="rId2" r:other="z"/></a:graphicData>'
        "</a:graphic></p:graphicFrame>"
    )
    element = etree.fromstring(xml)
    before = etree.tostring(element)
    canonical = stored.canonical(element)
    assert canonical == etree.tostring(plain_canonical(element), method="c14n", exclusive=True)
    assert etree.tostring(element) == before
    copied = stored._canonical(element)
    assert etree.tostring(copied, method="c14n", exclusive=True) == canonical
    for gone in (b'id="7"', b"rId", b"custDataLst", b"-12", b"FF2B5EF4", b"<a:extLst></a:extLst>"):
        assert gone not in canonical
    for kept in (b'name="Grafico"', b'action="a"', b'uri="{other}"', b'val="12"', b"tail"):
        assert kept in canonical


# --- workbooks -----------------------------------------------------------------------------


class PlainSheet(charts._Sheet):
    """The chart's workbook written by xlsxwriter's whole ``Workbook``."""

    @contextmanager
    def _open_worksheet(self, xlsx_file: io.BytesIO) -> Iterator[tuple[Workbook, Worksheet]]:
        workbook = Workbook(xlsx_file, {"in_memory": True, "strings_to_formulas": False})
        try:
            yield workbook, workbook.add_worksheet(charts.SHEET)
        finally:
            workbook.close()


def specs_of(value: object) -> Iterator[ChartSpec]:
    """Every chart spec in a document."""
    if isinstance(value, ChartSpec):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from specs_of(item)
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from specs_of(getattr(value, f.name))


def both_workbooks(spec: ChartSpec) -> tuple[bytes, bytes]:
    """The chart's workbook the fast and the plain way."""
    data = charts.chart_data(spec)
    return data.xlsx_blob, PlainSheet(data).xlsx_blob


def as_stored(blob: bytes) -> bytes:
    """A workbook as the deck stores it (fixed dates and times, entries sorted)."""
    return _fixed_workbook(blob, dt.datetime(2021, 9, 30))


@pytest.mark.parametrize("path", REPORTS, ids=IDS)
def test_every_chart_workbook_is_stored_as_xlsxwriter_writes_it(path: Path) -> None:
    specs = list(specs_of(api.document_of(api.load(path))))
    assert specs
    for spec in specs:
        fast, plain = both_workbooks(spec)
        assert as_stored(fast) == as_stored(plain)
        with zipfile.ZipFile(io.BytesIO(fast)) as zf, zipfile.ZipFile(io.BytesIO(plain)) as zp:
            assert sorted(zf.namelist()) == sorted(zp.namelist())


ODD = ChartSpec(
    id="strano",
    kind="clustered_bar",
    title="Titolo",
    categories=tuple(f'Voce <{k}> & "{k}" è\nriga' for k in range(14)),
    series=(
        Series("Impegni & <pagamenti>", tuple(k * 1234.5678 for k in range(14)), ()),
        Series("Spesa certificata", tuple(-k / 3 for k in range(14)), ()),
        Series("Terza serie con un nome molto lungo", (1e-9, 1e15, *range(12)), ()),
    ),
    unit="€",
    number_format='#,##0.0" M€"',
    alt_text="",
)


def test_odd_text_and_numbers_are_written_as_xlsxwriter_writes_them() -> None:
    fast, plain = both_workbooks(ODD)
    assert as_stored(fast) == as_stored(plain)
    with zipfile.ZipFile(io.BytesIO(fast)) as zf:
        strings = zf.read("xl/sharedStrings.xml").decode()
        assert 'Voce &lt;3&gt; &amp; "3" è' in strings
        assert 'formatCode="#,##0.0&quot; M€&quot;"' in zf.read("xl/styles.xml").decode()
        assert '<sheet name="Dati" sheetId="1" r:id="rId1"/>' in zf.read("xl/workbook.xml").decode()


def test_workbooks_of_different_charts_do_not_share_their_data() -> None:
    pie = next(s for s in specs_of(api.document_of(api.load(REPORTS[0]))) if s.kind == "pie")
    first = [both_workbooks(s) for s in (ODD, pie, ODD)]
    assert as_stored(first[0][0]) == as_stored(first[2][0]) != as_stored(first[1][0])
    assert as_stored(first[1][0]) == as_stored(first[1][1])


# --- the chart's styling -----------------------------------------------------------------

KINDS = charts.KINDS
THEME_FONT, ROTATED, PIE_COLOURS = charts.THEME_FONT, charts.ROTATED, charts.PIE_COLOURS
_AFTER_TICK_LABEL_SKIP = ("c:tickMarkSkip", "c:noMultiLvlLbl", "c:extLst")


def plain_add_chart(
    slide: Slide, spec: ChartSpec, box: tuple[int, int, int, int], name: str
) -> GraphicFrame:
    """``spec`` as a native chart, styled through python-pptx's chart properties."""
    data = charts.chart_data(spec)
    x, y, w, h = box
    # python-pptx annotates add_chart as taking ChartData (an alias kept for compatibility)
    # and returning the Chart; it takes any category data and returns the GraphicFrame.
    added = slide.shapes.add_chart(KINDS[spec.kind], Emu(x), Emu(y), Emu(w), Emu(h), data)  # type: ignore[arg-type]
    frame = cast(GraphicFrame, added)
    frame.name = name
    set_alt_text(frame, spec.alt_text)
    chart = frame.chart
    chart.font.name = THEME_FONT
    chart.font.size = Pt(11)
    set_colour(chart.font.color, th.TEXT)
    _title(chart, spec)
    if spec.kind == "pie":
        _pie(chart)
    else:
        _bars(chart, spec, bar_layout(spec, w, h))
    return frame


def _title(chart: Chart, spec: ChartSpec) -> None:
    chart.has_title = True
    tf = chart.chart_title.text_frame
    tf.text = spec.title
    run = tf.paragraphs[0].runs[0]
    run.font.size, run.font.bold = Pt(13), True
    set_colour(run.font.color, th.DARK)
    if spec.reference is not None:
        p = tf.add_paragraph()
        r = p.add_run()
        r.text = spec.reference[0]
        r.font.size, r.font.bold = Pt(11), False
        set_colour(r.font.color, th.MUTED)


def _bars(chart: Chart, spec: ChartSpec, layout: BarLayout) -> None:
    plot = chart.plots[0]
    plot.gap_width = layout.gap_width
    plot.overlap = 0 if len(spec.series) == 1 else -10
    for k, series in enumerate(plot.series):
        fill = series.format.fill
        fill.solid()
        set_theme_colour(fill.fore_color, SERIES_COLOURS[k % len(SERIES_COLOURS)])
    _data_labels(chart, layout)
    _value_axis(chart, spec, layout)
    category_axis = chart.category_axis
    category_axis.tick_labels.font.size = Pt(layout.category_size)
    set_colour(category_axis.format.line.color, th.RULE)
    category_axis.has_major_gridlines = False
    if spec.kind.endswith("bar"):
        # the first category on top, as on the slide and in the sheet; the value axis
        # then crosses at the last category, at the bottom
        category_axis.reverse_order = True
        crosses = chart.element.valAx_lst[0].find(qn("c:crosses"))
        if crosses is not None:  # python-pptx has no property for this axis's crossing
            crosses.set("val", "max")
    # every category label, even in a short chart (python-pptx has no property for it)
    skip = OxmlElement("c:tickLblSkip")
    skip.set("val", "1")
    chart.element.catAx_lst[0].insert_element_before(skip, *_AFTER_TICK_LABEL_SKIP)
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(11)


def _data_labels(chart: Chart, layout: BarLayout) -> None:
    plot = chart.plots[0]
    plot.has_data_labels = layout.shown
    if not layout.shown:
        return
    labels = plot.data_labels
    labels.number_format = layout.label_format
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(layout.label_size)
    labels.font.bold = True
    set_colour(labels.font.color, th.DARK)
    if layout.rotated:
        labels._element.get_or_add_txPr().find(qn("a:bodyPr")).set("rot", ROTATED)


def _value_axis(chart: Chart, spec: ChartSpec, layout: BarLayout) -> None:
    value_axis = chart.value_axis
    value_axis.tick_labels.number_format = spec.number_format
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.tick_labels.font.size = Pt(10)
    set_colour(value_axis.tick_labels.font.color, th.MUTED)
    value_axis.has_major_gridlines = True
    set_colour(value_axis.major_gridlines.format.line.color, th.RULE)
    value_axis.format.line.fill.background()
    value_axis.minimum_scale = 0
    if layout.maximum is not None:
        value_axis.maximum_scale = layout.maximum
    if layout.major_unit is not None:
        value_axis.major_unit = layout.major_unit
    if spec.value_axis_title:
        value_axis.has_title = True
        tf = value_axis.axis_title.text_frame
        tf.text = spec.value_axis_title
        run = tf.paragraphs[0].runs[0]
        run.font.size, run.font.bold = Pt(10), False
        set_colour(run.font.color, th.MUTED)


def _pie(chart: Chart) -> None:
    plot = chart.plots[0]
    for k, point in enumerate(plot.series[0].points):
        point.format.fill.solid()
        set_theme_colour(point.format.fill.fore_color, PIE_COLOURS[k % len(PIE_COLOURS)])
    plot.has_data_labels = True
    labels = plot.data_labels
    # value and share, computed by the viewer from the sheet: the value in the sheet's
    # number format (linked: one explicit format would also apply to the percentage)
    labels.show_value = True
    labels.show_percentage = True
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size, labels.font.bold = Pt(12), True
    set_colour(labels.font.color, th.DARK)
    # one line per label, never wrapped: LibreOffice wraps a label at a narrow width and
    # cuts numbers ("104|6") when the parts are on separate lines
    labels._element.get_or_add_txPr().find(qn("a:bodyPr")).set("wrap", "none")
    separator = OxmlElement("c:separator")
    separator.text = " · "
    labels._element.insert_element_before(separator, "c:showLeaderLines", "c:extLst")
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.RIGHT
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(11)


def chart_slide() -> Slide:
    """A blank slide of a new presentation."""
    prs = Presentation()
    return prs.slides.add_slide(prs.slide_layouts[6])


def both_charts(spec: ChartSpec, box: tuple[int, int, int, int]) -> tuple[bytes, bytes]:
    """The chart part's XML, made the fast and the plain way."""
    fast = charts.add_chart(chart_slide(), spec, box, "Grafico")
    plain = plain_add_chart(chart_slide(), spec, box, "Grafico")
    return etree.tostring(fast.chart._chartSpace), etree.tostring(plain.chart._chartSpace)


BOXES = ((0, 0, 6_000_000, 4_000_000), (0, 0, 2_000_000, 1_500_000), (0, 0, 11_000_000, 6_000_000))


@pytest.mark.parametrize("path", REPORTS, ids=IDS)
def test_every_chart_is_styled_as_python_pptx_styles_it(path: Path) -> None:
    specs = list(specs_of(api.document_of(api.load(path))))
    for spec in specs:
        for box in BOXES:
            fast, plain = both_charts(spec, box)
            assert fast == plain


def _variants() -> list[ChartSpec]:
    """Charts that take the rarer branches: titles with breaks, markup and control
    characters, many series, bars with two series, a pie of many slices."""
    base = ODD
    title = 'Spesa <per> "asse" & tipo\vseconda riga\x07\nsecondo paragrafo\n'
    return [
        base,
        replace(base, kind="bar", title=title, reference=('Soglia <1> & "2"', 5.0)),
        replace(base, kind="column", series=base.series[:1], value_axis_title="Unità\vdue"),
        replace(base, kind="clustered_column", series=base.series[:2], number_format="0%"),
        replace(base, kind="pie", series=base.series[:1], number_format="#,##0"),
        replace(base, kind="clustered_bar", series=base.series * 3),
        replace(base, kind="column", reference=("", 3.0), value_axis_title="Euro"),
    ]


@pytest.mark.parametrize("spec", _variants(), ids=lambda s: s.kind)
def test_rarer_charts_are_styled_as_python_pptx_styles_them(spec: ChartSpec) -> None:
    for box in BOXES:
        fast, plain = both_charts(spec, box)
        assert fast == plain


def test_every_layout_branch_is_compared() -> None:
    layouts = {
        (layout.rotated, layout.shown, layout.maximum is None, layout.major_unit is None)
        for spec in _variants()[:4]
        for box in BOXES
        if spec.kind != "pie"
        for layout in [bar_layout(spec, box[2], box[3])]
    }
    assert {(True, True), (False, True), (False, False)} <= {k[:2] for k in layouts}


# --- theme colours -------------------------------------------------------------------------


def plain_scheme_colours(master: Part) -> dict[str, str]:
    """A slide master's theme colours, read afresh from its theme."""
    theme = etree.fromstring(master.part_related_by(stored.RT.THEME).blob)
    colours: dict[str, str] = {}
    for slot in stored._SCHEME_SLOTS:
        el = theme.find(f".//{qn('a:clrScheme')}/{qn('a:' + slot)}")
        value: str | None = None
        if el is not None and len(el):
            value = el[0].get("val") if el[0].tag == qn("a:srgbClr") else el[0].get("lastClr")
        if value:
            colours[slot] = value.upper()
    mapping = master._element.find(qn("p:clrMap"))  # type: ignore[attr-defined]
    for name in stored._MAPPED:
        mapped = mapping.get(name) if mapping is not None else None
        if mapped in colours:
            colours[name] = colours[mapped]
    return colours


def test_theme_colours_are_read_as_the_plain_way_reads_them_whatever_the_colour_map() -> None:
    prs = Presentation(io.BytesIO(deck_of(REPORTS[0])))
    master = prs.slide_masters[0].part
    mapping = master._element.find(qn("p:clrMap"))  # type: ignore[attr-defined]
    original = dict(mapping.attrib)
    seen = []
    for swap in ({}, {"bg1": "dk1", "tx1": "lt1"}, {"bg2": "accent3", "tx2": "nessuno"}, {}):
        mapping.attrib.update({**original, **swap})
        colours = stored.scheme_colours(master)
        assert colours == plain_scheme_colours(master)
        colours["accent1"] = "000000"  # the caller's copy: the next reading is unchanged
        seen.append(stored.scheme_colours(master))
    assert seen[0] == seen[3] != seen[1]
    assert seen[1]["bg1"] == seen[0]["dk1"] and seen[2]["bg2"] == seen[0]["accent3"]
