"""The finished structure tree as ReportLab PDF objects, and the keys that point at it.

Written once, when the canvas is saved: one ``/StructElem`` dictionary per element that
holds content (empty ones are left out), the ``/StructTreeRoot`` with its parent tree (a
number tree with one entry per page: the element of each MCID on the page), ``/MarkInfo``,
and ``/StructParents`` and ``/Tabs /S`` on every page that holds tagged content.

ReportLab's catalog and page objects write the keys listed in their ``__NoDefault__``
attribute; keys ReportLab does not list (``/OutputIntents`` on the catalog, ``/StructParents``
and ``/Tabs`` on a page) are added to that list on the one object that needs them.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFString,
)
from reportlab.pdfbase.pdfdoc import format as pdf_format

from porreport.bulletin.tagging.elements import ElementProps, StructElement
from porreport.bulletin.tagging.tree import StructureTree


def allow_keys(pdf_object: Any, *keys: str) -> None:
    """Let a ReportLab catalog or page object write ``keys`` it does not know."""
    known = list(pdf_object.__NoDefault__)
    pdf_object.__NoDefault__ = known + [k for k in keys if k not in known]


def write_structure(tree: StructureTree, doc: PDFDocument) -> None:
    """Add the structure tree, parent tree and page keys to ReportLab's document."""
    tree.check_closed()
    pages = doc.Pages.pages
    page_refs = [doc.Reference(page) for page in pages]
    root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    root_ref = doc.Reference(root)
    elements = [e for e in tree.root.walk() if e.has_content()]
    objects = {id(e): StructElemObject(e) for e in elements}
    refs = {key: doc.Reference(obj) for key, obj in objects.items()}
    for element in elements:
        parent = element.parent
        parent_ref = refs[id(parent)] if parent is not None else root_ref
        objects[id(element)].resolve(parent_ref, refs, page_refs)
    entries = []
    for page in sorted(tree.parent_tree):
        entries.append((page - 1, [refs[id(e)] for e in tree.parent_tree[page]]))
        allow_keys(pages[page - 1], "StructParents", "Tabs")
        pages[page - 1].StructParents = page - 1
        pages[page - 1].Tabs = PDFName("S")
    root.dict["K"] = PDFArray([refs[id(tree.root)]]) if elements else PDFArray([])
    root.dict["ParentTree"] = doc.Reference(ParentTreeObject(entries))
    root.dict["ParentTreeNextKey"] = max(tree.parent_tree, default=0)
    if tree.role_map:
        root.dict["RoleMap"] = PDFDictionary({k: PDFName(v) for k, v in tree.role_map.items()})
    doc.Catalog.StructTreeRoot = root
    doc.Catalog.MarkInfo = PDFDictionary({"Marked": "true"})


# A document has hundreds or thousands of structure elements (one per table cell) and
# ReportLab's generic PDFDictionary formatting of them cost more than drawing the pages:
# elements and the parent tree are PDF objects that write their own bytes.


@cache
def _name(value: str) -> bytes:
    return PDFName(value).encode("ascii")


class NoStream(PDFObject):
    """A PDF object that writes its own bytes and is no stream."""


