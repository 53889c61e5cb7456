"""Fit text into boxes at generation time, from Titillium Web's own metrics.

PowerPoint only applies "shrink text on overflow" when a person edits a box, and
LibreOffice applies its own, so the deck's text is measured here: words are wrapped to the
box width with the font's advance widths, sizes shrink step by step down to a floor, and
when even the floor does not fit, the caller continues on a new slide. Line spacing is
written as exact points (``LINE``) so the measured height is the rendered height.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from porreport.typesetting import word_width as _word_width

LINE = 1.22  # exact line pitch, in units of the font size
SAFETY = 0.94  # share of the box width/height the measured text may use


@dataclass(frozen=True)
class Span:
    """A run of text in one style."""

    text: str
    bold: bool = False
    color: str | None = None


class Role(Enum):
    """What a paragraph is in the structure of a list, for keeping entries together."""

    TEXT = "text"
    GROUP_HEADING = "group heading"  # a list group's heading
    ENTRY_TITLE = "entry title"  # the first paragraph of a list entry


@dataclass(frozen=True)
class Para:
    """A paragraph: spans at ``size`` points, ``space_before`` points above it."""

    spans: tuple[Span, ...]
    size: float
    space_before: float = 0.0
    align: str = "l"
    indent: float = 0.0  # left indent, points
    role: Role = Role.TEXT

    @property
    def text(self) -> str:
        """The paragraph's plain text."""
        return "".join(s.text for s in self.spans)


def _words(para: Para) -> list[tuple[str, bool]]:
    """(word, bold) pairs; each word keeps its trailing space out."""
    out: list[tuple[str, bool]] = []
    for span in para.spans:
        for k, chunk in enumerate(span.text.split(" ")):
            if k > 0:
                out.append((" ", span.bold))
            if chunk:
                out.append((chunk, span.bold))
    return out


def count_lines(para: Para, width: float, size: float) -> int:
    """Lines ``para`` takes at ``size`` in a box ``width`` points wide (greedy wrap)."""
    width -= para.indent
    lines = 0
    for segment in _split_lines(para):
        lines += _wrap_count(segment, width, size)
    return max(lines, 1)


def _split_lines(para: Para) -> list[list[tuple[str, bool]]]:
    """Words of each hard line (a vertical tab or newline inside a span breaks the line)."""
    segments: list[list[tuple[str, bool]]] = [[]]
    for word, bold in _words(para):
        parts = word.replace("\v", "\n").split("\n")
        for k, part in enumerate(parts):
            if k > 0:
                segments.append([])
            if part:
                segments[-1].append((part, bold))
    return segments


def _wrap_count(words: list[tuple[str, bool]], width: float, size: float) -> int:
    lines, current = 1, 0.0
    for word, bold in words:
        w = _word_width(word, bold) * size
        if word == " ":
            current += w
            continue
        if current > 0 and current + w > width:
            lines += 1
            current = 0.0
        current += w
        while current > width:  # a single word wider than the box: it breaks
            lines += 1
            current -= width
    return lines


def height(paras: list[Para], width: float, scale: float = 1.0) -> float:
    """Height in points of the paragraphs in a box ``width`` points wide."""
    total = 0.0
    for k, para in enumerate(paras):
        size = scaled(para, scale)
        if k > 0:
            total += para.space_before * scale
        total += count_lines(para, width, size) * size * LINE
    return total


def scaled(para: Para, scale: float) -> float:
    """The size of ``para`` at ``scale`` (to a half point)."""
    return max(round(para.size * scale * 2) / 2, 1.0)


def fit_scale(
    paras: list[Para], width: float, box_height: float, base: float, floor: float
) -> float | None:
    """The largest scale (1.0 down) at which ``paras`` fit, keeping the size ``base`` at or
    above ``floor``; None when they do not fit even at the floor."""
    width *= SAFETY
    box_height *= SAFETY
    scale = 1.0
    while base * scale >= floor - 1e-6:
        if height(paras, width, scale) <= box_height:
            return scale
        scale -= 0.04
    return None


def apply(paras: list[Para], scale: float) -> list[Para]:
    """The paragraphs with their sizes and spacing at ``scale``."""
    return [
        replace(p, size=scaled(p, scale), space_before=round(p.space_before * scale, 1))
        for p in paras
    ]


def _cut(para: Para, words: int) -> tuple[Para, Para | None]:
    """``para`` cut after its first ``words`` words (spans keep their style); the rest is
    None when nothing is left. The continuation has no space above it."""
    head: list[Span] = []
    tail: list[Span] = []
    left = words
    for span in para.spans:
        chunks = span.text.split(" ")
        if left >= len(chunks):
            head.append(span)
            left -= len(chunks)
            continue
        if left > 0:
            head.append(replace(span, text=" ".join(chunks[:left])))
        tail.append(replace(span, text=" ".join(chunks[left:])))
        left = 0
    rest = [s for s in tail if s.text.strip()]
    first = replace(para, spans=tuple(head))
    return first, (replace(para, spans=tuple(rest), space_before=0.0) if rest else None)


def _word_count(para: Para) -> int:
    return sum(len(s.text.split(" ")) for s in para.spans)


def split_to_fit(
    para: Para, width: float, box_height: float, scale: float, first: float | None = None
) -> list[Para]:
    """``para`` cut at word boundaries into pieces each ``box_height`` points tall at most
    at ``scale`` in a box ``width`` points wide (the same measurement as ``height``).

    With ``first``, the first piece fits ``first`` points instead; it is an empty paragraph
    when not even one word fits there. A single word taller than the box stays whole.
    """
    pieces: list[Para] = []
    rest: Para | None = para
    limit = box_height if first is None else first
    while rest is not None:
        if height([rest], width, scale) <= limit:
            pieces.append(rest)
            break
        lo, hi = 0, _word_count(rest) - 1  # largest prefix of words that fits
        while lo < hi:
            mid = (lo + hi + 1) // 2
            ok = height([_cut(rest, mid)[0]], width, scale) <= limit
            lo, hi = (mid, hi) if ok else (lo, mid - 1)
        if lo == 0 and (pieces or first is None or limit == box_height):
            lo = 1  # not even one word fits a whole box: keep going
        piece, rest = _cut(rest, lo)
        pieces.append(piece if lo else replace(para, spans=(Span(""),)))
        limit = box_height
    return pieces
