"""The update's shortcuts change no byte and no report: the layouts' readings kept per
process (frames, placeholders, blank slides and notes), the part names chosen without
python-pptx's walk of the package, the records and tags parts read once per process, the
notes' body found without XPath. Each test compares the shortcut with the plain way, on decks edited
the way staff edit them and updated with the next semester's data (which adds, rewrites
and removes slides, charts and notes), and on two reports in either order."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import update_helpers as H
from porreport.api import document_of
from porreport.content.document import Document
from porreport.deck.render import render_deck
from porreport.deck.update import layouts, state, update_deck
from porreport.deck.update import opened as opened_module
from porreport.deck.update.opened import open_edited
from porreport.inputs.loading import load
from porreport.resources import example_report

ROOT = Path(__file__).resolve().parents[1]
REPORTS = [example_report(), ROOT / "data" / "examples" / "por_fesr_fse_molise_2021.yaml"]

Case = tuple[bytes, Document]


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    """For each report: its deck as staff edited it, and the next semester's document."""
    out = []
    for report in REPORTS:
        folder = tmp_path_factory.mktemp(report.stem)
        deck = render_deck(document_of(load(report)))
        new_report = H.changed_report(report, folder / "nuovo")
        edited, _ = H.edit_like_staff(deck, H.plan_of(report), H.plan_of(new_report))
        out.append((edited, document_of(load(new_report))))
    return out


def _forget_readings() -> None:
    for cache in (
        layouts._frames_of,
        layouts._layouts_of,
        layouts._blank_of,
        layouts._notes_of,
        state._RECORDS,
        state._TAGS,
    ):
        cache.clear()


def _outcome(update: Callable[[], object]) -> tuple[bytes, str]:
    result = update()
    data: bytes = result.data  # type: ignore[attr-defined]
    report = result.report.as_json()  # type: ignore[attr-defined]
    return data, json.dumps(report, sort_keys=True, ensure_ascii=False, default=str)


def _updated(case: Case) -> tuple[bytes, str]:
    return _outcome(lambda: update_deck(case[0], case[1], "deck.pptx"))


def test_readings_kept_give_what_reading_afresh_gives(cases: list[Case]) -> None:
    fresh = []
    for case in cases:
        _forget_readings()
        fresh.append(_updated(case))
    for order in (cases, cases[::-1]):
        _forget_readings()
        kept = [_updated(case) for case in order]
        kept_again = [_updated(case) for case in order]
        expected = fresh if order is cases else fresh[::-1]
        assert kept == expected
        assert kept_again == expected


def test_part_names_are_python_pptx_ones(
    cases: list[Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = [_updated(case) for case in cases]
    monkeypatch.setattr(opened_module, "quick_partnames", lambda prs: None)
    plain = [_updated(case) for case in cases]
    assert [q[0] for q in quick] == [p[0] for p in plain]
    assert [q[1] for q in quick] == [p[1] for p in plain]


def test_part_names_after_removals(cases: list[Case]) -> None:
    from porreport.deck.update.partnames import PartNames, partnames

    prs = open_edited(cases[0][0], "deck.pptx").prs
    package = prs.part.package
    assert partnames(package) == {str(p.partname) for p in package.iter_parts()}
    names = PartNames(package)
    slide = prs.slides[1]
    r_id = next(sld.rId for sld in prs.slides._sldIdLst if prs.part.related_slide(sld.rId) is slide)
    prs.part.drop_rel(r_id)
    names.forget()
    for tmpl in ("/ppt/notesSlides/notesSlide%d.xml", "/ppt/charts/chart%d.xml"):
        assert names.next(tmpl) == type(package).next_partname(package, tmpl)


def test_notes_body_is_python_pptx_one(cases: list[Case]) -> None:
    from porreport.deck.update.notes import _placeholder_body

    seen = 0
    for edited, _ in cases:
        prs = open_edited(edited, "deck.pptx").prs
        for slide in prs.slides:
            if slide.has_notes_slide:
                notes = slide.notes_slide
                frame = notes.notes_text_frame
                assert frame is not None
                assert _placeholder_body(notes.element) is frame._txBody
                seen += 1
    assert seen > 10
