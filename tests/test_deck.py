"""The committee deck: reopen the rendered .pptx and check layouts, placeholders, titles,
the native table and charts, notes, alt text, language, fitting, validity, determinism."""

from __future__ import annotations

import functools
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pptx import Presentation
from pptx.util import Emu

from porreport.api import document_of
from porreport.cli.main import main
from porreport.content.builder import build_document
from porreport.content.document import Document
from porreport.deck.render import default_template, render_deck
from porreport.deck.slides import page_titles
from porreport.errors import TemplateError
from porreport.inputs.loading import load
from porreport.resources import example_report

ROOT = Path(__file__).resolve().parents[1]
VALIDATOR = ROOT / "node_modules" / ".bin" / "ooxml-validator"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

SOURCE_FIGURES = [
    "970,4\xa0M€",
    "970,8\xa0M€",
    "853,9\xa0M€",
    "745,5\xa0M€",
    "643,7\xa0M€",
    "379,0\xa0M€",
    "324,9\xa0M€",
    "307,5\xa0M€",
    "271,7\xa0M€",
    "236,7\xa0M€",
    "289,2\xa0M€",
    "260,3\xa0M€",
    "222,2\xa0M€",
    "301,9\xa0M€",
    "304,6\xa0M€",
    "238,4\xa0M€",
    "221,2\xa0M€",
    "20,0\xa0M€",
    "19,1\xa0M€",
    "9,9\xa0M€",
    "Inclusa la CIGD",
    "1.001",
    "884",
    "120",
    "764",
    "€\xa010.705.500",
    "€\xa01.980.000",
    "€\xa04.788.000",
    "€\xa03.375.000",
    "€\xa0562.500",
    "Microimpresa",
    "Piccola impresa",
    "Media impresa",
    "Grande impresa",
    "Commercio all’ingrosso",
    "Produzione di software, consulenza informatica e attività connesse",
    "Attività di direzione aziendale e consulenza gestionale",
    "Assistenza sociale",
    "Servizi informatici",
    "Fabbricazione di prodotti in metallo",
    "379 (49,6%)",
    "385 (50,4%)",
    "DGR n. 5112/2021",
    "decreto n. 13378/2021",
    "decreto n. 11833/2021",
    "decreto n. 13381/2021",
    "DGR n. 4994/2021",
    "DGR n. 5102/2021",
    "decreto n. 13740/2021",
    "decreto regionale 3516 del 18 marzo 2020",
    "11,0\xa0M€",
    "Dati al 30/09/2021",
    "Dati al 21/10/2021",
    "Punti di forza della misura",
    "Aspetti da migliorare per il futuro",
    "Capacità di impegno = risorse impegnate / dotazione",
]
SECTOR_COUNTS = ["62", "60", "46", "45", "41", "37"]


# --- fixtures (one render per module) ----------------------------------------------------


@pytest.fixture(scope="module")
def document() -> Document:
    return document_of(load(example_report()))


@pytest.fixture(scope="module")
def deck_bytes(document: Document) -> bytes:
    return render_deck(document)


@pytest.fixture(scope="module")
def prs(deck_bytes: bytes):
    return Presentation(io.BytesIO(deck_bytes))


