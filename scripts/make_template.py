"""Generate the default deck template ``layouts/porreport.pptx`` (16:9, 13.333 x 7.5 in).

The template is reviewable code: one slide master, the nine named layouts of
``porreport.deck.template.LAYOUTS`` with their named placeholders, and a theme whose fonts are
Titillium Web (major and minor) and whose colours are ``porreport.theme``'s palette, so any
shape staff add later in PowerPoint matches. Text defaults carry lang="it-IT".

Run: ``python scripts/make_template.py`` (writes layouts/porreport.pptx, byte-identical on
every run).
"""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.util import Emu, Inches

from porreport import theme as th
from porreport.deck.package import clean_parts, rezip
from porreport.deck.template import LAYOUTS

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "layouts" / "porreport.pptx"
NS = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)
W, H = 13.333, 7.5
MARGIN = 0.6
CONTENT_W = W - 2 * MARGIN
TOP, BOTTOM = 1.8, 6.3  # content area
LANG = "it-IT"
TITLE_LIGHT = th.SEQUENTIAL[1]


@dataclass(frozen=True)
class Ph:
    """A placeholder of a layout: name, kind, box (inches) and text style."""

    name: str
    kind: str  # title, body, chart, tbl, pic
    x: float
    y: float
    w: float
    h: float
    size: float = 14
    color: str = th.TEXT
    bold: bool = False
    anchor: str = "t"
    fill: str | None = None
    align: str = "l"
    inset: float = 0.05
    prompt: str = ""


def emu(inches: float) -> int:
    """Inches -> EMU, rounded to an integer."""
    return int(Emu(Inches(inches)))


def _xfrm(x: float, y: float, w: float, h: float) -> str:
    return (
        f'<a:xfrm><a:off x="{emu(x)}" y="{emu(y)}"/><a:ext cx="{emu(w)}" cy="{emu(h)}"/></a:xfrm>'
    )


def _rpr(size: float, color: str, bold: bool, tag: str = "a:defRPr", font: str = "+mn-lt") -> str:
    b = ' b="1"' if bold else ""
    return (
        f'<{tag} lang="{LANG}" sz="{round(size * 100)}"{b}>'
        f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>'
        f'<a:latin typeface="{font}"/></{tag}>'
    )


def _ph_xml(ph: Ph, shape_id: int, idx: int) -> str:
    ph_attr = 'type="title"' if ph.kind == "title" else f'type="{ph.kind}" idx="{idx}"'
    if ph.kind == "body":
        ph_attr = f'type="body" idx="{idx}"'
    fill = f'<a:solidFill><a:srgbClr val="{ph.fill}"/></a:solidFill>' if ph.fill else "<a:noFill/>"
    ins = emu(ph.inset)
    font = "+mj-lt" if ph.kind == "title" else "+mn-lt"
    prompt = escape(ph.prompt or ph.name)
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{escape(ph.name)}"/>'
        f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph {ph_attr}/></p:nvPr>'
        f"</p:nvSpPr><p:spPr>{_xfrm(ph.x, ph.y, ph.w, ph.h)}"
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill}</p:spPr>'
        f'<p:txBody><a:bodyPr lIns="{ins}" tIns="{ins}" rIns="{ins}" bIns="{ins}" '
        f'anchor="{ph.anchor}" wrap="square"><a:noAutofit/></a:bodyPr>'
        f'<a:lstStyle><a:lvl1pPr marL="0" indent="0" algn="{ph.align}"><a:buNone/>'
        f"{_rpr(ph.size, ph.color, ph.bold, font=font)}</a:lvl1pPr></a:lstStyle>"
        f'<a:p><a:r><a:rPr lang="{LANG}"/><a:t>{prompt}</a:t></a:r></a:p></p:txBody></p:sp>'
    )


def _rect(shape_id: int, name: str, x: float, y: float, w: float, h: float, color: str) -> str:
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/><p:nvPr/>'
        f"</p:nvSpPr><p:spPr>{_xfrm(x, y, w, h)}"
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill><a:ln><a:noFill/></a:ln>'
        f'</p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="{LANG}"/>'
        f"</a:p></p:txBody></p:sp>"
    )


def _tree(shapes: list[str]) -> str:
    return (
        '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
        '</p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
        '<a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
        + "".join(shapes)
        + "</p:spTree>"
    )


def _header() -> list[Ph]:
    return [
        Ph("Sottotitolo", "body", MARGIN, 0.3, CONTENT_W, 0.36, 13, th.PRIMARY, True),
        Ph("Titolo", "title", MARGIN, 0.64, CONTENT_W, 0.92, 26, th.DARK, True, "t"),
    ]


def _footer() -> list[Ph]:
    return [
        Ph("Note", "body", MARGIN, 6.38, CONTENT_W, 0.6, 9, th.MUTED, anchor="b"),
        Ph("Dati al", "body", MARGIN, 7.07, 4.0, 0.3, 9, th.DARK, True, "ctr"),
        Ph(
            "Nota illustrativa",
            "body",
            5.0,
            7.07,
            W - MARGIN - 5.0,
            0.3,
            9,
            th.NOTICE,
            True,
            "ctr",
            th.NOTICE_FILL,
            "r",
            0.08,
        ),
    ]


