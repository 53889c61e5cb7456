"""The accessible bulletin (issue 14) on real reports: tagged PDF/UA-1 and PDF/A-2 checks,
contrast and text size measured on the rendered pages, and the deck's twin.

Run on the bundled example, the example with application records and every report in
data/examples/ (picked up as they are added). Each check says what it measures:

- the structure and metadata checks of tests/pdfcheck.py, the ``pdfua`` checker, poppler
  (``Tagged: yes``, ``-struct-text``) and ``qpdf --check``; two builds byte-identical;
- contrast: every word pdftotext finds, its ink and the colour under it read from two
  renderings without anti-aliasing (the page, and the page with its text operators
  removed), at least 4.5:1 (3:1 at 18 pt and more); the theme's colours for graphics at
  least 3:1 on white; every text at least 7 pt (font size times the text and current
  transformation matrices, from the content streams);
- the deck's twin: the bulletin's figures, tables and province list say what the deck's
  alt texts and notes say, from the same document.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from pdfua import validate
from PIL import Image

import pdfcheck
from porreport import theme
from porreport.api import build, document_of
from porreport.content.document import Chart, Document, Map, Table
from porreport.inputs.loading import load
from porreport.resources import example_report

ROOT = Path(__file__).resolve().parents[1]
REPORTS = [
    example_report(),
    ROOT / "data" / "por_fse_lombardia_2021_registri.yaml",
    *sorted((ROOT / "data" / "examples").glob("*.yaml")),
]
IDS = [p.stem for p in REPORTS]
DPI = 200
POINTS_PER_BOX = 1.521  # pdftotext's word box height for Titillium Web, per point of size
LARGE = 18.0  # points: large text needs 3:1 (WCAG 2.1, 1.4.3)


@dataclass(frozen=True)
class Built:
    """A report built once: its document, its PDF and its deck."""

    report: Path
    document: Document
    pdf: Path
    pptx: Path


@cache
def _built(report: Path, out: Path) -> Built:
    outputs = build(report, out / report.stem, ["pdf", "pptx"]).outputs
    pdf = next(p for p in outputs if p.suffix == ".pdf")
    pptx = next(p for p in outputs if p.suffix == ".pptx")
    return Built(report, document_of(load(report)), pdf, pptx)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("accessible")


@pytest.fixture(params=REPORTS, ids=IDS)
def built(request: pytest.FixtureRequest, out: Path) -> Built:
    return _built(request.param, out)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False)


# --- tagged PDF: structure, metadata, tools -------------------------------------------


def test_structural_checks_find_nothing(built: Built) -> None:
    assert pdfcheck.all_problems(built.pdf) == {}


def test_pdfua_checker_finds_nothing_and_skips_nothing(built: Built) -> None:
    report = validate(str(built.pdf))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    assert [(o.rule_id, o.skipped_reason) for o in report.outcomes if o.skipped_reason] == []


@pytest.mark.external("pdfinfo")
def test_poppler_sees_a_tagged_pdf_17(built: Built) -> None:
    result = _run("pdfinfo", str(built.pdf))
    assert result.returncode == 0 and result.stderr == ""
    assert re.search(r"^Tagged:\s+yes$", result.stdout, re.M)
    assert re.search(r"^PDF version:\s+1\.7$", result.stdout, re.M)


@pytest.mark.external("qpdf")
def test_qpdf_check_is_clean(built: Built) -> None:
    result = _run("qpdf", "--check", str(built.pdf))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


def _struct_text(pdf: Path) -> list[tuple[int, str, str]]:
    """(depth, type, text) of every element ``pdfinfo -struct-text`` prints with text."""
    result = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True, check=False)
    assert result.returncode == 0 and result.stderr == b""
    # poppler prints text attributes (a table's /Summary) in their PDF encoding, UTF-16
    lines = result.stdout.decode("utf-8", errors="replace").splitlines()
    out = []
    for i, line in enumerate(lines):
        if line.strip().startswith(('"', "/")):
            continue  # text or attributes of the element above
        following = iter(lines[i + 1 :])
        text = next((f.strip() for f in following if not f.strip().startswith("/")), "")
        if text.startswith('"'):
            kind = line.strip().split(" ")[0].rstrip(":")
            out.append((len(line) - len(line.lstrip()), kind, text[1:-1]))
    return out


@pytest.mark.external("pdfinfo")
def test_struct_text_gives_the_sections_in_order(built: Built) -> None:
    """The H1 headings, in reading order, are the cover's title and every section's title,
    in the document's order, word for word (a wrapped title keeps the space between its
    lines); every section is a Sect of the Document."""
    document = built.document
    cover = next((s.title for s in document.sections if s.layout == "title"), None)
    expected = [cover or document.meta.title]
    expected += [s.title for s in document.sections if s.layout != "title"]
    found = [text for _, kind, text in _struct_text(built.pdf) if kind == "H1"]
    assert found == expected
    with pikepdf.open(built.pdf) as pdf:
        top = [e.type for e in pdfcheck.elements(pdf) if e.path.count("/") == 2]
    assert top == ["Sect"] * len(expected)


def test_xmp_identification_matches_info(built: Built) -> None:
    with pikepdf.open(built.pdf) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            read = (xmp["pdfuaid:part"], xmp["pdfaid:part"], xmp["pdfaid:conformance"])
            title, language = xmp["dc:title"], xmp["dc:language"]
        assert read == ("1", "2", "A")
        assert title == str(pdf.trailer.Info.Title) == built.document.meta.title
        assert language == {built.document.meta.language} == {str(pdf.Root.Lang)}
        assert pdfcheck.metadata_problems(pdf) == []


def test_two_builds_are_byte_identical(built: Built, tmp_path: Path) -> None:
    again = build(built.report, tmp_path, ["pdf"]).outputs[0]
    assert again.read_bytes() == built.pdf.read_bytes()


# --- contrast and size of text, measured on the pages ------------------------------------


TEXT_OPERATORS = frozenset({"Tj", "TJ", "'", '"'})


def _strip_text(source: Path, target: Path) -> None:
    """A copy of the PDF drawing everything but its text (pages and form XObjects)."""
    with pikepdf.open(source) as pdf:
        streams = [page.obj for page in pdf.pages]
        for page in pdf.pages:
            streams += [x for x in page.obj.Resources.get("/XObject", {}).values()]
        for stream in streams:
            kept = [
                i
                for i in pikepdf.parse_content_stream(stream)
                if isinstance(i, pikepdf.ContentStreamInlineImage)
                or str(i.operator) not in TEXT_OPERATORS
            ]
            data = pikepdf.unparse_content_stream(kept)
            if isinstance(stream, pikepdf.Stream):
                stream.write(data)
            else:
                pikepdf.Page(stream).obj.Contents = pdf.make_stream(data)
        pdf.save(target)


def _pages(pdf: Path, folder: Path) -> list[np.ndarray]:
    """Every page at DPI, without anti-aliasing: each pixel is exactly one paint's colour."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-aa", "no", "-aaVector", "no", "-png", str(pdf),
         str(folder / "p")],
        check=True,
    )  # fmt: skip
    return [np.asarray(Image.open(p).convert("RGB")) for p in sorted(folder.glob("p-*.png"))]


