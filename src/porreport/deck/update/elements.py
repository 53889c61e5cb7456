"""Update one slide's elements: each recognised element compared with what porreport wrote
there last time and with what the new data say.

For an element on the slide (not in a group):

- untouched since porreport wrote it (its look fingerprint is the one recorded): rewritten
  whole from the new plan, exactly as a build writes it (or left alone when the plan is the
  same);
- its content as porreport wrote it, its look changed by people (moved, resized, restyled):
  the new content written into it, keeping their formatting (``inplace``, ``charts``);
- its content changed by people: kept; a conflict when the new data would change it.

A group's members (a card's text, the map's provinces and labels) are updated in place the
same way, one by one: a province's colour only where it is still the one porreport gave it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from lxml import etree
from pptx.oxml.ns import qn
from pptx.presentation import Presentation
from pptx.slide import Slide

from porreport.deck import manifest as M
from porreport.deck import plan_keys as K
from porreport.deck import stored, text
from porreport.deck.emit import Emitter
from porreport.deck.plan_map import MapFreeform, MapPlan, MapText
from porreport.deck.slides import (
    ChartPlan,
    Drawing,
    Group,
    PlaceholderText,
    SlidePlan,
    TablePlan,
    TextShape,
)
from porreport.deck.stamp import Record
from porreport.deck.update import inplace, partnames
from porreport.deck.update.charts import update_chart
from porreport.deck.update.state import Found, SlideState
from porreport.errors import TemplateError

UPDATED, UNCHANGED, KEPT, CONFLICT = "updated", "unchanged", "kept", "conflict"
UNRECOGNISED = "unrecognised"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SCHEME_ORDER = (
    *(f"accent{k}" for k in range(1, 7)),
    "bg1",
    "bg2",
    "tx2",
    "tx1",
)


@dataclass(frozen=True)
class Outcome:
    """What happened to one element (``status``), for the report; for a conflict, what
    porreport wrote, what people wrote and what the data say, and why."""

    status: str
    name: str
    key: str
    written: str = ""
    people: str = ""
    new: str = ""
    reason: str = ""


@dataclass
class SlideWork:
    """A slide being updated: its state, its new plan, the records its tags will hold."""

    prs: Presentation
    emitter: Emitter | None
    state: SlideState
    plan: SlidePlan
    outcomes: list[Outcome] = field(default_factory=list)
    placeholders: dict[int, Record] = field(default_factory=dict)
    extra_keys: list[str] = field(default_factory=list)

    @property
    def slide(self) -> Slide:
        """The slide being updated."""
        return self.state.slide

    def note(self, status: str, found_or_item: Found | K.Planned, **conflict: str) -> None:
        """Record what happened to an element."""
        if isinstance(found_or_item, Found):
            name, key = found_or_item.record.name, found_or_item.record.key
        else:
            name, key = getattr(found_or_item, "name", ""), found_or_item.key
        self.outcomes.append(Outcome(status, name, key, **conflict))

    def scheme(self) -> dict[str, str]:
        """The slide's theme colours by RGB value, for fills written as theme colours."""
        colours = stored.scheme_colours(self.slide.slide_layout.slide_master.part)
        out: dict[str, str] = {}
        for name in _SCHEME_ORDER:
            if name in colours:
                out.setdefault(colours[name], name)
        return out

    def resolver(self) -> stored.Resolver:
        """The slide's theme colours by scheme name."""
        return stored.scheme_colours(self.slide.slide_layout.slide_master.part).get


LOST = (
    "(non disponibile: il deck è stato salvato con un programma che non conserva i testi di "
    "porreport)"
)


def joined(lines: tuple[str, ...]) -> str:
    """Lines as one text (a report shows them)."""
    return "\n".join(lines)


def written(record: Record) -> str:
    """What porreport wrote last time, as the report shows it (a deck that lost its tags
    keeps only its fingerprint)."""
    return joined(record.content) if record.content or not record.fingerprint else LOST


def current(found: Found, slide: Slide) -> tuple[str, ...]:
    """What an element shows now."""
    return stored.content(found.record.kind, found.element, slide.part)


def as_written(found: Found, now: tuple[str, ...]) -> bool:
    """Whether an element shows what porreport wrote there. A province's description a
    deck without tags lost counts as porreport's (LibreOffice drops the alt text of
    freeforms; their fill still tells porreport's colour from people's)."""
    if K.fingerprint(now) == found.record.fingerprint:
        return True
    lost = found.record.kind == stored.KIND_AREA and not found.record.content
    return lost and now == ("",)


# --- one element on the slide ------------------------------------------------------------


def _kept_or_conflict(work: SlideWork, found: Found, now: K.Lines, new: K.Lines) -> None:
    """A text people rewrote: kept when the new data would write what porreport wrote last
    time, else a conflict showing what porreport wrote, what people wrote and the new text."""
    record = found.record
    if K.fingerprint(new) == record.fingerprint:
        work.note(KEPT, found)
        return
    work.note(
        CONFLICT,
        found,
        written=written(record),
        people=joined(now),
        new=joined(new),
        reason="testo modificato a mano",
    )


