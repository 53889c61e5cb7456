"""The deck's layouts for reports of any shape (issue 12) and fitting that holds without the
font (issue 13, item 2).

The plan-level tests read the planned deck (porreport.deck.slides) and measure its text
with each font's own advance widths (typesetting.face_width, no kerning: what PowerPoint and
LibreOffice lay out). The ``external`` tests convert each example and each variant of
tests/deck_variants.py with LibreOffice under three font setups and run the layout checker.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

import deck_variants as dv
import layoutcheck
from porreport.api import document_of, render
from porreport.content.document import (
    Card,
    Cards,
    Document,
    Item,
    ItemGroup,
    Section,
    Table,
    TextBlock,
    TwoColumns,
)
from porreport.deck import template as L
from porreport.deck.fit import (
    Para,
    Role,
    Span,
    count_lines,
    fit_scale,
    pitch,
    split_to_fit,
    written,
)
from porreport.deck.plan import plan_deck
from porreport.deck.plan_cards import card_pages, cells, grids
from porreport.deck.plan_figures import STEP_POINT
from porreport.deck.plan_lists import paginate_items
from porreport.deck.slides import (
    EMU_PER_PT,
    DeckPlan,
    Group,
    SlidePlan,
    TablePlan,
    TextShape,
)
from porreport.deck.template_file import open_template, read_frames
from porreport.deck.text import paragraph_xml
from porreport.errors import RenderError
from porreport.inputs.loading import load
from porreport.resources import example_report, resource_dir
from porreport.typesetting import (
    FITTED,
    face_width,
    fitting_width,
    keep_together,
    single_line,
    token_width,
)

ROOT = Path(__file__).resolve().parents[1]
NBSP = "\xa0"


@cache
def plan_of(name: str) -> DeckPlan:
    """The planned deck of the example ('esempio') or of a variant."""
    document = example_document() if name == "esempio" else dv.VARIANTS[name]()
    return plan(document)


def plan(document: Document) -> DeckPlan:
    prs, source = open_template(None)
    return plan_deck(document, read_frames(prs, source, {s.layout for s in document.sections}))


@cache
def example_document() -> Document:
    return document_of(load(example_report()))


def slides(deck: DeckPlan, layout: str, title: str = "") -> list[SlidePlan]:
    return [s for s in deck.slides if s.layout == layout and s.title.text.startswith(title)]


def shapes(slide: SlidePlan) -> list[TextShape]:
    """The slide's text shapes, those grouped (a card) included."""
    out: list[TextShape] = []
    for drawing in slide.drawings:
        members = drawing.shapes if isinstance(drawing, Group) else (drawing,)
        out += [m for m in members if isinstance(m, TextShape)]
    return out


# --- measuring: the wider font, lines, unbreakable tokens --------------------------------


def test_fitting_width_is_the_wider_of_titillium_and_liberation() -> None:
    for word, bold in (("ATECO", True), ("Microimpresa", False), ("€\xa010.705.500", True)):
        each = [face_width(word, family, bold) for family in FITTED]
        assert fitting_width(word, bold) == max(each)
    # Arial's metrics are wider than Titillium Web's: capitals much more
    assert face_width("ATECO", "Liberation Sans", True) > 1.2 * face_width(
        "ATECO", "Titillium Web", True
    )
    assert token_width("€\xa010.705.500", True) == face_width(
        "€\xa010.705.500", "DejaVu Sans", True
    )


def test_single_spacing_is_the_largest_of_the_fonts_and_libreoffice() -> None:
    table = json.loads((resource_dir("fonts") / "metrics.json").read_text(encoding="utf-8"))
    titillium = table["families"]["Titillium Web"]["regular"]
    assert titillium["hhea"] == [1133, 388, 0] and titillium["units_per_em"] == 1000
    assert single_line() == pytest.approx(1.521)
    para = Para((Span("x"),), 10.0, line=0.9)
    assert pitch(para, 10.0) == pytest.approx(13.689)


