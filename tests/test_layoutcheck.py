"""The layout checker (tests/layoutcheck.py) on small PDFs drawn with ReportLab, each showing
one fault, and on a clean page where it must find nothing."""

from __future__ import annotations

import importlib.util
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Pt
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

import layoutcheck as lc

ROOT = Path(__file__).resolve().parents[1]
FONT = "LayoutcheckTitillium"  # a name of its own: ReportLab's font registry is global
pdfmetrics.registerFont(TTFont(FONT, str(ROOT / "fonts" / "TitilliumWeb-Regular.ttf")))
A4 = (595.0, 842.0)
SLIDE = (960.0, 540.0)


@dataclass(frozen=True)
class Text:
    """A string drawn with its baseline at ``y`` points from the top of the page."""

    x: float
    y: float
    text: str
    size: float = 11.0


def paragraph(x: float, y: float, lines: Sequence[str], size: float = 11.0) -> list[Text]:
    """Lines set one under the other with a leading of 1.25 times the size."""
    return [Text(x, y + k * 1.25 * size, line, size) for k, line in enumerate(lines)]


def make_pdf(path: Path, pages: Sequence[Sequence[Text]], size: tuple[float, float] = A4) -> Path:
    """Draw each page's texts in Titillium Web; return ``path``."""
    pdf = canvas.Canvas(str(path), pagesize=size, invariant=1)
    for texts in pages:
        for t in texts:
            pdf.setFont(FONT, t.size)
            pdf.drawString(t.x, size[1] - t.y, t.text)
        pdf.showPage()
    pdf.save()
    return path


def pages_of(
    tmp_path: Path, *pages: Sequence[Text], size: tuple[float, float] = A4
) -> list[lc.Page]:
    return lc.read_pages(make_pdf(tmp_path / "prova.pdf", pages, size))


def summary(findings: Sequence[lc.Finding]) -> list[tuple[str, int, str]]:
    return sorted((f.check, f.page, f.text) for f in findings)


# --- a clean page ----------------------------------------------------------------------------

HEADINGS = ("Asse I - Occupazione", "Asse II - Inclusione sociale", "Punti di forza della misura")


def clean_page() -> list[Text]:
    """A bulletin-like page: running header and footer, a heading over two lines of text, two
    columns each under its heading, numbers that end and start lines without being split."""
    return [
        Text(52, 30, "POR FSE 2014-2020 - Stato di attuazione", 9),
        Text(52, 90, "Asse I - Occupazione", 16),
        *paragraph(52, 115, ["Le imprese ammesse nell’anno 2021", "764 imprese per 10.705.500 €"]),
        Text(52, 170, "Asse II - Inclusione sociale", 14),
        *paragraph(
            52, 190, ["Percorsi per allievi con disabilità", "per 4,5 Mln€ (decreto 13378/2021)."]
        ),
        Text(320, 170, "Punti di forza della misura", 14),
        *paragraph(
            320,
            190,
            [
                "La misura ha permesso alle imprese",
                "di affrontare in modo più",
                "sistematico il lavoro agile.",
            ],
        ),
        Text(52, 815, "Comitato di Sorveglianza - Pagina 1 di 1", 9),
    ]


@pytest.mark.external("pdftotext")
def test_clean_page_has_no_findings(tmp_path: Path) -> None:
    pages = pages_of(tmp_path, clean_page())
    assert lc.check_pages(pages, HEADINGS, lc.PageBands(header=50, footer=50)) == []
    assert lc.unmatched_headings(pages, HEADINGS) == []


@pytest.mark.external("pdftotext")
def test_read_pages_gives_top_left_coordinates(tmp_path: Path) -> None:
    (page,) = pages_of(tmp_path, [Text(100, 200, "Dotazione", 20)])
    (line,) = page.lines
    assert (page.number, page.width, page.height) == (1, 595.0, 842.0)
    assert line.text == "Dotazione"
    assert line.box.x0 == pytest.approx(100.0)
    assert line.box.y0 < 200 < line.box.y1  # the baseline lies inside the box


