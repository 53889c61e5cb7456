"""The planner's shortcuts measure what the plain measurement measures.

Paragraphs are measured once per text (their words' widths) and once per text, width and
size (their line counts), and pagination makes each entry's paragraphs once and measures
them once per scale, a column's height growing term by term. Each test
compares a shortcut with the plain way of doing the same thing, and the deck of one report
does not change with what the process rendered before it.
"""

from __future__ import annotations

import random
from pathlib import Path

from porreport import api
from porreport.content.document import Item, ItemGroup
from porreport.deck import fit, plan_lists
from porreport.deck.fit import OVERFULL, Para, Span, count_lines, height, height_terms, stacked
from porreport.typesetting import fitting_width, token_width

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "por_fse_lombardia_2021.yaml"
OTHER = ROOT / "data" / "examples" / "pr_fesr_toscana_2025.yaml"


def _plain_count_lines(para: Para, width: float, size: float) -> int:
    """Lines of ``para`` measured word by word, nothing remembered."""
    width -= para.indent
    segments: list[list[tuple[str, bool]]] = [[]]
    for span in para.spans:
        for k, chunk in enumerate(span.text.split(" ")):
            words = ([" "] if k > 0 else []) + ([chunk] if chunk else [])
            for word in words:
                for j, part in enumerate(word.replace("\v", "\n").split("\n")):
                    if j > 0:
                        segments.append([])
                    if part:
                        segments[-1].append((part, span.bold))
    total = 0
    for segment in segments:
        lines, current = 1, 0.0
        for word, bold in segment:
            w = fitting_width(word, bold) * size
            if word == " ":
                current += w
                continue
            digits = any(c.isdigit() for c in word)
            alone = token_width(word, bold) if digits else fitting_width(word, bold)
            if alone * size > width:
                lines = OVERFULL
                break
            if current > 0 and current + w > width:
                lines += 1
                current = 0.0
            current += w
        total += lines
    return min(max(total, 1), OVERFULL)


WORDS = [
    "Avviso",
    "n.",
    "5112/2021",
    "€\xa010.705.500",
    "formazione",
    "sull'occupazione",
    "riga\ncapo",
    "tab\vulatore",
    "",
    "²",
    "59,0\xa0%",
    "Mln€",
    "precisazione,",
]


def _paragraphs(count: int) -> list[Para]:
    pick = random.Random(16)
    out = []
    for _ in range(count):
        spans = tuple(
            Span(" ".join(pick.choices(WORDS, k=pick.randint(0, 14))), pick.random() < 0.3)
            for _ in range(pick.randint(1, 3))
        )
        out.append(Para(spans, 14.0, indent=pick.choice([0.0, 12.5])))
    return out


def test_remembered_line_counts_equal_plain_ones() -> None:
    paras = _paragraphs(300)
    for _ in range(2):  # the second round answers from what the first remembered
        for para in paras:
            for width in (40.0, 93.7, 250.0, 600.0):
                for size in (8.0, 12.0, 14.56):
                    assert count_lines(para, width, size) == _plain_count_lines(
                        para, width, size
                    ), (para, width, size)


def test_line_counts_follow_the_indent_and_not_the_colour() -> None:
    text = "Pubblicato l'Avviso per il finanziamento di percorsi di formazione"
    plain = Para((Span(text),), 14.0)
    indented = Para((Span(text),), 14.0, indent=150.0)
    coloured = Para((Span(text, color="accent1"),), 14.0)
    assert count_lines(plain, 300.0, 14.0) == 2
    assert count_lines(indented, 300.0, 14.0) == 3
    assert count_lines(coloured, 300.0, 14.0) == 2


def test_heights_after_the_caches_are_cleared_are_the_same() -> None:
    paras = _paragraphs(60)
    remembered = [
        height(paras[k : k + 5], 180.0, scale) for k in range(0, 60, 5) for scale in (1.0, 0.8)
    ]
    fit._count_lines.cache_clear()
    fit._measured.cache_clear()
    fresh = [
        height(paras[k : k + 5], 180.0, scale) for k in range(0, 60, 5) for scale in (1.0, 0.8)
    ]
    assert remembered == fresh


def test_a_deck_does_not_depend_on_the_deck_rendered_before() -> None:
    example = api.document_of(api.load(EXAMPLE))
    other = api.document_of(api.load(OTHER))
    first = (api.render(example, "pptx"), api.render(other, "pptx"))
    second = (api.render(other, "pptx"), api.render(example, "pptx"))
    assert first == second[::-1]


def _plain_flow(
    entries: list[plan_lists._Entry], width: float, col_h: float, scale: float
) -> list[list[Para]]:
    """Columns of entries, every unit made and measured where it is tried."""
    columns: list[list[Para]] = [[]]
    used = 0.0
    for entry in entries:
        while True:
            slide_top = not columns[-1] and len(columns) % 2 == 1
            unit = plan_lists.entry_paras(entry.item)
            if entry.first or slide_top:
                unit = [plan_lists.heading_para(entry.group, not entry.first), *unit]
            if not columns[-1]:
                columns[-1] = plan_lists.top_of_box(unit)
                used = height(columns[-1], width, scale)
                break
            extra = height([Para((Span(""),), 0.01), *unit], width, scale)
            if used + extra <= col_h:
                columns[-1] += unit
                used += extra
                break
            columns.append([])
    return columns


def _groups(count: int) -> list[ItemGroup]:
    pick = random.Random(7)
    items = [
        Item(
            f"Iniziativa n. {k + 1} per l'occupazione",
            " ".join(pick.choices(WORDS[:6] + WORDS[10:], k=pick.randint(0, 40))),
            meta=pick.choice([None, "DGR n. 5112/2021"]),
            amount=pick.choice([None, "€ 85.000", "11,0 M€"]),
        )
        for k in range(count)
    ]
    return [ItemGroup(f"Asse {a + 1}", tuple(items[a::3])) for a in range(3)]


def test_entries_measured_once_flow_as_measured_each_time() -> None:
    groups = _groups(90)
    listed = [plan_lists._Entry(g, item, k == 0) for g in groups for k, item in enumerate(g.items)]
    width = 380.0
    entries = plan_lists._Entries(listed, width)
    for scale in (1.0, 0.96, 12 / 13):
        for col_h in (120.0, 260.5, 400.0, 1000.0):
            columns, heights = plan_lists._flow(entries, col_h, scale)
            assert columns == _plain_flow(listed, width, col_h, scale)
            assert heights == [height(c, width, scale) for c in columns]
            assert len(columns) > 1
            for limit in (1, 2, 5):
                stopped, tall = plan_lists._flow(entries, col_h, scale, limit)
                if len(columns) <= limit:
                    assert (stopped, tall) == (columns, heights)
                else:
                    assert stopped[:limit] == columns[:limit] and stopped[limit:] == [[]]
                    assert tall[:limit] == heights[:limit]


def test_stacked_terms_add_up_to_the_height() -> None:
    paras = _paragraphs(40)
    for cut in (1, 7, 39):
        above, below = paras[:cut], paras[cut:]
        total = stacked(height(above, 200.0, 0.9), height_terms(below, 200.0, 0.9))
        assert total == height(paras, 200.0, 0.9)
