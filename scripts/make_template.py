"""Generate the default deck template ``layouts/porreport.pptx`` (16:9, 13.333 x 7.5 in).

The template is reviewable code: one slide master, the nine named layouts of
``porreport.deck.template.LAYOUTS`` with their named placeholders, five generic layouts for
slides staff add by hand (``GENERIC_LAYOUTS``), and a theme whose fonts are Titillium Web
(major and minor, with its PANOSE so a PC without it substitutes a sans) and whose colours
are ``porreport.theme``'s palette. Every text style is declared here and written with theme
colours and theme fonts, so the deck's text inherits it and another theme restyles it:
the master's title, body (bullets on levels 1-3) and other styles, each layout
placeholder's style on all nine levels (light on the dark covers), and the date ("Dati
al"), footer and slide-number placeholders on the master and on every layout. Text
defaults carry lang="it-IT"; the decorative bands and rules are marked decorative.

Run: ``python scripts/make_template.py`` (writes layouts/porreport.pptx, byte-identical on
every run).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.parts.slide import SlideLayoutPart
from pptx.util import Emu, Inches

from porreport import theme as th
from porreport.deck import template as L
from porreport.deck.fontembed import PANOSE, PITCH_FAMILY
from porreport.deck.package import clean_parts, rezip
from porreport.deck.shapes import decorative_ext
from porreport.deck.styles import STYLES as ST
from porreport.deck.styles import TextStyle, theme_colour

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
BAND_Y, BAND_H = 7.07, 0.3  # the bottom band: cut-off date, footer or notice, slide number
NUMBER_W = 0.63
MIDDLE_X = 5.0  # where the footer (or the illustrative-data notice) starts
LANG = "it-IT"
LEVELS = 9
INDENT = 228600  # EMU per list level (0.25 in)
BULLETS = {1: "•", 2: "–", 3: "•"}  # body levels with a bullet
SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
FIRST_LAYOUT_ID = 2147483649  # sldLayoutId values follow the master's 2147483648


@dataclass(frozen=True)
class Ph:
    """A placeholder of a layout: name, kind, box (inches) and text style.

    ``kind`` is the placeholder type (title, body, obj, chart, tbl, pic, dt, ftr, sldNum);
    ``styled`` False leaves the text style to the master (generic content placeholders).
    """

    name: str
    kind: str
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
    styled: bool = True
    half: bool = False  # one of two content placeholders side by side


def look(style: TextStyle) -> dict[str, object]:
    """A placeholder's text look from the deck's style that fills it (size, colour, weight),
    so the deck's runs inherit it instead of repeating it."""
    return {"size": style.size, "color": style.color, "bold": style.bold}


def emu(inches: float) -> int:
    """Inches -> EMU, rounded to an integer."""
    return int(Emu(Inches(inches)))


def _xfrm(x: float, y: float, w: float, h: float) -> str:
    return (
        f'<a:xfrm><a:off x="{emu(x)}" y="{emu(y)}"/><a:ext cx="{emu(w)}" cy="{emu(h)}"/></a:xfrm>'
    )


def _fill(color: str) -> str:
    return theme_colour(color).fill()


def _ph_tag(ph: Ph, idx: int) -> str:
    """The p:ph element: type, size and index as PowerPoint writes them."""
    if ph.kind == "title":
        return '<p:ph type="title"/>'
    size = ' sz="half"' if ph.half or ph.kind == "dt" else ""
    size = ' sz="quarter"' if ph.kind in ("ftr", "sldNum") else size
    kind = "" if ph.kind == "obj" else f' type="{ph.kind}"'
    return f'<p:ph{kind}{size} idx="{idx}"/>'


def _lst_style(ph: Ph) -> str:
    """Level 1 in the placeholder's style; every level in its colour (readable on the
    background the placeholder is drawn on)."""
    if not ph.styled:
        return "<a:lstStyle/>"
    font = "+mj-lt" if ph.kind == "title" else "+mn-lt"
    bold = ' b="1"' if ph.bold else ' b="0"'
    fill = _fill(ph.color)
    levels = [
        f'<a:lvl1pPr marL="0" indent="0" algn="{ph.align}"><a:buNone/>'
        f'<a:defRPr lang="{LANG}" sz="{round(ph.size * 100)}"{bold}>{fill}'
        f'<a:latin typeface="{font}"/></a:defRPr></a:lvl1pPr>'
    ]
    levels += [
        f"<a:lvl{k}pPr><a:defRPr>{fill}</a:defRPr></a:lvl{k}pPr>" for k in range(2, LEVELS + 1)
    ]
    return f"<a:lstStyle>{''.join(levels)}</a:lstStyle>"