# --- text outside the page -------------------------------------------------------------------


@pytest.mark.external("pdftotext")
def test_text_outside_page(tmp_path: Path) -> None:
    pages = pages_of(
        tmp_path,
        [
            Text(20, 100, "dentro"),
            Text(270, 60, "fuoridestra"),
            Text(320, 150, "tuttofuori"),
            Text(20, -5, "sopra"),
        ],
        size=(300.0, 200.0),
    )
    found = lc.text_outside_page(pages)
    # whole words, also those wholly past the edge (pdftotext alone would drop them)
    assert summary(found) == [
        ("outside_page", 1, "fuoridestra"),
        ("outside_page", 1, "sopra"),
        ("outside_page", 1, "tuttofuori"),
    ]
    assert {f.message for f in found} == {"testo fuori dalla pagina"}


# --- overlapping lines -----------------------------------------------------------------------


@pytest.mark.external("pdftotext")
def test_overlapping_lines(tmp_path: Path) -> None:
    pages = pages_of(
        tmp_path,
        [
            # a paragraph with tight but normal leading: no overlap
            *paragraph(52, 100, ["Risorse programmate", "Risorse impegnate", "Liquidazioni"]),
            # a text drawn 4 points under another
            Text(52, 300, "Dotazione finanziaria"),
            Text(70, 304, "Risorse certificate"),
            # two data labels on one baseline, the second over the end of the first
            Text(300, 500, "243,9 M€", 10),
            Text(330, 500, "251,3 M€", 10),
        ],
    )
    found = lc.overlapping_lines(pages)
    # pdftotext mixes the words of text drawn over other text into odd lines: what matters is
    # where the findings are (both places, not the paragraph) and what they say
    assert {f.check for f in found} == {"overlap"}
    tops = sorted({round(min(b.y0 for b in f.boxes), -1) for f in found})
    assert tops == [290.0, 490.0]
    labels = [f for f in found if f.boxes[0].y0 > 400]
    assert [(f.text, f.message) for f in labels] == [("243,9 M€ | 251,3 M€", "righe sovrapposte")]


def test_overlapping_words_in_one_line() -> None:
    xhtml = XHTML.replace(
        ">7</word>", '>7</word><word xMin="690" yMin="516" xMax="720" yMax="533">€</word>'
    )
    (page,) = lc.parse_bbox_layout(xhtml, [(600.0, 400.0)])
    found = lc.overlapping_lines([page])
    assert [(f.text, f.message) for f in found] == [("7 € euro", "parole sovrapposte nella riga")]


# --- numbers and words split across lines ----------------------------------------------------


@pytest.mark.external("pdftotext")
def test_split_numbers(tmp_path: Path) -> None:
    pages = pages_of(
        tmp_path,
        [
            *paragraph(52, 80, ["Importo complessivo 12.90", "7 euro assegnati"]),
            *paragraph(52, 140, ["Totale € 187.455.32", "0,50 liquidati"]),
            *paragraph(52, 200, ["Dotazione di 1.010,", "5 milioni"]),
            *paragraph(52, 260, ["Approvato con DGR n. 5112/", "2021 del Consiglio"]),
            *paragraph(52, 320, ["Le quote (50,4%", ") dell’Addendum"]),
            *paragraph(52, 380, ["L’iniziativa vale €", "10.705.500 in tutto"]),
            *paragraph(52, 440, ["pari a 970,4", "M€ di dotazione"]),
            # two whole numbers at a line break: "2021" and "764" are not one number
            *paragraph(52, 500, ["Le imprese ammesse nell’anno 2021", "764 imprese in tutto"]),
            *paragraph(52, 560, ["dati al 30.09.", "2021 per asse"]),
            # rows of amounts: the next row's "€" is its own number's prefix, not a unit
            *paragraph(52, 620, ["Dotazione 41.250.000", "€ 38.120.500 programmate"]),
            # but a lone "€" under a number is that number's unit, cut off
            *paragraph(52, 680, ["Totale 41.250.000", "€ per la misura"]),
        ],
    )
    assert summary(lc.split_numbers(pages)) == [
        ("split_amount", 1, "41.250.000 | €"),
        ("split_amount", 1, "970,4 | M€"),
        ("split_amount", 1, "€ | 10.705.500"),
        ("split_number", 1, "(50,4% | )"),
        ("split_number", 1, "1.010, | 5"),
        ("split_number", 1, "12.90 | 7"),
        ("split_number", 1, "187.455.32 | 0,50"),
        ("split_number", 1, "30.09. | 2021"),
        ("split_number", 1, "5112/ | 2021"),
    ]


