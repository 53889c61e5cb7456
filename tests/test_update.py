"""``porreport update``: a deck generated from a report, edited the way staff edit it, then
updated with the next semester's data. Every new figure is in the deck, no stale figure is
left outside a reported conflict, every edit is still there, and the conflicts are exactly
the edited texts whose figures changed; on the bundled example and on two example reports.
Unchanged data change nothing, byte for byte."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

import update_helpers as H
from porreport.api import document_of, update
from porreport.cli.main import main
from porreport.deck import stored
from porreport.deck.render import render_deck
from porreport.deck.update import EXIT_CONFLICTS, EXIT_UPDATED, update_deck
from porreport.errors import InputError
from porreport.inputs.loading import load
from porreport.resources import example_report

ROOT = Path(__file__).resolve().parents[1]
REPORTS = [
    example_report(),
    ROOT / "data" / "examples" / "por_fesr_fse_molise_2021.yaml",
    ROOT / "data" / "examples" / "pr_fesr_sicilia_2024.yaml",
]


@dataclass
class Scenario:
    """A report, its deck as generated and as edited, the changed report, the updated deck."""

    old_plan: object
    new_plan: object
    edited: bytes
    edits: H.Edits
    updated: bytes
    result: object
    report: Path


def _scenario(report: Path, folder: Path) -> Scenario:
    deck = render_deck(document_of(load(report)))
    new_report = H.changed_report(report, folder / "nuovo")
    old_plan, new_plan = H.plan_of(report), H.plan_of(new_report)
    edited, edits = H.edit_like_staff(deck, old_plan, new_plan)
    (folder / "modificato.pptx").write_bytes(edited)
    result = update(folder / "modificato.pptx", new_report, folder / "aggiornato.pptx")
    updated = (folder / "aggiornato.pptx").read_bytes()
    return Scenario(old_plan, new_plan, edited, edits, updated, result, new_report)


@pytest.fixture(scope="module", params=REPORTS, ids=lambda p: p.stem)
def scenario(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return _scenario(request.param, tmp_path_factory.mktemp(request.param.stem))


def test_conflicts_are_the_edited_texts_whose_figures_changed(scenario: Scenario) -> None:
    before, after = H.contents(scenario.old_plan), H.contents(scenario.new_plan)
    edited = {scenario.edits.title_key, scenario.edits.paragraph_key}
    expected = {k for k in edited if before[k] != after[k]}
    assert scenario.edits.paragraph_key in expected  # the scenario has a real conflict
    conflicts = scenario.result.report.conflicts
    assert {c.element.key for c in conflicts} == expected
    assert scenario.result.exit_code == EXIT_CONFLICTS
    for c in conflicts:
        assert c.written == "\n".join(before[c.element.key])
        assert c.new == "\n".join(after[c.element.key])
        assert c.reason == "testo modificato a mano"


def test_every_new_figure_is_in_the_deck(scenario: Scenario) -> None:
    prs = Presentation(io.BytesIO(scenario.updated))
    found, slides = H.elements_by_key(prs)
    after = H.contents(scenario.new_plan)
    conflicts = {c.element.key for c in scenario.result.report.conflicts}
    deleted = scenario.edits.deleted_section
    missing = [
        k
        for k in after
        if k not in found and not k.startswith(deleted + "/") and k not in conflicts
    ]
    assert missing == []
    wrong = {
        k: H.shows(*found[k])
        for k in after
        if k in found and k not in conflicts and H.shows(*found[k]) != after[k]
    }
    assert wrong == {}
    sections = [s.section for s in slides]
    planned = [s.section for s in scenario.new_plan.slides if s.section != deleted]
    assert sections == planned  # new sections inserted where they belong


def test_no_stale_figure_outside_a_conflict(scenario: Scenario) -> None:
    old = H.figures([line for lines in H.contents(scenario.old_plan).values() for line in lines])
    new = H.figures([line for lines in H.contents(scenario.new_plan).values() for line in lines])
    stale = old - new
    assert stale  # the data did change
    prs = Presentation(io.BytesIO(scenario.updated))
    found, _ = H.elements_by_key(prs)
    conflicts = {c.element.key for c in scenario.result.report.conflicts}
    skip = {id(found[k][1].element) for k in conflicts}
    left = H.figures(H.deck_texts(prs, skip)) & stale
    assert left == set()


def test_every_edit_is_preserved(scenario: Scenario) -> None:
    edits = scenario.edits
    prs = Presentation(io.BytesIO(scenario.updated))
    found, slides = H.elements_by_key(prs)
    title = "".join(stored.text_lines(stored.txbody(found[edits.title_key][1].element)))
    assert title == edits.title_text
    paragraph = H.shows(*found[edits.paragraph_key])
    assert edits.paragraph_text in paragraph
    enlarged = found[edits.enlarged_key][1].element
    runs = [
        r
        for p in enlarged.iter("{*}p")
        if H.FIGURE.search("".join(p.itertext()))
        for r in p.iter("{*}rPr")
    ]
    assert runs and all(r.get("sz") == str(int(H.ENLARGED.pt * 100)) for r in runs)
    assert H.shows(*found[edits.enlarged_key]) == H.contents(scenario.new_plan)[edits.enlarged_key]
    chart_slide, chart = found[edits.chart_key]
    root = stored.chart_root(chart.element, chart_slide.slide.part)
    series = root.find(".//{*}ser/{*}spPr/{*}solidFill/{*}srgbClr")
    assert series is not None and series.get("val") == H.RED
    card = found[edits.card_key][1].element
    off = card.find("{*}grpSpPr/{*}xfrm/{*}off")
    ext = card.find("{*}grpSpPr/{*}xfrm/{*}ext")
    box = (int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))
    assert box == edits.card_box
    assert edits.deleted_section not in {s.section for s in slides}
    titles = [s.shapes.title.text if s.shapes.title is not None else "" for s in prs.slides]
    at = titles.index(H.PICTURE_TITLE)
    picture = prs.slides[at]
    assert any(sh.shape_type == MSO_SHAPE_TYPE.PICTURE for sh in picture.shapes)
    assert slides[1].slide == prs.slides[at - 1]  # still after the slide it followed
    notes = next(s for s in slides if s.section == edits.notes_section).slide
    text = notes.notes_slide.notes_text_frame.text
    assert H.NOTE_LINE in text
    planned = next(s for s in scenario.new_plan.slides if s.section == edits.notes_section)
    assert planned.speaker_notes() in text


def test_report_lists_slides_added_and_deleted(scenario: Scenario) -> None:
    report = scenario.result.report
    added = {s.section for s in report.slides_added}
    old = dict(scenario.old_plan.sections)
    new_sections = {s for s, n in scenario.new_plan.sections if n and s not in old}
    assert new_sections and added == new_sections
    assert all(s.reason == "sezione nuova nei dati" for s in report.slides_added)
    deleted = [s for s in report.deleted_by_people if s.section == scenario.edits.deleted_section]
    assert [s.reason for s in deleted] == ["tutte le slide della sezione eliminate a mano"]
    assert report.not_recognised == []


def test_update_again_with_the_same_data_changes_nothing(
    scenario: Scenario, tmp_path: Path
) -> None:
    (tmp_path / "aggiornato.pptx").write_bytes(scenario.updated)
    again = update(tmp_path / "aggiornato.pptx", scenario.report, tmp_path / "ancora.pptx")
    assert (tmp_path / "ancora.pptx").read_bytes() == scenario.updated
    assert again.report.updated == []
    assert len(again.report.conflicts) == len(scenario.result.report.conflicts)


def test_edited_deck_is_not_modified(scenario: Scenario, tmp_path: Path) -> None:
    source = tmp_path / "modificato.pptx"
    source.write_bytes(scenario.edited)
    update(source, scenario.report, tmp_path / "aggiornato.pptx")
    assert source.read_bytes() == scenario.edited


# --- the bundled example, unchanged --------------------------------------------------------


@pytest.fixture(scope="module")
def example_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("esempio") / "deck.pptx"
    path.write_bytes(render_deck(document_of(load(example_report()))))
    return path


def test_unchanged_data_give_the_same_bytes(example_deck: Path, tmp_path: Path) -> None:
    result = update(example_deck, None, tmp_path / "aggiornato.pptx")
    assert (tmp_path / "aggiornato.pptx").read_bytes() == example_deck.read_bytes()
    assert result.exit_code == EXIT_UPDATED
    assert result.report.updated == [] and result.report.conflicts == []


def test_cli_exit_codes_and_json(example_deck: Path, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["update", str(example_deck), "-o", str(tmp_path / "a.pptx"), "--json"], out, err)
    assert code == 0
    data = json.loads(out.getvalue())
    assert data["status"] == "updated" and data["exit_code"] == 0
    assert data["counts"]["conflicts"] == 0 and data["counts"]["updated"] == 0
    assert (
        err.getvalue()
        .splitlines()[-1]
        .startswith("Aggiornamento di deck.pptx: 0 elementi aggiornati, ")
    )
    code = main(["update", str(example_deck), "-o", str(example_deck)], out, err)
    assert code == 2
    assert "deve essere scritto in un altro file" in err.getvalue()


def test_a_deck_not_made_by_porreport_is_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "altro.pptx"
    Presentation().save(str(foreign))
    err = io.StringIO()
    code = main(["update", str(foreign), "-o", str(tmp_path / "x.pptx")], io.StringIO(), err)
    assert code == 2
    assert err.getvalue().strip() == (
        "Il file altro.pptx non è un deck generato da porreport (non contiene le chiavi che "
        "porreport scrive negli elementi): non si può aggiornare. Generare il deck con "
        "«porreport build» e aggiornare quello."
    )
    assert not (tmp_path / "x.pptx").exists()
    with pytest.raises(InputError, match="non è una presentazione PPTX leggibile"):
        update_deck(b"non un pptx", document_of(load(example_report())), "x.pptx")
