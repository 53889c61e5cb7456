"""What the command line writes: never a raw control character, on stderr or stdout, and never
a message longer than 64 KB on stderr, whatever an input put into it.

Messages escape what they quote from an input where they are made (``porreport.errors``);
``SafeStream`` is the last guard, at the one place every command writes through, for the
texts that are not a ``Problem`` (usage errors, file names in system errors, the batch's
progress lines, ``update``'s report).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TextIO

from porreport.errors import LAYOUT, MAX_MESSAGE_BYTES, Problem, escape_controls, problem_lines

_CUT = "… [messaggio troncato]"


class SafeStream(io.TextIOBase):
    """A text stream that writes to ``stream`` with control characters escaped ('\\x1b') and
    each write cut to ``MAX_MESSAGE_BYTES`` (unless ``cap`` is false: stdout carries documents
    such as ``monitor --json``, whole). On a terminal a carriage return is kept: the batch's
    progress bar redraws its line with it."""

    def __init__(self, stream: TextIO, *, cap: bool = True) -> None:
        super().__init__()
        self._stream = stream
        self._cap = cap
        self._tty = _is_tty(stream)
        self._keep = LAYOUT + "\r" if self._tty else LAYOUT

    def write(self, text: str) -> int:
        """Write ``text``, made safe; returns its length, as ``TextIO.write`` does."""
        safe = escape_controls(text, self._keep)
        self._stream.write(_capped(safe) if self._cap else safe)
        return len(text)

    def flush(self) -> None:
        """Flush the stream underneath."""
        self._stream.flush()

    def isatty(self) -> bool:
        """Whether the stream underneath is a terminal."""
        return self._tty

    def writable(self) -> bool:
        """Always: this is an output stream."""
        return True


def _is_tty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


def _capped(text: str) -> str:
    # a character is at most four bytes in UTF-8; a surrogate (from a file name that is not
    # UTF-8) is written by stderr as six ('\udcff')
    if len(text) * 6 <= MAX_MESSAGE_BYTES:
        return text
    data = text.encode("utf-8", "backslashreplace")
    if len(data) <= MAX_MESSAGE_BYTES:
        return text
    room = MAX_MESSAGE_BYTES - len(_CUT.encode()) - 1
    return data[:room].decode("utf-8", "ignore") + _CUT + ("\n" if text.endswith("\n") else "")


def print_warnings(warnings: Sequence[Problem], err: TextIO) -> None:
    """The warnings of a report, one line each, at most ``MAX_PROBLEMS_SHOWN`` of them."""
    if warnings:
        print("\n".join(problem_lines(warnings, "Avviso: ", warnings=True)), file=err)
