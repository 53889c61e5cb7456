"""Speaker notes: the part porreport wrote updated, what people wrote kept.

The slide's tags hold the paragraphs porreport wrote last time (a deck that lost its tags,
their fingerprint and count); they are found again as a run of paragraphs with exactly those
texts, wherever people moved them and whatever they
wrote before or after them, and replaced by the new ones (the first of them lends its
formatting to paragraphs added). When they are not there as written (people edited them),
the notes are kept as they are and the update is a conflict if the data changed them.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from pptx.oxml.ns import nsuri, qn
from pptx.slide import Slide

from porreport.deck import text
from porreport.deck.plan_keys import fingerprint
from porreport.deck.stamp import SHAPE_TAGS
from porreport.deck.stored import paragraph_text

UNCHANGED, UPDATED, KEPT, CONFLICT = "unchanged", "updated", "kept", "conflict"
_P = qn("a:p")
_SP = qn("p:sp")
_SP_TREE = f"{qn('p:cSld')}/{qn('p:spTree')}"
_PH = f"{qn('p:nvPr')}/{qn('p:ph')}"  # in a shape's first child (p:nvSpPr, p:nvPicPr...)
_TX_BODY = qn("p:txBody")


@dataclass(frozen=True)
class NotesOutcome:
    """What happened to a slide's notes, the notes porreport has now written there (none
    when it is still what it wrote before: a conflict, or notes people removed) and the
    notes as people left them (for a conflict)."""

    status: str
    written: tuple[str, ...]
    current: str = ""


def _body(slide: Slide, create: bool) -> etree._Element | None:
    if not slide.has_notes_slide and not create:
        return None
    notes = slide.notes_slide
    body = _placeholder_body(notes.element)
    if body is not None:
        return body
    frame = notes.notes_text_frame  # python-pptx adds a text body to a placeholder lacking one
    return frame._txBody if frame is not None else None  # python-pptx: no public accessor


def _placeholder_body(notes: etree._Element) -> etree._Element | None:
    """The text body of the notes' body placeholder, found as python-pptx's
    ``notes_text_frame`` finds it (the first shape whose placeholder type is ``body``) but
    without its XPath queries; None when that shape is not a text shape with a body (then
    python-pptx's way answers)."""
    tree = notes.find(_SP_TREE)
    if tree is None:
        return None
    for element in tree.iterchildren(*SHAPE_TAGS):
        ph = element[0].find(_PH) if len(element) else None
        if ph is not None and ph.get("type", "obj") == "body":
            return element.find(_TX_BODY) if element.tag == _SP else None
    return None


def current_lines(slide: Slide) -> tuple[str, ...]:
    """The notes' paragraphs as they are now (none without notes)."""
    body = _body(slide, create=False)
    return tuple(paragraph_text(p) for p in body.findall(_P)) if body is not None else ()


def _window(paras: list[etree._Element], written: str, count: int) -> int | None:
    """Where the ``count`` paragraphs whose fingerprint is ``written`` start, if they are
    there."""
    texts = [paragraph_text(p) for p in paras]
    for start in range(len(texts) - count + 1):
        if fingerprint(texts[start : start + count]) == written:
            return start
    return None


def _paragraph(line: str) -> etree._Element:
    """A notes paragraph as porreport writes it (a run, none for an empty line)."""
    p = etree.Element(_P, nsmap={"a": nsuri("a")})
    if line:
        etree.SubElement(etree.SubElement(p, qn("a:r")), qn("a:t")).text = line
    return p


def _write_all(slide: Slide, lines: Sequence[str]) -> None:
    """The notes as a build writes them: only porreport's paragraphs."""
    frame = slide.notes_slide.notes_text_frame
    if frame is not None:
        frame.text = "\n".join(lines)
        text.set_language(slide.notes_slide.element)


def _like(model: etree._Element, line: str) -> etree._Element:
    """A paragraph with ``line`` in the formatting of ``model`` (its first run's)."""
    p = copy.deepcopy(model)
    runs = [c for c in p if c.tag in (qn("a:r"), qn("a:br"), qn("a:fld"))]
    if not runs or runs[0].tag != qn("a:r"):
        return _paragraph(line)
    for extra in runs[1:]:
        p.remove(extra)
    t = runs[0].find(qn("a:t"))
    if t is not None:
        t.text = line
    return p


def update_notes(slide: Slide, written: str, count: int, new: Sequence[str]) -> NotesOutcome:
    """Bring the ``count`` paragraphs porreport wrote in the notes (their fingerprint is
    ``written``) to ``new``."""
    new = tuple(new)
    body = _body(slide, create=bool(new))
    paras = body.findall(_P) if body is not None else []
    current = "\n".join(paragraph_text(p) for p in paras)
    if written == fingerprint(new):
        return NotesOutcome(UNCHANGED, new)
    if body is None:
        return NotesOutcome(KEPT, ())
    if not count:
        if not current.strip():
            _write_all(slide, new)
            return NotesOutcome(UPDATED, new)
        for line in new:  # people's notes only: porreport's part goes first
            paras[0].addprevious(_paragraph(line))
        return NotesOutcome(UPDATED, new)
    start = _window(paras, written, count)
    if start is None:
        return NotesOutcome(CONFLICT, (), current)
    window = paras[start : start + count]
    if len(paras) == count:  # porreport's notes alone: written as a build writes them
        _write_all(slide, new)
        return NotesOutcome(UPDATED, new)
    model = window[0]
    for line in new:
        window[0].addprevious(_like(model, line))
    for p in window:
        body.remove(p)
    return NotesOutcome(UPDATED, new)
