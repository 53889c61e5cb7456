"""Faster equivalents of ReportLab's pure-Python hot spots, each giving the same bytes.

ReportLab ships C versions of a few helpers in the optional ``rl_accel`` package; without
it, formatting numbers (``fp_str``: every coordinate, colour and translation of a page),
escaping text strings, measuring words and splitting a line of text into the font's subsets
run character by character in Python. The bulletin draws thousands of lines and
translations, so these are a large share of a render:

- :func:`fp_str` formats each distinct number once (a bounded memo of ReportLab's own
  function), installed in ReportLab's modules for the duration of a build only
  (:func:`fast_numbers`);
- :func:`escape_pdf` escapes a string of ASCII bytes that needs no escaping in one step;
- :class:`BulletinFont` measures each distinct word once and splits a line whose every
  character already has its code in the first subset without the per-character loop;
- :class:`MemoFlate` compresses each distinct large stream once (the font subsets and pages
  of a bulletin rendered again, in a worker that renders many), installed for a build only
  (:func:`fast_compression`).

``tests/test_speed_pdf.py`` compares each with ReportLab's plain way.
"""

from __future__ import annotations

import re
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from operator import itemgetter

from reportlab.lib import rl_accel
from reportlab.lib.utils import isSeq
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

MEMO_LIMIT = 50_000  # entries per memo: cleared when full (a report has a few thousand)

# ReportLab's modules that bound ``fp_str`` at import and format while the bulletin builds.
_FP_STR_MODULES = (
    "reportlab.graphics.renderPDF",
    "reportlab.graphics.shapes",
    "reportlab.lib.colors",
    "reportlab.pdfbase.pdfdoc",
    "reportlab.pdfbase.ttfonts",
    "reportlab.pdfgen.canvas",
    "reportlab.pdfgen.pathobject",
    "reportlab.pdfgen.textobject",
    "reportlab.platypus.flowables",
    "reportlab.platypus.tables",
)

plain_fp_str = rl_accel.fp_str
_numbers: dict[object, str] = {}


def fp_str(*values: object) -> str:
    """ReportLab's ``fp_str`` (numbers as short PDF text, space-separated; one sequence
    argument stands for its items), each distinct number formatted once.

    Equal numbers format alike (the text depends on the value only: ``1``, ``1.0`` and
    ``True`` all give ``1``), so the memo is keyed on the number itself.
    """
    if len(values) == 1 and isSeq(values[0]):
        values = values[0]  # type: ignore[assignment]
    memo = _numbers
    try:
        return " ".join([memo[v] for v in values])
    except (KeyError, TypeError):
        pass
    if len(memo) > MEMO_LIMIT:
        memo.clear()
    out = []
    for v in values:
        try:
            text = memo[v]
        except (KeyError, TypeError):  # a new number, or an unhashable one
            text = plain_fp_str(v)
            with suppress(TypeError):
                memo[v] = text
        out.append(text)
    return " ".join(out)


@contextmanager
def fast_numbers() -> Iterator[None]:
    """:func:`fp_str` in place of ReportLab's while the block runs (ReportLab reads the
    name from each module's globals; restored after, as ``render._binary_streams`` does
    with its setting: the batch renders in processes, not threads)."""
    # only the modules already loaded: this imports nothing (a module loaded during the
    # build formats with ReportLab's own function, to the same text)
    modules = [sys.modules[name] for name in _FP_STR_MODULES if name in sys.modules]
    saved = [vars(m).get("fp_str") for m in modules]
    for module in modules:
        module.fp_str = fp_str  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module, original in zip(modules, saved, strict=True):
            module.fp_str = original  # type: ignore[attr-defined]


MEMO_MIN_BYTES = 2048  # smaller streams compress faster than they hash and store
MEMO_MAX_BYTES = 16 * 1024 * 1024  # raw content remembered, in all


