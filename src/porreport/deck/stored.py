"""Read back from a deck's XML what porreport compares when it updates it.

``content`` gives an element's lines exactly as ``plan_keys.content`` gives them for the
planned element that was written there (paragraphs, table rows, chart data, a province's
description), whatever formatting people gave the text since. ``look`` fingerprints
everything else too (position, size, formatting, a chart's part), leaving out what changes
when nothing was edited: shape ids, relationship ids, the tags themselves, the ids
PowerPoint adds to shapes it saves, the sign of chart axis ids. ``fill`` is a shape's fill
as a colour value, theme colours resolved, so a LibreOffice re-save (which writes RGB
values) still compares equal.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from functools import lru_cache
from typing import cast

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.oxml.ns import qn

from porreport.deck.plan_keys import CATEGORY_HEADER, CELL_SEPARATOR, Lines, number

KIND_TEXT = "testo"
KIND_TABLE = "tabella"
KIND_CHART = "grafico"
KIND_GROUP = "gruppo"
KIND_SHAPE = "forma"
KIND_AREA = "area"  # a map's province or its neighbours: what it shows is its description

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CREATION_ID_URI = "{FF2B5EF4-FFF2-40B4-BE49-F238E27FC236}"  # PowerPoint's a16:creationId
_C_NV_PR = qn("p:cNvPr")
_CUST_DATA = qn("p:custDataLst")
_TEXT = {qn("a:r"), qn("a:fld")}
_BR = qn("a:br")
_T = qn("a:t")
_P = qn("a:p")
_AXIS_IDS = (qn("c:axId"), qn("c:crossAx"))
_GRAPHIC_FRAME = qn("p:graphicFrame")
_SP_PR = qn("p:spPr")
_SOLID_FILL = qn("a:solidFill")
_SRGB = qn("a:srgbClr")
_SCHEME = qn("a:schemeClr")

Resolver = Callable[[str], str | None]  # a scheme colour name -> its RGB value


# --- content -----------------------------------------------------------------------------


def paragraph_text(p: etree._Element) -> str:
    """A paragraph's text: its runs and fields, a line break as a newline."""
    out = []
    for child in p:
        if child.tag in _TEXT:
            t = child.find(_T)
            out.append(t.text or "" if t is not None else "")
        elif child.tag == _BR:
            out.append("\n")
    return "".join(out)


def text_lines(body: etree._Element | None) -> Lines:
    """A text body's lines, one per paragraph ('' for none)."""
    if body is None:
        return ("",)
    return tuple(paragraph_text(p) for p in body.iter(_P)) or ("",)


def txbody(element: etree._Element) -> etree._Element | None:
    """A shape's text body (``p:txBody``), if it has one."""
    return element.find(qn("p:txBody"))


def table_lines(element: etree._Element) -> Lines:
    """A table's rows, cells separated as in ``plan_keys.content``."""
    rows = []
    for tr in element.iter(qn("a:tr")):
        cells = ["\n".join(text_lines(tc.find(qn("a:txBody")))) for tc in tr.iter(qn("a:tc"))]
        rows.append(CELL_SEPARATOR.join(cells))
    return tuple(rows)


def chart_part(element: etree._Element, owner: Part) -> Part | None:
    """The chart part a graphic frame shows, when its relationship resolves."""
    chart = element.find(f".//{qn('c:chart')}")
    r_id = chart.get(f"{{{R_NS}}}id") if chart is not None else None
    if r_id is None or r_id not in owner.rels:
        return None
    part: Part = owner.rels[r_id].target_part
    return part


def chart_root(element: etree._Element, owner: Part) -> etree._Element | None:
    """The ``c:chartSpace`` of a graphic frame's chart."""
    part = chart_part(element, owner)
    return getattr(part, "_element", None) if part is not None else None


def _points(cache: etree._Element | None) -> dict[int, str]:
    if cache is None:
        return {}
    out = {}
    for pt in cache.iter(qn("c:pt")):
        v = pt.find(qn("c:v"))
        out[int(pt.get("idx", "0"))] = v.text or "" if v is not None else ""
    return out


def _count(cache: etree._Element | None) -> int:
    count = next(cache.iter(qn("c:ptCount")), None) if cache is not None else None
    return int(count.get("val", "0")) if count is not None else 0


def _value(text: str) -> str:
    try:
        return number(float(text))
    except ValueError:
        return text


