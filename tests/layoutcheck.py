"""A layout checker for rendered documents, independent of the code that lays them out.

It reads the words of a PDF with their boxes (``pdftotext -bbox-layout``, poppler) and
finds what a reader would see as a layout fault. The checks of the "Any programme, any
call" issue:

- ``text_outside_page``: text past the edge of the page (or slide);
- ``overlapping_lines``: glyphs of two lines (or two words of one line) on top of each other;
- ``split_numbers``: a number, date or act number broken across two lines ("12.90" / "7",
  check ``split_number``), or an amount separated from its currency or unit ("970,4" /
  "M€", check ``split_amount``);
- ``headings_at_end``: a heading that is the last text of its page or of its column;
- ``shapes_with_only_a_heading``: a shape (a card, a box) whose only text is headings.

And two more, for the faults the office issue names: ``split_words`` (a word broken without
a hyphen, "ATEC" / "O", given the document's words) and ``text_outside_shapes`` (on a
slide, text in no shape: it overflowed its box or left its chevron).

The caller says what is a heading (the document's own model knows: section titles, block
headings, card titles, list group headings), which bands of a page hold running headers and
footers (``PageBands``, one for every page or one per page number), and for decks which
shapes there are (``ShapeText``; ``deck_shapes`` reads them from a .pptx). ``check_pdf``
runs every check that needs only the PDF; ``check_deck`` adds the shape checks for a deck
converted to PDF (one page per slide). Every check returns ``Finding``s; their ``message``
is Italian, for the people who read the report of a check.

Coordinates are PDF points with the origin at the page's top-left corner, y growing down
(as pdftotext gives them). Pages with a /Rotate entry are not supported.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

XHTML = "{http://www.w3.org/1999/xhtml}"

# The part of a word's box where glyphs are drawn: pdftotext's box spans the font's
# ascent to its descent, which for Titillium Web, Liberation Sans and DejaVu Sans leaves at
# least 18% above the cap height and 19% below the baseline without ink. Lines whose boxes
# overlap only in those margins (tight but normal leading) do not touch.
INK_TOP = 0.18
INK_BOTTOM = 0.19


# --- geometry and the words of a page ----------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A rectangle in points, origin at the page's top-left, y growing down."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def ink(self) -> Box:
        """The band of the box where glyphs are drawn (see INK_TOP, INK_BOTTOM)."""
        h = self.height
        return Box(self.x0, self.y0 + INK_TOP * h, self.x1, self.y1 - INK_BOTTOM * h)

    def overlap(self, other: Box) -> tuple[float, float]:
        """Width and height of the intersection (negative when apart)."""
        return (
            min(self.x1, other.x1) - max(self.x0, other.x0),
            min(self.y1, other.y1) - max(self.y0, other.y0),
        )

    def __str__(self) -> str:
        return f"({self.x0:.1f}, {self.y0:.1f})–({self.x1:.1f}, {self.y1:.1f})"


@dataclass(frozen=True)
class Word:
    """A word as pdftotext cuts it (at spaces, also no-break spaces)."""

    text: str
    box: Box


@dataclass(frozen=True)
class Line:
    """A line of words; ``flow`` and ``block`` number pdftotext's grouping within a page."""

    words: tuple[Word, ...]
    box: Box
    flow: int
    block: int

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: the checks cache per page
class Page:
    """A page's size and its lines in pdftotext's reading order. ``number`` counts from 1."""

    number: int
    width: float
    height: float
    lines: tuple[Line, ...]


def _box(element: ET.Element, dx: float = 0.0, dy: float = 0.0) -> Box:
    """The box of an element of pdftotext's XHTML, shifted by (-dx, -dy)."""
    x0, y0, x1, y1 = (float(element.attrib[k]) for k in ("xMin", "yMin", "xMax", "yMax"))
    return Box(x0 - dx, y0 - dy, x1 - dx, y1 - dy)


