"""The deck as an office uses it: the theme drives every colour and font, the template is
complete, PowerPoint's accessibility rules hold on every example deck, the charts' data
read like the slide, the font travels with the file."""

from __future__ import annotations

import colorsys
import functools
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER

import office
from porreport.api import document_of
from porreport.content.document import Document
from porreport.deck.fontembed import font_data
from porreport.deck.render import default_template, render_deck
from porreport.deck.template import GENERIC_LAYOUTS, LAYOUTS
from porreport.inputs.loading import load
from porreport.resources import example_report, font_path

ROOT = Path(__file__).resolve().parents[1]
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
DECORATIVE = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
FURNITURE = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
REPORTS = sorted(
    [*ROOT.glob("data/*.yaml"), *ROOT.glob("data/examples/*.yaml")],
    key=lambda p: p.relative_to(ROOT).as_posix(),
)
OTHER_COLOURS = {  # a theme of another organisation: greens and a warm grey
    "dk1": "202020",
    "lt1": "FFFFFF",
    "dk2": "1B4332",
    "lt2": "F1F5F0",
    "accent1": "2D6A4F",
    "accent2": "40916C",
    "accent3": "74C69D",
    "accent4": "B5651D",
    "accent5": "6C584C",
    "accent6": "9D0208",
    "hlink": "2D6A4F",
    "folHlink": "6C584C",
}


# --- fixtures ------------------------------------------------------------------------------


@functools.cache
def _deck(report: Path) -> bytes:
    return render_deck(document_of(load(report)))


@pytest.fixture(scope="module")
def document() -> Document:
    return document_of(load(example_report()))


@pytest.fixture(scope="module")
def deck_bytes() -> bytes:
    return _deck(example_report())


@pytest.fixture(scope="module")
def prs(deck_bytes: bytes):
    return Presentation(io.BytesIO(deck_bytes))


def _parts(deck: bytes, pattern: str) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(deck)) as z:
        return {n: z.read(n).decode() for n in z.namelist() if re.fullmatch(pattern, n)}


def other_theme_template(tmp_path: Path, font: str = "Liberation Sans") -> Path:
    """The bundled template with another organisation's colours and font in its theme."""
    source = zipfile.ZipFile(default_template())
    out = tmp_path / "altro_tema.pptx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in source.namelist():
            data = source.read(name)
            if name.startswith("ppt/theme/"):
                xml = data.decode()
                scheme = "".join(
                    f'<a:{k}><a:srgbClr val="{v}"/></a:{k}>' for k, v in OTHER_COLOURS.items()
                )
                xml = re.sub(
                    r"<a:clrScheme .*?</a:clrScheme>",
                    f'<a:clrScheme name="Altro">{scheme}</a:clrScheme>',
                    xml,
                    flags=re.S,
                )
                xml = re.sub(
                    r'<a:latin typeface="[^"]*"[^>]*/>', f'<a:latin typeface="{font}"/>', xml
                )
                data = xml.encode()
            dst.writestr(name, data)
    return out


def without_map(xml: str) -> str:
    """Slide XML without the map's group or picture (named "Mappa: ..."): its classes are
    data-driven colours."""
    root = etree.fromstring(xml.encode())
    for shape in root.iter(f"{P}grpSp", f"{P}pic"):
        if shape[0][0].get("name", "").startswith("Mappa") and shape.getparent() is not None:
            shape.getparent().remove(shape)
    return etree.tostring(root).decode()


def _flatten(shapes) -> list:
    out = []
    for shape in shapes:
        out.append(shape)
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            out += _flatten(shape.shapes)
    return out


def _c_nv_pr(shape):
    return shape._element.xpath("./*[1]/p:cNvPr")[0]


def _decorative(shape) -> bool:
    ext = _c_nv_pr(shape).find(f"{A}extLst/{A}ext[@uri='{DECORATIVE}']")
    return ext is not None and ext[0].get("val") == "1"


# --- 3: the theme drives every colour and font ---------------------------------------------