@pytest.mark.external("pdftotext")
def test_split_amount_across_columns(tmp_path: Path) -> None:
    """A paragraph that goes on at the top of the next column of a box."""
    left = paragraph(
        52,
        100,
        ["IFTS 2021-2022 e ITS 2021-2022", "Rifinanziamento delle misure", "per rispettivi 2,64"],
    )
    right = paragraph(320, 100, ["Mln€ e 5,3 Mln€ per un totale", "di 7,9 Mln€."])
    pages = pages_of(tmp_path, [*left, *right], size=SLIDE)
    assert summary(lc.split_numbers(pages)) == [("split_amount", 1, "2,64 | Mln€")]


@pytest.mark.external("pdftotext")
def test_split_words(tmp_path: Path) -> None:
    pages = pages_of(
        tmp_path,
        [
            *paragraph(52, 100, ["Codice ATEC", "O della divisione"]),
            *paragraph(52, 160, ["Addendum COVID-", "19 per le imprese"]),
            *paragraph(52, 220, ["Imprese", "beneficiarie"]),
        ],
    )
    words = lc.vocabulary(
        ["Codice ATECO della divisione", "Addendum COVID-19", "Imprese beneficiarie"]
    )
    found = lc.split_words(pages, words)
    assert summary(found) == [("split_word", 1, "ATEC | O")]
    assert found[0].message == "parola spezzata su due righe"


# --- headings at the end of a page or column -------------------------------------------------


def heading_at_foot() -> list[Text]:
    return [
        Text(52, 90, "Asse II - Inclusione sociale", 14),
        *paragraph(52, 110, ["Percorsi per allievi con disabilità", "per 4,5 Mln€."]),
        Text(52, 760, "Asse III - Istruzione e Formazione", 14),
        Text(52, 815, "Comitato di Sorveglianza - Pagina 1 di 2", 9),
    ]


@pytest.mark.external("pdftotext")
def test_heading_at_the_foot_of_a_page(tmp_path: Path) -> None:
    second = [Text(52, 90, "IFTS 2021-2022 e ITS 2021-2022"), Text(52, 815, "Pagina 2 di 2", 9)]
    pages = pages_of(tmp_path, heading_at_foot(), second)
    headings = ["Asse II - Inclusione sociale", "Asse III - Istruzione e Formazione"]
    found = lc.headings_at_end(pages, headings, lc.PageBands(footer=50))
    assert summary(found) == [("heading_at_end", 1, "Asse III - Istruzione e Formazione")]
    assert found[0].message == "titolo come ultima riga della pagina"
    # without the footer band the running footer counts as the text that follows
    assert lc.headings_at_end(pages, headings) == []


