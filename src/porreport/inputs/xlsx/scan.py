"""A streaming pass over a sheet or the shared strings of an XLSX workbook, before openpyxl.

openpyxl reads these parts with ElementTree's ``iterparse``: it clears each row (each shared
string) once parsed, but keeps every other element in memory, pads rows to the sheet's
``<dimension>`` and fills the rows a sheet skips. This pass (expat, no tree) measures what
openpyxl would do: the last row and column, the cells handed over, the elements kept; it
stops at the first limit exceeded, and at the first XML error, naming the row or the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pyexpat import ExpatError, ParserCreate, XMLParserType, errors
from typing import IO, NoReturn

from porreport.formatting import count as format_count
from porreport.formatting import megabytes
from porreport.inputs.messages import short_value
from porreport.inputs.xlsx.limits import (
    OUTSIDE_BYTES,
    ROW_BYTES,
    ROW_ELEMENTS,
    SheetLimits,
    column_name,
)

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


_DIGITS = "0123456789"
_COLUMNS: dict[str, int] = {}  # letters of a cell reference -> column, as they are met


def _column_of(ref: str) -> int:
    """The column of a cell reference ('AB12' -> 28); 0 when it is not one."""
    letters = ref.rstrip(_DIGITS)
    found = _COLUMNS.get(letters)
    if found is None:
        found = _column(letters) if _CELL_REF.fullmatch(ref) else 0
        if found:
            _COLUMNS[letters] = found
    return found


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
    name = short_value(sheet)
    parser = _parser(part)
    row_start = in_rows = 0  # where the row started; bytes of every row
    most_elements, most_other = limits.sheet_elements, limits.other_elements
    most_rows, most_columns, most_cells = limits.rows, limits.columns, limits.cells
    depth = row_depth = in_row = other = 0
    elements = spent
    row = last_row = last_column = cells = 0
    ref, after = "", 0  # the row's last cell reference, and the cells after it without one
    dimension: tuple[int, int] | None = None

    def refuse(what: str) -> NoReturn:
        raise Refused(f"il foglio {name} {what}")

    # The handlers run for every element: the common case first, the messages out of line.
    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth, row_depth, in_row, other, elements, row, last_row, ref, after
        nonlocal dimension, whole, row_start
        depth += 1
        elements += 1
        if elements > most_elements:
            before = " con quelli dei fogli precedenti" if spent else ""
            refuse(f"contiene{before} oltre {format_count(most_elements)} elementi XML")
        if row_depth:
            in_row += 1
            if in_row > ROW_ELEMENTS:
                refuse(f"ha nella riga {format_count(row)} oltre {format_count(ROW_ELEMENTS)} "
                       "elementi XML")  # fmt: skip
            if depth == row_depth + 1:  # a cell: openpyxl takes every child of a row for one
                found = attrs.get("r")
                if found:
                    ref, after = found, 0
                else:
                    after += 1
            return
        if tag == _ROW:
            number = attrs.get("r")
            row = _row_number(number) if number is not None else row + 1
            if not row or row > most_rows:
                refuse(_row_problem(number, row, most_rows))
            if row > last_row:
                last_row = row
            row_depth, in_row, ref, after = depth, 0, "", 0
            row_start = parser.CurrentByteIndex
            return
        other += 1
        if other > most_other:
            refuse(f"contiene oltre {format_count(most_other)} elementi XML fuori dalle righe")
        if tag == _DIMENSION:
            dimension = _claimed(attrs.get("ref", ""))
            if not whole:
                raise _Stop
        elif tag == _SHEET_DATA and dimension is None:
            whole = True  # openpyxl looks for the dimension through the whole sheet

    def end(tag: str) -> None:
        """At a row's end: its width is its last cell's column, as openpyxl makes it."""
        nonlocal depth, row_depth, cells, last_column, in_rows
        if depth == row_depth:
            row_depth = 0
            size = parser.CurrentByteIndex - row_start
            in_rows += size
            if size > ROW_BYTES:
                refuse(f"ha la riga {format_count(row)} di oltre {megabytes(ROW_BYTES)} di XML")
            column = (_column_of(ref) if ref else 0) + after
            if (ref and column == after) or column > most_columns:
                refuse(_cell_problem(ref, column - after, row, most_columns))
            cells += column
            if cells > most_cells:
                refuse(f"supera {format_count(most_cells)} celle")
            if column > last_column:
                last_column = column
        depth -= 1

    parser.StartElementHandler, parser.EndElementHandler = start, end
    if _parse(parser, source, part) - in_rows > OUTSIDE_BYTES:
        refuse(f"ha oltre {megabytes(OUTSIDE_BYTES)} di XML fuori dalle righe")
    return SheetExtent(last_row, last_column, cells, dimension, elements)


def _row_number(text: str) -> int:
    """A row's ``r`` as openpyxl reads it (a whole number, perhaps written '12.0'); 0 when
    it is not one."""
    try:
        value = float(text)
    except ValueError:
        return 0
    return int(value) if value.is_integer() and value >= 1 else 0


def _row_problem(number: str | None, row: int, most: int) -> str:
    if not row:
        return f"ha un numero di riga non valido: {short_value(number)}"
    return f"arriva alla riga {format_count(row)}; ammesse al massimo {format_count(most)} righe"


def _cell_problem(ref: str, column: int, row: int, most: int) -> str:
    """The last cell of a row has no valid reference (``column`` 0), or lies too far right."""
    where = f"(riga {format_count(row)})"
    if ref and not column:
        return f"ha un riferimento di cella non valido: {short_value(ref)} {where}"
    return (
        f"ha una cella oltre la colonna {column_name(most)} {where}; "
        f"ammesse al massimo {format_count(most)} colonne"
    )


def scan_strings(source: IO[bytes], part: str, limits: SheetLimits) -> int:
    """Count the shared strings of ``part`` against ``limits``; returns how many there are.

    Raises ``Refused`` in Italian.
    """
    parser = _parser(part)
    depth = string_depth = in_string = strings = other = string_start = 0

    def refuse(what: str) -> NoReturn:
        raise Refused(f"la tabella dei testi condivisi ({short_value(part)}) {what}")

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth, string_depth, in_string, strings, other, string_start
        depth += 1
        if string_depth:
            in_string += 1
            if in_string > ROW_ELEMENTS:
                refuse(f"ha un testo di oltre {format_count(ROW_ELEMENTS)} elementi XML")
        elif tag == _STRING:
            strings += 1
            if strings > limits.shared_strings:
                refuse(f"contiene oltre {format_count(limits.shared_strings)} testi")
            string_depth, in_string = depth, 0
            string_start = parser.CurrentByteIndex
        else:
            other += 1
            if other > limits.other_elements:
                refuse(f"contiene oltre {format_count(limits.other_elements)} elementi XML")

    def end(tag: str) -> None:
        nonlocal depth, string_depth
        if depth == string_depth:
            string_depth = 0
            if parser.CurrentByteIndex - string_start > ROW_BYTES:
                refuse(f"ha il testo n. {format_count(strings)} di oltre {megabytes(ROW_BYTES)}")
        depth -= 1

    parser.StartElementHandler, parser.EndElementHandler = start, end
    _parse(parser, source, part)
    return strings


def _parser(part: str) -> XMLParserType:
    """An expat parser (namespaces as 'uri local') that refuses a DTD."""
    parser = ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = lambda *_: _doctype(part)
    parser.EntityDeclHandler = lambda *_: _doctype(part)
    return parser


def _parse(parser: XMLParserType, source: IO[bytes], part: str) -> int:
    """Run ``parser`` over ``source``; returns the bytes parsed (0 when a handler stopped
    the pass early). XML errors become ``Refused``."""
    size = 0
    try:
        while chunk := source.read(_READ_BYTES):
            size += len(chunk)
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Stop:
        return 0
    except ExpatError as exc:
        raise Refused(_xml_error(part, exc)) from None
    return size


def _doctype(part: str) -> None:
    raise Refused(doctype_message(part))


def doctype_message(part: str) -> str:
    """The refusal of a part that declares a DTD (entities could expand or read files)."""
    return (
        f"la parte {short_value(part)} contiene una dichiarazione DOCTYPE (DTD), "
        "non ammessa in un file XLSX"
    )


def _xml_error(part: str, exc: ExpatError) -> str:
    return unreadable_part(part, exc.code, exc.lineno, exc.offset)


def unreadable_part(part: str, code: int, line: int, offset: int) -> str:
    """The refusal of a part expat cannot parse: truncated or not XML, and where (``code``
    is expat's error code, ``offset`` its column counted from 0)."""
    where = f"riga {format_count(line)}, colonna {format_count(offset + 1)}"
    what = "il file è troncato" if code in _TRUNCATED else "XML non valido"
    return f"la parte {short_value(part)} non si legge ({what}: {where})"