def parse_bbox_layout(xhtml: str, sizes: Sequence[tuple[float, float]] | None = None) -> list[Page]:
    """Pages from the XHTML of ``pdftotext -bbox-layout``.

    ``sizes`` gives each page's real (width, height) when the PDF was read with its media box
    enlarged on every side by one page size (see ``read_pages``): coordinates are then
    shifted back so that (0, 0) is the real page's corner.
    """
    root = ET.fromstring(xhtml)
    pages = []
    for number, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        width, height = float(page.attrib["width"]), float(page.attrib["height"])
        dx = dy = 0.0
        if sizes is not None:
            width, height = sizes[number - 1]
            dx, dy = width, height
        lines = []
        for f, flow in enumerate(page.iter(f"{XHTML}flow")):
            for b, block in enumerate(flow.iter(f"{XHTML}block")):
                for line in block.iter(f"{XHTML}line"):
                    words = tuple(
                        Word(w.text or "", _box(w, dx, dy)) for w in line.iter(f"{XHTML}word")
                    )
                    lines.append(Line(words, _box(line, dx, dy), f, b))
        pages.append(Page(number, width, height, tuple(lines)))
    return pages


def _enlarged_copy(pdf: Path, target: Path) -> list[tuple[float, float]]:
    """Write a copy of ``pdf`` whose media boxes reach one page size past every edge.

    pdftotext drops every character that lies wholly outside the media box, so text past
    the edge would go unseen; on the enlarged page it is read like any other. Returns each
    page's real (width, height).
    """
    from pypdf import PdfReader, PdfWriter  # a test dependency, needed only here
    from pypdf.generic import RectangleObject

    reader = PdfReader(pdf)
    writer = PdfWriter()
    sizes = []
    for page in reader.pages:
        box = page.cropbox
        x0, y0, x1, y1 = (float(v) for v in (box.left, box.bottom, box.right, box.top))
        width, height = x1 - x0, y1 - y0
        page.cropbox = RectangleObject((x0, y0, x1, y1))
        page.mediabox = RectangleObject((x0 - width, y0 - height, x1 + width, y1 + height))
        writer.add_page(page)
        sizes.append((width, height))
    with target.open("wb") as handle:
        writer.write(handle)
    return sizes


