"""The PDF bulletin: text, fonts, structure, determinism and safe text of real output.

The example is rendered once per module through ``porreport.api.build`` and inspected with
poppler-utils (pdftotext, pdffonts, pdfimages), qpdf and pypdf.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from porreport.api import build, document_of
from porreport.bulletin.render import render_pdf
from porreport.content.document import (
    Card,
    Cards,
    Document,
    Figures,
    Item,
    ItemGroup,
    ItemList,
    Map,
    Section,
    Table,
    TextBlock,
    TwoColumns,
)
from porreport.errors import RenderError
from porreport.inputs.loading import load
from porreport.resources import example_report


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _norm(text: str) -> str:
    """One space for every run of whitespace (line breaks, no-break spaces)."""
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def _text(pdf: Path, *options: str) -> str:
    return _run("pdftotext", *options, str(pdf), "-")


@pytest.fixture(scope="module")
def document() -> Document:
    return document_of(load(example_report()))


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built with ``porreport.api.build`` (the path of ``porreport build``)."""
    out = tmp_path_factory.mktemp("pdf")
    result = build(example_report(), out, ["pdf"])
    assert [p.name for p in result.outputs] == ["por_fse_lombardia_2021.pdf"]
    return result.outputs[0]


@pytest.fixture(scope="module")
def text(pdf: Path) -> str:
    return _norm(_text(pdf))


@pytest.fixture(scope="module")
def reader(pdf: Path) -> PdfReader:
    return PdfReader(pdf)


EXACT = [
    "970,4 M€",
    "970,8 M€",
    "853,9 M€",
    "745,5 M€",
    "643,7 M€",
    "88,0% della dotazione",
    "€ 10.705.500",
    "1.001",
    "884",
    "88,3% delle presentate",
    "Dati al 21/10/2021",
    "Dati al 30/09/2021",
    "30 settembre 2021",
    "DGR n. 5112/2021",
    "decreto n. 13378/2021",
    "decreto n. 13740/2021",
    "decreto regionale 3516 del 18 marzo 2020",
    "379,0 M€",
    "236,7 M€",
    "307,5 M€ *",
    "* Inclusa la CIGD",
    "32,8 M€ non sono attribuiti agli assi riportati",
    "Capacità di impegno = risorse impegnate / dotazione",
    "379 hanno partecipato",
    "385 hanno partecipato",
    "120 sono successivamente state rinunciate o sono decadute",
    "Dati illustrativi: la fonte non riporta le imprese per provincia.",
    "Punti di forza della misura",
    "Aspetti da migliorare per il futuro",
    "Comitato di Sorveglianza",
    "Regione Lombardia",
]


@pytest.mark.external("pdftotext")
@pytest.mark.parametrize("expected", EXACT)
def test_source_figures_are_in_the_text(text: str, expected: str) -> None:
    assert _norm(expected) in text


def _document_strings(document: Document) -> Iterator[str]:
    """Every figure and label the blocks carry (charts and maps are checked separately)."""
    for section in document.sections:
        yield section.title
        yield from section.footnotes
        for block in section.blocks:
            if isinstance(block, Cards):
                for card in block.cards:
                    yield card.title
                    yield card.subtitle
                    for label, value in card.rows:
                        yield label
                        yield value
            elif isinstance(block, Table):
                yield from block.columns
                for row in (*block.rows, block.total or ()):
                    yield from row
            elif isinstance(block, ItemList):
                for group in block.groups:
                    yield group.heading
                    for item in group.items:
                        yield item.title
                        yield item.text
                        yield item.meta or ""
            elif isinstance(block, TwoColumns):
                yield from block.left.paragraphs
                yield from block.right.paragraphs
            elif hasattr(block, "items"):  # Figures
                for fig in block.items:
                    yield fig.label
                    yield fig.value
                    yield fig.note or ""


@pytest.mark.external("pdftotext")
def test_every_document_string_is_in_the_text(document: Document, text: str, pdf: Path) -> None:
    # Raw (content-stream) order reads side-by-side columns one after the other.
    raw = _norm(_text(pdf, "-raw"))
    strings = [s for s in _document_strings(document) if s]
    assert len(strings) > 150
    missing = [s for s in strings if _norm(s) not in text and _norm(s) not in raw]
    assert missing == []


