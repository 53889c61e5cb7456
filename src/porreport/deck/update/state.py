"""Read what porreport wrote in an edited deck: its sections, its slides and every element
it can still recognise, with the record of what it wrote there.

A deck keeps its tags in PowerPoint: a slide is porreport's when its tags name its section
and page, an element when its tags (or its slide's, for a placeholder) hold its record. A
deck that lost its tags (a LibreOffice re-save) still has the copy in its custom properties
(``porreport.deck.manifest``): its slides are matched to the copy's by what is on them
(drawn shapes' names, texts as porreport wrote them) and only when one slide of the copy
matches best; its elements by name (drawn shapes, which keep their names), by placeholder
type (the title, the date) or by content exactly as porreport wrote it. Nothing is guessed:
what does not match is reported.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree
from pptx.opc.package import Part
from pptx.oxml.ns import qn
from pptx.presentation import Presentation
from pptx.slide import Slide

from porreport.deck import manifest as M
from porreport.deck import stored, tagging
from porreport.deck.plan_keys import fingerprint
from porreport.deck.stamp import (
    TAG_ELEMENTS,
    TAG_MEMBER,
    TAG_NOTES,
    TAG_PAGE,
    TAG_PLACEHOLDER,
    TAG_SCHEME,
    TAG_SECTION,
    TAG_SECTIONS,
    Record,
    load,
    placeholder_idx,
    shape_members,
    shape_name,
)
from porreport.deck.template import CUTOFF, TITLE
from porreport.errors import InputError

_PH_TYPE = {TITLE: ("title", "ctrTitle"), CUTOFF: ("dt",)}


@dataclass
class Found:
    """An element porreport recognises, where it is now, what porreport wrote there; a
    group's recognised members and the records of all its members (in group order)."""

    record: Record
    element: etree._Element
    where: str
    idx: int | None = None
    members: dict[str, Found] = field(default_factory=dict)
    member_records: list[Record] = field(default_factory=list)


@dataclass
class SlideState:
    """One of porreport's slides in the edited deck (``number`` from 1)."""

    slide: Slide
    number: int
    section: str
    page: int
    pages: int
    keys: tuple[str, ...]
    notes: tuple[str, ...]
    notes_fp: str
    notes_count: int
    top: dict[str, Found]
    missing: list[M.Entry] = field(default_factory=list)

    def title(self) -> str:
        """The slide's title as it reads now."""
        for element in shape_members(self.slide.shapes._spTree):  # python-pptx: no public tree
            if _ph_type(element) in ("title", "ctrTitle"):
                return " ".join(" ".join(stored.text_lines(stored.txbody(element))).split())
        return ""


@dataclass
class DeckState:
    """Sections, slides and what could not be matched (slide number, reason)."""

    tagged: bool
    sections: tuple[tuple[str, int], ...]
    slides: list[SlideState]
    unmatched: list[tuple[int, str]] = field(default_factory=list)


def not_porreport(source: str) -> InputError:
    """The error for a deck porreport did not write."""
    return InputError(
        f"Il file {source} non è un deck generato da porreport (non contiene le chiavi che "
        "porreport scrive negli elementi): non si può aggiornare. Generare il deck con "
        "«porreport build» e aggiornare quello."
    )


def read_state(prs: Presentation, source: str) -> DeckState:
    """What porreport wrote in the deck; InputError when it wrote nothing there."""
    tags = tagging.read(prs.part, prs.element)
    if tags.get(TAG_SCHEME) and TAG_SECTIONS in tags:
        return _read_tagged(prs, tags)
    copy = M.read(prs)
    if copy is not None:
        return _read_copy(prs, copy)
    raise not_porreport(source)


# --- a deck with its tags ----------------------------------------------------------------


def _sections(value: str) -> tuple[tuple[str, int], ...]:
    try:
        return tuple((str(s), int(n)) for s, n in json.loads(value))
    except (ValueError, TypeError):
        return ()


def _page(value: str) -> tuple[int, int]:
    page, _, pages = value.partition("/")
    try:
        return int(page), int(pages)
    except ValueError:
        return 1, 1


