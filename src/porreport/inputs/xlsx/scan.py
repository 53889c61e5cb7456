"""A streaming pass over a sheet or the shared strings of an XLSX workbook, before openpyxl.

openpyxl reads these parts with ElementTree's ``iterparse``: it clears each row (each shared
string) once parsed, but keeps every other element in memory, pads rows to the sheet's
``<dimension>`` and fills the rows a sheet skips. This pass (expat, no tree) measures what
openpyxl would do: the last row and column, the cells handed over, the elements kept; it
stops at the first limit exceeded, and at the first XML error, naming the row or the line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pyexpat import ExpatError, ParserCreate, errors
from typing import IO, NoReturn

from porreport.formatting import count as format_count
from porreport.inputs.messages import short_value
from porreport.inputs.xlsx.limits import ROW_ELEMENTS, SheetLimits, column_name

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROW = f"{_MAIN} row"
_DIMENSION = f"{_MAIN} dimension"
_SHEET_DATA = f"{_MAIN} sheetData"
_STRING = f"{_MAIN} si"
_CELL_REF = re.compile(r"([A-Za-z]{1,3})(\d+)")
_RANGE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?")
_READ_BYTES = 1 << 20
# expat's errors that mean the part ends early: a truncated file, not a wrong one
_TRUNCATED = {
    errors.codes[name]
    for name in (
        errors.XML_ERROR_NO_ELEMENTS,
        errors.XML_ERROR_UNCLOSED_TOKEN,
        errors.XML_ERROR_PARTIAL_CHAR,
        errors.XML_ERROR_UNCLOSED_CDATA_SECTION,
    )
}


class Refused(ValueError):
    """A part over a limit, or not XML: the message says which, in Italian."""


@dataclass(frozen=True)
class SheetExtent:
    """What openpyxl would hand over of a sheet."""

    rows: int  # the last row
    columns: int  # the last column of any cell
    cells: int  # every row as wide as its last cell
    dimension: tuple[int, int] | None  # rows and columns claimed by ``<dimension>``
    elements: int  # XML elements seen, with ``spent`` of the sheets scanned before


def _column(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


class _SheetPass:
    """The handlers of a pass over a sheet: counts, and the first limit exceeded."""

    def __init__(self, limits: SheetLimits, sheet: str, whole: bool, spent: int) -> None:
        self.limits, self.sheet, self.whole = limits, short_value(sheet), whole
        self.depth = self.row_depth = 0
        self.spent, self.elements, self.other, self.in_row = spent, spent, 0, 0
        self.row = self.last_row = self.column = self.last_column = self.cells = 0
        self.dimension: tuple[int, int] | None = None
        self.done = False  # a pass that needs only the dimension has it

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        self.elements += 1
        if self.elements > self.limits.sheet_elements:
            before = " con quelli dei fogli precedenti" if self.spent else ""
            self._refuse(
                f"contiene{before} oltre {format_count(self.limits.sheet_elements)} elementi XML"
            )
        if self.row_depth:
            self.in_row += 1
            if self.in_row > ROW_ELEMENTS:
                self._refuse(
                    f"ha nella riga {format_count(self.row)} oltre "
                    f"{format_count(ROW_ELEMENTS)} elementi XML"
                )
            if self.depth == self.row_depth + 1:
                self._cell(attrs.get("r"))
            return
        if tag == _ROW:
            self._row(attrs.get("r"))
            return
        self.other += 1
        if self.other > self.limits.other_elements:
            self._refuse(
                f"contiene oltre {format_count(self.limits.other_elements)} elementi XML "
                "fuori dalle righe"
            )
        if tag == _DIMENSION:
            self.dimension = _claimed(attrs.get("ref", ""))
            self.done = not self.whole
        elif tag == _SHEET_DATA and not self.whole and self.dimension is None:
            self.whole = True  # openpyxl looks for the dimension through the whole sheet

    def end(self, tag: str) -> None:
        if self.depth == self.row_depth:
            self.row_depth = 0
            self.cells += self.column
            if self.cells > self.limits.cells:
                self._refuse(f"supera {format_count(self.limits.cells)} celle")
        self.depth -= 1

    def _row(self, number: str | None) -> None:
        if number is None:
            self.row += 1
        else:
            try:
                value = float(number)
            except ValueError:
                value = 0.5
            if not value.is_integer() or value < 1:
                self._refuse(f"ha un numero di riga non valido: {short_value(number)}")
            self.row = int(value)
        if self.row > self.limits.rows:
            self._refuse(
                f"arriva alla riga {format_count(self.row)}; "
                f"ammesse al massimo {format_count(self.limits.rows)} righe"
            )
        self.last_row = max(self.last_row, self.row)
        self.row_depth, self.in_row, self.column = self.depth, 0, 0

    def _cell(self, ref: str | None) -> None:
        if ref:
            match = _CELL_REF.fullmatch(ref)
            if not match or int(match.group(2)) < 1:
                self._refuse(
                    f"ha un riferimento di cella non valido: {short_value(ref)} "
                    f"(riga {format_count(self.row)})"
                )
            self.column = _column(match.group(1))
        else:
            self.column += 1
        if self.column > self.limits.columns:
            self._refuse(
                f"ha una cella nella colonna {column_name(self.column)} "
                f"(riga {format_count(self.row)}); ammesse al massimo "
                f"{format_count(self.limits.columns)} colonne"
            )
        self.last_column = max(self.last_column, self.column)

    def _refuse(self, what: str) -> NoReturn:
        raise Refused(f"il foglio {self.sheet} {what}")


def _claimed(ref: str) -> tuple[int, int] | None:
    """Rows and columns of a ``<dimension ref="A1:K100">`` (None when unreadable)."""
    match = _RANGE.fullmatch(ref.strip())
    if not match:
        return None
    last_column, last_row = match.group(3) or match.group(1), match.group(4) or match.group(2)
    return int(last_row), _column(last_column)


class _Stop(Exception):
    """Raised by a handler to end a pass that has seen enough."""


def scan_sheet(
    source: IO[bytes],
    part: str,
    sheet: str,
    limits: SheetLimits,
    *,
    whole: bool = True,
    spent: int = 0,
) -> SheetExtent:
    """Measure a sheet (``part`` of the workbook) against ``limits`` before openpyxl reads it.

    With ``whole=False`` the pass stops at the ``<dimension>``, as openpyxl does when it
    opens a sheet it will not read, unless the sheet has none before its rows. ``spent``
    elements of other sheets count against the same limit. Raises ``Refused`` in Italian.
    """
    state = _SheetPass(limits, sheet, whole, spent)

    def start(tag: str, attrs: dict[str, str]) -> None:
        state.start(tag, attrs)
        if state.done:
            raise _Stop

    _parse(source, part, start, state.end)
    return SheetExtent(
        state.last_row, state.last_column, state.cells, state.dimension, state.elements
    )


def scan_strings(source: IO[bytes], part: str, limits: SheetLimits) -> int:
    """Count the shared strings of ``part`` against ``limits``; returns how many there are.

    Raises ``Refused`` in Italian.
    """
    counts = {"depth": 0, "string_depth": 0, "in_string": 0, "strings": 0, "other": 0}

    def refuse(what: str) -> None:
        raise Refused(f"la tabella dei testi condivisi ({short_value(part)}) {what}")

    def start(tag: str, attrs: dict[str, str]) -> None:
        counts["depth"] += 1
        if counts["string_depth"]:
            counts["in_string"] += 1
            if counts["in_string"] > ROW_ELEMENTS:
                refuse(f"ha un testo di oltre {format_count(ROW_ELEMENTS)} elementi XML")
        elif tag == _STRING:
            counts["strings"] += 1
            if counts["strings"] > limits.shared_strings:
                refuse(f"contiene oltre {format_count(limits.shared_strings)} testi")
            counts["string_depth"], counts["in_string"] = counts["depth"], 0
        else:
            counts["other"] += 1
            if counts["other"] > limits.other_elements:
                refuse(f"contiene oltre {format_count(limits.other_elements)} elementi XML")

    def end(tag: str) -> None:
        if counts["depth"] == counts["string_depth"]:
            counts["string_depth"] = 0
        counts["depth"] -= 1

    _parse(source, part, start, end)
    return counts["strings"]


def _parse(
    source: IO[bytes],
    part: str,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
) -> None:
    """Run expat over ``source`` with the handlers; XML errors become ``Refused``."""
    parser = ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = lambda *_: _doctype(part)
    parser.EntityDeclHandler = lambda *_: _doctype(part)
    try:
        while chunk := source.read(_READ_BYTES):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Stop:
        return
    except ExpatError as exc:
        raise Refused(_xml_error(part, exc)) from None


def _doctype(part: str) -> None:
    raise Refused(doctype_message(part))


def doctype_message(part: str) -> str:
    """The refusal of a part that declares a DTD (entities could expand or read files)."""
    return (
        f"la parte {short_value(part)} contiene una dichiarazione DOCTYPE (DTD), "
        "non ammessa in un file XLSX"
    )


def _xml_error(part: str, exc: ExpatError) -> str:
    where = f"riga {format_count(exc.lineno)}, colonna {format_count(exc.offset + 1)}"
    what = "il file è troncato" if exc.code in _TRUNCATED else "XML non valido"
    return f"la parte {short_value(part)} non si legge ({what}: {where})"
