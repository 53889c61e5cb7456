"""A copy of the deck's keys in its custom document properties, for decks that lost their
tags.

LibreOffice drops custom tags (and placeholder names) when it saves a deck as PPTX, but keeps
the custom document properties (``docProps/custom.xml``, *File › Properties › Custom*) and
the names of drawn shapes. porreport therefore also writes there, compressed, which sections
and slides the deck was made of and, for every element, its key, kind, name and the
fingerprint of what it shows: enough to recognise, in a re-saved deck, the elements still as
porreport wrote them, never to guess. The value is split over properties of at most 255
characters (``porreport.1``, ``porreport.2``...: Office's limit for a text property);
``porreport`` holds the scheme's version.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.presentation import Presentation

from porreport.deck.stamp import SCHEME, Record

PROPERTIES_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # user-defined properties
NAME = "porreport"
CHUNK = 255
PLACEHOLDER, DRAWN, MEMBER = "p", "d", "m"  # where a record's element is


@dataclass(frozen=True)
class Entry:
    """A record and where its element is: a placeholder, a drawn shape or a group's
    member (``where``)."""

    record: Record
    where: str


@dataclass(frozen=True)
class SlideEntry:
    """A slide porreport wrote: its section, page, the fingerprint and paragraph count of
    the notes it wrote, and its elements."""

    section: str
    page: int
    pages: int
    notes: str
    notes_count: int
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Manifest:
    """The sections (id, slides) and slides of a deck."""

    sections: tuple[tuple[str, int], ...]
    slides: tuple[SlideEntry, ...]


def _entry(e: Entry) -> list[object]:
    r = e.record
    return [e.where, r.key, r.kind, r.name, r.fingerprint, r.fill, r.axis, list(r.title)]


def encode(manifest: Manifest) -> str:
    """The manifest as compressed, base64 text."""
    data = {
        "sezioni": [list(s) for s in manifest.sections],
        "slide": [
            [s.section, s.page, s.pages, s.notes, s.notes_count, [_entry(e) for e in s.entries]]
            for s in manifest.slides
        ],
    }
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(zlib.compress(raw, 9)).decode("ascii")


def decode(text: str) -> Manifest | None:
    """A manifest from its text (None when unreadable)."""
    try:
        data = json.loads(zlib.decompress(base64.b64decode(text)))
        slides = tuple(
            SlideEntry(
                str(sec),
                int(page),
                int(pages),
                str(notes),
                int(count),
                tuple(
                    Entry(
                        Record(
                            str(key),
                            str(kind),
                            str(name),
                            (),
                            str(fp),
                            "",
                            str(fill),
                            tuple(str(t) for t in title),
                            str(axis),
                        ),
                        str(where),
                    )
                    for where, key, kind, name, fp, fill, axis, title in entries
                ),
            )
            for sec, page, pages, notes, count, entries in data["slide"]
        )
        sections = tuple((str(s), int(n)) for s, n in data["sezioni"])
    except (ValueError, KeyError, TypeError, zlib.error):
        return None
    return Manifest(sections, slides)


# --- docProps/custom.xml -----------------------------------------------------------------


def _custom_part(prs: Presentation) -> Part | None:
    package = prs.part.package
    try:
        part: Part = package.part_related_by(RT.CUSTOM_PROPERTIES)
    except KeyError:
        return None
    return part


def _ours(name: str | None) -> bool:
    return name == NAME or (name or "").startswith(NAME + ".")


def read(prs: Presentation) -> Manifest | None:
    """The manifest of a deck's custom properties (None when it has none)."""
    part = _custom_part(prs)
    if part is None:
        return None
    try:
        root = etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return None
    chunks: dict[int, str] = {}
    version = None
    for prop in root.iter(f"{{{PROPERTIES_NS}}}property"):
        name = prop.get("name", "")
        value = "".join(str(t) for t in prop.itertext())
        if name == NAME:
            version = value
        elif _ours(name) and name[len(NAME) + 1 :].isdigit():
            chunks[int(name[len(NAME) + 1 :])] = value
    if version != SCHEME or not chunks:
        return None
    return decode("".join(chunks[k] for k in sorted(chunks)))


def _property(root: etree._Element, name: str, value: str) -> None:
    prop = etree.SubElement(root, f"{{{PROPERTIES_NS}}}property", fmtid=FMTID, pid="0", name=name)
    etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value


def write(prs: Presentation, manifest: Manifest) -> None:
    """Store the manifest in the deck's custom properties (replacing porreport's; others
    are kept)."""
    part = _custom_part(prs)
    root = None
    if part is not None:
        try:
            root = etree.fromstring(part.blob)
        except etree.XMLSyntaxError:
            root = None
    if root is None:
        root = etree.fromstring(
            f'<Properties xmlns="{PROPERTIES_NS}" xmlns:vt="{VT_NS}"/>'.encode()
        )
    for prop in list(root):
        if _ours(prop.get("name")):
            root.remove(prop)
    text = encode(manifest)
    _property(root, NAME, SCHEME)
    for k, start in enumerate(range(0, len(text), CHUNK), start=1):
        _property(root, f"{NAME}.{k}", text[start : start + CHUNK])
    for pid, prop in enumerate(root, start=2):  # Office numbers them from 2
        prop.set("pid", str(pid))
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if part is None:
        package = prs.part.package
        part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, package, blob)
        package.relate_to(part, RT.CUSTOM_PROPERTIES)
    else:
        part.blob = blob


def ordered(entries: Sequence[Entry]) -> tuple[Entry, ...]:
    """A slide's entries in the order the manifest keeps them: by key (a group before its
    members)."""
    return tuple(sorted(entries, key=lambda e: e.record.key))