class MemoFlate(pdfdoc.PDFStreamFilterZCompress):
    """ReportLab's Flate filter (same name, same ``zlib.compress``), each distinct content
    of at least MEMO_MIN_BYTES compressed once; the memo holds at most MEMO_MAX_BYTES of
    content and starts again when full."""

    def __init__(self) -> None:
        self.memo: dict[bytes, bytes] = {}
        self.memo_bytes = 0

    def encode(self, text: bytes | str) -> bytes:
        """The content compressed, as ``PDFStreamFilterZCompress.encode`` does it."""
        data = text.encode("utf8") if isinstance(text, str) else text
        if len(data) < MEMO_MIN_BYTES:
            return zlib.compress(data)
        out = self.memo.get(data)
        if out is None:
            out = zlib.compress(data)
            if self.memo_bytes + len(data) > MEMO_MAX_BYTES:
                self.memo.clear()
                self.memo_bytes = 0
            self.memo[data] = out
            self.memo_bytes += len(data)
        return out


_MEMO_FLATE = MemoFlate()


@contextmanager
def fast_compression() -> Iterator[None]:
    """:class:`MemoFlate` as ReportLab's stream filter while the block runs (ReportLab
    reads ``pdfdoc.PDFZCompress`` when it makes each stream); restored after."""
    saved = pdfdoc.PDFZCompress
    pdfdoc.PDFZCompress = _MEMO_FLATE
    try:
        yield
    finally:
        pdfdoc.PDFZCompress = saved


# Bytes a PDF string holds as they are: printable ASCII but the backslash and parentheses.
_NEEDS_ESCAPE = re.compile(rb"[^\x20-\x27\x2a-\x5b\x5d-\x7e]")
plain_escape_pdf = rl_accel.escapePDF


def escape_pdf(value: bytes | str) -> str:
    """ReportLab's ``escapePDF``: bytes with nothing to escape are decoded in one step."""
    if isinstance(value, bytes) and _NEEDS_ESCAPE.search(value) is None:
        return value.decode("ascii")
    escaped: str = plain_escape_pdf(value)
    return escaped


_STATE_NAMES: tuple[str, ...] = tuple(Canvas.STATE_ATTRIBUTES)
_state_of = itemgetter(*_STATE_NAMES)


class FastCanvas(Canvas):
    """A Canvas that escapes text strings with :func:`escape_pdf` and saves its graphics
    state (every ``saveState``: each flowable drawn saves and restores it) in one step."""

    def _escape(self, s: bytes | str) -> str:
        """A text string's bytes escaped for the page (ReportLab's escaping, faster)."""
        return escape_pdf(s)

    def push_state_stack(self) -> None:
        """ReportLab's ``push_state_stack``: the state attributes copied into a dict pushed
        on the stack, the extended graphics state copied."""
        self.state_stack.append(dict(zip(_STATE_NAMES, _state_of(self.__dict__), strict=True)))
        self._extgstate = self._extgstate.pushCopy()  # type: ignore[has-type]


class BulletinFont(TTFont):
    """A TrueType font that measures each distinct text once and splits lines of known
    characters quickly (same widths, same subsets and codes as ``TTFont``)."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._widths: dict[str, float | int] = {}

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:
        """The width of ``text`` at ``size`` points, as ``TTFont.stringWidth`` computes it."""
        if not isinstance(text, str):
            text = text.decode(encoding or "utf8")
        widths = self._widths
        total = widths.get(text)
        if total is None:
            get = self.face.charWidths.get
            default = self.face.defaultWidth
            total = sum(get(ord(u), default) for u in text)
            if len(widths) > MEMO_LIMIT:
                widths.clear()
            widths[text] = total
        return 0.001 * size * total

    def splitString(
        self, text: str | bytes, doc: object, encoding: str = "utf-8"
    ) -> list[tuple[int, bytes]]:
        """``TTFont.splitString``: a line whose characters all have their code in the first
        subset already is one chunk of those codes; any other goes the plain way (which
        assigns codes to new characters)."""
        state = self.state.get(doc) if isinstance(text, str) else None
        if state is not None and isinstance(text, str) and text:
            assigned = state.assignments
            try:
                return [(0, bytes([assigned[c] for c in map(ord, text.replace("\xa0", " "))]))]
            except (KeyError, ValueError):  # a new character, or a code past the first subset
                pass
        chunks: list[tuple[int, bytes]] = super().splitString(text, doc, encoding)
        return chunks