def test_no_rgb_colour_and_no_typeface_in_slides_and_charts(deck_bytes: bytes) -> None:
    parts = _parts(deck_bytes, r"ppt/(slides|charts)/[^/]+\.xml")
    assert len([n for n in parts if "/charts/" in n]) >= 5
    for name, xml in parts.items():
        assert "srgbClr" not in without_map(xml), name
        assert "Titillium" not in xml, name
        faces = set(re.findall(r'<a:(?:latin|ea|cs) typeface="([^"]*)"', xml))
        assert faces <= {"+mn-lt", "+mj-lt"}, (name, faces)
    charts = [xml for name, xml in parts.items() if "/charts/" in name]
    assert all('<a:latin typeface="+mn-lt"/>' in xml for xml in charts)
    series_fills = re.findall(
        r"<c:ser>.*?<c:spPr><a:solidFill><a:schemeClr val=\"(accent\d)\"/>", charts[1], re.S
    )
    assert series_fills == ["accent1", "accent2", "accent3", "accent4"]


def _inherited(shape) -> tuple[str | None, str | None, str | None]:
    """(sz, b, colour) a run of ``shape`` inherits at level 1: its own list style, else its
    layout placeholder's, else the master's style for its kind (as PowerPoint reads them)."""
    styles = [shape._element.find(f"{P}txBody/{A}lstStyle")]
    if shape.is_placeholder:
        layout_ph = shape.part.slide_layout.placeholders.get(shape.placeholder_format.idx)
        if layout_ph is not None:
            styles.append(layout_ph._element.find(f"{P}txBody/{A}lstStyle"))
        kind = shape.placeholder_format.type
        name = "titleStyle" if kind in TITLES else "bodyStyle" if kind == 2 else "otherStyle"
        master = shape.part.slide_layout.slide_master._element
        styles.append(master.find(f"{P}txStyles/{P}{name}"))
    size = bold = colour = None
    for style in styles:
        default = style.find(f"{A}lvl1pPr/{A}defRPr") if style is not None else None
        if default is None:
            continue
        size = size or default.get("sz")
        bold = bold or default.get("b")
        fill = default.find(f"{A}solidFill")
        if colour is None and fill is not None:
            colour = _colour(fill)
    return size, bold, colour


def _colour(fill) -> str:
    return re.sub(r"\s+xmlns:\w+=\"[^\"]*\"", "", etree.tostring(fill[0]).decode())


def test_runs_carry_only_what_differs(prs) -> None:
    titles = [r for s in prs.slides for p in s.shapes.title.text_frame.paragraphs for r in p.runs]
    for run in titles:  # size, weight and colour from the layout's title style
        rpr = run._r.find(f"{A}rPr")
        assert rpr.get("sz") is None and rpr.get("b") is None, run.text
        assert rpr.find(f"{A}solidFill") is None, run.text
    bare = 0
    for slide in prs.slides:
        for shape in _flatten(slide.shapes):
            if not shape.has_text_frame:
                continue
            size, bold, colour = _inherited(shape)
            for run in (r for p in shape.text_frame.paragraphs for r in p.runs):
                rpr = run._r.find(f"{A}rPr")
                where = (slide.slide_layout.name, shape.name, run.text)
                assert rpr.get("sz") is None or rpr.get("sz") != size, where
                assert rpr.get("b") is None or rpr.get("b") != (bold or "0"), where
                fill = rpr.find(f"{A}solidFill")
                assert fill is None or _colour(fill) != colour, where
                bare += rpr.get("sz") is None and fill is None
    assert bare >= 60
    # a card's text in its own look: the box declares it, a bold figure says it is bold
    card = next(
        sh for s in prs.slides for sh in _flatten(s.shapes) if sh.name == "Scheda 1: Asse I"
    )
    style = card.text_frame._txBody.find(f"{A}lstStyle/{A}lvl1pPr/{A}defRPr")
    assert (style.get("sz"), style.get("b")) == ("1300", "0")
    value = next(r for p in card.text_frame.paragraphs for r in p.runs if r.text == "379,0\xa0M€")
    assert value._r.find(f"{A}rPr").get("b") == "1"


