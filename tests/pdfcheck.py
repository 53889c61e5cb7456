"""Structural checks of a tagged PDF (PDF/UA-1, PDF/A-2 identification), with pikepdf.

Each ``*_problems`` function takes an open ``pikepdf.Pdf`` and returns a list of problems
in words (empty when the file passes), so a test reads ``assert figure_problems(pdf) == []``
and a failure says what is wrong and where. ``all_problems`` runs every check. They are
written from the PDF/UA-1 rules (ISO 14289-1, the veraPDF rule numbers in brackets), not
from porreport's tagging code, so a mistake there is not repeated here. What each check
covers, and what it does not, is in docs/accessibility.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

TEXT_OPS = frozenset({"Tj", "TJ", "'", '"'})
PATH_PAINT_OPS = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"})
PAINT_OPS = TEXT_OPS | PATH_PAINT_OPS | {"sh", "Do", "BI"}  # `n` ends a clip path: no paint
STANDARD_TYPES = frozenset(
    {
        *("Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI"),
        *("Index", "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6"),
        *("L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot"),
        *("Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot"),
        *("Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form"),
    }
)  # ISO 32000-1, 14.8.4
# [7.2-3 to 7.2-20, 7.2-36 to 7.2-38]: where table and list elements may stand.
PARENTS = {
    "TR": {"Table", "THead", "TBody", "TFoot"},
    "TH": {"TR"},
    "TD": {"TR"},
    "THead": {"Table"},
    "TBody": {"Table"},
    "TFoot": {"Table"},
    "LI": {"L"},
    "Lbl": {"LI"},
    "LBody": {"LI"},
}
KIDS = {
    "Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
    "THead": {"TR"},
    "TBody": {"TR"},
    "TFoot": {"TR"},
    "TR": {"TH", "TD"},
    "L": {"L", "LI", "Caption"},
    "LI": {"Lbl", "LBody"},
}
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
}


# --- the structure tree --------------------------------------------------------------


@dataclass
class Element:
    """A structure element read back: its type (role-mapped), object and position."""

    type: str
    obj: Dictionary
    path: str


def _role_map(pdf: Pdf) -> dict[str, str]:
    root = pdf.Root.get("/StructTreeRoot")
    mapping = root.get("/RoleMap") if root is not None else None
    return {str(k)[1:]: str(v)[1:] for k, v in mapping.items()} if mapping is not None else {}


def _standard(type_: str, role_map: dict[str, str]) -> str:
    seen = set()
    while type_ not in STANDARD_TYPES and type_ in role_map and type_ not in seen:
        seen.add(type_)
        type_ = role_map[type_]
    return type_


def _kids(node: Dictionary) -> list[object]:
    kid = node.get("/K")
    if kid is None:
        return []
    return list(kid) if isinstance(kid, Array) else [kid]


def _is_element(obj: object) -> bool:
    """A structure element (not an MCID, an /MCR or an /OBJR); /Type is optional."""
    return (
        isinstance(obj, Dictionary)
        and "/S" in obj
        and obj.get("/Type", Name.StructElem) == Name.StructElem
    )


def elements(pdf: Pdf) -> list[Element]:
    """Every structure element, parents first, in reading order."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return []
    role_map = _role_map(pdf)
    out: list[Element] = []

    def walk(node: Dictionary, path: str) -> None:
        for i, kid in enumerate(k for k in _kids(node) if _is_element(k)):
            type_ = _standard(str(kid.S)[1:], role_map)
            here = f"{path}/{type_}[{i}]"
            out.append(Element(type_, kid, here))
            walk(kid, here)

    walk(root, "")
    return out


def element_kids(element: Element, role_map: dict[str, str]) -> list[str]:
    """The (role-mapped) types of an element's element kids."""
    return [_standard(str(k.S)[1:], role_map) for k in _kids(element.obj) if _is_element(k)]