@dataclass(frozen=True)
class Word:
    page: int  # from 0
    text: str
    box: tuple[float, float, float, float]  # points, top-left origin

    @property
    def size(self) -> float:
        return (self.box[3] - self.box[1]) / POINTS_PER_BOX


def _words(pdf: Path) -> list[Word]:
    html = _run("pdftotext", "-bbox", str(pdf), "-").stdout
    out: list[Word] = []
    for page, body in enumerate(html.split("<page ")[1:]):
        for x0, y0, x1, y1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            body,
        ):
            out.append(Word(page, text, (float(x0), float(y0), float(x1), float(y1))))
    return out


def _hex(rgb: tuple[int, ...]) -> str:
    return "".join(f"{c:02X}" for c in rgb[:3])


@dataclass(frozen=True)
class Measured:
    word: Word
    ink: str
    ground: str
    ratio: float


def measured_contrasts(pdf: Path, folder: Path) -> list[Measured]:
    """Every word's ink (the commonest colour of the pixels its glyphs change) and the
    colour under those pixels without the text, with their contrast."""
    folder.mkdir(parents=True, exist_ok=True)
    bare = folder / "bare.pdf"
    _strip_text(pdf, bare)
    with_text, without = _pages(pdf, folder / "text"), _pages(bare, folder / "bare")
    scale = DPI / 72
    out = []
    for word in _words(pdf):
        x0, y0, x1, y1 = (round(v * scale) for v in word.box)
        a, b = with_text[word.page][y0:y1, x0:x1], without[word.page][y0:y1, x0:x1]
        changed = (a != b).any(axis=2)
        if not changed.any():
            continue  # drawn elsewhere (clipped) or a space
        inks = Counter(map(tuple, a[changed].tolist()))
        ink = inks.most_common(1)[0][0]
        under = b[changed & (a == ink).all(axis=2)]
        ground = Counter(map(tuple, under.tolist())).most_common(1)[0][0]
        ratio = theme.contrast(_hex(ink), _hex(ground))
        out.append(Measured(word, _hex(ink), _hex(ground), ratio))
    return out