def test_text_autofits_and_shapes_default_to_readable_text(prs) -> None:
    scheme = _scheme(prs)
    for slide in prs.slides:
        for shape in _flatten(slide.shapes):
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            if shape.is_placeholder and shape.placeholder_format.type in FURNITURE:
                continue  # a date or slide number keeps its line
            body = shape.text_frame._txBody.find(f"{A}bodyPr")
            assert body.find(f"{A}normAutofit") is not None, shape.name
            font_ref = shape._element.find(f"{P}style/{A}fontRef/{A}schemeClr")
            if font_ref is not None:  # an autoshape: its style's text colour fits its fill
                fill = shape._element.find(f"{P}spPr/{A}solidFill/{A}schemeClr")
                behind = _rgb(scheme, fill) if fill is not None else scheme["lt1"]
                text = _rgb(scheme, font_ref)
                assert _contrast(text, behind) >= 4.5, shape.name


@pytest.mark.external("soffice", "pdffonts", "pdftoppm")
def test_another_theme_restyles_every_colour_and_font(document: Document, tmp_path: Path) -> None:
    deck = render_deck(document, template=other_theme_template(tmp_path))
    for name, xml in _parts(deck, r"ppt/(slides|charts)/[^/]+\.xml").items():
        assert "srgbClr" not in without_map(xml), name
    with zipfile.ZipFile(io.BytesIO(deck)) as z:  # Titillium is not the theme's: not embedded
        assert not [n for n in z.namelist() if n.startswith("ppt/fonts/")]
    path = tmp_path / "altro.pptx"
    path.write_bytes(deck)
    pdf = office.convert_to_pdf(path, tmp_path / "lo", "bundled")
    assert set(office.pdf_fonts(pdf)) == {"LiberationSans", "LiberationSans-Bold"}
    pages = {}
    for page in (2, 4, 7):  # key figures, the axes' chart, steps, table and charts
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "30",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(pdf),
                str(tmp_path / f"p{page}"),
            ],
            check=True,
        )
        pages[page] = _colours(tmp_path / f"p{page}.png")
    old = {"0066CC", "17324D", "EEF2F7", "F2A900", "5C9DFF"}  # porreport's palette
    for page, colours in pages.items():
        assert not old & colours, page
    assert "2D6A4F" in pages[2] and "B5651D" in pages[4]  # the new accent1 and accent4


def _colours(png: Path) -> set[str]:
    from PIL import Image

    with Image.open(png) as image:
        pixels = image.convert("RGB").getcolors(1 << 20)
        return {"".join(f"{v:02X}" for v in c) for _n, c in pixels}


# --- 4: a complete template ----------------------------------------------------------------


def _rgb(scheme: dict[str, str], colour) -> str:
    """A theme colour element resolved to RGB (lumMod/lumOff as PowerPoint applies them)."""
    aliases = {"tx1": "dk1", "bg1": "lt1", "tx2": "dk2", "bg2": "lt2"}
    base = scheme[aliases.get(colour.get("val"), colour.get("val"))]
    r, g, b = (int(base[k : k + 2], 16) / 255 for k in (0, 2, 4))
    h, light, s = colorsys.rgb_to_hls(r, g, b)
    mod = colour.find(f"{A}lumMod")
    off = colour.find(f"{A}lumOff")
    light = light * (int(mod.get("val")) / 100000 if mod is not None else 1)
    light = min(1.0, light + (int(off.get("val")) / 100000 if off is not None else 0))
    return "".join(f"{round(v * 255):02X}" for v in colorsys.hls_to_rgb(h, light, s))


def _contrast(a: str, b: str) -> float:
    def lum(c: str) -> float:
        vals = [int(c[k : k + 2], 16) / 255 for k in (0, 2, 4)]
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in vals]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture(scope="module")
def template():
    return Presentation(str(default_template()))


