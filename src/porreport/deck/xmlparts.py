"""Pieces for the deck's shapes written as XML text (``shapes``, ``map_shapes``): values
escaped as python-pptx's setters write them, and the ids python-pptx gives new shapes.

May import: lxml. Nothing else of porreport.
"""

from __future__ import annotations

import re
from typing import cast

from lxml import etree

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