def update(work: SlideWork, found: Found, item: K.Planned) -> None:
    """Update an element recognised on the slide with its planned new version."""
    record = found.record
    untouched = bool(record.look) and stored.look(found.element, work.slide.part) == record.look
    if untouched and work.emitter is not None:
        if record.plan == K.item_fingerprint(item):
            work.note(UNCHANGED, found)
        else:
            _rewrite(work, found, item)
            work.note(UPDATED, found)
        return
    now = current(found, work.slide)
    if not as_written(found, now):
        _kept_or_conflict(work, found, now, K.content(item))
        return
    _in_place(work, found, item)


def _in_place(work: SlideWork, found: Found, item: K.Planned) -> None:
    """The element's content as porreport wrote it, its look changed by people: the new
    content written into it."""
    record = found.record
    new = K.content(item)
    changed = K.fingerprint(new) != record.fingerprint
    updated = replace(record, look="", plan=K.item_fingerprint(item))
    status = UPDATED if changed else UNCHANGED
    if isinstance(item, Group | MapPlan):
        _members(work, found, item)
        _retag(work, found, updated, found.member_records)
        return
    if isinstance(item, ChartPlan):
        try:
            updated, people_title = update_chart(work.slide, found.element, item, record)
        except (NotImplementedError, ValueError, KeyError, IndexError):  # python-pptx's
            work.note(  # a chart people turned into a kind python-pptx cannot rewrite
                CONFLICT,
                found,
                written=written(record),
                people="(grafico trasformato a mano)",
                new=joined(new),
                reason="grafico di un tipo che porreport non sa aggiornare: rigenerarlo",
            )
            return
        if people_title is not None:
            work.note(
                CONFLICT,
                found,
                written=joined(record.title),
                people=joined(people_title),
                new=joined(K.chart_title(item)),
                reason="titolo del grafico modificato a mano",
            )
        elif changed or updated.axis != record.axis:
            work.note(UPDATED, found)
        else:
            work.note(UNCHANGED, found)
        _retag(work, found, updated, [])
        return
    if isinstance(item, TablePlan) and changed and not inplace.update_table(found.element, item):
        work.note(
            CONFLICT,
            found,
            written=written(record),
            people=joined(current(found, work.slide)),
            new=joined(new),
            reason="le colonne della tabella sono cambiate: rigenerare la tabella",
        )
        _retag(work, found, record, [])
        return
    if isinstance(item, PlaceholderText | TextShape) and changed:
        body = stored.txbody(found.element)
        if body is not None:
            inplace.update_paragraphs(body, item.paras, _look(work, found, item, body))
            text.set_language(body)
    updated = replace(updated, content=new, fingerprint=K.fingerprint(new))
    work.note(status, found)
    _retag(work, found, updated, [])


def _look(work: SlideWork, found: Found, item: K.Planned, body: etree._Element) -> text.Look:
    inherited = text.NO_LOOK
    if isinstance(item, PlaceholderText) and work.emitter is not None:
        try:
            inherited = work.emitter.look(work.plan.layout, item.name)
        except TemplateError:  # a layout the deck no longer has: runs say everything
            inherited = text.NO_LOOK
    return inplace.shape_look(body, inherited)


def _retag(work: SlideWork, found: Found, record: Record, members: list[Record]) -> None:
    """Store an element's new record where it lives (its tags, or the slide's)."""
    found.record = record
    if found.where == M.PLACEHOLDER:
        if found.idx is not None:
            work.placeholders[found.idx] = record
        return
    found.member_records = list(members)
    if work.emitter is not None and found.where == M.DRAWN:
        work.emitter.stamp.tag(work.slide, found.element, record, members)


# --- a group's members -------------------------------------------------------------------


def _members(work: SlideWork, found: Found, item: Group | MapPlan) -> None:
    """Each member of a group people moved or restyled, updated in place."""
    planned = {m.key: m for m in K.members(item)}
    records = []
    for record in found.member_records:
        member = found.members.get(record.key)
        new_item = planned.get(record.key)
        if member is None or new_item is None:
            records.append(record)
            if member is None:
                work.outcomes.append(
                    Outcome(
                        UNRECOGNISED,
                        record.name,
                        record.key,
                        written=written(record),
                        reason="non ritrovato nel gruppo (rinominato o eliminato a mano)",
                    )
                )
            else:
                _kept_though_gone(work, member, record, "lasciato nel gruppo")
            continue
        records.append(_member(work, member, new_item))
    missing = [k for k in planned if k not in {r.key for r in found.member_records}]
    for key in missing:  # the data have more (a new province): the group cannot grow here
        work.note(
            CONFLICT,
            planned[key],
            written="",
            people="",
            new=joined(K.content(planned[key])),
            reason="elemento nuovo in un gruppo modificato a mano: rigenerare il gruppo",
        )
    found.member_records = records


