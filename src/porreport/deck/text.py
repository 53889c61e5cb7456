"""Write fitted paragraphs into a text frame as DrawingML, with exact sizes and spacing."""

from __future__ import annotations

from xml.sax.saxutils import escape

from lxml import etree
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.text.text import TextFrame

from porreport import theme as th
from porreport.deck.fit import LINE, Para
from porreport.deck.slides import EMU_PER_PT

LANG = "it-IT"


def paragraph_xml(para: Para) -> str:
    """The DrawingML of one fitted paragraph (built as text: python-pptx's per-attribute
    API costs most of the render time)."""
    indent = int(para.indent * EMU_PER_PT)
    pitch = round(para.size * LINE * 100)  # exact line pitch, hundredths of a point
    bullet = (
        f'<a:buFont typeface="{th.FONT_FAMILY}"/><a:buChar char="•"/>'
        if para.indent
        else "<a:buNone/>"
    )
    out = [
        f'<a:p><a:pPr marL="{indent}" indent="{-indent if indent else 0}" algn="{para.align}">'
        f'<a:lnSpc><a:spcPts val="{pitch}"/></a:lnSpc>'
        f'<a:spcBef><a:spcPts val="{round(para.space_before * 100)}"/></a:spcBef>'
        f'<a:spcAft><a:spcPts val="0"/></a:spcAft>{bullet}</a:pPr>'
    ]
    size = round(para.size * 100)
    for span in para.spans:
        rpr = (
            f'<a:rPr lang="{LANG}" sz="{size}" b="{int(span.bold)}" dirty="0">'
            f'<a:solidFill><a:srgbClr val="{span.color or th.TEXT}"/></a:solidFill></a:rPr>'
        )
        for j, line in enumerate(span.text.split("\n")):
            if j > 0:
                out.append(f"<a:br>{rpr}</a:br>")
            if line:
                out.append(f"<a:r>{rpr}<a:t>{escape(line)}</a:t></a:r>")
    out.append(f'<a:endParaRPr lang="{LANG}" sz="{size}" dirty="0"/></a:p>')
    return "".join(out)


def write(frame: TextFrame, paras: tuple[Para, ...]) -> None:
    """Replace a text frame's paragraphs with fitted ones (no autofit, words wrap)."""
    body = frame._txBody  # python-pptx has no public accessor for a text frame's element
    for p in body.findall(qn("a:p")):
        body.remove(p)
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    xml = "".join(paragraph_xml(p) for p in paras) or f'<a:p><a:endParaRPr lang="{LANG}"/></a:p>'
    for p in parse_xml(f"<a:txBody {nsdecls('a')}>{xml}</a:txBody>"):
        body.append(p)


def set_columns(frame: TextFrame, count: int, gap: int) -> None:
    """Flow a text frame's paragraphs over ``count`` columns ``gap`` EMU apart."""
    body = frame._txBody.bodyPr  # python-pptx exposes no text columns
    body.set("numCol", str(count))
    body.set("spcCol", str(gap))


def set_language(element: etree._Element) -> None:
    """Give every run and paragraph end under ``element`` the deck's language."""
    for tag in ("a:rPr", "a:endParaRPr"):
        for el in element.iter(qn(tag)):
            el.set("lang", LANG)
