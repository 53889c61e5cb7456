"""Helpers of the update tests: a report changed the way the next semester's data change it,
a deck edited the way staff edit it, and what a deck shows, element by element."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.opc.package import Part
from pptx.shapes.base import BaseShape
from pptx.util import Emu, Pt

from porreport.api import document_of
from porreport.deck import plan_keys as K
from porreport.deck import stored
from porreport.deck.plan import plan_deck
from porreport.deck.slides import DeckPlan
from porreport.deck.template_file import open_template, read_frames
from porreport.deck.update.state import Found, SlideState, read_state
from porreport.inputs.loading import load
from porreport.model.parsing import parse_date, parse_money

NEW_INITIATIVE = "Nuova iniziativa per l’inserimento lavorativo dei giovani"
NEW_CALL = "Avviso pubblico per la formazione continua dei lavoratori"
NOTE_LINE = "Ricordare al Comitato la riprogrammazione dei fondi."
PICTURE_TITLE = "Una foto dal territorio"
TITLE_PREFIX = "Sintesi per il Comitato – "
PARAGRAPH_SUFFIX = " (dato provvisorio)"
RED = "C0392B"
ENLARGED = Pt(28)
CARD_SHIFT = (Emu(190500), Emu(95250))  # 15 pt right, 7,5 pt down
CARD_SCALE = 0.9
FIGURE = re.compile(r"\d[\d.,]*\d|\d")  # a figure as the documents write it: 853,9 30.09.2021


# --- the report ------------------------------------------------------------------------------


def changed_report(source: Path, folder: Path) -> Path:
    """A copy of ``source`` (and its tables) with the next semester's data: a cut-off date
    six months later, higher commitments, payments and certified spending, one more
    initiative, the last sector of the first call replaced by another, a new call."""
    folder.mkdir(parents=True, exist_ok=True)
    for table in source.parent.iterdir():
        if table.is_file() and table.suffix in (".csv", ".xlsx"):
            shutil.copy(table, folder / table.name)
    data = yaml.safe_load(source.read_text("utf-8"))
    report = data["rapporto"]
    day = parse_date(report["data_riferimento"]) + dt.timedelta(days=182)
    report["data_riferimento"] = day.isoformat()
    panorama = data["panorama"]
    for field, factor in (("impegnate", "1.04"), ("liquidate", "1.06"), ("certificata", "1.08")):
        if panorama.get(field) is not None:
            panorama[field] = int(parse_money(panorama[field]) * Decimal(factor))
    initiatives = data.get("iniziative")
    if isinstance(initiatives, list) and initiatives:
        extra = copy.deepcopy(initiatives[-1])
        extra.update(
            titolo=NEW_INITIATIVE,
            testo="Pubblicato l’Avviso per 3,2 Mln€ (decreto n. 2468/2022).",
            importo="3,2 M€",
            atti=["decreto n. 2468/2022"],
        )
        initiatives.append(extra)
    calls = data.get("avvisi") or []
    if calls:
        sectors = (calls[0].get("monitoraggio") or {}).get("settori")
        if isinstance(sectors, list) and sectors:
            used = {str(s.get("ateco")) for s in sectors}
            sectors[-1].pop("titolo", None)
            sectors[-1]["ateco"] = next(c for c in ("47", "56", "10", "41") if c not in used)
        extra_call = copy.deepcopy(calls[0])
        extra_call["titolo"] = NEW_CALL
        calls.append(extra_call)
    target = folder / source.name
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return target


def plan_of(report: Path) -> DeckPlan:
    """The deck plan of a report on the bundled template."""
    document = document_of(load(report))
    prs, name = open_template(None)
    frames = read_frames(prs, name, {s.layout for s in document.sections})
    return plan_deck(document, frames)


def contents(plan: DeckPlan) -> dict[str, tuple[str, ...]]:
    """Every planned element's content, by key."""
    return {e.key: K.content(e) for s in plan.slides for e in K.elements(s)}


# --- what a deck shows -----------------------------------------------------------------------


def elements_by_key(prs: Presentation) -> tuple[dict[str, tuple[SlideState, Found]], list]:
    """Every element porreport recognises in a deck (members too), by key; and the slides'
    states."""
    state = read_state(prs, "deck")
    found: dict[str, tuple[SlideState, Found]] = {}
    for s in state.slides:
        for key, f in s.top.items():
            found[key] = (s, f)
            for member_key, member in f.members.items():
                found[member_key] = (s, member)
    return found, state.slides


def shows(slide_state: SlideState, found: Found) -> tuple[str, ...]:
    """What an element shows now."""
    return stored.content(found.record.kind, found.element, slide_state.slide.part)


def deck_texts(prs: Presentation, skip: set[int] = frozenset()) -> list[str]:
    """Every text of a deck (shapes, groups, tables, chart titles, notes), but the
    elements whose ``id()`` is in ``skip``."""
    out: list[str] = []

    def walk(element: etree._Element, part: Part) -> None:
        if id(element) in skip:
            return
        body = stored.txbody(element)
        if body is not None:
            out.extend(stored.text_lines(body))
        if element.tag.endswith("graphicFrame"):
            root = stored.chart_root(element, part)
            out.extend(
                stored.chart_title(root) if root is not None else stored.table_lines(element)
            )
        for child in element:
            if child.tag.endswith(("}sp", "}grpSp", "}graphicFrame")):
                walk(child, part)

    for slide in prs.slides:
        walk(slide.shapes._spTree, slide.part)
        if slide.has_notes_slide:
            out.append(slide.notes_slide.notes_text_frame.text)
    return out