def _attribute(obj: Dictionary, owner: str, key: str) -> object | None:
    attributes = obj.get("/A")
    if attributes is None:
        return None
    for attribute in attributes if isinstance(attributes, Array) else [attributes]:
        if isinstance(attribute, Dictionary) and attribute.get("/O") == Name("/" + owner):
            value = attribute.get("/" + key)
            if value is not None:
                return value
    return None


def _text(value: object | None) -> str:
    return str(value) if value is not None else ""


# --- marked content ------------------------------------------------------------------


@dataclass
class _Context:
    artifact: bool
    mcid: int | None


def _properties(operands: list[object], resources: Dictionary) -> Dictionary | None:
    if len(operands) < 2:
        return None
    value = operands[1]
    if isinstance(value, Name):  # a named property list in /Resources /Properties
        props = resources.get("/Properties")
        value = props.get(value) if props is not None else None
    return value if isinstance(value, Dictionary) else None


def scan_stream(
    stream: object, resources: Dictionary, where: str, inherited: list[_Context], report: list[str]
) -> list[int]:
    """Check one content stream (and the forms it draws); return the MCIDs it marks."""
    stack = list(inherited)
    mcids: list[int] = []
    for instruction in pikepdf.parse_content_stream(stream):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            op, operands = "BI", []
        else:
            op, operands = str(instruction.operator), list(instruction.operands)
        if op in ("BDC", "BMC"):
            stack.append(_enter(operands, resources, stack, where, report, mcids))
        elif op == "EMC":
            if len(stack) <= len(inherited):
                report.append(f"{where}: EMC without a matching BDC/BMC")
            else:
                stack.pop()
        elif op in PAINT_OPS:
            if not any(c.artifact or c.mcid is not None for c in stack):
                report.append(f"{where}: '{op}' outside tagged content and artifacts")
            if op == "Do":
                _scan_xobject(operands[0], resources, where, stack, report)
    if len(stack) > len(inherited):
        report.append(
            f"{where}: {len(stack) - len(inherited)} marked-content sequence(s) left open"
        )
    return mcids


def _enter(
    operands: list[object],
    resources: Dictionary,
    stack: list[_Context],
    where: str,
    report: list[str],
    mcids: list[int],
) -> _Context:
    tag = str(operands[0])
    props = _properties(operands, resources)
    mcid = props.get("/MCID") if props is not None else None
    artifact = tag == "/Artifact"
    in_tagged = any(c.mcid is not None for c in stack)
    in_artifact = any(c.artifact for c in stack)
    if artifact and in_tagged:
        report.append(f"{where}: an artifact inside tagged content [7.1-1]")
    if mcid is not None:
        if in_artifact:
            report.append(f"{where}: tagged content (MCID {mcid}) inside an artifact [7.1-2]")
        if in_tagged:
            report.append(f"{where}: MCID {mcid} nested in another tagged sequence")
        mcids.append(int(mcid))
    return _Context(artifact, int(mcid) if mcid is not None else None)


def _scan_xobject(
    name: object, resources: Dictionary, where: str, stack: list[_Context], report: list[str]
) -> None:
    xobjects = resources.get("/XObject")
    xobject = xobjects.get(name) if xobjects is not None else None
    if xobject is None or xobject.get("/Subtype") != Name.Form:
        return
    inner = xobject.get("/Resources", resources)
    form_mcids = scan_stream(xobject, inner, f"{where} > form {name}", stack, report)
    if form_mcids and "/StructParents" not in xobject:
        report.append(f"{where} > form {name}: MCIDs in a form without /StructParents [7.20-2]")


def page_mcids(pdf: Pdf, report: list[str] | None = None) -> dict[int, list[int]]:
    """The MCIDs marked in each page's own content stream (page index from 0)."""
    out = {}
    for index, page in enumerate(pdf.pages):
        problems: list[str] = [] if report is None else report
        out[index] = scan_stream(
            page.obj, page.obj.get("/Resources", Dictionary()), f"page {index + 1}", [], problems
        )
    return out


