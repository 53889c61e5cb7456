"""The PDF bulletin's shortcuts (``porreport.bulletin.fastpaths`` and the render's caches)
give what ReportLab's plain way gives: each shortcut against the plain function, then whole
bulletins rendered with every shortcut switched off against the normal render."""

from __future__ import annotations

import dataclasses
import io
import random
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import numpy as np
import pytest
from reportlab.graphics import renderPDF
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

from porreport import api
from porreport.bulletin import drawings, fastpaths, flow, graphics, page, texts
from porreport.bulletin import render as bulletin
from porreport.bulletin import styles as bs
from porreport.bulletin.tagging import Decoration
from porreport.content.document import Chart, Map
from porreport.errors import RenderError
from porreport.inputs.glyphs import cmap_code_points
from porreport.resources import font_path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "por_fse_lombardia_2021.yaml"
OTHER = ROOT / "data" / "examples" / "pr_fesr_sicilia_2024.yaml"


def _numbers() -> list[object]:
    rng = random.Random(16)
    values: list[object] = [0, 0.0, -0.0, 1, 1.0, True, False, -1, 1e-8, -1e-8, 1e-7, 2e-7]
    values += [0.5, 1.5, 10, 99.99999, 100.000001, 123456.789, -842.5, 595.2756, 841.8898]
    values += [rng.uniform(-1000, 1000) for _ in range(2000)]
    values += [round(rng.uniform(-600, 600), 3) for _ in range(2000)]
    values += [rng.uniform(-1, 1) for _ in range(500)]
    values += [10.0**e for e in range(-8, 12)]
    values += [np.float64(3.25), np.float32(0.1), np.int64(7)]
    return values


def test_fp_str_gives_reportlabs_text_for_every_number() -> None:
    fastpaths._numbers.clear()
    values = _numbers()
    for _ in range(2):  # formatted, then from the memo
        for v in values:
            assert fastpaths.fp_str(v) == fastpaths.plain_fp_str(v), v
    assert fastpaths.fp_str(*values[:40]) == fastpaths.plain_fp_str(*values[:40])
    assert fastpaths.fp_str(values[:40]) == fastpaths.plain_fp_str(values[:40])
    assert fastpaths.fp_str((1.5, -2)) == fastpaths.plain_fp_str((1.5, -2)) == "1.5 -2"
    assert fastpaths.fp_str() == fastpaths.plain_fp_str() == ""


def test_fp_str_memo_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastpaths, "MEMO_LIMIT", 100)
    fastpaths._numbers.clear()
    for i in range(1000):
        assert fastpaths.fp_str(i + 0.25) == fastpaths.plain_fp_str(i + 0.25)
    assert len(fastpaths._numbers) <= 101
    fastpaths._numbers.clear()


def test_fast_numbers_installs_and_restores() -> None:
    from reportlab.pdfgen import canvas, textobject

    before = canvas.fp_str, textobject.fp_str
    with fastpaths.fast_numbers():
        assert canvas.fp_str is fastpaths.fp_str and textobject.fp_str is fastpaths.fp_str
    assert (canvas.fp_str, textobject.fp_str) == before
    assert canvas.fp_str is not fastpaths.fp_str


def test_escape_pdf_gives_reportlabs_escapes() -> None:
    rng = random.Random(7)
    samples = [bytes([c]) for c in range(256)]
    samples += [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40))) for _ in range(500)]
    samples += [
        bytes(rng.randrange(32, 127) for _ in range(rng.randrange(1, 40))) for _ in range(500)
    ]
    samples += [b"", b"Pagina 3 di 12", b"(a)\\b", "Forlì (FC)", "già"]  # type: ignore[list-item]
    for s in samples:
        assert fastpaths.escape_pdf(s) == fastpaths.plain_escape_pdf(s), s
    assert fastpaths.escape_pdf(b"a(b)") == "a\\(b\\)"


