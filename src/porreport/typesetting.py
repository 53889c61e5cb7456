"""Text measurement for layouts decided before drawing.

``word_width`` and ``text_width`` measure with the bundled Titillium Web (advance widths
from the TTF, through Pillow's FreeType binding): the charts place their labels with them.
The deck is also read where Titillium Web is missing, so it fits its text with
``fitting_width`` (the wider of Titillium Web and Liberation Sans, which has Arial's metrics,
what PowerPoint substitutes), keeps every unbreakable token within ``token_width`` (the
widest of those two and DejaVu Sans, LibreOffice's fallback on Linux) and spaces lines by
``single_line``. Those come from fonts/metrics.json (scripts/make_font_metrics.py).
``column_widths`` is the table column algorithm of both renderers, each with its own ruler.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from PIL import ImageFont

from porreport.resources import font_path, resource_dir

REFERENCE_SIZE = 100
FITTED = ("Titillium Web", "Liberation Sans")  # the deck's font and Arial's metrics
FALLBACK = "DejaVu Sans"
# LibreOffice sets single spacing (100%) at 1.2 times the size whatever the font (measured:
# 24.01 pt between baselines at 20 pt in Titillium Web, Liberation Sans and DejaVu Sans);
# PowerPoint uses the font's own line height (hhea ascender + descender + line gap).
LIBREOFFICE_SINGLE = 1.2
NBSP = "\xa0"
# Words measured and remembered, per measure: a batch worker measures the words of many
# reports (amounts and codes never repeat), so its memory stays bounded.
WORDS_KEPT = 65536


@cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path("Bold" if bold else "Regular")), REFERENCE_SIZE)


@lru_cache(maxsize=WORDS_KEPT)
def word_width(word: str, bold: bool) -> float:
    """Advance width of ``word`` at 1 pt, in points; of its widest line when it holds a line
    break (the shaper lays out one line)."""
    if "\n" in word or "\r" in word:
        return max(word_width(line, bold) for line in _LINE_BREAK.split(word))
    return _font(bold).getlength(word) / REFERENCE_SIZE


_LINE_BREAK = re.compile("\r\n|\r|\n")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` set at ``size`` points."""
    return sum(word_width(w, bold) for w in text.split(" ")) * size + (
        text.count(" ") * word_width(" ", bold) * size
    )


# --- the deck's measures: Titillium Web or what stands in for it ------------------------


@dataclass(frozen=True)
class Face:
    """One face of fonts/metrics.json: advance widths per character, in ems."""

    widths: dict[str, float]
    fallback: float  # a character the table lacks: the face's widest advance
    line: float  # single line spacing in ems: hhea ascender + descender + line gap


@cache
def _faces() -> dict[tuple[str, bool], Face]:
    table = json.loads((resource_dir("fonts") / "metrics.json").read_text(encoding="utf-8"))
    characters = table["characters"]
    faces = {}
    for family, weights in table["families"].items():
        for weight, face in weights.items():
            em = face["units_per_em"]
            widths = {c: a / em for c, a in zip(characters, face["advances"], strict=True)}
            faces[family, weight == "bold"] = Face(
                widths, max(widths.values()), sum(face["hhea"]) / em
            )
    return faces


def face_width(word: str, family: str, bold: bool) -> float:
    """Advance width in ems (points at 1 pt) of ``word`` in one family of the metrics table
    (no kerning)."""
    face = _faces()[family, bold]
    return sum(face.widths.get(c, face.fallback) for c in word)


@lru_cache(maxsize=WORDS_KEPT)
def fitting_width(word: str, bold: bool) -> float:
    """Width of ``word`` at 1 pt in the wider of Titillium Web and Liberation Sans: text
    measured with it fits whether the deck is shown in its font or in Arial's metrics."""
    return max(face_width(word, family, bold) for family in FITTED)


@lru_cache(maxsize=WORDS_KEPT)
def token_width(word: str, bold: bool) -> float:
    """Width of ``word`` at 1 pt in the widest of Titillium Web, Liberation Sans and DejaVu
    Sans: a number no wider than its line in this measure is not broken by any of them."""
    return max(fitting_width(word, bold), face_width(word, FALLBACK, bold))


@cache
def single_line() -> float:
    """Single line spacing in ems, the largest of Titillium Web's and Liberation Sans'
    (regular and bold) and LibreOffice's: a paragraph set at ``line`` times single spacing
    takes at most ``line * single_line() * size`` points per line in PowerPoint and in
    LibreOffice, in either font."""
    faces = _faces()
    return max(
        LIBREOFFICE_SINGLE,
        *(faces[family, bold].line for family in FITTED for bold in (False, True)),
    )


# A number and its unit or currency stay on one line.
_UNIT_AFTER = r"(?:€|M€|Mln€|Mld€|k€|Mln|mln|Mld|mld|milioni|miliardi|mila|euro|EUR|%)"
_GLUE_AFTER = re.compile(r"(\d) (?=" + _UNIT_AFTER + r"(?![\w€]))")
_GLUE_BEFORE = re.compile(r"(?<![\w€])(€) (?=\d)")


@lru_cache(maxsize=16384)  # the deck makes the same paragraphs many times over
def keep_together(text: str) -> str:
    """``text`` with a no-break space between a number and its unit ("2,64 Mln€", "11
    milioni", "50 %") and after a currency sign before a number ("€ 11"), so a line never
    ends between them."""
    return _GLUE_BEFORE.sub(r"\1" + NBSP, _GLUE_AFTER.sub(r"\1" + NBSP, text))


def column_widths(
    rows: Sequence[Sequence[str]],
    width: float,
    measure: Callable[[str], float],
    *,
    padding: float,
    header: Sequence[str] = (),
    flexible: Collection[int] = (),
    words: Callable[[str], Iterable[str]] = str.split,
) -> list[float]:
    """Widths of a table's columns (in ``measure``'s unit) for a table ``width`` wide.

    A column's natural width is its widest text in ``rows``, its minimum width its longest
    word (``words`` cuts a text where a line may break), the ``header``'s words included: a
    header may wrap. ``padding`` is added to both. When the natural widths fit, the room left
    goes to the ``flexible`` columns (all when none) in proportion to their widths; otherwise
    every column gives up the same share of its room to wrap (natural minus minimum), and
    when even the longest words do not fit, the minimum widths are scaled down to ``width``.
    """
    count = len(header) if header else len(rows[0])
    natural, minimum = [], []
    for c in range(count):
        texts = [row[c] for row in rows]
        heading = [header[c]] if header else []
        longest_word = max(
            (measure(word) for text in [*texts, *heading] for word in words(text) if word),
            default=0.0,
        )
        widest = max((measure(text) for text in texts), default=0.0)
        natural.append(max(widest, longest_word) + padding)
        minimum.append(longest_word + padding)
    total = sum(natural)
    if total <= width:
        extra = width - total
        wide = set(flexible) or set(range(count))
        share = sum(natural[c] for c in range(count) if c in wide)
        return [n + (extra * n / share if c in wide else 0) for c, n in enumerate(natural)]
    spare = width - sum(minimum)
    if spare < 0:
        return [m * width / sum(minimum) for m in minimum]
    room = [n - m for n, m in zip(natural, minimum, strict=True)]
    room_total = sum(room) or 1
    return [m + spare * r / room_total for m, r in zip(minimum, room, strict=True)]