def _scheme(template) -> dict[str, str]:
    theme = template.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
    ).blob.decode()
    return dict(re.findall(r'<a:(\w+)><a:srgbClr val="([0-9A-F]{6})"/>', theme))


def test_template_has_generic_layouts_and_furniture(template) -> None:
    names = [layout.name for layout in template.slide_layouts]
    assert names == [name for name, _ in LAYOUTS.values()] + list(GENERIC_LAYOUTS)
    assert GENERIC_LAYOUTS == (
        "Titolo e contenuto",
        "Solo titolo",
        "Vuota",
        "Titolo e due contenuti",
        "Intestazione sezione",
    )
    for holder in [template.slide_master, *template.slide_layouts]:
        kinds = {ph.placeholder_format.type for ph in holder.placeholders}
        assert kinds >= FURNITURE, holder.name if hasattr(holder, "name") else "master"
    types = {layout.name: layout._element.get("type") for layout in template.slide_layouts}
    assert types["Titolo"] == "title" and types["Titolo e contenuto"] == "obj"
    assert types["Vuota"] == "blank" and types["Intestazione sezione"] == "secHead"


def test_template_bullets_on_body_levels_one_to_three(template) -> None:
    body = template.slide_master._element.find(f"{P}txStyles/{P}bodyStyle")
    chars = [body.find(f"{A}lvl{k}pPr/{A}buChar") for k in range(1, 10)]
    assert [c.get("char") if c is not None else None for c in chars] == [
        "•",
        "–",
        "•",
        None,
        None,
        None,
        None,
        None,
        None,
    ]
    content = template.slide_layouts.get_by_name("Titolo e contenuto")
    (body_ph,) = [p for p in content.placeholders if p.name == "Contenuto"]
    assert body_ph._element.find(f"{P}txBody/{A}lstStyle/{A}lvl1pPr") is None  # the master's


def test_every_level_readable_on_every_background(template) -> None:
    scheme = _scheme(template)
    checked = 0
    for layout in template.slide_layouts:
        bg = layout._element.find(f"{P}cSld/{P}bg/{P}bgPr/{A}solidFill/{A}schemeClr")
        background = _rgb(scheme, bg) if bg is not None else scheme["lt1"]
        for ph in layout.placeholders:
            fill = ph._element.find(f"{P}spPr/{A}solidFill/{A}schemeClr")
            behind = _rgb(scheme, fill) if fill is not None else background
            style = ph._element.find(f"{P}txBody/{A}lstStyle")
            for level in range(1, 10):
                colour = style.find(f"{A}lvl{level}pPr/{A}defRPr/{A}solidFill/{A}schemeClr")
                if colour is None:  # the master's style: dark text, on a light layout only
                    assert bg is None, (layout.name, ph.name, level)
                    continue
                ratio = _contrast(_rgb(scheme, colour), behind)
                assert ratio >= 4.5, (layout.name, ph.name, level, round(ratio, 2))
                checked += 1
    assert checked > 500


def test_deck_fills_slide_numbers_and_the_date_placeholder(prs) -> None:
    for number, slide in enumerate(prs.slides, start=1):
        kinds = {ph.placeholder_format.type: ph for ph in slide.placeholders}
        cover = slide.slide_layout.name in ("Titolo", "Chiusura")
        assert (PP_PLACEHOLDER.SLIDE_NUMBER in kinds) is not cover
        if not cover:
            field = kinds[PP_PLACEHOLDER.SLIDE_NUMBER]._element.find(f".//{A}fld")
            assert field.get("type") == "slidenum" and field.findtext(f"{A}t") == str(number)
            date = kinds[PP_PLACEHOLDER.DATE]
            assert date.name == "Dati al" and date.text_frame.text.startswith("Dati al ")


