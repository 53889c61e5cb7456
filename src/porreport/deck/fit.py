"""Fit text into boxes at generation time, for Titillium Web and for what stands in for it.

PowerPoint only applies "shrink text on overflow" when a person edits a box, and
LibreOffice applies its own, so the deck's text is measured here: words are wrapped to the
box width with the wider of Titillium Web's and Liberation Sans' advance widths (Arial's
metrics, what PowerPoint shows without the font), lines are ``Para.line`` times the largest
single spacing of those fonts and LibreOffice apart (``typesetting.single_line``), sizes
shrink step by step down to a floor, and when even the floor does not fit, the caller
continues on a new slide or lays the slide out otherwise. A word is never wider than its
line: a number, an amount or a code ("€ 10.705.500", "5112/2021") that would be cut in two
makes the text not fit at that size.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum
from functools import cache, lru_cache

from porreport.typesetting import fitting_width, single_line, token_width

LINE_SPACING = 0.9  # a paragraph's line spacing, as a fraction of single spacing
# Share of a box's width the measured text may use (renderers differ in how they fill a
# line). Heights are used whole: the pitch measured is the loosest of the renderers'.
SAFETY = 0.94
OVERFULL = 1_000_000  # lines counted for a paragraph with a word wider than its line


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
    """A paragraph: spans at ``size`` points, ``space_before`` points above it, lines
    ``line`` times single spacing apart (1.0 = 100%). ``continued`` marks the rest of a
    paragraph cut at a slide or column break: no bullet, no space above."""

    spans: tuple[Span, ...]
    size: float
    space_before: float = 0.0
    align: str = "l"
    indent: float = 0.0  # left indent, points
    role: Role = Role.TEXT
    line: float = LINE_SPACING
    continued: bool = False

    @property
    def text(self) -> str:
        """The paragraph's plain text."""
        return "".join(s.text for s in self.spans)


def count_lines(para: Para, width: float, size: float) -> int:
    """Lines ``para`` takes at ``size`` in a box ``width`` points wide (greedy wrap at
    spaces); ``OVERFULL`` when one of its words is wider than the line."""
    return _count_lines(para.spans, width - para.indent, size)


# A paragraph is measured in every box, at every scale and on every candidate page it is
# tried in, and the planner makes equal paragraphs again and again: its words are measured
# once per text (``_measured``) and its lines counted once per text, width and size. Both
# depend on the spans' text and weight only; the bounds keep a batch worker's memory flat.


@lru_cache(maxsize=65536)
def _count_lines(spans: tuple[Span, ...], width: float, size: float) -> int:
    """``count_lines`` of a paragraph of ``spans`` with no indent."""
    lines = 0
    for segment in _measured(spans):
        lines += _wrap_count(segment, width, size)
    return min(max(lines, 1), OVERFULL)


Measured = tuple[float, float | None]  # a word's widths at 1 pt: set, alone on a line


@lru_cache(maxsize=16384)
def _measured(spans: tuple[Span, ...]) -> tuple[tuple[Measured, ...], ...]:
    """The words of each hard line of a paragraph of ``spans`` (a vertical tab or a newline
    inside a span breaks the line), spaces kept as words: (width, ``unbreakable_width``)
    at 1 pt, the latter None for a space."""
    segments: list[list[Measured]] = [[]]
    for span in spans:
        bold = span.bold
        space = (fitting_width(" ", bold), None)
        breaks = "\n" in span.text or "\v" in span.text
        for k, chunk in enumerate(span.text.split(" ")):
            if k > 0:
                segments[-1].append(space)
            if not breaks:
                if chunk:
                    segments[-1].append(_word(chunk, bold))
                continue
            for j, part in enumerate(chunk.replace("\v", "\n").split("\n")):
                if j > 0:
                    segments.append([])
                if part:
                    segments[-1].append(_word(part, bold))
    return tuple(tuple(segment) for segment in segments)


@lru_cache(maxsize=65536)
def _word(word: str, bold: bool) -> Measured:
    """A word's width at 1 pt and its ``unbreakable_width``."""
    return fitting_width(word, bold), unbreakable_width(word, bold)


def pitch(para: Para, size: float) -> float:
    """The distance in points between two lines of ``para`` set at ``size``."""
    return para.line * single_line() * size