def _texts() -> list[str]:
    document = api.document_of(api.load(EXAMPLE))
    texts = [value for _, value in bulletin._strings(document, "")]
    rng = random.Random(3)
    words = [w for t in texts for w in t.split()]
    texts += [" ".join(rng.choices(words, k=rng.randrange(1, 12))) for _ in range(500)]
    supported = sorted(c for c in cmap_code_points(font_path("Regular")) if c > 0x20)[:400]
    texts += ["".join(chr(c) for c in supported[i : i + 9]) for i in range(0, 400, 9)]
    texts += ["", " ", "\xa0", "a\xa0b", "\u2022", "\u2026", "\u20ac 1.234,5", "\U0001f600 x"]
    return texts


@pytest.mark.parametrize("style", ["Regular", "SemiBold"])
def test_bulletin_font_measures_and_splits_as_ttfont(style: str) -> None:
    fast = fastpaths.BulletinFont("fast-" + style, str(font_path(style)))
    plain = TTFont("plain-" + style, str(font_path(style)))
    fast_doc, plain_doc = PDFDocument(), PDFDocument()
    for _ in range(2):  # new characters get codes the first time, known ones after
        for text in _texts():
            for size in (7.5, 9.5, 11):
                assert fast.stringWidth(text, size) == plain.stringWidth(text, size), text
            assert fast.stringWidth(text.encode(), 9) == plain.stringWidth(text.encode(), 9)
            assert fast.splitString(text, fast_doc) == plain.splitString(text, plain_doc), text
    fast_state, plain_state = fast.state[fast_doc], plain.state[plain_doc]
    assert fast_state.assignments == plain_state.assignments
    assert fast_state.subsets == plain_state.subsets
    assert len(plain_state.subsets) > 1  # the lines above filled more than one subset