class StructElemObject(NoStream):
    """One ``/StructElem`` dictionary."""

    def __init__(self, element: StructElement) -> None:
        self.element = element
        self.parent: PDFObjectReference | None = None
        self.page: PDFObjectReference | None = None
        self.kids: list[int | PDFObjectReference | tuple[PDFObjectReference, int]] = []
        self.extra: dict[str, PDFObject] = {}

    def resolve(
        self,
        parent: PDFObjectReference,
        refs: dict[int, PDFObjectReference],
        page_refs: list[PDFObjectReference],
    ) -> None:
        """Bind the parent, the page and the kids to their references."""
        element = self.element
        own_page = element.page
        self.parent = parent
        self.page = page_refs[own_page - 1] if own_page is not None else None
        for kid in element.kids:
            if isinstance(kid, StructElement):
                if id(kid) in refs:
                    self.kids.append(refs[id(kid)])
            elif kid.page == own_page:
                self.kids.append(kid.mcid)
            else:
                self.kids.append((page_refs[kid.page - 1], kid.mcid))
        if element.id is not None:
            self.extra["ID"] = PDFString(element.id)
        self.extra.update(_text_entries(element.props))
        attributes = _attributes(element.props)
        if attributes:
            self.extra["A"] = attributes[0] if len(attributes) == 1 else PDFArray(attributes)

    def format(self, document: PDFDocument) -> bytes:
        """``<< /Type /StructElem /S ... /P ... /Pg ... /K ... >>``."""
        assert self.parent is not None, "resolve() before format()"
        kids = [_kid(k, document) for k in self.kids]
        # A single kid stands alone: some checkers read /K as a number before an array.
        k = kids[0] if len(kids) == 1 else b"[" + b" ".join(kids) + b"]"
        parts = [b"<< /Type /StructElem /S ", _name(self.element.type)]
        parts += [b" /P ", _ref(self.parent, document), b" /K ", k]
        if self.page is not None:
            parts += [b" /Pg ", _ref(self.page, document)]
        for key, value in self.extra.items():
            parts += [b"\n/", key.encode("ascii"), b" ", pdf_format(value, document)]
        return b"".join([*parts, b" >>"])


def _kid(
    kid: int | PDFObjectReference | tuple[PDFObjectReference, int], document: PDFDocument
) -> bytes:
    if isinstance(kid, int):
        return b"%d" % kid
    if isinstance(kid, tuple):
        page, mcid = kid
        return b"<< /Type /MCR /Pg " + _ref(page, document) + b" /MCID %d >>" % mcid
    return _ref(kid, document)


def _ref(ref: PDFObjectReference, document: PDFDocument) -> bytes:
    """``ref.format(document)`` (``n v R``), written directly: thousands per document."""
    number, version = document.idToObjectNumberAndVersion[ref.name]
    return b"%d %d R" % (number, version)


class ParentTreeObject(NoStream):
    """The parent tree: a number tree with one flat ``/Nums`` array, a line per page."""

    def __init__(self, entries: list[tuple[int, list[PDFObjectReference]]]) -> None:
        self.entries = entries

    def format(self, document: PDFDocument) -> bytes:
        """``<< /Nums [ key [ refs ] ... ] >>``."""
        lines = [
            b"%d [" % key + b" ".join([_ref(ref, document) for ref in refs]) + b"]"
            for key, refs in self.entries
        ]
        return b"<< /Nums [\n" + b"\n".join(lines) + b"\n] >>"


def _text_entries(props: ElementProps) -> dict[str, PDFString]:
    texts = {
        "Alt": props.get("alt"),
        "ActualText": props.get("actual_text"),
        "Lang": props.get("lang"),
        "T": props.get("title"),
    }
    return {key: PDFString(value) for key, value in texts.items() if value is not None}


def _attributes(props: ElementProps) -> list[PDFDictionary]:
    """The attribute dictionaries (/A) of an element, one per attribute owner."""
    out = []
    if "bbox" in props:
        box = PDFArray(list(props["bbox"]))
        out.append(PDFDictionary({"O": PDFName("Layout"), "BBox": box}))
    table: dict[str, object] = {}
    if "scope" in props:
        table["Scope"] = PDFName(props["scope"])
    if props.get("col_span", 1) > 1:
        table["ColSpan"] = props["col_span"]
    if props.get("row_span", 1) > 1:
        table["RowSpan"] = props["row_span"]
    if "summary" in props:
        table["Summary"] = PDFString(props["summary"])
    if table:
        out.append(PDFDictionary({"O": PDFName("Table"), **table}))
    if "list_numbering" in props:
        numbering = PDFName(props["list_numbering"])
        out.append(PDFDictionary({"O": PDFName("List"), "ListNumbering": numbering}))
    return out