@pytest.mark.skipif(
    not Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf").is_file(),
    reason="needs Debian's fonts-liberation2 and fonts-dejavu-core",
)
def test_metrics_table_matches_the_fonts_it_was_made_from() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_font_metrics", ROOT / "scripts" / "make_font_metrics.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table = json.loads((resource_dir("fonts") / "metrics.json").read_text(encoding="utf-8"))
    points = module.characters()
    assert table["characters"] == "".join(map(chr, points))
    for family, (regular, bold) in module.FACES.items():
        assert table["families"][family]["regular"] == module.face(regular, points)
        assert table["families"][family]["bold"] == module.face(bold, points)


def test_a_number_wider_than_its_line_does_not_fit() -> None:
    amount = Para((Span("€\xa010.705.500.000,37", bold=True),), 24.0)
    width = token_width(amount.text, True) * 24.0
    assert count_lines(amount, width + 0.5, 24.0) == 1
    assert count_lines(amount, width - 0.5, 24.0) > 1000  # never cut: it does not fit
    scale = fit_scale([amount], width * 0.8, 200.0, 24.0, 8.0)
    assert scale is not None and token_width(amount.text, True) * 24 * scale <= width * 0.8


def test_numbers_stay_with_their_units() -> None:
    text = "per 2,64 Mln€ e € 11 milioni (DGR n. 5112/2021), 59,0 % delle presentate"
    assert keep_together(text) == (
        f"per 2,64{NBSP}Mln€ e €{NBSP}11{NBSP}milioni (DGR n. 5112/2021), "
        f"59,0{NBSP}% delle presentate"
    )


def _words_of(para: Para) -> list[tuple[str, bool]]:
    return [(w, s.bold) for s in para.spans for w in s.text.replace("\n", " ").split(" ") if w]


def _boxes_with_text(deck: DeckPlan):
    """(inner width in points, paragraph) of every text shape and placeholder of a plan."""
    for slide in deck.slides:
        for shape in shapes(slide):
            left, _top, right, _bottom = shape.insets
            width = (shape.box[2] - left - right) / EMU_PER_PT
            for para in shape.paras:
                yield slide, shape.name, width, para


@pytest.mark.parametrize("name", ["esempio", "importi_miliardi", "assi_6", "avviso_persone"])
def test_no_number_is_wider_than_its_line(name: str) -> None:
    for slide, where, width, para in _boxes_with_text(plan_of(name)):
        for word, bold in _words_of(para):
            if any(c.isdigit() for c in word):
                assert token_width(word, bold) * para.size <= width - para.indent, (
                    slide.title.shown(),
                    where,
                    word,
                )


# --- the funnel ----------------------------------------------------------------------------


def _greedy_lines(para: Para, family: str, width: float) -> int:
    """Lines of ``para`` wrapped at spaces in one family's advance widths."""
    lines, used = 1, 0.0
    for word, bold in _words_of(para):
        w = face_width(word, family, bold) * para.size
        space = face_width(" ", family, bold) * para.size
        if used and used + space + w > width:
            lines, used = lines + 1, w
        else:
            used += (space if used else 0.0) + w
    return lines


def _text_rectangle(step: TextShape) -> tuple[float, float]:
    """Width and height in points a step's text may take: OOXML's preset text rectangle
    (homePlate: left to right - point/2; chevron: point to right - point), less the insets."""
    _x, _y, w, h = step.box
    point = STEP_POINT * min(w, h)
    rect = w - (point / 2 if step.geometry == "pentagon" else 2 * point)
    left, top, right, bottom = step.insets
    return (rect - left - right) / EMU_PER_PT, (h - top - bottom) / EMU_PER_PT


@pytest.mark.parametrize("name", ["esempio", "importi_miliardi", "avviso_persone"])
def test_funnel_texts_fit_their_chevrons_in_both_fonts(name: str) -> None:
    (slide,) = slides(plan_of(name), "table_chart", "Monitoraggio")
    steps = [s for s in shapes(slide) if s.geometry in ("pentagon", "chevron")]
    assert len(steps) == 3 and steps[0].geometry == "pentagon"
    for step in steps:
        width, height = _text_rectangle(step)
        shown = [replace(p, size=p.size * step.font_scale) for p in step.paras]
        for family in FITTED:
            lines = [_greedy_lines(p, family, width) for p in shown]
            words = [face_width(w, family, b) * p.size for p in shown for w, b in _words_of(p)]
            assert max(words) <= width, (step.name, family)
            pitches = [
                n * p.line * single_line() * p.size for n, p in zip(lines, shown, strict=True)
            ]
            used = sum(pitches) + sum(p.space_before for p in shown[1:])
            assert used <= height, (step.name, family, used, height)


