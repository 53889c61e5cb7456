"""The keys and fingerprints porreport stores in the deck it writes (docs/update.md).

What porreport wrote for an element is a ``Record``: its key, its kind, what it shows (the
lines of ``plan_keys.content``) and their fingerprint, and for an element drawn on the slide
the fingerprints of its whole look and of its plan; a filled shape also the colour it was
given, a chart its title and its value axis. Records live in custom tags, where PowerPoint keeps them:

- a shape porreport draws (a figure, a card, a table, a chart, the map) carries its own
  record in its tags (``PORREPORT_CHIAVE``, ``PORREPORT_IMPRONTA``...), and the records of
  the shapes it groups (a card's text and rule, the map's provinces and labels) as
  ``PORREPORT_MEMBRO_N``, N its place in the group;
- a slide carries its section, its page, the keys of the elements written on it, the speaker notes porreport wrote and the records of its
  placeholders, as ``PORREPORT_SEGNAPOSTO_N``, N the placeholder's index;
- the presentation carries the sections it was made of and how many slides each took.

``porreport.deck.update`` reads them back (``read_records``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree
from pptx.opc.package import Part
from pptx.oxml.ns import qn
from pptx.presentation import Presentation
from pptx.slide import Slide

from porreport.deck import plan_keys as K
from porreport.deck import stored
from porreport.deck.plan_map import MapFreeform, MapPlan, MapRect, MapText
from porreport.deck.slides import (
    ChartPlan,
    Group,
    PlaceholderText,
    Rectangle,
    SlidePlan,
    TablePlan,
    TextShape,
)
from porreport.deck.tagging import Tags, TagWriter, nv_pr, slide_holder

SCHEME = "1"  # the version of this scheme
TAG_SCHEME = "PORREPORT"
TAG_SECTIONS = "PORREPORT_SEZIONI"
TAG_SECTION = "PORREPORT_SEZIONE"
TAG_PAGE = "PORREPORT_PAGINA"
TAG_PLAN = "PORREPORT_PIANO"
TAG_ELEMENTS = "PORREPORT_ELEMENTI"
TAG_NOTES = "PORREPORT_NOTE"
TAG_KEY = "PORREPORT_CHIAVE"
TAG_KIND = "PORREPORT_TIPO"
TAG_CONTENT = "PORREPORT_CONTENUTO"
TAG_FINGERPRINT = "PORREPORT_IMPRONTA"
TAG_LOOK = "PORREPORT_ASPETTO"
TAG_FILL = "PORREPORT_COLORE"
TAG_TITLE = "PORREPORT_TITOLO"
TAG_AXIS = "PORREPORT_ASSE"
TAG_MEMBER = "PORREPORT_MEMBRO_"  # + the member's place in its group, from 1
TAG_PLACEHOLDER = "PORREPORT_SEGNAPOSTO_"  # + the placeholder's index

# A record's fields as a JSON tag value names them.
_FIELDS = {
    "key": "chiave",
    "kind": "tipo",
    "name": "nome",
    "content": "contenuto",
    "fingerprint": "impronta",
    "look": "aspetto",
    "fill": "colore",
    "title": "titolo",
    "axis": "asse",
    "plan": "piano",
}
SHAPE_TAGS = tuple(qn(t) for t in ("p:sp", "p:grpSp", "p:graphicFrame", "p:pic", "p:cxnSp"))
_PH = qn("p:ph")
_C_NV_PR = qn("p:cNvPr")


@dataclass(frozen=True)
class Record:
    """What porreport wrote for one element (empty strings where it does not apply)."""

    key: str
    kind: str
    name: str
    content: tuple[str, ...]
    fingerprint: str
    look: str = ""
    fill: str = ""
    title: tuple[str, ...] = ()
    axis: str = ""
    plan: str = ""

    def as_json(self) -> str:
        """The record as a tag value, its fields named in Italian; empty ones and the
        fingerprint (the hash of the content beside it) are left out."""
        data = {}
        for k, name in _FIELDS.items():  # in field order, as dataclasses.asdict gives them
            v = getattr(self, k)
            if k != "fingerprint" and v:
                data[name] = list(v) if isinstance(v, tuple) else v
        return _json(data)

    @classmethod
    def from_json(cls, value: str) -> Record | None:
        """A record from a tag value (None when unreadable)."""
        try:
            data = json.loads(value)
            fields = {k: data.get(name) for k, name in _FIELDS.items()}
            if not fields["key"] or not fields["kind"]:
                return None
            content = tuple(str(x) for x in fields["content"] or ())
            return cls(
                str(fields["key"]),
                str(fields["kind"]),
                str(fields["name"] or ""),
                content,
                K.fingerprint(content),
                str(fields["look"] or ""),
                str(fields["fill"] or ""),
                tuple(str(x) for x in fields["title"] or ()),
                str(fields["axis"] or ""),
                str(fields["plan"] or ""),
            )
        except (ValueError, TypeError, AttributeError):
            return None

    def as_tags(self) -> Tags:
        """The record as a shape's own tags."""
        tags = {
            TAG_KEY: self.key,
            TAG_KIND: self.kind,
            TAG_CONTENT: dump(self.content),
            TAG_FINGERPRINT: self.fingerprint,
        }
        optional = (
            (TAG_LOOK, self.look),
            (TAG_FILL, self.fill),
            (TAG_AXIS, self.axis),
            (TAG_PLAN, self.plan),
        )
        for tag, value in optional:
            if value:
                tags[tag] = value
        if self.title:
            tags[TAG_TITLE] = dump(self.title)
        return tags

    @classmethod
    def from_tags(cls, tags: Tags, name: str) -> Record | None:
        """A shape's own record from its tags (None when it has none)."""
        if TAG_KEY not in tags or TAG_KIND not in tags:
            return None
        return cls(
            tags[TAG_KEY],
            tags[TAG_KIND],
            name,
            load(tags.get(TAG_CONTENT)),
            tags.get(TAG_FINGERPRINT, ""),
            tags.get(TAG_LOOK, ""),
            tags.get(TAG_FILL, ""),
            load(tags.get(TAG_TITLE)),
            tags.get(TAG_AXIS, ""),
            tags.get(TAG_PLAN, ""),
        )