def _read_tagged(prs: Presentation, tags: tagging.Tags) -> DeckState:
    state = DeckState(True, _sections(tags[TAG_SECTIONS]), [])
    seen: set[tuple[str, int]] = set()
    for number, slide in enumerate(prs.slides, start=1):
        slide_tags = _read_tags(slide.part, tagging.slide_holder(slide.element))
        if TAG_SECTION not in slide_tags:
            continue  # a slide people added
        page, pages = _page(slide_tags.get(TAG_PAGE, "1/1"))
        ident = (slide_tags[TAG_SECTION], page)
        if ident in seen:
            state.unmatched.append((number, "copia di un'altra slide generata: non aggiornata"))
            continue
        seen.add(ident)
        notes = load(slide_tags.get(TAG_NOTES))
        state.slides.append(
            SlideState(
                slide,
                number,
                ident[0],
                page,
                pages,
                load(slide_tags.get(TAG_ELEMENTS)),
                notes,
                fingerprint(notes),
                len(notes),
                _tagged_elements(slide, slide_tags),
            )
        )
    return state


_KEEP = 4096  # tags parts and records remembered
_TAGS: dict[bytes, tagging.Tags] = {}  # tags parts read, by their bytes (copies handed out)


def _read_tags(owner: Part, holder: etree._Element | None) -> tagging.Tags:
    """``tagging.read``, each tags part's XML parsed once per process (an update reads the
    deck's tags twice, and the parts it leaves alone keep their bytes)."""
    if holder is None:
        return {}
    r_id = tagging.tags_r_id(holder)
    if r_id is None or r_id not in owner.rels:
        return {}
    blob = owner.rels[r_id].target_part.blob
    known = _TAGS.get(blob)
    if known is None:
        if len(_TAGS) >= _KEEP:
            _TAGS.clear()
        known = _TAGS[blob] = tagging.parse_tag_list(blob)
    return dict(known)


_RECORDS: dict[str, Record | None] = {}  # records read, by tag value (frozen, shared)


def _record(value: str) -> Record | None:
    """``Record.from_json``, read once per value in a process (an update reads the deck's
    tags twice, before and after, and a batch of updates the same values again)."""
    if value in _RECORDS:
        return _RECORDS[value]
    if len(_RECORDS) >= _KEEP:
        _RECORDS.clear()
    record = _RECORDS[value] = Record.from_json(value)
    return record


def _tagged_elements(slide: Slide, slide_tags: tagging.Tags) -> dict[str, Found]:
    top: dict[str, Found] = {}
    for element in shape_members(slide.shapes._spTree):  # python-pptx: no public tree
        idx = placeholder_idx(element)
        if idx is not None:
            value = slide_tags.get(f"{TAG_PLACEHOLDER}{idx}")
            record = _record(value) if value else None
            if record is not None and record.key not in top:
                top[record.key] = Found(record, element, M.PLACEHOLDER, idx)
            continue
        holder = tagging.nv_pr(element)
        tags = _read_tags(slide.part, holder)
        record = Record.from_tags(tags, shape_name(element))
        if record is None or record.key in top:
            continue  # not porreport's, or a copy people pasted
        found = Found(record, element, M.DRAWN)
        n = 1
        while f"{TAG_MEMBER}{n}" in tags:
            member = _record(tags[f"{TAG_MEMBER}{n}"])
            if member is not None:
                found.member_records.append(member)
            n += 1
        found.members = match_members(element, found.member_records)
        top[record.key] = found
    return top


def match_members(group: etree._Element, records: list[Record]) -> dict[str, Found]:
    """A group's members by key: the k-th record of a name is the k-th member of that name
    (names people changed, or members they removed, are not found)."""
    by_name: dict[str, list[etree._Element]] = {}
    for member in shape_members(group):
        by_name.setdefault(shape_name(member), []).append(member)
    taken: Counter[str] = Counter()
    out: dict[str, Found] = {}
    for record in records:
        candidates = by_name.get(record.name, [])
        k = taken[record.name]
        taken[record.name] += 1
        if k < len(candidates):
            out[record.key] = Found(record, candidates[k], M.MEMBER)
    return out