def _paragraph(ph: Ph) -> str:
    """The prompt text staff see on the layout (the slide-number field for sldNum)."""
    if ph.kind == "sldNum":
        return (
            f'<a:p><a:fld id="{SLIDE_NUMBER_FIELD}" type="slidenum"><a:rPr lang="{LANG}"/>'
            "<a:t>‹N›</a:t></a:fld></a:p>"
        )
    if ph.kind == "ftr":
        return f'<a:p><a:endParaRPr lang="{LANG}"/></a:p>'
    prompt = escape(ph.prompt or ph.name)
    return f'<a:p><a:r><a:rPr lang="{LANG}"/><a:t>{prompt}</a:t></a:r></a:p>'


def _ph_xml(ph: Ph, shape_id: int, idx: int) -> str:
    fill = _fill(ph.fill) if ph.fill else "<a:noFill/>"
    ins = emu(ph.inset)
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{escape(ph.name)}"/>'
        f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>{_ph_tag(ph, idx)}</p:nvPr>'
        f"</p:nvSpPr><p:spPr>{_xfrm(ph.x, ph.y, ph.w, ph.h)}"
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill}</p:spPr>'
        f'<p:txBody><a:bodyPr lIns="{ins}" tIns="{ins}" rIns="{ins}" bIns="{ins}" '
        f'anchor="{ph.anchor}" wrap="square"><a:normAutofit/></a:bodyPr>'
        f"{_lst_style(ph)}{_paragraph(ph)}</p:txBody></p:sp>"
    )


def _rect(shape_id: int, name: str, x: float, y: float, w: float, h: float, color: str) -> str:
    """A decorative rectangle (a band or a rule), marked so screen readers skip it."""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}">{decorative_ext()}</p:cNvPr>'
        f"<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>{_xfrm(x, y, w, h)}"
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{_fill(color)}<a:ln><a:noFill/></a:ln>'
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
        Ph(L.SUBTITLE, "body", MARGIN, 0.3, CONTENT_W, 0.36, **look(ST.subtitle)),
        Ph(L.TITLE, "title", MARGIN, 0.64, CONTENT_W, 0.92, **look(ST.title)),
    ]


def _furniture(text: str = th.DARK, muted: str = th.MUTED) -> list[Ph]:
    """The bottom band's date ("Dati al"), footer and slide number."""
    middle_w = W - MARGIN - NUMBER_W - 0.1 - MIDDLE_X
    return [
        Ph(L.CUTOFF, "dt", MARGIN, BAND_Y, 4.0, BAND_H, ST.cutoff.size, text, True, "ctr"),
        Ph(L.FOOTER, "ftr", MIDDLE_X, BAND_Y, middle_w, BAND_H, 9, muted, anchor="ctr"),
        Ph(
            L.SLIDE_NUMBER,
            "sldNum",
            W - MARGIN - NUMBER_W,
            BAND_Y,
            NUMBER_W,
            BAND_H,
            9,
            muted,
            anchor="ctr",
            align="r",
        ),
    ]


def _footer() -> list[Ph]:
    middle_w = W - MARGIN - NUMBER_W - 0.1 - MIDDLE_X
    return [
        Ph(L.NOTES, "body", MARGIN, 6.38, CONTENT_W, 0.6, **look(ST.footnote), anchor="b"),
        Ph(
            L.ILLUSTRATIVE,
            "body",
            MIDDLE_X,
            BAND_Y,
            middle_w,
            BAND_H,
            **look(ST.illustrative),
            anchor="ctr",
            fill=th.NOTICE_FILL,
            align="r",
            inset=0.08,
        ),
        *_furniture(),
    ]