def test_a_template_with_a_body_cutoff_and_no_slide_number_works(
    document: Document, tmp_path: Path
) -> None:
    """Another organisation's template in the older contract: "Dati al" a text placeholder,
    no slide-number placeholder."""
    tpl = Presentation(str(default_template()))
    for layout in tpl.slide_layouts:
        for ph in list(layout.placeholders):
            kind = ph.placeholder_format.type
            if kind == PP_PLACEHOLDER.SLIDE_NUMBER:
                ph._element.getparent().remove(ph._element)
            elif kind == PP_PLACEHOLDER.DATE:
                ph._element.ph.set("type", "body")
    path = tmp_path / "vecchio.pptx"
    tpl.save(str(path))
    deck = Presentation(io.BytesIO(render_deck(document, template=path)))
    cutoffs = [
        ph.text_frame.text for s in deck.slides for ph in s.placeholders if ph.name == "Dati al"
    ]
    assert cutoffs.count("Dati al 30/09/2021") >= 5
    assert not [
        ph
        for s in deck.slides
        for ph in s.placeholders
        if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER
    ]


# --- 5: PowerPoint's accessibility rules, on every example deck ----------------------------


def _reading_problems(slide) -> list[str]:
    """Shapes read before the title, after the furniture, or after a shape that lies wholly
    below them or (beside them) wholly to their right."""
    shapes = list(slide.shapes)
    kinds = [s.placeholder_format.type if s.is_placeholder else None for s in shapes]
    problems = []
    if kinds[0] not in TITLES:
        problems.append(f"il primo è {shapes[0].name}")
    seen_furniture = False
    for shape, kind in zip(shapes, kinds, strict=True):
        if kind in FURNITURE:
            seen_furniture = True
        elif seen_furniture:
            problems.append(f"{shape.name} dopo il piè di pagina")
    body = [s for s, k in zip(shapes, kinds, strict=True) if k not in FURNITURE | TITLES]
    for k, later in enumerate(body):
        for earlier in body[:k]:
            above = later.top + later.height <= earlier.top
            beside = min(later.top + later.height, earlier.top + earlier.height) > max(
                later.top, earlier.top
            )
            left = beside and later.left + later.width <= earlier.left
            if above or left:
                problems.append(f"{later.name} dopo {earlier.name}")
    return problems


@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_accessibility_rules_on_every_example_deck(report: Path) -> None:
    deck = Presentation(io.BytesIO(_deck(report)))
    titles = []
    for number, slide in enumerate(deck.slides, start=1):
        titles.append(slide.shapes.title.text_frame.text)
        assert _reading_problems(slide) == [], number
        for shape in _flatten(slide.shapes):
            where = f"{number}: {shape.name}"
            described = bool(_c_nv_pr(shape).get("descr"))
            if shape.shape_type in (MSO_SHAPE_TYPE.GROUP, MSO_SHAPE_TYPE.PICTURE) or (
                shape.has_chart or shape.has_table
            ):
                assert described, where
            elif not described:
                holds_text = shape.has_text_frame and shape.text_frame.text.strip()
                assert holds_text or _decorative(shape), where
            if shape.has_table:
                assert shape._element.find(f".//{A}tblPr").get("firstRow") == "1", where
            if shape.name.endswith(": filetto"):  # a card's accent rule, in its card's group
                assert _decorative(shape), where
        cards = [s for s in slide.shapes if s.name.startswith("Scheda ")]
        assert all(s.shape_type == MSO_SHAPE_TYPE.GROUP for s in cards), number
    assert len(titles) == len(set(titles)), titles


def test_the_reading_check_can_fail(deck_bytes: bytes) -> None:
    slide = Presentation(io.BytesIO(deck_bytes)).slides[1]
    tree = slide.shapes._spTree
    note = next(s for s in slide.shapes if s.name == "Note")._element
    tree.remove(note)
    tree.insert(4, note)  # the footnotes right after the title and subtitle
    assert _reading_problems(slide)[:1] == ["Cifra: Dotazione POR dopo Note"]


# --- 6: charts staff can edit --------------------------------------------------------------


def _chart_frames(prs) -> list:
    return [s for slide in prs.slides for s in slide.shapes if getattr(s, "has_chart", False)]


