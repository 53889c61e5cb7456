"""The PDF bulletin: the built document laid out as an A4 portrait report with ReportLab.

Stages: check that the font can draw every string, build the story (cover, then one titled
part per section), then lay it out in a single pass. "Pagina N di M" needs the total before it
is known: each footer draws its own form XObject, defined with the right-aligned
"Pagina N di M" when the canvas is saved. Output is deterministic (``invariant``), in Titillium Web only (registered and
set as the canvas's initial font, so no Helvetica is referenced), with metadata, language
it-IT and an outline entry per section.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    Image,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from porreport.bulletin import styles as bs
from porreport.bulletin.blocks import GAP, Flowables, block_flowables, para
from porreport.bulletin.graphics import graphic_flowable
from porreport.content.document import Document, Section
from porreport.errors import RenderError
from porreport.inputs.glyphs import describe, missing_characters

PAGE_W, PAGE_H = A4
MARGIN_X = 52.0
MARGIN_TOP = 66.0
MARGIN_BOTTOM = 58.0
FRAME_W = PAGE_W - 2 * MARGIN_X
FRAME_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
PAGE_FORM = "porreport-page"
FOOTER_SIZE = 7.5
RUNNING_GAP = 12.0  # between the left- and right-hand texts of header and footer
LOGO_HEIGHT = 42.0
LOGO_GAP = 28.0
CREATOR = "porreport"
# Strings the renderer itself draws, checked against the font with the document's texts.
FIXED_TEXTS = ("Pagina 0123456789 di ", "\u2022", "\u00b7", "\u2026")


# --- glyph check ---------------------------------------------------------------------


def _strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    """Every string in the document with a readable path ('sections[3].blocks[0].title')."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Path):
        return
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from _strings(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")


def check_glyphs(document: Document) -> None:
    """Raise RenderError (in Italian) when a string holds a character Titillium Web lacks."""
    for path, value in [*_strings(document, ""), *(("renderer", t) for t in FIXED_TEXTS)]:
        missing = missing_characters(value)
        if missing:
            raise RenderError(
                f"Il testo in '{path}' contiene caratteri che il font Titillium Web non può "
                f"disegnare: {describe(missing)}. Sostituirli nei dati (testo: {value[:80]!r})."
            )


# --- page furniture ------------------------------------------------------------------


class BulletinCanvas(Canvas):
    """A canvas that fills each page's 'Pagina N di M' form once the page count is known."""

    pages_drawn = 0

    def save(self) -> None:
        """Define the page-number forms (right-aligned at their origin), then write the PDF."""
        for n in range(1, self.pages_drawn + 1):
            # The text ends at the form's origin: its box must reach to the left of it.
            self.beginForm(_page_form(n), lowerx=-PAGE_W / 2, lowery=-10, upperx=0, uppery=20)
            self.setFont(bs.REGULAR, FOOTER_SIZE)
            self.setFillColor(bs.MUTED)
            self.drawRightString(0, 0, _page_label(n, self.pages_drawn))
            self.endForm()
        self.showOutline()
        super().save()


def _page_form(page: int) -> str:
    return f"{PAGE_FORM}-{page}"


def _page_label(page: int, total: int | str) -> str:
    return f"Pagina {page} di {total}"


def _draw_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """Running header (programme, title) and footer (occasion, date, 'Pagina N di M').

    The right-hand texts get their room first (the title at most half the line when the
    programme needs the rest); the left-hand texts are clipped with an ellipsis to what is
    left, so long texts never overlap nor leave the page.
    """
    meta = doc.bulletin_meta  # type: ignore[attr-defined]
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
    canvas.pages_drawn = doc.page  # type: ignore[attr-defined]


def _clip(value: str, width: float, font: str, size: float) -> str:
    """``value`` shortened with an ellipsis to fit ``width`` (running header and footer)."""
    if stringWidth(value, font, size) <= width:
        return value
    while value and stringWidth(value + "\u2026", font, size) > width:
        value = value[:-1]
    return value.rstrip() + "\u2026"


# --- outline -------------------------------------------------------------------------


class OutlineAnchor(Flowable):
    """A zero-size flowable that bookmarks its position and adds an outline entry."""

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.keepWithNext = True
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Takes no space."""
        return 0, 0

    def draw(self) -> None:
        """Bookmark this point of the page and add the outline entry."""
        self.canv.bookmarkHorizontal(self.key, 0, 18)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)


# --- cover and sections ----------------------------------------------------------------


def _logo_band(logos: tuple[Path, ...]) -> Flowables:
    """The programme's logos in one row at a common height; nothing when there are none.

    When the row (logos plus gaps) would be wider than the frame, every logo is shrunk by
    the same factor so the row fits.
    """
    if not logos:
        return []
    cells = [_logo(path) for path in logos]
    gap = LOGO_GAP if len(cells) > 1 else 0.0
    natural = sum(c.drawWidth for c in cells)
    factor = min(1.0, (FRAME_W - gap * (len(cells) - 1)) / natural)
    for cell in cells:
        cell.drawWidth *= factor
        cell.drawHeight *= factor
    widths = [c.drawWidth for c in cells]
    row, col_widths = [], []
    for i, (cell, w) in enumerate(zip(cells, widths, strict=True)):
        if i:
            row.append("")
            col_widths.append(gap)
        row.append(cell)
        col_widths.append(w)
    table = bs.BTable([row], colWidths=col_widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [Spacer(1, 10), table, Spacer(1, 6)]


def _logo(path: Path) -> Image:
    """One PNG or JPEG logo scaled to LOGO_HEIGHT (at most half the frame wide)."""
    from PIL import Image as PILImage

    try:
        with PILImage.open(path) as image:
            kind, (w, h) = image.format, image.size
    except Exception:
        kind, w, h = None, 0, 0
    if kind not in ("PNG", "JPEG") or not w or not h:
        raise RenderError(f"Il logo '{path.name}' non è un'immagine PNG o JPEG leggibile.")
    width = LOGO_HEIGHT * w / h
    if width > FRAME_W / 2:
        width = FRAME_W / 2
    return Image(str(path), width=width, height=width * h / w)


def _cover(document: Document, section: Section | None) -> Flowables:
    """The cover block: programme, title, occasion, 'Dati al ...' and the long date."""
    st = bs.styles()
    meta = document.meta
    title = section.title if section else meta.title
    pill = bs.BTable(
        [[para(meta.date_label, st.cover_date)]],
        colWidths=[stringWidth(meta.date_label, bs.BOLD, 10.5) + 20],
        style=TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), bs.ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        ),
        hAlign="LEFT",
    )
    long_date = ParagraphStyle("cover-long-date", parent=st.cover_occasion, fontSize=11)
    date_row = bs.BTable(
        [[pill, para(meta.long_date, long_date)]],
        colWidths=[stringWidth(meta.date_label, bs.BOLD, 10.5) + 32, None],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 12),
            ]
        ),
        hAlign="LEFT",
    )
    band = bs.BTable(
        [
            [para(meta.programme, st.cover_kicker)],
            [para(title, st.cover_title)],
            [para(meta.occasion, st.cover_occasion)],
            [date_row],
        ],
        colWidths=[FRAME_W],
        style=TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), bs.PRIMARY),
                ("LINEBELOW", (0, -1), (-1, -1), 4, bs.DARK),
                ("LEFTPADDING", (0, 0), (-1, -1), 22),
                ("RIGHTPADDING", (0, 0), (-1, -1), 22),
                ("TOPPADDING", (0, 0), (-1, 0), 20),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 10),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 6),
                ("BOTTOMPADDING", (0, 2), (-1, 2), 14),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 20),
            ]
        ),
        hAlign="LEFT",
    )
    out: Flowables = [OutlineAnchor("sec-cover", _outline_title(section, "Copertina")), band]
    out += _logo_band(meta.logos)
    lines = [p for b in (section.blocks if section else ()) for p in _paragraphs(b)]
    lines = [line for line in lines if line not in (meta.programme, title)]
    # The title section's subtitle (occasion and long date) is already in the band.
    if lines:
        out += [Spacer(1, 9), para(" \u00b7 ".join(lines), st.cover_line)]
    out.append(Spacer(1, 16))
    return out


def _paragraphs(block: object) -> tuple[str, ...]:
    return tuple(getattr(block, "paragraphs", ()))


def _outline_title(section: Section | None, default: str) -> str:
    if section is None:
        return default
    return section.outline or section.title


def _heading(section: Section) -> Flowables:
    """Title, subtitle with the cutoff date on the right, and a rule; kept with what follows."""
    st = bs.styles()
    title = para(section.title, st.h1)
    left = para(section.subtitle or "", st.subtitle)
    right = para(section.cutoff or "", ParagraphStyle("cutoff-r", parent=st.cutoff, alignment=2))
    cutoff_w = stringWidth(section.cutoff or "", bs.SEMIBOLD, 8) + 4
    meta_row = bs.BTable(
        [[left, right]],
        colWidths=[FRAME_W - cutoff_w, cutoff_w],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
        hAlign="LEFT",
    )
    rule = HRFlowable(width="100%", thickness=1.6, color=bs.PRIMARY, spaceBefore=5, spaceAfter=10)
    flows: Flowables = [
        OutlineAnchor(f"sec-{section.id}", _outline_title(section, section.title)),
        title,
        meta_row,
        rule,
    ]
    for f in flows:
        f.keepWithNext = True
    return flows


def _note_box(value: str) -> Table:
    """A tinted box for the illustrative-data note."""
    st = bs.styles()
    return bs.BTable(
        [[para(value, st.note_box)]],
        colWidths=[FRAME_W],
        style=TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), bs.ACCENT_TINT),
                ("LINEBEFORE", (0, 0), (0, 0), 3, bs.ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        ),
        hAlign="LEFT",
    )


def _footnotes(section: Section) -> Flowables:
    if not section.footnotes:
        return []
    st = bs.styles()
    out: Flowables = [
        HRFlowable(width="30%", thickness=0.6, color=bs.RULE, hAlign="LEFT", spaceBefore=8),
        Spacer(1, 4),
    ]
    for note in section.footnotes:
        out += [para(note, st.footnote), Spacer(1, 2)]
    return out


def section_flowables(section: Section) -> Flowables:
    """A section as a titled part: heading, illustrative note, blocks, footnotes."""
    out: Flowables = [CondPageBreak(170), *_heading(section)]
    if section.illustrative:
        out += [_note_box(section.illustrative), Spacer(1, GAP)]
    for block in section.blocks:
        out += block_flowables(block, FRAME_W, FRAME_H, graphic_flowable)
        out.append(Spacer(1, 12))
    notes = _footnotes(section)
    if notes:
        # Footnotes stay on the page of the content they annotate.
        out[-2].keepWithNext = True
        out[-1].keepWithNext = True
        for f in notes[:-1]:
            f.keepWithNext = True
    out += notes
    out.append(Spacer(1, 20))
    return out


def _closing(section: Section) -> Flowables:
    """The closing section as a final colophon box."""
    st = bs.styles()
    rows: list[list[object]] = [[para(section.title, st.h2)]]
    if section.subtitle:
        rows.append([para(section.subtitle, st.subtitle)])
    rows += [[para(p, st.small)] for b in section.blocks for p in _paragraphs(b)]
    box = bs.BTable(
        rows,
        colWidths=[FRAME_W],
        style=TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), bs.LIGHT_BG),
                ("LINEABOVE", (0, 0), (-1, 0), 2.2, bs.PRIMARY),
                ("LEFTPADDING", (0, 0), (-1, -1), 14),
                ("TOPPADDING", (0, 0), (-1, 0), 12),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 12),
            ]
        ),
        hAlign="LEFT",
    )
    return [
        CondPageBreak(110),
        Spacer(1, 8),
        OutlineAnchor(f"sec-{section.id}", _outline_title(section, section.title)),
        box,
    ]


def story(document: Document) -> Flowables:
    """Every flowable of the bulletin, in order."""
    cover = next((s for s in document.sections if s.layout == "title"), None)
    out = _cover(document, cover)
    for section in document.sections:
        if section.layout == "title":
            continue
        out += _closing(section) if section.layout == "closing" else section_flowables(section)
    return out


# --- document ------------------------------------------------------------------------


def _template(buffer: io.BytesIO, document: Document) -> BaseDocTemplate:
    meta = document.meta
    doc = BaseDocTemplate(
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
    )
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
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_draw_page)])
    doc.bulletin_meta = meta  # type: ignore[attr-defined]
    return doc


def render_pdf(document: Document) -> bytes:
    """The bulletin as PDF bytes (identical bytes for the same document)."""
    check_glyphs(document)
    bs.register_fonts()
    buffer = io.BytesIO()
    doc = _template(buffer, document)
    flowables = story(document)
    doc.build(flowables, canvasmaker=BulletinCanvas)
    return buffer.getvalue()
