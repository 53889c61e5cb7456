"""The deck's planning stage on its own: planned slides, titles, list entries, table columns.

The plan is plain data (porreport.deck.slides), so these tests read it directly, without
writing a .pptx."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import porreport
from porreport.api import document_of
from porreport.content.builder import build_document
from porreport.content.document import Item, ItemGroup
from porreport.deck import template as L
from porreport.deck.fit import Role
from porreport.deck.plan import plan_deck
from porreport.deck.plan_lists import _units, group_paras
from porreport.deck.slides import ChartPlan, DeckPlan, Group, TablePlan, TextShape, Title, titles
from porreport.deck.template_file import open_template, read_frames
from porreport.inputs.loading import load
from porreport.resources import example_report
from porreport.typesetting import column_widths


def _plan(document) -> DeckPlan:
    prs, source = open_template(None)
    return plan_deck(document, read_frames(prs, source, {s.layout for s in document.sections}))


@pytest.fixture(scope="module")
def plan() -> DeckPlan:
    return _plan(document_of(load(example_report())))


def test_planning_loads_no_pptx() -> None:
    code = (
        "import sys, porreport.deck.plan; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pptx', 'lxml')))"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(porreport.__file__).parents[1])}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "[]"


def test_one_planned_slide_per_section_of_the_example(plan: DeckPlan) -> None:
    document = document_of(load(example_report()))
    assert [s.layout for s in plan.slides] == [s.layout for s in document.sections]
    assert [s.title.shown() for s in plan.slides] == [s.title for s in document.sections]
    assert all(s.title.pages == 1 for s in plan.slides)


def test_key_figures_slide_is_planned_whole(plan: DeckPlan) -> None:
    slide = next(s for s in plan.slides if s.layout == "key_figures")
    names = [t.name for t in slide.texts]
    assert names[0] == L.TITLE and L.CUTOFF in names
    figures = [d for d in slide.drawings if isinstance(d, TextShape)]
    assert [f.name for f in figures][:2] == ["Cifra: Dotazione POR", "Cifra: Risorse programmate"]
    assert {f.geometry for f in figures} == {"rounded"}
    charts = [d for d in slide.drawings if isinstance(d, ChartPlan)]
    assert [c.name for c in charts] == [f"Grafico: {charts[0].spec.title}"]


def test_table_columns_fill_the_box_exactly(plan: DeckPlan) -> None:
    tables = [d for s in plan.slides for d in s.drawings if isinstance(d, TablePlan)]
    assert len(tables) == 2
    for table in tables:
        assert sum(table.widths) == table.box[2]
        assert sum(table.heights) <= table.box[3] + len(table.heights)
        assert table.cells[0][0].para.spans[0].bold
    size = tables[0]
    assert size.name == "Tabella: Dimensione delle imprese beneficiarie*"
    assert [c.para.text for c in size.cells[-1]] == ["Totale", "", "764", "€\xa010.705.500"]
    assert [c.para.align for c in size.cells[1]] == ["l", "l", "r", "r"]


def test_long_list_continues_with_structured_counters() -> None:
    report = load(example_report()).report
    base = report.iniziative
    iniziative = [base[k % len(base)] for k in range(40)]
    plan = _plan(build_document(report.model_copy(update={"iniziative": iniziative})))
    pages = [s for s in plan.slides if s.layout == "list"]
    n = len(pages)
    assert n >= 2
    assert [(s.title.page, s.title.pages) for s in pages] == [(k, n) for k in range(1, n + 1)]
    assert [s.title.continued for s in pages] == [False] + [True] * (n - 1)
    assert (
        pages[-1].title.shown()
        == f"Principali iniziative in corso e programmate nel 2021 ({n}/{n})"
    )
    for slide in pages:
        (listing,) = [t for t in slide.texts if t.name == L.LIST]
        (right,) = [d for d in slide.drawings if isinstance(d, TextShape)]
        assert right.name == "Elenco (colonna destra)"
        assert listing.columns is None and listing.box is not None
        assert listing.box[2] == right.box[2] and listing.box[0] + listing.box[2] < right.box[0]
        assert listing.paras[0].role is Role.GROUP_HEADING


def test_a_numbered_title_continues_as_segue() -> None:
    first, second = titles("Monitoraggio domande (2/4)", 2)
    assert (first.head, first.part) == ("Monitoraggio domande", "2/4")
    assert first.shown() == "Monitoraggio domande (2/4)"
    assert second.continued and second.shown() == "Monitoraggio domande (2/4, segue)"
    assert Title("Iniziative", 2, 3).shown() == "Iniziative (2/3)"


def test_list_entries_are_kept_together_by_role_not_by_size() -> None:
    group = ItemGroup("Asse I", (Item("Uno", "testo uno"), Item("Due", "testo due", "DGR 1")))
    paras = group_paras(group, list(group.items), False)
    assert [p.role for p in paras[:2]] == [Role.GROUP_HEADING, Role.ENTRY_TITLE]
    expected = [["Asse I", "Uno", "testo uno"], ["Due", "testo due", "DGR 1"]]
    assert [[p.text for p in unit] for unit in _units(paras)] == expected
    same_size = [replace(p, size=13.0, spans=(replace(p.spans[0], bold=True),)) for p in paras]
    assert [[p.text for p in unit] for unit in _units(same_size)] == expected


# --- the shared column algorithm (typesetting.column_widths) -----------------------------


def _len(text: str) -> float:
    return float(len(text))


def test_columns_at_natural_width_share_the_room_left() -> None:
    rows = [("aaaa", "bb"), ("a", "bbbbbb")]
    assert column_widths(rows, 20.0, _len, padding=0) == [8.0, 12.0]
    assert column_widths(rows, 20.0, _len, padding=0, flexible=[1]) == [4.0, 16.0]


def test_a_wrapping_header_sets_only_its_longest_word() -> None:
    rows = [("1", "22")]
    header = ("Numero di imprese", "Importo")
    assert column_widths(rows, 16.0, _len, padding=1, header=header) == [8.0, 8.0]


def test_columns_too_wide_give_up_the_same_share_of_their_room() -> None:
    rows = [("aaa aaaa", "b bbbbbb")]  # natural 8 and 8, longest words 4 and 6
    assert column_widths(rows, 13.0, _len, padding=0) == [6.0, 7.0]


def test_words_that_do_not_fit_are_scaled_to_the_width() -> None:
    rows = [("aaaaaa", "bbbbbbbbbb")]
    widths = column_widths(rows, 8.0, _len, padding=0)
    assert widths == [3.0, 5.0] and sum(widths) == 8.0


def test_where_words_break_is_the_renderers_choice() -> None:
    rows = [("€\xa0123456 x", "bb bbbbbb")]  # natural 10 and 9
    # str.split (the deck's) cuts at the no-break space: longest words 6 and 6
    assert column_widths(rows, 15.0, _len, padding=0) == pytest.approx([6 + 12 / 7, 6 + 9 / 7])
    # cutting at spaces only (the bulletin's): longest words 8 and 6
    by_space = column_widths(rows, 15.0, _len, padding=0, words=lambda t: t.split(" "))
    assert by_space == pytest.approx([8.4, 6.6])


def test_footnotes_that_do_not_fit_are_planned_into_the_speaker_notes() -> None:
    from porreport.model.report import Richiamo

    report = load(example_report()).report
    note = (
        "Il valore comprende le risorse riprogrammate per l’emergenza sanitaria e gli "
        "ammortizzatori in deroga concessi nel corso del 2020."
    )
    assi = [
        asse.model_copy(
            update={
                "richiami": [*asse.richiami, Richiamo(campo="impegnate", simbolo=s, testo=note)]
            }
        )
        for s, asse in zip("abcd", report.assi, strict=False)
    ]
    plan = _plan(build_document(report.model_copy(update={"assi": assi})))
    moved = [s for s in plan.slides if s.moved_footnotes]
    assert moved
    for slide in moved:
        (box,) = [t for t in slide.texts if t.name == L.NOTES]
        assert box.paras[-1].text == "Altre note nelle note del relatore."
        notes = slide.speaker_notes()
        assert notes.startswith(slide.notes)
        assert "Note della slide non visibili nel riquadro:" in notes
        assert all(line in notes for line in slide.moved_footnotes)


@pytest.mark.parametrize(
    "report",
    [example_report(), *sorted((Path(__file__).parents[1] / "data" / "examples").glob("*.yaml"))],
    ids=lambda p: p.stem,
)
def test_cards_of_a_slide_are_written_alike(report: Path) -> None:
    """An application that ignores the autofit scale (LibreOffice) must show the cards of
    one slide at one size: they are all written at their styles' sizes with the same scale,
    or all at scaled sizes."""
    plan = _plan(document_of(load(report)))
    seen = 0
    for slide in plan.slides:
        cards = [
            shape.shapes[0]
            for shape in slide.drawings
            if isinstance(shape, Group) and shape.name.startswith("Scheda")
        ]
        if len(cards) < 2:
            continue
        seen += 1
        assert len({card.font_scale for card in cards}) == 1, slide.title
        assert len({card.paras[0].size for card in cards}) == 1, slide.title
    assert seen > 0
