"""Which characters the bundled font can draw, and the documented fallbacks for the rest.

Titillium Web lacks, among others, arrows, thin spaces and emoji. Texts are normalised
when the report is loaded: characters in ``FALLBACKS`` are replaced (so "→" prints "->"),
and any other character the font lacks is refused with a message naming the field.
"""

from __future__ import annotations

from functools import cache

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
    from fontTools.ttLib import TTFont

    sets = []
    for style in ("Regular", "Bold", "SemiBold", "Italic"):
        with TTFont(font_path(style), lazy=True) as font:
            sets.append(frozenset(font.getBestCmap()))
    return frozenset.intersection(*sets) | {ord("\n")}


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
