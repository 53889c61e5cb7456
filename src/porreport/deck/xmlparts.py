"""Pieces for the deck's shapes written as XML text (``shapes``, ``map_shapes``): values
escaped as python-pptx's setters write them, the ids python-pptx gives new shapes, and a
group around its members.

May import: lxml and python-pptx's namespaces. Nothing else of porreport.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import cast

from lxml import etree
from pptx.oxml.ns import nsdecls

# lxml refuses these in a value (python-pptx's setters raise the same ValueError)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# an attribute's white space as references, or parsing would turn it into spaces
_ATTR = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\t": "&#9;",
        "\n": "&#10;",
        "\r": "&#13;",
    }
)
_IDS = etree.XPath("//@id", smart_strings=False)
_NS = nsdecls("a", "p", "r")

Box = tuple[int, int, int, int]
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
# the ``a:extLst`` of a ``p:cNvPr`` that marks its shape decorative (Office 2019+; screen
# readers skip it), inside a shape whose root declares the namespaces
DECORATIVE = (
    f'<a:extLst><a:ext uri="{DECORATIVE_URI}"><adec:decorative xmlns:adec="{DECORATIVE_NS}" '
    'val="1"/></a:ext></a:extLst>'
)


def attr(value: str) -> str:
    """``value`` as a quoted attribute value that parses back to itself."""
    if _NOT_XML.search(value):
        raise ValueError(f"not an XML attribute value: {value!r}")
    return f'"{value.translate(_ATTR)}"'


def run_text(value: str) -> str:
    """A run's text as python-pptx writes it (a control character, carriage return
    included, as "_x0007_"), escaped for the XML."""
    plain = _CONTROL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", value)
    return plain.translate(_TEXT)


class ShapeIds:
    """The ids python-pptx gives new shapes on a slide (``tree``: any element of it): a
    group or a freeform takes the lowest id the slide does not use, a text box, an autoshape
    or a table one more than the highest."""

    def __init__(self, tree: etree._Element) -> None:
        values = cast("list[str]", _IDS(tree))  # every @id of the slide, as python-pptx counts
        self.used = {int(v) for v in values if v.isdigit()}

    def lowest(self) -> int:
        """The lowest unused id, now used."""
        n = 1
        while n in self.used:
            n += 1
        self.used.add(n)
        return n

    def next(self) -> int:
        """One more than the highest id, now used."""
        n = max(self.used, default=0) + 1
        self.used.add(n)
        return n


def group_xml(group_id: int, name: str, alt_text: str, members: str, boxes: Sequence[Box]) -> str:
    """A ``p:grpSp`` holding ``members`` (their XML), its extents those of ``boxes`` (the
    members' boxes; zero when there are none), as python-pptx's group writes them."""
    x, y, cx, cy = extents(boxes)
    return (
        f"<p:grpSp {_NS}><p:nvGrpSpPr>"
        f'<p:cNvPr id="{group_id}" name={attr(name)} descr={attr(alt_text)}/>'
        "<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>"
        f'<a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/>'
        f'<a:chOff x="{x}" y="{y}"/><a:chExt cx="{cx}" cy="{cy}"/>'
        f"</a:xfrm></p:grpSpPr>{members}</p:grpSp>"
    )


def extents(boxes: Sequence[Box]) -> Box:
    """(x, y, cx, cy) of the box around ``boxes``: a group's extents (zero when empty)."""
    if not boxes:
        return 0, 0, 0, 0
    x, y = min(b[0] for b in boxes), min(b[1] for b in boxes)
    return x, y, max(b[0] + b[2] for b in boxes) - x, max(b[1] + b[3] for b in boxes) - y
