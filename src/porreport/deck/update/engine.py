"""Update an edited deck with a new document: sections and slides, then each slide.

The new document is planned on the edited deck's own layouts (when it still has them), then
the deck is walked section by section, in the new document's order:

- a section the deck already has, with as many slides as before: each of its slides still
  in the deck is updated (``elements``); slides people deleted stay deleted;
- a section that now needs another number of slides: its slides are written anew where the
  first of them was, and what people changed on the old ones is reported as conflicts;
- a section new in the data: its slides are inserted before the next section's first
  slide (after any slides people added after the previous section), or at the end;
- a section the data no longer have: its slides stay, reported.

Slides people added are never touched and stay where they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationObj
from pptx.slide import Slide

from porreport.content.document import Document
from porreport.deck import manifest as M
from porreport.deck import plan_keys as K
from porreport.deck.emit import Emitter, save
from porreport.deck.plan import plan_deck
from porreport.deck.plan_keys import fingerprint
from porreport.deck.slides import DeckPlan, SlidePlan
from porreport.deck.stamp import notes_lines, placeholder_idx, shape_members, shape_name
from porreport.deck.template import LayoutFrames
from porreport.deck.template_file import open_template, read_frames
from porreport.deck.update import elements as E
from porreport.deck.update.charts import repair_charts
from porreport.deck.update.layouts import UpdateEmitter
from porreport.deck.update.layouts import read_frames as read_deck_frames
from porreport.deck.update.notes import CONFLICT as NOTES_CONFLICT
from porreport.deck.update.notes import KEPT as NOTES_KEPT
from porreport.deck.update.notes import UPDATED as NOTES_UPDATED
from porreport.deck.update.notes import update_notes
from porreport.deck.update.opened import OpenedDeck, open_edited
from porreport.deck.update.partnames import forget as forget_partnames
from porreport.deck.update.report import (
    Conflict,
    Element,
    Report,
    SlideNote,
    Unrecognised,
)
from porreport.deck.update.state import DeckState, SlideState, read_state
from porreport.errors import TemplateError

NOTES_NAME = "Note del relatore"


@dataclass
class Updated:
    """The updated deck's bytes and what the update did."""

    data: bytes
    report: Report


def update_deck(
    edited: bytes | OpenedDeck, document: Document, source: str, template: str | None = None
) -> Updated:
    """The edited deck (its bytes, or as ``open_edited`` opened it, which this changes)
    updated with ``document``; ``template`` plans the document when the deck lost its
    layouts (a LibreOffice re-save), else the deck's own layouts are used."""
    deck = edited if isinstance(edited, OpenedDeck) else open_edited(edited, source)
    prs, state, xml = deck.prs, deck.state, deck.xml
    layouts = {section.layout for section in document.sections}
    emitter: UpdateEmitter | None = None
    frames: dict[str, LayoutFrames]
    try:
        frames = read_deck_frames(prs, source, layouts, xml)
        emitter = UpdateEmitter(prs, source, xml) if state.tagged else None
    except TemplateError:
        template_prs, template_name = open_template(Path(template) if template else None)
        frames = read_frames(template_prs, template_name, layouts)
    plan = plan_deck(document, frames)
    report = Report(source, resaved=not state.tagged)
    run = _Run(prs, state, plan, emitter, report)
    run.run()
    if not state.tagged:
        repair_charts(prs)
    sections = _sections(state, plan, run.skipped)
    if emitter is not None:
        emitter.stamp.presentation(prs, sections)
        emitter.keep()
    M.write(prs, _manifest(prs, sections, state))
    prs.core_properties.modified = dt.datetime.combine(plan.meta.reference_date, dt.time())
    return Updated(save(prs, plan.meta.reference_date), report)


def _sections(state: DeckState, plan: DeckPlan, skipped: set[str]) -> list[tuple[str, int]]:
    """The sections the deck is now made of: the new document's (but those whose slides
    could not be added), then those gone from the data whose slides are still there."""
    new = [(s, n) for s, n in plan.sections if s not in skipped]
    ids = {s for s, _ in plan.sections}
    return new + [(s, n) for s, n in state.sections if s not in ids]