def test_chart_sheets_read_like_the_slide(prs, document: Document) -> None:
    specs = {s.title: s for s in document.charts()}
    for frame in _chart_frames(prs):
        chart = frame.chart
        spec = specs[chart.chart_title.text_frame.paragraphs[0].text]
        sheet = load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob)).worksheets
        assert [ws.title for ws in sheet] == ["Dati"]
        rows = [list(r) for r in sheet[0].iter_rows(values_only=True)]
        assert all(cell not in (None, "") for cell in rows[0]), rows[0]
        assert rows[0] == ["Categoria", *(s.name for s in spec.series)]
        names = [c.split("\n")[0] for c in spec.categories]
        assert [r[0] for r in rows[1:]] == names  # the slide's order, top (or left) first
        assert [r[1] for r in rows[1:]] == list(spec.series[0].values)
        assert list(chart.plots[0].categories) == names
        assert not [n for n in names if re.search(r"\d+,\d|%", n)]
        xml = chart.part.blob.decode()
        assert xml.count("<c:f>Dati!") >= 2 and "Sheet1" not in xml
        if spec.kind.endswith("bar"):
            assert '<c:orientation val="maxMin"/>' in xml
            assert re.search(r'<c:valAx>.*<c:crosses val="max"/>', xml, re.S)


def test_pie_labels_are_computed_from_the_data(prs) -> None:
    (pie,) = [f for f in _chart_frames(prs) if "c:pieChart" in f.chart.part.blob.decode()]
    xml = pie.chart.part.blob.decode()
    labels = re.search(r"<c:dLbls>.*?</c:dLbls>", xml, re.S).group(0)
    assert "<c:tx>" not in labels and "<c:numFmt" not in labels
    assert '<c:showVal val="1"/>' in labels and '<c:showPercent val="1"/>' in labels
    assert "379 (49,6%)" in pie._element.xpath("./*[1]/p:cNvPr")[0].get("descr")


# --- 1: the font travels with the deck ---------------------------------------------------


def test_embedded_fonts_decode_to_the_bundled_ttfs(deck_bytes: bytes, prs) -> None:
    entries = prs.element.findall(f"{P}embeddedFontLst/{P}embeddedFont")
    assert len(entries) == 1
    font = entries[0].find(f"{P}font")
    assert font.attrib == {
        "typeface": "Titillium Web",
        "panose": "020B0503030000000000",
        "pitchFamily": "34",
        "charset": "0",
    }
    faces = {child.tag.removeprefix(P): child.get(f"{R}id") for child in entries[0][1:]}
    assert set(faces) == {"regular", "bold", "italic"}
    styles = {"regular": "Regular", "bold": "Bold", "italic": "Italic"}
    for face, rid in faces.items():
        blob = prs.part.rels[rid].target_part.blob
        assert font_data(blob) == font_path(styles[face]).read_bytes(), face
    with zipfile.ZipFile(io.BytesIO(deck_bytes)) as z:
        assert (
            'Extension="fntdata" ContentType="application/x-fontdata"'
            in z.read("[Content_Types].xml").decode()
        )
    assert prs.element.get("embedTrueTypeFonts") == "1"


# --- 6: native-chart labels that never collide (LibreOffice's rendering) -------------------

SIX_AXES = (
    ("Dotazione", (379.0, 236.7, 301.9, 20.0, 32.8, 251.3)),
    ("Risorse programmate", (324.9, 289.2, 304.6, 19.1, 33.0, 243.9)),
    ("Risorse impegnate", (307.5, 260.3, 238.4, 19.1, 28.6, 193.0)),
    ("Liquidazioni", (271.7, 222.2, 221.2, 9.9, 20.5, 12.4)),
)