def _cover(background: str) -> list[Ph]:
    return [
        Ph("Titolo", "title", 0.9, 1.9, W - 1.8, 2.0, 40, th.WHITE, True, "b"),
        Ph("Sottotitolo", "body", 0.9, 4.2, W - 1.8, 0.6, 20, TITLE_LIGHT, False),
        Ph("Testo", "body", 0.9, 5.1, W - 1.8, 1.5, 14, th.WHITE, False),
    ]


BODY_H = BOTTOM - TOP
PLACEHOLDERS: dict[str, list[Ph]] = {
    "title": _cover(th.DARK),
    "key_figures": [
        *_header(),
        Ph("Cifre", "body", MARGIN, TOP, 5.5, BODY_H),
        Ph("Grafico", "chart", 6.4, TOP, W - MARGIN - 6.4, BODY_H),
        *_footer(),
    ],
    "cards": [*_header(), Ph("Schede", "body", MARGIN, TOP, CONTENT_W, BODY_H), *_footer()],
    "list": [*_header(), Ph("Elenco", "body", MARGIN, TOP, CONTENT_W, BODY_H), *_footer()],
    "table_chart": [
        *_header(),
        Ph("Cifre", "body", MARGIN, TOP, 6.75, 1.0),
        Ph("Tabella", "tbl", MARGIN, 3.0, 6.75, BOTTOM - 3.0),
        Ph("Grafico", "chart", 7.65, TOP, W - MARGIN - 7.65, 2.4),
        Ph("Grafico 2", "chart", 7.65, 4.35, W - MARGIN - 7.65, BOTTOM - 4.35),
        *_footer(),
    ],
    "chart": [*_header(), Ph("Grafico", "chart", MARGIN, TOP, CONTENT_W, BODY_H), *_footer()],
    "map": [
        *_header(),
        Ph("Testo", "body", MARGIN, TOP, 4.4, BODY_H, 14, th.TEXT),
        Ph("Mappa", "pic", 5.3, TOP, W - MARGIN - 5.3, BODY_H),
        *_footer(),
    ],
    "two_columns": [
        *_header(),
        Ph("Colonna sinistra", "body", MARGIN, TOP, 5.9, BODY_H, 14, fill=th.LIGHT, inset=0.2),
        Ph(
            "Colonna destra",
            "body",
            W - MARGIN - 5.9,
            TOP,
            5.9,
            BODY_H,
            14,
            fill=th.LIGHT,
            inset=0.2,
        ),
        *_footer(),
    ],
    "closing": _cover(th.PRIMARY),
}
BACKGROUNDS = {"title": th.DARK, "closing": th.PRIMARY}


def layout_xml(layout_id: str) -> str:
    """The XML of one named layout."""
    name, expected = LAYOUTS[layout_id]
    phs = PLACEHOLDERS[layout_id]
    assert sorted(p.name for p in phs) == sorted(expected), layout_id
    shapes: list[str] = []
    bg = ""
    if layout_id in BACKGROUNDS:
        bg = (
            f'<p:bg><p:bgPr><a:solidFill><a:srgbClr val="{BACKGROUNDS[layout_id]}"/>'
            "</a:solidFill><a:effectLst/></p:bgPr></p:bg>"
        )
        shapes.append(_rect(2, "Barra accento", 0.9, 1.55, 1.4, 0.09, th.ACCENT))
    else:
        shapes.append(_rect(2, "Filetto titolo", MARGIN, 1.62, CONTENT_W, 0.014, th.RULE))
    for k, ph in enumerate(phs):
        shapes.append(_ph_xml(ph, 3 + k, 10 + k))
    show = ' showMasterSp="0"' if layout_id in BACKGROUNDS else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:sldLayout {NS} '
        f'preserve="1" userDrawn="1"{show}><p:cSld name="{escape(name)}">{bg}{_tree(shapes)}'
        "</p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"
    )


def _levels(sizes: tuple[float, ...], color_tag: str, font: str, extra: str = "") -> str:
    out = []
    for k, size in enumerate(sizes, start=1):
        out.append(
            f'<a:lvl{k}pPr marL="{(k - 1) * 228600}" indent="0" algn="l" defTabSz="457200">'
            f'<a:lnSpc><a:spcPct val="100000"/></a:lnSpc><a:spcBef><a:spcPts val="400"/>'
            f'</a:spcBef><a:buNone/><a:defRPr lang="{LANG}" sz="{round(size * 100)}"{extra}>'
            f'{color_tag}<a:latin typeface="{font}"/><a:ea typeface="+mn-ea"/>'
            f'<a:cs typeface="+mn-cs"/></a:defRPr></a:lvl{k}pPr>'
        )
    return "".join(out)


