"""Write fitted paragraphs into a text frame as DrawingML.

A run carries only what differs from the look its text inherits (``Look``: the layout
placeholder's style, or a drawn shape's own list style): its size when the style's size is
not the inherited one, its weight, its colour as a theme colour. Fonts are never written:
text takes the theme's fonts. Paragraph spacing is written as planned (it was measured);
every text body autofits (``a:normAutofit``) with the scale the planner chose, so
PowerPoint re-fits the text when someone edits it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from lxml import etree
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.oxml.text import CT_TextBody
from pptx.shapes.autoshape import Shape
from pptx.text.text import TextFrame

from porreport import theme as th
from porreport.deck.fit import Para
from porreport.deck.slides import EMU_PER_PT
from porreport.deck.styles import theme_colour

LANG = "it-IT"
DEFAULT_SIZE = 18.0  # OOXML's text size when nothing sets one
ColourKey = tuple[str, ...]  # a colour element, comparable: tag, value, then its modifiers


@dataclass(frozen=True)
class Look:
    """What a run shows when it says nothing: size (points), weight, colour; None where
    the inherited value is unknown (the run then says it)."""

    size: float | None = None
    bold: bool | None = None
    colour: ColourKey | None = None


NO_LOOK = Look()


def colour_key(element: etree._Element) -> ColourKey:
    """A colour element (``a:schemeClr``, ``a:srgbClr``...) as a comparable key."""
    key = [etree.QName(element).localname, element.get("val", "")]
    for child in element:
        key += [etree.QName(child).localname, child.get("val", "")]
    return tuple(key)


@lru_cache(maxsize=64)
def palette_key(color: str) -> ColourKey:
    """The key of a palette colour as the deck writes it (its theme colour)."""
    return colour_key(parse_xml(f"<a:x {nsdecls('a')}>{theme_colour(color).xml()}</a:x>")[0])


def _size(size: float, base: Look) -> str:
    """The ``sz`` attribute, when the size is not the inherited one."""
    if base.size is not None and abs(size - base.size) < 1e-6:
        return ""
    return f' sz="{round(size * 100)}"'


@lru_cache(maxsize=256)
def _rpr(size: float, bold: bool, color: str | None, base: Look) -> str:
    """A run's properties: its language, and what differs from ``base``. Cached: a deck's
    runs come in a handful of looks."""
    attrs = f' lang="{LANG}"{_size(size, base)}'
    if base.bold is None or bold != base.bold:
        attrs += f' b="{int(bold)}"'
    color = color or th.TEXT
    if palette_key(color) == base.colour:
        return f'<a:rPr{attrs} dirty="0"/>'
    return f'<a:rPr{attrs} dirty="0">{theme_colour(color).fill()}</a:rPr>'


@lru_cache(maxsize=256)
def _ppr(indent_pt: float, continued: bool, align: str, line: float, space_before: float) -> str:
    """A paragraph's start and properties: indent, alignment, spacing, bullet. Cached: a
    deck's paragraphs come in a handful of kinds."""
    indent = int(indent_pt * EMU_PER_PT)
    hanging = 0 if continued else indent  # a continued paragraph has no bullet to hang
    bullet = '<a:buFontTx/><a:buChar char="•"/>' if indent_pt and not continued else "<a:buNone/>"
    return (
        f'<a:p><a:pPr marL="{indent}" indent="{-hanging}" algn="{align}">'
        f'<a:lnSpc><a:spcPct val="{round(line * 100000)}"/></a:lnSpc>'
        f'<a:spcBef><a:spcPts val="{round(space_before * 100)}"/></a:spcBef>'
        f'<a:spcAft><a:spcPts val="0"/></a:spcAft>{bullet}</a:pPr>'
    )


@lru_cache(maxsize=64)
def _end(size: float, base: Look) -> str:
    """A paragraph's end: its end-of-paragraph run properties."""
    return f'<a:endParaRPr lang="{LANG}"{_size(size, base)} dirty="0"/></a:p>'


def paragraph_xml(para: Para, base: Look = NO_LOOK) -> str:
    """The DrawingML of one fitted paragraph (built as text: python-pptx's per-attribute
    API costs most of the render time). Its line spacing is a share of single spacing
    (``Para.line``), what the planner measured with (``porreport.deck.fit.pitch``)."""
    out = [_ppr(para.indent, para.continued, para.align, para.line, para.space_before)]
    for span in para.spans:
        rpr = _rpr(para.size, span.bold, span.color, base)
        if "\n" not in span.text:
            if span.text:
                out.append(f"<a:r>{rpr}<a:t>{escape(span.text)}</a:t></a:r>")
            continue
        for j, line in enumerate(span.text.split("\n")):
            if j > 0:
                out.append(f"<a:br>{rpr}</a:br>")
            if line:
                out.append(f"<a:r>{rpr}<a:t>{escape(line)}</a:t></a:r>")
    out.append(_end(para.size, base))
    return "".join(out)


def paragraphs_xml(paras: Iterable[Para], base: Look = NO_LOOK) -> str:
    """The DrawingML of a text body's fitted paragraphs: an empty paragraph when there are
    none (a text body holds at least one)."""
    xml = "".join(paragraph_xml(p, base) for p in paras)
    return xml or f'<a:p><a:endParaRPr lang="{LANG}"/></a:p>'