def low_contrast(measured: list[Measured]) -> list[str]:
    """The words under 4.5:1 (3:1 when large), described."""
    return [
        f"p. {m.word.page + 1} «{m.word.text}» {m.ink} su {m.ground}: {m.ratio:.2f}:1"
        for m in measured
        if m.ratio < (3.0 if m.word.size >= LARGE else 4.5)
    ]


@pytest.mark.external("pdftoppm", "pdftotext")
def test_every_word_has_enough_contrast(built: Built, tmp_path: Path) -> None:
    measured = measured_contrasts(built.pdf, tmp_path)
    assert len(measured) > 100  # the words were found and measured
    assert low_contrast(measured) == []
    # the table header's right-aligned cells were dark on blue: now white on blue
    inks = {m.ink for m in measured if m.ground == theme.PRIMARY}
    assert inks == {theme.WHITE}


def _mul(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)  # fmt: skip


def _text_sizes(
    stream: object, resources: pikepdf.Dictionary, ctm: tuple[float, ...]
) -> Iterator[float]:
    """The size at which each text operator draws: the font size scaled by the text and
    current transformation matrices (followed into form XObjects)."""
    stack: list[tuple[tuple[float, ...], float]] = []
    size, tm = 0.0, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for instruction in pikepdf.parse_content_stream(stream):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        op, args = str(instruction.operator), [v for v in instruction.operands]
        if op == "q":
            stack.append((ctm, size))
        elif op == "Q":
            ctm, size = stack.pop()
        elif op == "cm":
            ctm = _mul(tuple(float(v) for v in args), ctm)
        elif op == "BT":
            tm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        elif op == "Tf":
            size = float(args[1])
        elif op == "Tm":
            tm = tuple(float(v) for v in args)
        elif op in TEXT_OPERATORS:
            a, b, c, d, _, _ = _mul(tm, ctm)
            yield abs(size) * math.sqrt(abs(a * d - b * c))
        elif op == "Do":
            form = resources.get("/XObject", {}).get(args[0])
            if form is not None and form.get("/Subtype") == "/Form":
                matrix = tuple(float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0]))
                inner = form.get("/Resources", resources)
                yield from _text_sizes(form, inner, _mul(matrix, ctm))


def text_sizes(pdf: Path) -> list[float]:
    """The drawn size of every text operator of every page."""
    with pikepdf.open(pdf) as document:
        identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        return [
            size
            for page in document.pages
            for size in _text_sizes(page.obj, page.obj.Resources, identity)
        ]


