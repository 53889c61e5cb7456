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

from collections.abc import Callable
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFObjectReference,
    PDFString,
)

from porreport.bulletin.tagging.elements import ElementProps, MarkedRef, StructElement
from porreport.bulletin.tagging.tree import StructureTree

PageRef = Callable[[int], PDFObjectReference]


def allow_keys(pdf_object: Any, *keys: str) -> None:
    """Let a ReportLab catalog or page object write ``keys`` it does not know."""
    known = list(pdf_object.__NoDefault__)
    pdf_object.__NoDefault__ = known + [k for k in keys if k not in known]


def write_structure(tree: StructureTree, doc: PDFDocument) -> None:
    """Add the structure tree, parent tree and page keys to ReportLab's document."""
    tree.check_closed()
    pages = doc.Pages.pages

    def page_ref(page: int) -> PDFObjectReference:
        return doc.Reference(pages[page - 1])

    root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    root_ref = doc.Reference(root)
    elements = [e for e in tree.root.walk() if e.has_content()]
    dicts = {id(e): PDFDictionary() for e in elements}
    refs = {id(e): doc.Reference(dicts[id(e)]) for e in elements}
    for element in elements:
        parent = element.parent
        parent_ref = refs[id(parent)] if parent is not None else root_ref
        dicts[id(element)].dict.update(_element_entries(element, parent_ref, refs, page_ref))
    nums: list[Any] = []
    for page in sorted(tree.parent_tree):
        nums += [page - 1, PDFArray([refs[id(e)] for e in tree.parent_tree[page]])]
        allow_keys(pages[page - 1], "StructParents", "Tabs")
        pages[page - 1].StructParents = page - 1
        pages[page - 1].Tabs = PDFName("S")
    root.dict["K"] = PDFArray([refs[id(tree.root)]]) if elements else PDFArray([])
    root.dict["ParentTree"] = doc.Reference(PDFDictionary({"Nums": PDFArray(nums)}))
    root.dict["ParentTreeNextKey"] = max(tree.parent_tree, default=0)
    if tree.role_map:
        root.dict["RoleMap"] = PDFDictionary({k: PDFName(v) for k, v in tree.role_map.items()})
    doc.Catalog.StructTreeRoot = root
    doc.Catalog.MarkInfo = PDFDictionary({"Marked": "true"})


def _element_entries(
    element: StructElement,
    parent_ref: PDFObjectReference,
    refs: dict[int, PDFObjectReference],
    page_ref: PageRef,
) -> dict[str, Any]:
    """The entries of one ``/StructElem`` dictionary."""
    own_page = element.page
    kids: list[Any] = []
    for kid in element.kids:
        if isinstance(kid, StructElement):
            if id(kid) in refs:
                kids.append(refs[id(kid)])
        elif kid.page == own_page:
            kids.append(kid.mcid)
        else:
            kids.append(_marked_content_ref(kid, page_ref))
    entries: dict[str, Any] = {
        "Type": PDFName("StructElem"),
        "S": PDFName(element.type),
        "P": parent_ref,
        # A single kid stands alone: some checkers read /K as a number before an array.
        "K": kids[0] if len(kids) == 1 else PDFArray(kids),
    }
    if own_page is not None:
        entries["Pg"] = page_ref(own_page)
    if element.id is not None:
        entries["ID"] = PDFString(element.id)
    entries.update(_text_entries(element.props))
    attributes = _attributes(element.props)
    if attributes:
        entries["A"] = attributes[0] if len(attributes) == 1 else PDFArray(attributes)
    return entries


def _marked_content_ref(ref: MarkedRef, page_ref: PageRef) -> PDFDictionary:
    return PDFDictionary({"Type": PDFName("MCR"), "Pg": page_ref(ref.page), "MCID": ref.mcid})


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
    if table:
        out.append(PDFDictionary({"O": PDFName("Table"), **table}))
    if "list_numbering" in props:
        numbering = PDFName(props["list_numbering"])
        out.append(PDFDictionary({"O": PDFName("List"), "ListNumbering": numbering}))
    return out