@pytest.fixture(scope="module")
def deck_file(deck_bytes: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("deck") / "deck.pptx"
    path.write_bytes(deck_bytes)
    return path


@pytest.fixture(scope="module")
def long_deck() -> tuple[Document, object]:
    """40 initiatives, a 600-character finalità, 6 axes."""
    report = load(example_report()).report
    assi = list(report.assi)
    for numero, titolo in ((5, "Assistenza tecnica"), (6, "Asse aggiuntivo di prova")):
        assi.append(assi[0].model_copy(update={"numero": numero, "titolo": titolo}))
    base = report.iniziative
    iniziative = [
        base[k % len(base)].model_copy(
            update={"titolo": f"Iniziativa {k + 1}: " + base[k % len(base)].titolo}
        )
        for k in range(40)
    ]
    finalita = ("Promuovere l’adozione di piani di smart working nelle imprese lombarde. " * 9)[
        :600
    ]
    avviso = report.avvisi[0].model_copy(update={"finalita": finalita})
    long_report = report.model_copy(
        update={"assi": assi, "iniziative": iniziative, "avvisi": [avviso]}
    )
    doc = build_document(long_report)
    return doc, Presentation(io.BytesIO(render_deck(doc)))


# --- helpers -----------------------------------------------------------------------------


def _shapes(shapes) -> list:
    """Shapes with every group replaced by its members (a card is a group)."""
    out = []
    for shape in shapes:
        out += _shapes(shape.shapes) if shape.shape_type == 6 else [shape]
    return out


def _texts(slide) -> list[str]:
    """Every text of a slide: shapes (in groups too), table cells, chart labels and
    categories, and the alt text of charts (a pie's shares are computed by the viewer)."""
    out = []
    for shape in _shapes(slide.shapes):
        if getattr(shape, "has_chart", False) and shape.has_chart:
            out.append(shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr"))
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            out += [c.text for row in shape.table.rows for c in row.cells]
        if getattr(shape, "has_chart", False) and shape.has_chart:
            xml = shape.chart.part.blob.decode()
            out += re.findall(r"<(?:a:t|c:v)>([^<]*)</", xml)
    return out


def _charts(prs) -> list:
    return [
        s
        for slide in prs.slides
        for s in slide.shapes
        if getattr(s, "has_chart", False) and s.has_chart
    ]


def _content_slides(prs) -> list:
    return [s for s in prs.slides if s.slide_layout.name not in ("Titolo", "Chiusura")]


# --- structure ---------------------------------------------------------------------------


def test_slide_count_and_layouts(prs) -> None:
    names = [s.slide_layout.name for s in prs.slides]
    assert len(names) >= 8
    assert len(set(names)) >= 4
    assert names[0] == "Titolo" and names[-1] == "Chiusura"
    assert {"Cifre chiave", "Schede", "Elenco", "Tabella e grafico", "Grafico", "Mappa"} <= set(
        names
    )
    assert (
        prs.slide_width == Emu(12192000) or abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01
    )


def test_titles_in_title_placeholder_in_source_order(prs, document: Document) -> None:
    titles = []
    for slide in prs.slides:
        title = slide.shapes.title
        assert title is not None and title.is_placeholder
        assert title.name == "Titolo"
        titles.append(title.text_frame.text)
    first_pages = [t for t in titles if not t.endswith(", segue)")]
    expected = [s.title for s in document.sections]
    assert first_pages == expected


def test_placeholders_filled_by_name(prs) -> None:
    panorama = prs.slides[1]
    names = {s.name for s in panorama.placeholders}
    assert {"Titolo", "Sottotitolo", "Note", "Dati al"} <= names
    cutoff = next(s for s in panorama.placeholders if s.name == "Dati al")
    assert cutoff.text_frame.text == "Dati al 30/09/2021"
    # unused placeholders are removed: no empty prompt text left on any slide
    for slide in prs.slides:
        for shape in slide.placeholders:
            assert shape.has_text_frame is False or shape.text_frame.text.strip() or shape.has_chart


def test_illustrative_note_visible(prs) -> None:
    slide = next(s for s in prs.slides if s.slide_layout.name == "Mappa")
    note = next(s for s in slide.placeholders if s.name == "Nota illustrativa")
    assert (
        note.text_frame.text == "Dati illustrativi: la fonte non riporta le imprese per provincia."
    )


def test_native_size_table(prs) -> None:
    tables = [s for slide in prs.slides for s in slide.shapes if s.has_table]
    size = next(t for t in tables if t.table.cell(0, 0).text == "Dimensione delle imprese")
    rows = [[c.text for c in row.cells] for row in size.table.rows]
    assert rows[1] == ["Microimpresa", "meno di 10 dipendenti", "264", "€\xa01.980.000"]
    assert rows[4] == ["Grande impresa", "250 dipendenti e oltre", "25", "€\xa0562.500"]
    assert rows[-1] == ["Totale", "", "764", "€\xa010.705.500"]
    total_run = size.table.cell(5, 3).text_frame.paragraphs[0].runs[0]
    assert total_run.font.bold is True
    assert "totale 764 imprese" in size._element.nvGraphicFramePr.cNvPr.get("descr")


def test_native_charts(prs, document: Document) -> None:
    charts = _charts(prs)
    assert len(charts) >= 3
    specs = {c.title: c for c in document.charts()}
    kinds = set()
    for frame in charts:
        xml = frame.chart.part.blob.decode()
        ids = [int(v) for v in re.findall(r'<c:(?:axId|crossAx) val="(-?\d+)"', xml)]
        assert all(i > 0 for i in ids)
        title = frame.chart.chart_title.text_frame.paragraphs[0].text
        spec = specs[title]
        kinds.add(spec.id)
        if spec.kind != "pie":
            fmt = frame.chart.value_axis.tick_labels.number_format
            assert fmt == spec.number_format
            # 16 labels over 4 axes: without the unit the axis states, so they fit their bars
            label = "#,##0.0" if spec.id == "assi" else spec.number_format
            assert frame.chart.plots[0].data_labels.number_format == label
            assert frame.chart.plots[0].has_data_labels
        assert '<c:lang val="it-IT"/>' in xml
    assert {"panorama", "assi", "dimensioni", "covid", "settori"} <= kinds
    panorama = next(f for f in charts if "dotazione" in f.chart.chart_title.text_frame.text)
    assert panorama.chart.value_axis.tick_labels.number_format == '#,##0.0" M€"'
    assert list(panorama.chart.plots[0].series[0].values) == [970.8, 853.9, 745.5, 643.7]


def test_alt_text_on_every_picture_chart_and_table(prs) -> None:
    seen = 0
    for slide in prs.slides:
        for shape in slide.shapes:
            is_visual = shape.shape_type is not None and (
                shape.has_chart or shape.has_table or shape.shape_type in (6, 13)
            )
            if is_visual:
                descr = shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
                assert descr, shape.name
                seen += 1
    assert seen >= 7
    assert not [s for slide in prs.slides for s in slide.shapes if s.shape_type == 13]
    groups = [s for slide in prs.slides for s in slide.shapes if s.shape_type == 6]
    maps = [g for g in groups if g.name.startswith("Mappa")]
    assert len(maps) == 1  # the map, a group of native shapes (cards are groups too)
    assert all(g.name.startswith(("Mappa", "Scheda")) for g in groups)
    descr = maps[0]._element.nvGrpSpPr.cNvPr.get("descr")
    assert "Milano (MI) 262" in descr and "Lodi (LO) 14" in descr


def test_notes_on_every_content_slide(prs) -> None:
    for slide in _content_slides(prs):
        assert slide.has_notes_slide
        notes = slide.notes_slide.notes_text_frame.text
        assert "Fonte dei dati: Sistema informativo regionale" in notes
        assert "Dati al " in notes


def test_every_source_figure_and_label_present(prs) -> None:
    text = "\n".join(t for slide in prs.slides for t in _texts(slide))
    missing = [f for f in SOURCE_FIGURES if f not in text]
    assert not missing
    sectors = next(
        s
        for slide in prs.slides
        for s in slide.shapes
        if s.has_table and s.table.cell(0, 1).text == "Settore di attività"
    )
    counts = [r.cells[3].text for r in list(sectors.table.rows)[1:]]
    # the six sectors of the source, then the rest of the beneficiaries and the total
    assert counts == [*SECTOR_COUNTS, "473", "764"]
    assert [r.cells[1].text for r in list(sectors.table.rows)[-2:]] == ["Altri settori", "Totale"]


def test_language_it_on_every_run(deck_bytes: bytes) -> None:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(deck_bytes)) as z:
        for name in z.namelist():
            if re.match(r"ppt/(slides|notesSlides|charts)/[^/]+\.xml$", name):
                xml = z.read(name).decode()
                for tag in re.findall(r"<a:(?:rPr|endParaRPr)\b[^>]*>", xml):
                    assert 'lang="it-IT"' in tag, (name, tag)


def test_core_properties(prs) -> None:
    cp = prs.core_properties
    assert cp.title == "Stato di attuazione del POR FSE 2014-2020"
    assert cp.language == "it-IT"
    assert cp.author == "Autorità di Gestione POR FSE 2014-2020"
    assert cp.created.date().isoformat() == "2021-09-30"
    assert cp.revision == 1


def _within(prs) -> list[str]:
    bad = []
    for k, slide in enumerate(prs.slides, start=1):
        for s in slide.shapes:
            if (
                s.left < 0
                or s.top < 0
                or s.left + s.width > prs.slide_width
                or s.top + s.height > prs.slide_height
            ):
                bad.append(f"{k}:{s.name}")
    return bad


# --- an independent ruler: does every text frame's text fit its shape? -------------------
# Widths come straight from the fonts' hmtx and cmap tables (fontTools, no kerning, as
# PowerPoint sets text by default), not from porreport's own measurement (Pillow with shaping);
# sizes, line pitch, space before, indents, insets and columns are read from the saved XML.

DEFAULT_INSETS = (91440, 45720, 91440, 45720)  # OOXML's lIns, tIns, rIns, bIns
INSET_KEYS = ("lIns", "tIns", "rIns", "bIns")


class _Font:
    """Advance widths of one cut of Titillium Web, read from the TTF file."""

    def __init__(self, path: Path) -> None:
        font = TTFont(str(path))
        self.cmap = font.getBestCmap()
        self.advance = {name: adv for name, (adv, _lsb) in font["hmtx"].metrics.items()}
        self.units = font["head"].unitsPerEm

    def width(self, char: str, size: float) -> float:
        glyph = self.cmap.get(ord(char), ".notdef")
        return self.advance[glyph] * size / self.units


@functools.cache
def _font(bold: bool) -> _Font:
    return _Font(ROOT / "fonts" / f"TitilliumWeb-{'Bold' if bold else 'Regular'}.ttf")


def _pt(element, path: str, default: float) -> float:
    """A spcPts value (hundredths of a point) under ``element``, in points."""
    found = element.find(path) if element is not None else None
    return int(found.get("val")) / 100 if found is not None else default


P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def _inherited(shape) -> tuple[float, bool]:
    """(size, bold) a run of ``shape`` shows when it says nothing: the shape's own list
    style, else (a placeholder) its layout placeholder's, else the master's text style for
    its kind, else OOXML's 18 pt regular."""
    styles = [shape._element.find(f"{P}txBody/{A}lstStyle")]
    if shape.is_placeholder:
        layout_ph = shape.part.slide_layout.placeholders.get(shape.placeholder_format.idx)
        if layout_ph is not None:
            styles.append(layout_ph._element.find(f"{P}txBody/{A}lstStyle"))
        kind = "titleStyle" if shape.placeholder_format.type in (1, 3) else "bodyStyle"
        master = shape.part.slide_layout.slide_master._element
        styles.append(master.find(f"{P}txStyles/{P}{kind}"))
    size, bold = None, None
    for style in styles:
        default = style.find(f"{A}lvl1pPr/{A}defRPr") if style is not None else None
        if default is None:
            continue
        if size is None and default.get("sz"):
            size = int(default.get("sz")) / 100
        if bold is None and default.get("b"):
            bold = default.get("b") in ("1", "true")
    return (size or 18.0), bool(bold)


@functools.cache
def _single_line() -> float:
    """Titillium Web's single line height per point of size (hhea ascent - descent + gap)."""
    font = TTFont(str(ROOT / "fonts" / "TitilliumWeb-Regular.ttf"))
    hhea = font["hhea"]
    return (hhea.ascent - hhea.descent + hhea.lineGap) / font["head"].unitsPerEm


def _lines(
    p, width: float, inherited: tuple[float, bool], scale: float = 1.0
) -> tuple[int, float, float]:
    """(lines, line pitch, space before) of an a:p wrapped greedily at spaces into
    ``width`` points; runs without a size or weight show ``inherited``; every size is shown
    at ``scale`` (the text body's ``normAutofit fontScale``, as PowerPoint shows it)."""
    ppr = p.find(f"{A}pPr")
    indent = int(ppr.get("marL", "0")) / 12700 if ppr is not None else 0.0
    base_size, base_bold = inherited
    chars: list[tuple[str, float, bool]] = []  # (character, size, bold); "\n" breaks
    for child in p:
        if child.tag == f"{A}br":
            chars.append(("\n", 0.0, False))
        elif child.tag in (f"{A}r", f"{A}fld"):
            rpr = child.find(f"{A}rPr")
            size = (int(rpr.get("sz")) / 100 if rpr.get("sz") else base_size) * scale
            bold = rpr.get("b") in ("1", "true") if rpr.get("b") else base_bold
            chars += [(ch, size, bold) for ch in child.findtext(f"{A}t", "").replace("\v", "\n")]
    end = p.find(f"{A}endParaRPr")
    sizes = [size for ch, size, _b in chars if ch != "\n"]
    end_size = (
        int(end.get("sz")) / 100 if end is not None and end.get("sz") else base_size
    ) * scale
    size = max(sizes) if sizes else end_size
    percent = ppr.find(f"{A}lnSpc/{A}spcPct") if ppr is not None else None
    if percent is not None:
        pitch = int(percent.get("val")) / 100000 * size * _single_line()
    else:
        pitch = _pt(ppr, f"{A}lnSpc/{A}spcPts", size * 1.2)
    before = _pt(ppr, f"{A}spcBef/{A}spcPts", 0.0)
    room = width - indent
    if room <= 0:  # not even one character fits a line
        return 10_000, pitch, before
    count, used, word = 1, 0.0, 0.0  # lines, width of the line before the word, word so far
    for ch, size, bold in [*chars, (" ", 0.0, False)]:
        if ch in (" ", "\n"):
            if used and used + word > room:  # the word goes to a new line
                count, used = count + 1, 0.0
            used += word
            while used > room:  # a word wider than the line breaks inside
                count, used = count + 1, used - room
            word = 0.0
            if ch == "\n":
                count, used = count + 1, 0.0
            else:
                used += _font(bold).width(ch, size)
        else:
            word += _font(bold).width(ch, size)
    return count, pitch, before


def _insets(shape) -> tuple[int, int, int, int]:
    """The insets a viewer uses: the shape's own, else its layout placeholder's, else OOXML's."""
    inherited = DEFAULT_INSETS
    if shape.is_placeholder:
        layout_ph = shape.part.slide_layout.placeholders.get(shape.placeholder_format.idx)
        body = layout_ph.element.find(f".//{A}bodyPr") if layout_ph is not None else None
        if body is not None:
            inherited = tuple(
                int(body.get(k, d)) for k, d in zip(INSET_KEYS, inherited, strict=True)
            )
    body = shape.text_frame._txBody.find(f"{A}bodyPr")
    return tuple(int(body.get(k, d)) for k, d in zip(INSET_KEYS, inherited, strict=True))


def _columns_needed(shape) -> tuple[int, int]:
    """(columns the text fills, columns the frame has): lines flow down a column and on to
    the next; space above a paragraph at the top of a column is dropped."""
    left, top, right, bottom = _insets(shape)
    body = shape.text_frame._txBody.find(f"{A}bodyPr")
    n = int(body.get("numCol", "1"))
    gap = int(body.get("spcCol", "0"))
    col_w = (shape.width - left - right - (n - 1) * gap) / n / 12700
    col_h = (shape.height - top - bottom) / 12700
    cols, used = 1, 0.0
    inherited = _inherited(shape)
    autofit = body.find(f"{A}normAutofit")
    scale = int(autofit.get("fontScale", "100000")) / 100000 if autofit is not None else 1.0
    for p in shape.text_frame._txBody.findall(f"{A}p"):
        count, pitch, before = _lines(p, col_w, inherited, scale)
        for k in range(count):
            need = pitch + (before if k == 0 and used else 0.0)
            if used and used + need > col_h + 1e-6:
                cols, used = cols + 1, pitch
            else:
                used += need
        if used > col_h + 1e-6:  # a single line taller than the box
            return cols + 1, n
    return cols, n


def _overflowing(prs) -> list[str]:
    """Text shapes whose wrapped text is taller than the box (or needs more columns)."""
    bad = []
    for k, slide in enumerate(prs.slides, start=1):
        for shape in _shapes(slide.shapes):
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            needed, columns = _columns_needed(shape)
            if needed > columns:
                bad.append(f"{k}:{shape.name}")
    return bad


def test_the_ruler_sees_text_past_its_box(deck_bytes: bytes) -> None:
    """The fit check can fail: a title set twice as large, a Note box cut to a third."""
    deck = Presentation(io.BytesIO(deck_bytes))
    slide = deck.slides[1]
    for rpr in slide.shapes.title.text_frame._txBody.iter(f"{A}rPr"):
        rpr.set("sz", str(int(_inherited(slide.shapes.title)[0] * 100) * 2))
    note = next(s for s in slide.placeholders if s.name == "Note")
    box = (note.left, note.top, note.width, note.height)
    note.left, note.top, note.width, note.height = (*box[:3], Emu(box[3] // 3))
    assert _overflowing(deck) == ["2:Titolo", "2:Note"]


def test_nothing_past_the_slide_edge(prs) -> None:
    assert _within(prs) == []


def test_text_fits_its_boxes(prs) -> None:
    assert _overflowing(prs) == []


# --- long inputs -------------------------------------------------------------------------


def test_long_inputs_paginate_and_fit(long_deck) -> None:
    _doc, deck = long_deck
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    initiatives = [t for t in titles if t.startswith("Principali iniziative")]
    assert len(initiatives) >= 2
    n = len(initiatives)
    assert initiatives[0].endswith(f"(1/{n})") and initiatives[-1].endswith(f"({n}/{n})")
    body = "\n".join(t for s in deck.slides for t in _texts(s))
    for k in range(1, 41):
        assert f"Iniziativa {k}: " in body
    assert "Asse VI" in body and "Asse V" in body
    assert any(t.endswith("(1/4, segue)") for t in titles)
    assert _within(deck) == []
    assert _overflowing(deck) == []


def test_page_titles() -> None:
    assert page_titles("Iniziative", 1) == ["Iniziative"]
    assert page_titles("Iniziative", 2) == ["Iniziative (1/2)", "Iniziative (2/2)"]
    assert page_titles("Monitoraggio domande (2/4)", 2) == [
        "Monitoraggio domande (2/4)",
        "Monitoraggio domande (2/4, segue)",
    ]


# --- template ----------------------------------------------------------------------------


def test_template_missing_layout_is_named(document: Document, tmp_path: Path) -> None:
    tpl = Presentation(str(default_template()))
    layout = tpl.slide_layouts.get_by_name("Mappa")
    layout._element.cSld.set("name", "Cartina")
    path = tmp_path / "altro.pptx"
    tpl.save(str(path))
    with pytest.raises(TemplateError, match="«Mappa»"):
        render_deck(document, template=path)
    err = io.StringIO()
    code = main(
        ["build", "--format", "pptx", "--template", str(path), "-o", str(tmp_path / "out")],
        stdout=io.StringIO(),
        stderr=err,
    )
    assert code == 2
    assert "non contiene il layout «Mappa»" in err.getvalue()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_template_missing_placeholder_is_named(document: Document, tmp_path: Path) -> None:
    tpl = Presentation(str(default_template()))
    layout = tpl.slide_layouts.get_by_name("Schede")
    ph = next(p for p in layout.placeholders if p.name == "Schede")
    ph._element.getparent().remove(ph._element)
    path = tmp_path / "senza_schede.pptx"
    tpl.save(str(path))
    with pytest.raises(TemplateError, match="layout «Schede» non ha il segnaposto «Schede»"):
        render_deck(document, template=path)


def test_template_is_the_contract() -> None:
    from porreport.deck.template import LAYOUTS

    tpl = Presentation(str(default_template()))
    assert abs(tpl.slide_width / 914400 - 13.333) < 0.01
    for name, placeholders in LAYOUTS.values():
        layout = tpl.slide_layouts.get_by_name(name)
        assert layout is not None, name
        assert {p.name for p in layout.placeholders} == set(placeholders)
    theme = tpl.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
    ).blob.decode()
    font = (
        '<a:latin typeface="Titillium Web" panose="020B0503030000000000" pitchFamily="34" '
        'charset="0"/>'
    )
    assert theme.count(font) == 2
    assert '<a:accent1><a:srgbClr val="0066CC"/>' in theme


# --- validity, portability, determinism --------------------------------------------------


def test_deterministic(document: Document, deck_bytes: bytes) -> None:
    assert render_deck(document) == deck_bytes


@pytest.mark.external("ooxml-validator")
def test_open_xml_validator(deck_file: Path) -> None:
    result = subprocess.run(
        [str(VALIDATOR), str(deck_file)], capture_output=True, text=True, timeout=120
    )
    report = json.loads(result.stdout)
    assert report["errors"] == []
    assert result.returncode == 0


@pytest.fixture(scope="module")
def libreoffice_pdf(deck_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lo")
    env = {**os.environ, "LC_ALL": "it_IT.UTF-8", "LANG": "it_IT.UTF-8"}
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation=file://{out}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(deck_file),
        ],
        check=True,
        capture_output=True,
        env=env,
        timeout=240,
    )
    return out / "deck.pdf"


@pytest.mark.external("soffice")
def test_libreoffice_one_page_per_slide(libreoffice_pdf: Path, prs) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(libreoffice_pdf))
    assert len(reader.pages) == len(prs.slides)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "970,8 M€" in text.replace("\xa0", " ")