# --- a deck that lost its tags: the copy in its properties -------------------------------


def _read_copy(prs: Presentation, copy: M.Manifest) -> DeckState:
    state = DeckState(False, copy.sections, [])
    free = list(range(len(copy.slides)))
    for number, slide in enumerate(prs.slides, start=1):
        shapes = shape_members(slide.shapes._spTree)  # python-pptx: no public tree
        scores = [(_score(slide, shapes, copy.slides[k]), k) for k in free]
        scores.sort(reverse=True)
        if not scores or scores[0][0] == 0:
            continue  # a slide people added (or one too changed to tell)
        if len(scores) > 1 and scores[1][0] == scores[0][0]:
            state.unmatched.append((number, "non si capisce a quale slide generata corrisponda"))
            continue
        k = scores[0][1]
        free.remove(k)
        state.slides.append(_matched(slide, number, shapes, copy.slides[k]))
    return state


def _content_fp(record_kind: str, element: etree._Element, slide: Slide) -> str:
    return fingerprint(stored.content(record_kind, element, slide.part))


def _score(slide: Slide, shapes: list[etree._Element], entry: M.SlideEntry) -> int:
    """How many of a copied slide's elements are on ``slide``: drawn shapes by name,
    placeholders by their text as porreport wrote it."""
    names = Counter(shape_name(s) for s in shapes)
    texts = {
        _content_fp(stored.KIND_TEXT, s, slide) for s in shapes if stored.txbody(s) is not None
    }
    score = 0
    for e in entry.entries:
        if (e.where == M.DRAWN and names[e.record.name]) or (
            e.where == M.PLACEHOLDER and e.record.fingerprint in texts
        ):
            score += 1
    return score


def _ph_type(element: etree._Element) -> str | None:
    holder = tagging.nv_pr(element)
    ph = holder.find(qn("p:ph")) if holder is not None else None
    return ph.get("type", "obj") if ph is not None else None


def _matched(
    slide: Slide, number: int, shapes: list[etree._Element], entry: M.SlideEntry
) -> SlideState:
    top: dict[str, Found] = {}
    missing: list[M.Entry] = []
    used: set[int] = set()
    drawn = [s for s in shapes if _ph_type(s) is None]
    placeholders = [s for s in shapes if _ph_type(s) is not None]
    groups: dict[str, Found] = {}
    for e in entry.entries:
        record = e.record
        element = None
        if e.where == M.DRAWN:
            element = next(
                (s for s in drawn if id(s) not in used and shape_name(s) == record.name), None
            )
        elif e.where == M.PLACEHOLDER:
            element = _placeholder(slide, placeholders, used, record)
        if e.where == M.MEMBER:
            owner = next((g for k, g in groups.items() if record.key.startswith(k + "/")), None)
            if owner is not None:
                owner.member_records.append(record)
            else:  # its group was not found: neither is it
                missing.append(e)
            continue
        if element is None:
            missing.append(e)
            continue
        used.add(id(element))
        found = Found(record, element, e.where)
        top[record.key] = found
        if record.kind == stored.KIND_GROUP:
            groups[record.key] = found
    for found in groups.values():
        found.members = match_members(found.element, found.member_records)
    return SlideState(
        slide,
        number,
        entry.section,
        entry.page,
        entry.pages,
        tuple(e.record.key for e in entry.entries),
        (),
        entry.notes,
        entry.notes_count,
        top,
        missing,
    )


def _placeholder(
    slide: Slide, placeholders: list[etree._Element], used: set[int], record: Record
) -> etree._Element | None:
    """The placeholder of a record: the title or the date by type, another by its text as
    porreport wrote it (only when exactly one has it)."""
    free = [p for p in placeholders if id(p) not in used]
    types = _PH_TYPE.get(record.name)
    if types is not None:
        typed = [p for p in free if _ph_type(p) in types]
        if len(typed) == 1:
            return typed[0]
    same = [p for p in free if _content_fp(record.kind, p, slide) == record.fingerprint]
    return same[0] if len(same) == 1 else None
