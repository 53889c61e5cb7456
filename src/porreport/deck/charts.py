"""Native (editable) PowerPoint charts from a ``ChartSpec``.

What staff edit with "Modifica dati" reads like the slide: the embedded sheet is named
"Dati", its first row holds the headers, its rows are in the order the slide shows them
(horizontal bars reverse their category axis, not the data) and text is stored as text.
Values are the spec's raw ``Series.values``; data labels and the value axis carry the spec's
Excel number format, so an Italian Office (or LibreOffice in it-IT) shows '853,9 M€'. Pie
labels are computed by Office from the data (value and percentage). Category names carry
no figures (a category's lines after the first, which hold figures, are left to the alt
text). Colours are theme colours (the series accent1-accent6) and text takes the theme's
minor font. Data labels are laid out so they never run into each other (``labels``).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import cast

from lxml import etree
from pptx.chart.data import CategoryChartData, CategorySeriesData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.fill import FillFormat
from pptx.dml.line import LineFormat
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn
from pptx.oxml.simpletypes import (
    ST_AxisUnit,
    ST_GapAmount,
    ST_Overlap,
    ST_TextFontSize,
    XsdDouble,
)
from pptx.oxml.text import CT_RegularTextRun, CT_TextCharacterProperties
from pptx.oxml.xmlchemy import BaseOxmlElement, OxmlElement
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.text.text import Font
from pptx.util import Emu, Pt
from xlsxwriter.packager import Packager  # type: ignore[import-untyped]
from xlsxwriter.workbook import Workbook  # type: ignore[import-untyped]
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

from porreport import theme as th
from porreport.content.document import ChartSpec
from porreport.deck.chart_layout import BarLayout, bar_layout, category_name
from porreport.deck.shapes import set_alt_text, set_colour, set_theme_colour
from porreport.deck.styles import SERIES_COLOURS

KINDS = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "clustered_column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "clustered_bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "pie": XL_CHART_TYPE.PIE,
}
PIE_ORDER = (0, 3, 1, 2, 4, 5)  # the series colours a pie's slices take, in turn
PIE_COLOURS = tuple(SERIES_COLOURS[k] for k in PIE_ORDER)
SHEET = "Dati"
CATEGORY_HEADER = "Categoria"
THEME_FONT = "+mn-lt"
ROTATED = "-5400000"  # a text rotation of -90 degrees, in 60000ths of a degree


OPTIONS = {"in_memory": True, "strings_to_formulas": False}
# The parts of the chart's workbook that depend on its data; xlsxwriter writes the others
# (content types, relationships, workbook, theme, properties) alike for every chart.
DATA_PARTS = ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml")


class _DataPackager(Packager):
    """xlsxwriter's packager, writing only ``DATA_PARTS``."""

    def _create_package(self) -> list[tuple[io.StringIO, str, bool]]:
        self._write_worksheet_files()
        # xlsxwriter prepares the formats when it writes xl/workbook.xml, between the
        # sheet and the styles
        self.workbook._prepare_format_properties()
        self._write_shared_strings_file()
        self._write_styles_file()
        return cast(list[tuple[io.StringIO, str, bool]], self.filenames)


class _Workbook(Workbook):
    """An xlsxwriter workbook whose data-independent parts are written once per process
    (``fixed_parts``); its zip is stored, not compressed: the deck's writer unpacks and
    compresses every embedded workbook again (``package.rezip``)."""

    def _get_packager(self) -> Packager:
        return _DataPackager()

    def _store_workbook(self) -> None:
        # xlsxwriter's own preparation (the zip aside), for a workbook of one sheet
        if not self.worksheets():
            self.add_worksheet()
        if self.worksheet_meta.activesheet == 0:
            self.worksheets_objs[0].selected = 1
            self.worksheets_objs[0].hidden = 0
        for sheet in self.worksheets():
            if sheet.index == self.worksheet_meta.activesheet:
                sheet.active = 1
        self._prepare_sst_string_data()
        self._prepare_vml()
        self._prepare_defined_names()
        self._prepare_drawings()
        self._add_chart_data()
        self._prepare_tables()
        self._prepare_metadata()
        packager = self._get_packager()
        packager._add_workbook(self)
        packager._set_in_memory(True)
        entries = dict(fixed_parts())
        for content, name, _ in packager._create_package():
            entries[name] = content.getvalue().encode("utf-8")
        with zipfile.ZipFile(self.filename, "w", zipfile.ZIP_STORED) as zf:
            for name, data in entries.items():
                zf.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)


