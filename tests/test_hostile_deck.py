"""Issue 17, the deck's classes of the hostile catalogue.

Class 2, formula injection: a text that starts like a formula (``=``, ``+``, ``-``, ``@``,
after any tab, carriage return, line feed or spaces) is stored in the charts' embedded
workbooks as text, never as a formula, by ``porreport build`` and by ``porreport update``
(``assert_text_cells`` opens every workbook of every chart and its caches).

Class 6, text the deck cannot fit: a 5,000-character word or a text of 800 short lines is
cut and continued where the deck continues text, shrunk within the fitting rules, or
refused naming the field (exit 2); nothing is drawn past its box (``assert_fits`` measures
every planned box, the LibreOffice checker looks at the slides).

Every report is generated in ``tmp_path`` from the bundled example; the CLI runs through
``tests/hostile.py``.
"""

from __future__ import annotations

import copy
import io
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from hostile import Run, assert_behaves, assert_refused, run_cli
from porreport.api import document_of, render
from porreport.content.document import ChartSpec, Document, Series
from porreport.deck.chart_layout import category_name
from porreport.deck.fit import OVERFULL, SAFETY, Para, Span, break_words, height, scaled
from porreport.deck.plan import plan_deck
from porreport.deck.plan_text import inner
from porreport.deck.slides import EMU_PER_PT, DeckPlan, Group, TablePlan, TextShape
from porreport.deck.template_file import open_template, read_frames
from porreport.deck.unfit import MAX_LINES, fields_of, flowing_texts, lines
from porreport.errors import InputError
from porreport.inputs.loading import load
from porreport.resources import example_report
from porreport.typesetting import token_width

ROOT = Path(__file__).resolve().parents[1]
ENV = {"PYTHONPATH": str(ROOT / "src")}  # the child imports this tree, from any folder
EXAMPLES = [example_report(), *sorted((ROOT / "data" / "examples").glob("*.yaml"))]

# --- reports generated from the example ------------------------------------------------------


@cache
def _example() -> dict[str, Any]:
    return yaml.safe_load(example_report().read_text(encoding="utf-8"))


class _Plain(yaml.SafeDumper):
    """Every value written out (porreport refuses YAML aliases)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def write_report(folder: Path, edit: Callable[[dict[str, Any]], None], name: str = "r") -> Path:
    """The example with ``edit`` applied to its data, written in ``folder`` with its tables."""
    data = copy.deepcopy(_example())
    edit(data)
    for table in example_report().parent.glob("*.csv"):
        shutil.copy(table, folder / table.name)
    path = folder / f"{name}.yaml"
    text = yaml.dump(data, Dumper=_Plain, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def set_field(data: dict[str, Any], path: str, value: object) -> None:
    """Set ``assi[0].titolo``-style ``path`` in the report's data."""
    keys: list[str | int] = [int(k) if k.isdigit() else k for k in re.findall(r"[^.\[\]]+", path)]
    node: Any = data
    for key in keys[:-1]:
        node = node[key] if isinstance(key, int) else node.setdefault(key, {})
    node[keys[-1]] = value


def cli(args: list[str], folder: Path) -> Run:
    return run_cli(args, cwd=folder, env=ENV)


# --- class 2: every text cell of every chart's workbook is text ------------------------------

SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
CHART_NS = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
FORMULA_STARTS = ("=", "+", "-", "@")
# what may stand before the formula's first character (Excel skips it)
PREFIXES = ("", "\t", "\r", "\n", "  ", " \t\r\n")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _shared_text(si: ET.Element) -> str:
    """A shared or inline string's text, with Excel's ``_xHHHH_`` escapes read back."""
    raw = "".join(t.text or "" for t in si.iter(f"{SHEET_NS}t"))
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), raw)


