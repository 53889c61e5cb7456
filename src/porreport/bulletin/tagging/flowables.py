"""Platypus flowables that tag what they draw, and markers that open and close groups.

- :func:`group` puts ``Begin``/``End`` markers (zero-size flowables) around a run of the
  story, so a ``Sect``, ``L`` or ``Div`` holds everything drawn in between, across pages.
- :class:`Tagged` draws any flowable as the content of one element (``Tagged(Paragraph(...),
  "H1")``); a paragraph split across pages stays one element with content on each page.
  ``Figure`` and ``Formula`` elements also get their bounding box on the page.
- :class:`Decoration` draws any flowable as an artifact (rules, spacers with a colour).
- :class:`ListItem` is a bulleted (or numbered) paragraph tagged ``LI`` > ``Lbl`` + ``LBody``.
- :func:`artifact_page` wraps a page template's ``onPage`` callback in an artifact.

Every one of them also draws on a plain canvas, untagged, as the flowable it wraps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Unpack

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from porreport.bulletin.fastpaths import fp_str
from porreport.bulletin.tagging.elements import Continuation, ElementProps, StructElement
from porreport.bulletin.tagging.marking import ArtifactKind, Tags, tags_of

BOXED_ROLES = frozenset({"Figure", "Formula"})  # elements that need a /BBox (PDF 14.8.5.4)
PageCallback = Callable[[Canvas, Any], None]


class _Marker(Flowable):
    """A zero-size flowable that draws nothing: it writes what ``Flowable.drawOn`` writes
    around a drawing (save the state, move to its place, restore) without saving and
    restoring the canvas's state in Python, which nothing it does changes (thousands of
    markers in a long list)."""

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        """``Flowable.drawOn``'s operators (``q 1 0 0 1 x y cm Q``), then this marker's action."""
        if getattr(self, "_showBoundary", False):
            super().drawOn(canvas, x, y, _sW)
            return
        x = self._hAlignAdjust(x, _sW)
        code = canvas._code
        code.append("q")
        code.append(f"{fp_str(1, 0, 0, 1, x, y)} cm")
        self._drawOn(canvas)
        code.append("Q")


class Begin(_Marker):
    """Opens a grouping element (``Sect``, ``L``, ``Div``...) where it stands in the story.

    It is kept with what follows (``keepWithNext``): an opening marker never ends a run of
    flowables kept together, so a heading before a list is kept with the list's first item.
    """

    def __init__(self, role: str, **props: Unpack[ElementProps]) -> None:
        super().__init__()
        self.role, self.props = role, props
        self.width = self.height = 0
        self.keepWithNext = True
        self.element: StructElement | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Takes no space."""
        return 0, 0

    def draw(self) -> None:
        """Open the element: what is drawn next belongs to it."""
        tags = tags_of(self.canv)
        if tags is not None:
            self.element = tags.open(self.role, **self.props)


