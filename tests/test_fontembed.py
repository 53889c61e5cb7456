"""Embedded fonts in the deck: EOT parts that decode to the exact bundled TTFs."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from fontTools.ttLib import TTFont
from pptx import Presentation

from porreport.deck.fontembed import (
    EmbeddedFamily,
    FontEmbeddingError,
    embed_fonts,
    eot,
    font_data,
)
from porreport.deck.render import default_template
from porreport.resources import font_path

STYLES = {"regular": "Regular", "bold": "Bold", "italic": "Italic"}


def _eot_names(blob: bytes) -> list[str]:
    """The four name strings of an EOT 2.1 header (family, style, version, full name)."""
    offset = 16 + 10 + 1 + 1 + 4 + 2 + 2 + 16 + 8 + 4 + 16 + 2
    names = []
    for _ in range(4):
        (size,) = struct.unpack_from("<H", blob, offset)
        names.append(blob[offset + 2 : offset + 2 + size].decode("utf-16-le"))
        offset += 2 + size + 2
    return names


def test_eot_header_and_round_trip() -> None:
    ttf = font_path("Bold").read_bytes()
    blob = eot(ttf)
    size, data_size, version, flags = struct.unpack_from("<LLLL", blob)
    assert (size, data_size, version, flags) == (len(blob), len(ttf), 0x00020001, 0)
    assert struct.unpack_from("<H", blob, 16 + 10 + 1 + 1 + 4 + 2)[0] == 0x504C  # magic
    assert blob[16 + 10 + 1] == 0  # not italic
    assert struct.unpack_from("<L", blob, 16 + 12)[0] == 700  # weight
    assert _eot_names(blob)[0] == "Titillium Web"
    assert _eot_names(blob)[3] == "Titillium Web Bold"
    assert font_data(blob) == ttf


def test_restricted_fonts_are_not_embedded() -> None:
    font = TTFont(str(font_path("Regular")))
    font["OS/2"].fsType = 0x0002  # restricted licence embedding
    buffer = io.BytesIO()
    font.save(buffer)
    with pytest.raises(FontEmbeddingError):
        eot(buffer.getvalue())


def test_deck_parts_decode_to_the_bundled_fonts() -> None:
    prs = Presentation(str(default_template()))
    faces = {face: font_path(style) for face, style in STYLES.items()}
    embed_fonts(prs, [EmbeddedFamily("Titillium Web", faces, panose="020B0503030000000000")])
    buffer = io.BytesIO()
    prs.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        types = package.read("[Content_Types].xml").decode()
        assert 'Extension="fntdata" ContentType="application/x-fontdata"' in types
        reopened = Presentation(buffer)
        font_list = reopened.element.find(
            "{http://schemas.openxmlformats.org/presentationml/2006/main}embeddedFontLst"
        )
        assert font_list is not None
        rels = reopened.part.rels
        for entry in font_list:
            for child in entry[1:]:
                face = child.tag.rsplit("}", 1)[1]
                rid = child.get(
                    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
                )
                blob = rels[rid].target_part.blob
                assert font_data(blob) == font_path(STYLES[face]).read_bytes(), face
        assert reopened.element.get("embedTrueTypeFonts") == "1"