def read_pages(pdf: Path, timeout: float = 120.0) -> list[Page]:
    """Every page of ``pdf`` with its lines and word boxes, text past the edges included.

    The page size is the crop box (the visible page; the media box when there is none).
    """
    with tempfile.TemporaryDirectory() as tmp:
        enlarged = Path(tmp) / "enlarged.pdf"
        sizes = _enlarged_copy(pdf, enlarged)
        result = subprocess.run(
            ["pdftotext", "-q", "-bbox-layout", str(enlarged), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=timeout,
        )
    return parse_bbox_layout(result.stdout, sizes)


# --- findings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One layout fault: which check found it, where, on which text, and what is wrong."""

    check: str
    page: int
    text: str
    boxes: tuple[Box, ...]
    message: str

    def __str__(self) -> str:
        where = ", ".join(str(b) for b in self.boxes)
        return f"p. {self.page} [{self.check}] {self.message}: «{self.text}» {where}"


@dataclass(frozen=True)
class PageBands:
    """Bands at the top and bottom of a page (heights in points) holding running headers,
    footers, footnotes or a slide's date line: text there does not count as the content
    that follows a heading, and a heading there is not checked."""

    header: float = 0.0
    footer: float = 0.0

    def holds(self, page: Page, line: Line) -> bool:
        """Whether the line's middle lies in one of the bands."""
        middle = (line.box.y0 + line.box.y1) / 2
        return middle < self.header or middle > page.height - self.footer


BandsSpec = PageBands | Mapping[int, PageBands]


def _bands_of(bands: BandsSpec, page: Page) -> PageBands:
    """The bands of one page: the same for every page, or given per page number."""
    if isinstance(bands, PageBands):
        return bands
    return bands.get(page.number, PageBands())


# --- text outside the page ---------------------------------------------------------------


def text_outside_page(pages: Iterable[Page], tolerance: float = 1.0) -> list[Finding]:
    """Lines with a word past the page's edge by more than ``tolerance`` points (the word's
    full width, the inked band of its height)."""
    findings = []
    for page in pages:
        for line in page.lines:
            out = tuple(
                w.box for w in line.words if _outside(w.box.x0, w.box.ink(), page, tolerance)
            )
            if out:
                findings.append(
                    Finding("outside_page", page.number, line.text, out, "testo fuori dalla pagina")
                )
    return findings


def _outside(x0: float, ink: Box, page: Page, tolerance: float) -> bool:
    """Whether a word (left edge x0, inked band ``ink``) passes an edge of the page."""
    return (
        x0 < -tolerance
        or ink.x1 > page.width + tolerance
        or ink.y0 < -tolerance
        or ink.y1 > page.height + tolerance
    )


# --- overlapping lines -------------------------------------------------------------------


def overlapping_lines(pages: Iterable[Page], tolerance: float = 0.5) -> list[Finding]:
    """Pairs of lines whose words' inked bands intersect by more than ``tolerance`` points
    both ways (in different blocks too), and lines with two words drawn over each other.
    One finding per pair of lines."""
    findings = []
    for page in pages:
        for a, b, boxes in _touching_lines(page, tolerance):
            text = a.text if a is b else f"{a.text} | {b.text}"
            message = "parole sovrapposte nella riga" if a is b else "righe sovrapposte"
            findings.append(Finding("overlap", page.number, text, boxes, message))
    return findings


def _touching_lines(page: Page, tolerance: float) -> Iterator[tuple[Line, Line, tuple[Box, Box]]]:
    """Each pair of lines (a line with itself for two of its own words) with words whose
    inked bands intersect, with the first such pair of word boxes. A sweep down the page."""
    inked = sorted(
        ((w.box.ink(), k, w) for k, line in enumerate(page.lines) for w in line.words),
        key=lambda item: item[0].y0,
    )
    seen: set[tuple[int, int]] = set()
    for i, (ink_a, line_a, word_a) in enumerate(inked):
        for ink_b, line_b, word_b in inked[i + 1 :]:
            if ink_b.y0 >= ink_a.y1 - tolerance:
                break
            key = (min(line_a, line_b), max(line_a, line_b))
            if key in seen:
                continue
            dx, dy = ink_a.overlap(ink_b)
            if dx > tolerance and dy > tolerance:
                seen.add(key)
                yield page.lines[key[0]], page.lines[key[1]], (word_a.box, word_b.box)


# --- words and numbers split across lines -----------------------------------------------

# Italian numbers (1.010,5 / 1010,5 / 970), dates (30.09.2021, 21/10/2021) and act numbers
# (5112/2021), with what may open or close them: "(49,6%)", "€12", "19,1*".
_NUMBER = (
    r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?"
    r"|\d+(?:,\d+)?"
    r"|\d{1,2}([./])\d{1,2}\1\d{2,4}"
    r"|\d+/\d+)"
)
_AFFIXED_NUMBER = re.compile(r"[(«\"“‘€]*" + _NUMBER + r"[)»\"”’%€*]*")
UNITS = frozenset({"€", "M€", "Mln€", "Mln", "mln", "k€", "%"})
CURRENCIES = frozenset({"€"})


def _number(token: str) -> bool:
    """Whether a token is one whole number with its brackets and signs, brackets balanced."""
    return (
        _AFFIXED_NUMBER.fullmatch(token) is not None
        and token.count("(") == token.count(")")
        and token.count("«") == token.count("»")
    )


# Lines of one paragraph are at most this fraction of a line's height apart (they usually
# overlap: the leading is smaller than pdftotext's box); table rows and separate paragraphs
# are further apart.
PARAGRAPH_GAP = 0.35


@functools.lru_cache(maxsize=64)
def _links_below(page: Page) -> tuple[int | None, ...]:
    """For each line of the page (by index), the index of its ``line_below`` or None."""
    return tuple(_index_below(page.lines, line) for line in page.lines)


def _index_below(lines: Sequence[Line], line: Line) -> int | None:
    """The index of ``line``'s ``line_below`` among ``lines``, or None."""
    ink = line.box.ink()
    reach = line.box.y1 + PARAGRAPH_GAP * line.box.height
    candidates = [
        k
        for k, other in enumerate(lines)
        if other.box.ink().y0 >= ink.y1 - 0.5
        and other.box.y0 < reach
        and other.box.overlap(line.box)[0] > 0
    ]
    return min(candidates, key=lambda k: (lines[k].box.y0, lines[k].box.x0), default=None)


def line_below(page: Page, line: Line) -> Line | None:
    """The next line of the same paragraph: the nearest line under ``line``, side by side
    with it, less than ``PARAGRAPH_GAP`` of its height below it."""
    k = _links_below(page)[page.lines.index(line)]
    return None if k is None else page.lines[k]


def consecutive_lines(page: Page) -> Iterator[tuple[Line, Line]]:
    """Pairs of lines a reader may read one after the other: a line and its ``line_below``;
    and the last line of a column with the first line of the next column (a paragraph going
    on in the next column of a box, see ``_next_column_start``)."""
    below = _links_below(page)
    continued = {k for k in below if k is not None}
    for k, line in enumerate(page.lines):
        if below[k] is not None:
            yield line, page.lines[below[k]]
        elif k in continued:
            following = _next_column_start(page, line, below, continued)
            if following is not None:
                yield line, following


def _column_end(page: Page, line: Line, step: int) -> Line:
    """The last line of ``line``'s column going up (step -1) or down (step 1): lines with
    the same left edge, each less than a line's height from the previous one."""
    end = line
    while True:
        if step < 0:
            gaps = [(end.box.y0 - o.box.y1, o) for o in page.lines if o.box.y1 <= end.box.ink().y0]
        else:
            gaps = [(o.box.y0 - end.box.y1, o) for o in page.lines if o.box.y0 >= end.box.ink().y1]
        near = [
            (gap, o)
            for gap, o in gaps
            if abs(o.box.x0 - end.box.x0) < 2.0 and gap < max(end.box.height, o.box.height)
        ]
        if not near:
            return end
        end = min(near, key=lambda item: item[0])[1]


def _next_column_start(
    page: Page, end: Line, below: Sequence[int | None], continued: set[int]
) -> Line | None:
    """Where the paragraph ending at ``end`` (a line that follows another) goes on when
    ``end`` is the bottom of its column: the first line of a paragraph of two lines or more
    that starts at the height of the top of ``end``'s column, to the right of ``end``'s
    middle; the nearest such column."""
    if _column_end(page, end, 1) is not end:
        return None
    top = _column_end(page, end, -1)
    candidates = [
        line
        for k, line in enumerate(page.lines)
        if k not in continued
        and below[k] is not None
        and line.box.x0 >= end.box.x0 + end.box.width / 2
        and abs(line.box.y0 - top.box.y0) <= top.box.height / 2
    ]
    return min(candidates, key=lambda line: line.box.x0, default=None)


def split_numbers(pages: Iterable[Page], units: frozenset[str] = UNITS) -> list[Finding]:
    """Numbers broken where one line ends and the next begins (``consecutive_lines``).

    ``split_number``: the last word of a line and the first of the next together form one
    Italian number, date or act number (with its brackets and signs), and one of them alone
    is not one: "12.90" + "7", "1.010," + "5", "187.455.32" + "0,50", "30.09." + "2021",
    "5112/" + "2021", "(50,4%" + ")". A break between two whole numbers ("1" + "2.907")
    cannot be told from two numbers in a row and is not reported.
    ``split_amount``: a number and its unit (``units``) on two lines ("970,4" + "M€",
    "€" + "10.705.500").
    """
    findings = []
    for page in pages:
        for upper, lower in consecutive_lines(page):
            finding = _split_number(page.number, upper, lower, units)
            if finding is not None:
                findings.append(finding)
    return findings


def _split_number(number: int, upper: Line, lower: Line, units: frozenset[str]) -> Finding | None:
    """A finding when ``upper`` ends and ``lower`` begins inside one number or amount."""
    if not upper.words or not lower.words:
        return None
    end, start = upper.words[-1].text, lower.words[0].text
    boxes = (upper.words[-1].box, lower.words[0].box)
    text = f"{end} | {start}"
    # a currency sign followed by a number on its own line is that number's prefix
    # ("€ 38.120.500" under "41.250.000"), not the unit of the number above
    if start in CURRENCIES and len(lower.words) > 1 and _number(lower.words[1].text):
        return None
    if (_number(end) and start in units) or (end in CURRENCIES and _number(start)):
        return Finding("split_amount", number, text, boxes, "importo separato dalla sua unità")
    if _number(end + start) and not (_number(end) and _number(start)):
        return Finding("split_number", number, text, boxes, "numero spezzato su due righe")
    return None


def split_words(pages: Iterable[Page], vocabulary: Iterable[str]) -> list[Finding]:
    """Words broken between two lines ("ATEC" + "O", "Impres" + "e"): the two pieces joined
    are a word of the document's ``vocabulary`` (its texts split at white space) and one
    piece alone is not. A break after a hyphen ("COVID-" + "19") is an ordinary break;
    numbers are ``split_numbers``'s."""
    known = frozenset(vocabulary)
    findings = []
    for page in pages:
        for upper, lower in consecutive_lines(page):
            if not upper.words or not lower.words:
                continue
            end, start = upper.words[-1].text, lower.words[0].text
            joined = end + start
            if joined not in known or (end in known and start in known):
                continue
            if end.endswith("-") or _number(joined):  # a hyphen break; a number's own check
                continue
            boxes = (upper.words[-1].box, lower.words[0].box)
            message = "parola spezzata su due righe"
            findings.append(Finding("split_word", page.number, f"{end} | {start}", boxes, message))
    return findings


def vocabulary(texts: Iterable[str]) -> set[str]:
    """The words of some texts, as pdftotext cuts them (at any white space)."""
    return {word for text in texts for word in text.replace("\xa0", " ").split()}


# --- headings at the end of a page or column ---------------------------------------------

# What a renderer may add after a heading on a continuation: "(segue)", "(1/2)".
CONTINUATION = re.compile(r"\([^()]*\)")


def _tokens(text: str) -> list[str]:
    """Words for matching: split at any white space (no-break included), case folded."""
    return text.replace("\xa0", " ").casefold().split()


@functools.lru_cache(maxsize=64)
def _line_tokens(page: Page) -> tuple[tuple[str, ...], ...]:
    """The matching words of each line of a page (``_tokens``), computed once per page."""
    return tuple(tuple(_tokens(line.text)) for line in page.lines)


def find_heading(page: Page, heading: str) -> Iterator[tuple[Line, ...]]:
    """Each run of lines, one under the other (``line_below``), that holds exactly the
    heading's words, possibly followed by a ``CONTINUATION`` mark: a heading is found only
    where it fills whole lines."""
    wanted = tuple(_tokens(heading))
    if not wanted:
        return
    tokens = _line_tokens(page)
    for first in range(len(page.lines)):
        if tokens[first][:1] == wanted[:1]:
            run = _heading_run(page, first, wanted)
            if run is not None:
                yield tuple(page.lines[k] for k in run)


def _heading_run(page: Page, first: int, wanted: tuple[str, ...]) -> list[int] | None:
    """The lines (indices) from ``first`` down that hold the words ``wanted`` and nothing
    else but a continuation mark at the end, or None."""
    tokens, below = _line_tokens(page), _links_below(page)
    run: list[int] = []
    k: int | None = first
    while k is not None:
        words = tokens[k]
        run.append(k)
        if len(words) >= len(wanted):
            rest = " ".join(words[len(wanted) :])
            whole = words[: len(wanted)] == wanted and (not rest or CONTINUATION.fullmatch(rest))
            return run if whole else None
        if words != wanted[: len(words)]:
            return None
        wanted = wanted[len(words) :]
        k = below[k]
    return None


def unmatched_headings(pages: Sequence[Page], headings: Iterable[str]) -> list[str]:
    """Headings found on no page: the heading check could not look at them (a renderer may
    have reworded them), so a caller should see them."""
    return [h for h in sorted(set(headings)) if not any(any(find_heading(p, h)) for p in pages)]


def headings_at_end(
    pages: Iterable[Page],
    headings: Iterable[str],
    bands: BandsSpec = PageBands(),
    max_gap: float | None = None,
) -> list[Finding]:
    """Headings with no text after them (check ``heading_at_end``): the heading's last line
    is the last line of its page ("ultima riga della pagina") or has no line below it in its
    column, i.e. overlapping it horizontally ("ultima riga della colonna"). With ``max_gap``,
    also a heading whose next line in its column is more than ``max_gap`` times the
    heading's line height below it ("titolo staccato dal testo che segue": an empty card in
    a grid, its title followed only by the next card). Lines in the page's ``bands``
    (running header and footer, a slide's footnotes) do not count, and headings inside them
    are not checked."""
    texts = sorted(set(headings))
    findings = []
    for page in pages:
        page_bands = _bands_of(bands, page)
        body = [line for line in page.lines if not page_bands.holds(page, line)]
        for heading in texts:
            for run in find_heading(page, heading):
                if page_bands.holds(page, run[-1]):
                    continue
                message = _ending(run[-1], body, max_gap)
                if message is not None:
                    boxes = tuple(line.box for line in run)
                    findings.append(Finding("heading_at_end", page.number, heading, boxes, message))
    return findings


def _ending(last: Line, body: Sequence[Line], max_gap: float | None) -> str | None:
    """Why a heading whose last line is ``last`` ends its page or column (or stands too far
    above what follows it); None when text follows it."""
    below = [line for line in body if line.box.ink().y0 >= last.box.ink().y1]
    if not below:
        return "titolo come ultima riga della pagina"
    column = [line for line in below if line.box.overlap(last.box)[0] > 0]
    if not column:
        return "titolo come ultima riga della colonna"
    gap = min(line.box.y0 for line in column) - last.box.y1
    if max_gap is not None and gap > max_gap * last.box.height:
        return "titolo staccato dal testo che segue"
    return None


# --- shapes: only a heading, text outside every shape ------------------------------------


@dataclass(frozen=True)
class ShapeText:
    """A shape on a page (or slide), its box and its text (paragraphs separated by newlines;
    empty for a picture, a chart, a line). ``placeholder`` names a placeholder's type
    ("TITLE", "BODY", ...) and ``kind`` the shape's, so callers can leave some out."""

    page: int
    box: Box
    text: str
    name: str = ""
    placeholder: str | None = None
    kind: str | None = None  # python-pptx's shape type: "AUTO_SHAPE", "TEXT_BOX", ...


def shapes_with_only_a_heading(
    shapes: Iterable[ShapeText], headings: Iterable[str]
) -> list[Finding]:
    """Shapes whose text is headings only: every non-empty paragraph is a heading, or the
    whole text is one (a card with its title and subtitle and nothing under them). The
    caller leaves out the shapes meant to hold only a title, such as title placeholders."""
    known = {" ".join(_tokens(h)) for h in headings}
    findings = []
    for shape in shapes:
        if _only_headings(shape.text, known):
            text = re.sub(r"[\n\v]", " | ", shape.text)
            message = "riquadro con il solo titolo" + (f" ({shape.name})" if shape.name else "")
            findings.append(Finding("heading_alone", shape.page, text, (shape.box,), message))
    return findings


def _only_headings(text: str, known: set[str]) -> bool:
    """Whether a shape's text (paragraphs split at newlines) holds nothing but headings."""
    paragraphs = [" ".join(_tokens(p)) for p in re.split(r"[\n\v]", text)]
    paragraphs = [p for p in paragraphs if p]
    whole = " ".join(paragraphs)
    return bool(paragraphs) and (whole in known or all(p in known for p in paragraphs))


def text_outside_shapes(
    pages: Iterable[Page], shapes: Iterable[ShapeText], tolerance: float = 2.0
) -> list[Finding]:
    """Lines of a slide that lie in no shape of it (by more than ``tolerance`` points): text
    that overflowed its box, a label that left its chevron. For decks, where every text
    belongs to a shape; ``shapes`` must include pictures, charts and tables."""
    by_page: dict[int, list[Box]] = {}
    for shape in shapes:
        by_page.setdefault(shape.page, []).append(shape.box)
    findings = []
    for page in pages:
        boxes = by_page.get(page.number, [])
        for line in page.lines:
            ink = line.box.ink()
            if not any(_inside(ink, box, tolerance) for box in boxes):
                message = "testo fuori da ogni forma"
                findings.append(
                    Finding("outside_shape", page.number, line.text, (line.box,), message)
                )
    return findings


def _inside(inner: Box, outer: Box, tolerance: float) -> bool:
    """Whether ``inner`` lies in ``outer`` grown by ``tolerance`` on every side."""
    return (
        inner.x0 >= outer.x0 - tolerance
        and inner.y0 >= outer.y0 - tolerance
        and inner.x1 <= outer.x1 + tolerance
        and inner.y1 <= outer.y1 + tolerance
    )


EMU_PER_POINT = 12700


def deck_shapes(pptx: Path) -> list[ShapeText]:
    """Every shape drawn on each slide of a .pptx, slide by slide, with its box in points:
    the slide's own shapes (group members one by one) and the layout's and master's shapes
    that are not placeholders (they are drawn on the slide too)."""
    from pptx import Presentation  # python-pptx, needed only for decks

    shapes = []
    for number, slide in enumerate(Presentation(str(pptx)).slides, start=1):
        layout = slide.slide_layout
        inherited = [
            s for s in (*layout.slide_master.shapes, *layout.shapes) if not s.is_placeholder
        ]
        for shape in _flatten([*inherited, *slide.shapes]):
            shapes.append(_shape_text(number, shape))
    return shapes


def _shape_text(number: int, shape: Any) -> ShapeText:  # python-pptx shapes are untyped
    """One python-pptx shape as a ShapeText."""
    left, top = shape.left or 0, shape.top or 0
    right, bottom = left + (shape.width or 0), top + (shape.height or 0)
    box = Box(*(v / EMU_PER_POINT for v in (left, top, right, bottom)))
    text = shape.text_frame.text if shape.has_text_frame else ""
    placeholder = shape.placeholder_format.type.name if shape.is_placeholder else None
    kind = shape.shape_type.name if shape.shape_type is not None else None
    return ShapeText(number, box, text, shape.name, placeholder, kind)


def _flatten(shapes: Iterable[Any]) -> Iterator[Any]:
    """Shapes, with group shapes replaced by their members (whose offsets python-pptx
    writes in the slide's coordinates)."""
    for shape in shapes:
        if getattr(shape, "shape_type", None) is not None and shape.shape_type.name == "GROUP":
            yield from _flatten(shape.shapes)
        else:
            yield shape


def deck_vocabulary(pptx: Path) -> set[str]:
    """The words of a .pptx's slides and charts (texts, table cells, chart categories and
    series names), for ``split_words``."""
    texts = []
    with zipfile.ZipFile(pptx) as archive:
        for name in archive.namelist():
            if re.fullmatch(r"ppt/(slides|charts)/[^/]+\.xml", name):
                xml = archive.read(name).decode("utf-8")
                texts += [html.unescape(t) for t in re.findall(r"<(?:a:t|c:v)>([^<]*)<", xml)]
    return vocabulary(texts)


# --- everything on one PDF or deck ------------------------------------------------------


def check_pages(
    pages: Sequence[Page],
    headings: Iterable[str] = (),
    bands: BandsSpec = PageBands(),
    words: Iterable[str] = (),
    max_gap: float | None = None,
) -> list[Finding]:
    """Every check that needs only the pages: text outside the page, overlapping lines,
    split numbers, split words (when the document's ``words`` are given), headings at the
    end of a page or column (or, with ``max_gap``, far above what follows them)."""
    return [
        *text_outside_page(pages),
        *overlapping_lines(pages),
        *split_numbers(pages),
        *split_words(pages, words),
        *headings_at_end(pages, headings, bands, max_gap),
    ]


def check_pdf(
    pdf: Path,
    headings: Iterable[str] = (),
    bands: BandsSpec = PageBands(),
    words: Iterable[str] = (),
    max_gap: float | None = None,
) -> list[Finding]:
    """Read ``pdf`` and run ``check_pages`` on it."""
    return check_pages(read_pages(pdf), headings, bands, words, max_gap)


TITLE_PLACEHOLDERS = frozenset({"TITLE", "CENTER_TITLE", "SUBTITLE"})


def holds_a_title(shape: ShapeText) -> bool:
    """Shapes meant to hold a title alone: title placeholders and plain text boxes."""
    return shape.placeholder in TITLE_PLACEHOLDERS or shape.kind == "TEXT_BOX"


def check_deck(
    pdf: Path,
    pptx: Path,
    headings: Iterable[str] = (),
    bands: BandsSpec = PageBands(),
    exempt: Callable[[ShapeText], bool] = holds_a_title,
    max_gap: float | None = None,
) -> list[Finding]:
    """All checks on a deck rendered to ``pdf`` (one page per slide): ``check_pages`` with
    the deck's words, text outside every shape, and shapes holding only a heading (except
    the ``exempt`` ones)."""
    pages = read_pages(pdf)
    slides = slide_count(pptx)
    if len(pages) != slides:
        raise ValueError(f"{pdf} ha {len(pages)} pagine, {pptx} ha {slides} diapositive")
    heading_list = list(headings)
    shapes = deck_shapes(pptx)
    return [
        *check_pages(pages, heading_list, bands, deck_vocabulary(pptx), max_gap),
        *text_outside_shapes(pages, shapes),
        *shapes_with_only_a_heading([s for s in shapes if not exempt(s)], heading_list),
    ]


def slide_count(pptx: Path) -> int:
    """How many slides a .pptx lists (hidden ones included)."""
    with zipfile.ZipFile(pptx) as archive:
        presentation = archive.read("ppt/presentation.xml").decode("utf-8")
    return len(re.findall(r"<p:sldId\b", presentation))


def front_end() -> ModuleType:
    """``scripts/check_layout.py``, the checker's front end for whole decks and bulletins
    (imported once; tests call it as people run it)."""
    if "check_layout" not in sys.modules:
        script = Path(__file__).resolve().parents[1] / "scripts" / "check_layout.py"
        spec = importlib.util.spec_from_file_location("check_layout", script)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["check_layout"] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules["check_layout"]
