"""The deck's map: one group of native shapes (a freeform per province, labels, legend,
notes) described by the map's alt text, no picture, light, valid, for any region."""

from __future__ import annotations

import io
import itertools
import json
import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.shapes.base import BaseShape
from pptx.shapes.group import GroupShape
from pptx.slide import Slide

from helpers_charts import example_document, example_map
from helpers_map import REGION_VALUES, region_spec
from porreport.charts.classes import class_of, classify, contrast, readable_palette
from porreport.charts.map_layout import MapStyle, layout_map
from porreport.content.document import Map, MapSpec
from porreport.deck.plan_map import (
    CONTEXT_NAME,
    DECK_MAP_STYLE,
    EMU_PER_PT,
    TOLERANCE_PT,
    MapFreeform,
    MapRect,
    MapText,
    douglas_peucker,
    outlines,
    plan_map,
    simplify_coverage,
)
from porreport.deck.render import default_template, render_deck

ROOT = Path(__file__).resolve().parents[1]
VALIDATOR = ROOT / "node_modules" / ".bin" / "ooxml-validator"
MAP_BOX = (4846320, 1645920, 6797040, 4114800)  # the template's "Mappa" placeholder, EMU
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"


@cache
def deck_with_map(spec: MapSpec) -> bytes:
    """The example's map slide alone, showing ``spec``."""
    document = example_document()
    section = next(s for s in document.sections if any(isinstance(b, Map) for b in s.blocks))
    blocks = tuple(Map(spec) if isinstance(b, Map) else b for b in section.blocks)
    return render_deck(replace(document, sections=(replace(section, blocks=blocks),)))


def map_slide(deck: bytes) -> Slide:
    prs = Presentation(io.BytesIO(deck))
    return next(s for s in prs.slides if s.slide_layout.name == "Mappa")


def the_group(slide: Slide) -> GroupShape:
    groups = [s for s in slide.shapes if isinstance(s, GroupShape)]
    assert len(groups) == 1
    return groups[0]


def descr(shape: BaseShape) -> str | None:
    return shape.element.xpath("./*[1]/p:cNvPr")[0].get("descr")


def decorative(shape: BaseShape) -> bool:
    return bool(shape.element.xpath("./*[1]/p:cNvPr")[0].findall(f".//{DECORATIVE}"))


@cache
def example_deck() -> bytes:
    return render_deck(example_document())


# --- the example (Lombardy) --------------------------------------------------------------


