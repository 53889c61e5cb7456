"""The start-up and rendering shortcuts change no byte and no behaviour.

``porreport build`` forks the PDF's process before it reads the report and sends it the
document; matplotlib is imported without its long docstrings (``charts.load_matplotlib``);
chart figures are not cleared after use; paragraphs keep the lines of their last wrap; the
font's character set is read without fontTools; the package and the API import what they
use on first use. Each test compares a shortcut with the plain way of doing the same thing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import porreport
from porreport import api
from porreport.bulletin import graphics
from porreport.bulletin import render as bulletin

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "por_fse_lombardia_2021.yaml"
OTHER = ROOT / "data" / "examples" / "pr_fesr_toscana_2025.yaml"
HEAVY = ("pydantic", "babel", "matplotlib", "reportlab", "pptx", "lxml", "numpy", "pandas")


def _env() -> dict[str, str]:
    src = str(ROOT / "src")
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": src + (os.pathsep + path if path else "")}


def _python(code: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, env=_env(), check=True, timeout=120
    )


def _document(path: Path) -> porreport.Document:
    return api.document_of(api.load(path))


@pytest.mark.parametrize("formats", ["pptx,pdf", "pdf", "pptx"])
def test_the_cli_build_writes_what_the_renderers_return(tmp_path: Path, formats: str) -> None:
    command = ["build", str(EXAMPLE), "-o", str(tmp_path), "--format", formats]
    result = subprocess.run(
        [sys.executable, "-m", "porreport", *command],
        capture_output=True,
        env=_env(),
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()
    wanted = formats.split(",")
    assert result.stdout.decode().splitlines() == [
        f"Scritto {tmp_path / f'por_fse_lombardia_2021.{fmt}'}" for fmt in wanted
    ]
    document = _document(EXAMPLE)
    for fmt in wanted:
        written = (tmp_path / f"por_fse_lombardia_2021.{fmt}").read_bytes()
        assert written == api.render(document, fmt), fmt


def test_the_parallel_build_equals_the_serial_one(tmp_path: Path) -> None:
    serial = api.build(OTHER, tmp_path / "serial")
    parallel = api.build(OTHER, tmp_path / "parallel", parallel=True)
    assert [p.name for p in serial.outputs] == [p.name for p in parallel.outputs]
    for one, other in zip(serial.outputs, parallel.outputs, strict=True):
        assert one.read_bytes() == other.read_bytes(), one.name
    assert serial.warnings == parallel.warnings


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_an_input_error_stops_the_early_child_and_writes_nothing(tmp_path: Path) -> None:
    # in a fresh process, which forks (this one may run numpy's threads, and build then does
    # not fork); strict: the example's warning is an error, found after the fork
    out = _python(
        "import os; from pathlib import Path; from porreport import api, InputError\n"
        "forked = []\n"
        "fork = os.fork\n"
        "os.fork = lambda: forked.append(1) or fork()\n"
        "try:\n"
        f"    api.build({str(EXAMPLE)!r}, {str(tmp_path / 'out')!r}, parallel=True, strict=True)\n"
        "except InputError as exc:\n"
        "    print(repr(str(exc)))\n"
        "tasks = Path('/proc/self/task').iterdir()\n"
        "print(len(forked), sum(len((t / 'children').read_text().split()) for t in tasks))\n"
    )
    message, counts = out.stdout.decode().strip().splitlines()
    assert "la somma degli assi differisce dai totali del programma" in message
    assert counts == "1 0"  # the early child was forked, and is gone
    assert not (tmp_path / "out").exists()


def test_a_child_that_cannot_load_its_renderer_reports_why(tmp_path: Path) -> None:
    # in a fresh process: this one may run numpy's threads, and build then does not fork
    out = _python(
        "from porreport import api; from porreport.bulletin import render\n"
        "def fail(): raise RuntimeError('renderer non caricato')\n"
        "render.prepare = fail  # inherited by the forked child\n"
        "try:\n"
        f"    api.build({str(EXAMPLE)!r}, {str(tmp_path / 'out')!r}, parallel=True)\n"
        "except RuntimeError as exc:\n"
        "    print(exc)\n"
    )
    assert out.stdout.decode().strip() == "renderer non caricato"
    assert not (tmp_path / "out").exists()


def test_charts_drawn_again_give_the_same_pdf() -> None:
    document = _document(EXAMPLE)
    first = api.render(document, "pdf")
    graphics.chart_graphic.cache_clear()
    graphics.map_graphic.cache_clear()
    assert api.render(document, "pdf") == first


def test_a_render_leaves_nothing_behind_for_the_next_document() -> None:
    api.render(_document(EXAMPLE), "pdf")
    after_other = api.render(_document(OTHER), "pdf")
    fresh = _python(
        "import sys; from porreport import api; "
        f"d = api.document_of(api.load({str(OTHER)!r})); "
        "sys.stdout.buffer.write(api.render(d, 'pdf'))"
    ).stdout
    assert after_other == fresh


def test_matplotlib_imported_plainly_draws_the_same_pdf() -> None:
    code = (
        "import sys; {first}; from porreport import api; "
        f"d = api.document_of(api.load({str(EXAMPLE)!r})); "
        "sys.stdout.buffer.write(api.render(d, 'pdf'))"
    )
    plain = _python(code.format(first="import matplotlib.figure")).stdout
    quick = _python(code.format(first="pass")).stdout
    assert plain == quick


def test_load_matplotlib_restores_kwdoc() -> None:
    out = _python(
        "import matplotlib.artist as a; original = a.kwdoc; "
        "from porreport.charts import load_matplotlib; load_matplotlib(); "
        "print(a.kwdoc is original, 'matplotlib.figure' in __import__('sys').modules)"
    )
    assert out.stdout.decode().split() == ["True", "True"]


def test_importing_the_cli_loads_no_heavy_library() -> None:
    out = _python(
        "import sys, porreport.cli; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    assert out.stdout.decode().strip() == "['babel']"  # the CLI's monitor formats numbers


def test_the_pdf_process_prepares_without_the_model() -> None:
    out = _python(
        "import sys; from porreport.bulletin.render import prepare; prepare(); "
        "print('pydantic' in sys.modules, 'matplotlib.figure' in sys.modules)"
    )
    assert out.stdout.decode().split() == ["False", "True"]


def test_every_public_name_resolves() -> None:
    for name in porreport.__all__:
        assert getattr(porreport, name) is not None, name
    assert porreport.load is api.load
    assert set(porreport.__all__) <= set(dir(porreport))
    with pytest.raises(AttributeError):
        _ = porreport.not_a_name  # type: ignore[attr-defined]


def test_the_untagged_canvas_is_only_a_switch() -> None:
    document = _document(EXAMPLE)
    tagged = api.render(document, "pdf")
    assert bulletin._TAGGED is True
    bulletin._TAGGED = False
    try:
        untagged = api.render(document, "pdf")
    finally:
        bulletin._TAGGED = True
    assert b"/StructTreeRoot" in tagged
    assert b"/StructTreeRoot" not in untagged and untagged.startswith(b"%PDF-1.7")
    assert api.render(document, "pdf") == tagged


@pytest.mark.parametrize("style", ["Regular", "Bold", "SemiBold", "Italic", "Light"])
def test_the_cmap_reader_finds_what_fonttools_finds(style: str) -> None:
    from fontTools.ttLib import TTFont

    from porreport.inputs.glyphs import cmap_code_points
    from porreport.resources import font_path

    with TTFont(font_path(style), lazy=True) as font:
        expected = frozenset(font.getBestCmap())
    assert cmap_code_points(font_path(style)) == expected
    assert ord("à") in expected and ord("\u2192") not in expected  # the arrow has a fallback


def test_cached_numbers_keep_the_sign_of_zero() -> None:
    from porreport.formatting import number

    # what rounds to zero prints '0', never Babel's '-0'; other signs stay apart in the cache
    assert [number(-0.04), number(0.04), number(-0.04), number(0.0)] == ["0", "0", "0", "0"]
    assert [number(0.6), number(-0.6), number(0.6)] == ["1", "-1", "1"]
    assert [number(2.5, 1), number(2.50, 1), number(2.46, 1)] == ["2,5", "2,5", "2,5"]
