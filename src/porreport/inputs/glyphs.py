"""Which characters the bundled font can draw, and the documented fallbacks for the rest.

Titillium Web lacks, among others, arrows, thin spaces and emoji. Texts are normalised
when the report is loaded: characters in ``FALLBACKS`` are replaced (so "→" prints "->"),
and any other character the font lacks is refused with a message naming the field.
"""

from __future__ import annotations

import struct
from functools import cache
from pathlib import Path

from porreport.resources import font_path

FALLBACKS: dict[str, str] = {
    "\u2192": "->",  # rightwards arrow
    "\u2190": "<-",
    "\u21d2": "=>",
    "\u2194": "<->",
    "\u202f": "\xa0",  # narrow no-break space (CLDR's French/Italian grouping in some locales)
    "\u2009": " ",  # thin space
    "\u200b": "",  # zero-width space
    "\u2007": " ",  # figure space
    "\u2212": "-",  # minus sign
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2260": "!=",
    "\u00d7": "x",
    "\t": " ",
    "\r": "",
}


@cache
def font_charset() -> frozenset[int]:
    """Code points every bundled Titillium Web style can draw."""
    sets = [
        cmap_code_points(font_path(style)) for style in ("Regular", "Bold", "SemiBold", "Italic")
    ]
    return frozenset.intersection(*sets) | {ord("\n")}


# The Unicode subtables of a font's 'cmap', best first (fontTools' ``getBestCmap`` order).
_CMAP_PREFERENCE = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


def cmap_code_points(path: Path) -> frozenset[int]:
    """The code points of a TrueType font's best Unicode 'cmap' subtable (format 4 or 12),
    as fontTools' ``getBestCmap`` gives them; read with ``struct``, since loading fontTools
    takes four times as long as the reading (every report is checked against the font)."""
    data = path.read_bytes()
    (num_tables,) = struct.unpack_from(">H", data, 4)
    tables = {data[12 + 16 * i : 16 + 16 * i]: 12 + 16 * i for i in range(num_tables)}
    if b"cmap" not in tables:
        raise ValueError(f"{path.name}: nessuna tabella cmap")
    (cmap,) = struct.unpack_from(">L", data, tables[b"cmap"] + 8)
    _, count = struct.unpack_from(">HH", data, cmap)
    records = [struct.unpack_from(">HHL", data, cmap + 4 + 8 * i) for i in range(count)]
    offsets = {(platform, encoding): offset for platform, encoding, offset in records}
    for key in _CMAP_PREFERENCE:
        if key in offsets:
            return _subtable_code_points(data, cmap + offsets[key], path.name)
    raise ValueError(f"{path.name}: nessuna tabella cmap Unicode")


def _subtable_code_points(data: bytes, at: int, name: str) -> frozenset[int]:
    (fmt,) = struct.unpack_from(">H", data, at)
    if fmt == 4:
        (seg_x2,) = struct.unpack_from(">H", data, at + 6)
        segments = seg_x2 // 2
        ends = struct.unpack_from(f">{segments}H", data, at + 14)
        starts = struct.unpack_from(f">{segments}H", data, at + 16 + seg_x2)
        # every segment but the closing 0xFFFF one, as fontTools reads them
        return frozenset(
            c for s, e in zip(starts[:-1], ends[:-1], strict=True) for c in range(s, e + 1)
        )
    if fmt == 12:
        (groups,) = struct.unpack_from(">L", data, at + 12)
        ranges = [struct.unpack_from(">LL", data, at + 16 + 12 * i) for i in range(groups)]
        return frozenset(c for s, e in ranges for c in range(s, e + 1))
    raise ValueError(f"{name}: tabella cmap di formato {fmt} non supportata")


def normalise(text: str) -> str:
    """Apply the documented fallbacks."""
    for char, replacement in FALLBACKS.items():
        if char in text:
            text = text.replace(char, replacement)
    return text


def missing_characters(text: str) -> list[str]:
    """Characters of ``text`` the font cannot draw, in order of first appearance."""
    charset = font_charset()
    missing: list[str] = []
    for char in text:
        if ord(char) not in charset and char not in missing:
            missing.append(char)
    return missing


def describe(chars: list[str]) -> str:
    """'"😀" (U+1F600), "✓" (U+2713)'."""
    return ", ".join(f"'{c}' (U+{ord(c):04X})" for c in chars)
