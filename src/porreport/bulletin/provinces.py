"""The map's text equivalent: every province of the map with its value, as a data table.

A choropleth tells its figures through colour classes and small labels; this table, right
under the map, gives every province (in the map's order: alphabetical) and its formatted
value, "Nessun dato" where the map shows that class. It is built from the same ``MapSpec``
the map and the deck's alt text come from, so the three never disagree.

To stay compact it is folded into up to three side-by-side blocks, filled row by row (left
to right, then down, as one reads); a screen reader gets one two-column table in that order
(``FoldedTableTags``): header ``Provincia`` and the map's legend title, a row header per
province.
"""

from __future__ import annotations

import math

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Spacer, TableStyle

from porreport.bulletin import styles as bs
from porreport.bulletin.flow import GAP, Flowables, keep_with_next, para
from porreport.bulletin.tagging import FoldedTableTags
from porreport.charts.marks import NO_DATA_LABEL
from porreport.content.document import MapSpec

BLOCKS = 3  # side-by-side blocks of the folded table
NAME_HEADER = "Provincia"
SIZE = 8.5  # points: smaller than a data table, as a legend is


def province_rows(spec: MapSpec) -> list[tuple[str, str]]:
    """(province, value) for every province of the map, in the map's order."""
    return [(f"{p.nome} ({p.sigla})", p.label or NO_DATA_LABEL) for p in spec.provinces]


def province_table(spec: MapSpec, width: float) -> Flowables:
    """The folded table of the map's provinces and their values (nothing without any)."""
    rows = province_rows(spec)
    if not rows:
        return []
    st = bs.styles()
    blocks = min(BLOCKS, len(rows))
    drawn_rows = math.ceil(len(rows) / blocks)
    name = ParagraphStyle("province", parent=st.cell, fontSize=SIZE, leading=SIZE + 2)
    value = ParagraphStyle("province-value", parent=name, alignment=TA_RIGHT)
    head = ParagraphStyle("province-head", parent=st.cell_head, fontSize=SIZE, leading=SIZE + 2)
    head_right = ParagraphStyle("province-head-r", parent=head, alignment=TA_RIGHT)
    block_w = (width - GAP * (blocks - 1)) / blocks
    # the values and every word of the header on one line each, paddings included
    words = [w for w in spec.legend_title.split() if w]
    value_w = 12 + max(
        max(stringWidth(v, bs.REGULAR, SIZE) for _, v in rows),
        max((stringWidth(w, bs.SEMIBOLD, SIZE) for w in words), default=0.0),
    )
    value_w = min(max(value_w, block_w * 0.3), block_w * 0.5)
    header: list[object] = []
    widths: list[float] = []
    for b in range(blocks):
        if b:
            header.append("")
            widths.append(GAP)
        header += [para(NAME_HEADER, head), para(spec.legend_title, head_right)]
        widths += [block_w - value_w, value_w]
    data = [header]
    for r in range(drawn_rows):
        line: list[object] = []
        for b in range(blocks):
            if b:
                line.append("")
            k = r * blocks + b
            if k < len(rows):
                line += [para(rows[k][0], name), para(rows[k][1], value)]
            else:
                line += ["", ""]
        data.append(line)
    cmds: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("NOSPLIT", (0, 0), (-1, -1)),
    ]
    for b in range(blocks):
        c0 = 3 * b
        used = len(range(b, len(rows), blocks))  # drawn rows holding a province in block b
        cmds += [
            ("BACKGROUND", (c0, 0), (c0 + 1, 0), bs.PRIMARY),
            ("LINEBELOW", (c0, 1), (c0 + 1, used), 0.4, bs.RULE),
        ]
        cmds += [("BACKGROUND", (c0, r), (c0 + 1, r), bs.ROW_STRIPE) for r in range(2, used + 1, 2)]
    table = bs.BTable(
        data,
        colWidths=widths,
        style=TableStyle(cmds),
        hAlign="LEFT",
        renderCB=FoldedTableTags(rows=len(rows), columns=2, groups=blocks),
    )
    return [keep_with_next([Spacer(1, 8)])[0], table]