def kind_of(item: K.Planned) -> str:
    """The kind of a planned element, as stored (``stored.KIND_*``)."""
    if isinstance(item, PlaceholderText | TextShape | MapText):
        return stored.KIND_TEXT
    if isinstance(item, TablePlan):
        return stored.KIND_TABLE
    if isinstance(item, ChartPlan):
        return stored.KIND_CHART
    if isinstance(item, Group | MapPlan):
        return stored.KIND_GROUP
    if isinstance(item, MapFreeform):
        return stored.KIND_AREA
    if isinstance(item, Rectangle | MapRect):
        return stored.KIND_SHAPE
    raise TypeError(f"elemento senza tipo: {type(item).__name__}")


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def dump(lines: Iterable[str]) -> str:
    """Lines as a tag value (JSON: no newline in the attribute)."""
    return _json(list(lines))


def load(value: str | None) -> tuple[str, ...]:
    """Lines from a tag value (none when it is missing or unreadable)."""
    if not value:
        return ()
    try:
        data = json.loads(value)
    except ValueError:
        return ()
    return tuple(str(x) for x in data) if isinstance(data, list) else ()


def shape_members(element: etree._Element) -> list[etree._Element]:
    """The shapes a group element (or a slide's shape tree) holds, in order."""
    return [child for child in element if child.tag in SHAPE_TAGS]


def placeholder_idx(element: etree._Element) -> int | None:
    """A placeholder's index (0 for the title), None for a drawn shape."""
    holder = nv_pr(element)
    ph = holder.find(_PH) if holder is not None else None
    return int(ph.get("idx", "0")) if ph is not None else None


def shape_name(element: etree._Element) -> str:
    """A shape's name (Selection pane)."""
    c_nv_pr = element[0].find(_C_NV_PR) if len(element) else None
    return c_nv_pr.get("name", "") if c_nv_pr is not None else ""


