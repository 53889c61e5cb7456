"""Tagged PDF from ReportLab (porreport.bulletin.tagging) on a small standalone document.

The sample has what the bulletin has: a running header and footer with a "Pagina N di M"
form XObject (artifacts), sections with H1/H2/H3, a paragraph split over two pages, a
bulleted list, a data table with a header row, row headers and a totals row split over
pages (header repeated), a figure drawn with reportlab.graphics with its caption, a rule,
a note, a sentence in English and a layout table. It is checked with the structural checks
of tests/pdfcheck.py, the ``pdfua`` checker, poppler and qpdf; variants with one mistake
each show that the checks fail when they should.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pdfua import validate
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

import pdfcheck
from porreport.bulletin.tagging import (
    DataTableTags,
    Decoration,
    LayoutTableTags,
    ListItem,
    StructureTree,
    Tagged,
    TaggedCanvas,
    TaggingError,
    Tags,
    artifact_page,
    group,
    tags_of,
)
from porreport.bulletin.tagging.metadata import srgb_profile
from porreport.resources import font_path

PAGE_W, PAGE_H = A4
FONT, BOLD = "TaggingTest", "TaggingTest-Bold"
ALT = "Grafico a barre: imprese per asse, Asse I 100 imprese"
ROWS = 60  # body rows of the sample table: it needs two pages
Story = Callable[[], list[Flowable]]


def _styles() -> dict[str, ParagraphStyle]:
    pdfmetrics.registerFont(TTFont(FONT, str(font_path("Regular"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(font_path("Bold"))))
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14)
    return {
        "body": body,
        "item": ParagraphStyle("item", parent=body, leftIndent=12),
        "h1": ParagraphStyle("h1", fontName=BOLD, fontSize=18, leading=22, spaceAfter=6),
        "h2": ParagraphStyle(
            "h2", fontName=BOLD, fontSize=14, leading=18, spaceBefore=6, keepWithNext=1
        ),
        "h3": ParagraphStyle("h3", fontName=BOLD, fontSize=11, leading=14),
    }


class SampleCanvas(TaggedCanvas):
    """Defines each page's "Pagina N di M" form once the page count is known."""

    pages = 0

    def save(self) -> None:
        for n in range(1, self.pages + 1):
            self.beginForm(f"page-{n}", lowerx=-200, lowery=-10, upperx=0, uppery=20)
            with self.tags.artifact("Pagination"):
                self.setFont(FONT, 8)
                self.drawRightString(0, 0, f"Pagina {n} di {self.pages}")
            self.endForm()
        super().save()


class PlainCanvas(Canvas):
    """The same page-number forms on an untagged canvas."""

    pages = 0

    def save(self) -> None:
        for n in range(1, self.pages + 1):
            self.beginForm(f"page-{n}", lowerx=-200, lowery=-10, upperx=0, uppery=20)
            self.setFont(FONT, 8)
            self.drawRightString(0, 0, f"Pagina {n} di {self.pages}")
            self.endForm()
        super().save()


def _draw_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 8)
    canvas.drawString(50, PAGE_H - 30, "Bollettino di prova - testata")
    canvas.line(50, PAGE_H - 36, PAGE_W - 50, PAGE_H - 36)
    canvas.drawString(50, 30, "Comitato di Sorveglianza")
    canvas.translate(PAGE_W - 50, 30)
    canvas.doForm(f"page-{doc.page}")
    canvas.restoreState()
    canvas.pages = doc.page


def _figure() -> Drawing:
    drawing = Drawing(300, 150)
    drawing.initialFontName = FONT  # renderPDF would otherwise select Helvetica
    drawing.add(Rect(10, 10, 100, 120, fillColor=colors.HexColor("#0B5394"), strokeColor=None))
    drawing.add(String(150, 70, "Asse I: 100", fontName=FONT, fontSize=10))
    return drawing