@pytest.mark.external("pdftotext")
def test_size_table_rows_are_whole_lines(pdf: Path) -> None:
    lines = {_norm(line) for line in _text(pdf, "-layout").splitlines()}
    for row in (
        "Microimpresa meno di 10 dipendenti 264 € 1.980.000",
        "Piccola impresa tra 10 e 49 dipendenti 324 € 4.788.000",
        "Media impresa tra 50 e 249 dipendenti 151 € 3.375.000",
        "Grande impresa 250 dipendenti e oltre 25 € 562.500",
        "Totale 764 € 10.705.500",
    ):
        assert row in lines


@pytest.mark.external("pdftotext")
def test_sectors_with_their_counts(pdf: Path) -> None:
    lines = {_norm(line) for line in _text(pdf, "-layout").splitlines()}
    for row in (
        "1 Commercio all’ingrosso 46 62",
        "2 Produzione di software, consulenza informatica e attività connesse 62 60",
        "3 Attività di direzione aziendale e consulenza gestionale 70 46",
        "4 Assistenza sociale 88 45",
        "5 Servizi informatici 63 41",
        "6 Fabbricazione di prodotti in metallo 25 37",
    ):
        assert row in lines


@pytest.mark.external("pdfimages", "pdftotext")
def test_charts_and_map_are_vectors_with_real_text(pdf: Path, text: str) -> None:
    listing = _run("pdfimages", "-list", str(pdf)).splitlines()
    assert listing[2:] == []  # header lines only: no raster image at all
    for label in (
        "Attuazione rispetto alla dotazione",
        "Dotazione 970,4 M€",
        "Imprese beneficiarie per settore (ATECO 2007)",
        "379 (49,6%)",
        "Imprese beneficiarie per provincia",
        "MI",
        "262",
    ):
        assert _norm(label) in text


@pytest.mark.external("pdffonts")
def test_only_embedded_titillium_fonts(pdf: Path) -> None:
    from reportlab.pdfbase import pdfmetrics

    rows = _run("pdffonts", str(pdf)).splitlines()[2:]
    assert rows
    for row in rows:
        cols = row.split()
        assert re.fullmatch(r"[A-Z]{6}\+TitilliumWeb-(Regular|SemiBold|Bold|Italic)", cols[0])
        assert cols[-5:-2] == ["yes", "yes", "yes"]  # embedded, subset, unicode map
    assert {row.split()[0].split("+")[1] for row in rows} == {
        "TitilliumWeb-Regular",
        "TitilliumWeb-SemiBold",
        "TitilliumWeb-Bold",
        "TitilliumWeb-Italic",
    }
    assert b"Helvetica" not in pdf.read_bytes()
    # Only the cuts the bulletin draws with are registered (the Light cut is not used).
    titillium = {n for n in pdfmetrics.getRegisteredFontNames() if n.startswith("Titillium")}
    assert titillium == {
        "TitilliumWeb-Regular",
        "TitilliumWeb-SemiBold",
        "TitilliumWeb-Bold",
        "TitilliumWeb-Italic",
    }