def sheet_cells(xlsx: bytes) -> dict[str, str | float]:
    """The cells of a workbook's sheets (``A1`` -> text or number), asserting that no cell
    holds a formula and that every text cell is a shared or inline string."""
    cells: dict[str, str | float] = {}
    with zipfile.ZipFile(io.BytesIO(xlsx)) as workbook:
        names = workbook.namelist()
        shared = []
        if "xl/sharedStrings.xml" in names:
            root = ET.fromstring(workbook.read("xl/sharedStrings.xml"))
            shared = [_shared_text(si) for si in root.iter(f"{SHEET_NS}si")]
        sheets = [n for n in names if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n)]
        assert sheets, names
        for name in sheets:
            root = ET.fromstring(workbook.read(name))
            assert root.find(f".//{SHEET_NS}f") is None, f"formula in {name}"
            for cell in root.iter(f"{SHEET_NS}c"):
                ref, kind = cell.get("r", ""), cell.get("t")
                value = cell.findtext(f"{SHEET_NS}v")
                if kind == "s":
                    cells[ref] = shared[int(value or "")]
                elif kind == "inlineStr":
                    inline = cell.find(f"{SHEET_NS}is")
                    assert inline is not None, ref
                    cells[ref] = _shared_text(inline)
                elif value is not None:
                    assert kind in (None, "n"), (name, ref, kind)  # no "str", "b", "e"
                    cells[ref] = float(value)
    return cells


def _caches(chart: ET.Element) -> Iterator[tuple[list[str], str, list[float]]]:
    """Each series of a chart part: the categories, its name and its values as cached."""
    for series in chart.iter(f"{CHART_NS}ser"):
        cat = series.find(f"{CHART_NS}cat")
        categories = [v.text or "" for v in cat.iter(f"{CHART_NS}v")] if cat is not None else []
        tx = series.find(f"{CHART_NS}tx")
        name = "".join(v.text or "" for v in tx.iter(f"{CHART_NS}v")) if tx is not None else ""
        val = series.find(f"{CHART_NS}val")
        values = [float(v.text or "") for v in val.iter(f"{CHART_NS}v")] if val is not None else []
        yield categories, name, values


def _column(k: int) -> str:
    return chr(ord("A") + k)


def assert_text_cells(pptx: bytes | Path) -> set[str]:
    """Every chart's embedded workbook holds no formula, its text cells are strings and
    they read as the chart's caches (categories in column A, series names in row 1, values
    under them). Returns every text of every workbook."""
    data = pptx.read_bytes() if isinstance(pptx, Path) else pptx
    texts: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(data)) as deck:
        names = deck.namelist()
        charts = [n for n in names if re.fullmatch(r"ppt/charts/chart\d+\.xml", n)]
        embedded = {n for n in names if n.startswith("ppt/embeddings/")}
        assert len(embedded) == len(charts), (embedded, charts)
        for chart in charts:
            rels = ET.fromstring(deck.read(chart.replace("charts/", "charts/_rels/") + ".rels"))
            (target,) = [r.get("Target", "") for r in rels.iter(f"{REL_NS}Relationship")]
            workbook = "ppt/" + target.removeprefix("../")
            assert workbook in embedded, (chart, target)
            cells = sheet_cells(deck.read(workbook))
            texts |= {v for v in cells.values() if isinstance(v, str)}
            for k, (categories, name, values) in enumerate(
                _caches(ET.fromstring(deck.read(chart)))
            ):
                column = _column(k + 1)
                assert cells[f"{column}1"] == name, (chart, k)
                assert [cells[f"A{r + 2}"] for r in range(len(categories))] == categories
                assert [cells[f"{column}{r + 2}"] for r in range(len(values))] == values
    return texts


def _spec(categories: tuple[str, ...], name: str) -> ChartSpec:
    values = tuple(float(k + 1) for k in range(len(categories)))
    series = Series(name, values, tuple(str(v) for v in values))
    return ChartSpec("prova", "bar", "Prova", categories, (series,), "n", "#,##0", "Prova")