def chart_lines(root: etree._Element) -> Lines:
    """A chart's data as ``plan_keys.chart_lines`` gives it: the series' names, then each
    category with its values, from the chart's caches."""
    series = list(root.iter(qn("c:ser")))
    names = ["".join(_points(s.find(qn("c:tx"))).values()) for s in series]
    header = CELL_SEPARATOR.join([CATEGORY_HEADER, *names])
    if not series:
        return (header,)
    cat = series[0].find(qn("c:cat"))
    categories = _points(cat)
    values = [_points(s.find(qn("c:val"))) for s in series]
    count = max([_count(c) for c in (cat, *(s.find(qn("c:val")) for s in series))] + [0])
    rows = [
        CELL_SEPARATOR.join([categories.get(k, ""), *(_value(v.get(k, "")) for v in values)])
        for k in range(count)
    ]
    return (header, *rows)


def chart_title(root: etree._Element) -> Lines:
    """A chart title's lines (none when the chart has no title of its own)."""
    title = root.find(f"{qn('c:chart')}/{qn('c:title')}")
    rich = title.find(f"{qn('c:tx')}/{qn('c:rich')}") if title is not None else None
    if rich is None:
        return ()
    return tuple(paragraph_text(p) for p in rich.iter(_P))


def chart_axis(root: etree._Element) -> str:
    """The value axis's fixed maximum and major unit, 'max|unit' ('' where automatic)."""
    axis = root.find(f".//{qn('c:valAx')}")
    if axis is None:
        return "|"
    top = axis.find(f"{qn('c:scaling')}/{qn('c:max')}")
    unit = axis.find(qn("c:majorUnit"))
    return f"{top.get('val', '') if top is not None else ''}|{unit.get('val', '') if unit is not None else ''}"


def description(element: etree._Element) -> str:
    """A shape's alt text."""
    c_nv_pr = element[0].find(_C_NV_PR) if len(element) else None
    return c_nv_pr.get("descr", "") if c_nv_pr is not None else ""


def content(kind: str, element: etree._Element, owner: Part) -> Lines:
    """What an element of ``kind`` shows now (see ``plan_keys.content``)."""
    if kind == KIND_TEXT:
        return text_lines(txbody(element))
    if kind == KIND_TABLE:
        return table_lines(element)
    if kind == KIND_CHART:
        root = chart_root(element, owner)
        return chart_lines(root) if root is not None else ()
    if kind == KIND_AREA:
        return (description(element),)
    return ()


# --- look --------------------------------------------------------------------------------


_WITH_R_ATTRIBUTE = etree.XPath("descendant-or-self::*[@r:*]", namespaces={"r": R_NS})
_R_PREFIX = f"{{{R_NS}}}"
_EXT = qn("a:ext")
_EXT_LST = qn("a:extLst")

Undo = list[Callable[[], None]]


def _detach(node: etree._Element, undo: Undo) -> None:
    """Take ``node`` (with its tail) out of its parent; ``undo`` puts it back in place."""
    parent = node.getparent()
    if parent is not None:
        index = parent.index(node)
        parent.remove(node)
        undo.append(lambda: parent.insert(index, node))


def _keep_attributes(node: etree._Element, undo: Undo) -> None:
    """Let ``undo`` give ``node`` back its attributes in their order (a deleted attribute
    set again would come last, and the deck's bytes would change)."""
    items = list(node.attrib.items())

    def restore() -> None:
        node.attrib.clear()
        for name, value in items:
            node.set(name, value)

    undo.append(restore)