def test_no_text_is_smaller_than_7_points(built: Built) -> None:
    sizes = text_sizes(built.pdf)
    assert len(sizes) > 100  # the text operators were found
    assert min(sizes) >= theme.MIN_TEXT_PT - 0.01, sorted(sizes)[:5]


def test_graphic_colours_have_3_to_1_on_white() -> None:
    """Series and the reference line against the background and the white gap between
    bars; every map class takes a label ink at 4.5:1 (its value is written on it)."""
    from porreport.charts.classes import classify
    from porreport.charts.kinds import BAR_SHARE
    from porreport.charts.map import AA_MAP_STYLE

    for colour in (*theme.CHART_SERIES, theme.CHART_REFERENCE):
        assert theme.contrast(colour, theme.WHITE) >= 3.0, colour
    assert BAR_SHARE < 1  # bars of a group stand apart: their neighbour is the white gap
    for values in ([0, *range(1, 41)], list(range(1, 8)), [5] * 3, list(range(1, 200))):
        for c in classify(values, palette=AA_MAP_STYLE.palette):
            assert theme.contrast(theme.ink_on(c.color), c.color) >= 4.5, c
    assert theme.contrast(theme.ink_on(theme.NO_DATA), theme.NO_DATA) >= 4.5
    assert AA_MAP_STYLE.note >= theme.MIN_TEXT_PT


def test_the_measures_find_low_contrast_and_small_text(tmp_path: Path) -> None:
    """The two measures on a page made to fail them: dark text on blue, a 6.5 pt note."""
    from reportlab.pdfgen.canvas import Canvas

    from porreport.bulletin import styles as bs

    bs.register_fonts()
    path = tmp_path / "prova.pdf"
    canvas = Canvas(str(path), invariant=1, initialFontName=bs.REGULAR)
    canvas.setFillColor(bs.PRIMARY)
    canvas.rect(50, 700, 300, 40, stroke=0, fill=1)
    canvas.setFillColor(bs.TEXT)
    canvas.setFont(bs.REGULAR, 12)
    canvas.drawString(60, 715, "Importo ammesso")
    canvas.setFillColor(bs.MUTED)
    canvas.setFont(bs.REGULAR, 6.5)
    canvas.drawString(60, 650, "Confini ISTAT")
    canvas.save()
    found = low_contrast(measured_contrasts(path, tmp_path / "m"))
    assert found == [
        f"p. 1 «{w}» {theme.TEXT} su {theme.PRIMARY}: 2.94:1" for w in ("Importo", "ammesso")
    ]
    assert text_sizes(path) == [12.0, 6.5]


# --- the deck's twin ---------------------------------------------------------------------


def _deck_descriptions(pptx: Path) -> list[str]:
    """The alt texts (``descr``) of the deck's pictures, charts and tables, slide by slide."""
    from pptx import Presentation

    out = []
    for slide in Presentation(str(pptx)).slides:
        for shape in slide.shapes:
            descr = shape._element.xpath("./*[1]/p:cNvPr/@descr")
            out += [str(d) for d in descr if d]
    return out


def _deck_notes(pptx: Path) -> str:
    from pptx import Presentation

    return "\n".join(
        s.notes_slide.notes_text_frame.text
        for s in Presentation(str(pptx)).slides
        if s.has_notes_slide
    )


def _figures_and_tables(pdf: Path) -> tuple[list[str], list[str]]:
    """The /Alt of every Figure and the /Summary of every Table with one, in reading order."""
    with pikepdf.open(pdf) as document:
        found = pdfcheck.elements(document)
        alts = [str(e.obj.Alt) for e in found if e.type == "Figure"]
        summaries = [
            str(pdfcheck._attribute(e.obj, "Table", "Summary"))
            for e in found
            if e.type == "Table" and pdfcheck._attribute(e.obj, "Table", "Summary") is not None
        ]
    return alts, summaries