@pytest.mark.external("pdftotext")
def test_heading_at_the_end_of_a_column(tmp_path: Path) -> None:
    left = [
        Text(52, 100, "Asse II - Inclusione sociale (segue)", 14),
        *paragraph(
            52, 120, ["Iniziativa n. 22 per l’attuazione", "Avviso pubblicato per 4,5 Mln€."]
        ),
        Text(52, 170, "Iniziativa n. 23 per l’attuazione", 11),
    ]
    right = paragraph(
        500,
        100,
        [
            "Avviso pubblicato per 5,5 Mln€",
            "(decreto n. 1022/2021).",
            "Atti: decreto n. 1022/2021",
            "Asse IV - Capacità",
            "amministrativa",
            "Progetto di rafforzamento",
            "delle competenze.",
        ],
    )
    pages = pages_of(tmp_path, [*left, *right], size=SLIDE)
    headings = [
        "Asse II - Inclusione sociale",
        "Iniziativa n. 23 per l’attuazione",
        "Asse IV - Capacità amministrativa",
    ]
    found = lc.headings_at_end(pages, headings)
    assert summary(found) == [("heading_at_end", 1, "Iniziativa n. 23 per l’attuazione")]
    assert found[0].message == "titolo come ultima riga della colonna"
    # "(segue)" after a heading and a heading over two lines are still found
    assert lc.unmatched_headings(pages, [*headings, "Asse V - Assistenza tecnica"]) == [
        "Asse V - Assistenza tecnica"
    ]
    (run,) = lc.find_heading(pages[0], "Asse IV - Capacità amministrativa")
    assert [line.text for line in run] == ["Asse IV - Capacità", "amministrativa"]


@pytest.mark.external("pdftotext")
def test_heading_far_above_the_next_text(tmp_path: Path) -> None:
    """An empty card in a grid: its title, then nothing until the card below it."""
    grid = [
        Text(52, 100, "Interventi finanziati", 12),
        Text(52, 300, "Emergenza COVID-19", 12),
        *paragraph(52, 320, ["decreto regionale 3516", "del 18 marzo 2020"]),
    ]
    pages = pages_of(tmp_path, grid)
    headings = ["Interventi finanziati", "Emergenza COVID-19"]
    assert lc.headings_at_end(pages, headings) == []
    found = lc.headings_at_end(pages, headings, max_gap=4.0)
    assert summary(found) == [("heading_at_end", 1, "Interventi finanziati")]
    assert found[0].message == "titolo staccato dal testo che segue"


@pytest.mark.external("pdftotext")
def test_heading_found_only_where_it_fills_its_lines(tmp_path: Path) -> None:
    (page,) = pages_of(tmp_path, paragraph(52, 100, ["La Dotazione finanziaria", "è cresciuta."]))
    assert list(lc.find_heading(page, "Dotazione finanziaria")) == []


# --- shapes: a heading alone, text outside every shape ---------------------------------------


def test_shapes_with_only_a_heading() -> None:
    box = lc.Box(43, 130, 251, 503)
    shapes = [
        lc.ShapeText(6, box, "INTERVENTI FINANZIATI", "Scheda 2"),
        lc.ShapeText(6, box, "Asse I\nOccupazione", "Scheda 1"),
        lc.ShapeText(6, box, "Finalità\nIncentivare l’adozione di un piano", "Scheda 3"),
        lc.ShapeText(6, box, "", "Filetto"),
    ]
    headings = ["Interventi finanziati", "Asse I Occupazione", "Finalità"]
    found = lc.shapes_with_only_a_heading(shapes, headings)
    assert summary(found) == [
        ("heading_alone", 6, "Asse I | Occupazione"),
        ("heading_alone", 6, "INTERVENTI FINANZIATI"),
    ]
    assert found[0].message == "riquadro con il solo titolo (Scheda 2)"


def test_deck_shapes_and_title_exemption(tmp_path: Path) -> None:
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only"
    slide.shapes.title.text = "Interventi finanziati"
    card = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(43), Pt(130), Pt(208), Pt(300))
    card.name = "Scheda vuota"
    card.text_frame.text = "Interventi finanziati"
    label = slide.shapes.add_textbox(Pt(300), Pt(130), Pt(200), Pt(30))
    label.text_frame.text = "Interventi finanziati"
    path = tmp_path / "schede.pptx"
    deck.save(str(path))

    shapes = lc.deck_shapes(path)
    by_name = {s.name: s for s in shapes}
    assert by_name["Scheda vuota"].box == lc.Box(43, 130, 251, 430)
    assert by_name["Scheda vuota"].kind == "AUTO_SHAPE"
    checked = [s for s in shapes if not lc.holds_a_title(s)]
    found = lc.shapes_with_only_a_heading(checked, ["Interventi finanziati"])
    assert [f.message for f in found] == ["riquadro con il solo titolo (Scheda vuota)"]
    assert lc.slide_count(path) == 1
    assert "finanziati" in lc.deck_vocabulary(path)


