"""Text measurement with the bundled Titillium Web, for layouts decided before drawing.

Used by the deck (fitting text into boxes) and the charts (margins for labels), so both
measure the same way: advance widths from the TTF, through Pillow's FreeType binding.
``column_widths`` is the table column algorithm of both renderers, each with its own ruler.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from functools import cache

from PIL import ImageFont

from porreport.resources import font_path

REFERENCE_SIZE = 100


@cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path("Bold" if bold else "Regular")), REFERENCE_SIZE)


@cache
def word_width(word: str, bold: bool) -> float:
    """Advance width of ``word`` at 1 pt, in points."""
    return _font(bold).getlength(word) / REFERENCE_SIZE


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` set at ``size`` points."""
    return sum(word_width(w, bold) for w in text.split(" ")) * size + (
        text.count(" ") * word_width(" ", bold) * size
    )


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
