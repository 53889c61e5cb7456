"""The bulletin's page: A4 portrait geometry, the document template with its one frame, and
the running header and footer drawn on every page.

"Pagina N di M" needs the total before it is known: each footer draws its own form XObject,
which ``BulletinCanvas`` defines with the right-aligned "Pagina N di M" when the canvas is
saved. The canvas writes a tagged PDF (``porreport.bulletin.tagging``); everything drawn
here is a ``/Pagination`` artifact.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from porreport.bulletin import styles as bs
from porreport.bulletin.fastpaths import FastCanvas
from porreport.bulletin.flow import KeepWithNext
from porreport.bulletin.tagging import TaggedCanvas, artifact_page
from porreport.bulletin.tagging.canvas import PDF_VERSION
from porreport.content.document import Meta

PAGE_W, PAGE_H = A4
MARGIN_X = 52.0
MARGIN_TOP = 66.0
MARGIN_BOTTOM = 58.0
FRAME_W = PAGE_W - 2 * MARGIN_X
FRAME_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
PAGE_FORM = "porreport-page"
FOOTER_SIZE = 7.5
RUNNING_GAP = 12.0  # between the left- and right-hand texts of header and footer
CREATOR = "porreport"


class BulletinCanvas(TaggedCanvas, FastCanvas):
    """A tagged canvas that fills each page's 'Pagina N di M' form once the page count is
    known (the forms, like the rest of the running header and footer, are artifacts)."""

    pages_drawn = 0

    def save(self) -> None:
        """Define the page-number forms (right-aligned at their origin), then write the PDF."""
        for n in range(1, self.pages_drawn + 1):
            with _page_form_drawn(self, n), self.tags.artifact("Pagination"):
                _draw_page_number(self, n, self.pages_drawn)
        self.showOutline()
        super().save()


class UntaggedBulletinCanvas(FastCanvas):
    """The bulletin's pages without the structure tree, marked content and PDF/A metadata:
    only for measuring what tagging costs (``scripts/benchmark.py``), never published."""

    pages_drawn = 0

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("pdfVersion", PDF_VERSION)
        super().__init__(*args, **kwargs)

    def save(self) -> None:
        """Define the page-number forms, then write the PDF."""
        for n in range(1, self.pages_drawn + 1):
            with _page_form_drawn(self, n):
                _draw_page_number(self, n, self.pages_drawn)
        self.showOutline()
        super().save()


@contextmanager
def _page_form_drawn(canvas: Canvas, page: int) -> Iterator[None]:
    # The text ends at the form's origin: its box must reach to the left of it.
    canvas.beginForm(_page_form(page), lowerx=-PAGE_W / 2, lowery=-10, upperx=0, uppery=20)
    yield
    canvas.endForm()


def _draw_page_number(canvas: Canvas, page: int, total: int) -> None:
    canvas.setFont(bs.REGULAR, FOOTER_SIZE)
    canvas.setFillColor(bs.MUTED)
    canvas.drawRightString(0, 0, _page_label(page, total))


def _page_form(page: int) -> str:
    return f"{PAGE_FORM}-{page}"


def _page_label(page: int, total: int | str) -> str:
    return f"Pagina {page} di {total}"


def _draw_page(canvas: Canvas, doc: BulletinTemplate) -> None:
    """Running header (programme, title) and footer (occasion, date, 'Pagina N di M').

    The right-hand texts get their room first (the title at most half the line when the
    programme needs the rest); the left-hand texts are clipped with an ellipsis to what is
    left, so long texts never overlap nor leave the page.
    """
    meta = doc.meta
    canvas.saveState()
    left, right = MARGIN_X, PAGE_W - MARGIN_X
    line = right - left
    top = PAGE_H - 34
    programme_w = stringWidth(meta.programme, bs.SEMIBOLD, 8)
    title_room = max((line - RUNNING_GAP) / 2, line - RUNNING_GAP - programme_w)
    title = _clip(meta.title, title_room, bs.REGULAR, 8)
    programme_room = line - RUNNING_GAP - stringWidth(title, bs.REGULAR, 8)
    canvas.setFont(bs.SEMIBOLD, 8)
    canvas.setFillColor(bs.PRIMARY)
    canvas.drawString(left, top, _clip(meta.programme, programme_room, bs.SEMIBOLD, 8))
    canvas.setFont(bs.REGULAR, 8)
    canvas.setFillColor(bs.MUTED)
    canvas.drawRightString(right, top, title)
    canvas.setStrokeColor(bs.RULE)
    canvas.setLineWidth(0.6)
    canvas.line(left, top - 7, right, top - 7)
    bottom = 30
    canvas.line(left, bottom + 12, right, bottom + 12)
    canvas.setFont(bs.REGULAR, FOOTER_SIZE)
    # The total is not known yet: room for a four-digit count.
    number_w = stringWidth(_page_label(doc.page, "0000"), bs.REGULAR, FOOTER_SIZE)
    footer = _clip(
        f"{meta.occasion} - {meta.date_label}",
        line - RUNNING_GAP - number_w,
        bs.REGULAR,
        FOOTER_SIZE,
    )
    canvas.drawString(left, bottom, footer)
    canvas.translate(right, bottom)
    canvas.doForm(_page_form(doc.page))
    canvas.restoreState()
    if isinstance(canvas, BulletinCanvas | UntaggedBulletinCanvas):
        canvas.pages_drawn = doc.page


def _clip(value: str, width: float, font: str, size: float) -> str:
    """``value`` shortened with an ellipsis to fit ``width`` (running header and footer)."""
    if stringWidth(value, font, size) <= width:
        return value
    while value and stringWidth(value + "\u2026", font, size) > width:
        value = value[:-1]
    return value.rstrip() + "\u2026"


class BulletinTemplate(BaseDocTemplate):
    """The bulletin's document: A4 portrait, one body frame, the running header and footer
    on every page (an artifact), the document's metadata (title, author, subject, keywords,
    language). A run of keep-with-next flowables stays with the start of the flowable after
    it (``KeepWithNext``)."""

    def __init__(self, buffer: io.BytesIO, meta: Meta) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            keywords=list(meta.keywords),
            creator=CREATOR,
            producer=CREATOR,
            invariant=1,
            lang=meta.language,
            initialFontName=bs.REGULAR,
            initialFontSize=9.5,
            initialLeading=13.5,
            displayDocTitle=1,
            keepTogetherClass=KeepWithNext,
        )
        self.meta = meta
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            FRAME_W,
            FRAME_H,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        page = PageTemplate(id="page", frames=[frame], onPage=artifact_page(_draw_page))
        self.addPageTemplates([page])