def _table(tagged: bool) -> tuple[DataTableTags, Table]:
    st = _styles()
    rows = [["Provincia", "Imprese", "Importo"]]
    rows += [[f"Provincia {i}", str(i), f"{i * 1000} €"] for i in range(ROWS)]
    rows.append(["Totale", "1770", "1.770.000 €"])
    tags = DataTableTags(rows=len(rows), header_rows=1, footer_rows=1, row_headers=1)
    style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DCE6F0")),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.grey),
        ]
    )
    cells = [[Paragraph(c, st["body"]) for c in row] for row in rows]
    return tags, Table(cells, repeatRows=1, renderCB=tags if tagged else None, style=style)


def sample_story(tagged: bool = True) -> list[Flowable]:
    """The sample document's story: every piece tagged, or the same flowables bare."""
    st = _styles()

    def t(flowable: Flowable, role: str, **props: Any) -> Flowable:
        return Tagged(flowable, role, **props) if tagged else flowable

    def g(role: str, flowables: list[Flowable], **props: Any) -> list[Flowable]:
        return group(role, flowables, **props) if tagged else flowables

    long_text = " ".join(f"Frase {i} di un paragrafo che attraversa la pagina." for i in range(130))
    items: list[Flowable] = [
        ListItem(Paragraph("\u2022", st["body"]), Paragraph(f"Voce {i} dell'elenco", st["item"]))
        for i in range(1, 4)
    ]
    table_tags, table = _table(tagged)
    layout = Table(
        [
            [
                t(Paragraph("Colonna sinistra", st["body"]), "P"),
                "",
                t(Paragraph("Colonna destra", st["body"]), "P"),
            ],
            ["Testo semplice", "", ""],
        ],
        renderCB=LayoutTableTags() if tagged else None,
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("BACKGROUND", (0, 0), (0, 0), colors.whitesmoke),
            ]
        ),
    )
    rule = HRFlowable(width="100%", color=colors.grey)
    caption = Paragraph("Imprese per provincia", st["body"])
    english = Paragraph("This sentence is in English.", st["body"])
    return g(
        "Sect",
        [
            t(Paragraph("Bollettino di prova", st["h1"]), "H1"),
            t(Paragraph("Introduzione al bollettino.", st["body"]), "P"),
            *g(
                "Sect",
                [
                    t(Paragraph("Un paragrafo lungo", st["h2"]), "H2"),
                    t(Paragraph(long_text, st["body"]), "P"),
                    *g("L", items, list_numbering="Disc"),
                ],
            ),
            *g(
                "Sect",
                [
                    t(Paragraph("Una tabella", st["h2"]), "H2"),
                    t(caption, "Caption", within=("Table", table_tags.table)),
                    table,
                ],
            ),
            *g(
                "Sect",
                [
                    t(Paragraph("Una figura", st["h2"]), "H2"),
                    t(_figure(), "Figure", alt=ALT),
                    t(Paragraph("Figura 1: imprese per asse", st["body"]), "Caption"),
                    Decoration(rule) if tagged else rule,
                    t(Paragraph("Nota: dati illustrativi.", st["body"]), "Note"),
                    t(english, "P", lang="en-GB"),
                    t(Paragraph("Un sottotitolo", st["h3"]), "H3"),
                    layout,
                ],
            ),
        ],
    )


def build(story: Story = sample_story, canvasmaker: type[Canvas] = SampleCanvas) -> bytes:
    """The sample document as PDF bytes."""
    _styles()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title="Bollettino di prova: accessibilità",
        author="Regione Lombardia",
        subject="Prova del PDF accessibile",
        keywords=["POR", "FSE"],
        creator="porreport",
        producer="porreport",
        invariant=1,
        lang="it-IT",
        initialFontName=FONT,
        displayDocTitle=1,
    )
    frame = Frame(50, 50, PAGE_W - 100, PAGE_H - 100, id="body")
    doc.addPageTemplates(
        [PageTemplate(id="page", frames=[frame], onPage=artifact_page(_draw_page))]
    )
    doc.build(story(), canvasmaker=canvasmaker)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tagging") / "sample.pdf"
    path.write_bytes(build())
    return path


