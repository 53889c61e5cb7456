"""Make a saved .pptx deterministic and valid.

python-pptx's output differs between runs only in the zip timestamps and in the embedded
chart workbooks (XlsxWriter stamps the current time in their docProps); it also writes
negative ``c:axId`` values, which the Open XML SDK validator rejects (not a UInt32). This
module rewrites the package: fixed timestamps, a stable entry order, positive axis ids and
workbooks with fixed dates.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Callable

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import OpcPackage, Part
from pptx.opc.packuri import PACKAGE_URI, PackURI
from pptx.oxml.xmlchemy import BaseOxmlElement
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.presentation import Presentation
from pptx.slide import NotesSlide, Slide, SlideLayout

from porreport.deck.opcxml import content_types_xml, rels_xml

_AXIS_ID = re.compile(rb'(<c:(?:axId|crossAx) val=")(-\d+)(")')
_XLSX_DATES = re.compile(
    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)"
)
FIRST = "[Content_Types].xml"


def _positive_axis_ids(xml: bytes) -> bytes:
    """'-2068027336' -> '2068027336' (the same on every axis that refers to it)."""
    return _AXIS_ID.sub(lambda m: m.group(1) + m.group(2)[1:] + m.group(3), xml)


def _fixed_workbook(data: bytes, when: dt.datetime) -> bytes:
    """An embedded workbook with fixed core-property dates and zip timestamps."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    def fix(name: str, content: bytes) -> bytes:
        if name == "docProps/core.xml":
            return _XLSX_DATES.sub(lambda m: m.group(1) + stamp + m.group(3), content)
        return content

    return rezip(data, when, fix)


Transform = Callable[[str, bytes], bytes]  # (entry name, content) -> new content


def rezip(data: bytes, when: dt.datetime, transform: Transform | None = None) -> bytes:
    """Re-write a zip with ``[Content_Types].xml`` first, the rest sorted, fixed times."""
    src = zipfile.ZipFile(io.BytesIO(data))
    return write_zip({name: src.read(name) for name in src.namelist()}, when, transform)


def write_zip(
    entries: dict[str, bytes], when: dt.datetime, transform: Transform | None = None
) -> bytes:
    """A zip of ``entries`` (name -> content): ``[Content_Types].xml`` first, the rest
    sorted, fixed times, each content passed through ``transform``. The bytes are
    ``zipfile``'s (``plain_zip``); contents seen before are not compressed again."""
    order = [n for n in entries if n == FIRST] + sorted(n for n in entries if n != FIRST)
    contents = [(n, entries[n] if transform is None else transform(n, entries[n])) for n in order]
    if len(contents) > _MAX_ENTRIES or sum(len(c) for _, c in contents) > _MAX_PLAIN:
        return plain_zip(contents, when)
    stamp = _stamp(when)
    out = io.BytesIO()
    infos = []
    for name, content in contents:
        crc, packed = _deflated(content)
        info = _info(name, stamp)
        info.file_size, info.compress_size, info.CRC = len(content), len(packed), crc
        info.header_offset = out.tell()
        out.write(info.FileHeader(False))  # no zip64: sizes are checked above
        out.write(packed)
        infos.append(info)
    start = out.tell()
    for info in infos:
        out.write(_central_entry(info))
    size = out.tell() - start
    out.write(
        struct.pack(
            _END_OF_ARCHIVE,
            b"PK\x05\x06",
            0,
            0,
            len(infos),
            len(infos),
            size,
            start,
            0,
        )
    )
    return out.getvalue()


def plain_zip(contents: list[tuple[str, bytes]], when: dt.datetime) -> bytes:
    """``contents`` zipped in their order by ``zipfile``, as ``write_zip`` zips them."""
    stamp = _stamp(when)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in contents:
            dst.writestr(_info(name, stamp), content)
    return out.getvalue()


# Beyond these a zip needs zip64 records, which only ``zipfile`` writes.
_MAX_ENTRIES = 0xFFFF
_MAX_PLAIN = 0x7FFFFFFF // 2  # deflate may grow what it cannot shrink
# the zip format's central directory record and end record (zipfile's, not exported)
_CENTRAL_DIR = "<4s4B4HL2L5H2L"
_END_OF_ARCHIVE = "<4s4H2LH"
DEFLATED_CACHE = 32 << 20  # bytes of contents whose compressed form a process keeps