def unmarked_content_problems(pdf: Pdf) -> list[str]:
    """[7.1-1, 7.1-2, 7.1-3] Every painting operator, on every page and in every form
    XObject it draws (followed through ``Do`` with the marked content it is drawn in), is
    inside a tagged sequence (with an MCID) or an artifact; sequences balance and do not
    nest wrongly."""
    report: list[str] = []
    page_mcids(pdf, report)
    return report


# --- parent tree ---------------------------------------------------------------------


def number_tree(node: Dictionary) -> dict[int, object]:
    """A number tree (/Nums, /Kids) as a dict."""
    out: dict[int, object] = {}
    nums = node.get("/Nums")
    if nums is not None:
        for i in range(0, len(nums), 2):
            out[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []):
        out.update(number_tree(kid))
    return out


def _marked_refs(
    element: Dictionary, pages: dict[tuple[int, int], int]
) -> Iterator[tuple[int, int]]:
    """(page index, MCID) of the marked content an element owns directly."""
    own_page = element.get("/Pg")
    for kid in _kids(element):
        if isinstance(kid, int) and not isinstance(kid, bool):
            page = pages.get(own_page.objgen) if own_page is not None else None
            yield (page if page is not None else -1, int(kid))
        elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
            pg = kid.get("/Pg", own_page)
            page = pages.get(pg.objgen) if pg is not None else None
            yield (page if page is not None else -1, int(kid.MCID))


