"""Structure elements of a tagged PDF, as plain Python objects.

A :class:`StructElement` is one node of the logical structure (ISO 32000-1, 14.7): its
standard type (``P``, ``H1``, ``Table``...), its properties (``/Alt``, ``/Lang``, a layout
bounding box, a table header's scope) and its kids in reading order, each either another
element or a marked-content reference (page and MCID). Nothing here knows about ReportLab:
``porreport.bulletin.tagging.pdfwrite`` turns the finished tree into PDF objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple, TypedDict

# ISO 32000-1:2008, 14.8.4: the standard structure types (PDF/UA-1 7.1 requires every type
# to be one of these or role-mapped to one).
STANDARD_TYPES = frozenset(
    {
        *("Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI"),
        *("Index", "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6"),
        *("L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot"),
        *("Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot"),
        *("Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form"),
    }
)

# Where an element may stand (PDF/UA-1 7.2, the veraPDF rules 7.2-4 to 7.2-20 and 7.2-26).
ALLOWED_PARENTS: dict[str, frozenset[str]] = {
    "LI": frozenset({"L"}),
    "Lbl": frozenset({"LI"}),
    "LBody": frozenset({"LI"}),
    "TR": frozenset({"Table", "THead", "TBody", "TFoot"}),
    "TH": frozenset({"TR"}),
    "TD": frozenset({"TR"}),
    "THead": frozenset({"Table"}),
    "TBody": frozenset({"Table"}),
    "TFoot": frozenset({"Table"}),
    "TOCI": frozenset({"TOC"}),
}
# What an element may contain, when that is restricted.
ALLOWED_KIDS: dict[str, frozenset[str]] = {
    "L": frozenset({"L", "LI", "Caption"}),
    "LI": frozenset({"Lbl", "LBody"}),
    "Table": frozenset({"TR", "THead", "TBody", "TFoot", "Caption"}),
    "THead": frozenset({"TR"}),
    "TBody": frozenset({"TR"}),
    "TFoot": frozenset({"TR"}),
    "TR": frozenset({"TH", "TD"}),
    "TOC": frozenset({"TOC", "TOCI", "Caption"}),
}

Scope = Literal["Row", "Column", "Both"]
BBox = tuple[float, float, float, float]


class TaggingError(Exception):
    """A tagging rule was broken while drawing (a programming error, never a data error)."""


class ElementProps(TypedDict, total=False):
    """Optional properties of a structure element (ISO 32000-1, Tables 323 and 343-348)."""

    alt: str  # /Alt: the replacement text of a Figure or Formula
    actual_text: str  # /ActualText: the exact text of content drawn otherwise
    lang: str  # /Lang: the element's language when it differs from the document's
    title: str  # /T
    bbox: BBox  # /A << /O /Layout /BBox [...] >>, in default user space of its page
    scope: Scope  # /A << /O /Table /Scope ... >> on TH
    col_span: int  # /A << /O /Table /ColSpan n >>
    row_span: int  # /A << /O /Table /RowSpan n >>
    list_numbering: str  # /A << /O /List /ListNumbering ... >> on L (Disc, Decimal, None...)
    summary: str  # /A << /O /Table /Summary (...) >> on Table: its purpose and structure


class MarkedRef(NamedTuple):
    """A marked-content sequence that belongs to an element: its page (1-based) and MCID."""

    page: int
    mcid: int


@dataclass(eq=False)
class StructElement:
    """One element of the structure tree; ``kids`` are in reading order."""

    type: str
    parent: StructElement | None = None
    props: ElementProps = field(default_factory=lambda: ElementProps())
    kids: list[StructElement | MarkedRef] = field(default_factory=list)
    id: str | None = None  # /ID, required on Note (PDF/UA-1 7.9)

    @property
    def page(self) -> int | None:
        """The page of the element's first own content (its /Pg), if it has any."""
        return next((k.page for k in self.kids if isinstance(k, MarkedRef)), None)

    def has_content(self) -> bool:
        """Whether the element or any descendant marks content on a page."""
        return any(isinstance(k, MarkedRef) or k.has_content() for k in self.kids)

    def set_bbox(self, bbox: BBox) -> None:
        """Set (or widen, for content on the same page) the element's layout bounding box."""
        old = self.props.get("bbox")
        if old is not None:
            bbox = (
                min(old[0], bbox[0]),
                min(old[1], bbox[1]),
                max(old[2], bbox[2]),
                max(old[3], bbox[3]),
            )
        self.props["bbox"] = bbox

    def walk(self) -> list[StructElement]:
        """The element and all its descendants, parents first, in reading order."""
        out = [self]
        for kid in self.kids:
            if isinstance(kid, StructElement):
                out += kid.walk()
        return out


def check_nesting(parent: StructElement, child_type: str, role_map: dict[str, str]) -> None:
    """Raise TaggingError when ``child_type`` may not stand inside ``parent``."""
    child = role_map.get(child_type, child_type)
    own = role_map.get(parent.type, parent.type)
    if child not in STANDARD_TYPES:
        raise TaggingError(
            f"structure type {child_type!r} is neither standard nor role-mapped to a standard type"
        )
    allowed_parents = ALLOWED_PARENTS.get(child)
    if allowed_parents is not None and own not in allowed_parents:
        raise TaggingError(
            f"{child} may not stand inside {own} (only in {sorted(allowed_parents)})"
        )
    allowed_kids = ALLOWED_KIDS.get(own)
    if allowed_kids is not None and child not in allowed_kids:
        raise TaggingError(f"{own} may not contain {child} (only {sorted(allowed_kids)})")


@dataclass(eq=False)
class Continuation:
    """One structure element shared by the pieces of something drawn in several goes.

    A paragraph or a table split across pages is drawn by several flowables; each piece
    asks for the element through the same Continuation, so the first piece creates it (in
    reading order) and the others add their content to it. ``owner`` is the tree the
    element belongs to: a document built in several passes gets a new element each pass.
    """

    element: StructElement | None = None
    owner: object | None = None
