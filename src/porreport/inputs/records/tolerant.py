"""The tolerant reading of a records CSV, for the files pyarrow's streaming reader gives up
on: short rows (pandas pads them), a UTF-8 header over Windows-1252 rows (Excel's "CSV
(delimitato)"), an error to name by its line.

pandas' C parser holds a whole row, and a chunk of rows, in memory: a first pass with
Python's csv module (streaming, a line at a time) finds the encoding that decodes the whole
file and the longest row, and refuses a row over ``MAX_FIELD_CHARS`` (the longest field the
csv module takes: a row is no longer than the limit of one of its fields) or with values past
the header's fields before pandas sees it; pandas then reads chunks of rows that keep under
``CHUNK_CHARS``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from porreport.formatting import count as format_count
from porreport.inputs.records import config
from porreport.inputs.tables import MAX_FIELD_CHARS

if TYPE_CHECKING:
    import pandas as pd

CHUNK_CHARS = 16 * 1024 * 1024  # text of the rows pandas parses at a time
_DICTIONARY = pa.dictionary(pa.int32(), pa.string())


@dataclass(frozen=True)
class CsvLayout:
    """How to parse one CSV file: its encoding and separator, and which field is which."""

    path: Path
    encoding: str
    separator: str
    names: list[str]  # a name per field of the header: c0, c1, ...
    wanted: dict[str, str]  # logical column -> field name

    def column_types(self) -> dict[str, pa.DataType]:
        """Texts; dictionary-encoded by the reader's threads but for the application ids,
        which hardly repeat (the analysis looks every other column's cells up per value)."""
        return {
            name: pa.string() if logical == "codice" else _DICTIONARY
            for logical, name in self.wanted.items()
        }

    def rename(self, table: pa.Table) -> pa.Table:
        """The wanted fields only, named by logical column, in the order of ``wanted``."""
        return table.select(list(self.wanted.values())).rename_columns(list(self.wanted))


class _RowTooLong(Exception):
    """A row runs past ``MAX_FIELD_CHARS``: raised while feeding the csv module its lines."""


def read_tolerantly(layout: CsvLayout, batch_rows: int) -> Iterator[pa.Table]:
    """The wanted fields of every row, as text, at most ``batch_rows`` rows at a time.

    Raises ``ValueError`` in Italian for a row too long or with values past the header's
    fields, a file in neither UTF-8 nor Windows-1252, or a row pandas cannot parse (naming
    the line).
    """
    encoding, longest = _measure(layout)
    chunk = max(1, min(batch_rows, CHUNK_CHARS // max(longest, 1)))
    for frame in _pandas_frames(layout, encoding, chunk):
        yield pa.table(
            {
                logical: pa.array(frame[name].tolist(), pa.string())
                for logical, name in layout.wanted.items()
            }
        )


def _measure(layout: CsvLayout) -> tuple[str, int]:
    """The encoding that decodes the whole file (the header's, else Windows-1252 after a
    UTF-8 header) and its longest row in characters."""
    try:
        return layout.encoding, _longest_row(layout, layout.encoding)
    except UnicodeDecodeError:
        if layout.encoding != "utf-8":
            raise ValueError(encoding_message(layout.path)) from None
    try:
        return "cp1252", _longest_row(layout, "cp1252")
    except UnicodeDecodeError:
        raise ValueError(encoding_message(layout.path)) from None


def _longest_row(layout: CsvLayout, encoding: str) -> int:
    """The longest row (in characters, quoted line breaks included) of the file read in
    ``encoding``; raises ``ValueError`` naming the first line of a row over
    ``MAX_FIELD_CHARS`` or with a value past the header's fields (empty fields past them, a
    separator at the end of the line, are left out), or for rows past ``MAX_RECORDS_ROWS``
    (before pandas would read them)."""
    width = len(layout.names)
    lines = chars = longest = 0
    first = 1  # the line the current row starts on
    with layout.path.open(encoding=_codec(encoding), newline="") as fh:

        def fed() -> Iterator[str]:
            nonlocal lines, chars
            while line := fh.readline(MAX_FIELD_CHARS + 1):
                lines += 1
                chars += len(line)
                if chars > MAX_FIELD_CHARS:
                    raise _RowTooLong
                yield line

        reader = csv.reader(fed(), delimiter=layout.separator)
        rows = 0
        try:
            for row in reader:
                if len(row) > width and any(value.strip() for value in row[width:]):
                    raise ValueError(_too_wide(first, width, len(row)))
                longest, chars, first = max(longest, chars), 0, lines + 1
                rows += 1
                if rows > config.MAX_RECORDS_ROWS + 1:  # the header, then the rows
                    raise ValueError(config.too_many_rows(config.MAX_RECORDS_ROWS))
        except (_RowTooLong, csv.Error):  # the csv module's only error here: a long field
            raise ValueError(
                f"riga {format_count(first)}: la riga supera {format_count(MAX_FIELD_CHARS)} "
                "caratteri, il massimo ammesso per una domanda"
            ) from None
    return longest


def _too_wide(line: int, expected: int, found: int) -> str:
    return (
        f"riga {format_count(line)}: attesi {format_count(expected)} campi come "
        f"l'intestazione, trovati {format_count(found)}"
    )


def _codec(encoding: str) -> str:
    return "utf-8-sig" if encoding == "utf-8" else encoding


def _pandas_frames(layout: CsvLayout, encoding: str, chunk: int) -> Iterator[pd.DataFrame]:
    import pandas as pd  # start-up time: only files pyarrow cannot read need it

    try:
        with pd.read_csv(
            layout.path,
            sep=layout.separator,
            header=0,
            names=layout.names,
            index_col=False,  # a row wider than the header never makes its first fields an index
            usecols=list(layout.wanted.values()),
            dtype=str,
            na_filter=False,
            encoding=_codec(encoding),
            engine="c",
            chunksize=chunk,
        ) as frames:
            yield from frames
    except UnicodeDecodeError:
        raise ValueError(encoding_message(layout.path)) from None
    except (ValueError, pd.errors.ParserError) as exc:
        raise ValueError(_parse_message(exc)) from None


def encoding_message(target: Path, line: int | None = None) -> str:
    """Italian message for a file in neither UTF-8 nor Windows-1252, naming its first line
    that is in neither (found by reading the file again: only on this error path). The
    callers name the file (``porreport monitor`` as the source, the loader as the value)."""
    if line is None:
        with target.open("rb") as fh:
            for number, raw in enumerate(fh, start=1):
                if not (_decodes(raw, "utf-8") or _decodes(raw, "cp1252")):
                    line = number
                    break
    where = f" (riga {line})" if line else ""
    return f"il file non è in UTF-8 né in Windows-1252{where}: salvarlo come CSV UTF-8"


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _parse_message(exc: Exception) -> str:
    """pandas' parser error, in Italian when known (its rows count from 0 at the header)."""
    text = _first_line(exc)
    quote = re.search(r"EOF inside string starting at row (\d+)", text)
    if quote:
        return (
            "virgolette non chiuse a partire dalla riga "
            f"{int(quote.group(1)) + 1}; ogni valore tra virgolette deve chiuderle"
        )
    fields = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
    if fields:
        expected, line, found = (int(n) for n in fields.groups())
        return _too_wide(line, expected, found)
    # pandas' other errors are English, and name no line: say what to check instead
    return (
        "il file non si legge come CSV: controllare che ogni riga abbia i campi "
        "dell'intestazione e che le virgolette siano chiuse"
    )


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else ""