def parent_tree_problems(pdf: Pdf) -> list[str]:
    """Every MCID on a page is in the parent tree under the page's /StructParents, mapped to
    the element that owns it, and every MCID the structure tree owns is drawn on its page;
    every element's /P is its parent [7.1-12]; /ParentTreeNextKey is above every key."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or "/ParentTree" not in root:
        return ["no /StructTreeRoot with a /ParentTree"]
    problems: list[str] = []
    tree = number_tree(root.ParentTree)
    next_key = root.get("/ParentTreeNextKey")
    if tree and (next_key is None or int(next_key) <= max(tree)):
        problems.append(f"/ParentTreeNextKey {next_key} is not above the largest key {max(tree)}")
    pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    drawn = page_mcids(pdf)
    owned: dict[tuple[int, int], tuple[int, int]] = {}
    for element in elements(pdf):
        for ref in _marked_refs(element.obj, pages):
            if ref in owned:
                problems.append(f"{element.path}: MCID {ref[1]} of page {ref[0] + 1} owned twice")
            owned[ref] = element.obj.objgen
        for kid in _kids(element.obj):
            if (
                _is_element(kid)
                and kid.get("/P") is not None
                and kid.P.objgen != element.obj.objgen
            ):
                problems.append(f"{element.path}: a kid's /P is not this element")
    for index, mcids in drawn.items():
        page = pdf.pages[index].obj
        if not mcids:
            continue
        key = page.get("/StructParents")
        entry = tree.get(int(key)) if key is not None else None
        if entry is None:
            problems.append(f"page {index + 1}: tagged content but no parent-tree entry")
            continue
        for mcid in mcids:
            if mcid >= len(entry) or not isinstance(entry[mcid], Dictionary):
                problems.append(f"page {index + 1}: MCID {mcid} not in the parent tree")
            elif owned.get((index, mcid)) != entry[mcid].objgen:
                problems.append(
                    f"page {index + 1}: MCID {mcid} maps to an element that does not own it"
                )
        extra = [m for m in range(len(entry)) if m not in mcids and entry[m] is not None]
        if extra:
            problems.append(
                f"page {index + 1}: parent tree lists MCIDs {extra} not drawn on the page"
            )
    for page, mcid in owned:
        if page < 0 or mcid not in drawn.get(page, []):
            problems.append(
                f"the structure tree owns MCID {mcid} of page {page + 1}, not drawn there"
            )
    return problems


# --- elements ------------------------------------------------------------------------


def structure_type_problems(pdf: Pdf) -> list[str]:
    """[7.1-5, 7.1-7] Every type is standard or role-mapped to a standard type, and no
    standard type is remapped."""
    role_map = _role_map(pdf)
    problems = [
        f"standard type {k} remapped to {v}" for k, v in role_map.items() if k in STANDARD_TYPES
    ]
    for element in elements(pdf):
        if element.type not in STANDARD_TYPES:
            problems.append(f"{element.path}: non-standard type {element.type} without a role map")
    return problems


def nesting_problems(pdf: Pdf) -> list[str]:
    """[7.2-3 to 7.2-20, 7.2-36 to 7.2-40] Table and list elements stand where they may,
    hold only what they may, and a Caption is the first (or, in a table, last) kid."""
    role_map = _role_map(pdf)
    problems = []
    parent_of: dict[tuple[int, int], str] = {}
    for element in elements(pdf):
        kids = element_kids(element, role_map)
        for kid in _kids(element.obj):
            if _is_element(kid):
                parent_of[kid.objgen] = element.type
        allowed = KIDS.get(element.type)
        if allowed is not None and set(kids) - allowed:
            problems.append(f"{element.path}: may not contain {sorted(set(kids) - allowed)}")
        last_allowed = element.type == "Table" and kids[-1:] == ["Caption"]
        if element.type in ("Table", "L", "TOC") and "Caption" in kids[1:] and not last_allowed:
            problems.append(f"{element.path}: Caption not the first kid")
        for single in ("THead", "TFoot", "Caption"):
            if element.type == "Table" and kids.count(single) > 1:
                problems.append(f"{element.path}: more than one {single}")
        if element.type == "Table" and {"THead", "TFoot"} & set(kids) and "TBody" not in kids:
            problems.append(f"{element.path}: THead or TFoot without TBody")
    for element in elements(pdf):
        allowed = PARENTS.get(element.type)
        parent = parent_of.get(element.obj.objgen, "StructTreeRoot")
        if allowed is not None and parent not in allowed:
            problems.append(f"{element.path}: {element.type} inside {parent}")
    return problems


def heading_problems(pdf: Pdf) -> list[str]:
    """[7.4.2-1, 7.4.4] Numbered headings only (no H), the first one H1, and no level
    skipped on the way down; every heading marks some content."""
    problems = []
    level = 0
    for element in elements(pdf):
        if element.type == "H":
            problems.append(f"{element.path}: unnumbered H (use H1-H6)")
        match = re.fullmatch(r"H([1-6])", element.type)
        if not match:
            continue
        new = int(match.group(1))
        if new > level + 1:
            problems.append(f"{element.path}: H{new} after H{level or '(none)'}")
        level = new
        if not _kids(element.obj):
            problems.append(f"{element.path}: empty heading")
    return problems


def figure_problems(pdf: Pdf) -> list[str]:
    """[7.3-1] Every Figure has a non-empty /Alt (or /ActualText) and a /BBox (layout
    attribute) of four numbers inside its page."""
    problems = []
    for element in elements(pdf):
        if element.type != "Figure":
            continue
        obj = element.obj
        if not _text(obj.get("/Alt")).strip() and not _text(obj.get("/ActualText")).strip():
            problems.append(f"{element.path}: Figure without alternative text")
        box = _attribute(obj, "Layout", "BBox")
        if not isinstance(box, Array) or len(box) != 4:
            problems.append(f"{element.path}: Figure without a /BBox")
            continue
        page = obj.get("/Pg")
        media = [float(v) for v in page.MediaBox] if page is not None else None
        x0, y0, x1, y1 = (float(v) for v in box)
        if media is None or not (
            media[0] <= x0 < x1 <= media[2] and media[1] <= y0 < y1 <= media[3]
        ):
            problems.append(f"{element.path}: /BBox {[x0, y0, x1, y1]} not inside its page")
    return problems


def _table_rows(table: Element, role_map: dict[str, str]) -> list[Dictionary]:
    rows = []
    for kid in _kids(table.obj):
        if not _is_element(kid):
            continue
        kind = _standard(str(kid.S)[1:], role_map)
        if kind == "TR":
            rows.append(kid)
        elif kind in ("THead", "TBody", "TFoot"):
            rows += [r for r in _kids(kid) if _is_element(r)]
    return rows


def table_problems(pdf: Pdf) -> list[str]:
    """[7.2-42, 7.5] Every row of a table has the same number of columns (counting
    /ColSpan, and cells a /RowSpan carries down), and every TH has a /Scope."""
    role_map = _role_map(pdf)
    problems = []
    for table in (e for e in elements(pdf) if e.type == "Table"):
        widths = []
        carried: list[int] = []  # rows still covered by a row span, per span
        for row in _table_rows(table, role_map):
            width = len(carried)
            carried = [n - 1 for n in carried if n > 1]
            for cell in (c for c in _kids(row) if _is_element(c)):
                span = int(_attribute(cell, "Table", "ColSpan") or 1)
                width += span
                rows_down = int(_attribute(cell, "Table", "RowSpan") or 1)
                carried += [rows_down - 1] * span if rows_down > 1 else []
                if (
                    _standard(str(cell.S)[1:], role_map) == "TH"
                    and _attribute(cell, "Table", "Scope") is None
                ):
                    problems.append(f"{table.path}: a TH without /Scope")
            widths.append(width)
        if not widths:
            problems.append(f"{table.path}: a table without rows")
        elif len(set(widths)) > 1:
            problems.append(f"{table.path}: rows of different widths {widths}")
    return problems


# --- catalog, metadata, fonts ---------------------------------------------------------


def catalog_problems(pdf: Pdf) -> list[str]:
    """[6.2-1, 7.1-4, 7.1-10, 7.1-11, 7.2-29, 7.18.3-1] Catalog and page keys: /MarkInfo
    /Marked true (no /Suspects true), /Lang, /ViewerPreferences /DisplayDocTitle true,
    /StructTreeRoot; /StructParents and /Tabs /S on every page with tagged content or
    annotations; PDF 1.7; a PDF/A output intent with an RGB ICC profile (PDF/A-2 6.2.3)."""
    root = pdf.Root
    problems = []
    if pdf.pdf_version != "1.7":
        problems.append(f"PDF version {pdf.pdf_version}, not 1.7")
    mark_info = root.get("/MarkInfo")
    if mark_info is None or mark_info.get("/Marked") is not True:
        problems.append("no /MarkInfo << /Marked true >>")
    elif mark_info.get("/Suspects") is True:
        problems.append("/MarkInfo /Suspects is true")
    if not re.fullmatch(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*", _text(root.get("/Lang"))):
        problems.append(f"catalog /Lang {root.get('/Lang')!r} is not a language tag")
    prefs = root.get("/ViewerPreferences")
    if prefs is None or prefs.get("/DisplayDocTitle") is not True:
        problems.append("no /ViewerPreferences << /DisplayDocTitle true >>")
    if "/StructTreeRoot" not in root:
        problems.append("no /StructTreeRoot")
    for index, mcids in page_mcids(pdf).items():
        page = pdf.pages[index].obj
        if mcids and "/StructParents" not in page:
            problems.append(f"page {index + 1}: tagged content but no /StructParents")
        if (mcids or page.get("/Annots")) and page.get("/Tabs") != Name.S:
            problems.append(f"page {index + 1}: no /Tabs /S")
    problems += _output_intent_problems(root)
    return problems


def _output_intent_problems(root: Dictionary) -> list[str]:
    intents = [i for i in root.get("/OutputIntents", []) if i.get("/S") == Name.GTS_PDFA1]
    if len(intents) != 1:
        return [f"{len(intents)} /GTS_PDFA1 output intents, not one"]
    profile = intents[0].get("/DestOutputProfile")
    if profile is None or profile.get("/N") != 3:
        return ["the output intent has no three-component ICC profile"]
    data = profile.read_bytes()
    device, space, major = data[12:16], data[16:20], data[8]
    if device not in (b"mntr", b"prtr") or space != b"RGB " or major >= 5:
        return [f"ICC profile class {device!r}, space {space!r}, version {major}: not for PDF/A-2"]
    return []


def _pdf_date(value: str) -> datetime:
    match = re.match(r"D:(\d{14})(?:([+-])(\d\d)'?(\d\d)'?|Z)?", value)
    if match is None:
        raise ValueError(f"not a PDF date: {value!r}")
    stamp = datetime.strptime(match.group(1), "%Y%m%d%H%M%S")
    sign, hours, minutes = match.group(2), match.group(3), match.group(4)
    offset = timedelta(hours=int(hours or 0), minutes=int(minutes or 0)) * (
        -1 if sign == "-" else 1
    )
    return stamp.replace(tzinfo=timezone(offset))


def metadata_problems(pdf: Pdf) -> list[str]:
    """[5-1, 5-2, 7.1-8, 7.1-9; PDF/A-2 6.6] The XMP packet parses, is an unfiltered
    /Metadata stream, says pdfuaid:part 1, pdfaid:part 2 with a conformance level, declares
    the pdfuaid schema in a PDF/A extension schema, names the language, and agrees with the
    Info dictionary (title, author, subject, keywords, creator, producer, dates)."""
    stream = pdf.Root.get("/Metadata")
    if stream is None:
        return ["no /Metadata stream"]
    problems = []
    if stream.get("/Type") != Name.Metadata or stream.get("/Subtype") != Name.XML:
        problems.append("/Metadata is not /Type /Metadata /Subtype /XML")
    if "/Filter" in stream:
        problems.append("/Metadata is filtered")
    raw = stream.read_bytes()
    header = raw[: raw.find(b"?>") + 2]
    if not header.startswith(b"<?xpacket begin=") or b"bytes=" in header or b"encoding=" in header:
        problems.append(f"XMP packet header {header!r}")
    info = {str(k): str(v) for k, v in pdf.trailer.Info.items()}
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        read = dict(xmp)
    expected = {
        "{http://www.aiim.org/pdfua/ns/id/}part": "1",
        "{http://www.aiim.org/pdfa/ns/id/}part": "2",
        "{http://purl.org/dc/elements/1.1/}title": info.get("/Title"),
        "{http://purl.org/dc/elements/1.1/}creator": [info.get("/Author")],
        "{http://purl.org/dc/elements/1.1/}description": info.get("/Subject"),
        "{http://ns.adobe.com/pdf/1.3/}Keywords": info.get("/Keywords"),
        "{http://ns.adobe.com/xap/1.0/}CreatorTool": info.get("/Creator"),
        "{http://ns.adobe.com/pdf/1.3/}Producer": info.get("/Producer"),
        "{http://purl.org/dc/elements/1.1/}language": {_text(pdf.Root.get("/Lang"))},
    }
    for key, value in expected.items():
        if read.get(key) != value:
            problems.append(f"XMP {key} is {read.get(key)!r}, expected {value!r}")
    if read.get("{http://www.aiim.org/pdfa/ns/id/}conformance") not in ("A", "B", "U"):
        problems.append("XMP pdfaid:conformance is not A, B or U")
    for xmp_key, info_key in (("CreateDate", "/CreationDate"), ("ModifyDate", "/ModDate")):
        value = read.get(f"{{http://ns.adobe.com/xap/1.0/}}{xmp_key}")
        if value is None or datetime.fromisoformat(value) != _pdf_date(info.get(info_key, "")):
            problems.append(f"XMP xmp:{xmp_key} {value!r} differs from Info {info.get(info_key)!r}")
    rdf = ElementTree.fromstring(raw[len(header) : raw.rfind(b"<?xpacket")])
    declared = [e.text for e in rdf.iter(f"{{{NS['pdfaSchema']}}}namespaceURI")]
    if "http://www.aiim.org/pdfua/ns/id/" not in declared:
        problems.append("no PDF/A extension schema declares the pdfuaid namespace")
    return problems


def font_problems(pdf: Pdf) -> list[str]:
    """[7.21.4.1-1, 7.21.7-1] Every font used on a page or in a form is embedded and maps
    its codes to Unicode (a /ToUnicode CMap)."""
    problems = []
    seen: set[tuple[int, int]] = set()
    for index, page in enumerate(pdf.pages):
        for name, font in _fonts(page.obj.get("/Resources", Dictionary())):
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            files = ("/FontFile", "/FontFile2", "/FontFile3")
            if font.get("/Subtype") != Name.Type3 and (
                descriptor is None or not any(f in descriptor for f in files)
            ):
                problems.append(
                    f"page {index + 1}: font {name} ({font.get('/BaseFont')}) not embedded"
                )
            if "/ToUnicode" not in font:
                problems.append(
                    f"page {index + 1}: font {name} ({font.get('/BaseFont')}) without /ToUnicode"
                )
    return problems


def _fonts(resources: Dictionary, depth: int = 0) -> Iterator[tuple[str, Dictionary]]:
    for name, font in resources.get("/Font", Dictionary()).items():
        yield str(name), font
    for xobject in resources.get("/XObject", Dictionary()).values():
        if xobject.get("/Subtype") == Name.Form and "/Resources" in xobject and depth < 8:
            yield from _fonts(xobject.Resources, depth + 1)


def file_syntax_problems(data: bytes) -> list[str]:
    """[PDF/A-2 6.1.2, 6.1.7.1] The header is ``%PDF-1.n``, an end-of-line and a comment of
    four bytes above 127; every stream's data is followed by an end-of-line (that /Length
    does not count) and ``endstream``. Reads the file's bytes: pikepdf repairs what it reads.
    """
    problems = []
    if not re.match(rb"%PDF-1\.[0-7]\r?\n%[\x80-\xff]{4}", data):
        problems.append(f"file header {data[:16]!r}")
    streams = list(
        re.finditer(rb"(\d+) 0 obj\s*<<((?:(?!endobj).)*?)>>\s*stream(\r\n|\n)", data, re.S)
    )
    if len(streams) != data.count(b"endstream"):
        problems.append(f"{data.count(b'endstream')} streams, {len(streams)} read")
    for match in streams:
        length = re.search(rb"/Length (\d+)(?! \d+ R)", match.group(2))
        if length is None:
            problems.append(f"object {int(match.group(1))}: stream without a direct /Length")
            continue
        end = match.end() + int(length.group(1))
        if not re.match(rb"(\r\n|\r|\n)endstream", data[end : end + 11]):
            problems.append(f"object {int(match.group(1))}: no end-of-line after /Length bytes")
    return problems


CHECKS: dict[str, Callable[[Pdf], list[str]]] = {
    "unmarked content": unmarked_content_problems,
    "parent tree": parent_tree_problems,
    "structure types": structure_type_problems,
    "nesting": nesting_problems,
    "headings": heading_problems,
    "figures": figure_problems,
    "tables": table_problems,
    "catalog": catalog_problems,
    "metadata": metadata_problems,
    "fonts": font_problems,
}


def all_problems(path: Path) -> dict[str, list[str]]:
    """Every check's problems for the PDF at ``path``, by check (only checks that found
    something): ``assert all_problems(path) == {}``."""
    with pikepdf.open(path) as pdf:
        found = {name: check(pdf) for name, check in CHECKS.items()}
    found["file syntax"] = file_syntax_problems(path.read_bytes())
    return {name: problems for name, problems in found.items() if problems}
