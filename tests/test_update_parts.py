"""``porreport update`` element by element: a chart people restyled gets the new data in its
caches and workbook and keeps their styling; a table people restyled gets rows added like
its neighbours; a province people recoloured keeps their colour; the generated part of the
notes is found wherever people wrote around it; a section that needs more slides is written
anew, one gone from the data is reported and left; what people deleted stays deleted."""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from pptx import Presentation
from pptx.dml.color import RGBColor

import update_helpers as H
from porreport.api import document_of, update
from porreport.deck import stored
from porreport.deck.render import render_deck
from porreport.deck.update.report import Report
from porreport.inputs.loading import load
from porreport.resources import example_report


@pytest.fixture(scope="module")
def deck() -> bytes:
    return render_deck(document_of(load(example_report())))


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return H.changed_report(example_report(), tmp_path_factory.mktemp("nuovo"))


def edited(deck: bytes, change: Callable[[Presentation, dict], None]) -> bytes:
    prs = Presentation(io.BytesIO(deck))
    found, _ = H.elements_by_key(prs)
    change(prs, found)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def run(data: bytes, report: Path, folder: Path) -> tuple[Presentation, Report]:
    (folder / "modificato.pptx").write_bytes(data)
    result = update(folder / "modificato.pptx", report, folder / "aggiornato.pptx")
    return Presentation(str(folder / "aggiornato.pptx")), result.report


def shape(found: dict, key: str):  # the python-pptx shape of a top-level element
    slide_state, f = found[key]
    return next(sh for sh in slide_state.slide.shapes if sh.element is f.element)


def with_data(folder: Path, change: Callable[[dict], None]) -> Path:
    source = example_report()
    folder.mkdir(parents=True, exist_ok=True)
    for table in source.parent.glob("*.csv"):
        (folder / table.name).write_bytes(table.read_bytes())
    data = yaml.safe_load(source.read_text("utf-8"))
    change(data)
    target = folder / source.name
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return target


