"""The exceptions porreport raises. Messages are in Italian: they are read by the people
who edit the data, not by programmers.

Everything an input puts into a message (a field name, a value, a file name) may be hostile:
control characters are shown escaped (``\\x1b``), each part is cut to a bounded length and a
message lists at most ``MAX_PROBLEMS_SHOWN`` problems, so that no message is longer than
``MAX_MESSAGE_BYTES`` (docs/limits.md, "Messages").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

MAX_PROBLEMS_SHOWN = 50  # then "… e altri N errori"
MAX_PART_CHARS = 300  # a field path, a value or a location in a message
MAX_SOURCE_CHARS = 1000  # a file name heading a message (a path may be long)
MAX_TEXT_CHARS = 2000  # the text of one problem
MAX_MESSAGE_BYTES = 64 * 1024  # no message is longer, by construction
# The listed problems stop before this many bytes, so the heading and the closing count
# still fit under MAX_MESSAGE_BYTES.
_LIST_BYTES = 56 * 1024

# C0 controls, DEL and C1 controls: what a terminal may interpret (colours, cursor moves,
# a bell, a title).
_CONTROLS = "\\x00-\\x1f\\x7f-\\x9f"
LAYOUT = "\t\n"


@cache
def _controls(keep: str) -> re.Pattern[str]:
    return re.compile(f"(?![{re.escape(keep)}])[{_CONTROLS}]" if keep else f"[{_CONTROLS}]")


def _escaped(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def escape_controls(text: str, keep: str = LAYOUT) -> str:
    """``text`` with every control character but those in ``keep`` (tab and newline: layout)
    shown as ``\\xNN``: ESC [31m becomes '\\x1b[31m'. A part of a message taken from an
    input (a field name, a value) keeps none, so that it cannot fake a line of its own."""
    return _controls(keep).sub(_escaped, text)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with '…' when it was longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(text: str, limit: int = MAX_PART_CHARS) -> str:
    """A part of a message taken from an input: cut, then with its controls escaped (so it
    is at most four times ``limit`` characters, all of them printable)."""
    return escape_controls(clip(text, limit), keep="")


def _thousands(n: int) -> str:
    """1234 -> '1.234' (the base modules do not depend on each other: no Babel here)."""
    return f"{n:,}".replace(",", ".")


@dataclass(frozen=True)
class Problem:
    """One mistake (or warning) in a report: where it is, what was found, what was expected."""

    path: str
    message: str
    value: str | None = None
    location: str | None = None  # "riga 12" or "dimensioni.csv, riga 4"

    def __str__(self) -> str:
        text = escape_controls(clip(self.message, MAX_TEXT_CHARS))
        found = f" (valore trovato: {shown(self.value)})" if self.value is not None else ""
        if not self.path and not self.location:
            return f"{text}{found}"
        where = shown(self.path) if self.path else "(documento)"
        if self.location:
            where = f"{where} ({shown(self.location)})"
        return f"{where}: {text}{found}"


def problem_lines(problems: Sequence[Problem], prefix: str, *, warnings: bool = False) -> list[str]:
    """One line per problem, ``prefix`` first, at most ``MAX_PROBLEMS_SHOWN`` of them and
    fewer than ``_LIST_BYTES`` bytes in all; then '… e altri 99.950 errori' (or 'avvisi')
    for the ones left out."""
    lines: list[str] = []
    size = 0
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        line = f"{prefix}{problem}"
        size += len(line.encode()) + 1
        if size > _LIST_BYTES:
            break
        lines.append(line)
    rest = len(problems) - len(lines)
    if rest:
        lines.append(f"{' ' * (len(prefix) - len(prefix.lstrip()))}{_more(rest, warnings)}")
    return lines


def _more(rest: int, warnings: bool) -> str:
    if rest == 1:
        return "… e un altro avviso" if warnings else "… e un altro errore"
    return f"… e altri {_thousands(rest)} {'avvisi' if warnings else 'errori'}"


class PorreportError(Exception):
    """Base class of every error porreport raises on purpose."""


class InputError(PorreportError):
    """The report (or a file it refers to) cannot be used. Carries one or more problems."""

    def __init__(self, problems: list[Problem] | Problem | str, source: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem(path="", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        self.source = source
        super().__init__(self.render())

    def render(self) -> str:
        """The problems, one per line, headed by the file name when known; at most
        ``MAX_PROBLEMS_SHOWN`` of them, then how many more there are."""
        source = shown(self.source, MAX_SOURCE_CHARS) if self.source is not None else None
        if len(self.problems) == 1 and not self.problems[0].path:
            text = escape_controls(clip(self.problems[0].message, MAX_TEXT_CHARS))
            return f"{source}: {text}" if source else text
        head = f"Errori nel file {source}:" if source else "Errori nei dati:"
        return "\n".join([head, *problem_lines(self.problems, "  - ")])


class TemplateError(PorreportError):
    """The deck template lacks something the renderer needs (a layout, a placeholder)."""


class RenderError(PorreportError):
    """A document could not be produced from valid data (e.g. a character the font lacks)."""