def test_a_funnel_alone_spans_the_slide_with_its_explanation() -> None:
    (slide,) = slides(plan_of("avviso_persone"), "table_chart", "Monitoraggio")
    steps = [s for s in shapes(slide) if s.geometry != "text"]
    (text,) = [s for s in shapes(slide) if s.geometry == "text"]
    region_w = steps[-1].box[0] + steps[-1].box[2] - steps[0].box[0]
    assert region_w == pytest.approx(text.box[2], abs=4)  # the funnel spans the content
    assert steps[0].box[3] > 2 * 72 * EMU_PER_PT  # taller than beside a table
    assert {p.align for s in steps for p in s.paras} == {"ctr"}
    assert text.box[1] > steps[0].box[1] + steps[0].box[3]
    assert text.paras[0].text == (
        "Sono state complessivamente presentate 1.001 domande. Di queste, 884 sono state "
        "ammesse al contributo."
    )


# --- cards ---------------------------------------------------------------------------------


def test_card_grids_for_one_to_eight_cards() -> None:
    assert [grids(n) for n in range(1, 9)] == [
        [(1, 1)],
        [(2, 1), (1, 2)],
        [(3, 1), (2, 2)],
        [(4, 1), (2, 2)],
        [(5, 1), (3, 2)],
        [(6, 1), (3, 2)],
        [(4, 2)],
        [(4, 2)],
    ]


def _card_slides(deck: DeckPlan) -> list[list[TextShape]]:
    pages = slides(deck, "cards", "Panoramica")
    return [[s for s in shapes(p) if s.geometry == "rounded"] for p in pages]


def test_five_axes_share_one_slide() -> None:
    (page,) = _card_slides(plan_of("assi_5_lunghi"))
    assert [c.name.split(":")[0] for c in page] == [f"Scheda {k}" for k in range(1, 6)]
    assert len({c.box[1] for c in page}) == 1  # one row


def test_six_axes_share_one_slide_or_split_three_and_three() -> None:
    (page,) = _card_slides(plan_of("assi_6"))
    rows = sorted({c.box[1] for c in page})
    assert len(page) == 6 and len(rows) in (1, 2)
    assert [sum(c.box[1] == r for c in page) for r in rows] in ([6], [3, 3])
    pages = _card_slides(plan_of("assi_6_lunghi"))
    assert [len(p) for p in pages] == [3, 3]


def test_eight_cards_are_even_and_one_axis_is_not_a_banner() -> None:
    assert [len(p) for p in _card_slides(plan_of("schede_8"))] in ([8], [4, 4])
    (page,) = _card_slides(plan_of("asse_1"))
    (card,) = page
    (region,) = {f.frames[L.CARDS].box for f in _frames().values() if L.CARDS in f.frames}
    assert card.box[2] <= region[2] // 3
    assert card.box[0] - region[0] == pytest.approx(
        region[0] + region[2] - card.box[0] - card.box[2], abs=2
    )


