"""Custom tags in a deck: the named values PowerPoint keeps on a shape, a slide or the
presentation through editing, copying and pasting.

A tag list is a part of its own (``/ppt/tags/tagN.xml``: ``p:tagLst`` of ``p:tag name val``)
that the shape, slide or presentation points to from its ``p:custDataLst`` (``p:tags
r:id``). PowerPoint writes tag names in capitals; so does porreport. This module only reads
and writes tag lists; what porreport stores in them is ``porreport.deck.stamp``'s.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from lxml import etree
from pptx.opc.package import Part, XmlPart
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, nsuri, qn
from pptx.presentation import Presentation

RT_TAGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/tags"
CT_TAGS = "application/vnd.openxmlformats-officedocument.presentationml.tags+xml"
TAGS_PARTNAME = "/ppt/tags/tag%d.xml"
_NUMBER = re.compile(r"/ppt/tags/tag(\d+)\.xml$")
_R_ID = qn("r:id")
_CUST_DATA = qn("p:custDataLst")
# The schema's successors of p:custDataLst (CT_ApplicationNonVisualDrawingProps,
# CT_CommonSlideData, CT_Presentation): it goes before the first of them.
_AFTER_IN_NV_PR = (qn("p:extLst"),)
_AFTER_IN_SLIDE = (qn("p:controls"), qn("p:extLst"))
_AFTER_IN_PRESENTATION = tuple(
    qn(t) for t in ("p:kinsoku", "p:defaultTextStyle", "p:modifyVerifier", "p:extLst")
)

Tags = dict[str, str]


def tag_list_xml(tags: Mapping[str, str]) -> bytes:
    """A tags part's XML (without an XML declaration: it would be most of a small part).

    Written as text, escaped as lxml escapes attribute values (``lxml_tag_list_xml``,
    which a value lxml refuses still goes to): long values cost lxml several times more.
    """
    if not tags or any(not_xml(n) or not_xml(v) for n, v in tags.items()):
        return lxml_tag_list_xml(tags)
    rows = "".join(f'<p:tag name="{attribute(n)}" val="{attribute(v)}"/>' for n, v in tags.items())
    return f'<p:tagLst xmlns:p="{nsuri("p")}">{rows}</p:tagLst>'.encode()


def lxml_tag_list_xml(tags: Mapping[str, str]) -> bytes:
    """A tags part's XML as lxml writes it."""
    root = etree.Element(qn("p:tagLst"), nsmap={"p": nsuri("p")})
    for name, value in tags.items():
        etree.SubElement(root, qn("p:tag"), name=name, val=value)
    return etree.tostring(root, encoding="UTF-8")


# characters XML 1.0 does not allow (lxml refuses them)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# what libxml2 escapes in an attribute value, "&" first
_ESCAPES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("\n", "&#10;"),
    ("\r", "&#13;"),
    ("\t", "&#9;"),
)


def not_xml(value: str) -> bool:
    """Whether ``value`` holds a character XML 1.0 cannot carry (lxml refuses it)."""
    return _NOT_XML.search(value) is not None


def attribute(value: str) -> str:
    """``value`` escaped as lxml escapes an attribute value (for XML written as text)."""
    for char, entity in _ESCAPES:
        if char in value:
            value = value.replace(char, entity)
    return value


def parse_tag_list(blob: bytes) -> Tags:
    """The tags of a tags part (an unreadable part has none)."""
    try:
        root = etree.fromstring(blob)
    except etree.XMLSyntaxError:
        return {}
    return {t.get("name", ""): t.get("val", "") for t in root.iter(qn("p:tag"))}


class TagWriter:
    """Makes tags parts for one presentation, numbered after the ones it already has."""

    def __init__(self, prs: Presentation) -> None:
        self.package = prs.part.package
        numbers = [
            int(m.group(1))
            for part in self.package.iter_parts()
            if (m := _NUMBER.match(str(part.partname)))
        ]
        self.next = max(numbers, default=0) + 1

    def part(self, tags: Mapping[str, str]) -> Part:
        """A new tags part holding ``tags``."""
        partname = PackURI(TAGS_PARTNAME % self.next)
        self.next += 1
        return Part(partname, CT_TAGS, self.package, tag_list_xml(tags))

    def attach(self, owner: XmlPart, holder: etree._Element, tags: Mapping[str, str]) -> None:
        """Give ``holder`` (a shape's ``p:nvPr``, a slide's ``p:cSld``, the presentation's
        root) the tags, replacing the ones it had (left as they are when they are the
        same: an unchanged deck is written unchanged)."""
        if holder.find(_CUST_DATA) is not None and read(owner, holder) == dict(tags):
            return
        detach(owner, holder)
        r_id = owner.relate_to(self.part(tags), RT_TAGS)
        lst = parse_xml(
            f'<p:custDataLst {nsdecls("p", "r")}><p:tags r:id="{r_id}"/></p:custDataLst>'
        )
        successors = _successors(holder)
        anchor = next((c for c in holder if c.tag in successors), None)
        if anchor is not None:
            anchor.addprevious(lst)
        else:
            holder.append(lst)


def _successors(holder: etree._Element) -> tuple[str, ...]:
    if holder.tag == qn("p:cSld"):
        return _AFTER_IN_SLIDE
    if holder.tag == qn("p:presentation"):
        return _AFTER_IN_PRESENTATION
    return _AFTER_IN_NV_PR


def tags_r_id(holder: etree._Element) -> str | None:
    """The relationship id of the tags ``holder`` points to, if any."""
    lst = holder.find(_CUST_DATA)
    if lst is None:
        return None
    tags = lst.find(qn("p:tags"))
    return tags.get(_R_ID) if tags is not None else None


def read(owner: Part, holder: etree._Element | None) -> Tags:
    """The tags of a shape's ``p:nvPr``, a slide's ``p:cSld`` or the presentation (none
    when it has no tags or they point nowhere)."""
    if holder is None:
        return {}
    r_id = tags_r_id(holder)
    if r_id is None or r_id not in owner.rels:
        return {}
    target = owner.rels[r_id].target_part
    return parse_tag_list(target.blob)


def detach(owner: XmlPart, holder: etree._Element) -> None:
    """Remove ``holder``'s tags (and the relationship to them when nothing else uses it)."""
    lst = holder.find(_CUST_DATA)
    if lst is None:
        return
    r_id = tags_r_id(holder)
    holder.remove(lst)
    if r_id is not None and r_id in owner.rels:
        owner.drop_rel(r_id)


def nv_pr(element: etree._Element) -> etree._Element | None:
    """A shape element's ``p:nvPr`` (in its first child: p:nvSpPr, p:nvGrpSpPr...)."""
    return element[0].find(qn("p:nvPr")) if len(element) else None


def slide_holder(slide_element: etree._Element) -> etree._Element:
    """A slide's ``p:cSld``, which holds the slide's tags."""
    holder = slide_element.find(qn("p:cSld"))
    if holder is None:  # the schema requires it
        raise ValueError("diapositiva senza p:cSld")
    return holder