@cache
def fixed_parts() -> tuple[tuple[str, bytes], ...]:
    """The parts xlsxwriter writes alike in every chart's workbook (all but
    ``DATA_PARTS``), by name, from a workbook made by xlsxwriter itself."""
    out = io.BytesIO()
    workbook = Workbook(out, OPTIONS)
    workbook.add_worksheet(SHEET).write_string(0, 0, CATEGORY_HEADER)
    workbook.close()
    with zipfile.ZipFile(out) as zf:
        return tuple((n, zf.read(n)) for n in zf.namelist() if n not in DATA_PARTS)


class _Sheet(CategoryWorkbookWriter):
    """The chart's workbook: one sheet named "Dati", a header on every column of the first
    row, categories and series names written as text (never as formulas)."""

    @property
    def categories_ref(self) -> str:
        return f"{SHEET}!$A$2:$A${len(self._chart_data.categories) + 1}"

    def series_name_ref(self, series: CategorySeriesData) -> str:
        return f"{SHEET}!${self._series_col_letter(series)}$1"

    def values_ref(self, series: CategorySeriesData) -> str:
        column = self._series_col_letter(series)
        return f"{SHEET}!${column}$2:${column}${len(series) + 1}"

    @contextmanager
    def _open_worksheet(self, xlsx_file: io.BytesIO) -> Iterator[tuple[Workbook, Worksheet]]:
        workbook = _Workbook(xlsx_file, OPTIONS)
        try:
            yield workbook, workbook.add_worksheet(SHEET)
        finally:
            workbook.close()

    def _populate_worksheet(self, workbook: Workbook, worksheet: Worksheet) -> None:
        data = self._chart_data
        worksheet.write_string(0, 0, CATEGORY_HEADER)
        worksheet.set_column(0, 0, max([12, *(len(c.label) for c in data.categories)]))
        for row, category in enumerate(data.categories, start=1):
            worksheet.write_string(row, 0, category.label)
        for col, series in enumerate(data, start=1):
            fmt = workbook.add_format({"num_format": series.number_format})
            worksheet.write_string(0, col, series.name)
            worksheet.set_column(col, col, max(12, len(series.name)))
            worksheet.write_column(1, col, series.values, fmt)


class _ChartData(CategoryChartData):
    """Category chart data written to the "Dati" sheet; its chart XML comes styled when
    ``styling`` is set."""

    styling: Callable[[str], str] | None = None

    @property
    def _workbook_writer(self) -> _Sheet:
        return _Sheet(self)

    def xml_bytes(self, chart_type: XL_CHART_TYPE) -> bytes:
        """The chart part's XML: python-pptx's, styled."""
        xml = self._xml(chart_type)
        return (self.styling(xml) if self.styling is not None else xml).encode("utf-8")


def chart_data(spec: ChartSpec) -> _ChartData:
    """The chart's categories and series, with the workbook they are written to."""
    data = _ChartData(number_format=spec.number_format)
    data.categories = [category_name(c) for c in spec.categories]
    for series in spec.series:
        data.add_series(series.name, list(series.values), number_format=spec.number_format)
    return data


def add_chart(
    slide: Slide, spec: ChartSpec, box: tuple[int, int, int, int], name: str
) -> GraphicFrame:
    """Add ``spec`` as a native chart filling ``box`` (x, y, w, h in EMU)."""
    data = chart_data(spec)
    x, y, w, h = box
    if spec.kind == "pie":
        data.styling = lambda xml: styled_pie(xml, spec)
    else:
        layout = bar_layout(spec, w, h)
        data.styling = lambda xml: styled_bars(xml, spec, layout)
    # python-pptx annotates add_chart as taking ChartData (an alias kept for compatibility)
    # and returning the Chart; it takes any category data and returns the GraphicFrame.
    added = slide.shapes.add_chart(KINDS[spec.kind], Emu(x), Emu(y), Emu(w), Emu(h), data)  # type: ignore[arg-type]
    frame = cast(GraphicFrame, added)
    keep_carriage_returns(frame.chart._chartSpace, data)  # python-pptx has no API for caches
    frame.name = name
    set_alt_text(frame, spec.alt_text)
    if spec.reference is not None and not spec.reference[0]:
        # python-pptx sets an empty run's text to "", which no parsed XML gives
        title = frame.chart._chartSpace.find(f"{qn('c:chart')}/{qn('c:title')}")
        list(title.iter(qn("a:t")))[-1].text = ""
    return frame


