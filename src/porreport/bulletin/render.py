"""The PDF bulletin: the built document laid out as an A4 portrait report with ReportLab.

Stages: check that the font can draw every string, build the story (the cover, then one
titled part per section, then the closing colophon, each a ``Sect`` of the tagged
structure), then lay it out in a single pass on the bulletin's page
(``porreport.bulletin.page``), tagging it as it is drawn. Output is deterministic
(``invariant``), in Titillium Web only (registered and set as the canvas's initial font, so
no Helvetica is referenced), with metadata, language it-IT and an outline entry per section.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields, is_dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, Spacer, Table, TableStyle

from porreport import collector
from porreport.bulletin import styles as bs
from porreport.bulletin.blocks import block_flowables
from porreport.bulletin.cover import cover, paragraphs
from porreport.bulletin.fastpaths import fast_compression, fast_numbers
from porreport.bulletin.flow import (
    GAP,
    SECTION_HEADING,
    Flowables,
    keep_with_next,
    para,
    tagged,
)
from porreport.bulletin.graphics import graphic_flowables
from porreport.bulletin.outline import OutlineAnchor, outline_title
from porreport.bulletin.page import (
    FRAME_H,
    FRAME_W,
    BulletinCanvas,
    BulletinTemplate,
    UntaggedBulletinCanvas,
)
from porreport.bulletin.tagging import Decoration, group
from porreport.charts import load_matplotlib
from porreport.content.document import Block, Chart, Document, Map, Section, TextBlock
from porreport.content.document import Table as TableBlock
from porreport.errors import RenderError
from porreport.inputs.glyphs import describe, missing_characters

# Strings the renderer itself draws, checked against the font with the document's texts.
FIXED_TEXTS = ("Pagina 0123456789 di ", "\u2022", "\u00b7", "\u2026", "Provincia Nessun dato")
INTRO_CHARS = 400  # a text block up to this long before a graphic or table introduces it
# False only while scripts/benchmark.py measures what tagging costs: the same pages drawn
# on a plain canvas. The bulletin is always tagged.
_TAGGED = True


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
    strings = [*_strings(document, ""), *(("renderer", t) for t in FIXED_TEXTS)]
    # Each distinct character checked once; the strings one by one only to name the first
    # that holds a missing one.
    if not missing_characters("".join(set().union(*(value for _, value in strings)))):
        return
    for path, value in strings:
        missing = missing_characters(value)
        if missing:
            raise RenderError(
                f"Il testo in '{path}' contiene caratteri che il font Titillium Web non può "
                f"disegnare: {describe(missing)}. Sostituirli nei dati (testo: {value[:80]!r})."
            )


def _optional(value: str | None, style: ParagraphStyle) -> Flowable:
    """A paragraph, or an empty one taking the same place, drawing nothing (an artifact)."""
    if value:
        return tagged(value, style)
    return Decoration(para("", style))


def _heading(section: Section) -> Flowables:
    """Title, subtitle with the cutoff date on the right, and a rule; kept with what follows."""
    st = bs.styles()
    title = tagged(section.title, st.h1, SECTION_HEADING)
    left = _optional(section.subtitle, st.subtitle)
    right = _optional(section.cutoff, ParagraphStyle("cutoff-r", parent=st.cutoff, alignment=2))
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
    return keep_with_next(
        [
            OutlineAnchor(f"sec-{section.id}", outline_title(section, section.title)),
            title,
            meta_row,
            Decoration(rule),
        ]
    )


def _note_box(value: str) -> Table:
    """A tinted box for the illustrative-data note."""
    st = bs.styles()
    return bs.BTable(
        [[tagged(value, st.note_box)]],
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
    rule = HRFlowable(width="30%", thickness=0.6, color=bs.RULE, hAlign="LEFT", spaceBefore=8)
    out: Flowables = [Decoration(rule), Spacer(1, 4)]
    for note in section.footnotes:
        out += [tagged(note, st.footnote, "Note"), Spacer(1, 2)]
    return out


def _introduces(block: Block, following: Block | None) -> bool:
    """Whether a short text only introduces the chart, map or table after it (it is kept
    with it, as a heading is)."""
    return (
        isinstance(block, TextBlock)
        and isinstance(following, Chart | Map | TableBlock)
        and sum(len(p) for p in block.paragraphs) <= INTRO_CHARS
    )


def section_flowables(section: Section) -> Flowables:
    """A section as a titled part (a ``Sect``): heading, illustrative note, blocks, footnotes."""
    out: Flowables = _heading(section)
    if section.illustrative:
        out += keep_with_next([_note_box(section.illustrative), Spacer(1, GAP)])
    blocks = section.blocks
    for i, block in enumerate(blocks):
        flows = [*block_flowables(block, FRAME_W, FRAME_H, graphic_flowables), Spacer(1, 12)]
        if _introduces(block, blocks[i + 1] if i + 1 < len(blocks) else None):
            keep_with_next(flows)
        out += flows
    notes = _footnotes(section)
    if notes:
        # Footnotes stay on the page of the content they annotate.
        keep_with_next([*out[-2:], *notes[:-1]])
    out += notes
    return [CondPageBreak(170), *group("Sect", out), Spacer(1, 20)]


def _closing(section: Section) -> Flowables:
    """The closing section as a final colophon box."""
    st = bs.styles()
    rows: list[list[object]] = [[tagged(section.title, st.h2, SECTION_HEADING)]]
    if section.subtitle:
        rows.append([tagged(section.subtitle, st.subtitle)])
    rows += [[tagged(p, st.small)] for b in section.blocks for p in paragraphs(b)]
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
        *group(
            "Sect", [OutlineAnchor(f"sec-{section.id}", outline_title(section, section.title)), box]
        ),
    ]


def story(document: Document) -> Flowables:
    """Every flowable of the bulletin, in order: the cover and each section a ``Sect``."""
    title = next((s for s in document.sections if s.layout == "title"), None)
    out = group("Sect", cover(document, title))
    for section in document.sections:
        if section.layout == "title":
            continue
        out += _closing(section) if section.layout == "closing" else section_flowables(section)
    return out


@contextmanager
def _binary_streams() -> Iterator[None]:
    """ReportLab's streams compressed only, not also ASCII85-encoded for 7-bit channels (its
    default, ``rl_config.useA85``): the file is a third smaller and the render a tenth
    faster (the encoder is pure Python). A setting ReportLab reads while it builds, so it
    is set for the build and restored after it (the batch builds in processes, not
    threads)."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def prepare() -> None:
    """Load, before any document is known, what every render needs: the fonts and styles,
    and matplotlib with the charts' theme (``porreport build`` calls it in the process that
    will render the PDF while the report is still being read)."""
    load_matplotlib()
    from porreport.bulletin import mpl_drawing  # loads matplotlib
    from porreport.charts.style import rc_theme

    bs.styles()
    rc_theme()
    mpl_drawing.font_names()


def render_pdf(document: Document) -> bytes:
    """The bulletin as PDF bytes (identical bytes for the same document)."""
    # the collector paused for the build: with 1000 initiatives its walks took a sixth of the
    # render's CPU time, even counting the collection after it (the process peaks some 25 MB
    # higher with a long bulletin)
    with collector.paused():
        check_glyphs(document)
        bs.register_fonts()
        buffer = io.BytesIO()
        doc = BulletinTemplate(buffer, document.meta)
        flowables = story(document)
        canvas = BulletinCanvas if _TAGGED else UntaggedBulletinCanvas
        with _binary_streams(), fast_numbers(), fast_compression():
            doc.build(flowables, canvasmaker=canvas)
        return buffer.getvalue()