def unbreakable_width(word: str, bold: bool) -> float:
    """The width at 1 pt a word needs on one line: a word with a digit (a number, an amount,
    a code, a date) in the widest fallback font too, so no renderer cuts it."""
    if any(c.isdigit() for c in word):
        return token_width(word, bold)
    return fitting_width(word, bold)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` on one line at ``size``; a single word at its
    ``unbreakable_width`` (what a table column must leave it)."""
    words = text.split(" ")
    if len(words) == 1:
        return unbreakable_width(text, bold) * size
    return sum(fitting_width(w, bold) for w in [*words, *[" "] * (len(words) - 1)]) * size


# --- words too wide for their line even at the floor size ------------------------------
# Such a word never fits its line whole (a hostile or broken input: a 5,000-character
# "word", a long web address): it is cut into pieces that each fit, a line break between
# them, so that it is cut where it was measured rather than where a renderer's font ends the
# line. Words that fit at the floor are never touched: the fitting shrinks the text for them.


def break_words(
    text: str,
    width: float,
    size: float,
    bold: bool = False,
    upper: bool = False,
    widest: bool = False,
) -> str:
    """``text`` with each word wider than ``width`` points at ``size`` (``count_lines``'s
    test; with ``widest``, in the widest of the fonts, ``token_width``) cut into lines that
    each fit; ``text`` itself when no word is that wide. ``upper``: the text is shown in
    capitals."""
    if not text or _longest(text) * widest_character(bold) * size <= width:
        return text  # no word can be that wide: nothing measured
    measure = token_width if widest else unbreakable_width
    lines = text.split("\n")
    changed = False
    for n, line in enumerate(lines):
        words = line.split(" ")
        for k, word in enumerate(words):
            shown = word.upper() if upper else word
            if word and measure(shown, bold) * size > width:
                words[k] = "\n".join(_pieces(word, width / size, bold, upper))
                changed = True
        lines[n] = " ".join(words)
    return "\n".join(lines) if changed else text


def any_too_wide(texts: list[str], width: float, size: float) -> bool:
    """Whether one of ``texts`` holds a word wider than ``width`` points at ``size`` in
    the widest of the fonts, in bold (False: ``break_words`` leaves each of them, at
    ``size`` or smaller, as it is); only the words long enough to be that wide are
    measured."""
    words = "\n".join(texts).replace("\n", " ").split(" ")
    room = int(width / (widest_character(True) * size))
    if max(map(len, words), default=0) <= room:
        return False
    return any(token_width(w, True) * size > width for w in words if len(w) > room)


def break_para(para: Para, width: float, scale: float) -> Para:
    """``para`` with the words too wide for a line ``width`` points wide at ``scale`` cut
    (``break_words``); ``para`` itself when none is."""
    size = scaled(para, scale)
    spans = tuple(
        replace(s, text=break_words(s.text, width - para.indent, size, s.bold)) for s in para.spans
    )
    return para if spans == para.spans else replace(para, spans=spans)


def _longest(text: str) -> int:
    return max(map(len, text.replace("\n", " ").split(" ")))


@cache
def widest_character(bold: bool) -> float:
    """The widest advance of any character in any of the measured fonts, at 1 pt: a
    character none of them has is measured at each one's widest (``face_width``)."""
    return token_width("\U0010fffd", bold)


def _pieces(word: str, limit: float, bold: bool, upper: bool) -> list[str]:
    """``word`` cut greedily into pieces at most ``limit`` wide at 1 pt, each character at
    its widest in the measured fonts (so each piece's ``token_width`` is within the limit);
    never before a combining mark."""
    pieces: list[str] = []
    start, used = 0, 0.0
    for k, char in enumerate(word):
        advance = token_width(char.upper() if upper else char, bold)
        if used + advance > limit and k > start and not unicodedata.combining(char):
            pieces.append(word[start:k])
            start, used = k, 0.0
        used += advance
    pieces.append(word[start:])
    return pieces


def _wrap_count(words: tuple[Measured, ...], width: float, size: float) -> int:
    """Lines a hard line's measured words (``_measured``) take, wrapped greedily."""
    lines, current = 1, 0.0
    for fitting, unbreakable in words:
        w = fitting * size
        if unbreakable is None:
            current += w
            continue
        if unbreakable * size > width:
            return OVERFULL
        if current > 0 and current + w > width:
            lines += 1
            current = 0.0
        current += w
    return lines


def height(paras: list[Para], width: float, scale: float = 1.0) -> float:
    """Height in points of the paragraphs in a box ``width`` points wide."""
    total = 0.0
    for k, para in enumerate(paras):
        size = scaled(para, scale)
        if k > 0:
            total += para.space_before * scale
        total += count_lines(para, width, size) * pitch(para, size)
    return total


def height_terms(paras: list[Para], width: float, scale: float) -> tuple[tuple[float, float], ...]:
    """Each paragraph's (space above, height of its lines) at ``scale``, the terms ``height``
    adds up: a column's height grows by ``stacked`` without measuring what it holds again."""
    out = []
    for para in paras:
        size = scaled(para, scale)
        out.append((para.space_before * scale, count_lines(para, width, size) * pitch(para, size)))
    return tuple(out)


def stacked(total: float, terms: tuple[tuple[float, float], ...]) -> float:
    """The ``height`` of paragraphs ``total`` points tall (at least one paragraph) with the
    paragraphs of ``terms`` (``height_terms``) under them: the same sum, in the same order."""
    for space, lines in terms:
        total += space
        total += lines
    return total


def scaled(para: Para, scale: float) -> float:
    """The size of ``para`` at ``scale`` (to a hundredth of a point, what a run holds)."""
    return max(round(para.size * scale, 2), 1.0)


def scales(base: float, floor: float, top: float = 1.0) -> list[float]:
    """The scales a box tries, largest first: from ``top`` down in steps of 0.04 while the
    size ``base`` stays at or above ``floor``, and the floor's own scale last."""
    out = []
    scale = top
    while base * scale >= floor - 1e-6:
        out.append(scale)
        scale = round(scale - 0.04, 4)
    if floor / base <= top and (not out or out[-1] > floor / base):
        out.append(floor / base)
    return out


def fit_scale(
    paras: list[Para],
    width: float,
    box_height: float,
    base: float,
    floor: float,
    top: float = 1.0,
) -> float | None:
    """The largest scale (``top`` down) at which ``paras`` fit, keeping the size ``base`` at
    or above ``floor``; None when they do not fit even at the floor."""
    width *= SAFETY
    for scale in scales(base, floor, top):
        if height(paras, width, scale) <= box_height:
            return scale
    return None


def fit_breaking(
    paras: list[Para],
    width: float,
    box_height: float,
    base: float,
    floor: float,
    top: float = 1.0,
) -> tuple[list[Para], float | None]:
    """``fit_scale``; when the paragraphs do not fit even at the floor, they are tried
    again with their words too wide for a line at the floor cut (``break_para``). Returns
    the paragraphs to write (broken or not) and the scale, None when they do not fit."""
    scale = fit_scale(paras, width, box_height, base, floor, top)
    if scale is not None:
        return paras, scale
    broken = [break_para(p, width * SAFETY, floor / base) for p in paras]
    if all(b is p for b, p in zip(broken, paras, strict=True)):
        return paras, None
    return broken, fit_scale(broken, width, box_height, base, floor, top)


def apply(paras: list[Para], scale: float) -> list[Para]:
    """The paragraphs with their sizes and spacing at ``scale``."""
    return [
        replace(p, size=scaled(p, scale), space_before=round(p.space_before * scale, 1))
        for p in paras
    ]


def written(paras: list[Para], scale: float, width: float) -> tuple[list[Para], float]:
    """How a box's paragraphs fitted at ``scale`` are written, and the box's autofit scale.

    At their styles' sizes with ``scale`` as the autofit scale (``a:normAutofit
    fontScale``: PowerPoint shows them scaled, and grows them back when text is deleted;
    LibreOffice, which ignores that scale, shrinks them by its own measure when they
    overflow), their spacing already scaled, which autofit leaves alone. When a word would
    be wider than its line at full size (LibreOffice would cut it in two), and when the text
    grew (an autofit scale is at most 1), the sizes are written scaled and the box's scale
    is 1.0. ``width`` is the box's inner width in points.
    """
    if scale < 1.0 and all(_fits_whole(p, width * SAFETY, p.size) for p in paras):
        return [replace(p, space_before=round(p.space_before * scale, 1)) for p in paras], scale
    return apply(paras, scale), 1.0


def _fits_whole(para: Para, width: float, size: float) -> bool:
    """Whether every word of ``para`` at ``size`` fits a line ``width`` points wide."""
    room = width - para.indent
    return all(
        unbreakable * size <= room
        for segment in _measured(para.spans)
        for _, unbreakable in segment
        if unbreakable is not None
    )


def _cut(para: Para, words: int) -> tuple[Para, Para | None]:
    """``para`` cut after its first ``words`` words (``tokens``: a line break ends a word
    too; the space or line break at the cut goes); spans keep their style; the rest is None
    when nothing is left. The continuation has no space above it."""
    head: list[Span] = []
    tail: list[Span] = []
    left = words
    for span in para.spans:
        chunks, seps = tokens(span.text)
        if left >= len(chunks):
            head.append(span)
            left -= len(chunks)
            continue
        if left > 0:
            head.append(replace(span, text=joined(chunks[:left], seps)))
        tail.append(replace(span, text=joined(chunks[left:], seps[left:])))
        left = 0
    rest = [s for s in tail if s.text.strip()]
    first = replace(para, spans=tuple(head))
    rest_para = replace(para, spans=tuple(rest), space_before=0.0, continued=True)
    return first, (rest_para if rest else None)


def _word_count(para: Para) -> int:
    return sum(len(tokens(s.text)[0]) for s in para.spans)


_BREAK = re.compile("( |\n)")


def tokens(text: str) -> tuple[list[str], list[str]]:
    """The words of ``text`` (between spaces and line breaks: where a text may be cut) and
    the separator after each but the last."""
    parts = _BREAK.split(text)
    return parts[0::2], parts[1::2]


def joined(words: list[str], seps: list[str]) -> str:
    """Words put back together, ``seps[k]`` between word k and word k + 1."""
    out = [words[0]] if words else []
    for k in range(1, len(words)):
        out += [seps[k - 1], words[k]]
    return "".join(out)


SENTENCE_END = (".", ";", ":", "!", "?")


def sentence_cut(words: list[str], count: int) -> int:
    """Where to cut a text (its ``words``) at most ``count`` words in: after the last of
    those words that ends a sentence, when that keeps at least half of them; else after
    ``count``."""
    for k in range(count, (count + 1) // 2, -1):
        if words[k - 1].rstrip("»”’)").endswith(SENTENCE_END):
            return k
    return count


def largest(low: int, high: int, fits: Callable[[int], bool]) -> int:
    """The largest ``n`` from ``low`` to ``high`` for which ``fits(n)`` (a test that holds
    up to some ``n`` and not beyond), ``low`` when none: small ``n`` are tried first, then
    halved, so a long text is measured a piece at a time, not whole each time."""
    good, step = low, 1
    while good < high:
        trial = min(good + step, high)
        if not fits(trial):
            high = trial - 1
            break
        good, step = trial, step * 2
    while good < high:
        middle = (good + high + 1) // 2
        good, high = (middle, high) if fits(middle) else (good, middle - 1)
    return good


def _largest_prefix(para: Para, width: float, box_height: float, scale: float) -> int:
    """How many of ``para``'s first words fit ``box_height`` (all but the last at most)."""
    return largest(
        0, _word_count(para) - 1, lambda n: height([_cut(para, n)[0]], width, scale) <= box_height
    )


def split_to_fit(
    para: Para, width: float, box_height: float, scale: float, first: float | None = None
) -> list[Para]:
    """``para`` cut at word boundaries into pieces each ``box_height`` points tall at most
    at ``scale`` in a box ``width`` points wide (the same measurement as ``height``).

    A piece ends at the end of a sentence when one ends in its second half. With ``first``,
    the first piece fits ``first`` points instead; it is an empty paragraph when not even
    one word fits there. A single word taller than the box stays whole. Every piece after
    the first is ``continued``.
    """
    pieces: list[Para] = []
    rest: Para | None = para
    limit = box_height if first is None else first
    while rest is not None:
        if height([rest], width, scale) <= limit:
            pieces.append(rest)
            break
        lo = _largest_prefix(rest, width, limit, scale)
        if lo == 0 and (pieces or first is None or limit == box_height):
            lo = 1  # not even one word fits a whole box: keep going
        flat = [w for span in rest.spans for w in tokens(span.text)[0]]
        piece, rest = _cut(rest, sentence_cut(flat, lo) if lo else 0)
        pieces.append(piece if lo else replace(para, spans=(Span(""),)))
        limit = box_height
    return pieces