def notes_lines(plan: SlidePlan) -> tuple[str, ...]:
    """The paragraphs of the speaker notes porreport writes on a slide."""
    notes = plan.speaker_notes()
    return tuple(notes.split("\n")) if notes else ()


class Stamper:
    """Writes the records of one presentation's slides and elements."""

    def __init__(self, prs: Presentation) -> None:
        self.writer = TagWriter(prs)
        self._colours: dict[str, dict[str, str]] = {}
        self._resolvers: dict[Part, stored.Resolver] = {}  # by slide part, for this deck

    def resolver(self, slide: Slide) -> stored.Resolver:
        """The theme colours of a slide's master, by scheme name."""
        known = self._resolvers.get(slide.part)
        if known is not None:
            return known
        master = slide.slide_layout.slide_master.part
        name = str(master.partname)
        if name not in self._colours:
            self._colours[name] = stored.scheme_colours(master)
        resolve = self._colours[name].get
        self._resolvers[slide.part] = resolve
        return resolve

    def record(
        self, slide: Slide, item: K.Planned, element: etree._Element, top: bool = True
    ) -> Record:
        """The record of an element written from ``item``; ``top`` for one on the slide
        (not in a group), whose whole look is fingerprinted."""
        lines = K.content(item)
        title: tuple[str, ...] = ()
        axis = ""
        if isinstance(item, ChartPlan):
            title = K.chart_title(item)
            root = stored.chart_root(element, slide.part)
            axis = stored.chart_axis(root) if root is not None else ""
        fill = stored.fill(element, self.resolver(slide)) if K.fill_of(item) else ""
        return Record(
            item.key,
            kind_of(item),
            shape_name(element),
            lines,
            K.fingerprint(lines),
            stored.look(element, slide.part) if top else "",
            fill,
            title,
            axis,
            K.item_fingerprint(item) if top else "",
        )

    def drawn(
        self, slide: Slide, item: K.Planned, element: etree._Element
    ) -> tuple[Record, list[Record]]:
        """Tag a shape porreport drew on a slide with its record and its members'; returns
        them."""
        record = self.record(slide, item, element)
        pairs = zip(K.members(item), shape_members(element), strict=False)
        members = [self.record(slide, m, e, False) for m, e in pairs]
        self.tag(slide, element, record, members)
        return record, members

    def tag(
        self, slide: Slide, element: etree._Element, record: Record, members: Sequence[Record]
    ) -> None:
        """Write a drawn shape's tags: its record and its members' (by place in the group)."""
        holder = nv_pr(element)
        if holder is None:
            return
        tags = record.as_tags()
        for n, member in enumerate(members, start=1):
            tags[f"{TAG_MEMBER}{n}"] = member.as_json()
        self.writer.attach(slide.part, holder, tags)

    def slide(
        self,
        slide: Slide,
        plan: SlidePlan,
        keys: Sequence[str],
        placeholders: dict[int, Record],
        notes: Sequence[str] | None = None,
    ) -> None:
        """Tag a slide with its section, page, element keys, notes and the records of its
        placeholders (by index)."""
        tags = {
            TAG_SECTION: plan.section,
            TAG_PAGE: f"{plan.title.page}/{plan.title.pages}",
            TAG_ELEMENTS: dump(keys),
            TAG_NOTES: dump(notes_lines(plan) if notes is None else notes),
        }
        for idx in sorted(placeholders):
            tags[f"{TAG_PLACEHOLDER}{idx}"] = placeholders[idx].as_json()
        self.writer.attach(slide.part, slide_holder(slide.element), tags)

    def presentation(self, prs: Presentation, sections: Sequence[tuple[str, int]]) -> None:
        """Tag the presentation as porreport's, with its sections and their slides."""
        tags = {
            TAG_SCHEME: SCHEME,
            TAG_SECTIONS: _json([list(s) for s in sections]),
        }
        self.writer.attach(prs.part, prs.element, tags)
