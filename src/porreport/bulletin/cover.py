"""The bulletin's cover: a coloured band with programme, title, occasion and the data date,
the programme's logos in one row, and the title section's remaining lines.

Tags: the title is the document's first ``H1``, the other lines paragraphs; the band is an
artifact, and so are the logos: the document gives them no alternative text, and the
programme and region they stand for are named in the text next to them.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image as PILImage
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Image, Spacer, TableStyle

from porreport.bulletin import styles as bs
from porreport.bulletin.flow import SECTION_HEADING, Flowables, tagged
from porreport.bulletin.outline import OutlineAnchor, outline_title
from porreport.bulletin.page import FRAME_W
from porreport.bulletin.tagging import Decoration
from porreport.content.document import Document, Section
from porreport.errors import RenderError

LOGO_HEIGHT = 42.0
LOGO_GAP = 28.0


def _logo_band(logos: tuple[Path, ...]) -> Flowables:
    """The programme's logos in one row at a common height; nothing when there are none.

    When the row (logos plus gaps) would be wider than the frame, every logo is shrunk by
    the same factor so the row fits.
    """
    if not logos:
        return []
    images = [_logo(path) for path in logos]
    gap = LOGO_GAP if len(images) > 1 else 0.0
    natural = sum(c.drawWidth for c in images)
    factor = min(1.0, (FRAME_W - gap * (len(images) - 1)) / natural)
    for image in images:
        image.drawWidth *= factor
        image.drawHeight *= factor
    widths = [c.drawWidth for c in images]
    row: list[object] = []
    col_widths: list[float] = []
    for i, (image, w) in enumerate(zip(images, widths, strict=True)):
        if i:
            row.append("")
            col_widths.append(gap)
        row.append(Decoration(image))
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


def cover(document: Document, section: Section | None) -> Flowables:
    """The cover block: programme, title, occasion, 'Dati al ...' and the long date."""
    st = bs.styles()
    meta = document.meta
    title = section.title if section else meta.title
    pill = bs.BTable(
        [[tagged(meta.date_label, st.cover_date)]],
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
        [[pill, tagged(meta.long_date, long_date)]],
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
            [tagged(meta.programme, st.cover_kicker)],
            [tagged(title, st.cover_title, SECTION_HEADING)],
            [tagged(meta.occasion, st.cover_occasion)],
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
    out: Flowables = [OutlineAnchor("sec-cover", outline_title(section, "Copertina")), band]
    out += _logo_band(meta.logos)
    lines = [p for b in (section.blocks if section else ()) for p in paragraphs(b)]
    lines = [line for line in lines if line not in (meta.programme, title)]
    # The title section's subtitle (occasion and long date) is already in the band.
    if lines:
        out += [Spacer(1, 9), tagged(" \u00b7 ".join(lines), st.cover_line)]
    out.append(Spacer(1, 16))
    return out


def paragraphs(block: object) -> tuple[str, ...]:
    """The paragraphs of a text block; none for other block kinds."""
    return tuple(getattr(block, "paragraphs", ()))