def figures(lines: list[str] | tuple[str, ...]) -> set[str]:
    """The figures in texts: '853,9', '30.09.2021', '1.001'."""
    return {m.group(0) for line in lines for m in FIGURE.finditer(line)}


# --- a deck edited the way staff edit it -----------------------------------------------------


@dataclass
class Edits:
    """What the staff changed, to find it again after the update."""

    title_key: str
    title_text: str
    paragraph_key: str
    paragraph_text: str
    enlarged_key: str
    chart_key: str
    card_key: str
    card_box: tuple[int, int, int, int]
    deleted_section: str
    notes_section: str
    picture_after: str


def _stable(old: DeckPlan, new: DeckPlan) -> list[str]:
    """Sections on one slide before and after, but the covers and lists."""
    pages_new = dict(new.sections)
    layouts = {s.section: s.layout for s in old.slides}
    return [
        s
        for s, n in old.sections
        if n == 1 and pages_new.get(s) == 1 and layouts[s] not in ("title", "closing", "list")
    ]


def edit_like_staff(deck: bytes, old: DeckPlan, new: DeckPlan) -> tuple[bytes, Edits]:
    """Rewrite a title and a paragraph with a figure, enlarge a font, recolour a chart
    series, move and resize a card, delete a slide, insert a slide with a picture, add a
    line to the speaker notes."""
    prs = Presentation(io.BytesIO(deck))
    found, slides = elements_by_key(prs)
    before, after = contents(old), contents(new)
    stable = _stable(old, new)
    changes = [k for k in found if before.get(k) != after.get(k) and k in after]

    def section_of(key: str) -> str:
        return found[key][0].section

    def drawn_texts(changed: bool) -> list[str]:
        return [
            k
            for k in found
            if found[k][1].record.kind == stored.KIND_TEXT
            and found[k][1].where != "p"
            and section_of(k) in stable
            and (k in changes) == changed
            and any(FIGURE.search(line) for line in before.get(k, ()))
        ]

    first_section = stable[0]
    title_key = f"{first_section}/titolo"
    paragraph_key, enlarged_key = drawn_texts(True)[:2]
    chart_key = next(
        k for k in found if found[k][1].record.kind == "grafico" and section_of(k) in stable
    )
    card_key = next(k for k in found if re.search(r"/schede/\d+$", k) and section_of(k) in stable)
    used = {section_of(k) for k in (title_key, paragraph_key, enlarged_key, chart_key, card_key)}
    deleted = next(s for s in reversed(stable) if s not in used)

    title = found[title_key][1].element
    title_run = title.findall(".//{*}r")[0]
    title_t = title_run.find("{*}t")
    title_t.text = TITLE_PREFIX + title_t.text
    title_text = "".join(stored.text_lines(stored.txbody(title)))

    shape = _shape(prs, found, paragraph_key)
    paragraph = next(p for p in shape.text_frame.paragraphs if FIGURE.search(p.text))
    paragraph.runs[-1].text = paragraph.runs[-1].text + PARAGRAPH_SUFFIX
    paragraph_text = paragraph.text

    enlarged = _shape(prs, found, enlarged_key)
    for p in enlarged.text_frame.paragraphs:
        if FIGURE.search(p.text):
            for run in p.runs:
                run.font.size = ENLARGED

    chart = _shape(prs, found, chart_key).chart
    series_fill = chart.plots[0].series[0].format.fill
    series_fill.solid()
    series_fill.fore_color.rgb = RGBColor.from_string(RED)

    card = _shape(prs, found, card_key)
    card.left, card.top = card.left + CARD_SHIFT[0], card.top + CARD_SHIFT[1]
    card.width = int(card.width * CARD_SCALE)
    card_box = (card.left, card.top, card.width, card.height)

    notes_slide = found[title_key][0].slide
    notes_slide.notes_slide.notes_text_frame.add_paragraph().text = NOTE_LINE

    id_list = prs.slides._sldIdLst
    for s in slides:
        if s.section == deleted:
            sld_id = next(i for i in id_list if prs.part.related_slide(i.rId) is s.slide)
            id_list.remove(sld_id)
            prs.part.drop_rel(sld_id.rId)
    prs.part.rename_slide_parts([i.rId for i in id_list])  # python-pptx names new slides by count

    layout = prs.slide_layouts.get_by_name("Solo titolo")
    picture = prs.slides.add_slide(layout)
    picture.shapes.title.text = PICTURE_TITLE
    image = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 120, 200)).save(image, "PNG")
    image.seek(0)
    picture.shapes.add_picture(image, Emu(914400), Emu(1371600), Emu(3657600))
    new_id = id_list[-1]
    anchor = next(i for i in id_list if prs.part.related_slide(i.rId) is slides[1].slide)
    anchor.addnext(new_id)
    prs.part.rename_slide_parts([i.rId for i in id_list])

    out = io.BytesIO()
    prs.save(out)
    edits = Edits(
        title_key,
        title_text,
        paragraph_key,
        paragraph_text,
        enlarged_key,
        chart_key,
        card_key,
        card_box,
        deleted,
        found[title_key][0].section,
        slides[1].section,
    )
    return out.getvalue(), edits


def _shape(prs: Presentation, found: dict, key: str) -> BaseShape:
    """The python-pptx shape of an element porreport recognises (in a group too)."""
    slide_state, f = found[key]
    shapes = list(slide_state.slide.shapes)
    while shapes:
        shape = shapes.pop(0)
        if shape.element is f.element:
            return shape
        if hasattr(shape, "shapes"):
            shapes += list(shape.shapes)
    raise KeyError(key)
