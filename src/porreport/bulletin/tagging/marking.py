"""Marked content written into a canvas's content stream while it draws.

:class:`Tags` is what drawing code talks to: it opens structure elements (in the canvas's
:class:`~porreport.bulletin.tagging.tree.StructureTree`) and wraps what is drawn in
``/Tag <</MCID n>> BDC ... EMC`` (real content, bound to the current element) or in
``/Artifact <</Type /Pagination>> BDC ... EMC`` (page furniture, decoration). The operators
go in through ``Canvas.addLiteral``, ReportLab's public way to write raw operators.

Every content stream (each page, each form XObject) keeps its own stack of open sequences:
a sequence never crosses a page break, real content never nests in an artifact or in other
real content, and an artifact never nests in real content (PDF/UA-1 7.1, veraPDF rules
7.1-1 and 7.1-2). Form XObjects here hold artifacts only: tagged content inside a form
would need ``/StructParents`` on the form and a form used once (rule 7.20-2).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Literal, Unpack

from reportlab.pdfgen.canvas import Canvas

from porreport.bulletin.tagging.elements import (
    BBox,
    Continuation,
    ElementProps,
    StructElement,
    TaggingError,
)
from porreport.bulletin.tagging.tree import StructureTree

ArtifactKind = Literal["Pagination", "Layout", "Page", "Background"]
_CONTENT = "content"
_ARTIFACT = "artifact"


class Tags:
    """The tagging API bound to one canvas: elements, real content and artifacts."""

    def __init__(self, canvas: Canvas, tree: StructureTree | None = None) -> None:
        self.canvas = canvas
        self.tree = tree if tree is not None else StructureTree()
        # one stack of open sequences per content stream: the page's, then a form's
        self._streams: list[list[str]] = [[]]

    # --- structure ----------------------------------------------------------------------

    def element(
        self, type: str, continuation: Continuation | None = None, **props: Unpack[ElementProps]
    ) -> AbstractContextManager[StructElement]:
        """``with tags.element("H1"):`` a new element (or a continued one) open in the block."""
        self._check_structure_allowed(type)
        return self.tree.element(type, continuation, **props)

    def resume(self, element: StructElement) -> AbstractContextManager[StructElement]:
        """``with tags.resume(el):`` an element created earlier, current for the block."""
        self._check_structure_allowed(element.type)
        return self.tree.resume(element)

    def open(
        self, type: str, continuation: Continuation | None = None, **props: Unpack[ElementProps]
    ) -> StructElement:
        """Open an element that a later call closes (a section spanning many flowables)."""
        self._check_structure_allowed(type)
        if continuation is not None:
            return self.tree.open_continued(type, continuation, **props)
        return self.tree.open(type, **props)

    def close(self, element: StructElement) -> None:
        """Close the element opened by :meth:`open`."""
        self.tree.close(element)

    # --- marked content -----------------------------------------------------------------

    def begin_content(self) -> StructElement:
        """Start real content of the current element (a new MCID on this page)."""
        stack = self._streams[-1]
        if len(self._streams) > 1:
            raise TaggingError("tagged content inside a form XObject: draw it on the page")
        if stack:
            raise TaggingError(f"tagged content inside {stack[-1]}: sequences may not nest so")
        element = self.tree.current
        mcid = self.tree.mark(self.canvas.getPageNumber())
        self.canvas.addLiteral(f"/{element.type} <</MCID {mcid}>> BDC")
        stack.append(_CONTENT)
        return element

    def begin_artifact(self, kind: ArtifactKind = "Layout") -> None:
        """Start an artifact (``Pagination``, ``Layout``...)."""
        stack = self._streams[-1]
        if _CONTENT in stack:
            raise TaggingError("an artifact inside tagged content (PDF/UA-1 7.1)")
        self.canvas.addLiteral(f"/Artifact <</Type /{kind}>> BDC")
        stack.append(_ARTIFACT)

    def end_sequence(self) -> None:
        """End the innermost content or artifact sequence."""
        self._streams[-1].pop()
        self.canvas.addLiteral("EMC")

    @contextmanager
    def content(self) -> Iterator[StructElement]:
        """Everything drawn in the block is real content of the current element."""
        element = self.begin_content()
        try:
            yield element
        finally:
            self.end_sequence()

    @contextmanager
    def artifact(self, kind: ArtifactKind = "Layout") -> Iterator[None]:
        """Everything drawn in the block is an artifact (``Pagination``, ``Layout``...)."""
        self.begin_artifact(kind)
        try:
            yield
        finally:
            self.end_sequence()

    @property
    def in_sequence(self) -> bool:
        """Whether a marked-content sequence is open in the current content stream."""
        return bool(self._streams[-1])

    def bbox(self, width: float, height: float) -> BBox:
        """The page box of a ``width`` x ``height`` rectangle at the current origin."""
        corners = [self.canvas.absolutePosition(x, y) for x in (0, width) for y in (0, height)]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        return (round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2))

    # --- content streams (called by TaggedCanvas) ---------------------------------------

    def begin_stream(self) -> None:
        """A form XObject's content stream starts."""
        self._streams.append([])

    def end_stream(self) -> None:
        """The current content stream ends (a page is shown, a form is closed)."""
        stack = self._streams[-1]
        if stack:
            raise TaggingError(
                f"a marked-content sequence ({stack[-1]}) left open at the end of a stream"
            )
        if len(self._streams) > 1:
            self._streams.pop()

    def _check_structure_allowed(self, type: str) -> None:
        stack = self._streams[-1]
        if stack:
            raise TaggingError(f"a {type} element opened inside an open {stack[-1]} sequence")


def tags_of(canvas: object) -> Tags | None:
    """The canvas's tagging API, or None when it draws an untagged PDF."""
    tags = getattr(canvas, "tags", None)
    return tags if isinstance(tags, Tags) else None