@pytest.fixture(scope="module")
def pdf(sample: Path) -> pikepdf.Pdf:
    return pikepdf.open(sample)


def _open(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


# --- the sample passes every check ---------------------------------------------------


@pytest.mark.parametrize("check", sorted(pdfcheck.CHECKS))
def test_sample_passes_structural_check(pdf: pikepdf.Pdf, check: str) -> None:
    assert pdfcheck.CHECKS[check](pdf) == []


def test_all_checks_together_and_the_file_syntax(sample: Path) -> None:
    assert pdfcheck.all_problems(sample) == {}


def test_plain_reportlab_streams_are_not_pdfa_syntax() -> None:
    """Without TaggedCanvas, ReportLab counts the end of the data in /Length and writes
    ``endstream`` right after it: the check sees it."""
    problems = pdfcheck.file_syntax_problems(build(canvasmaker=PlainCanvas))
    assert problems and all(p.endswith("no end-of-line after /Length bytes") for p in problems)


def test_pdfua_checker_finds_nothing_and_skips_nothing(sample: Path) -> None:
    report = validate(str(sample))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    assert [(o.rule_id, o.skipped_reason) for o in report.outcomes if o.skipped_reason] == []


def test_identical_input_gives_identical_bytes(sample: Path) -> None:
    assert build() == sample.read_bytes()


@pytest.mark.parametrize("flowables", ["tagged", "bare"])
def test_tagging_changes_no_drawing_operator(sample: Path, flowables: str) -> None:
    """The tagged flowables on a plain canvas, and the bare flowables they wrap, draw the
    same operators as the tagged file minus its marked content: same layout, same look."""
    story = sample_story if flowables == "tagged" else lambda: sample_story(tagged=False)
    tagged, plain = pikepdf.open(sample), _open(build(story, canvasmaker=PlainCanvas))
    assert "/StructTreeRoot" not in plain.Root
    assert len(tagged.pages) == len(plain.pages) == 5

    def drawing(page: pikepdf.Page) -> list[str]:
        ops = pikepdf.parse_content_stream(page)
        out = [
            f"{list(i.operands)} {i.operator}" for i in ops if str(i.operator) not in ("BDC", "EMC")
        ]
        # a zero-size Begin/End marker is placed like any flowable: "q 1 0 0 1 x y cm Q"
        text = "\n".join(out) + "\n"
        return re.sub(r"\[\] q\n[^\n]* cm\n\[\] Q\n", "", text).splitlines()

    for tagged_page, plain_page in zip(tagged.pages, plain.pages, strict=True):
        assert drawing(tagged_page) == drawing(plain_page)


# --- what the structure says ---------------------------------------------------------


def test_reading_order_of_the_structure(pdf: pikepdf.Pdf) -> None:
    wanted = {"H1", "H2", "H3", "P", "L", "Table", "Caption", "Figure", "Note"}
    outline = [
        e.type
        for e in pdfcheck.elements(pdf)
        if e.type in wanted and "/Table[" not in e.path.rsplit("/", 1)[0]
    ]
    assert outline == [
        *("H1", "P", "H2", "P", "L", "H2", "Table", "H2", "Figure", "Caption", "Note", "P"),
        *("H3", "P", "P", "P"),
    ]
    table = next(e for e in pdfcheck.elements(pdf) if e.type == "Table")
    assert pdfcheck.element_kids(table, {}) == ["Caption", "THead", "TBody", "TFoot"]


def _pages_of(pdf: pikepdf.Pdf, element: pdfcheck.Element) -> list[int]:
    index = {p.obj.objgen: i + 1 for i, p in enumerate(pdf.pages)}
    refs = pdfcheck._marked_refs(element.obj, {k: v - 1 for k, v in index.items()})
    return sorted({page + 1 for page, _ in refs})


def test_a_paragraph_split_across_pages_is_one_element(pdf: pikepdf.Pdf) -> None:
    paragraphs = [e for e in pdfcheck.elements(pdf) if e.type == "P"]
    assert [_pages_of(pdf, p) for p in paragraphs[:2]] == [[1], [2, 3]]
    long = paragraphs[1].obj
    assert isinstance(long.K[0], int)  # on its own page (/Pg): a bare MCID
    assert long.K[-1].Type == "/MCR" and long.K[-1].Pg.objgen == pdf.pages[2].obj.objgen


def test_a_table_split_across_pages_has_one_header_repeated_as_artifact(pdf: pikepdf.Pdf) -> None:
    kinds = [e for e in pdfcheck.elements(pdf) if e.type in ("THead", "TBody", "TFoot")]
    assert [len(pdfcheck._kids(e.obj)) for e in kinds] == [1, ROWS, 1]
    body_pages = sorted(
        {p for tr in pdfcheck._kids(kinds[1].obj) for p in _pages_of(pdf, _cell(tr))}
    )
    assert body_pages == [3, 4]
    scopes = [
        str(pdfcheck._attribute(c.obj, "Table", "Scope"))
        for c in pdfcheck.elements(pdf)
        if c.type == "TH"
    ]
    assert scopes == ["/Column"] * 3 + ["/Row"] * (ROWS + 1)

    def paginations(page: pikepdf.Page) -> int:
        ops = pikepdf.parse_content_stream(page)
        return sum(
            1
            for i in ops
            if str(i.operator) == "BDC" and i.operands[1].get("/Type") == "/Pagination"
        )

    # the running header and footer on each page, plus the repeated header on pages 4, 5
    assert [paginations(p) for p in pdf.pages] == [1, 1, 1, 2, 2]


def _cell(row: pikepdf.Dictionary) -> pdfcheck.Element:
    return pdfcheck.Element("TH", row.K[0], "")


def test_figure_has_alt_and_the_box_where_it_is_drawn(pdf: pikepdf.Pdf) -> None:
    figure = next(e for e in pdfcheck.elements(pdf) if e.type == "Figure")
    assert str(figure.obj.Alt) == ALT
    x0, y0, x1, y1 = (float(v) for v in pdfcheck._attribute(figure.obj, "Layout", "BBox"))
    assert (x0, x1, round(y1 - y0, 2)) == (56.0, 356.0, 150.0)  # frame x + padding, 300 x 150


def test_list_note_and_language(pdf: pikepdf.Pdf) -> None:
    found = pdfcheck.elements(pdf)
    lists = [e for e in found if e.type == "L"]
    assert [str(pdfcheck._attribute(e.obj, "List", "ListNumbering")) for e in lists] == ["/Disc"]
    items = [pdfcheck.element_kids(e, {}) for e in found if e.type == "LI"]
    assert items == [["Lbl", "LBody"]] * 3
    notes = [str(e.obj.ID) for e in found if e.type == "Note"]
    assert notes == ["note-1"]
    assert [str(e.obj.Lang) for e in found if "/Lang" in e.obj] == ["en-GB"]


def test_page_furniture_and_the_page_number_form_are_artifacts(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        ops = [
            i
            for i in pikepdf.parse_content_stream(page)
            if isinstance(i, pikepdf.ContentStreamInstruction)
        ]
        first = next(i for i in ops if str(i.operator) == "BDC")
        assert first.operands[0] == "/Artifact" and first.operands[1].Type == "/Pagination"
        forms = list(page.obj.Resources.XObject.values())
        assert len(forms) == 1
        form_ops = pikepdf.parse_content_stream(forms[0])
        assert [str(i.operator) for i in form_ops if str(i.operator) in ("BDC", "EMC")] == [
            "BDC",
            "EMC",
        ]


def test_catalog_pages_and_header(sample: Path, pdf: pikepdf.Pdf) -> None:
    assert sample.read_bytes().startswith(b"%PDF-1.7\n")
    root = pdf.Root
    assert (str(root.Lang), root.MarkInfo.Marked, root.ViewerPreferences.DisplayDocTitle) == (
        "it-IT",
        True,
        True,
    )
    assert "/Suspects" not in root.MarkInfo
    assert [(p.obj.StructParents, str(p.obj.Tabs)) for p in pdf.pages] == [
        (i, "/S") for i in range(5)
    ]
    assert int(root.StructTreeRoot.ParentTreeNextKey) == 5
    assert [str(e.S) for e in [root.StructTreeRoot.K[0]]] == ["/Document"]


def test_xmp_identification_matches_the_info_dictionary(pdf: pikepdf.Pdf) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        assert (xmp["pdfuaid:part"], xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == (
            "1",
            "2",
            "A",
        )
        assert (
            xmp["dc:title"] == str(pdf.trailer.Info.Title) == "Bollettino di prova: accessibilità"
        )
        assert xmp["xmp:CreateDate"] == "2000-01-01T00:00:00+00:00"
        assert xmp["dc:language"] == {"it-IT"}


def test_the_srgb_profile_is_deterministic_and_fit_for_pdfa() -> None:
    srgb_profile.cache_clear()
    first = srgb_profile()
    srgb_profile.cache_clear()
    assert srgb_profile() == first
    assert (first[12:16], first[16:20], first[8]) == (b"mntr", b"RGB ", 4)
    assert first[24:36] == bytes.fromhex("07d0 0001 0001 0000 0000 0000")  # 2000-01-01
    assert first[84:100] != bytes(16)  # the profile ID is computed


# --- the tools outside Python agree --------------------------------------------------


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False)


@pytest.mark.external("pdfinfo")
def test_poppler_sees_a_tagged_file_without_errors(sample: Path) -> None:
    result = _run("pdfinfo", str(sample))
    assert result.returncode == 0 and result.stderr == ""
    assert re.search(r"^Tagged:\s+yes$", result.stdout, re.M)
    assert re.search(r"^PDF version:\s+1\.7$", result.stdout, re.M)


@pytest.mark.external("qpdf")
def test_qpdf_check_is_clean(sample: Path) -> None:
    result = _run("qpdf", "--check", str(sample))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


@pytest.mark.external("pdfinfo")
def test_poppler_structure_text_is_in_reading_order(sample: Path) -> None:
    """``pdfinfo -struct-text`` prints each element and its text: the headings, captions,
    figure and note come in the order of the story, with their words."""
    result = _run("pdfinfo", "-struct-text", str(sample))
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    found = []
    for i, line in enumerate(lines[:-1]):
        kind = line.strip().split(" ")[0].rstrip(":")
        if kind in ("H1", "H2", "H3", "Caption", "Note", "Lbl"):
            found.append((kind, lines[i + 1].strip().strip('"')))
    assert found == [
        ("H1", "Bollettino di prova"),
        ("H2", "Un paragrafo lungo"),
        *[("Lbl", "\u2022")] * 3,
        ("H2", "Una tabella"),
        ("Caption", "Imprese per provincia"),
        ("H2", "Una figura"),
        ("Caption", "Figura 1: imprese per asse"),
        ("Note", "Nota: dati illustrativi."),
        ("H3", "Un sottotitolo"),
    ]
    assert [line.strip() for line in lines if line.strip().startswith('"Voce')] == [
        f'"Voce {i} dell\'elenco"' for i in (1, 2, 3)
    ]


# --- the checks fail when they should ------------------------------------------------


def _replace(old: type | str, new: Callable[[Flowable], Flowable]) -> Story:
    """The sample story with the first flowable matching ``old`` replaced."""

    def story() -> list[Flowable]:
        out, done = [], False
        for f in sample_story():
            matches = (
                isinstance(f, Tagged) and f.role == old
                if isinstance(old, str)
                else isinstance(f, old)
            )
            out.append(new(f) if matches and not done else f)
            done = done or matches
        return out

    return story


def test_untagged_content_is_found() -> None:
    data = build(_replace("P", lambda f: f.inner))  # the introduction, untagged
    assert pdfcheck.unmarked_content_problems(_open(data)) == [
        "page 1: 'Tj' outside tagged content and artifacts"
    ]


def test_an_untagged_page_callback_is_found() -> None:
    buffer = io.BytesIO()
    _styles()
    doc = BaseDocTemplate(buffer, pagesize=A4, lang="it-IT", invariant=1, initialFontName=FONT)
    frame = Frame(50, 50, PAGE_W - 100, PAGE_H - 100, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_draw_page)])
    doc.build(sample_story(), canvasmaker=SampleCanvas)
    problems = pdfcheck.unmarked_content_problems(_open(buffer.getvalue()))
    assert problems[:3] == [
        f"page 1: '{op}' outside tagged content and artifacts" for op in ("Tj", "S", "Tj")
    ]
    assert "page 1: 'Do' outside tagged content and artifacts" in problems