def _cover(background: str) -> list[Ph]:
    subtitle = ST.cover_subtitle if background == th.DARK else ST.cover_subtitle.tinted(th.WHITE)
    return [
        Ph(L.TITLE, "title", 0.9, 1.9, W - 1.8, 2.0, **look(ST.cover_title), anchor="b"),
        Ph(L.SUBTITLE, "body", 0.9, 4.2, W - 1.8, 0.6, **look(subtitle)),
        Ph(L.TEXT, "body", 0.9, 5.1, W - 1.8, 1.5, **look(ST.cover_line)),
        *_furniture(th.WHITE, th.WHITE),
    ]


BODY_H = BOTTOM - TOP
COLUMN = look(ST.column_paragraph)
HALF_W = (CONTENT_W - 0.3) / 2
PLACEHOLDERS: dict[str, list[Ph]] = {
    "title": _cover(th.DARK),
    "key_figures": [
        *_header(),
        Ph(L.FIGURES, "body", MARGIN, TOP, 5.5, BODY_H),
        Ph(L.CHART, "chart", 6.4, TOP, W - MARGIN - 6.4, BODY_H),
        *_footer(),
    ],
    "cards": [*_header(), Ph(L.CARDS, "body", MARGIN, TOP, CONTENT_W, BODY_H), *_footer()],
    "list": [
        *_header(),
        Ph(L.LIST, "body", MARGIN, TOP, CONTENT_W, BODY_H, **look(ST.item_text)),
        *_footer(),
    ],
    "table_chart": [
        *_header(),
        Ph(L.FIGURES, "body", MARGIN, TOP, 6.75, 1.0),
        Ph(L.TABLE, "tbl", MARGIN, 3.0, 6.75, BOTTOM - 3.0),
        Ph(L.CHART, "chart", 7.65, TOP, W - MARGIN - 7.65, 2.4),
        Ph(L.CHART_2, "chart", 7.65, 4.35, W - MARGIN - 7.65, BOTTOM - 4.35),
        *_footer(),
    ],
    "chart": [*_header(), Ph(L.CHART, "chart", MARGIN, TOP, CONTENT_W, BODY_H), *_footer()],
    "map": [
        *_header(),
        Ph(L.TEXT, "body", MARGIN, TOP, 4.4, BODY_H, **look(ST.map_text)),
        Ph(L.MAP, "pic", 5.3, TOP, W - MARGIN - 5.3, BODY_H),
        *_footer(),
    ],
    "two_columns": [
        *_header(),
        Ph(L.LEFT, "body", MARGIN, TOP, 5.9, BODY_H, **COLUMN, fill=th.LIGHT, inset=0.2),
        Ph(L.RIGHT, "body", W - MARGIN - 5.9, TOP, 5.9, BODY_H, **COLUMN, fill=th.LIGHT, inset=0.2),
        *_footer(),
    ],
    "closing": _cover(th.PRIMARY),
}
BACKGROUNDS = {"title": th.DARK, "closing": th.PRIMARY}


def _title() -> Ph:
    return Ph(L.TITLE, "title", MARGIN, 0.64, CONTENT_W, 0.92, **look(ST.title))


def _content(name: str, x: float, w: float, half: bool = False) -> Ph:
    return Ph(name, "obj", x, TOP, w, BODY_H, styled=False, half=half)


# The generic layouts (name, OOXML layout type, placeholders): text in them takes the
# master's styles, with bullets on the first three levels.
GENERIC: dict[str, tuple[str, list[Ph]]] = {
    "Titolo e contenuto": ("obj", [_title(), _content("Contenuto", MARGIN, CONTENT_W)]),
    "Solo titolo": ("titleOnly", [_title()]),
    "Vuota": ("blank", []),
    "Titolo e due contenuti": (
        "twoObj",
        [
            _title(),
            _content("Contenuto sinistro", MARGIN, HALF_W, half=True),
            _content("Contenuto destro", W - MARGIN - HALF_W, HALF_W, half=True),
        ],
    ),
    "Intestazione sezione": (
        "secHead",
        [
            Ph(L.TITLE, "title", MARGIN, 2.4, CONTENT_W, 1.6, 36, th.DARK, True, "b"),
            Ph(L.TEXT, "body", MARGIN, 4.15, CONTENT_W, 0.9, 16, th.MUTED),
        ],
    ),
}