def _member(work: SlideWork, found: Found, item: K.Planned) -> Record:
    record = found.record
    now = current(found, work.slide)
    new = K.content(item)
    if not as_written(found, now):
        _kept_or_conflict(work, found, now, new)
        return record
    changed = K.fingerprint(new) != record.fingerprint or now != new
    if changed:
        _member_content(found, item, new)
    fill, fill_changed, fill_conflict = _member_fill(work, found, item)
    if fill_conflict:
        work.note(
            CONFLICT,
            found,
            written=record.fill,
            people=stored.fill(found.element, work.resolver()),
            new=K.fill_of(item) or "",
            reason="colore cambiato a mano: i nuovi dati lo cambierebbero",
        )
    else:
        work.note(UPDATED if changed or fill_changed else UNCHANGED, found)
    return replace(record, content=new, fingerprint=K.fingerprint(new), fill=fill)


def _member_content(found: Found, item: K.Planned, new: tuple[str, ...]) -> None:
    body = stored.txbody(found.element)
    if isinstance(item, MapText) and body is not None:
        inplace.update_lines(body, new)
    elif isinstance(item, TextShape) and body is not None:
        inplace.update_paragraphs(body, item.paras, inplace.shape_look(body, text.NO_LOOK))
        text.set_language(body)
    elif isinstance(item, MapFreeform):
        inplace.set_description(found.element, item.descr or "")


def _member_fill(work: SlideWork, found: Found, item: K.Planned) -> tuple[str, bool, bool]:
    """The member's fill after the update, whether it changed, whether people's colour was
    kept where the data would change it."""
    record = found.record
    planned = K.fill_of(item)
    if planned is None or not record.fill or planned.upper() == record.fill:
        return record.fill, False, False
    if stored.fill(found.element, work.resolver()) != record.fill:
        return record.fill, False, True
    inplace.set_fill(found.element, planned, work.scheme())
    return planned.upper(), True, False


# --- whole elements ----------------------------------------------------------------------


def _rewrite(work: SlideWork, found: Found, item: K.Planned) -> None:
    """Replace an untouched element with the new one, where it was."""
    element = new_element(work, item)
    found.element.addprevious(element)
    remove(work.slide, found.element)
    found.element = element
    if isinstance(item, PlaceholderText) and found.idx is not None:
        found.record = work.placeholders[found.idx]


def new_element(work: SlideWork, item: K.Planned) -> etree._Element:
    """A new element written from the plan (at the end of the slide's shapes), tagged."""
    emitter = work.emitter
    assert emitter is not None  # the callers check: a deck without layouts gets no shapes
    if isinstance(item, PlaceholderText):
        element, idx, record = emitter.placeholder(work.slide, work.plan.layout, item)
        work.placeholders[idx] = record
        return element
    drawing: Drawing = item  # type: ignore[assignment]
    return emitter.draw(work.slide, drawing)


def remove(slide: Slide, element: etree._Element) -> None:
    """Remove an element from its slide, with the relationships only it used (its tags,
    its chart)."""
    ids = {
        value
        for node in element.iter()
        for name, value in node.items()
        if str(name).startswith(f"{{{R_NS}}}")
    }
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)
    for r_id in ids:
        if str(r_id) in slide.part.rels:
            slide.part.drop_rel(str(r_id))
    if ids:
        partnames.forget(slide.part.package)


def _kept_though_gone(work: SlideWork, found: Found, record: Record, why: str) -> None:
    """A conflict: an element the data no longer have, kept on the slide (``why``)."""
    work.note(
        CONFLICT,
        found,
        written=written(record),
        people=joined(current(found, work.slide)),
        new="(non più nei dati)",
        reason=f"elemento non più nei dati, {why}",
    )


def drop_or_keep(work: SlideWork, found: Found) -> None:
    """An element the data no longer have: removed when porreport's as written, kept (a
    conflict) when people edited it."""
    record = found.record
    untouched = bool(record.look) and stored.look(found.element, work.slide.part) == record.look
    if untouched and work.emitter is not None:
        remove(work.slide, found.element)
        if found.idx is not None:
            work.placeholders.pop(found.idx, None)
        work.note(UPDATED, found)
        return
    work.extra_keys.append(record.key)
    _kept_though_gone(work, found, record, "lasciato perché modificato a mano")


Placement = Callable[[etree._Element], None]


def placement(work: SlideWork, before: etree._Element | None) -> Placement:
    """Where a new element goes: after ``before`` (the previous planned element on the
    slide), else before the slide's date, footer and number."""

    def place(element: etree._Element) -> None:
        if before is not None and before.getparent() is not None:
            before.addnext(element)
            return
        tree = work.slide.shapes._spTree  # python-pptx has no public reordering
        furniture = next(
            (
                e
                for e in tree
                if (ph := e.find(f"./*/{qn('p:nvPr')}/{qn('p:ph')}")) is not None
                and ph.get("type") in ("dt", "ftr", "sldNum")
            ),
            None,
        )
        if furniture is not None:
            furniture.addprevious(element)

    return place
