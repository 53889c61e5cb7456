"""Check the layout of porreport's documents as a reader sees them (tests/layoutcheck.py).

    python scripts/check_layout.py data/por_fse_lombardia_2021.yaml
    python scripts/check_layout.py REPORT.yaml --fonts dejavu --only deck
    python scripts/check_layout.py deck.pptx bulletin.pdf --report REPORT.yaml

A report (.yaml) is built into a temporary folder (or the ``-o`` folder, kept) and both its documents are checked: the
bulletin PDF as porreport wrote it, the deck converted by LibreOffice (it-IT) under each font
setup of ``--fonts`` (tests/office.py: ``bundled`` = Titillium Web installed, ``liberation``
= Liberation Sans standing in for it, ``dejavu`` = LibreOffice's fallback on Linux). A .pptx
or .pdf given directly is checked as it is; ``--report`` then supplies the headings. Prints
every finding and a count per check; exits 1 when something is found.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]

import layoutcheck as lc  # noqa: E402  (from tests/, put on the path above)
import office  # noqa: E402
from porreport.errors import PorreportError  # noqa: E402

# The bulletin's running header and footer (page number, cut-off date) are drawn in the top
# and bottom 50 points of an A4 page, outside the text frame.
BULLETIN_BANDS = lc.PageBands(header=50.0, footer=50.0)
# A heading more than this many of its line heights above the next text of its column
# stands alone (an empty card in a grid); titles over charts stay under 3.
HEADING_GAP = 4.0
# A slide's footer band starts at the highest placeholder that begins in its bottom fifth
# (footnotes, "Dati al ...", the illustrative-data note).
FOOTER_ZONE = 0.8


# --- what porreport's document model says ------------------------------------------------


def document_headings(document: Any) -> list[str]:
    """The headings of a built porreport document: section titles, block headings, table
    captions, card titles (with the subtitle under them, as one heading), list group
    headings and item titles. Read by attribute name, so the checker depends on the
    document model's vocabulary only, not on its classes."""
    headings = []
    for section in document.sections:
        headings.append(section.title)
        for block in section.blocks:
            headings += _block_headings(block)
    return [h for h in headings if h]


def _block_headings(block: Any) -> Iterator[str]:
    """The headings one block holds."""
    for name in ("heading", "caption"):
        value = getattr(block, name, None)
        if isinstance(value, str):
            yield value
    for card in getattr(block, "cards", ()):
        yield " ".join(t for t in (card.title, card.subtitle) if t)
    for group in getattr(block, "groups", ()):
        yield group.heading
        yield from (item.title for item in group.items)
    for side in (getattr(block, "left", None), getattr(block, "right", None)):
        if side is not None:
            yield from _block_headings(side)


def document_strings(value: Any) -> Iterator[str]:
    """Every text in a document model (dataclasses, tuples, strings), for the vocabulary of
    the split-word check."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from document_strings(getattr(value, item.name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from document_strings(item)


def load_document(report: Path) -> Any:
    """Load and build a report with porreport's public API."""
    from porreport.api import document_of, load  # only when a report is given

    return document_of(load(report))


def deck_bands(pptx: Path) -> dict[int, lc.PageBands]:
    """Each slide's footer band, from its placeholders in the bottom fifth of the slide."""
    from pptx import Presentation  # only when a deck is checked

    deck = Presentation(str(pptx))
    height = deck.slide_height / lc.EMU_PER_POINT
    bands = {}
    for number, slide in enumerate(deck.slides, start=1):
        tops = [
            shape.top / lc.EMU_PER_POINT
            for shape in slide.placeholders
            if shape.top is not None and shape.top / lc.EMU_PER_POINT > FOOTER_ZONE * height
        ]
        bands[number] = lc.PageBands(footer=height - min(tops) if tops else 0.0)
    return bands


# --- checking ------------------------------------------------------------------------------


@dataclasses.dataclass
class Result:
    """The findings on one document (and font setup), how long it took, headings not found."""

    label: str
    findings: list[lc.Finding]
    seconds: float
    unmatched: list[str]
    headings: int


def check_bulletin(pdf: Path, headings: Sequence[str], words: set[str]) -> Result:
    """Check porreport's own PDF."""
    started = time.perf_counter()
    pages = lc.read_pages(pdf)
    findings = lc.check_pages(pages, headings, BULLETIN_BANDS, words, HEADING_GAP)
    unmatched = lc.unmatched_headings(pages, headings)
    label = f"bollettino {pdf.name}"
    return Result(label, findings, time.perf_counter() - started, unmatched, len(headings))


