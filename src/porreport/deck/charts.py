"""Native (editable) PowerPoint charts from a ``ChartSpec``.

Values are the spec's raw ``Series.values``; data labels and the value axis carry the spec's
Excel number format, so an Italian Office (or LibreOffice in it-IT) shows '853,9 M€'. Pie
slices use the spec's formatted labels as data-label text. Alt text is the spec's.
"""

from __future__ import annotations

from typing import cast

from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import BaseOxmlElement, OxmlElement
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.util import Emu, Pt

from porreport import theme as th
from porreport.content.document import ChartSpec
from porreport.deck.shapes import set_alt_text

KINDS = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "clustered_column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "clustered_bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "pie": XL_CHART_TYPE.PIE,
}
PIE_COLOURS = (th.PRIMARY, th.ACCENT, th.DARK, th.SERIES[2], th.SERIES[4], th.SERIES[5])


def add_chart(
    slide: Slide, spec: ChartSpec, box: tuple[int, int, int, int], name: str
) -> GraphicFrame:
    """Add ``spec`` as a native chart filling ``box`` (x, y, w, h in EMU)."""
    # Horizontal bars are drawn bottom-up: feed them reversed so the first category is on
    # top, as in the source, while the value axis stays at the bottom.
    order = -1 if spec.kind.endswith("bar") else 1
    data = CategoryChartData(number_format=spec.number_format)
    data.categories = list(spec.categories)[::order]
    for series in spec.series:
        values = list(series.values)[::order]
        data.add_series(series.name, values, number_format=spec.number_format)
    x, y, w, h = box
    # python-pptx annotates add_chart as taking ChartData (an alias kept for compatibility)
    # and returning the Chart; it takes any category data and returns the GraphicFrame.
    added = slide.shapes.add_chart(KINDS[spec.kind], Emu(x), Emu(y), Emu(w), Emu(h), data)  # type: ignore[arg-type]
    frame = cast(GraphicFrame, added)
    frame.name = name
    set_alt_text(frame, spec.alt_text)
    chart = frame.chart
    chart.font.name = th.FONT_FAMILY
    chart.font.size = Pt(11)
    chart.font.color.rgb = RGBColor.from_string(th.TEXT)
    _title(chart, spec)
    if spec.kind == "pie":
        _pie(chart, spec)
    else:
        _bars(chart, spec)
    return frame


def _title(chart: Chart, spec: ChartSpec) -> None:
    chart.has_title = True
    tf = chart.chart_title.text_frame
    tf.text = spec.title
    run = tf.paragraphs[0].runs[0]
    run.font.size, run.font.bold = Pt(13), True
    run.font.color.rgb = RGBColor.from_string(th.DARK)
    if spec.reference is not None:
        p = tf.add_paragraph()
        r = p.add_run()
        r.text = spec.reference[0]
        r.font.size, r.font.bold = Pt(11), False
        r.font.color.rgb = RGBColor.from_string(th.MUTED)


def _bars(chart: Chart, spec: ChartSpec) -> None:
    plot = chart.plots[0]
    plot.gap_width = 60 if len(spec.series) == 1 else 80
    plot.overlap = 0 if len(spec.series) == 1 else -10
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = spec.number_format
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(10 if len(spec.series) > 2 else 11)
    labels.font.bold = True
    labels.font.color.rgb = RGBColor.from_string(th.DARK)
    for k, series in enumerate(plot.series):
        fill = series.format.fill
        fill.solid()
        fill.fore_color.rgb = RGBColor.from_string(th.SERIES[k % len(th.SERIES)])
    value_axis = chart.value_axis
    value_axis.tick_labels.number_format = spec.number_format
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.tick_labels.font.size = Pt(10)
    value_axis.tick_labels.font.color.rgb = RGBColor.from_string(th.MUTED)
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor.from_string(th.RULE)
    value_axis.format.line.fill.background()
    value_axis.minimum_scale = 0
    if spec.value_axis_title:
        value_axis.has_title = True
        tf = value_axis.axis_title.text_frame
        tf.text = spec.value_axis_title
        tf.paragraphs[0].runs[0].font.size = Pt(10)
        tf.paragraphs[0].runs[0].font.bold = False
        tf.paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string(th.MUTED)
    category_axis = chart.category_axis
    category_axis.tick_labels.font.size = Pt(9 if spec.kind.endswith("bar") else 11)
    category_axis.format.line.color.rgb = RGBColor.from_string(th.RULE)
    category_axis.has_major_gridlines = False
    # every category label, even in a short chart (python-pptx has no property for it)
    skip = OxmlElement("c:tickLblSkip")
    skip.set("val", "1")
    chart.element.catAx_lst[0].insert_element_before(skip, *_AFTER_TICK_LABEL_SKIP)
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(11)


def _pie(chart: Chart, spec: ChartSpec) -> None:
    plot = chart.plots[0]
    series = plot.series[0]
    labels = spec.series[0].labels
    for k, point in enumerate(series.points):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = RGBColor.from_string(PIE_COLOURS[k % len(PIE_COLOURS)])
        label = point.data_label
        label.position = XL_LABEL_POSITION.OUTSIDE_END
        tf = label.text_frame
        tf.text = labels[k]
        run = tf.paragraphs[0].runs[0]
        run.font.size, run.font.bold = Pt(12), True
        run.font.color.rgb = RGBColor.from_string(th.DARK)
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