@dataclass
class _Run:
    """One update's walk through the deck: the slides it adds and removes, the slides it
    updates, what it reports."""

    prs: PresentationObj
    state: DeckState
    plan: DeckPlan
    emitter: Emitter | None
    report: Report
    work: list[tuple[SlideState, SlidePlan]] = field(default_factory=list)
    added: list[tuple[Slide, SlidePlan, str]] = field(default_factory=list)
    skipped: set[str] = field(default_factory=set)  # new sections whose slides were not added

    def run(self) -> None:
        """Sections first (slides added and removed), then every slide kept."""
        old = dict(self.state.sections)
        present: dict[str, list[SlideState]] = {}
        for s in self.state.slides:
            present.setdefault(s.section, []).append(s)
        planned: dict[str, list[SlidePlan]] = {}
        for p in self.plan.slides:
            planned.setdefault(p.section, []).append(p)
        order = [s for s, _ in self.plan.sections]
        for k, (section, pages) in enumerate(self.plan.sections):
            slides, plans = present.get(section, []), planned.get(section, [])
            if section in old and old[section] > 0 and not slides:
                self._deleted_section(section, plans)
            elif section in old and old[section] > 0 and _same_pages(slides, pages, old[section]):
                self.work += [(s, plans[s.page - 1]) for s in slides]
                self._deleted_pages(section, slides, plans)
            elif slides:
                self._regenerate(slides, plans)
            elif plans:
                self._insert(plans, self._anchor(order[k + 1 :], present), "sezione nuova nei dati")
        numbers = self._numbers()
        for s in self.state.slides:
            if s.section not in planned and s.slide.part in numbers:
                self.report.sections_gone.append(
                    SlideNote(numbers[s.slide.part], s.section, s.title(), "non più nei dati")
                )
        for slide, plan, reason in self.added:
            self.report.slides_added.append(
                SlideNote(numbers[slide.part], plan.section, plan.title.shown(), reason)
            )
        for s, p in self.work:
            self._slide(s, p, numbers[s.slide.part])
        for number, reason in self.state.unmatched:
            self.report.not_recognised.append(Unrecognised(number, "", "", reason))

    # --- sections ------------------------------------------------------------------------

    def _deleted_section(self, section: str, plans: Sequence[SlidePlan]) -> None:
        title = plans[0].title.shown() if plans else section
        self.report.deleted_by_people.append(
            SlideNote(0, section, title, "tutte le slide della sezione eliminate a mano")
        )

    def _deleted_pages(
        self, section: str, slides: Sequence[SlideState], plans: Sequence[SlidePlan]
    ) -> None:
        pages = {s.page for s in slides}
        for p in plans:
            if p.title.page not in pages:
                self.report.deleted_by_people.append(
                    SlideNote(0, section, p.title.shown(), "slide eliminata a mano")
                )

    def _regenerate(self, slides: Sequence[SlideState], plans: Sequence[SlidePlan]) -> None:
        """A section that now needs another number of slides: written anew where its first
        slide was; people's changes on the old slides reported."""
        if self.emitter is None:
            for s in slides:
                self.report.conflicts.append(
                    Conflict(
                        Element(s.number, s.title(), "", s.section),
                        f"{s.pages} slide",
                        "",
                        f"{len(plans)} slide",
                        "la sezione richiede un altro numero di slide ma il deck non ha più i "
                        "layout del modello: rigenerarla con porreport build",
                    )
                )
            self.work += [(s, plans[s.page - 1]) for s in slides if s.page <= len(plans)]
            return
        for s in slides:
            self._lost_edits(s, plans)
        first = self._sld_id(slides[0].slide)
        self._insert(plans, first, "sezione con un numero diverso di slide: rigenerata")
        for s in slides:
            self.report.slides_removed.append(
                SlideNote(s.number, s.section, s.title(), "sostituita dalle slide rigenerate")
            )
            self._delete(s.slide)

    def _lost_edits(self, s: SlideState, plans: Sequence[SlidePlan]) -> None:
        new: dict[str, list[K.Planned]] = {}
        for p in plans:
            for e in K.elements(p):
                new.setdefault(_unpaged(e.key, p.section), []).append(e)
        for found in s.top.values():
            now = E.current(found, s.slide)
            if E.as_written(found, now):
                continue
            items = new.get(_unpaged(found.record.key, s.section), [])
            says = "\n".join(E.joined(K.content(i)) for i in items) or "(non più nei dati)"
            self.report.conflicts.append(
                Conflict(
                    Element(s.number, s.title(), found.record.name, found.record.key),
                    E.written(found.record),
                    E.joined(now),
                    says,
                    "slide rigenerata: la modifica fatta a mano non è stata riportata",
                )
            )
        tagged = {id(f.element) for f in s.top.values()}
        for element in shape_members(s.slide.shapes._spTree):  # python-pptx: no public tree
            if id(element) in tagged or placeholder_idx(element) is not None:
                continue
            name = shape_name(element)
            self.report.conflicts.append(
                Conflict(
                    Element(s.number, s.title(), name, ""),
                    "",
                    name,
                    "",
                    "slide rigenerata: elemento aggiunto a mano non riportato",
                )
            )

    def _anchor(
        self, following: Sequence[str], present: dict[str, list[SlideState]]
    ) -> etree._Element | None:
        """Where a new section's slides go: before the first slide of the next section the
        deck has (None: at the end)."""
        for section in following:
            if present.get(section):
                return self._sld_id(present[section][0].slide)
        return None

    def _insert(self, plans: Sequence[SlidePlan], before: etree._Element | None, why: str) -> None:
        if self.emitter is None:
            for p in plans:
                self.skipped.add(p.section)
                self.report.not_recognised.append(
                    Unrecognised(
                        0,
                        p.title.shown(),
                        p.section,
                        "slide nuova non inserita: il deck non ha più i layout del modello "
                        "(salvato con un altro programma)",
                    )
                )
            return
        id_list = self.prs.slides._sldIdLst  # python-pptx has no public slide reordering
        for p in plans:
            self._renumber()
            position = list(id_list).index(before) + 1 if before is not None else len(id_list) + 1
            slide, _ = self.emitter.add_slide(p, position)
            sld_id = id_list[-1]
            if before is not None:
                before.addprevious(sld_id)
            self.added.append((slide, p, why))

    def _delete(self, slide: Slide) -> None:
        sld_id = self._sld_id(slide)
        r_id = sld_id.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        parent = sld_id.getparent()
        if parent is not None:
            parent.remove(sld_id)
        if r_id:
            self.prs.part.drop_rel(r_id)
            forget_partnames(self.prs.part.package)

    def _sld_id(self, slide: Slide) -> etree._Element:
        for sld_id in self.prs.slides._sldIdLst:  # python-pptx: no public slide ids
            if self.prs.part.related_slide(sld_id.rId) is slide:
                return sld_id
        raise ValueError("slide non trovata")

    def _renumber(self) -> None:
        """Name the slide parts after their places (python-pptx names a new slide after
        the count of slides, which may be taken once slides were removed or moved)."""
        id_list = self.prs.slides._sldIdLst  # python-pptx: no public slide ids
        self.prs.part.rename_slide_parts([sld_id.rId for sld_id in id_list])

    def _numbers(self) -> dict[object, int]:
        """Each slide's number in the deck written, by its part; the number every slide
        shows (a field viewers recompute) set to it, as a build writes it."""
        self._renumber()
        numbers = {}
        for n, slide in enumerate(self.prs.slides, start=1):
            numbers[slide.part] = n
            for field_ in slide.element.iter(qn("a:fld")):
                t = field_.find(qn("a:t"))
                if field_.get("type") == "slidenum" and t is not None and t.text != str(n):
                    t.text = str(n)
        return numbers

    # --- a slide ---------------------------------------------------------------------------

    def _slide(self, s: SlideState, plan: SlidePlan, number: int) -> None:
        work = E.SlideWork(self.prs, self.emitter, s, plan)
        for found in s.top.values():
            if found.where == M.PLACEHOLDER and found.idx is not None:
                work.placeholders[found.idx] = found.record
        planned = [*plan.texts, *plan.drawings]
        keys = {item.key for item in planned}
        before: etree._Element | None = None
        for item in planned:
            known = s.top.get(item.key)
            if known is not None:
                E.update(work, known, item)
                before = known.element
            elif self.state.tagged and item.key in s.keys:  # deleted by people: stays so
                self.report.deleted_by_people.append(
                    SlideNote(
                        number,
                        s.section,
                        getattr(item, "name", item.key),
                        "elemento eliminato a mano",
                    )
                )
            elif self.emitter is not None and self.state.tagged:
                element = E.new_element(work, item)
                E.placement(work, before)(element)
                before = element
                work.note(E.UPDATED, item)
            else:
                self._unmatched(s, number, item)
        for key, found in list(s.top.items()):
            if key not in keys:
                E.drop_or_keep(work, found)
        notes_written = self._notes(s, plan, number)
        if self.emitter is not None and self.state.tagged:
            all_keys = [e.key for e in K.elements(plan)] + work.extra_keys
            self.emitter.stamp.slide(s.slide, plan, all_keys, work.placeholders, notes_written)
        s.notes = notes_written
        self._log(work, number)

    def _unmatched(self, s: SlideState, number: int, item: K.Planned) -> None:
        record = next((e.record for e in s.missing if e.record.key == item.key), None)
        reason = (
            "non ritrovato nel deck (modificato o rinominato dopo il salvataggio con un altro "
            "programma): non aggiornato"
            if record is not None or item.key in s.keys
            else "elemento nuovo nei dati, non inserito in un deck senza i tag di porreport"
        )
        self.report.not_recognised.append(
            Unrecognised(
                number, getattr(item, "name", ""), item.key, reason, E.joined(K.content(item))
            )
        )

    def _notes(self, s: SlideState, plan: SlidePlan, number: int) -> tuple[str, ...]:
        """Update the part of the notes porreport wrote; the notes it has now written."""
        new = notes_lines(plan)
        outcome = update_notes(s.slide, s.notes_fp, s.notes_count, new)
        element = Element(number, s.title(), NOTES_NAME, f"{s.section}/note-relatore")
        if outcome.status == NOTES_CONFLICT:
            written = E.joined(s.notes) if s.notes or not s.notes_count else E.LOST
            reason = "note del relatore modificate a mano"
            self.report.conflicts.append(
                Conflict(element, written, outcome.current, E.joined(new), reason)
            )
        elif outcome.status == NOTES_UPDATED:
            self.report.updated.append(element)
        elif outcome.status == NOTES_KEPT:
            self.report.kept.append(element)
        elif new:
            self.report.unchanged.append(element)
        if outcome.status in (NOTES_CONFLICT, NOTES_KEPT):
            return s.notes
        s.notes_fp, s.notes_count = fingerprint(outcome.written), len(outcome.written)
        return outcome.written

    def _log(self, work: E.SlideWork, number: int) -> None:
        title = work.state.title()
        for o in work.outcomes:
            element = Element(number, title, o.name, o.key)
            if o.status == E.CONFLICT:
                self.report.conflicts.append(
                    Conflict(element, o.written, o.people, o.new, o.reason)
                )
            elif o.status == E.UNRECOGNISED:
                self.report.not_recognised.append(
                    Unrecognised(number, o.name, o.key, o.reason, o.written)
                )
            elif o.status == E.UPDATED:
                self.report.updated.append(element)
            elif o.status == E.KEPT:
                self.report.kept.append(element)
            else:
                self.report.unchanged.append(element)


