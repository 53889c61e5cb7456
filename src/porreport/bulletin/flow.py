"""What every block of the bulletin is built from: tagged paragraphs, the heading levels,
the keep-with-next rule and a tinted box whose text flows across pages.

Every string arrives formatted from ``porreport.content``; here it is only escaped (through
``styles.text``) and placed. Everything drawn is tagged (``porreport.bulletin.tagging``):
text as the element it is (``P``, a heading, a ``Note``), decoration as an artifact.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Unpack

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, HRFlowable, Image, KeepTogether, Paragraph, Spacer, Table
from reportlab.platypus.flowables import _listWrapOn
from reportlab.platypus.paragraph import textTransformFrags
from reportlab.platypus.paraparser import ParaFrag, ParaParser

from porreport.bulletin import styles as bs
from porreport.bulletin.tagging import ElementProps, Tagged, tags_of

GAP = 10.0  # space between grid columns, points
PAD = 9.0  # inner padding of boxes

Flowables = list[Flowable]

# Heading levels by position: a section's title, a block's heading (and a card's title, a
# column's heading, a group of a list), an entry under such a heading.
SECTION_HEADING = "H1"
BLOCK_HEADING = "H2"
ENTRY_HEADING = "H3"


class SpacedParagraph(Paragraph):
    """A Paragraph whose wrapped lines keep the space they were wrapped at.

    ReportLab drops it, and whatever reads the text rather than the page (a screen reader
    following the tags, poppler's ``-struct-text``) joins the last word of a line to the
    first of the next ("FSE2014-2020"). The space goes at the end of the line, after the
    place its alignment gives the line: the page looks the same. A forced line break
    (``<br/>``) needs none.
    """

    def _setup(
        self,
        text: str,
        style: ParagraphStyle,
        bulletText: object,
        frags: list[ParaFrag] | None,
        cleaner: Callable[[str], str],
    ) -> None:
        """ReportLab's set-up; text without markup (most of it: no ``<`` nor ``&``) gets the
        one fragment ReportLab's parser would make without running the parser."""
        if frags is None and text and "<" not in text and "&" not in text:
            cleaned = cleaner(text)
            if cleaned:
                frags = [plain_fragment(style, cleaned)]
                textTransformFrags(frags, style)
                text = cleaned
        super()._setup(text, style, bulletText, frags, cleaner)

    def breakLines(self, width: float | list[float]) -> object:
        """ReportLab's lines, each but the last ending with a space.

        Platypus wraps most paragraphs several times at the same width (to measure a table's
        rows, a kept-together run, then to draw): the lines of the last width are kept, with
        the attributes ReportLab's line breaking sets on the paragraph, and given back when
        the width is asked again.
        """
        key = tuple(width) if isinstance(width, list) else width
        last = self.__dict__.get("_last_lines")
        if last is not None and last[0] == key:
            self.__dict__.update(last[2])
            return last[1]
        lines = super().breakLines(width)
        for line in lines.lines[:-1]:
            if lines.kind == 0:
                words = line[1]
                if words and not words[-1].endswith(" "):
                    words[-1] += " "
            elif line.words and not line.lineBreak and not line.words[-1].text.endswith(" "):
                line.words[-1] = line.words[-1].clone(text=line.words[-1].text + " ")
        state = {name: self.__dict__[name] for name in _LINE_STATE if name in self.__dict__}
        self._last_lines = (key, lines, state)
        return lines

    def split(self, availWidth: float, availHeight: float) -> list[Paragraph]:
        """ReportLab's pieces; the words the rest is wrapped from lose the spaces added at
        the ends of lines (ReportLab joins plain words with a space of its own)."""
        pieces: list[Paragraph] = super().split(availWidth, availHeight)
        for piece in pieces[1:]:
            for frag in piece.frags:
                words = getattr(frag, "words", None)
                if words:
                    frag.words = [w[:-1] if _ends_spaced(w) else w for w in words]
        return pieces


# The fragment ReportLab's parser makes of a markup-free text, per style (the style kept
# with it: the key is its id); bounded, as the bulletin's styles are a few dozen.
_TEMPLATES: dict[int, tuple[ParagraphStyle, ParaFrag]] = {}
TEMPLATE_LIMIT = 256


def plain_fragment(style: ParagraphStyle, text: str) -> ParaFrag:
    """The fragment ``ParaParser().parse(text, style)`` gives for ``text`` without markup
    (cleaned, not empty): the style's fragment, with its own lists, holding ``text``."""
    entry = _TEMPLATES.get(id(style))
    if entry is None or entry[0] is not style:
        if len(_TEMPLATES) >= TEMPLATE_LIMIT:
            _TEMPLATES.clear()
        _, parsed, _ = ParaParser().parse("x", style)
        entry = _TEMPLATES[id(style)] = (style, parsed[0])
    frag: ParaFrag = entry[1].clone(text=text)
    for name, value in frag.__dict__.items():
        if isinstance(value, list):
            frag.__dict__[name] = list(value)
    return frag


# What ReportLab's ``Paragraph.breakLines`` sets on the paragraph besides returning the lines.
_LINE_STATE = ("_width_max", "_splitLongWordCount", "_hyphenations", "height")


def _ends_spaced(word: object) -> bool:
    return isinstance(word, str) and word.endswith(" ")


def para(value: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of plain text (markup characters escaped), untagged: for data-table
    cells, whose tags come from the table."""
    return SpacedParagraph(bs.text(value), style)


def tagged(
    value: str, style: ParagraphStyle, role: str = "P", **props: Unpack[ElementProps]
) -> Tagged:
    """A paragraph of plain text tagged as ``role`` (``P``, ``H2``, ``Note``...)."""
    return Tagged(para(value, style), role, **props)


def heading(value: str, style: ParagraphStyle, role: str) -> Tagged:
    """A heading paragraph, kept with what follows it (never the last line of a page)."""
    flowable = tagged(value, style, role)
    flowable.keepWithNext = True
    return flowable


def keep_with_next(flowables: Flowables) -> Flowables:
    """Mark every flowable to stay with the one after it; return the same list."""
    for flowable in flowables:
        flowable.keepWithNext = True
    return flowables


def fitted(style: ParagraphStyle, value: str, width: float, minimum: float = 8.0) -> ParagraphStyle:
    """``style`` with the font shrunk until the one-line ``value`` fits ``width``."""
    size = style.fontSize
    while size > minimum and stringWidth(value, style.fontName, size) > width:
        size -= 0.5
    if size == style.fontSize:
        return style
    return ParagraphStyle(
        f"{style.name}-{size}",
        parent=style,
        fontSize=size,
        leading=size * style.leading / style.fontSize,
    )


def height(flowable: Flowable, width: float) -> float:
    """The height of ``flowable`` laid out at ``width``."""
    return float(flowable.wrap(width, 1e6)[1])


# ReportLab's flowables in the bulletin's runs, none of which reads the frame to measure
_PLAIN_FLOWABLES = (Paragraph, Spacer, HRFlowable, Table, Image)


def _leaves_frame_alone(flowable: Flowable) -> bool:
    """Whether measuring ``flowable`` neither reads nor adds to the document's frame: one of
    ReportLab's plain flowables, or the bulletin's own around such a one (page breaks and
    anything else go ReportLab's way)."""
    if type(flowable) in _PLAIN_FLOWABLES:  # exactly: CondPageBreak is a Spacer
        return True
    if not type(flowable).__module__.startswith("porreport."):
        return False
    inner = getattr(flowable, "inner", None)
    return inner is None or _leaves_frame_alone(inner)


class KeepWithNext(KeepTogether):
    """The bulletin's ``keepTogetherClass``: a run of keep-with-next flowables (headings,
    captions, an intro) and the flowable after them.

    Platypus keeps the whole run together, moving it to the next page when it does not fit.
    When the last flowable can split (a long table, a long paragraph), this keeps the run
    with the first part of it instead, so a heading neither ends a page nor pushes a long
    block to the next page, leaving the rest of this one empty.
    """

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        """KeepTogether's measure, without the deep copy of the frame ReportLab makes for
        content a flowable might add to it while measuring (none of the runs here has a
        flowable that reads or adds to the frame)."""
        doc = getattr(self.canv, "_doctemplate", None)
        frame = getattr(doc, "frame", None)
        if doc is None or frame is None or not all(map(_leaves_frame_alone, self._content)):
            size: tuple[float, float] = super().wrap(aW, aH)
            return size
        doc.frame = None
        try:
            size = super().wrap(aW, aH)
        finally:
            doc.frame = frame
        return size

    def split(self, aW: float, aH: float) -> Flowables:
        """The run with the first part of its last flowable, else what KeepTogether does."""
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if aH < self._H:
            kept = self._with_first_part(aW, aH)
            if kept:
                return kept
        parts: Flowables = super().split(aW, aH)
        return parts

    def _with_first_part(self, aW: float, aH: float) -> Flowables:
        *heads, body = self._content
        if not heads:
            return []
        _, used = _listWrapOn(heads, aW, self.canv)
        room = aH - used - max(heads[-1].getSpaceAfter(), body.getSpaceBefore())
        if room <= 0:
            return []
        parts = body.splitOn(self.canv, aW, room)
        if len(parts) < 2:
            return []
        first = parts[0].wrapOn(self.canv, aW, room)[1]
        if not 0 < first <= room:
            return []
        return [*heads, *parts]


class BoxedText(Flowable):
    """A (tagged) paragraph on a tinted box that flows across pages: each piece draws the
    box behind its own lines, as an artifact, and its lines through the wrapped flowable
    (one element for all pieces). Paddings in points; a piece split off at the foot of a
    page has no bottom padding, the piece that continues it no top padding."""

    def __init__(
        self,
        inner: Flowable,
        background: colors.Color,
        padding: tuple[float, float, float, float],  # left, right, top, bottom
    ) -> None:
        super().__init__()
        self.inner, self.background, self.padding = inner, background, padding
        self._inner_height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """The paragraph's height plus the paddings, at the full width."""
        left, right, top, bottom = self.padding
        _, self._inner_height = self.inner.wrapOn(
            self.canv, avail_width - left - right, avail_height - top - bottom
        )
        self.width, self.height = avail_width, self._inner_height + top + bottom
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> Flowables:
        """Two boxes: the lines that fit here (open at the bottom), the rest (open at the top)."""
        left, right, top, bottom = self.padding
        parts = self.inner.splitOn(self.canv, avail_width - left - right, avail_height - top)
        if len(parts) < 2:
            return []
        first, *rest = parts
        out: Flowables = [BoxedText(first, self.background, (left, right, top, 0.0))]
        out += [BoxedText(p, self.background, (left, right, 0.0, 0.0)) for p in rest[:-1]]
        out.append(BoxedText(rest[-1], self.background, (left, right, 0.0, bottom)))
        return out

    def draw(self) -> None:
        """The box (an artifact), then the paragraph."""
        canvas = self.canv
        tags = tags_of(canvas)
        if tags is not None:
            tags.begin_artifact("Layout")
        canvas.saveState()
        canvas.setFillColor(self.background)
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canvas.restoreState()
        if tags is not None:
            tags.end_sequence()
        self.inner.drawOn(canvas, self.padding[0], self.padding[3])