@pytest.mark.external("pdfinfo")
def test_bulletin_and_deck_say_the_same_to_a_screen_reader(built: Built) -> None:
    """Each chart and map of the document is a Figure whose /Alt is the alt text the deck
    gives its chart or picture; each table with an alt text is a Table with that summary,
    as the deck's table; the map's province table lists what the deck's notes say."""
    document = built.document
    blocks = [b for s in document.sections for b in s.blocks]
    graphics = [b.spec.alt_text for b in blocks if isinstance(b, Chart | Map)]
    tables = [b.alt_text for b in blocks if isinstance(b, Table) and b.alt_text]
    alts, summaries = _figures_and_tables(built.pdf)
    assert alts == graphics
    assert summaries == tables
    described = _deck_descriptions(built.pptx)
    for text in [*graphics, *tables]:
        assert text in described
    notes = _deck_notes(built.pptx)
    maps = [b.spec for b in blocks if isinstance(b, Map)]
    tables = _province_tables(built.pdf)
    assert len(tables) == len(maps)
    for spec, rows in zip(maps, tables, strict=True):
        assert spec.alt_text in notes
        expected = [(f"{p.nome} ({p.sigla})", p.label or "Nessun dato") for p in spec.provinces]
        assert rows == expected
        for (name, value), province in zip(rows, spec.provinces, strict=True):
            if province.value is not None:
                assert f"{name} {value}" in spec.alt_text  # what the notes read out


def _province_tables(pdf: Path) -> list[list[tuple[str, str]]]:
    """For every table whose first header is 'Provincia', in reading order, the (row header,
    cell) of each of its rows, from the structure tree's text."""
    items = _struct_text(pdf)
    tables: list[list[tuple[str, str]]] = []
    inside = False
    for i, (_, kind, text) in enumerate(items):
        if kind == "TH" and text == "Provincia":
            tables.append([])
            inside = True
        elif inside and kind == "TH" and i + 1 < len(items) and items[i + 1][1] == "TD":
            tables[-1].append((text, items[i + 1][2]))
        elif inside and kind not in ("TH", "TD"):
            inside = False
    return tables


# --- tagging leaves the look alone -------------------------------------------------------


class _NoTags:
    """Stands in for the tagging API: the bulletin's canvas then draws an untagged PDF."""

    def end_stream(self) -> None:
        pass

    def begin_stream(self) -> None:
        pass

    def artifact(self, kind: str = "Layout") -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()


def _untagged(document: Document) -> bytes:
    """The bulletin's story drawn on its canvas with the tagging switched off."""
    from porreport.bulletin import page, render

    class Untagged(page.BulletinCanvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self.tags = _NoTags()  # type: ignore[assignment]

        def _finish_tagging(self) -> None:
            if len(self._code):
                self.showPage()

    buffer = io.BytesIO()
    doc = page.BulletinTemplate(buffer, document.meta)
    doc.build(render.story(document), canvasmaker=Untagged)
    return buffer.getvalue()


def _drawing(page: pikepdf.Page) -> list[str]:
    """A page's operators without marked content; the zero-size markers that open and close
    structure elements place themselves like any flowable: "q 1 0 0 1 x y cm Q"."""
    ops = [
        f"{list(i.operands)} {i.operator}"
        for i in pikepdf.parse_content_stream(page)
        if isinstance(i, pikepdf.ContentStreamInstruction) and str(i.operator) not in ("BDC", "EMC")
    ]
    text = "\n".join(ops) + "\n"
    return re.sub(r"\[\] q\n[^\n]* cm\n\[\] Q\n", "", text).splitlines()


def test_tagging_changes_no_drawing_operator() -> None:
    """The tagged bulletin of the example draws, page by page, the operators the same story
    draws untagged, in the same order: tagging adds marked content and nothing else."""
    document = document_of(load(example_report()))
    from porreport.api import render

    tagged = pikepdf.open(io.BytesIO(render(document, "pdf")))
    plain = pikepdf.open(io.BytesIO(_untagged(document)))
    assert "/StructTreeRoot" not in plain.Root
    assert len(tagged.pages) == len(plain.pages) == 8
    for tagged_page, plain_page in zip(tagged.pages, plain.pages, strict=True):
        assert _drawing(tagged_page) == _drawing(plain_page)
