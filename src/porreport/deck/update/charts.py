"""New data in a chart people restyled: caches and workbook replaced, their styling kept.

python-pptx's ``Chart.replace_data`` rewrites each series' categories and values (caches
and formulas) in place, so the series keep their colours, labels and the chart its type,
fonts, size and position; a series the data add copies the last one's formatting. The
embedded workbook is written again (sheet "Dati"), or added to a chart that lost it (a
LibreOffice re-save). The title and the value axis's fixed maximum are updated only where
they are still what porreport wrote.
"""

from __future__ import annotations

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide

from porreport.deck import plan_keys as K
from porreport.deck import stored, text
from porreport.deck.chart_layout import bar_layout
from porreport.deck.charts import chart_data, keep_carriage_returns
from porreport.deck.charts import set_language as set_chart_language
from porreport.deck.slides import ChartPlan
from porreport.deck.stamp import Record
from porreport.deck.update.inplace import update_lines


def update_chart(
    slide: Slide, element: etree._Element, item: ChartPlan, record: Record
) -> tuple[Record, tuple[str, ...] | None]:
    """Replace a chart's data with the plan's; returns the chart's new record (its look
    left unknown: people's formatting stays theirs) and, when people rewrote the title and
    the data would change it, their title (kept)."""
    frame = GraphicFrame(element, slide.shapes)  # type: ignore[arg-type]
    chart = frame.chart
    root = chart._chartSpace  # python-pptx's chart XML, for what it has no API for
    lines = K.content(item)
    workbook = root.find(qn("c:externalData"))
    if stored.chart_lines(root) != lines or workbook is None:
        data = chart_data(item.spec)
        chart.replace_data(data)
        keep_carriage_returns(root, data)
        set_chart_language(root, text.LANG)
    title = stored.chart_title(root)
    new_title = K.chart_title(item)
    # LibreOffice writes a title's lines as one paragraph: compared as text
    if _text(title) == _text(record.title) and _text(new_title) != _text(title):
        rich = root.find(f"{qn('c:chart')}/{qn('c:title')}/{qn('c:tx')}/{qn('c:rich')}")
        if rich is not None:
            update_lines(rich, new_title)
            title = new_title
    axis = record.axis  # people's axis stays theirs, and is still told from porreport's
    if item.spec.kind != "pie" and stored.chart_axis(root) == record.axis:
        layout = bar_layout(item.spec, frame.width or 0, frame.height or 0)
        value_axis = chart.value_axis
        value_axis.maximum_scale = layout.maximum
        value_axis.major_unit = layout.major_unit
        axis = stored.chart_axis(root)
    updated = Record(
        record.key,
        record.kind,
        record.name,
        lines,
        K.fingerprint(lines),
        "",
        "",
        new_title if _text(title) == _text(new_title) else record.title,
        axis,
        K.item_fingerprint(item),
    )
    kept = _text(title) != _text(new_title) and _text(new_title) != _text(record.title)
    return updated, title if kept else None


def _text(lines: tuple[str, ...]) -> str:
    return "\n".join(lines)


def repair_label_order(root: etree._Element) -> None:
    """Put a chart's per-point data labels first in their ``c:dLbls``, where the schema
    wants them (LibreOffice writes a pie's after the shared settings, which the Open XML
    SDK validator rejects)."""
    for labels in root.iter(qn("c:dLbls")):
        points = labels.findall(qn("c:dLbl"))
        for point in reversed(points):
            labels.remove(point)
            labels.insert(0, point)


def repair_charts(prs: Presentation) -> None:
    """``repair_label_order`` on every chart of the deck's slides."""
    for slide in prs.slides:
        for rel in slide.part.rels.values():
            root = getattr(rel.target_part, "_element", None) if rel.reltype == RT.CHART else None
            if root is not None:
                repair_label_order(root)
