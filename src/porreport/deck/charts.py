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
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import cast

from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData, CategorySeriesData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import BaseOxmlElement, OxmlElement
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
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
PIE_COLOURS = tuple(SERIES_COLOURS[k] for k in (0, 3, 1, 2, 4, 5))
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
    """Category chart data written to the "Dati" sheet."""

    @property
    def _workbook_writer(self) -> _Sheet:
        return _Sheet(self)


def chart_data(spec: ChartSpec) -> CategoryChartData:
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


def set_language(chart_space: BaseOxmlElement, lang: str) -> None:
    """Give the chart a ``c:lang`` and every run ``lang``."""
    existing = chart_space.find(qn("c:lang"))
    if existing is None:
        existing = chart_space.insert_element_before(OxmlElement("c:lang"), *_AFTER_LANG)
    existing.set("val", lang)
    for tag in ("a:rPr", "a:endParaRPr", "a:defRPr"):
        for el in chart_space.iter(qn(tag)):
            el.set("lang", lang)


# The schema's successors of the children added here (CT_CatAx, CT_ChartSpace).
_AFTER_TICK_LABEL_SKIP = ("c:tickMarkSkip", "c:noMultiLvlLbl", "c:extLst")
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