def test_a_figure_without_alt_is_found(tmp_path: Path) -> None:
    data = build(_replace("Figure", lambda f: Tagged(f.inner, "Figure")))
    problems = pdfcheck.figure_problems(_open(data))
    assert problems == ["/Document[0]/Sect[0]/Sect[4]/Figure[1]: Figure without alternative text"]
    path = tmp_path / "no-alt.pdf"
    path.write_bytes(data)
    assert [f.rule_id for f in validate(str(path)).findings] == ["UA-13-004"]


def test_a_skipped_heading_level_is_found() -> None:
    data = build(_replace("H2", lambda f: Tagged(f.inner, "H3")))
    assert pdfcheck.heading_problems(_open(data)) == [
        "/Document[0]/Sect[0]/Sect[2]/H3[0]: H3 after H1"
    ]


def test_mismatched_parent_tree_and_metadata_are_found(sample: Path) -> None:
    pdf = pikepdf.open(sample)
    del pdf.pages[1].obj["/StructParents"]
    entry = pdf.Root.StructTreeRoot.ParentTree.Nums[1]
    entry[0] = entry[1]  # MCID 0 of page 1 now points at the element of MCID 1
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp["dc:title"] = "Un altro titolo"
        del xmp["pdfuaid:part"]
    assert pdfcheck.parent_tree_problems(pdf) == [
        "page 1: MCID 0 maps to an element that does not own it",
        "page 2: tagged content but no parent-tree entry",
    ]
    problems = pdfcheck.metadata_problems(pdf)
    assert problems[:2] == [
        "XMP {http://www.aiim.org/pdfua/ns/id/}part is None, expected '1'",
        "XMP {http://purl.org/dc/elements/1.1/}title is 'Un altro titolo', "
        "expected 'Bollettino di prova: accessibilità'",
    ]