class End(_Marker):
    """Closes the element its :class:`Begin` opened."""

    def __init__(self, begin: Begin) -> None:
        super().__init__()
        self.begin = begin
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Takes no space."""
        return 0, 0

    def draw(self) -> None:
        """Close the element."""
        tags = tags_of(self.canv)
        if tags is not None and self.begin.element is not None:
            tags.close(self.begin.element)


def group(role: str, flowables: list[Flowable], **props: Unpack[ElementProps]) -> list[Flowable]:
    """``flowables`` between markers that make them the kids of one ``role`` element."""
    begin = Begin(role, **props)
    return [begin, *flowables, End(begin)]


class _Wrapper(Flowable):
    """A flowable drawn through another one (size, spacing, splitting delegated)."""

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner
        self.hAlign = getattr(inner, "hAlign", "LEFT")
        # A plain attribute, as platypus expects: it resets it through __dict__.
        self.keepWithNext = inner.getKeepWithNext()

    def minWidth(self) -> float:
        """The wrapped flowable's minimum width (a table sizing its columns asks)."""
        return float(self.inner.minWidth())

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """The wrapped flowable's size."""
        canv = getattr(self, "canv", None)
        if canv is not None:
            self.width, self.height = self.inner.wrapOn(canv, avail_width, avail_height)
        else:
            self.width, self.height = self.inner.wrap(avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """The wrapped flowable's pieces, each wrapped the same way."""
        canv = getattr(self, "canv", None)
        if canv is not None:
            parts = self.inner.splitOn(canv, avail_width, avail_height)
        else:
            parts = self.inner.split(avail_width, avail_height)
        return [self._again(p) for p in parts]

    def getSpaceBefore(self) -> float:
        """The wrapped flowable's space before."""
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        """The wrapped flowable's space after."""
        return float(self.inner.getSpaceAfter())

    def _again(self, inner: Flowable) -> Flowable:
        raise NotImplementedError

    def _draw_inner(self) -> None:
        inner = self.inner
        if type(inner).drawOn is not Flowable.drawOn:
            inner.drawOn(self.canv, 0, 0)
            return
        # What Flowable.drawOn does, minus a translation by (0, 0): the tagged page draws
        # exactly the operators of the untagged one, plus the marked-content operators.
        inner.canv = self.canv
        try:
            inner.draw()
        finally:
            del inner.canv


class Tagged(_Wrapper):
    """A flowable drawn as the content of one element: ``Tagged(Paragraph(...), "P")``.

    ``within`` names an element around this one, shared with other flowables: a table's
    caption is drawn by a paragraph before the table, inside the table's ``Table``
    element (``within=("Table", continuation)``, the same continuation the table uses).
    """

    def __init__(
        self,
        inner: Flowable,
        role: str,
        continuation: Continuation | None = None,
        within: tuple[str, Continuation] | None = None,
        **props: Unpack[ElementProps],
    ) -> None:
        super().__init__(inner)
        self.role, self.props, self.within = role, props, within
        self.continuation = continuation if continuation is not None else Continuation()

    def _again(self, inner: Flowable) -> Flowable:
        return Tagged(inner, self.role, self.continuation, self.within, **self.props)

    def draw(self) -> None:
        """Draw the wrapped flowable inside the element's marked content."""
        tags = tags_of(self.canv)
        if tags is None:
            self._draw_inner()
            return
        if self.within is None:
            self._draw_tagged(tags)
            return
        role, continuation = self.within
        with tags.element(role, continuation):
            self._draw_tagged(tags)

    def _draw_tagged(self, tags: Tags) -> None:
        element = tags.open(self.role, self.continuation, **self.props)
        tags.begin_content()
        self._draw_inner()
        tags.end_sequence()
        if self.role in BOXED_ROLES:
            element.set_bbox(tags.bbox(self.width, self.height))
        tags.close(element)


class Decoration(_Wrapper):
    """A flowable drawn as an artifact: it carries no content a reader needs."""

    def __init__(self, inner: Flowable, kind: ArtifactKind = "Layout") -> None:
        super().__init__(inner)
        self.kind: ArtifactKind = kind

    def _again(self, inner: Flowable) -> Flowable:
        return Decoration(inner, self.kind)

    def draw(self) -> None:
        """Draw the wrapped flowable inside an artifact sequence."""
        tags = tags_of(self.canv)
        if tags is None:
            self._draw_inner()
            return
        with tags.artifact(self.kind):
            self._draw_inner()


class ListItem(Flowable):
    """A list entry: its label (bullet or number) and its body, side by side.

    The label is drawn at ``label_x`` in the gutter left by the body's ``leftIndent``, top
    aligned with the body, so with the same font it sits on the first line's baseline, as a
    ReportLab bullet would. The body splits across pages; the label stays on the first.
    """

    def __init__(
        self,
        label: Paragraph | None,
        body: Paragraph,
        label_x: float = 0.0,
        item: Continuation | None = None,
        body_part: Continuation | None = None,
    ) -> None:
        super().__init__()
        self.label, self.body, self.label_x = label, body, label_x
        self.item = item if item is not None else Continuation()
        self.body_part = body_part if body_part is not None else Continuation()
        self.keepWithNext = body.getKeepWithNext()

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """The body's size; the label fits in the body's left indent."""
        self.width, self.height = self.body.wrap(avail_width, avail_height)
        if self.label is not None:
            gutter = max(self.body.style.leftIndent - self.label_x, 1.0)
            self._label_size = self.label.wrap(gutter, avail_height)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        """The body's space before."""
        return float(self.body.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        """The body's space after."""
        return float(self.body.getSpaceAfter())

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """The body's pieces; only the first keeps the label."""
        parts = self.body.split(avail_width, avail_height)
        return [
            ListItem(self.label if i == 0 else None, p, self.label_x, self.item, self.body_part)
            for i, p in enumerate(parts)
        ]

    def draw(self) -> None:
        """Label, then body, each in its element when the canvas is tagged."""
        tags = tags_of(self.canv)
        if tags is None:
            self._draw_label()
            self.body.drawOn(self.canv, 0, 0)
            return
        with tags.element("LI", self.item):
            if self.label is not None:
                with tags.element("Lbl"), tags.content():
                    self._draw_label()
            with tags.element("LBody", self.body_part), tags.content():
                self.body.drawOn(self.canv, 0, 0)

    def _draw_label(self) -> None:
        if self.label is not None:
            self.label.drawOn(self.canv, self.label_x, self.height - self._label_size[1])


def artifact_page(draw: PageCallback, kind: ArtifactKind = "Pagination") -> PageCallback:
    """A page template callback (``onPage``) whose drawing is all one artifact."""

    def on_page(canvas: Canvas, doc: Any) -> None:
        tags = tags_of(canvas)
        if tags is None:
            draw(canvas, doc)
            return
        with tags.artifact(kind):
            draw(canvas, doc)

    return on_page
