"""The structure tree of one PDF while it is drawn: open elements, MCIDs and parent tree.

Elements are created in the order they are drawn, as kids of the innermost open element,
which is the document's reading order as long as flowables are drawn in story order (see
``porreport.bulletin.tagging`` for where platypus does not, and how that is handled). Each
marked-content sequence gets the next MCID of its page; the page's parent-tree entry lists
the owning element of every MCID in order.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Unpack

from porreport.bulletin.tagging.elements import (
    STANDARD_TYPES,
    Continuation,
    ElementProps,
    MarkedRef,
    StructElement,
    TaggingError,
    check_nesting,
)


class StructureTree:
    """Owns the elements (under one ``Document``), the open-element stack and the MCIDs."""

    def __init__(self, role_map: Mapping[str, str] | None = None) -> None:
        self.role_map = dict(role_map or {})
        for custom, standard in self.role_map.items():
            if custom in STANDARD_TYPES or standard not in STANDARD_TYPES:
                raise TaggingError(
                    f"role map {custom!r} -> {standard!r}: map a custom type to a standard one"
                )
        self.root = StructElement("Document")
        self._open: list[StructElement] = [self.root]
        # page (1-based) -> the element of each MCID on that page, in MCID order
        self.parent_tree: dict[int, list[StructElement]] = {}
        self._notes = 0

    @property
    def current(self) -> StructElement:
        """The innermost open element: new elements and content go into it."""
        return self._open[-1]

    def open(self, type: str, **props: Unpack[ElementProps]) -> StructElement:
        """Create an element as the last kid of the current one and make it current."""
        parent = self.current
        check_nesting(parent, type, self.role_map)
        element = StructElement(type, parent, ElementProps(**props))
        if self.role_map.get(type, type) == "Note":
            self._notes += 1
            element.id = f"note-{self._notes}"
        parent.kids.append(element)
        self._open.append(element)
        return element

    def reopen(self, element: StructElement) -> None:
        """Make an element created earlier current again (a piece drawn on a later page)."""
        self._open.append(element)

    def close(self, element: StructElement) -> None:
        """Close the current element, which must be ``element``."""
        if len(self._open) < 2 or self.current is not element:
            raise TaggingError(
                f"closing {element.type} while {self.current.type} is the open element"
            )
        self._open.pop()

    def open_continued(
        self, type: str, continuation: Continuation, **props: Unpack[ElementProps]
    ) -> StructElement:
        """Open the continuation's element: created by its first piece, reopened by the rest."""
        element = continuation.element
        if element is None or continuation.owner is not self:
            element = self.open(type, **props)
            continuation.element, continuation.owner = element, self
            return element
        if element.type != type:
            raise TaggingError(f"a continued {element.type} resumed as {type}")
        self.reopen(element)
        return element

    @contextmanager
    def element(
        self, type: str, continuation: Continuation | None = None, **props: Unpack[ElementProps]
    ) -> Iterator[StructElement]:
        """``with tree.element("P") as p:`` an element open for the duration of the block."""
        if continuation is None:
            element = self.open(type, **props)
        else:
            element = self.open_continued(type, continuation, **props)
        try:
            yield element
        finally:
            self.close(element)

    @contextmanager
    def resume(self, element: StructElement) -> Iterator[StructElement]:
        """``with tree.resume(el):`` make an earlier element current for the block."""
        self.reopen(element)
        try:
            yield element
        finally:
            self.close(element)

    def mark(self, page: int) -> int:
        """A new MCID on ``page`` for content of the current element."""
        element = self.current
        if element is self.root:
            raise TaggingError("content drawn outside any element: open one (P, Figure...) first")
        owners = self.parent_tree.setdefault(page, [])
        mcid = len(owners)
        owners.append(element)
        element.kids.append(MarkedRef(page, mcid))
        return mcid

    def check_closed(self) -> None:
        """Raise TaggingError if an element other than the document is still open."""
        if len(self._open) > 1:
            names = " > ".join(e.type for e in self._open)
            raise TaggingError(f"elements left open when the document was saved: {names}")