@pytest.mark.parametrize("prefix", PREFIXES, ids=repr)
@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_chart_writes_formula_like_texts_as_text(start: str, prefix: str) -> None:
    """The chart writer itself, for every start and whatever stands before it: categories
    and the series name are strings in the workbook and in the caches, exactly."""
    from pptx import Presentation

    from porreport.deck.charts import add_chart

    texts = (
        f'{prefix}{start}HYPERLINK("http://esempio.invalid";"clic")',
        f"{prefix}{start}cmd|' /C calc'!A0",
        f"{prefix}{start}1+1",
    )
    name = f"{prefix}{start}SUM(A1:A9)"
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    add_chart(slide, _spec(texts, name), (0, 0, 6_000_000, 4_000_000), "Grafico")
    out = io.BytesIO()
    deck.save(out)
    found = assert_text_cells(out.getvalue())
    assert {category_name(t) for t in texts} | {name} <= found


def _formula_texts() -> dict[str, str]:
    """A formula-like text for each field of the example whose text lands in a chart's
    workbook: every start and every prefix in turn (the model strips the prefixes; the
    start stays)."""
    payloads = (
        'HYPERLINK("http://esempio.invalid";"clic")',
        "cmd|' /C calc'!A0",
        "1+1",
        "SUM(A1:A9)",
    )
    fields = [f"avvisi[0].monitoraggio.settori[{k}].titolo" for k in range(6)]
    fields += [
        "avvisi[0].monitoraggio.dimensioni[0].etichetta",
        "avvisi[0].monitoraggio.dimensioni[1].etichetta",
        "avvisi[0].monitoraggio.ripartizione.voci[0].etichetta",
        "avvisi[0].monitoraggio.ripartizione.voci[1].etichetta",
        "vocabolario.destinatari.plurale",
        "vocabolario.asse.singolare",
    ]
    return {
        field: PREFIXES[k % len(PREFIXES)]
        + FORMULA_STARTS[k % len(FORMULA_STARTS)]
        + payloads[k // len(FORMULA_STARTS) % len(payloads)]
        + f" {k}"
        for k, field in enumerate(fields)
    }


def _formula_report(folder: Path) -> Path:
    texts = _formula_texts()

    def edit(data: dict[str, Any]) -> None:
        monitoring = data["avvisi"][0]["monitoraggio"]
        monitoring["dimensioni"] = [
            {"dimensione": "micro", "imprese": 400, "importo": "€ 5.000.000"},
            {"dimensione": "piccola", "imprese": 364, "importo": "€ 5.705.500"},
        ]
        del monitoring["covid"]
        monitoring["ripartizione"] = {
            "voci": [{"etichetta": "x", "valore": 379}, {"etichetta": "y", "valore": 385}]
        }
        data["vocabolario"] = {
            "asse": {"singolare": "x", "plurale": "Assi", "genere": "m"},
            "destinatari": {"singolare": "impresa", "plurale": "x", "genere": "f"},
        }
        for field, text in texts.items():
            set_field(data, field, text)

    return write_report(folder, edit, "formule")


@pytest.fixture(scope="module")
def example_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's deck, as ``porreport build`` writes it (the deck ``update`` starts from)."""
    folder = tmp_path_factory.mktemp("esempio")
    path = folder / "esempio.pptx"
    path.write_bytes(render(document_of(load(example_report())), "pptx"))
    return path


def test_build_and_update_store_formula_like_texts_as_text(
    tmp_path: Path, example_deck: Path
) -> None:
    """Sector titles, size classes, routes, the beneficiaries' and the axes' words starting
    like a formula (each start, after each prefix) reach the charts as text, in a built deck
    and in an updated one."""
    report = _formula_report(tmp_path)
    document = document_of(load(report))
    expected = {category_name(c) for s in document.charts() for c in s.categories}
    expected |= {series.name for s in document.charts() for series in s.series}
    hostile = {t for t in expected if t[:1] in FORMULA_STARTS and t[1:2] in "Hc1S"}
    assert {t[0] for t in hostile} == set(FORMULA_STARTS) and len(hostile) >= 12, expected
    run = cli(["build", str(report), "-o", "out", "--format", "pptx"], tmp_path)
    assert_behaves(run, code=0)
    assert hostile <= assert_text_cells(tmp_path / "out" / "formule.pptx")
    updated = tmp_path / "aggiornato.pptx"
    run = cli(["update", str(example_deck), str(report), "-o", str(updated)], tmp_path)
    assert_behaves(run)
    assert run.code in (0, 3), run.describe()  # 3: the data changed titles people could edit
    assert hostile <= assert_text_cells(updated)


@pytest.mark.parametrize("report", EXAMPLES, ids=lambda p: p.name)
def test_the_examples_charts_hold_text_cells(report: Path) -> None:
    texts = assert_text_cells(render(document_of(load(report)), "pptx"))
    assert "Categoria" in texts


# --- class 6: no text drawn past its box -------------------------------------------------------

WORD = "x" * 5000
LINES = "\n".join(["riga"] * 800)
# the fields of free text (at most 5,000 characters): each continues where it is shown
TEXT_FIELDS = (
    "iniziative[0].testo",
    "avvisi[0].finalita",
    "avvisi[0].interventi[0].testo",
    "avvisi[0].nota_interventi",
    "avvisi[0].dotazione.testo",
    "avvisi[0].emergenza.testo",
    "avvisi[0].monitoraggio.province.nota",
    "avvisi[0].valutazione.punti_di_forza[0]",
    "avvisi[0].valutazione.aspetti_da_migliorare[1]",
)
# labels and titles (80 to 300 characters) that continue or shrink with a word at their limit
WORDY_FIELDS = {
    "rapporto.titolo": 150,
    "rapporto.fonte": 300,
    "assi[0].titolo": 80,
    "assi[0].richiami[0].testo": 300,
    "iniziative[1].titolo": 300,
    "iniziative[1].atti[0]": 300,
    "avvisi[0].interventi[1].nome": 80,
    "avvisi[0].emergenza.titolo": 150,
    "avvisi[0].emergenza.atto": 150,
    "avvisi[0].monitoraggio.settori[0].titolo": 150,
    "avvisi[0].monitoraggio.covid.titolo_addendum": 300,
}


def _frames(document: Document) -> tuple[dict[str, Any], tuple[int, int]]:
    prs, source = open_template(None)
    frames = read_frames(prs, source, {s.layout for s in document.sections})
    return frames, (int(prs.slide_width or 0), int(prs.slide_height or 0))


def _shown(paras: tuple[Para, ...], font_scale: float) -> list[Para]:
    """Paragraphs as the viewer shows them: sizes at the box's autofit scale."""
    return [replace(p, size=scaled(p, font_scale)) for p in paras]


def _boxes(
    deck: DeckPlan, frames: dict[str, Any]
) -> Iterator[tuple[str, list[Para], float, float, tuple[int, ...]]]:
    """(where, paragraphs as shown, inner width, inner height, box) of every planned text."""
    for number, slide in enumerate(deck.slides, 1):
        where = f"slide {number} «{slide.title.shown()[:40]}»"
        layout = frames[slide.layout]
        for text in slide.texts:
            frame = layout.frame(text.name)
            box = text.box or frame.box
            width, height_ = inner(box, frame.insets)
            if text.columns is not None:
                gap = text.columns.gap / EMU_PER_PT
                width = (width - gap * (text.columns.count - 1)) / text.columns.count
                height_ *= text.columns.count
            yield f"{where}: {text.name}", _shown(text.paras, text.font_scale), width, height_, box
        for drawing in slide.drawings:
            members = drawing.shapes if isinstance(drawing, Group) else (drawing,)
            for shape in members:
                if isinstance(shape, TextShape):
                    width, height_ = inner(shape.box, shape.insets)
                    paras = _shown(shape.paras, shape.font_scale)
                    yield f"{where}: {shape.name}", paras, width, height_, shape.box
            if isinstance(drawing, TablePlan):
                across, down = (m / EMU_PER_PT for m in drawing.margins)
                for r, row in enumerate(drawing.cells):
                    for c, cell in enumerate(row):
                        width = drawing.widths[c] / EMU_PER_PT - 2 * across
                        height_ = drawing.heights[r] / EMU_PER_PT - 2 * down
                        name = f"{where}: {drawing.name} [{r}, {c}]"
                        yield name, [cell.para], width, height_, drawing.box


def assert_fits(document: Document) -> DeckPlan:
    """Every planned text is no taller than its box, measured as the planner measures (the
    wider of the fonts, no word wider than its line), and every box is on the slide."""
    frames, (slide_w, slide_h) = _frames(document)
    deck = plan_deck(document, frames)
    for where, paras, width, height_, box in _boxes(deck, frames):
        x, y, w, h = box
        assert x >= 0 and y >= 0 and x + w <= slide_w and y + h <= slide_h, (where, box)
        used = height(paras, width * SAFETY)
        assert used < OVERFULL, where
        assert used <= height_ + 0.5, (where, round(used), round(height_))
    return deck


def _all_text(deck: DeckPlan) -> str:
    out = []
    for slide in deck.slides:
        out += [p.text for t in slide.texts for p in t.paras]
        for drawing in slide.drawings:
            members = drawing.shapes if isinstance(drawing, Group) else (drawing,)
            out += [p.text for m in members if isinstance(m, TextShape) for p in m.paras]
            if isinstance(drawing, TablePlan):
                out += [cell.para.text for row in drawing.cells for cell in row]
    return "\n".join(out)


def _hostile_report(folder: Path, text: str, name: str) -> Path:
    def edit(data: dict[str, Any]) -> None:
        data["avvisi"][0]["valutazione"]["aspetti_da_migliorare"].append("Secondo aspetto.")
        data["iniziative"].append(dict(data["iniziative"][0]))
        data["avvisi"][0]["interventi"].append(dict(data["avvisi"][0]["interventi"][0]))
        for field in TEXT_FIELDS:
            set_field(data, field, text)
        for letter, (field, length) in zip("abcdeghknosuvz", WORDY_FIELDS.items(), strict=False):
            set_field(data, field, letter * length)

    return write_report(folder, edit, name)


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("testi")
    return {
        "parola": _hostile_report(folder, WORD, "parola"),
        "righe": _hostile_report(folder, LINES, "righe"),
    }


@pytest.mark.parametrize("kind", ["parola", "righe"])
def test_text_the_slides_cannot_hold_whole_continues_and_fits(
    kind: str, hostile_reports: dict[str, Path]
) -> None:
    """A 5,000-character word or 800 short lines in every free text, and a word as long as
    each label allows: the deck builds, every text within its box, none of it lost (the
    word cut into lines, the lines continued on other slides)."""
    report = hostile_reports[kind]
    run = cli(["build", str(report), "-o", f"out-{kind}", "--format", "pptx"], report.parent)
    assert_behaves(run, code=0)
    deck = assert_fits(document_of(load(report)))
    shown = _all_text(deck)
    if kind == "parola":
        # every field's word, cut into lines, every character kept
        assert shown.count("x") >= 5000 * (len(TEXT_FIELDS) - 1)  # the map's note is cut
        assert re.search(r"x{20,}\nx{20,}", shown)
    else:
        assert shown.count("riga") >= 800 * (len(TEXT_FIELDS) - 1)
    assert "(segue)" in shown


@pytest.mark.parametrize(
    "field",
    [
        "rapporto.titolo",
        "avvisi[0].titolo",
        "assi[0].titolo",
        "iniziative[0].titolo",
        "iniziative[0].atti[0]",
        "avvisi[0].emergenza.titolo",
        "avvisi[0].monitoraggio.settori[0].titolo",
        "avvisi[0].monitoraggio.dimensioni[0].etichetta",
        "vocabolario.programma",
    ],
)
def test_a_title_of_many_lines_is_refused_naming_its_field(field: str, tmp_path: Path) -> None:
    """Titles, headings and table cells do not continue on other slides: one of 40 lines is
    refused as a mistake in the report, naming the field."""

    def edit(data: dict[str, Any]) -> None:
        data["avvisi"][0]["monitoraggio"]["dimensioni"] = [
            {"dimensione": "micro", "imprese": 764, "importo": "€ 10.705.500"}
        ]
        set_field(data, field, "\n".join(["r"] * 40))

    document = document_of(load(write_report(tmp_path, edit)))
    with pytest.raises(InputError) as refused:
        assert_fits(document)
    (problem,) = refused.value.problems
    assert problem.path == field
    assert problem.message.startswith("il testo non entra ")
    assert "nemmeno alla dimensione minima" in problem.message


def test_the_refusal_names_the_field_the_box_and_the_slide(tmp_path: Path) -> None:
    title = "\n".join(["riga"] * 30)
    report = write_report(tmp_path, lambda data: set_field(data, "avvisi[0].titolo", title))
    run = cli(["build", str(report), "-o", "out", "--format", "pptx"], tmp_path)
    assert_refused(run)
    shown = "'" + "riga\\n" * 12 + "…'"
    assert run.stderr.strip() == (
        "Errori nei dati:\n"
        "  - avvisi[0].titolo: il testo non entra nel riquadro «Titolo» nemmeno alla "
        f"dimensione minima (slide {shown}): accorciarlo (valore trovato: {shown})"
    )


def test_a_chart_title_over_three_lines_is_refused(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        monitoring = data["avvisi"][0]["monitoraggio"]
        del monitoring["covid"]
        monitoring["ripartizione"] = {
            "titolo": "W" * 150,
            "voci": [{"etichetta": "a", "valore": 379}, {"etichetta": "b", "valore": 385}],
        }

    report = write_report(tmp_path, edit)
    run = cli(["build", str(report), "-o", "out", "--format", "pptx"], tmp_path)
    assert_refused(
        run,
        "avvisi[0].monitoraggio.ripartizione.titolo: il testo occupa più di 3 righe nel titolo "
        "del grafico (slide 'Monitoraggio domande (2/4)'): accorciarlo",
    )


def test_a_deck_of_too_much_text_is_refused_before_it_is_laid_out(tmp_path: Path) -> None:
    """Thirty texts of 800 lines would make some 800 slides: refused at once (exit 2),
    naming the fields of the longest texts."""

    def edit(data: dict[str, Any]) -> None:
        data["iniziative"] = [
            {"asse": 1, "titolo": f"Iniziativa {k}", "testo": LINES} for k in range(30)
        ]

    report = write_report(tmp_path, edit)
    assert sum(map(lines, flowing_texts(document_of(load(report))))) > MAX_LINES
    run = cli(["build", str(report), "-o", "out", "--format", "pptx"], tmp_path)
    assert_refused(run, "iniziative[0].testo", "iniziative[1].testo", "iniziative[2].testo")
    assert (
        "testo di circa 800 righe: la presentazione conterrebbe circa 24." in run.stderr
        and "ammesse al massimo 20.000 (circa 500 slide): accorciare i testi più lunghi"
        in run.stderr
    )
    assert run.seconds < 10, run.describe()


def test_update_refuses_what_build_refuses_and_fits_what_it_fits(
    tmp_path: Path, example_deck: Path, hostile_reports: dict[str, Path]
) -> None:
    run = cli(
        ["update", str(example_deck), str(hostile_reports["parola"]), "-o", "nuovo.pptx"],
        tmp_path,
    )
    assert_behaves(run)
    assert run.code in (0, 3), run.describe()
    report = write_report(tmp_path, lambda d: set_field(d, "rapporto.titolo", "\n".join("r" * 40)))
    run = cli(["update", str(example_deck), str(report), "-o", "altro.pptx"], tmp_path)
    assert_refused(run, "rapporto.titolo: il testo non entra nel riquadro «Titolo»")


# --- the pieces: cutting a word, continuing at line breaks ------------------------------------


def test_a_word_too_wide_for_its_line_is_cut_into_lines_that_fit() -> None:
    width, size = 200.0, 12.0
    text = "Prima " + "abcdefghij" * 30 + " dopo"
    cut = break_words(text, width, size)
    first, *_, last = cut.split("\n")
    assert first.startswith("Prima abc") and last.endswith(" dopo")
    assert cut.replace("\n", "") == text
    for piece in cut.replace(" ", "\n").split("\n"):
        assert token_width(piece, False) * size <= width
    assert break_words("Una frase di parole brevi.", width, size) == "Una frase di parole brevi."
    # a word that fits at this size is never cut, whatever its length in characters
    assert break_words("i" * 60, width, size) == "i" * 60
    # never before a combining mark
    accented = "e\u0301" * 200
    assert all(not p.startswith("\u0301") for p in break_words(accented, width, size).split("\n"))


def test_a_long_text_of_short_lines_continues_at_its_line_breaks() -> None:
    from porreport.deck.fit import split_to_fit

    para = Para((Span(LINES),), 13.0)
    pieces = split_to_fit(para, 300.0, 200.0, 1.0)
    assert len(pieces) > 10
    assert "\n".join(p.text for p in pieces) == LINES
    assert all(height([p], 300.0) <= 200.0 for p in pieces)
    assert all(p.continued for p in pieces[1:])


def test_a_text_the_deck_cannot_hold_is_traced_to_its_field() -> None:
    """Texts are found as the deck shows them: inside a slide's title, as a piece of a text
    continued on several slides, in capitals, with numbers joined to their units; the same
    text in two fields names both."""
    sources = (
        ("rapporto.programma", "Programma regionale FSE+"),
        ("avvisi[0].finalita", "Prima frase del testo. Seconda frase, più lunga."),
        ("avvisi[0].emergenza.titolo", "Emergenza sanitaria"),
        ("avvisi[1].emergenza.titolo", "Emergenza sanitaria"),
        ("assi[0].titolo", "Asse"),
    )
    title = "Panoramica dell’attuazione del Programma regionale FSE+ al 30/09/2021"
    assert fields_of([title], sources) == [("rapporto.programma", "Programma regionale FSE+")]
    assert [p for p, _ in fields_of(["Seconda frase, più lunga."], sources)] == [
        "avvisi[0].finalita"
    ]
    assert [p for p, _ in fields_of(["EMERGENZA\xa0SANITARIA (segue)"], sources)] == [
        "avvisi[0].emergenza.titolo",
        "avvisi[1].emergenza.titolo",
    ]
    assert fields_of(["Testo di porreport"], sources) == []


# --- LibreOffice: what a reader sees ------------------------------------------------------------


@pytest.mark.external("soffice", "pdftotext")
@pytest.mark.parametrize("kind", ["parola", "righe"])
def test_libreoffice_shows_no_text_past_a_box_or_the_slide(
    kind: str, hostile_reports: dict[str, Path], tmp_path: Path
) -> None:
    """The layout checker on hostile decks: no text outside its shape or the slide, no
    lines on top of each other (the cut word is split on purpose: not a finding here)."""
    import layoutcheck

    if kind == "parola":
        report = hostile_reports[kind]
    else:  # the column of the issue at 800 lines, a list and a card at 200 (fewer slides)

        def edit(data: dict[str, Any]) -> None:
            set_field(data, "avvisi[0].valutazione.punti_di_forza[0]", LINES)
            short = "\n".join(["riga"] * 200)
            set_field(data, "iniziative[0].testo", short)
            set_field(data, "avvisi[0].finalita", short)

        report = write_report(tmp_path, edit)
    document = document_of(load(report))
    pptx = tmp_path / f"{kind}.pptx"
    pptx.write_bytes(render(document, "pptx"))
    front = layoutcheck.front_end()
    result = front.check_deck(pptx, "bundled", front.document_headings(document), tmp_path)
    found = [f for f in result.findings if f.check in ("outside_page", "overlap", "outside_shape")]
    assert [str(f) for f in found] == []