def test_map_slide_holds_one_group_and_no_picture() -> None:
    slide = map_slide(example_deck())
    assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    group = the_group(slide)
    assert group.name == "Mappa: Imprese beneficiarie per provincia"
    assert descr(group) == example_map().alt_text
    assert not [s for s in group.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_one_freeform_per_province_named_after_it() -> None:
    spec = example_map()
    group = the_group(map_slide(example_deck()))
    freeforms = [s for s in group.shapes if s.shape_type == MSO_SHAPE_TYPE.FREEFORM]
    names = [s.name for s in freeforms]
    provinces = {f"{p.nome} ({p.sigla})": p for p in spec.provinces}
    assert sorted(n for n in names if n != CONTEXT_NAME) == sorted(provinces)
    assert names.count(CONTEXT_NAME) == 1
    classes = classify([p.value for p in spec.provinces if p.value is not None])
    for shape in freeforms:
        if shape.name == CONTEXT_NAME:
            assert decorative(shape)
            continue
        p = provinces[shape.name]
        assert descr(shape) == f"{shape.name}: {p.label}"
        cls = class_of(p.value, classes)
        assert cls is not None and str(shape.fill.fore_color.rgb) == cls.color
    milano = next(s for s in freeforms if s.name == "Milano (MI)")
    assert descr(milano) == "Milano (MI): 262"
    assert str(milano.fill.fore_color.rgb) == "083C74"  # "oltre 100", the darkest class


def test_islands_and_holes_are_parts_of_one_freeform() -> None:
    plan = plan_map("Mappa", region_spec("Sardegna", REGION_VALUES["Sardegna"]), MAP_BOX)
    sassari = next(s for s in plan.shapes if isinstance(s, MapFreeform) and s.name.endswith("(SS)"))
    assert len(sassari.rings) > 3  # Asinara, La Maddalena and more: parts of Sassari
    slide = map_slide(deck_with_map(plan.spec))
    shape = next(s for s in the_group(slide).shapes if s.name == "Sassari (SS)")
    assert len(shape.element.xpath(".//a:moveTo")) == len(sassari.rings)


def test_labels_legend_title_and_notes_are_text() -> None:
    group = the_group(map_slide(example_deck()))
    texts = {
        s.name: s.text_frame.text for s in group.shapes if s.has_text_frame and s.text_frame.text
    }
    assert texts["Etichetta: Milano (MI)"] == "MI\n262"
    assert texts["Etichetta: Lodi (LO)"] == "LO\n14"
    assert texts["Titolo della mappa"] == "Imprese beneficiarie per provincia"
    assert texts["Legenda: titolo"] == "Imprese beneficiarie"
    legend = [texts[f"Legenda: {label}"] for label in ("da 1 a 30", "da 31 a 60", "da 61 a 100")]
    assert legend == ["da 1 a 30", "da 31 a 60", "da 61 a 100"]
    assert texts["Legenda: oltre 100"] == "oltre 100"
    assert texts["Dati illustrativi"] == "Dati illustrativi"
    assert texts["Fonte dei confini"] == example_map().attribution
    swatches = [s for s in group.shapes if s.name.startswith("Legenda: colore ")]
    assert len(swatches) == 4 and all(decorative(s) for s in swatches)


def test_shapes_in_reading_order() -> None:
    names = [s.name for s in the_group(map_slide(example_deck())).shapes]
    assert names[0] == "Titolo della mappa"
    assert names[1] == CONTEXT_NAME  # under the provinces, skipped by screen readers
    first_label = next(i for i, n in enumerate(names) if n.startswith("Etichetta: "))
    assert all(not n.startswith("Etichetta: ") for n in names[:first_label])
    assert names.index("Legenda: titolo") > max(
        i for i, n in enumerate(names) if n.startswith("Etichetta: ")
    )
    assert names[-1] == "Fonte dei confini"
    provinces = [n for n in names[2:first_label]]
    assert provinces[0] == "Sondrio (SO)"  # north first
    assert provinces[-1] == "Pavia (PV)"  # south last


def test_labels_read_on_their_province() -> None:
    group = the_group(map_slide(example_deck()))
    fills = {
        s.name: str(s.fill.fore_color.rgb)
        for s in group.shapes
        if s.shape_type == MSO_SHAPE_TYPE.FREEFORM and s.name != CONTEXT_NAME
    }
    for shape in group.shapes:
        if shape.name.startswith("Etichetta: "):
            province = shape.name.removeprefix("Etichetta: ")
            for run in (r for p in shape.text_frame.paragraphs for r in p.runs):
                assert contrast(str(run.font.color.rgb), fills[province]) >= 4.5, province


def test_texts_other_than_labels_take_theme_colours() -> None:
    group = the_group(map_slide(example_deck()))
    for name in (
        "Titolo della mappa",
        "Legenda: titolo",
        "Legenda: da 1 a 30",
        "Fonte dei confini",
    ):
        shape = next(s for s in group.shapes if s.name == name)
        assert shape.element.xpath(".//a:rPr/a:solidFill/a:schemeClr"), name
        assert not shape.element.xpath(".//a:rPr/a:solidFill/a:srgbClr"), name


def test_map_slide_stays_light() -> None:
    deck = example_deck()
    archive = zipfile.ZipFile(io.BytesIO(deck))
    slide_xml = next(
        archive.read(n)
        for n in archive.namelist()
        if n.startswith("ppt/slides/slide") and b"Mappa: " in archive.read(n)
    )
    assert not [n for n in archive.namelist() if n.startswith("ppt/media/")]
    assert len(slide_xml) < 200_000  # the simplified outlines: about 2.700 points
    assert slide_xml.count(b"<a:lnTo>") < 3_500
    # 256 KB with the map as a 200-dpi picture; the embedded fonts (about 100 KB) aside
    fonts = sum(i.compress_size for i in archive.infolist() if i.filename.startswith("ppt/fonts/"))
    assert fonts > 0
    assert len(deck) - fonts < 160_000


def test_deterministic() -> None:
    spec = region_spec("Sicilia", REGION_VALUES["Sicilia"])
    assert plan_map("Mappa", spec, MAP_BOX) == plan_map("Mappa", spec, MAP_BOX)
    assert deck_with_map(spec) == deck_with_map.__wrapped__(spec)  # drawn again, uncached


def test_a_theme_holding_the_palette_gives_the_classes_theme_colours(tmp_path: Path) -> None:
    palette = readable_palette()
    template = tmp_path / "blu.pptx"
    with zipfile.ZipFile(default_template()) as src, zipfile.ZipFile(template, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "ppt/theme/theme1.xml":
                for k, color in enumerate(palette, start=1):
                    pattern = rb"(<a:accent%d><a:srgbClr val=\")[0-9A-Fa-f]{6}" % k
                    data = re.sub(pattern, rb"\g<1>" + color.encode(), data)
            dst.writestr(item, data)
    slide = map_slide(render_deck(example_document(), template=template))
    shapes = {s.name: s for s in the_group(slide).shapes}
    assert shapes["Milano (MI)"].fill.fore_color.theme_color == MSO_THEME_COLOR.ACCENT_5
    assert shapes["Lodi (LO)"].fill.fore_color.theme_color == MSO_THEME_COLOR.ACCENT_2
    label = shapes["Etichetta: Milano (MI)"].text_frame.paragraphs[0].runs[0]
    assert str(label.font.color.rgb) == "FFFFFF"  # chosen for the class colour, kept as is
    # with the bundled theme the classes are the data's own colours
    default = {s.name: s for s in the_group(map_slide(example_deck())).shapes}
    assert str(default["Milano (MI)"].fill.fore_color.rgb) == "083C74"
    assert default["Milano (MI)"].line.color.theme_color == MSO_THEME_COLOR.BACKGROUND_1


# --- any region --------------------------------------------------------------------------


@pytest.mark.parametrize("region", sorted(REGION_VALUES))
def test_every_region_gets_one_freeform_per_province_inside_the_box(region: str) -> None:
    spec = region_spec(region, REGION_VALUES[region], illustrative=True)
    slide = map_slide(deck_with_map(spec))
    group = the_group(slide)
    assert descr(group) == spec.alt_text
    assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    freeforms = [s for s in group.shapes if s.shape_type == MSO_SHAPE_TYPE.FREEFORM]
    expected = {f"{p.nome} ({p.sigla})" for p in spec.provinces}
    assert {s.name for s in freeforms} - {CONTEXT_NAME} == expected
    assert len(freeforms) - (CONTEXT_NAME in {s.name for s in freeforms}) == len(expected)
    x, y, w, h = MAP_BOX
    for shape in group.shapes:
        assert x <= shape.left and shape.left + shape.width <= x + w + EMU_PER_PT, shape.name
        assert y <= shape.top and shape.top + shape.height <= y + h + EMU_PER_PT, shape.name


def test_one_province_region_is_one_class_and_fills_the_map() -> None:
    spec = region_spec("Valle d'Aosta/Vallée d'Aoste", {"AO": 764})
    plan = plan_map("Mappa", spec, MAP_BOX)
    legend = [s.lines[0].text for s in plan.shapes if isinstance(s, MapText)]
    assert "764" in legend and "Nessun dato" not in legend
    (aosta,) = [s for s in plan.shapes if isinstance(s, MapFreeform) and "(AO)" in s.name]
    xs = [p[0] for ring in aosta.rings for p in ring]
    ys = [p[1] for ring in aosta.rings for p in ring]
    # the only province is the map: most of the box's height or width
    assert (max(ys) - min(ys)) > 0.7 * MAP_BOX[3] or (max(xs) - min(xs)) > 0.7 * MAP_BOX[2]


def test_zero_and_no_data_on_the_slide() -> None:
    values = {**REGION_VALUES["Veneto"]}
    plan = plan_map("Mappa", region_spec("Veneto", values), MAP_BOX)
    legend = [
        s.lines[0].text
        for s in plan.shapes
        if isinstance(s, MapText) and s.name.startswith("Legenda: ")
    ]
    assert legend[1] == "0" and legend[-1] == "Nessun dato"
    venezia = next(s for s in plan.shapes if isinstance(s, MapFreeform) and "(VE)" in s.name)
    assert venezia.descr == "Venezia (VE): nessun dato"
    keys = [s for s in plan.shapes if isinstance(s, MapRect)]
    assert keys[-1].line is not None  # "Nessun dato" outlined, apart from the light zero


# --- simplification ------------------------------------------------------------------------


def test_douglas_peucker_keeps_ends_and_corners() -> None:
    line = ((0, 0), (10, 1), (20, 0), (30, 40), (40, 0))
    assert douglas_peucker(line, 2) == ((0, 0), (20, 0), (30, 40), (40, 0))
    assert douglas_peucker(((0, 0), (5, 5)), 100) == ((0, 0), (5, 5))


def test_two_squares_keep_their_shared_wiggly_border() -> None:
    wiggle = [(10, y) for y in range(0, 11)]
    wiggle = [(10 + (k % 2), y) for k, (_, y) in enumerate(wiggle)]
    left = ((0, 0), *wiggle, (0, 10))
    right = (*reversed(wiggle), (20, 10), (20, 0))
    (a,), (b,) = simplify_coverage([[left], [right]], 2)
    shared = set(wiggle)
    assert set(a) & shared == set(b) & shared
    assert len(a) < len(left) and len(b) < len(right)


@pytest.mark.parametrize("region", ["Lombardia", "Sicilia", "Veneto"])
def test_simplified_outlines_keep_shared_borders_shared(region: str) -> None:
    values = REGION_VALUES.get(region) or {p.sigla: p.value for p in example_map().provinces}
    spec = region_spec(region, values)
    style: MapStyle = DECK_MAP_STYLE
    layout = layout_map(spec, MAP_BOX[2] / EMU_PER_PT, MAP_BOX[3] / EMU_PER_PT, style)
    original = outlines(layout, MAP_BOX)
    simplified = simplify_coverage(original, round(TOLERANCE_PT * EMU_PER_PT))
    points = [{p for ring in rings for p in ring} for rings in original]
    kept = [{p for ring in rings for p in ring} for rings in simplified]
    for i, j in itertools.combinations(range(len(original)), 2):
        border = points[i] & points[j]
        if border:  # every point of a shared border kept by one is kept by the other
            assert kept[i] & border == kept[j] & border, (i, j)
    before = sum(len(r) for rings in original for r in rings)
    after = sum(len(r) for rings in simplified for r in rings)
    assert after < 0.6 * before


def test_plan_map_imports_neither_python_pptx_nor_matplotlib() -> None:
    code = (
        "import sys, porreport.deck.plan_map; "
        "print('pptx' in sys.modules, 'matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


# --- validity and rendering ------------------------------------------------------------


@pytest.mark.external("ooxml-validator")
@pytest.mark.parametrize("region", ["Sardegna", "Sicilia", "Molise"])
def test_open_xml_validator(region: str, tmp_path: Path) -> None:
    deck = tmp_path / "mappa.pptx"
    deck.write_bytes(deck_with_map(region_spec(region, REGION_VALUES[region], True)))
    result = subprocess.run(
        [str(VALIDATOR), str(deck)], capture_output=True, text=True, timeout=120
    )
    assert json.loads(result.stdout)["errors"] == []


@pytest.mark.external("soffice", "pdftotext")
def test_libreoffice_renders_the_map(tmp_path: Path) -> None:
    import office  # tests/office.py: LibreOffice under the bundled fonts

    spec = region_spec("Sardegna", REGION_VALUES["Sardegna"], True)
    deck = tmp_path / "mappa.pptx"
    deck.write_bytes(deck_with_map(spec))
    pdf = office.convert_to_pdf(deck, tmp_path / "pdf", "bundled", work_root=tmp_path / "office")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    words = text.split()
    for sigla, value in (("SS", "220"), ("CA", "310"), ("SU", "0")):
        assert sigla in words and value in words
    assert "Nessun dato" not in text
    assert "da 1 a 150" in text and "Dati illustrativi" in text
