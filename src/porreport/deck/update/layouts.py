"""What an update reads of the edited deck's layouts, read once per process for each
layout's XML: the frames the plan needs, the placeholders the emitter fills and the blank
slide it copies. A build reads these once per template (``template_file``); an edited deck
is parsed anew for each update, but its layouts are, byte for byte, those of the template
it was built from, so the same reading serves every update of decks from that template."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar, cast

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import XmlPart
from pptx.oxml.ns import qn
from pptx.oxml.shapes.autoshape import CT_Shape
from pptx.oxml.xmlchemy import BaseOxmlElement
from pptx.presentation import Presentation
from pptx.shapes.base import BaseShape
from pptx.shapes.placeholder import LayoutPlaceholder
from pptx.slide import SlideLayout

from porreport.deck import template as L
from porreport.deck.emit import Emitter
from porreport.deck.package import NotesSlides
from porreport.deck.template_file import (
    LayoutSlot,
    PlaceholderInfo,
    _frames,
    find_layout,
    layout_placeholders,
    placeholder_infos,
)

_K = TypeVar("_K")
_V = TypeVar("_V")
KEEP = 64  # layouts remembered (a template has about ten)

_frames_of: dict[tuple[str, bytes, bytes], L.LayoutFrames] = {}


@dataclass
class _Layout:
    """What the emitter reads of a layout: its placeholders' infos, where they are among
    the layout's shapes and their python-pptx classes, and the blank slide placeholders
    made of them (by position)."""

    infos: tuple[PlaceholderInfo, ...]
    shapes: tuple[tuple[int, type[BaseShape]], ...]
    blanks: dict[int, CT_Shape] = field(default_factory=dict)


_layouts_of: dict[tuple[bytes, bytes, bytes], _Layout] = {}
_blank_of: dict[bytes, BaseOxmlElement] = {}
_notes_of: dict[bytes, BaseOxmlElement] = {}  # by the notes master's XML


def _remember(cache: dict[_K, _V], key: _K, value: _V) -> None:
    if len(cache) >= KEEP:
        cache.clear()
    cache[key] = value


class Serialised:
    """The XML of a deck's layouts and masters, each serialised once per update (a master
    serves every layout)."""

    def __init__(self) -> None:
        self._xml: dict[etree._Element, bytes] = {}

    def __call__(self, element: etree._Element) -> bytes:
        """The element's XML."""
        xml = self._xml.get(element)
        if xml is None:
            xml = self._xml[element] = etree.tostring(element)
        return xml


def read_frames(
    prs: Presentation, source: str, layout_ids: Iterable[str], xml: Serialised
) -> dict[str, L.LayoutFrames]:
    """``template_file.read_frames`` of an edited deck (the same frames, the same errors)."""
    frames = {}
    for layout_id in L.LAYOUTS:
        if layout_id in layout_ids:
            layout = find_layout(prs, layout_id, source)
            # a layout placeholder without a box of its own has its master's
            key = (source, xml(layout.element), xml(layout.slide_master.element))
            known = _frames_of.get(key)
            if known is None or known.name != layout.name:
                known = L.LayoutFrames(source, layout.name, _frames(layout))
                if L.TITLE not in known.frames:
                    raise L.missing_placeholder(source, layout.name, L.TITLE)
                _remember(_frames_of, key, known)
            frames[layout_id] = known
    return frames


class UpdateEmitter(Emitter):
    """The emitter of an update: what it reads of a layout comes from the process's
    readings of the same layout XML (the same readings, not made again)."""

    def __init__(self, prs: Presentation, source: str, xml: Serialised) -> None:
        super().__init__(prs, source)
        self._xml = xml
        self._layout_xml: dict[str, bytes] = {}
        self._made: list[tuple[list[LayoutSlot], _Layout]] = []
        defaults = prs.part._element.find(qn("p:defaultTextStyle"))  # python-pptx: no public way
        self._defaults = xml(defaults) if defaults is not None else b""
        # a new notes slide copies the notes master's placeholders (python-pptx's way of
        # making the first is slow): its copy is kept for the decks with that master
        try:
            master = prs.part.part_related_by(RT.NOTES_MASTER)
        except KeyError:  # python-pptx makes a notes master with the first notes slide
            self._notes_xml = b""
        else:
            # python-pptx: a part's element is private
            self._notes_xml = xml(cast(XmlPart, master)._element)
            known = _notes_of.get(self._notes_xml)
            if known is not None:
                self.notes = NotesSlides(known)

    def layout(self, layout_id: str) -> tuple[SlideLayout, dict[str, LayoutSlot]]:
        """A layout of the presentation and its placeholders (TemplateError when missing)."""
        if layout_id not in self._infos:
            layout = find_layout(self.prs, layout_id, self.source)
            xml = self._xml(layout.element)
            # a placeholder's box, size and colour may come from the master or the
            # presentation's text style
            key = (xml, self._xml(layout.slide_master.element), self._defaults)
            known = _layouts_of.get(key)
            children = list(layout.element.cSld.spTree)
            if known is None:
                shapes: list[BaseShape] = list(layout_placeholders(layout))
                known = _Layout(
                    placeholder_infos(self.prs, layout),
                    tuple((children.index(ph.element), type(ph)) for ph in shapes),
                )
                _remember(_layouts_of, key, known)
            else:  # the objects python-pptx makes of the same XML, without its search
                parent = layout.placeholders
                shapes = [kind(children[i], parent) for i, kind in known.shapes]
            made = [
                LayoutSlot.read(cast(LayoutPlaceholder, ph), info, known.blanks.get(n))
                for n, (ph, info) in enumerate(zip(shapes, known.infos, strict=True))
            ]
            self._made.append((made, known))
            self._infos[layout_id] = (layout, {ph.name: ph for ph in made})
            self._layout_xml[layout.name] = xml
            blank = _blank_of.get(xml)
            if blank is not None:
                self._blanks.setdefault(layout.name, blank)
        return self._infos[layout_id]

    def keep(self) -> None:
        """Keep for the next updates the blank slides, notes slide and placeholders this
        update made for the first time (they are only ever copied)."""
        for name, blank in self._blanks.items():
            xml = self._layout_xml.get(name)
            if xml is not None and xml not in _blank_of:
                _remember(_blank_of, xml, blank)
        notes = self.notes.blank
        if self._notes_xml and notes is not None and self._notes_xml not in _notes_of:
            _remember(_notes_of, self._notes_xml, notes)
        for made, known in self._made:
            for n, ph in enumerate(made):
                if ph._blank is not None:  # the emitter's copy, made when first needed
                    known.blanks.setdefault(n, ph._blank)