def common_look(paras: Iterable[Para]) -> tuple[float, bool, str]:
    """The (size, bold, colour) most of the paragraphs' characters are in (the first one
    on a tie): the look a drawn shape declares, so its runs say only what differs."""
    counts: Counter[tuple[float, bool, str]] = Counter()
    for para in paras:
        for span in para.spans:
            counts[(para.size, span.bold, span.color or th.TEXT)] += max(len(span.text), 1)
    if not counts:
        return DEFAULT_SIZE, False, th.TEXT
    return counts.most_common(1)[0][0]


def list_style(size: float, bold: bool, color: str) -> tuple[str, Look]:
    """A drawn shape's own list style (level 1), without namespace declarations (it goes
    into a shape's XML), and the look it gives its runs."""
    xml = (
        f'<a:lstStyle><a:lvl1pPr><a:defRPr lang="{LANG}" '
        f'sz="{round(size * 100)}" b="{int(bold)}">{theme_colour(color).fill()}</a:defRPr>'
        "</a:lvl1pPr></a:lstStyle>"
    )
    return xml, Look(size, bold, palette_key(color))


def write(
    frame: TextFrame,
    paras: tuple[Para, ...],
    base: Look = NO_LOOK,
    font_scale: float | None = None,
) -> None:
    """Replace a text frame's paragraphs with fitted ones: words wrap; runs say what
    differs from ``base``. With ``font_scale`` the text autofits from that scale (not in a
    table cell, which cannot)."""
    body = frame._txBody  # python-pptx has no public accessor for a text frame's element
    for p in body.findall(_P):
        body.remove(p)
    body_pr = _body_pr(body)
    body_pr.set("wrap", "square")  # python-pptx's word_wrap = True, without its descriptors
    if font_scale is not None:
        _autofit(body_pr, font_scale)
    body.extend(parse_xml(f"<a:txBody {_NS_A}>{paragraphs_xml(paras, base)}</a:txBody>"))


def frame_of(shape: Shape) -> TextFrame:
    """``shape.text_frame``, found without python-pptx's descriptors when the shape has its
    text body (python-pptx adds one when it has none)."""
    body = shape.element.find(_TX_BODY)
    if not isinstance(body, CT_TextBody):  # None: the shape has no text body yet
        return shape.text_frame
    return TextFrame(body, shape)


def autofit(frame: TextFrame, font_scale: float = 1.0) -> None:
    """Shrink text on overflow, starting from ``font_scale`` (1.0: none)."""
    _autofit(_body_pr(frame._txBody), font_scale)


_P = qn("a:p")
_TX_BODY = qn("p:txBody")
_BODY_PR = qn("a:bodyPr")
_AUTOFITS = tuple(qn(t) for t in ("a:noAutofit", "a:normAutofit", "a:spAutoFit"))
_NORM_AUTOFIT = qn("a:normAutofit")
_NS_A = nsdecls("a")
# what follows the autofit choice in a:bodyPr, in the order python-pptx looks for it
_AFTER_AUTOFIT = tuple(qn(t) for t in ("a:scene3d", "a:sp3d", "a:flatTx", "a:extLst"))


def _body_pr(body: etree._Element) -> etree._Element:
    body_pr = body.find(_BODY_PR)
    if body_pr is None:  # the schema requires it, python-pptx adds none either
        raise ValueError("corpo di testo senza a:bodyPr")
    return body_pr


def _autofit(body_pr: etree._Element, font_scale: float) -> None:
    """What python-pptx's ``auto_size = TEXT_TO_FIT_SHAPE`` writes (the autofit choice
    replaced by an ``a:normAutofit`` in its place), with the scale when below 1."""
    for old in [c for c in body_pr if c.tag in _AUTOFITS]:
        body_pr.remove(old)
    anchor = next((c for c in map(body_pr.find, _AFTER_AUTOFIT) if c is not None), None)
    fit = etree.SubElement(body_pr, _NORM_AUTOFIT)  # in the tree: its "a" prefix, no xmlns
    if anchor is not None:
        anchor.addprevious(fit)
    if font_scale < 1.0:
        fit.set("fontScale", str(round(font_scale * 100000)))


def set_columns(frame: TextFrame, count: int, gap: int) -> None:
    """Flow a text frame's paragraphs over ``count`` columns ``gap`` EMU apart."""
    body = frame._txBody.bodyPr  # python-pptx exposes no text columns
    body.set("numCol", str(count))
    body.set("spcCol", str(gap))


# what python-pptx writes as "_xHHHH_" in a run, and what XML cannot hold: text with either
# is set by python-pptx itself
_NOT_PLAIN = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def set_text(frame: TextFrame, value: str) -> None:
    """``frame.text = value`` as python-pptx sets it (a paragraph per line, a run per
    stretch between vertical tabs, a line break for each), built as one XML string: long
    speaker notes cost python-pptx's run-by-run API several regular-expression passes."""
    if _NOT_PLAIN.search(value):
        frame.text = value
        return
    body = frame._txBody  # python-pptx has no public accessor for a text frame's element
    for p in body.findall(_P):
        body.remove(p)
    xml = []
    for line in value.split("\n"):
        runs = [
            f"<a:r><a:t>{escape(part)}</a:t></a:r>" if part else "" for part in line.split("\v")
        ]
        xml.append(f"<a:p>{'<a:br/>'.join(runs)}</a:p>")
    for p in parse_xml(f"<a:txBody {nsdecls('a')}>{''.join(xml)}</a:txBody>"):
        body.append(p)


def set_language(element: etree._Element) -> None:
    """Give every run and paragraph end under ``element`` the deck's language."""
    for el in element.iter(_RPR, _END_PARA_RPR):  # one walk over the tree for both
        el.set("lang", LANG)


_RPR = qn("a:rPr")
_END_PARA_RPR = qn("a:endParaRPr")
