"""``porreport update`` and the tools outside Python: the updated deck passes Microsoft's
Open XML SDK validator and LibreOffice shows one page per slide; a deck re-saved by
LibreOffice (which drops porreport's tags) is updated where its elements can be matched and
what cannot be matched is reported."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

import office
import update_helpers as H
from porreport.api import document_of, update
from porreport.deck.render import render_deck
from porreport.deck.update import EXIT_CONFLICTS
from porreport.inputs.loading import load
from porreport.resources import example_report

ROOT = Path(__file__).resolve().parents[1]
VALIDATOR = ROOT / "node_modules" / ".bin" / "ooxml-validator"
REPORTS = [
    example_report(),
    ROOT / "data" / "examples" / "por_fesr_fse_molise_2021.yaml",
    ROOT / "data" / "examples" / "pr_fesr_sicilia_2024.yaml",
]
LIBREOFFICE_PPTX = "pptx:Impress MS PowerPoint 2007 XML"


def validator_errors(deck: Path) -> list[dict[str, str]]:
    result = subprocess.run(
        [str(VALIDATOR), str(deck)], capture_output=True, text=True, timeout=180
    )
    errors: list[dict[str, str]] = json.loads(result.stdout)["errors"]
    return errors


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def resave_with_libreoffice(deck: Path, out_dir: Path) -> Path:
    """``deck`` opened and saved again as PPTX by LibreOffice (a private profile)."""
    dirs = office.prepare_setup("bundled")
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            office.soffice_command(),
            f"-env:UserInstallation={(out_dir / 'profilo').resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            LIBREOFFICE_PPTX,
            "--outdir",
            str(out_dir),
            str(deck),
        ],
        env=office.office_env(dirs),
        capture_output=True,
        check=True,
        timeout=240,
    )
    return out_dir / deck.name


def edited_and_changed(report: Path, folder: Path) -> tuple[Path, Path, H.Edits, object, object]:
    deck = render_deck(document_of(load(report)))
    new_report = H.changed_report(report, folder / "nuovo")
    old_plan, new_plan = H.plan_of(report), H.plan_of(new_report)
    edited, edits = H.edit_like_staff(deck, old_plan, new_plan)
    path = folder / "modificato.pptx"
    path.write_bytes(edited)
    return path, new_report, edits, old_plan, new_plan


@pytest.mark.external("ooxml-validator", "soffice", "pdfinfo")
@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_updated_deck_is_valid_and_shows_one_page_per_slide(report: Path, tmp_path: Path) -> None:
    edited, new_report, _, _, _ = edited_and_changed(report, tmp_path)
    result = update(edited, new_report, tmp_path / "aggiornato.pptx")
    assert result.exit_code == EXIT_CONFLICTS
    assert validator_errors(tmp_path / "aggiornato.pptx") == []
    pdf = office.convert_to_pdf(tmp_path / "aggiornato.pptx", tmp_path / "pdf")
    assert pages(pdf) == len(Presentation(str(tmp_path / "aggiornato.pptx")).slides)


@pytest.mark.external("ooxml-validator", "soffice", "pdfinfo")
def test_a_deck_resaved_by_libreoffice(tmp_path: Path) -> None:
    edited, new_report, edits, old_plan, new_plan = edited_and_changed(example_report(), tmp_path)
    resaved = resave_with_libreoffice(edited, tmp_path / "libreoffice")
    result = update(resaved, new_report, tmp_path / "aggiornato.pptx")
    report = result.report
    assert report.resaved
    assert result.exit_code == EXIT_CONFLICTS
    before, after = H.contents(old_plan), H.contents(new_plan)
    expected = {k for k in (edits.title_key, edits.paragraph_key) if before[k] != after[k]}
    assert {c.element.key for c in report.conflicts} == expected
    old_sections = dict(old_plan.sections)
    new_sections = {s for s, n in new_plan.sections if n and s not in old_sections}
    not_added = {u.key for u in report.not_recognised}
    assert not_added == new_sections  # the new call's slides: the deck has no layouts left
    assert report.slides_added == []
    assert all("slide nuova non inserita" in u.reason for u in report.not_recognised)
    text = report.text()
    assert "Il deck è stato salvato con un programma che non conserva i tag di porreport" in text
    # what could be matched shows the new data: no stale figure outside a conflict
    prs = Presentation(str(tmp_path / "aggiornato.pptx"))
    stale = H.figures([x for v in before.values() for x in v]) - H.figures(
        [x for v in after.values() for x in v]
    )
    found, _ = H.elements_by_key(prs)  # matched again through the copy of the keys
    skip = {id(found[c.element.key][1].element) for c in report.conflicts}
    assert H.figures(H.deck_texts(prs, skip)) & stale == set()
    assert validator_errors(tmp_path / "aggiornato.pptx") == []
    pdf = office.convert_to_pdf(tmp_path / "aggiornato.pptx", tmp_path / "pdf")
    assert pages(pdf) == len(prs.slides)
    # the same data again: nothing changes
    again = update(tmp_path / "aggiornato.pptx", new_report, tmp_path / "ancora.pptx")
    assert (tmp_path / "ancora.pptx").read_bytes() == (tmp_path / "aggiornato.pptx").read_bytes()
    assert again.report.updated == []


@pytest.mark.external("ooxml-validator")
def test_generated_deck_with_its_keys_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "deck.pptx"
    path.write_bytes(render_deck(document_of(load(example_report()))))
    assert validator_errors(path) == []
    prs = Presentation(io.BytesIO(path.read_bytes()))
    assert len(prs.slides) == 11