def _layout(name: str, kind: str | None, phs: list[Ph], background: str | None) -> str:
    shapes: list[str] = []
    bg = ""
    if background is not None:
        bg = f"<p:bg><p:bgPr>{_fill(background)}<a:effectLst/></p:bgPr></p:bg>"
        shapes.append(_rect(2, "Barra accento", 0.9, 1.55, 1.4, 0.09, th.ACCENT))
    elif kind != "blank":
        shapes.append(_rect(2, "Filetto titolo", MARGIN, 1.62, CONTENT_W, 0.014, th.RULE))
    for k, ph in enumerate(phs):
        shapes.append(_ph_xml(ph, 3 + k, 10 + k))
    show = ' showMasterSp="0"' if background is not None else ""
    type_attr = f' type="{kind}"' if kind else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:sldLayout {NS}'
        f'{type_attr} preserve="1" userDrawn="1"{show}><p:cSld name="{escape(name)}">{bg}'
        f"{_tree(shapes)}</p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>"
        "</p:sldLayout>"
    )


def layout_xml(layout_id: str) -> str:
    """The XML of one of the deck's named layouts."""
    name, expected = L.LAYOUTS[layout_id]
    phs = PLACEHOLDERS[layout_id]
    assert sorted(p.name for p in phs) == sorted(expected), layout_id
    kind = "title" if layout_id == "title" else None
    return _layout(name, kind, phs, BACKGROUNDS.get(layout_id))


def generic_layout_xml(name: str) -> str:
    """The XML of one generic layout, with the bottom band's placeholders."""
    kind, phs = GENERIC[name]
    return _layout(name, kind, [*phs, *_furniture()], None)


def _level(k: int, size: float, colour: str, font: str, bullets: bool, bold: bool) -> str:
    bullet = BULLETS.get(k) if bullets else None
    margin = k * INDENT if bullet else (k - 1) * INDENT
    indent = -INDENT if bullet else 0
    mark = f'<a:buFontTx/><a:buChar char="{bullet}"/>' if bullet else "<a:buNone/>"
    b = ' b="1"' if bold else ""
    return (
        f'<a:lvl{k}pPr marL="{margin}" indent="{indent}" algn="l" defTabSz="457200">'
        f'<a:lnSpc><a:spcPct val="100000"/></a:lnSpc><a:spcBef><a:spcPts val="400"/>'
        f'</a:spcBef>{mark}<a:defRPr lang="{LANG}" sz="{round(size * 100)}"{b}>'
        f'{_fill(colour)}<a:latin typeface="{font}"/><a:ea typeface="+mn-ea"/>'
        f'<a:cs typeface="+mn-cs"/></a:defRPr></a:lvl{k}pPr>'
    )


def _levels(
    sizes: tuple[float, ...], colour: str, font: str, bullets: bool = False, bold: bool = False
) -> str:
    """Nine levels: the given sizes, the last one repeated."""
    return "".join(
        _level(k, sizes[min(k, len(sizes)) - 1], colour, font, bullets, bold)
        for k in range(1, LEVELS + 1)
    )


def master_xml(layout_ids: list[str]) -> str:
    """The slide master: colour map, thin top band, bottom rule, the title, body, date,
    footer and slide-number placeholders, and the text styles."""
    furniture = [_title()]
    furniture.append(Ph(L.TEXT, "body", MARGIN, TOP, CONTENT_W, BODY_H, 16, styled=False))
    furniture += _furniture()
    shapes = [
        _rect(2, "Banda superiore", 0, 0, W, 0.1, th.PRIMARY),
        _rect(3, "Filetto inferiore", MARGIN, 7.02, CONTENT_W, 0.01, th.RULE),
        *(_ph_xml(ph, 4 + k, k) for k, ph in enumerate(furniture)),
    ]
    id_list = "".join(
        f'<p:sldLayoutId id="{FIRST_LAYOUT_ID + k}" r:id="{r_id}"/>'
        for k, r_id in enumerate(layout_ids)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:sldMaster {NS}>'
        '<p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>'
        f"{_tree(shapes)}</p:cSld>"
        '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" '
        'accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" '
        'accent6="accent6" hlink="hlink" folHlink="folHlink"/>'
        f"<p:sldLayoutIdLst>{id_list}</p:sldLayoutIdLst><p:txStyles>"
        f"<p:titleStyle>{_levels((ST.title.size,), ST.title.color, '+mj-lt', bold=True)}"
        "</p:titleStyle>"
        f"<p:bodyStyle>{_levels((16, 14, 12), th.TEXT, '+mn-lt', bullets=True)}</p:bodyStyle>"
        f"<p:otherStyle>{_levels((14, 12), th.TEXT, '+mn-lt')}</p:otherStyle>"
        "</p:txStyles></p:sldMaster>"
    )