def test_a_restyled_chart_gets_the_new_data_and_keeps_its_styling(
    deck: bytes, changed: Path, tmp_path: Path
) -> None:
    key = "panorama/grafico/panorama"

    def recolour(prs: Presentation, found: dict) -> None:
        fill = shape(found, key).chart.plots[0].series[0].format.fill
        fill.solid()
        fill.fore_color.rgb = RGBColor.from_string(H.RED)

    prs, report = run(edited(deck, recolour), changed, tmp_path)
    found, _ = H.elements_by_key(prs)
    planned = H.contents(H.plan_of(changed))[key]
    assert H.shows(*found[key]) == planned
    assert key in {e.key for e in report.updated}
    chart = shape(found, key).chart
    assert str(chart.plots[0].series[0].format.fill.fore_color.rgb) == H.RED
    assert str(chart.chart_type) == "COLUMN_CLUSTERED (51)"
    sheet = load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))["Dati"]
    rows = [" | ".join(str(c) for c in row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == planned[0]
    assert [r.split(" | ")[0] for r in rows[1:]] == [p.split(" | ")[0] for p in planned[1:]]
    assert [float(r.split(" | ")[1]) for r in rows[1:]] == [
        float(p.split(" | ")[1]) for p in planned[1:]
    ]


def test_a_restyled_table_gets_a_row_like_its_neighbours(deck: bytes, tmp_path: Path) -> None:
    key = "avviso-1-settori/tabella"

    def bold_first_body_cell(prs: Presentation, found: dict) -> None:
        table = shape(found, key).table
        for run in table.cell(1, 1).text_frame.paragraphs[0].runs:
            run.font.italic = True

    def one_more_sector(data: dict) -> None:
        sectors = data["avvisi"][0]["monitoraggio"]["settori"]
        sectors.append({"ateco": "47", "imprese": 30})
        data["avvisi"][0]["monitoraggio"]["altri_settori"] -= 30

    report = with_data(tmp_path / "dati", one_more_sector)
    prs, result = run(edited(deck, bold_first_body_cell), report, tmp_path)
    found, _ = H.elements_by_key(prs)
    planned = H.contents(H.plan_of(report))[key]
    assert H.shows(*found[key]) == planned
    table = shape(found, key).table
    assert len(table.rows) == len(planned)
    assert table.cell(1, 1).text_frame.paragraphs[0].runs[0].font.italic is True
    new_row, neighbour = len(planned) - 3, len(planned) - 4  # above "Altri settori" and "Totale"
    first = table.rows[new_row].cells[0]._tc.xpath(".//a:solidFill")[0]
    other = table.rows[neighbour].cells[0]._tc.xpath(".//a:solidFill")[0]
    assert first.xml == other.xml
    frame = shape(found, key)
    assert frame.height == sum(r.height for r in table.rows)
    assert key in {e.key for e in result.updated}


def test_a_recoloured_province_keeps_its_colour(deck: bytes, tmp_path: Path) -> None:
    group = "avviso-1-territorio/mappa"

    def recolour_milano(prs: Presentation, found: dict) -> None:
        _, milano = found[f"{group}/MI"]
        solid = milano.element.find(".//{*}spPr/{*}solidFill")
        solid[0].getparent().remove(solid[0])
        colour = copy.deepcopy(solid.makeelement(solid.tag.replace("solidFill", "srgbClr")))
        colour.set("val", H.RED)
        solid.append(colour)

    def swap(data: dict) -> None:
        values = data["avvisi"][0]["monitoraggio"]["province"]["valori"]
        by = {v["provincia"]: v for v in values}
        by["MI"]["imprese"], by["LO"]["imprese"] = by["LO"]["imprese"], by["MI"]["imprese"]

    report = with_data(tmp_path / "dati", swap)
    prs, result = run(edited(deck, recolour_milano), report, tmp_path)
    found, _ = H.elements_by_key(prs)
    _, milano = found[f"{group}/MI"]
    lodi_state, lodi = found[f"{group}/LO"]
    resolve = stored.scheme_colours(lodi_state.slide.slide_layout.slide_master.part).get
    assert stored.fill(milano.element, resolve) == H.RED
    assert stored.description(milano.element) == "Milano (MI): 14"
    assert stored.description(lodi.element) == "Lodi (LO): 262"
    planned = {
        m.key: m
        for s in H.plan_of(report).slides
        for d in s.drawings
        for m in getattr(d, "shapes", ())
    }
    assert stored.fill(lodi.element, resolve) == planned[f"{group}/LO"].fill.upper()
    label = H.shows(*found[f"{group}/MI/etichetta"])
    assert label == ("MI", "14")
    conflicts = [c for c in result.conflicts if c.element.key == f"{group}/MI"]
    assert [c.reason for c in conflicts] == [
        "colore cambiato a mano: i nuovi dati lo cambierebbero"
    ]


def test_notes_generated_part_found_between_peoples_lines(
    deck: bytes, changed: Path, tmp_path: Path
) -> None:
    def surround(prs: Presentation, found: dict) -> None:
        notes = found["panorama/titolo"][0].slide.notes_slide.notes_text_frame
        body = notes._txBody
        first = body.findall("{*}p")[0]
        before = copy.deepcopy(first)
        first.addprevious(before)
        for t in before.iter("{*}t"):
            t.text = "Prima: saluti del Presidente."
        notes.add_paragraph().text = H.NOTE_LINE

    prs, result = run(edited(deck, surround), changed, tmp_path)
    found, _ = H.elements_by_key(prs)
    text = found["panorama/titolo"][0].slide.notes_slide.notes_text_frame.text
    planned = next(s for s in H.plan_of(changed).slides if s.section == "panorama")
    assert text == "\n".join(
        ["Prima: saluti del Presidente.", planned.speaker_notes(), H.NOTE_LINE]
    )
    assert "panorama/note-relatore" in {e.key for e in result.updated}


def test_edited_notes_are_a_conflict(deck: bytes, changed: Path, tmp_path: Path) -> None:
    def rewrite(prs: Presentation, found: dict) -> None:
        notes = found["panorama/titolo"][0].slide.notes_slide.notes_text_frame
        notes.paragraphs[0].runs[0].text = "Fonte: il sistema di monitoraggio (testo rivisto)."

    prs, result = run(edited(deck, rewrite), changed, tmp_path)
    conflicts = [c for c in result.conflicts if c.element.key == "panorama/note-relatore"]
    assert [c.reason for c in conflicts] == ["note del relatore modificate a mano"]
    assert conflicts[0].people == "Fonte: il sistema di monitoraggio (testo rivisto)."
    found, _ = H.elements_by_key(prs)
    text = found["panorama/titolo"][0].slide.notes_slide.notes_text_frame.text
    assert text == "Fonte: il sistema di monitoraggio (testo rivisto)."


def test_a_section_needing_more_slides_is_regenerated(deck: bytes, tmp_path: Path) -> None:
    def many(data: dict) -> None:
        extra = [copy.deepcopy(data["iniziative"][k % 6]) for k in range(14)]
        for k, item in enumerate(extra, start=1):
            item["titolo"] = f"Iniziativa aggiuntiva n. {k}"
        data["iniziative"] += extra

    def edit_list(prs: Presentation, found: dict) -> None:
        shape(found, "iniziative/elenco-destra").text_frame.paragraphs[1].runs[0].text = "Rivisto"

    report = with_data(tmp_path / "dati", many)
    prs, result = run(edited(deck, edit_list), report, tmp_path)
    plan = H.plan_of(report)
    pages = [s for s in plan.slides if s.section == "iniziative"]
    assert len(pages) > 1
    assert [s.section for s in result.slides_removed] == ["iniziative"]
    assert [s.section for s in result.slides_added] == ["iniziative"] * len(pages)
    assert {s.reason for s in result.slides_added} == {
        "sezione con un numero diverso di slide: rigenerata"
    }
    (conflict,) = result.conflicts
    assert conflict.element.key == "iniziative/elenco-destra"
    assert conflict.reason == "slide rigenerata: la modifica fatta a mano non è stata riportata"
    found, slides = H.elements_by_key(prs)
    planned = H.contents(plan)
    assert {k: H.shows(*found[k]) for k in planned if k.startswith("iniziative/")} == {
        k: v for k, v in planned.items() if k.startswith("iniziative/")
    }
    assert [s.section for s in slides] == [s.section for s in plan.slides]


def test_a_section_gone_from_the_data_is_reported_and_left(deck: bytes, tmp_path: Path) -> None:
    report = with_data(tmp_path / "dati", lambda data: data.update(avvisi=[]))
    prs, result = run(deck, report, tmp_path)
    gone = [s.section for s in result.sections_gone]
    assert gone == [
        "avviso-1",
        "avviso-1-monitoraggio",
        "avviso-1-territorio",
        "avviso-1-settori",
        "avviso-1-valutazione",
    ]
    assert len(prs.slides) == 11
    assert result.exit_code == 3
    assert "Sezione non più nei dati: «Monitoraggio domande (2/4)» (slide 7)" in result.text()


def test_what_people_deleted_stays_deleted(deck: bytes, changed: Path, tmp_path: Path) -> None:
    def delete_figure(prs: Presentation, found: dict) -> None:
        element = found["panorama/cifre/3"][1].element
        element.getparent().remove(element)

    prs, result = run(edited(deck, delete_figure), changed, tmp_path)
    found, _ = H.elements_by_key(prs)
    assert "panorama/cifre/3" not in found
    assert [(s.title, s.reason) for s in result.deleted_by_people] == [
        ("Cifra: Risorse liquidate", "elemento eliminato a mano")
    ]


def test_a_copied_slide_is_left_alone_and_reported(deck: bytes, tmp_path: Path) -> None:
    def duplicate(prs: Presentation, found: dict) -> None:
        source = found["assi/titolo"][0].slide
        copy_ = prs.slides.add_slide(source.slide_layout)
        for element in list(copy_.shapes._spTree)[2:]:
            copy_.shapes._spTree.remove(element)
        copy_.element.replace(copy_.element[0], copy.deepcopy(source.element[0]))
        for r_id, rel in source.part.rels.items():
            if rel.reltype.endswith("/tags"):
                copy_.part.rels._rels[r_id] = rel

    _, result = run(edited(deck, duplicate), example_report(), tmp_path)
    assert [u.reason for u in result.not_recognised] == [
        "copia di un'altra slide generata: non aggiornata"
    ]


def test_a_restyled_table_loses_the_rows_the_data_drop(deck: bytes, tmp_path: Path) -> None:
    key = "avviso-1-settori/tabella"

    def italic_header(prs: Presentation, found: dict) -> None:
        for run in shape(found, key).table.cell(0, 1).text_frame.paragraphs[0].runs:
            run.font.italic = True

    def one_sector_less(data: dict) -> None:
        monitoring = data["avvisi"][0]["monitoraggio"]
        dropped = monitoring["settori"].pop()
        monitoring["altri_settori"] += dropped["imprese"]

    report = with_data(tmp_path / "dati", one_sector_less)
    prs, result = run(edited(deck, italic_header), report, tmp_path)
    found, _ = H.elements_by_key(prs)
    planned = H.contents(H.plan_of(report))[key]
    assert H.shows(*found[key]) == planned
    table = shape(found, key).table
    assert len(table.rows) == len(planned)
    assert table.cell(0, 1).text_frame.paragraphs[0].runs[0].font.italic is True
    assert key in {e.key for e in result.updated}