@pytest.mark.external("pdftotext")
def test_text_outside_shapes(tmp_path: Path) -> None:
    chevron = [
        Text(60, 150, "884", 24),
        *paragraph(60, 170, ["Domande ammesse", "88,3% delle", "presentate"]),
    ]
    pages = pages_of(tmp_path, chevron, size=SLIDE)
    shapes = [lc.ShapeText(1, lc.Box(43, 120, 208, 192), "884\nDomande ammesse")]
    found = lc.text_outside_shapes(pages, shapes)
    assert summary(found) == [("outside_shape", 1, "presentate")]


# --- without poppler: pdftotext's XHTML parsed directly --------------------------------------

XHTML = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title></title></head><body><doc>
<page width="1800.0" height="1200.0"><flow><block xMin="0" yMin="0" xMax="0" yMax="0">
<line xMin="652" yMin="500" xMax="760" yMax="517">
<word xMin="652" yMin="500" xMax="700" yMax="517">Totale</word>
<word xMin="705" yMin="500" xMax="760" yMax="517">12.90</word></line>
<line xMin="652" yMin="516" xMax="700" yMax="533">
<word xMin="652" yMin="516" xMax="660" yMax="533">7</word>
<word xMin="664" yMin="516" xMax="700" yMax="533">euro</word></line>
<line xMin="1210" yMin="400" xMax="1250" yMax="417">
<word xMin="1210" yMin="400" xMax="1250" yMax="417">oltre</word></line>
</block></flow></page></doc></body></html>"""


def test_parse_bbox_layout_of_an_enlarged_page() -> None:
    """Coordinates shift back by one page size: the media box was enlarged on every side."""
    (page,) = lc.parse_bbox_layout(XHTML, [(600.0, 400.0)])
    assert (page.width, page.height) == (600.0, 400.0)
    assert [line.text for line in page.lines] == ["Totale 12.90", "7 euro", "oltre"]
    assert page.lines[0].box == lc.Box(52, 100, 160, 117)
    assert summary(lc.split_numbers([page])) == [("split_number", 1, "12.90 | 7")]
    assert summary(lc.text_outside_page([page])) == [("outside_page", 1, "oltre")]


def test_finding_reads_as_a_sentence() -> None:
    finding = lc.Finding(
        "split_number", 3, "12.90 | 7", (lc.Box(1, 2, 3, 4),), "numero spezzato su due righe"
    )
    assert (
        str(finding)
        == "p. 3 [split_number] numero spezzato su due righe: «12.90 | 7» (1.0, 2.0)–(3.0, 4.0)"
    )


# --- the command line ------------------------------------------------------------------------


def check_layout_main() -> object:
    spec = importlib.util.spec_from_file_location(
        "check_layout", ROOT / "scripts" / "check_layout.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_layout"] = module  # dataclasses look their module up while created
    spec.loader.exec_module(module)
    return module.main


@pytest.mark.external("pdftotext")
def test_command_line_on_a_pdf(tmp_path: Path) -> None:
    main = check_layout_main()
    faulty = make_pdf(
        tmp_path / "guasto.pdf", [paragraph(52, 100, ["Totale € 187.455.32", "0,50 liquidati"])]
    )
    clean = make_pdf(tmp_path / "pulito.pdf", [clean_page()])
    out = io.StringIO()
    assert main([str(faulty)], out) == 1  # type: ignore[operator]
    assert "p. 1 [split_number] numero spezzato su due righe: «187.455.32 | 0,50»" in out.getvalue()
    out = io.StringIO()
    assert main([str(clean)], out) == 0  # type: ignore[operator]
    assert "bollettino pulito.pdf: nessuno" in out.getvalue()