def keep_carriage_returns(chart_space: BaseOxmlElement, data: CategoryChartData) -> None:
    """The caches' texts as the workbook holds them: python-pptx's XML, parsed again, reads
    a carriage return as a line feed; such a text is set again (written as ``&#13;``)."""
    names = [series.name for series in data]
    labels = [category.label for category in data.categories]
    if any("\r" in text for text in (*names, *labels)):
        for element, name in zip(chart_space.iter(qn("c:ser")), names, strict=False):
            for value in element.iterfind(f"{qn('c:tx')}//{qn('c:v')}"):
                value.text = name
            for point in element.iterfind(f"{qn('c:cat')}//{qn('c:pt')}"):
                point[0].text = labels[int(point.get("idx", "0"))]  # its c:v


# --- the chart's styling, written into python-pptx's chart XML ---------------------------
# python-pptx's chart properties (fonts, fills, axes, labels) each find or add their element
# through many lookups; the elements they make are written here as text into the XML
# python-pptx writes for the chart, before it is parsed. Colours come from ``set_colour``
# itself (``_colour``); tests/test_speed_charts.py keeps the properties' way and compares.


@cache
def _colour(kind: str, value: str) -> str:
    """The ``a:solidFill`` that ``set_colour`` writes for the palette colour ``value`` in a
    text's (``kind`` "text") or a line's ("line") properties."""
    if kind == "line":
        sp_pr = OxmlElement("c:spPr")
        set_colour(LineFormat(sp_pr).color, value)
        solid = sp_pr[0][0]
    else:
        r_pr = cast(CT_TextCharacterProperties, OxmlElement("a:rPr"))
        set_colour(Font(r_pr).color, value)
        solid = r_pr[0]
    return _unattached(solid)


@cache
def _fill(index: int) -> str:
    """The ``a:solidFill`` that ``set_theme_colour`` writes for the series colour
    ``SERIES_COLOURS[index]`` in a shape's properties."""
    sp_pr = OxmlElement("c:spPr")
    fill = FillFormat.from_fill_parent(sp_pr)
    fill.solid()
    set_theme_colour(fill.fore_color, SERIES_COLOURS[index])
    return _unattached(sp_pr[0])


def _unattached(element: etree._Element) -> str:
    """An element's XML without the namespace declarations it carries on its own."""
    return _DECLARATION.sub("", etree.tostring(element, encoding="unicode"))


_escape_ctrl_chars = CT_RegularTextRun._escape_ctrl_chars


def _size(points: float) -> str:
    """A font size as python-pptx writes it (hundredths of a point)."""
    return ST_TextFontSize.to_xml(Pt(points).centipoints)


def _runs(text: str) -> list[list[str]]:
    """The runs' texts (and ``<a:br/>`` for each line break) of each paragraph python-pptx
    makes of ``text`` (``TextFrame.text``: control characters escaped as it escapes them)."""
    paragraphs = []
    for p_text in text.split("\n"):
        parts: list[str] = []
        for k, piece in enumerate(re.split("\n|\v", p_text)):
            if k:
                parts.append("<a:br/>")
            if piece:
                parts.append(f"<a:t>{_escape(_escape_ctrl_chars(piece))}</a:t>")
        paragraphs.append(parts)
    return paragraphs


def _rich(text: str, size: float, bold: bool, colour: str, extra: str = "") -> str:
    """A title's rich text: python-pptx's paragraphs of ``text``, its first run formatted;
    ``extra``: paragraphs after them."""
    paragraphs = _runs(text)
    # python-pptx's paragraphs[0].runs[0] (an IndexError without one, as there)
    runs = [k for k, part in enumerate(paragraphs[0]) if part != "<a:br/>"]
    run_at = runs[0]
    r_pr = f'<a:rPr sz="{_size(size)}" b="{int(bold)}">{_colour("text", colour)}</a:rPr>'
    out = []
    for n, parts in enumerate(paragraphs):
        body = "".join(
            part
            if part == "<a:br/>"
            else f"<a:r>{r_pr if n == 0 and k == run_at else ''}{part}</a:r>"
            for k, part in enumerate(parts)
        )
        out.append(f"<a:p>{body}</a:p>")
    return (
        f"<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/>{''.join(out)}{extra}</c:rich>"
        '</c:tx><c:layout/><c:overlay val="0"/></c:title>'
    )