class Draw(Flowable):
    """A flowable that calls ``draw(tags)`` (the tagging API) when it is drawn."""

    def __init__(self, draw: Callable[[Tags, Canvas], None]) -> None:
        super().__init__()
        self.callback = draw

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 100, 20

    def draw(self) -> None:
        tags = tags_of(self.canv)
        assert tags is not None
        self.callback(tags, self.canv)


def test_table_rows_of_different_widths_and_a_th_without_scope_are_found() -> None:
    def table(tags: Tags, canvas: Canvas) -> None:
        with tags.element("Table"):
            for cells in (("TH", "TD"), ("TD",)):
                with tags.element("TR"):
                    for kind in cells:
                        with tags.element(kind), tags.content():
                            canvas.drawString(0, 0, kind)

    data = build(lambda: [*group("Sect", [Draw(table)])])
    assert pdfcheck.table_problems(_open(data)) == [
        "/Document[0]/Sect[0]/Table[0]: a TH without /Scope",
        "/Document[0]/Sect[0]/Table[0]: rows of different widths [2, 1]",
    ]


# --- the tagging API refuses what PDF/UA forbids -------------------------------------


def _canvas() -> TaggedCanvas:
    _styles()
    canvas = TaggedCanvas(io.BytesIO(), lang="it-IT", invariant=1, initialFontName=FONT)
    return canvas