def theme_xml(original: str) -> str:
    """The theme with porreport's colour scheme and Titillium Web as major and minor font,
    with the PANOSE and pitch family of a sans so substitution picks one."""
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
    font = (
        f'<a:latin typeface="{c.FONT_FAMILY}" panose="{PANOSE}" pitchFamily="{PITCH_FAMILY}" '
        'charset="0"/><a:ea typeface=""/><a:cs typeface=""/>'
    )
    fonts = (
        f'<a:fontScheme name="porreport"><a:majorFont>{font}</a:majorFont>'
        f"<a:minorFont>{font}</a:minorFont></a:fontScheme>"
    )
    out = re.sub(r"<a:clrScheme .*?</a:clrScheme>", colours, original, flags=re.S)
    out = re.sub(r"<a:fontScheme .*?</a:fontScheme>", fonts, out, flags=re.S)
    return re.sub(r'<a:theme ([^>]*)name="[^"]*"', r'<a:theme \1name="porreport"', out)


def _layouts(prs: Presentation) -> list[str]:
    """Write every layout (the deck's, then the generic ones) over python-pptx's stock ones,
    adding parts as needed; the master's relationship ids in order."""
    master_part = prs.slide_master.part
    xmls = [layout_xml(i) for i in L.LAYOUTS] + [generic_layout_xml(n) for n in GENERIC]
    parts = [layout.part for layout in prs.slide_layouts]
    for extra in list(prs.slide_layouts)[len(xmls) :]:
        prs.slide_layouts.remove(extra)
    r_ids = []
    for k, xml in enumerate(xmls):
        if k < len(parts):
            part = parts[k]
            part._element = parse_xml(xml.encode())
        else:
            uri = PackURI(f"/ppt/slideLayouts/slideLayout{k + 1}.xml")
            part = SlideLayoutPart(
                uri, CT.PML_SLIDE_LAYOUT, master_part.package, parse_xml(xml.encode())
            )
            part.relate_to(master_part, RT.SLIDE_MASTER)
        r_ids.append(master_part.relate_to(part, RT.SLIDE_LAYOUT))
    return r_ids


def build() -> bytes:
    """The template's bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(W), Inches(H)
    master = prs.slide_master
    r_ids = _layouts(prs)
    master.part._element = parse_xml(master_xml(r_ids).encode())
    theme_part = master.part.part_related_by(RT.THEME)
    theme_part._blob = theme_xml(theme_part.blob.decode()).encode()
    _defaults(prs)
    cp = prs.core_properties
    cp.title, cp.author, cp.language = "porreport: modello del deck", "porreport", LANG
    cp.subject = "Modello PowerPoint (16:9) dei deck per il Comitato di Sorveglianza"
    cp.keywords, cp.revision, cp.last_modified_by = "porreport; modello", 1, "porreport"
    cp.created = cp.modified = dt.datetime(2021, 1, 1)
    clean_parts(prs)  # no stock thumbnail or printer settings; app.xml of porreport
    buf = io.BytesIO()
    prs.save(buf)
    return rezip(buf.getvalue(), dt.datetime(1980, 1, 1))


def _defaults(prs: Presentation) -> None:
    """it-IT in the presentation's default text style; no 4:3 slide-size type."""
    xml = etree.tostring(prs.part._element, encoding="unicode")
    xml = xml.replace('lang="en-US"', f'lang="{LANG}"').replace(' type="screen4x3"', "")
    prs.part._element = parse_xml(xml.encode())


def main() -> int:
    """Write the template."""
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(build())
    print(f"Scritto {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