@contextmanager
def _plain_reportlab() -> Iterator[None]:
    """Every shortcut of the PDF switched off: ReportLab's own functions."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(bulletin, "fast_numbers", nullcontext)
        mp.setattr(bulletin, "fast_compression", nullcontext)
        for cls in (page.BulletinCanvas, page.UntaggedBulletinCanvas):
            mp.setattr(cls, "_escape", Canvas._escape)
        mp.setattr(fastpaths.BulletinFont, "stringWidth", TTFont.stringWidth)
        mp.setattr(fastpaths.BulletinFont, "splitString", TTFont.splitString)
        mp.setattr(flow.SpacedParagraph, "_setup", Paragraph._setup)
        mp.setattr(drawings, "draw", renderPDF.draw)
        yield


def _renders(paths: list[Path]) -> list[bytes]:
    documents = [api.document_of(api.load(p)) for p in paths]
    return [api.render(d, "pdf") for d in documents]


def test_fast_bulletins_equal_plain_ones_in_either_order() -> None:
    fast = _renders([EXAMPLE, OTHER, EXAMPLE])
    with _plain_reportlab():
        plain = _renders([OTHER, EXAMPLE])
    assert fast[0] == fast[2] == plain[1]
    assert fast[1] == plain[0]
    assert fast[0] != fast[1]


def _styles() -> list[ParagraphStyle]:
    st = bs.styles()
    return [getattr(st, f.name) for f in dataclasses.fields(st)] + [*texts._entry_styles()]


def test_a_plain_text_gets_the_fragment_the_parser_makes() -> None:
    texts_seen = 0
    for style in _styles():
        for text in _texts():
            cleaned = cleanBlockQuotedText(text)
            if not cleaned or "<" in cleaned or "&" in cleaned:
                continue
            _, parsed, bullets = ParaParser().parse(cleaned, style)
            fast = flow.plain_fragment(style, cleaned)
            assert bullets is None and len(parsed) == 1
            assert fast.__dict__ == parsed[0].__dict__, (style.name, text)
            texts_seen += 1
    assert texts_seen > 1000
    one, two = (flow.plain_fragment(bs.styles().body, t) for t in ("a b", "c"))
    assert one.link is not two.link and one.us_lines is not two.us_lines


def test_a_paragraph_with_or_without_the_parser_is_the_same() -> None:
    style = bs.styles().body
    values = ["  Riga con   spazi  ", "a\nb", "x & y <b>z</b>", "Forlì\xa0(FC)", ""]
    for value in values:
        fast = flow.para(value, style)
        plain = Paragraph(bs.text(value), style)
        assert fast.text == plain.text and fast.style is plain.style
        assert [f.__dict__ for f in fast.frags] == [f.__dict__ for f in plain.frags]
        assert fast.wrap(200, 1000) == plain.wrap(200, 1000)


def test_the_first_string_with_a_missing_character_is_named(tmp_path: Path) -> None:
    document = api.document_of(api.load(EXAMPLE))
    sections = list(document.sections)
    sections[2] = dataclasses.replace(sections[2], title="Due \u2713")
    sections[1] = dataclasses.replace(sections[1], title="Uno \u2714 \u2713")
    broken = dataclasses.replace(document, sections=tuple(sections))
    with pytest.raises(RenderError) as info:
        bulletin.check_glyphs(broken)
    assert "'sections[1].title'" in str(info.value)
    assert "'\u2714' (U+2714), '\u2713' (U+2713)" in str(info.value)
    bulletin.check_glyphs(document)


def test_the_fast_canvas_saves_the_state_reportlab_saves() -> None:
    assert list(fastpaths._STATE_NAMES) == page.BulletinCanvas.STATE_ATTRIBUTES
    fast = fastpaths.FastCanvas(io.BytesIO())
    plain = Canvas(io.BytesIO())
    for canvas in (fast, plain):
        canvas.setFont("Courier", 7)
        canvas.setFillColorRGB(0.2, 0.4, 0.6, alpha=0.5)
        canvas.translate(10, 20)
        canvas.saveState()
        canvas.setFont("Helvetica", 12)
        canvas.setFillAlpha(1)
    (saved_fast,), (saved_plain,) = fast.state_stack, plain.state_stack
    assert saved_fast.keys() == saved_plain.keys()
    for name, value in saved_fast.items():
        if name == "_extgstate":
            assert value._d == saved_plain[name]._d and value._d
        else:
            assert value == saved_plain[name], name
    assert fast._extgstate._d == plain._extgstate._d
    assert fast.state_stack[0]["_extgstate"] is not fast._extgstate
    for canvas in (fast, plain):
        canvas.restoreState()
    assert (fast._fontname, fast._fontsize) == (plain._fontname, plain._fontsize) == ("Courier", 7)


def test_a_run_with_a_page_break_measures_the_plain_way() -> None:
    from reportlab.platypus import CondPageBreak, Spacer

    assert flow._leaves_frame_alone(flow.tagged("Testo", bs.styles().body))
    assert flow._leaves_frame_alone(Spacer(1, 4))
    assert not flow._leaves_frame_alone(CondPageBreak(100))
    assert not flow._leaves_frame_alone(Decoration(CondPageBreak(100)))


def _canvas_code(draw: object, drawing: object) -> list[str]:
    canvas = Canvas(io.BytesIO())
    draw(drawing, canvas, 0, 0)  # type: ignore[operator]
    return list(canvas._code)


def _example_graphics() -> list[graphics.Graphic]:
    """The charts and the map of the example, as the bulletin draws them."""
    document = api.document_of(api.load(EXAMPLE))
    out = []
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Chart | Map):
                for flowable in graphics.graphic_flowables(block, page.FRAME_W):
                    if isinstance(flowable, graphics.GraphicFlowable):
                        out.append(flowable.draw_at(*flowable.natural))
    return out


def test_drawings_draw_what_reportlabs_renderer_draws() -> None:
    examples = _example_graphics()
    assert len(examples) >= 5
    paths = 0
    for graphic in examples:
        for drawing in (graphic.body, graphic.title, graphic.note):
            plain = _canvas_code(renderPDF.draw, drawing)
            assert _canvas_code(drawings.draw, drawing) == plain
            assert _canvas_code(drawings.draw, drawing) == plain  # operators from the memo
            paths += sum(line.startswith("n ") for line in plain)
    assert paths > 50


def test_cached_heights_equal_measured_ones() -> None:
    document = api.document_of(api.load(EXAMPLE))
    blocks = [b for s in document.sections for b in s.blocks if isinstance(b, Chart | Map)]
    assert any(isinstance(b, Map) for b in blocks) and len(blocks) >= 5
    for block in blocks:
        for width in (page.FRAME_W, 300.0):
            if isinstance(block, Chart):
                measured = graphics.chart_height.__wrapped__(block.spec, width)
                assert graphics.chart_height(block.spec, width) == measured
            else:
                measured = graphics.map_height.__wrapped__(block.spec, width)
                assert graphics.map_height(block.spec, width) == measured


def test_the_render_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    document = api.document_of(api.load(OTHER))
    assert gc.isenabled()
    paused = api.render(document, "pdf")
    assert gc.isenabled()
    gc.disable()
    try:
        assert api.render(document, "pdf") == paused
        assert not gc.isenabled()
    finally:
        gc.enable()
    section = dataclasses.replace(document.sections[1], title="Panoramica \u2713")
    broken = dataclasses.replace(document, sections=(document.sections[0], section))
    with pytest.raises(RenderError):
        bulletin.render_pdf(broken)
    assert gc.isenabled()


def test_references_are_written_as_reportlab_writes_them() -> None:
    from reportlab.pdfbase.pdfdoc import PDFDictionary

    from porreport.bulletin.tagging import pdfwrite

    document = PDFDocument()
    refs = [document.Reference(PDFDictionary({"N": i})) for i in range(30)]
    for ref in refs:
        assert pdfwrite._ref(ref, document) == ref.format(document)
    assert pdfwrite._ref(refs[-1], document).endswith(b" 0 R")


def test_memo_flate_compresses_as_reportlab(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.pdfbase import pdfdoc

    rng = random.Random(5)
    flate = fastpaths.MemoFlate()
    plain = pdfdoc.PDFStreamFilterZCompress()
    assert flate.pdfname == plain.pdfname == "FlateDecode"
    samples: list[bytes | str] = [b"", b"q 1 0 0 1 0 0 cm Q", "testo è", b"x" * 5000]
    samples += [bytes(rng.randrange(256) for _ in range(n)) for n in (100, 2047, 2048, 9000)]
    samples += ["riga di testo à é\n" * 400]
    for _ in range(2):  # compressed, then from the memo
        for sample in samples:
            assert flate.encode(sample) == plain.encode(sample)
    assert len(flate.memo) == 4  # the samples of at least MEMO_MIN_BYTES
    monkeypatch.setattr(fastpaths, "MEMO_MAX_BYTES", 10_000)
    small = fastpaths.MemoFlate()
    for n in range(10):
        assert small.encode(bytes([n]) * 3000) == zlib.compress(bytes([n]) * 3000)
        assert small.memo_bytes <= 10_000
    saved = pdfdoc.PDFZCompress
    with fastpaths.fast_compression():
        assert isinstance(pdfdoc.PDFZCompress, fastpaths.MemoFlate)
    assert pdfdoc.PDFZCompress is saved


def test_markers_write_what_a_flowable_writes() -> None:
    from reportlab.platypus import Flowable

    from porreport.bulletin.tagging import group

    begin, end = (f for f in group("Div", []) if f is not None)
    for x, y in ((52.0, 700.25), (0, 0), (61.123456, 58.5)):
        fast, plain = Canvas(io.BytesIO()), Canvas(io.BytesIO())
        fast.translate(3, 4)
        plain.translate(3, 4)
        before = (list(plain._code), plain._currentMatrix)
        begin.drawOn(fast, x, y)
        Flowable.drawOn(begin, plain, x, y)
        end.drawOn(fast, x, y, _sW=10)
        Flowable.drawOn(end, plain, x, y, _sW=10)
        assert fast._code == plain._code != before[0]
        assert fast._currentMatrix == plain._currentMatrix == before[1]
        assert fast.state_stack == plain.state_stack == []