def test_sequences_may_not_nest_wrongly() -> None:
    tags = _canvas().tags
    with tags.element("P"), tags.content():
        with pytest.raises(TaggingError, match="tagged content inside content"):
            tags.content().__enter__()
        with pytest.raises(TaggingError, match="an artifact inside tagged content"):
            tags.artifact().__enter__()
        with pytest.raises(TaggingError, match="a Span element opened inside an open content"):
            tags.element("Span").__enter__()
    with (
        tags.artifact(),
        pytest.raises(TaggingError, match="a P element opened inside an open artifact"),
    ):
        tags.element("P").__enter__()
    with (
        tags.element("P"),
        tags.artifact(),
        pytest.raises(TaggingError, match="tagged content inside artifact"),
    ):
        tags.content().__enter__()


def test_content_needs_an_element_and_a_page() -> None:
    canvas = _canvas()
    with pytest.raises(TaggingError, match="content drawn outside any element"):
        canvas.tags.content().__enter__()
    canvas.beginForm("form")
    with canvas.tags.element("P"), pytest.raises(TaggingError, match="inside a form XObject"):
        canvas.tags.content().__enter__()


def test_a_sequence_may_not_cross_the_end_of_a_page() -> None:
    canvas = _canvas()
    with canvas.tags.artifact():
        canvas.drawString(10, 10, "x")
        with pytest.raises(TaggingError, match=r"\(artifact\) left open at the end of a stream"):
            canvas.showPage()