def check_deck(pptx: Path, setup: office.FontSetup, headings: Sequence[str], out: Path) -> Result:
    """Convert a deck under one font setup and check it."""
    started = time.perf_counter()
    pdf = office.convert_to_pdf(pptx, out / setup, setup)
    converted = time.perf_counter()
    findings = lc.check_deck(pdf, pptx, headings, deck_bands(pptx), max_gap=HEADING_GAP)
    unmatched = lc.unmatched_headings(lc.read_pages(pdf), headings)
    label = f"presentazione {pptx.name} ({setup}, conversione {converted - started:.1f} s)"
    return Result(label, findings, time.perf_counter() - started, unmatched, len(headings))


def render_both(document: Any, stem: str, out: Path) -> tuple[Path, Path]:
    """Write a document's deck and PDF into ``out``."""
    from porreport.api import render  # the renderers load only when a report is built

    out.mkdir(parents=True, exist_ok=True)
    paths = out / f"{stem}.pptx", out / f"{stem}.pdf"
    for path in paths:
        path.write_bytes(render(document, path.suffix[1:]))
    return paths


def print_result(result: Result, stream: TextIO) -> None:
    """One document's findings, then its headings that were not found."""
    print(f"== {result.label}: {len(result.findings)} problemi", file=stream)
    for finding in result.findings:
        print(f"   {finding}", file=stream)
    for heading in result.unmatched:
        print(f"   (titolo non trovato, non controllato: «{heading}»)", file=stream)
    if not result.headings:
        print("   (nessun titolo da controllare: indicare il rapporto con --report)", file=stream)


def print_summary(results: Sequence[Result], stream: TextIO) -> None:
    """A count per check for each document."""
    print("\nRiepilogo (problemi per controllo):", file=stream)
    for result in results:
        counts = Counter(f.check for f in result.findings)
        detail = ", ".join(f"{check} {n}" for check, n in sorted(counts.items())) or "nessuno"
        print(f"  {result.label}: {detail}", file=stream)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Controlla l'impaginazione dei documenti di porreport (testo fuori pagina, "
        "righe sovrapposte, numeri spezzati, titoli in fondo a pagina o colonna, "
        "riquadri con il solo titolo)."
    )
    parser.add_argument("files", nargs="+", type=Path, help="rapporto .yaml, .pptx o .pdf")
    parser.add_argument("--report", type=Path, help="rapporto da cui leggere i titoli")
    parser.add_argument(
        "--fonts",
        choices=(*office.FONT_SETUPS, "all"),
        default="all",
        help="caratteri con cui LibreOffice converte la presentazione (predefinito: all, "
        "cioè bundled, liberation e dejavu)",
    )
    parser.add_argument("--only", choices=("deck", "pdf"), help="controlla un solo documento")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        help="cartella in cui lasciare i documenti generati e i PDF di LibreOffice "
        "(predefinito: una cartella temporanea, poi cancellata)",
    )
    return parser.parse_args(argv)


def run(options: argparse.Namespace, work: Path) -> list[Result]:
    """Check every file named on the command line."""
    setups = office.FONT_SETUPS if options.fonts == "all" else (options.fonts,)
    given = load_document(options.report) if options.report else None
    results = []
    for path in options.files:
        document = load_document(path) if path.suffix in (".yaml", ".yml") else given
        headings = document_headings(document) if document is not None else []
        words = set(lc.vocabulary(document_strings(document))) if document is not None else set()
        if path.suffix in (".yaml", ".yml"):
            pptx, pdf = render_both(document, path.stem, work)
        else:
            pptx = path if path.suffix == ".pptx" else None
            pdf = path if path.suffix == ".pdf" else None
        if pdf is not None and options.only != "deck":
            results.append(check_bulletin(pdf, headings, words))
        if pptx is not None and options.only != "pdf":
            results += [check_deck(pptx, s, headings, work / "lo" / pptx.stem) for s in setups]
    return results


def main(argv: Sequence[str] | None = None, stream: TextIO = sys.stdout) -> int:
    """Command line; exit status 1 when a problem is found, 2 when a check cannot run."""
    options = parse_args(argv)
    missing = [p for p in options.files if not p.is_file()]
    if missing:
        print(f"file non trovato: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    if shutil.which("pdftotext") is None:
        print("pdftotext non installato (poppler-utils)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="check-layout-") as tmp:
        try:
            results = run(options, options.output or Path(tmp))
        except (office.OfficeError, PorreportError) as error:
            print(f"errore: {error}", file=sys.stderr)
            return 2
    for result in results:
        print_result(result, stream)
    print_summary(results, stream)
    return 1 if any(r.findings for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
