"""LibreOffice conversion under controlled fonts (tests/office.py): each font setup really
renders with its fonts, failures are clear, and no soffice process is left behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Pt

import office

SYSTEM_FONTS = (*office.LIBERATION_SANS, *office.DEJAVU_SANS)
needs_system_fonts = pytest.mark.skipif(
    not all(f.is_file() for f in SYSTEM_FONTS),
    reason="needs Debian's fonts-liberation2 and fonts-dejavu-core",
)


def titillium_deck(path: Path) -> Path:
    """A one-slide deck whose text asks for Titillium Web, regular and bold."""
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # "Blank"
    box = slide.shapes.add_textbox(Pt(40), Pt(40), Pt(500), Pt(100))
    paragraph = box.text_frame.paragraphs[0]
    for text, bold in (("Dotazione 970,4 M€ ", False), ("853,9 M€", True)):
        run = paragraph.add_run()
        run.text = text
        run.font.name = "Titillium Web"
        run.font.bold = bold
    deck.save(str(path))
    return path


def test_fontconfig_sees_only_the_chosen_directory(tmp_path: Path) -> None:
    plan = office.font_plan("liberation")
    xml = office.fontconfig_xml(tmp_path / "fonts", tmp_path / "cache", plan)
    assert "<include" not in xml  # the system configuration would bring every installed font
    assert f"<dir>{tmp_path / 'fonts'}</dir>" in xml
    assert (
        '<alias binding="same"><family>Titillium Web</family>'
        "<prefer><family>Liberation Sans</family></prefer></alias>"
    ) in xml


def test_font_plans() -> None:
    bundled = office.font_plan("bundled")
    assert {f.name for f in bundled.files} >= {"TitilliumWeb-Regular.ttf", "TitilliumWeb-Bold.ttf"}
    assert "Titillium Web" not in office.font_plan("dejavu").aliased
    assert [f.name for f in office.font_plan("dejavu").files] == [
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique.ttf",
        "DejaVuSans-BoldOblique.ttf",
    ]
    with pytest.raises(ValueError, match="impostazione di caratteri sconosciuta: 'arial'"):
        office.font_plan("arial")  # type: ignore[arg-type]


@needs_system_fonts
def test_prepare_setup_links_exactly_the_chosen_fonts(tmp_path: Path) -> None:
    dirs = office.prepare_setup("dejavu", tmp_path)
    links = sorted(p.name for p in dirs.fonts.iterdir())
    assert links == sorted(f.name for f in office.DEJAVU_SANS)
    assert all(p.is_symlink() for p in dirs.fonts.iterdir())
    assert office.office_env(dirs)["FONTCONFIG_FILE"] == str(dirs.fonts_conf)
    assert office.office_env(dirs)["LC_ALL"] == "it_IT.UTF-8"


def test_missing_soffice_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(office.OfficeError, match=r"LibreOffice \(soffice\) non trovato"):
        office.convert_to_pdf(tmp_path / "deck.pptx", tmp_path, "bundled")


@needs_system_fonts
@pytest.mark.external("soffice", "pdffonts")
@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("bundled", ["TitilliumWeb-Bold", "TitilliumWeb-Regular"]),
        ("liberation", ["LiberationSans", "LiberationSans-Bold"]),
        ("dejavu", ["DejaVuSans", "DejaVuSans-Bold"]),
    ],
)
def test_each_setup_renders_with_its_fonts(
    setup: office.FontSetup, expected: list[str], tmp_path: Path
) -> None:
    deck = titillium_deck(tmp_path / "prova.pptx")
    pdf = office.convert_to_pdf(deck, tmp_path / "pdf", setup, work_root=tmp_path / "office")
    assert pdf == tmp_path / "pdf" / "prova.pdf"
    assert sorted(office.pdf_fonts(pdf)) == expected


def running_with(marker: str) -> list[int]:
    """Processes whose command line mentions ``marker``."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if marker in cmdline.read_bytes().decode(errors="replace"):
                found.append(int(cmdline.parent.name))
        except OSError:  # the process ended while we looked
            continue
    return found


@needs_system_fonts
@pytest.mark.external("soffice")
def test_timeout_leaves_no_process(tmp_path: Path) -> None:
    deck = titillium_deck(tmp_path / "prova.pptx")
    work = tmp_path / "office-timeout"
    with pytest.raises(office.OfficeError, match="LibreOffice non ha finito entro 0,2 s"):
        office.convert_to_pdf(deck, tmp_path / "pdf", "dejavu", timeout=0.2, work_root=work)
    assert running_with(str(work)) == []


@pytest.mark.external("soffice")
def test_unreadable_deck_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(office.OfficeError, match="file non trovato"):
        office.convert_to_pdf(tmp_path / "manca.pptx", tmp_path, "bundled")