@pytest.mark.external("pdfinfo")
def test_metadata_and_language(reader: PdfReader, document: Document, pdf: Path) -> None:
    info = reader.metadata
    assert info.title == "Stato di attuazione del POR FSE 2014-2020"
    assert info.author == "Autorità di Gestione POR FSE 2014-2020"
    assert info.subject == document.meta.subject
    assert info.creator == "porreport"
    assert "Regione Lombardia" in info["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "it-IT"
    assert "Title:           Stato di attuazione del POR FSE 2014-2020" in _run("pdfinfo", str(pdf))


def _outline_titles(entries: list) -> list[str]:
    out: list[str] = []
    for entry in entries:
        if isinstance(entry, list):
            out += _outline_titles(entry)
        else:
            out.append(entry.title)
    return out


def test_outline_has_an_entry_per_section(reader: PdfReader, document: Document) -> None:
    titles = _outline_titles(reader.outline)
    expected = [s.outline or s.title for s in document.sections]
    assert titles == expected
    monitoring = next(e for e in reader.outline if e.title == "Monitoraggio domande")
    page = reader.get_destination_page_number(monitoring)
    assert "Monitoraggio domande (2/4)" in _norm(reader.pages[page].extract_text())


@pytest.mark.external("pdftotext")
def test_page_numbers_on_every_page(pdf: Path, reader: PdfReader) -> None:
    total = len(reader.pages)
    assert total >= 6
    for n in range(1, total + 1):
        page = _norm(_text(pdf, "-f", str(n), "-l", str(n)))
        assert f"Pagina {n} di {total}" in page
        assert "POR FSE 2014-2020" in page  # running header


@pytest.mark.external("qpdf")
def test_qpdf_check_is_clean(pdf: Path) -> None:
    result = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


def test_same_input_gives_identical_bytes(pdf: Path, document: Document, tmp_path: Path) -> None:
    assert render_pdf(document) == pdf.read_bytes()
    # A fresh process (no cached charts) through the command line gives the same bytes.
    subprocess.run(
        [sys.executable, "-m", "porreport", "build", "--format", "pdf", "-o", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    assert (tmp_path / pdf.name).read_bytes() == pdf.read_bytes()


@pytest.mark.external("pdftotext")
def test_markup_in_texts_prints_literally(example_copy, tmp_path: Path) -> None:
    title = "Stato <b>grassetto</b> & <i>x < y"
    sector = "Commercio <b>all’ingrosso</b> & <i>x < y"
    footnote = "Inclusa <b>la</b> CIGD & <font size=30>z < w"
    report = example_copy(
        ("titolo: Stato di attuazione del POR FSE 2014-2020", f'titolo: "{title}"'),
        ("titolo: Nidi gratis 2021/2022", 'titolo: "Nidi <font size=40>gratis</font> &amp;"'),
        ("titolo: Commercio all’ingrosso}", f'titolo: "{sector}"}}'),
        ("        testo: Inclusa la CIGD\n", f'        testo: "{footnote}"\n'),
    )
    result = build(report, tmp_path / "out", ["pdf"])
    pdf = result.outputs[0]
    text = _norm(_text(pdf))
    assert title in text
    assert "Nidi <font size=40>gratis</font> &amp;" in text
    assert f"* {footnote}" in text
    assert PdfReader(pdf).metadata.title == title
    # The sector title is in the sectors table and in the sectors chart (wrapped there on
    # two lines: raw order keeps them together), on one page.
    reader = PdfReader(pdf)
    pages = [n for n in range(len(reader.pages)) if "ATECO 2007" in reader.pages[n].extract_text()]
    page = _norm(_text(pdf, "-raw", "-f", str(pages[0] + 1), "-l", str(pages[0] + 1)))
    assert page.count(sector) == 2
    assert "1 " + sector + " 46 62" in {_norm(line) for line in _text(pdf, "-layout").splitlines()}


@pytest.mark.external("pdftotext")
def test_markup_in_a_figure_label_prints_literally(document: Document, tmp_path: Path) -> None:
    label = "Risorse <b>programmate</b> & <i>x < y"
    sections = list(document.sections)
    index, section = next((i, s) for i, s in enumerate(sections) if s.id == "panorama")
    blocks = list(section.blocks)
    k, figures = next((k, b) for k, b in enumerate(blocks) if isinstance(b, Figures))
    items = (dataclasses.replace(figures.items[0], label=label), *figures.items[1:])
    blocks[k] = dataclasses.replace(figures, items=items)
    sections[index] = dataclasses.replace(section, blocks=tuple(blocks))
    path = tmp_path / "etichetta.pdf"
    path.write_bytes(render_pdf(dataclasses.replace(document, sections=tuple(sections))))
    assert label in _norm(_text(path))


def test_character_outside_the_font_is_refused(document: Document) -> None:
    section = dataclasses.replace(document.sections[1], title="Panoramica \u2713")
    broken = dataclasses.replace(document, sections=(document.sections[0], section))
    with pytest.raises(RenderError, match=r"U\+2713") as info:
        render_pdf(broken)
    assert "sections[1].title" in str(info.value)
    assert "non può disegnare" in str(info.value)


def _long_document(document: Document) -> Document:
    long_text = ("Testo molto lungo della finalità con dettagli amministrativi. " * 90)[:5000]
    items = tuple(
        Item(f"Iniziativa numero {k}", f"Descrizione dell’iniziativa {k}. " * 3, f"Atti: DGR {k}")
        for k in range(1, 301)
    )
    groups = tuple(ItemGroup(f"Asse {g}", items[g * 75 : (g + 1) * 75]) for g in range(4))
    rows = tuple((f"Riga {k}", "testo", str(k), f"€ {k}.000") for k in range(1, 121))
    sections = (
        document.sections[0],
        Section("lista", "list", "Molte iniziative", blocks=(ItemList(groups),)),
        Section(
            "carte",
            "cards",
            "Schede lunghe",
            blocks=(
                Cards((Card("Finalità", "", text=long_text), Card("Altro", "", text="Breve"))),
            ),
        ),
        Section(
            "tabella",
            "table_chart",
            "Tabella lunga",
            blocks=(
                Table(
                    ("Voce", "Nota", "Numero", "Importo"),
                    rows,
                    ("left", "left", "right", "right"),
                    total=("Totale", "", "7.260", "€ 7.260.000"),
                ),
            ),
        ),
        Section(
            "colonne",
            "two_columns",
            "Colonne lunghe",
            blocks=(
                TwoColumns(TextBlock("Sinistra", (long_text,)), TextBlock("Destra", (long_text,))),
                TextBlock("Testo", (long_text,)),
            ),
        ),
    )
    return dataclasses.replace(document, sections=sections)


@pytest.mark.external("pdftotext")
def test_long_content_flows_over_pages(document: Document, tmp_path: Path) -> None:
    data = render_pdf(_long_document(document))
    path = tmp_path / "lungo.pdf"
    path.write_bytes(data)
    reader = PdfReader(path)
    total = len(reader.pages)
    assert total > 10
    text = _norm(_text(path))
    assert "Iniziativa numero 300" in text
    assert "Riga 120" in text and "€ 7.260.000" in text
    assert f"Pagina {total} di {total}" in text
    # The long table's header is repeated on each page it spans.
    pages_with_rows = [n for n in range(total) if "Riga " in (reader.pages[n].extract_text() or "")]
    assert len(pages_with_rows) >= 2
    for n in pages_with_rows:
        assert "Importo" in reader.pages[n].extract_text()
    assert _outline_titles(reader.outline) == [
        "Copertina",
        "Molte iniziative",
        "Schede lunghe",
        "Tabella lunga",
        "Colonne lunghe",
    ]


@pytest.mark.external("pdfimages")
def test_logo_band_when_logos_are_configured(example_copy, tmp_path: Path) -> None:
    from PIL import Image

    report = example_copy(
        (
            "  fonte: Sistema informativo regionale di monitoraggio del POR FSE\n",
            "  fonte: Sistema informativo regionale di monitoraggio del POR FSE\n"
            "  loghi: [ue.png, regione.png]\n",
        )
    )
    Image.new("RGB", (300, 200), (0, 51, 153)).save(report.parent / "ue.png")
    Image.new("RGB", (400, 120), (0, 120, 60)).save(report.parent / "regione.png")
    pdf = build(report, tmp_path / "out", ["pdf"]).outputs[0]
    rows = [r.split() for r in _run("pdfimages", "-list", str(pdf)).splitlines()[2:]]
    assert [(r[0], r[3], r[4]) for r in rows] == [("1", "300", "200"), ("1", "400", "120")]


def test_svg_logo_is_refused_and_no_svg_route_is_left(document: Document, tmp_path: Path) -> None:
    import importlib.util

    logo = tmp_path / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40">'
        '<rect width="80" height="40" fill="#003399"/></svg>',
        encoding="utf-8",
    )
    meta = dataclasses.replace(document.meta, logos=(logo,))
    with pytest.raises(RenderError) as info:
        render_pdf(dataclasses.replace(document, meta=meta))
    assert str(info.value) == "Il logo 'logo.svg' non è un'immagine PNG o JPEG leggibile."
    assert importlib.util.find_spec("porreport.vector") is None


def _image_boxes(pdf: Path, page: int = 0) -> list[tuple[float, float, float, float]]:
    """(x0, y0, x1, y1) in points of every image XObject drawn on ``page``."""
    from pypdf.generic import ContentStream

    reader = PdfReader(pdf)
    xobjects = reader.pages[page]["/Resources"]["/XObject"]
    content = ContentStream(reader.pages[page].get_contents(), reader)
    ctm, stack, boxes = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [], []
    for operands, op in content.operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            A, B, C, D, E, F = ctm
            ctm = [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                   e * A + f * C + E, e * B + f * D + F]  # fmt: skip
        elif op == b"Do" and xobjects[operands[0]].get_object()["/Subtype"] == "/Image":
            corners = [(ctm[0] * u + ctm[2] * v + ctm[4], ctm[1] * u + ctm[3] * v + ctm[5])
                       for u, v in ((0, 0), (1, 0), (0, 1), (1, 1))]  # fmt: skip
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


def test_wide_logos_are_scaled_together_to_fit_the_frame(example_copy, tmp_path: Path) -> None:
    from PIL import Image

    from porreport.bulletin.page import FRAME_W, MARGIN_X, PAGE_W

    report = example_copy(
        (
            "  fonte: Sistema informativo regionale di monitoraggio del POR FSE\n",
            "  fonte: Sistema informativo regionale di monitoraggio del POR FSE\n"
            "  loghi: [a.png, b.png, c.png]\n",
        )
    )
    for name, colour in (("a", (0, 51, 153)), ("b", (0, 120, 60)), ("c", (200, 30, 30))):
        Image.new("RGB", (1200, 200), colour).save(report.parent / f"{name}.png")
    pdf = build(report, tmp_path / "out", ["pdf"]).outputs[0]
    boxes = sorted(_image_boxes(pdf))
    assert len(boxes) == 3
    widths = [x1 - x0 for x0, _, x1, _ in boxes]
    heights = [y1 - y0 for _, y0, _, y1 in boxes]
    assert boxes[0][0] >= MARGIN_X - 0.01
    assert boxes[-1][2] <= MARGIN_X + FRAME_W + 0.01 < PAGE_W
    assert sum(widths) < FRAME_W
    # One factor for all: same size, same 6:1 aspect, no overlap.
    assert max(widths) - min(widths) < 0.01
    assert all(abs(w / h - 6) < 0.01 for w, h in zip(widths, heights, strict=True))
    assert all(a[2] <= b[0] for a, b in itertools.pairwise(boxes))


def _line_words(pdf: Path, page: int, top: float, bottom: float) -> list[tuple[float, float, str]]:
    """(xMin, xMax, word) of the words on ``page`` (1-based) whose box lies between ``top``
    and ``bottom`` points from the top of the page, left to right."""
    html = _run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        html,
    )
    return sorted(
        (float(x0), float(x1), w.replace("&amp;", "&"))
        for x0, y0, x1, y1, w in words
        if float(y0) >= top and float(y1) <= bottom
    )


@pytest.mark.external("pdftoppm", "pdftotext")
def test_long_header_and_footer_texts_are_clipped_apart(document: Document, tmp_path: Path) -> None:
    from porreport.bulletin.page import MARGIN_X, PAGE_H, PAGE_W

    # Longer than the loader allows: the renderer must not rely on its limits.
    meta = dataclasses.replace(
        document.meta,
        programme=("Programma regionale lunghissimo " * 10)[:300],
        occasion=("Riunione straordinaria del comitato " * 9)[:300],
        title=("Titolo molto lungo del rapporto " * 10)[:300],
    )
    pdf = tmp_path / "lungo.pdf"
    pdf.write_bytes(render_pdf(dataclasses.replace(document, meta=meta)))
    total = len(PdfReader(pdf).pages)
    for page in (1, total):
        header = _line_words(pdf, page, 0, 45)
        footer = _line_words(pdf, page, PAGE_H - 40, PAGE_H)
        for words in (header, footer):
            assert words
            assert words[0][0] >= MARGIN_X - 0.5
            assert words[-1][1] <= PAGE_W - MARGIN_X + 0.5
            # Left to right without overlapping boxes.
            assert all(a[1] <= b[0] for a, b in itertools.pairwise(words))
        header_text = " ".join(w for _, _, w in header)
        footer_text = " ".join(w for _, _, w in footer)
        assert header_text.startswith("Programma regionale lunghissimo")
        assert "… Titolo molto lungo" in header_text
        assert header_text.endswith("…")
        assert footer_text.startswith("Riunione straordinaria del comitato")
        assert footer_text.endswith(f"… Pagina {page} di {total}")
        # pdftotext ignores clipping: the page number must also show when rendered.
        x0 = min(x for x, _, w in footer if w == "Pagina")
        assert _ink(pdf, page, (x0, PAGE_H - 40, PAGE_W - MARGIN_X, PAGE_H - 25)) > 50


def _ink(pdf: Path, page: int, box: tuple[float, float, float, float]) -> int:
    """Dark pixels of ``page`` rendered at 72 dpi inside ``box`` (x0, top, x1, bottom)."""
    import io

    from PIL import Image

    x0, top, x1, bottom = (round(v) for v in box)
    crop = subprocess.run(
        ["pdftoppm", "-gray", "-r", "72", "-f", str(page), "-l", str(page), "-x", str(x0),
         "-y", str(top), "-W", str(x1 - x0), "-H", str(bottom - top), str(pdf)],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    return sum(Image.open(io.BytesIO(crop)).convert("L").histogram()[:200])


# --- layouts that adapt (issue 12): headings kept with what follows, whole paragraphs ---------

FILLER = "Paragrafo di riempimento numero {} con qualche parola in più per occupare la pagina."
LONG = "Testo lungo della scheda con dettagli amministrativi e finanziari dell’avviso. "


def _headings(document: Document) -> list[str]:
    """What the bulletin sets as headings: section titles, block and column headings,
    captions, card titles (with their subtitle), list groups and entries."""
    out = []
    for section in document.sections:
        out.append(section.title)
        for block in section.blocks:
            for name in ("heading", "caption"):
                value = getattr(block, name, None)
                if isinstance(value, str):
                    out.append(value)
            for card in getattr(block, "cards", ()):
                out.append(" ".join(t for t in (card.title, card.subtitle) if t))
            for group in getattr(block, "groups", ()):
                out += [group.heading, *(item.title for item in group.items)]
            for side in (getattr(block, "left", None), getattr(block, "right", None)):
                if side is not None and side.heading:
                    out.append(side.heading)
    return [h for h in out if h]


def _sections(document: Document) -> dict[str, Section]:
    long_text = LONG * 30
    items = tuple(
        ItemGroup(
            f"Asse {g}",
            tuple(
                Item(f"Iniziativa {g}.{i}", "Descrizione dell’iniziativa. " * 4, "Atti: DGR 1/2021")
                for i in range(4)
            ),
        )
        for g in ("I", "II", "III")
    )
    card = Card("Finalità", "Sottotitolo", (("Dotazione", "11,0 M€"),), text=long_text)
    rows = tuple((f"Riga {i}", str(i)) for i in range(30))
    return {
        "map": next(s for s in document.sections if s.layout == "map"),
        "cards": Section(
            "c", "cards", "Schede", blocks=(Cards((card, Card("Altro", "", text=long_text))),)
        ),
        "list": Section("l", "list", "Iniziative", blocks=(ItemList(items),)),
        "table": Section(
            "t",
            "table_chart",
            "Tabella",
            blocks=(Table(("Voce", "Valore"), rows, ("left", "right"), caption="Valori per voce"),),
        ),
        "text": Section(
            "x",
            "two_columns",
            "Testi",
            blocks=(
                TextBlock("Primo titolo", (long_text,)),
                TextBlock("Secondo titolo", (long_text,)),
            ),
        ),
    }


def _after_filler(document: Document, section: Section, paragraphs: int) -> Document:
    """The cover, a section of ``paragraphs`` filler paragraphs, then ``section``: as the
    filler grows, ``section`` starts lower and lower on the page, then on the next."""
    filler = Section(
        "riempimento",
        "two_columns",
        "Testo di riempimento",
        blocks=(TextBlock(None, tuple(FILLER.format(i) for i in range(paragraphs))),),
    )
    return dataclasses.replace(document, sections=(document.sections[0], filler, section))


def _page_of(pages: list, text: str) -> int:
    """The page (from 1) of the first line holding ``text``."""
    return next(p.number for p in pages for line in p.lines if text in line.text)


@pytest.mark.external("pdftotext")
@pytest.mark.parametrize("kind", ["map", "cards", "list", "table", "text"])
def test_no_heading_ends_a_page(document: Document, kind: str, tmp_path: Path) -> None:
    """Wherever a section starts, no heading (section title, block, card, list group or
    entry title, caption) is the last line of a page or column, and a section's title,
    its map, the map's title and its province table stand on one page."""
    import layoutcheck as lc

    section = _sections(document)[kind]
    bands = lc.PageBands(header=50.0, footer=50.0)
    for paragraphs in range(1, 45, 3):
        shown = _after_filler(document, section, paragraphs)
        path = tmp_path / f"{kind}-{paragraphs}.pdf"
        path.write_bytes(render_pdf(shown))
        pages = lc.read_pages(path)
        assert lc.headings_at_end(pages, _headings(shown), bands) == [], paragraphs
        if kind == "map":
            spec = next(b.spec for b in section.blocks if isinstance(b, Map))
            first = f"{spec.provinces[0].nome} ({spec.provinces[0].sigla})"
            on = {_page_of(pages, t) for t in (section.title.split(" (")[0], spec.title, first)}
            assert len(on) == 1, paragraphs


def _element_texts(pdf: Path) -> list[tuple[str, str]]:
    """(type, text) of every element ``pdfinfo -struct-text`` prints with text; an element
    with content on several pages prints a quoted line per page: they are joined."""
    out: list[tuple[str, str]] = []
    kind, quoted = "", False
    for line in _run("pdfinfo", "-struct-text", str(pdf)).splitlines():
        stripped = line.strip()
        if stripped.startswith('"'):
            if quoted:  # the element's content on the next page
                out[-1] = (kind, out[-1][1] + stripped[1:-1])
            else:
                out.append((kind, stripped[1:-1]))
        elif not stripped.startswith("/"):
            kind = stripped.split(" ")[0].rstrip(":")
        quoted = stripped.startswith('"')
    return out


def _card_document(document: Document, text: str) -> Document:
    cards = Cards((Card("Finalità", "", text=text), Card("Dotazione", "", (("Totale", "1 M€"),))))
    section = Section("schede", "cards", "Schede", blocks=(cards,))
    return dataclasses.replace(document, sections=(document.sections[0], section))


@pytest.mark.external("pdftotext", "pdfinfo")
@pytest.mark.parametrize(("layout", "length"), [("grid", 700), ("column", 6000)])
def test_a_long_card_text_stays_one_paragraph(
    document: Document, tmp_path: Path, layout: str, length: int
) -> None:
    """A card's text of one paragraph, in a grid of cards or flowing over pages in a card
    of its own, is one P element with the whole text, and its lines follow each other at
    one line's leading, with no gap where a chunk of it used to end."""
    import layoutcheck as lc

    text = (LONG * 100)[:length].rsplit(" ", 1)[0] + "."
    path = tmp_path / "scheda.pdf"
    path.write_bytes(render_pdf(_card_document(document, text)))
    paragraphs = [(kind, t) for kind, t in _element_texts(path) if "Testo lungo" in t]
    assert paragraphs == [("P", text)]
    pages = lc.read_pages(path)
    lines = [
        (p.number, line.box.y1)
        for p in pages
        for line in p.lines
        if line.text and line.text in text
    ]
    assert len(lines) > 8
    steps = {round(b - a, 1) for (pa, a), (pb, b) in itertools.pairwise(lines) if pa == pb}
    assert steps == {12.6}  # the card text's leading
    on = {page for page, _ in lines}
    assert len(on) == (2 if layout == "column" else 1)


@pytest.mark.parametrize("markup", [False, True])
def test_kept_spaces_change_no_line_and_no_page_break(markup: bool) -> None:
    """A paragraph that keeps the space at its line ends breaks its lines, and splits over
    pages, exactly as ReportLab's own; only the space is added, once."""
    from reportlab.platypus import Paragraph

    from porreport.bulletin import styles as bs
    from porreport.bulletin.flow import SpacedParagraph

    text = " ".join(f"parola{i}" for i in range(200)) + ("<br/>fine" if markup else "")

    def lines(paragraph: Paragraph) -> list[list[str]]:
        paragraph.wrap(300, 10_000)
        return [
            [w.text if hasattr(w, "text") else w for w in (line.words if markup else line[1])]
            for line in paragraph.blPara.lines
        ]

    style = bs.styles().body
    plain, spaced = Paragraph(text, style), SpacedParagraph(text, style)
    first, rest = lines(plain), lines(spaced)
    assert [" ".join(w).strip() for w in first] == [" ".join(w).strip() for w in rest]
    assert all(" ".join(w).endswith(" ") for w in rest[:-1]) and "  " not in " ".join(rest[0])
    plain_rest, spaced_rest = plain.split(300, 100)[1], spaced.split(300, 100)[1]
    assert [" ".join(w).strip() for w in lines(plain_rest)] == [
        " ".join(w).strip() for w in lines(spaced_rest)
    ]
    assert not any("  " in " ".join(w) for w in lines(spaced_rest))