def _unpaged(key: str, section: str) -> str:
    """A key without its page ('iniziative/p2/elenco' -> 'iniziative/elenco')."""
    head, _, rest = key[len(section) + 1 :].partition("/")
    if head[:1] == "p" and head[1:].isdigit() and rest:
        return f"{section}/{rest}"
    return key


def _same_pages(slides: Sequence[SlideState], pages: int, old: int) -> bool:
    return pages == old and all(s.pages == pages for s in slides)


def _manifest(
    prs: PresentationObj, sections: Sequence[tuple[str, int]], state: DeckState
) -> M.Manifest:
    """The copy of the deck's keys: read back from the tags it now holds, or (a deck that
    lost them) the records as this update left them."""
    if state.tagged:
        state = read_state(prs, "")
    return M.Manifest(tuple(sections), tuple(_entry(s) for s in state.slides))


def _entry(s: SlideState) -> M.SlideEntry:
    entries: list[M.Entry] = list(s.missing)
    for found in s.top.values():
        entries.append(M.Entry(found.record, found.where))
        entries += [M.Entry(r, M.MEMBER) for r in found.member_records]
    notes = fingerprint(s.notes) if s.notes or not s.notes_fp else s.notes_fp
    return M.SlideEntry(
        s.section, s.page, s.pages, notes, len(s.notes) or s.notes_count, M.ordered(entries)
    )
