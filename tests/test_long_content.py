"""Issue 8's long content, end to end through the CLI: 300 initiatives and a 5,000-character
text build both documents, paginated, with nothing past the slide edge or the page."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from porreport.cli.main import main

WORDS = (
    "Il percorso formativo sostiene l’occupazione femminile e giovanile nelle imprese "
    "lombarde con voucher, tutoraggio e servizi di conciliazione. "
)


def _initiatives(n: int) -> str:
    lines = ["iniziative:\n"]
    for k in range(n):
        lines.append(
            f"  - asse: {k % 4 + 1}\n"
            f"    titolo: Iniziativa n. {k + 1} per l’attuazione del programma\n"
            f"    testo: Avviso pubblicato per {k % 9 + 1},5 Mln€ (decreto n. {1000 + k}/2021).\n"
            f"    atti: [decreto n. {1000 + k}/2021]\n"
        )
    return "".join(lines)


@pytest.fixture(scope="module")
def long_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path]:
    from porreport.resources import example_report

    folder = tmp_path_factory.mktemp("lungo")
    src = example_report()
    (folder / "dimensioni_imprese.csv").write_bytes(
        (src.parent / "dimensioni_imprese.csv").read_bytes()
    )
    text = src.read_text(encoding="utf-8")
    head, rest = text.split("iniziative:\n", 1)
    rest = rest[rest.index("avvisi:\n") :]
    long_text = (WORDS * 60)[:5000].strip()
    rest = re.sub(r"    finalita: >-\n(      .*\n)+", f"    finalita: {long_text}\n", rest, count=1)
    report = folder / "lungo.yaml"
    report.write_text(head + _initiatives(300) + rest, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", str(report), "-o", str(folder / "out")], out, err)
    return code, err.getvalue(), folder / "out"


def test_long_report_builds_without_traceback(long_build) -> None:
    code, err, out = long_build
    assert code == 0, err
    assert "Errore interno" not in err
    assert sorted(p.name for p in out.iterdir()) == ["lungo.pdf", "lungo.pptx"]


def test_deck_paginates_the_initiatives_inside_the_slide(long_build) -> None:
    _, _, out = long_build
    prs = Presentation(str(out / "lungo.pptx"))
    titles = [s.shapes.title.text for s in prs.slides if s.shapes.title is not None]
    pages = [t for t in titles if t.startswith("Principali iniziative in corso")]
    assert len(pages) >= 10
    assert pages[0].endswith(f"(1/{len(pages)})")
    assert pages[-1].endswith(f"({len(pages)}/{len(pages)})")
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= prs.slide_width, (number, shape.name)
            assert shape.top + shape.height <= prs.slide_height, (number, shape.name)
    every_text = "\n".join(
        shape.text_frame.text
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    assert "Iniziativa n. 300 per l’attuazione del programma" in every_text
    assert "decreto n. 1299/2021" in every_text


@pytest.mark.external("pdftotext")
def test_pdf_flows_over_pages_with_every_initiative(long_build) -> None:
    _, _, out = long_build
    text = subprocess.run(
        ["pdftotext", "-layout", str(out / "lungo.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = text.count("\f")
    assert pages >= 15
    assert f"Pagina {pages} di {pages}" in text
    flat = " ".join(text.split())
    assert "Iniziativa n. 300 per l’attuazione del programma" in flat
    assert flat.count("Il percorso formativo sostiene") >= 30  # the 5,000-character text, whole