def master_xml(layout_id_list: str) -> str:
    """The slide master: palette colour map, thin top band, bottom rule, text styles."""
    shapes = [
        _rect(2, "Banda superiore", 0, 0, W, 0.1, th.PRIMARY),
        _rect(3, "Filetto inferiore", MARGIN, 7.02, CONTENT_W, 0.01, th.RULE),
        _ph_xml(Ph("Titolo", "title", MARGIN, 0.64, CONTENT_W, 0.92, 26, th.DARK, True), 4, 0),
        _ph_xml(Ph("Testo", "body", MARGIN, TOP, CONTENT_W, BODY_H, 16), 5, 1),
    ]
    bold = ' b="1"'
    dark = '<a:solidFill><a:schemeClr val="tx2"/></a:solidFill>'
    text = '<a:solidFill><a:schemeClr val="tx1"/></a:solidFill>'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:sldMaster {NS}>'
        '<p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>'
        f"{_tree(shapes)}</p:cSld>"
        '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" '
        'accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" '
        'accent6="accent6" hlink="hlink" folHlink="folHlink"/>'
        f"{layout_id_list}<p:txStyles>"
        f"<p:titleStyle>{_levels((26,), dark, '+mj-lt', extra=bold)}</p:titleStyle>"
        f"<p:bodyStyle>{_levels((16, 14, 12, 12, 12), text, '+mn-lt')}</p:bodyStyle>"
        f"<p:otherStyle>{_levels((14, 12, 12), text, '+mn-lt')}</p:otherStyle>"
        "</p:txStyles></p:sldMaster>"
    )


def theme_xml(original: str) -> str:
    """The theme with porreport's colour scheme and Titillium Web as major and minor font."""
    c = th
    colours = (
        '<a:clrScheme name="porreport">'
        f'<a:dk1><a:srgbClr val="{c.TEXT}"/></a:dk1><a:lt1><a:srgbClr val="{c.WHITE}"/></a:lt1>'
        f'<a:dk2><a:srgbClr val="{c.DARK}"/></a:dk2><a:lt2><a:srgbClr val="{c.LIGHT}"/></a:lt2>'
        + "".join(
            f'<a:accent{k}><a:srgbClr val="{v}"/></a:accent{k}>'
            for k, v in enumerate(c.SERIES, start=1)
        )
        + f'<a:hlink><a:srgbClr val="{c.PRIMARY}"/></a:hlink>'
        f'<a:folHlink><a:srgbClr val="{c.MUTED}"/></a:folHlink></a:clrScheme>'
    )
    font = f'<a:latin typeface="{c.FONT_FAMILY}"/><a:ea typeface=""/><a:cs typeface=""/>'
    fonts = (
        f'<a:fontScheme name="porreport"><a:majorFont>{font}</a:majorFont>'
        f"<a:minorFont>{font}</a:minorFont></a:fontScheme>"
    )
    out = re.sub(r"<a:clrScheme .*?</a:clrScheme>", colours, original, flags=re.S)
    out = re.sub(r"<a:fontScheme .*?</a:fontScheme>", fonts, out, flags=re.S)
    return re.sub(r'<a:theme ([^>]*)name="[^"]*"', r'<a:theme \1name="porreport"', out)


def build() -> bytes:
    """The template's bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(W), Inches(H)
    master = prs.slide_master
    layouts = list(prs.slide_layouts)
    for extra in layouts[len(LAYOUTS) :]:
        prs.slide_layouts.remove(extra)
    for layout, layout_id in zip(prs.slide_layouts, LAYOUTS, strict=True):
        layout.part._element = parse_xml(layout_xml(layout_id).encode())
    ids = master._element.find(
        "{http://schemas.openxmlformats.org/presentationml/2006/main}sldLayoutIdLst"
    )
    from lxml import etree

    id_list = etree.tostring(ids).decode()
    id_list = re.sub(r' xmlns:\w+="[^"]*"', "", id_list)
    master.part._element = parse_xml(master_xml(id_list).encode())
    theme_part = master.part.part_related_by(RT.THEME)
    theme_part._blob = theme_xml(theme_part.blob.decode()).encode()
    _defaults(prs)
    cp = prs.core_properties
    cp.title, cp.author, cp.language = "porreport: modello del deck", "porreport", LANG
    cp.subject = "Modello PowerPoint (16:9) dei deck per il Comitato di Sorveglianza"
    cp.keywords, cp.revision, cp.last_modified_by = "porreport; modello", 1, "porreport"
    import datetime as dt

    cp.created = cp.modified = dt.datetime(2021, 1, 1)
    clean_parts(prs)  # no stock thumbnail or printer settings; app.xml of porreport
    buf = io.BytesIO()
    prs.save(buf)
    return rezip(buf.getvalue(), dt.datetime(1980, 1, 1))


def _defaults(prs: Presentation) -> None:
    """it-IT and Titillium Web in the presentation's default text style."""
    pres = prs.part._element
    xml = etree_tostring(pres)
    xml = xml.replace('lang="en-US"', f'lang="{LANG}"').replace(' type="screen4x3"', "")
    prs.part._element = parse_xml(xml.encode())


def etree_tostring(element: object) -> str:
    """Serialise an lxml element."""
    from lxml import etree

    return etree.tostring(element, encoding="unicode")


def main() -> int:
    """Write the template."""
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(build())
    print(f"Scritto {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