def _title(spec: ChartSpec) -> str:
    """The chart's title: its text, then the reference's label in a smaller, muted run."""
    extra = ""
    if spec.reference is not None:
        r_pr = f'<a:rPr sz="{_size(11)}" b="0">{_colour("text", th.MUTED)}</a:rPr>'
        text = _escape(_escape_ctrl_chars(spec.reference[0]))
        extra = f"<a:p><a:r>{r_pr}<a:t>{text}</a:t></a:r></a:p>"
    return _rich(spec.title, 13, True, th.DARK, extra)


def _text_properties(size: float, bold: bool | None, colour: str | None, body: str = "") -> str:
    """A ``c:txPr`` as python-pptx's ``font`` makes it (``body``: the attributes of its
    ``a:bodyPr``)."""
    b = "" if bold is None else f' b="{int(bold)}"'
    fill = _colour("text", colour) if colour is not None else ""
    def_r_pr = (
        f'<a:defRPr sz="{_size(size)}"{b}>{fill}</a:defRPr>'
        if fill
        else f'<a:defRPr sz="{_size(size)}"{b}/>'
    )
    return f"<c:txPr><a:bodyPr{body}/><a:lstStyle/><a:p><a:pPr>{def_r_pr}</a:pPr></a:p></c:txPr>"


def _styled_common(xml: str, spec: ChartSpec, legend: str | None) -> str:
    """The chart's title, its text's font and the legend (``legend`` its position)."""
    xml = _once(xml, _AUTO_TITLE, _title(spec) + _AUTO_TITLE)
    font = f'<a:defRPr sz="{_size(11)}">{_colour("text", th.TEXT)}<a:latin typeface="{THEME_FONT}"/></a:defRPr>'
    xml = _once(xml, _DEFAULT_FONT, font)
    if legend is not None:
        position = f' val="{legend}"' if legend else ""
        xml = _once(
            xml,
            _PLOT_END,
            f'{_PLOT_END}<c:legend><c:legendPos{position}/><c:overlay val="0"/>'
            f"{_text_properties(11, None, None)}</c:legend>",
        )
    return xml


def styled_bars(xml: str, spec: ChartSpec, layout: BarLayout) -> str:
    """python-pptx's XML of a bar or column chart, styled."""
    count = iter(range(len(spec.series)))
    xml = re.sub(
        "</c:tx>",
        lambda _: f"</c:tx><c:spPr>{_fill(next(count) % len(SERIES_COLOURS))}</c:spPr>",
        xml,
    )
    labels = ""
    if layout.shown:
        rotation = f' rot="{ROTATED}"' if layout.rotated else ""
        labels = (
            f'<c:dLbls><c:numFmt formatCode="{_attribute(layout.label_format)}" sourceLinked="0"/>'
            + _text_properties(layout.label_size, True, th.DARK, rotation)
            + '<c:dLblPos val="outEnd"/>'
            + _SHOW.format(value=1, percent=0, separator="")
            + "</c:dLbls>"
        )
    gap = f' val="{ST_GapAmount.to_xml(layout.gap_width)}"' if layout.gap_width != 150 else ""
    overlap = "" if len(spec.series) == 1 else f'<c:overlap val="{ST_Overlap.to_xml(-10)}"/>'
    xml = _once(xml, "<c:axId", f"{labels}<c:gapWidth{gap}/>{overlap}<c:axId")
    head, value_axis = xml.split("<c:valAx>", 1)
    # the category axis
    if spec.kind.endswith("bar"):
        head = _once(head, '<c:orientation val="minMax"/>', '<c:orientation val="maxMin"/>')
    category = (
        f"<c:spPr><a:ln>{_colour('line', th.RULE)}</a:ln></c:spPr>"
        + _text_properties(layout.category_size, None, None)
        + "<c:crossAx"
    )
    head = _once(head, "<c:crossAx", category, last=True)
    head = _once(head, "<c:noMultiLvlLbl", '<c:tickLblSkip val="1"/><c:noMultiLvlLbl')
    # the value axis
    top = "" if layout.maximum is None else f'<c:max val="{XsdDouble.to_xml(layout.maximum)}"/>'
    value_axis = _once(
        value_axis,
        "<c:scaling/>",
        f'<c:scaling>{top}<c:min val="{XsdDouble.to_xml(0)}"/></c:scaling>',
    )
    grid = f"<c:majorGridlines><c:spPr><a:ln>{_colour('line', th.RULE)}</a:ln></c:spPr></c:majorGridlines>"
    title = _rich(spec.value_axis_title, 10, False, th.MUTED) if spec.value_axis_title else ""
    number = f'<c:numFmt formatCode="{_attribute(spec.number_format)}" sourceLinked="0"/>'
    value_axis = _once(value_axis, "<c:majorGridlines/>", grid + title + number)
    value_axis = _once(
        value_axis,
        "<c:crossAx",
        "<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>"
        + _text_properties(10, None, th.MUTED)
        + "<c:crossAx",
    )
    if spec.kind.endswith("bar"):
        value_axis = _once(value_axis, '<c:crosses val="autoZero"/>', '<c:crosses val="max"/>')
    if layout.major_unit is not None:
        unit = f'<c:majorUnit val="{ST_AxisUnit.to_xml(layout.major_unit)}"/>'
        value_axis = _once(value_axis, "</c:valAx>", unit + "</c:valAx>")
    xml = head + "<c:valAx>" + value_axis
    return _styled_common(xml, spec, "b" if len(spec.series) > 1 else None)