@pytest.mark.parametrize(
    ("parents", "child", "message"),
    [
        ((), "LI", r"LI may not stand inside Document \(only in \['L'\]\)"),
        (("Table",), "TD", r"TD may not stand inside Table"),
        (("L",), "P", r"L may not contain P"),
        ((), "Paragrafo", "neither standard nor role-mapped"),
    ],
)
def test_elements_nest_as_pdf_ua_requires(
    parents: tuple[str, ...], child: str, message: str
) -> None:
    tree = StructureTree()
    for parent in parents:
        tree.open(parent)
    with pytest.raises(TaggingError, match=message):
        tree.open(child)


def test_a_role_map_names_custom_types() -> None:
    tree = StructureTree(role_map={"Riquadro": "Div"})
    tree.open("Riquadro")
    with pytest.raises(TaggingError, match="map a custom type to a standard one"):
        StructureTree(role_map={"P": "Div"})


def test_saving_with_an_open_element_or_without_a_language_fails() -> None:
    canvas = _canvas()
    canvas.tags.open("Sect")
    with pytest.raises(
        TaggingError, match="elements left open when the document was saved: Document > Sect"
    ):
        canvas.save()
    untitled = TaggedCanvas(io.BytesIO(), invariant=1, initialFontName=FONT)
    with pytest.raises(TaggingError, match="needs the document's language"):
        untitled.save()


def test_a_continuation_starts_afresh_in_a_new_tree() -> None:
    from porreport.bulletin.tagging import Continuation

    shared = Continuation()
    first, second = StructureTree(), StructureTree()
    with first.element("P", shared) as a, first.element("Span"):
        pass
    with first.element("P", shared) as again:
        assert again is a
    with second.element("P", shared) as b:
        assert b is not a and shared.owner is second
    assert [e.type for e in first.root.walk()] == ["Document", "P", "Span"]
