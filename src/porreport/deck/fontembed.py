"""Embed TrueType fonts in a deck the way PowerPoint does.

PowerPoint stores an embedded font as an Embedded OpenType (EOT) part,
``/ppt/fonts/fontN.fntdata`` (content type ``application/x-fontdata``), related from the
presentation part and listed in ``p:embeddedFontLst`` of ``presentation.xml`` with one
relationship per face (regular, bold, italic, bold italic). A plain TTF part is not
accepted. The font is embedded whole (no subset), so the text stays editable on a PC that
does not have it; the font's ``fsType`` must allow it (0, installable, for Titillium Web).

The EOT container is version 2.1 (0x00020001) without compression or XOR: a header made
from the font's own OS/2, head and name tables, followed by the unchanged TTF bytes
(W3C submission "Embedded OpenType (EOT) File Format", 2008).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.presentation import Presentation

CONTENT_TYPE = "application/x-fontdata"
EOT_VERSION = 0x00020001
MAGIC = 0x504C
DEFAULT_CHARSET = 1
# Titillium Web's own OS/2 PANOSE is all "any" (0). The deck declares it a Latin text face
# (2) in the normal sans serif style (11), book weight (5), modern proportions (3), very low
# contrast (3), so an application without the font substitutes a sans, not a serif.
PANOSE = "020B0503030000000000"
PITCH_FAMILY = 0x22  # variable pitch (2), swiss/sans family (0x20)
Face = Literal["regular", "bold", "italic", "boldItalic"]
FACE_ORDER: tuple[Face, ...] = ("regular", "bold", "italic", "boldItalic")
# children of p:presentation that come after p:embeddedFontLst (ECMA-376, CT_Presentation)
_AFTER_FONTS = (
    "p:custShowLst",
    "p:photoAlbum",
    "p:custDataLst",
    "p:kinsoku",
    "p:defaultTextStyle",
    "p:modifyVerifier",
    "p:extLst",
)


class FontEmbeddingError(ValueError):
    """The font's licence bits (OS/2 fsType) do not allow embedding it for editing."""


@dataclass(frozen=True)
class EmbeddedFamily:
    """A font family to embed: its name as the deck's text uses it and a TTF per face."""

    typeface: str
    faces: dict[Face, Path]
    panose: str = ""  # 20 hex digits, written on p:font to guide substitution
    pitch_family: int = PITCH_FAMILY


def _tables(ttf: bytes) -> dict[bytes, bytes]:
    """The tables of a TrueType font by tag (read from its table directory)."""
    (count,) = struct.unpack_from(">H", ttf, 4)
    tables = {}
    for k in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sLLL", ttf, 12 + 16 * k)
        tables[tag] = ttf[offset : offset + length]
    return tables


def _name(table: bytes, name_id: int) -> str:
    """A name of the font: Windows English (3, 1, 0x409), else Macintosh Roman (1, 0, 0)."""
    _format, count, strings = struct.unpack_from(">HHH", table)
    found: dict[tuple[int, int, int], bytes] = {}
    for k in range(count):
        platform, encoding, language, nid, length, offset = struct.unpack_from(
            ">6H", table, 6 + 12 * k
        )
        if nid == name_id:
            start = strings + offset
            found[(platform, encoding, language)] = table[start : start + length]
    if (3, 1, 0x409) in found:
        return found[(3, 1, 0x409)].decode("utf-16-be")
    if (1, 0, 0) in found:
        return found[(1, 0, 0)].decode("mac_roman")
    return ""


def _utf16(text: str) -> bytes:
    """An EOT name string: USHORT size in bytes, then UTF-16LE, then a zero padding USHORT."""
    data = text.encode("utf-16-le")
    return struct.pack("<H", len(data)) + data + struct.pack("<H", 0)


@lru_cache(maxsize=16)
def eot(ttf: bytes) -> bytes:
    """The EOT (version 2.1, uncompressed) container of a TrueType font, its header made
    from the font's OS/2, head and name tables (read directly: no font library needed)."""
    tables = _tables(ttf)
    os2, head, name = tables[b"OS/2"], tables[b"head"], tables[b"name"]
    version, weight, fs_type = struct.unpack_from(">HxxHxxH", os2)
    if fs_type & 0x000E and not fs_type & 0x0008:  # restricted or preview-only
        raise FontEmbeddingError(f"fsType {fs_type:#06x} does not allow editable embedding")
    panose = os2[32:42]
    unicode_ranges = struct.unpack_from(">4L", os2, 42)
    (fs_selection,) = struct.unpack_from(">H", os2, 62)
    code_pages = struct.unpack_from(">2L", os2, 78) if version >= 1 else (0, 0)
    (checksum_adjustment,) = struct.unpack_from(">L", head, 8)
    fixed = struct.pack(
        "<10sBBLHH4L2LL4L",
        panose,
        DEFAULT_CHARSET,
        1 if fs_selection & 0x01 else 0,  # italic
        weight,
        fs_type,
        MAGIC,
        *unicode_ranges,
        *code_pages,
        checksum_adjustment,
        0,
        0,
        0,
        0,
    )
    names = b"".join(_utf16(_name(name, i)) for i in (1, 2, 5, 4))
    root = struct.pack("<H", 0)  # RootStringSize: no URL restriction
    body = fixed + struct.pack("<H", 0) + names + root
    size = 16 + len(body) + len(ttf)
    return struct.pack("<LLLL", size, len(ttf), EOT_VERSION, 0) + body + ttf


def font_data(fntdata: bytes) -> bytes:
    """The TrueType bytes inside an uncompressed EOT container (the inverse of ``eot``)."""
    size, data_size, version, flags = struct.unpack_from("<LLLL", fntdata)
    if size != len(fntdata) or flags != 0 or version not in (0x00020001, 0x00020002):
        raise ValueError("not an uncompressed EOT 2.1/2.2 container")
    return fntdata[size - data_size :]


def _font_xml(family: EmbeddedFamily, rel_ids: dict[Face, str]) -> str:
    panose = f' panose="{family.panose}"' if family.panose else ""
    faces = "".join(f'<p:{face} r:id="{rel_ids[face]}"/>' for face in FACE_ORDER if face in rel_ids)
    return (
        f"<p:embeddedFont {nsdecls('p', 'r')}>"
        f'<p:font typeface="{family.typeface}"{panose} '
        f'pitchFamily="{family.pitch_family}" charset="0"/>{faces}</p:embeddedFont>'
    )


def embed_fonts(prs: Presentation, families: Sequence[EmbeddedFamily]) -> None:
    """Add every face of ``families`` to ``prs`` as EOT parts listed in embeddedFontLst."""
    part, root = prs.part, prs.element
    existing = root.find(qn("p:embeddedFontLst"))
    if existing is not None:
        root.remove(existing)
    font_list = parse_xml(f"<p:embeddedFontLst {nsdecls('p')}/>")
    number = 0
    for family in families:
        rel_ids: dict[Face, str] = {}
        for face in FACE_ORDER:
            if face not in family.faces:
                continue
            number += 1
            blob = eot(family.faces[face].read_bytes())  # cached: the same bytes every deck
            font_part = Part(
                PackURI(f"/ppt/fonts/font{number}.fntdata"), CONTENT_TYPE, part.package, blob
            )
            rel_ids[face] = part.relate_to(font_part, RT.FONT)
        font_list.append(parse_xml(_font_xml(family, rel_ids)))
    root.insert_element_before(font_list, *_AFTER_FONTS)
    root.set("embedTrueTypeFonts", "1")