def styled_pie(xml: str, spec: ChartSpec) -> str:
    """python-pptx's XML of a pie chart, styled."""
    points = "".join(
        f'<c:dPt><c:idx val="{k}"/><c:spPr>'
        + _fill(PIE_ORDER[k % len(PIE_ORDER)])
        + "</c:spPr></c:dPt>"
        for k in range(len(spec.categories))
    )
    xml = _once(xml, "</c:tx>", "</c:tx>" + points)
    # value and share, computed by the viewer from the sheet: the value in the sheet's
    # number format (linked: one explicit format would also apply to the percentage); one
    # line per label, never wrapped: LibreOffice wraps a label at a narrow width and cuts
    # numbers ("104|6") when the parts are on separate lines
    labels = (
        "<c:dLbls>"
        + _text_properties(12, True, th.DARK, ' wrap="none"')
        + '<c:dLblPos val="outEnd"/>'
        + _SHOW.format(value=1, percent=1, separator=f"<c:separator>{PIE_SEPARATOR}</c:separator>")
        + "</c:dLbls>"
    )
    xml = _once(xml, "</c:pieChart>", labels + "</c:pieChart>")
    return _styled_common(xml, spec, "")


def _once(xml: str, anchor: str, replacement: str, last: bool = False) -> str:
    """``xml`` with ``anchor`` (found once, or its last time) replaced."""
    at = xml.rfind(anchor) if last else xml.find(anchor)
    if at < 0:
        raise ValueError(f"modello di grafico inatteso: manca {anchor}")
    return xml[:at] + replacement + xml[at + len(anchor) :]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return (
        _escape(text)
        .replace('"', "&quot;")
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
    )


_AUTO_TITLE = '<c:autoTitleDeleted val="0"/>'
_DEFAULT_FONT = '<a:defRPr sz="1800"/>'
_PLOT_END = "</c:plotArea>"
_DECLARATION = re.compile(r' xmlns:\w+="[^"]*"')
PIE_SEPARATOR = " · "
_SHOW = (
    '<c:showLegendKey val="0"/><c:showVal val="{value}"/><c:showCatName val="0"/>'
    '<c:showSerName val="0"/><c:showPercent val="{percent}"/><c:showBubbleSize val="0"/>'
    '{separator}<c:showLeaderLines val="1"/>'
)


def set_language(chart_space: BaseOxmlElement, lang: str) -> None:
    """Give the chart a ``c:lang`` and every run ``lang``."""
    existing = chart_space.find(qn("c:lang"))
    if existing is None:
        existing = chart_space.insert_element_before(OxmlElement("c:lang"), *_AFTER_LANG)
    existing.set("val", lang)
    for tag in ("a:rPr", "a:endParaRPr", "a:defRPr"):
        for el in chart_space.iter(qn(tag)):
            el.set("lang", lang)


# The schema's successors of the child added here (CT_ChartSpace).
_AFTER_LANG = (
    "c:roundedCorners",
    "c:style",
    "c:clrMapOvr",
    "c:pivotSource",
    "c:protection",
    "c:chart",
    "c:spPr",
    "c:txPr",
    "c:externalData",
    "c:printSettings",
    "c:userShapes",
    "c:extLst",
)