# --- text that does not fit ----------------------------------------------------------------

LONG_NOTE = (
    "Il valore comprende le risorse riprogrammate per l’emergenza sanitaria e gli "
    "ammortizzatori in deroga concessi nel corso del 2020."
)


@pytest.fixture(scope="module")
def long_notes_deck():
    """Each of the four axes with a 130-character footnote of its own."""
    from porreport.model.report import Richiamo

    report = load(example_report()).report
    assi = [
        asse.model_copy(
            update={
                "richiami": [
                    *asse.richiami,
                    Richiamo(campo="impegnate", simbolo="abcd"[k], testo=LONG_NOTE),
                ]
            }
        )
        for k, asse in enumerate(report.assi)
    ]
    doc = build_document(report.model_copy(update={"assi": assi}))
    return doc, Presentation(io.BytesIO(render_deck(doc)))


def test_footnotes_that_do_not_fit_move_to_the_speaker_notes(long_notes_deck) -> None:
    doc, deck = long_notes_deck
    assert len(LONG_NOTE) == 130
    assert _overflowing(deck) == []
    moved = 0
    sections = {s.title: s for s in doc.sections}
    for slide in deck.slides:
        note = next((s for s in slide.placeholders if s.name == "Note"), None)
        if note is None:
            continue
        section = sections[slide.shapes.title.text_frame.text]
        visible = note.text_frame.text.split("\n")
        speaker = slide.notes_slide.notes_text_frame.text
        if visible[-1] == "Altre note nelle note del relatore.":
            moved += 1
            hidden = [n for n in section.footnotes if n not in visible]
            assert hidden
            assert "Note della slide non visibili nel riquadro:" in speaker
            for line in hidden:
                assert line in speaker
        else:
            assert visible == list(section.footnotes)
    assert moved >= 2