def _strip(element: etree._Element, undo: Undo) -> None:
    """Leave out of ``element``, in place, what changes when nobody edits it; ``undo``
    restores it exactly. The nodes concerned are found in one walk; a change made inside a
    subtree already taken out shows in nothing serialised, so the steps may see them."""
    lists: list[etree._Element] = []
    shape_ids: list[etree._Element] = []
    exts: list[etree._Element] = []
    ext_lists: list[etree._Element] = []
    axis_ids: list[etree._Element] = []
    found = {
        _CUST_DATA: lists,
        _C_NV_PR: shape_ids,
        _EXT: exts,
        _EXT_LST: ext_lists,
        **{tag: axis_ids for tag in _AXIS_IDS},
    }
    for node in element.iter(*found):
        found[node.tag].append(node)
    for node in lists:
        _detach(node, undo)
    for node in shape_ids:
        if "id" in node.attrib:
            _keep_attributes(node, undo)
            del node.attrib["id"]
    # the nodes that have one, found in C (an element-set XPath returns elements)
    for node in cast("list[etree._Element]", _WITH_R_ATTRIBUTE(element)):
        _keep_attributes(node, undo)
        for name in [n for n in map(str, node.attrib) if n.startswith(_R_PREFIX)]:
            del node.attrib[name]
    for ext in exts:
        if ext.get("uri") == CREATION_ID_URI:
            _detach(ext, undo)
    for lst in ext_lists:  # empty once their creation ids are out
        if len(lst) == 0:
            _detach(lst, undo)
    for axis_id in axis_ids:
        value = axis_id.get("val", "")
        if value.startswith("-") or "val" not in axis_id.attrib:
            _keep_attributes(axis_id, undo)
            axis_id.set("val", value.lstrip("-"))


def _canonical(element: etree._Element) -> etree._Element:
    """A copy of ``element`` stripped as ``canonical`` strips it (what its C14N shows)."""
    clone = copy.deepcopy(element)
    _strip(clone, [])
    return clone


def canonical(element: etree._Element) -> bytes:
    """``element`` as exclusive C14N without what changes when nobody edits it: shape ids,
    relationship ids, the tags, PowerPoint's creation ids, empty extension lists, the sign
    of chart axis ids. The element is changed for the serialising, then restored."""
    undo: Undo = []
    try:
        _strip(element, undo)
        return etree.tostring(element, method="c14n", exclusive=True)
    finally:
        for step in reversed(undo):
            step()


def look(element: etree._Element, owner: Part) -> str:
    """The fingerprint of everything about an element (with its chart, for a chart)."""
    digest = hashlib.sha256(canonical(element))
    root = chart_root(element, owner) if element.tag == _GRAPHIC_FRAME else None
    if root is not None:
        digest.update(canonical(root))
    return digest.hexdigest()[:16]


# --- fills -------------------------------------------------------------------------------

_SCHEME_SLOTS = ("dk1", "lt1", "dk2", "lt2", *(f"accent{k}" for k in range(1, 7)))
_MAPPED = ("bg1", "tx1", "bg2", "tx2")


def scheme_colours(master: Part) -> dict[str, str]:
    """A slide master's theme colours by scheme name (``accent1``, ``bg2``... through the
    master's colour map), as RGB values."""
    mapping = master._element.find(qn("p:clrMap"))  # type: ignore[attr-defined]
    mapped = tuple(mapping.get(name) if mapping is not None else None for name in _MAPPED)
    return dict(_scheme_colours(master.part_related_by(RT.THEME).blob, mapped))


@lru_cache(maxsize=8)
def _scheme_colours(
    theme_xml: bytes, mapped: tuple[str | None, ...]
) -> tuple[tuple[str, str], ...]:
    """The colours of a theme (its XML) by scheme name, ``_MAPPED`` mapped to ``mapped``
    (kept per process: a batch's decks share their template's theme)."""
    theme = etree.fromstring(theme_xml)
    colours: dict[str, str] = {}
    for slot in _SCHEME_SLOTS:
        el = theme.find(f".//{qn('a:clrScheme')}/{qn('a:' + slot)}")
        value: str | None = None
        if el is not None and len(el):
            value = el[0].get("val") if el[0].tag == _SRGB else el[0].get("lastClr")
        if value:
            colours[slot] = value.upper()
    for name, target in zip(_MAPPED, mapped, strict=True):
        if target in colours:
            colours[name] = colours[target]
    return tuple(colours.items())


def fill(element: etree._Element, resolve: Resolver) -> str:
    """A shape's solid fill: its RGB value, a theme colour resolved; the colour's XML when
    it has modifiers (lighter, darker...); '' without a solid fill."""
    sp_pr = element.find(_SP_PR)
    solid = sp_pr.find(_SOLID_FILL) if sp_pr is not None else None
    if solid is None or not len(solid):
        return ""
    colour = solid[0]
    value = colour.get("val", "")
    if len(colour) == 0:
        if colour.tag == _SRGB:
            return value.upper()
        if colour.tag == _SCHEME:
            return resolve(value) or value
    return etree.tostring(colour, method="c14n", exclusive=True).decode()