def _with_charts(document: Document, axes: int) -> Document:
    """The example with the axes' chart over ``axes`` axes and firm sizes in thousands
    (tick labels "9.000", "10.000")."""
    from dataclasses import replace

    from porreport.content.document import Chart, Series

    def changed(spec):
        if spec.id == "assi":
            series = tuple(
                Series(name, values[:axes], tuple(f"{v:.1f}" for v in values[:axes]))
                for name, values in SIX_AXES
            )
            names = ("I", "II", "III", "IV", "V", "VI")[:axes]
            return replace(spec, categories=tuple(f"Asse {n}" for n in names), series=series)
        if spec.id == "dimensioni":
            values = (9_250.0, 10_480.0, 8_915.0, 12_730.0)
            return replace(spec, series=(replace(spec.series[0], values=values),))
        return spec

    sections = tuple(
        replace(
            s,
            blocks=tuple(
                replace(b, spec=changed(b.spec)) if isinstance(b, Chart) else b for b in s.blocks
            ),
        )
        for s in document.sections
    )
    return replace(document, sections=sections)


@pytest.mark.external("soffice", "pdftotext")
@pytest.mark.parametrize("axes", [4, 6])
@pytest.mark.parametrize("fonts", ["bundled", "liberation", "dejavu"])
def test_chart_labels_do_not_collide(
    document: Document, tmp_path: Path, axes: int, fonts: office.FontSetup
) -> None:
    import layoutcheck as lc

    path = tmp_path / f"assi_{axes}.pptx"
    deck = render_deck(_with_charts(document, axes))
    path.write_bytes(deck)
    prs = Presentation(io.BytesIO(deck))
    charted = {
        number
        for number, slide in enumerate(prs.slides, start=1)
        if any(getattr(s, "has_chart", False) for s in slide.shapes)
    }
    pages = lc.read_pages(office.convert_to_pdf(path, tmp_path / fonts, fonts))
    overlaps = [f for f in lc.overlapping_lines(pages) if f.page in charted]
    assert overlaps == []
    ticks = {w.text for page in pages for line in page.lines for w in line.words}
    assert "10.000" in ticks  # the firm sizes' value axis, in thousands


# --- units ---------------------------------------------------------------------------------


def test_text_shape_autofits_from_the_planned_scale() -> None:
    from porreport.deck.fit import Span
    from porreport.deck.shapes import add_text_shape
    from porreport.deck.slides import TextShape
    from porreport.deck.styles import STYLES

    prs = Presentation(str(default_template()))
    slide = prs.slides.add_slide(prs.slide_layouts.get_by_name("Vuota"))
    para = STYLES.card_text.spans(
        (Span("Importo ammesso ", False, "1C2024"), Span("12,5 M€", True, "0066CC"))
    )
    plan = TextShape(
        "Prova", (0, 0, 2_000_000, 1_000_000), (para,), "rounded", "EEF2F7", font_scale=0.8
    )
    shape = add_text_shape(slide.shapes, plan)
    body = shape.text_frame._txBody
    assert body.find(f"{A}bodyPr/{A}normAutofit").get("fontScale") == "80000"
    style = body.find(f"{A}lstStyle/{A}lvl1pPr/{A}defRPr")
    assert (style.get("sz"), style.get("b")) == ("1400", "0")  # the card text's look
    plain, figure = (r._r.find(f"{A}rPr") for r in shape.text_frame.paragraphs[0].runs)
    assert plain.attrib == {"lang": "it-IT", "dirty": "0"} and len(plain) == 0
    assert (
        figure.get("b") == "1" and figure.find(f"{A}solidFill/{A}schemeClr").get("val") == "accent1"
    )
    assert shape._element.find(f"{P}style/{A}fontRef/{A}schemeClr").get("val") == "tx1"


def test_numbers_as_office_shows_them() -> None:
    from porreport.deck.chart_layout import nice_step, shown, without_literals

    assert shown(970.8, '#,##0.0" M€"') == "970,8 M€"
    assert shown(10705500, '"€ "#,##0') == "€ 10.705.500"
    assert shown(0.496, "0.0%") == "49,6%"
    assert shown(1234567, '#,##0.0,," Mln"') == "1,2 Mln"
    assert shown(12345, "0") == "12345"
    assert without_literals('#,##0.0" M€"') == "#,##0.0"
    assert [nice_step(1000, 5), nice_step(37, 5), nice_step(450, 9)] == [200, 10, 50]