def test_a_last_row_with_fewer_cards_is_centred() -> None:
    gap = 14 * EMU_PER_PT
    region = (0, 0, 3 * 200 * EMU_PER_PT + 2 * gap, 300 * EMU_PER_PT)
    boxes = cells(5, region, (3, 2))
    width = 200 * EMU_PER_PT
    assert [b[0] for b in boxes[:3]] == [0, width + gap, 2 * (width + gap)]
    assert [b[0] for b in boxes[3:]] == [(width + gap) // 2, (width + gap) // 2 + width + gap]
    assert boxes[3][1] == boxes[4][1] > boxes[0][1]


def test_a_text_card_too_long_for_a_slide_continues_at_a_sentence() -> None:
    sentence = "La misura sostiene le imprese nell’adozione di piani di smart working. "
    card = Card("Finalità", "", text=(sentence * 90).strip())
    region = (0, 0, 870 * EMU_PER_PT, 320 * EMU_PER_PT)
    pages = card_pages([card], region)
    assert len(pages) > 1
    assert [p.cards[0].title for p in pages] == ["Finalità"] + ["Finalità (segue)"] * (
        len(pages) - 1
    )
    texts = [p.cards[0].text or "" for p in pages]
    assert all(t.startswith("La misura") and t.endswith("working.") for t in texts)
    assert " ".join(texts) == card.text


@cache
def _frames():
    prs, source = open_template(None)
    return read_frames(prs, source, set(L.LAYOUTS))


def test_an_empty_card_is_left_out() -> None:
    (page,) = slides(plan_of("avviso_senza_interventi"), "cards", "Avviso")
    titles = [s.paras[0].text for s in shapes(page) if s.geometry == "rounded"]
    assert titles == ["FINALITÀ", "DOTAZIONE FINANZIARIA"]


# --- lists: what stays together ------------------------------------------------------------


def _list_boxes(deck: DeckPlan) -> list[list[Para]]:
    """The paragraphs of each list column, slide by slide, left then right."""
    columns = []
    for slide in slides(deck, "list"):
        (left,) = [t for t in slide.texts if t.name == L.LIST]
        columns.append(list(left.paras))
        columns += [list(s.paras) for s in shapes(slide)]
    return columns


@pytest.mark.parametrize("name", ["esempio", "iniziative_300", "assi_6_lunghi"])
def test_no_heading_or_title_ends_a_column(name: str) -> None:
    for column in _list_boxes(plan_of(name)):
        assert column[-1].role is Role.TEXT
        for para, after in itertools.pairwise(column):
            if para.role is Role.GROUP_HEADING:
                assert after.role is Role.ENTRY_TITLE
            if para.role is Role.ENTRY_TITLE:
                assert after.role is Role.TEXT


def test_entries_move_whole_and_groups_continue_as_segue() -> None:
    columns = _list_boxes(plan_of("iniziative_300"))
    titles = [p.text for c in columns for p in c if p.role is Role.ENTRY_TITLE]
    assert len(titles) == len(set(titles)) == 300  # no entry cut in two
    deck = plan_of("iniziative_300")
    for slide in slides(deck, "list")[1:]:
        (left,) = [t for t in slide.texts if t.name == L.LIST]
        first = left.paras[0]
        assert first.role is Role.GROUP_HEADING
        assert first.text.endswith(" (segue)") or first.text.startswith("Asse")


def test_an_entry_taller_than_a_column_is_cut_at_a_sentence() -> None:
    sentence = "Il percorso sostiene l’occupazione con voucher e tutoraggio nelle imprese. "
    text = (sentence * 40).strip()
    group = ItemGroup("Asse I - Occupazione", (Item("Lunga", text, "Atti: DGR 1"),))
    pairs, _scale = paginate_items([group], 380.0, 300.0)
    texts = [p for left, right in pairs for p in (*left, *right) if p.role is Role.TEXT]
    pieces = [p for p in texts if not p.text.startswith("Atti")]
    assert len(pieces) > 1
    assert all(p.text.endswith("imprese.") and p.text.startswith("Il percorso") for p in pieces)
    assert " ".join(p.text for p in pieces) == text
    titles = [
        p.text for left, right in pairs for p in (*left, *right) if p.role is Role.ENTRY_TITLE
    ]
    assert titles[0] == "Lunga" and set(titles[1:]) == {"Lunga (segue)"}
    assert texts[-1].text == "Atti: DGR 1"  # the acts close the last piece


def test_an_initiative_shows_its_amount() -> None:
    deck = plan_of("importi_miliardi")
    metas = [p for c in _list_boxes(deck) for p in c if p.text.startswith("Importo")]
    assert metas[0].text == f"Importo: 11.000,0{NBSP}M€ · Atti: DGR n. 5112/2021"
    assert [s.bold for s in metas[0].spans[:2]] == [False, True]


def test_a_continued_paragraph_has_no_bullet() -> None:
    para = Para((Span("Uno due tre. " * 60),), 15.0, indent=14.0)
    first, *rest = split_to_fit(para, 300.0, 120.0, 1.0)
    assert rest and all(p.continued and p.space_before == 0 for p in rest)
    assert '<a:buChar char="•"/>' in paragraph_xml(first)
    assert "<a:buNone/>" in paragraph_xml(rest[0]) and 'indent="0"' in paragraph_xml(rest[0])


def test_a_long_assessment_continues_as_segue_without_a_new_bullet() -> None:
    pages = slides(plan_of("valutazione_lunga"), "two_columns")
    assert len(pages) >= 2
    lefts = [next(t for t in s.texts if t.name == L.LEFT) for s in pages]
    assert lefts[0].paras[0].text == "Punti di forza della misura"
    assert all(t.paras[0].text == "Punti di forza della misura (segue)" for t in lefts[1:])
    continued = [p for t in lefts for p in t.paras if p.continued]
    assert continued and all(p.space_before == 0 for p in continued)
    assert all(t.paras[-1].role is Role.TEXT and len(t.paras) > 1 for t in lefts)


# --- every block placed or refused ---------------------------------------------------------


def test_a_text_on_a_table_and_chart_slide_is_placed() -> None:
    (slide,) = slides(plan_of("sezione_api"), "table_chart", "Formazione")
    texts = [p.text for s in shapes(slide) for p in s.paras]
    assert "Corsi finanziati dall'Asse I nel primo semestre." in texts
    (text,) = [s for s in shapes(slide) if s.name.startswith("Testo")]
    (table,) = [d for d in slide.drawings if isinstance(d, TablePlan)]
    assert text.box[1] + text.box[3] <= table.box[1]


def test_a_block_the_layout_cannot_place_is_refused() -> None:
    document = example_document()
    section = next(s for s in document.sections if s.id == "assi")
    table = Table(("Voce", "Valore"), (("Corsi", "12"),), ("left", "right"))
    wrong = replace(section, blocks=(*section.blocks, table))
    with pytest.raises(RenderError) as info:
        plan(_with(document, wrong))
    assert str(info.value) == (
        f"La sezione «{section.title}» (layout 'cards') contiene un blocco di tipo tabella, "
        "che questo layout non impagina. Blocchi ammessi: schede."
    )
    two_charts = next(s for s in document.sections if s.layout == "key_figures")
    doubled = replace(two_charts, blocks=(*two_charts.blocks, two_charts.blocks[-1]))
    with pytest.raises(RenderError, match="contiene 2 blocchi di tipo grafico: il layout ne "):
        plan(_with(document, doubled))


def test_blocks_with_nothing_to_show_are_left_out() -> None:
    document = example_document()
    section = next(s for s in document.sections if s.id == "assi")
    empty = Cards((Card("Vuota", ""),))
    kept = plan(_with(document, replace(section, blocks=(*section.blocks, empty))))
    (page,) = slides(kept, "cards", "Panoramica")
    assert "Scheda 5: Vuota" not in [s.name for s in shapes(page)]
    columns = replace(
        next(s for s in document.sections if s.layout == "two_columns"),
        blocks=(TwoColumns(TextBlock("Sinistra", ("Solo qui.",)), TextBlock("Destra", ())),),
    )
    (slide,) = slides(plan(_with(document, columns)), "two_columns")
    (left,) = [t for t in slide.texts if t.name == L.LEFT]
    assert [t.name for t in slide.texts if t.name == L.RIGHT] == []
    assert left.box is not None and left.box[2] > _frames()["two_columns"].frames[L.LEFT].box[2] * 2


def _with(document: Document, section: Section) -> Document:
    sections = tuple(section if s.id == section.id else s for s in document.sections)
    return replace(document, sections=sections)


# --- the scale the fitter chose --------------------------------------------------------------


def test_planned_boxes_carry_the_scale_they_were_fitted_at() -> None:
    """A box fitted below its styles' sizes keeps those sizes and carries the scale (the
    viewer's autofit scale); its spacing is scaled already (autofit leaves spacing alone)."""
    deck = plan_of("esempio")
    cards = [s for s in shapes(slides(deck, "cards", "Avviso")[0]) if s.geometry == "rounded"]
    assert len({c.font_scale for c in cards}) == 1
    scale = cards[0].font_scale
    assert scale == pytest.approx(12 / 14)  # the card text at its 12 pt floor
    title, text = cards[0].paras
    assert (title.size, text.size) == (13, 14)
    assert text.space_before == round(8 * scale, 1)
    (slide,) = slides(deck, "cards", "Avviso")
    (title_box,) = [t for t in slide.texts if t.name == L.TITLE]
    assert title_box.font_scale < 1 and title_box.paras[0].size == 26


def test_a_word_too_wide_at_full_size_is_written_scaled() -> None:
    """LibreOffice ignores the autofit scale: a box whose longest number would not fit its
    line at full size is written at the fitted sizes, with no scale."""
    amount = Para((Span("€\xa010.705.500.000,37", bold=True),), 24.0)
    label = Para((Span("Imprese beneficiarie"),), 11.0)
    width = token_width(amount.text, True) * 24 * 0.8
    shown, scale = written([amount, label], 0.7, width)
    assert scale == 1.0 and [p.size for p in shown] == [16.8, 7.7]
    shown, scale = written([label], 0.7, width)
    assert scale == 0.7 and shown[0].size == 11.0


# --- LibreOffice: single spacing, and the layout checker on every example and variant -------


@pytest.mark.external("soffice", "pdftotext")
def test_libreoffice_sets_single_spacing_at_1_2_whatever_the_font(tmp_path: Path) -> None:
    """What ``typesetting.LIBREOFFICE_SINGLE`` says: four lines at 20 pt and 100% spacing are
    24 pt apart in Titillium Web and in Liberation Sans (their own line heights are 1.521
    and 1.15 of the size), no more than the pitch the deck is measured with."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    import office

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    for k, family in enumerate(FITTED):
        box = slide.shapes.add_textbox(
            Emu(k * 3_000_000 + 200_000), Emu(200_000), Emu(2_800_000), Emu(3_000_000)
        )
        for n in range(4):
            para = box.text_frame.paragraphs[0] if n == 0 else box.text_frame.add_paragraph()
            para.line_spacing = 1.0
            run = para.add_run()
            run.text = f"Riga {n + 1}"
            run.font.size, run.font.name = Pt(20), family
    path = tmp_path / "interlinea.pptx"
    deck.save(str(path))
    pdf = office.convert_to_pdf(path, tmp_path, "bundled")
    assert {"TitilliumWeb-Regular", "LiberationSans"} <= set(office.pdf_fonts(pdf))
    pages = layoutcheck.front_end().lc.read_pages(pdf)
    for family_lines in (
        [ln for ln in pages[0].lines if ln.box.x0 < 230],
        [ln for ln in pages[0].lines if ln.box.x0 >= 230],
    ):
        tops = sorted(ln.box.y0 for ln in family_lines)
        assert len(tops) == 4
        gaps = [b - a for a, b in itertools.pairwise(tops)]
        assert gaps == pytest.approx([24.0] * 3, abs=0.1)
        assert max(gaps) <= single_line() * 20


def _examples() -> list[Path]:
    return [example_report(), *sorted((ROOT / "data" / "examples").glob("*.yaml"))]


DECKS = [f"rapporto:{p.name}" for p in _examples()] + [f"variante:{n}" for n in dv.VARIANTS]


def _document(deck: str) -> Document:
    kind, name = deck.split(":", 1)
    if kind == "variante":
        return dv.VARIANTS[name]()
    path = next(p for p in _examples() if p.name == name)
    return document_of(load(path))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("mazzi")
    cache_: dict[str, tuple[Path, list[str]]] = {}

    def get(deck: str) -> tuple[Path, list[str]]:
        if deck not in cache_:
            document = _document(deck)
            path = folder / (deck.replace(":", "_").replace(".yaml", "") + ".pptx")
            path.write_bytes(render(document, "pptx"))
            cache_[deck] = path, layoutcheck.front_end().document_headings(document)
        return cache_[deck]

    return get


@pytest.mark.external("soffice", "pdftotext")
@pytest.mark.parametrize("fonts", ["bundled", "liberation", "dejavu"])
@pytest.mark.parametrize("deck", DECKS)
def test_layout_checker_on_every_deck(deck: str, fonts: str, rendered, tmp_path: Path) -> None:
    """No finding with Titillium Web or with Liberation Sans standing in for it, native
    charts included; with DejaVu Sans (a fifth wider) text may leave its box but never the
    slide, and no number is cut."""
    pptx, headings = rendered(deck)
    result = layoutcheck.front_end().check_deck(pptx, fonts, headings, tmp_path)
    found = result.findings
    if fonts == "dejavu":
        found = [f for f in found if f.check in ("outside_page", "split_number", "split_amount")]
    assert [str(f) for f in found] == []