class _DeflateCache:
    """Compressed contents by content, least recently used first, within a byte budget."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self.items: OrderedDict[bytes, tuple[int, bytes]] = OrderedDict()

    def get(self, content: bytes) -> tuple[int, bytes] | None:
        known = self.items.get(content)
        if known is not None:
            self.items.move_to_end(content)
        return known

    def put(self, content: bytes, value: tuple[int, bytes]) -> None:
        self.items[content] = value
        self.size += len(content) + len(value[1])
        while self.size > self.budget and self.items:
            old, (_, packed) = self.items.popitem(last=False)
            self.size -= len(old) + len(packed)


_DEFLATED = _DeflateCache(DEFLATED_CACHE)


def _stamp(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    return (max(when.year, 1980), when.month, when.day, 0, 0, 0)


def _info(name: str, stamp: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _deflated(content: bytes) -> tuple[int, bytes]:
    """The CRC and raw deflate stream of ``content``, as ``zipfile`` makes them; kept for
    contents that come back (the font, the template's layouts) within ``DEFLATED_CACHE``."""
    known = _DEFLATED.get(content)
    if known is not None:
        return known
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    result = (zlib.crc32(content), compressor.compress(content) + compressor.flush())
    _DEFLATED.put(content, result)
    return result


def _central_entry(info: zipfile.ZipInfo) -> bytes:
    """An entry's central directory record, as ``zipfile`` writes it without zip64."""
    try:
        name, flags = info.filename.encode("ascii"), info.flag_bits
    except UnicodeEncodeError:
        name, flags = info.filename.encode("utf-8"), info.flag_bits | 0x800
    year, month, day, hour, minute, second = info.date_time
    dosdate = (year - 1980) << 9 | month << 5 | day
    dostime = hour << 11 | minute << 5 | (second // 2)
    record = struct.pack(
        _CENTRAL_DIR,
        b"PK\x01\x02",
        info.create_version,
        info.create_system,
        info.extract_version,
        info.reserved,
        flags,
        info.compress_type,
        dostime,
        dosdate,
        info.CRC,
        info.compress_size,
        info.file_size,
        len(name),
        len(info.extra),
        len(info.comment),
        0,
        info.internal_attr,
        info.external_attr,
        info.header_offset,
    )
    return record + name + info.extra + info.comment


def package_entries(prs: Presentation) -> dict[str, bytes]:
    """What ``Presentation.save`` would write, by zip entry name: the content types, the
    package's relationships, every part reachable from them and its relationships (the
    package's own XML written as text: ``opcxml``)."""
    package = prs.part.package
    parts = tuple(package.iter_parts())
    entries = {
        FIRST: content_types_xml(parts),
        PACKAGE_URI.rels_uri.membername: rels_xml(package._rels),  # no public package rels
    }
    for part in parts:
        entries[part.partname.membername] = part.blob
        if part._rels:  # python-pptx's own writer asks the same (an empty rels is not written)
            entries[part.partname.rels_uri.membername] = rels_xml(part.rels)
    return entries


def _fixer(date: dt.date) -> tuple[dt.datetime, Transform]:
    when = dt.datetime(date.year, date.month, date.day)

    def fix(name: str, content: bytes) -> bytes:
        if name.startswith("ppt/charts/") and name.endswith(".xml"):
            return _positive_axis_ids(content)
        if name.startswith("ppt/embeddings/") and name.endswith(".xlsx"):
            return _fixed_workbook(content, when)
        return content

    return when, fix


def normalise(data: bytes, date: dt.date) -> bytes:
    """The deterministic, validator-clean version of a saved deck."""
    when, fix = _fixer(date)
    return rezip(data, when, fix)


def save(prs: Presentation, date: dt.date) -> bytes:
    """The presentation as deterministic, validator-clean .pptx bytes: what ``normalise``
    makes of ``Presentation.save``'s output, zipped once."""
    when, fix = _fixer(date)
    return write_zip(package_entries(prs), when, fix)


_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_STALE = (
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
    _RT + "printerSettings",
)
APPLICATION = "porreport"


def _app_xml(slides: int, notes: int, ratio: float) -> bytes:
    """Extended properties that describe this deck (not the template's)."""
    shape = "16:9" if abs(ratio - 16 / 9) < 0.01 else "4:3" if abs(ratio - 4 / 3) < 0.01 else ""
    fmt = f"Presentazione su schermo ({shape})" if shape else "Personalizzato"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties">'
        f"<TotalTime>0</TotalTime><Application>{APPLICATION}</Application>"
        f"<PresentationFormat>{fmt}</PresentationFormat>"
        f"<Slides>{slides}</Slides><Notes>{notes}</Notes><HiddenSlides>0</HiddenSlides>"
        "</Properties>"
    ).encode()


def clean_parts(prs: Presentation) -> None:
    """Drop the template's thumbnail and printer settings (with their relationships and
    content types) and describe the deck itself in docProps/app.xml."""
    package_rels = prs.part.package._rels  # python-pptx has no public package-level rels
    for rels in (package_rels, prs.part.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype in _STALE:
                rels.pop(r_id)
    notes = sum(1 for slide in prs.slides if slide.has_notes_slide)
    ratio = (prs.slide_width or 1) / (prs.slide_height or 1)
    for rel in package_rels.values():
        if rel.reltype == _RT + "extended-properties":
            rel.target_part.blob = _app_xml(len(prs.slides), notes, ratio)


class PartNames:
    """``Package.next_partname`` without a walk of the whole package per call (which makes
    adding slides quadratic): the partnames are read once, and each one given out is
    remembered. It gives the same names as long as parts are only added, never dropped,
    and only through it (a new deck being written)."""

    def __init__(self, package: OpcPackage) -> None:
        self._names = [str(part.partname) for part in package.iter_parts()]
        self._by_prefix: dict[str, set[str]] = {}

    def next(self, template: str) -> PackURI:
        """The partname python-pptx's ``next_partname(template)`` would give."""
        prefix = template[: (template % 42).find("42")]
        used = self._by_prefix.get(prefix)
        if used is None:
            used = self._by_prefix[prefix] = {n for n in self._names if n.startswith(prefix)}
        for n in range(len(used) + 1, 0, -1):  # python-pptx's search, from the top down
            candidate = template % n
            if candidate not in used:
                used.add(candidate)
                return PackURI(candidate)
        raise ValueError(f"nessun nome libero per {template}")  # unreachable: n+1 names


def fast_partnames(prs: Presentation) -> None:
    """Make ``prs``'s package allocate partnames with ``PartNames`` (for a new deck)."""
    package = prs.part.package
    # python-pptx asks the package itself (slide notes, charts, workbooks); an instance
    # attribute takes the method's place for this package only
    setattr(package, "next_partname", PartNames(package).next)  # noqa: B010


class NotesSlides:
    """New notes slides as copies of the first one made (python-pptx clones the notes
    master's placeholders into each, the same every time, through many XPath queries)."""

    def __init__(self, blank: BaseOxmlElement | None = None) -> None:
        self._blank = blank

    @property
    def blank(self) -> BaseOxmlElement | None:
        """The notes slide new ones copy (None until one is made); never changed."""
        return self._blank

    def notes_slide(self, slide: Slide) -> NotesSlide:
        """The slide's notes slide, added when it has none."""
        slide_part = slide.part
        if self._blank is None or slide.has_notes_slide:
            notes = slide.notes_slide
            if self._blank is None:
                self._blank = copy.deepcopy(notes.element)
            return notes
        package = slide_part.package
        master = package.presentation_part.notes_master_part
        part = NotesSlidePart(
            package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
            CT.PML_NOTES_SLIDE,
            package,
            copy.deepcopy(self._blank),
        )
        part.relate_to(master, RT.NOTES_MASTER)
        part.relate_to(slide_part, RT.SLIDE)
        relate_new(slide_part, part, RT.NOTES_SLIDE)
        return slide.notes_slide


def add_slide(prs: Presentation, layout: SlideLayout, blanks: dict[str, BaseOxmlElement]) -> Slide:
    """A new slide of ``layout`` at the end of ``prs``, as ``prs.slides.add_slide`` makes it:
    a copy of the first one made from the layout (kept in ``blanks`` by layout name;
    python-pptx clones the layout's placeholders through many XPath queries)."""
    blank = blanks.get(layout.name)
    if blank is None:
        slide = prs.slides.add_slide(layout)
        blanks[layout.name] = copy.deepcopy(slide.element)
        return slide
    slides = prs.slides  # makes the slide list when there is none, like add_slide
    presentation = prs.part
    part = SlidePart(
        presentation._next_slide_partname,  # python-pptx's own choice: one after the last
        CT.PML_SLIDE,
        presentation.package,
        copy.deepcopy(blank),
    )
    part.relate_to(layout.part, RT.SLIDE_LAYOUT)
    slides._sldIdLst.add_sldId(relate_new(presentation, part, RT.SLIDE))
    return part.slide


def relate_new(source: Part, target: Part, reltype: str) -> str:
    """``source.relate_to(target, reltype)`` for a ``target`` made just now, which nothing
    relates to yet: python-pptx looks for an existing relationship first, sorting all of the
    source's relationships by type on every call (the presentation's, for each new slide:
    quadratic in slides), and finds none. The same rId python-pptx would choose."""
    return source.rels._add_relationship(reltype, target)  # python-pptx 1.0: no public way