@pytest.fixture(scope="module")
def long_paragraph_deck():
    """A 2,500-character strength (two-column slide) and a 4,990-character initiative."""
    report = load(example_report()).report
    words = (
        "La misura ha sostenuto la continuità produttiva delle imprese lombarde e la "
        "conciliazione tra vita e lavoro con strumenti semplici e tempi di risposta brevi. "
    )
    strength = (words * 40)[:2500].strip()
    initiative = (words * 80)[:4990].strip()
    avviso = report.avvisi[0]
    valutazione = avviso.valutazione.model_copy(
        update={"punti_di_forza": [strength, *avviso.valutazione.punti_di_forza]}
    )
    avviso = avviso.model_copy(update={"valutazione": valutazione})
    first = report.iniziative[0].model_copy(update={"testo": initiative})
    long_report = report.model_copy(
        update={"avvisi": [avviso], "iniziative": [first, *report.iniziative[1:]]}
    )
    doc = build_document(long_report)
    return strength, initiative, Presentation(io.BytesIO(render_deck(doc)))


def test_long_paragraph_and_initiative_split_at_word_boundaries(long_paragraph_deck) -> None:
    strength, initiative, deck = long_paragraph_deck
    assert len(strength) >= 2400 and len(initiative) >= 4900
    assert _within(deck) == []
    assert _overflowing(deck) == []
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    body = " ".join(t for s in deck.slides for t in _texts(s))
    words = " ".join(body.split())
    # every word of both texts is there, in order, across the continuation slides
    for text in (strength, initiative):
        parts = text.split(" ")
        pos = 0
        for word in parts:
            pos = words.index(word, pos)
    columns = [t for t in titles if t.startswith("Punti di forza e aspetti da migliorare")]
    assert columns[0] == f"Punti di forza e aspetti da migliorare (1/{len(columns)})"
    assert len(columns) >= 3
    lists = [t for t in titles if t.startswith("Principali iniziative")]
    assert lists[-1].endswith(f"({len(lists)}/{len(lists)})") and len(lists) >= 3
    assert "(segue)" in body


def test_package_has_no_template_leftovers(deck_bytes: bytes) -> None:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(deck_bytes)) as z:
        names = z.namelist()
        assert not [n for n in names if "thumbnail" in n or "printerSettings" in n]
        types = z.read("[Content_Types].xml").decode()
        assert "printerSettings" not in types and 'Extension="jpeg"' not in types
        rels = z.read("_rels/.rels").decode() + z.read("ppt/_rels/presentation.xml.rels").decode()
        assert "thumbnail" not in rels and "printerSettings" not in rels
        app = z.read("docProps/app.xml").decode()
        slides = len([n for n in names if re.match(r"ppt/slides/slide\d+\.xml$", n)])
    assert "<Application>porreport</Application>" in app
    assert "<PresentationFormat>Presentazione su schermo (16:9)</PresentationFormat>" in app
    assert f"<Slides>{slides}</Slides>" in app and slides >= 8
    assert "Office Theme" not in app
