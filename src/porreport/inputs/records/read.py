"""Read a records file: only the needed columns, as text, named by logical column, in batches.

CSV exports come in UTF-8 or Windows-1252, separated by ``;``, ``,``, tabs or ``|``: the
first line tells which. pyarrow's streaming reader parses them a block at a time on several
threads, so memory does not grow with the file. When it gives up (a short row, a byte the
encoding does not have), pandas' parser reads the whole file instead: it pads short rows,
names the faulty line and reads Excel's Windows-1252 rows after a UTF-8 header. XLSX sheets
are read as stored values. Every refusal is a ``ValueError`` with an Italian message.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import pyarrow as pa
import pyarrow.csv as pacsv

from porreport.inputs.records.ahead import ahead
from porreport.inputs.records.config import (
    COLUMNS,
    DEFAULT_CONFIG,
    MAX_RECORDS_BYTES,
    REQUIRED,
    RecordsConfig,
)
from porreport.inputs.tables import xlsx_sheet
from porreport.model.reference import lookup_key

if TYPE_CHECKING:
    import pandas as pd

# pyarrow's streaming reader keeps up to 32 blocks read ahead: 256 KiB blocks bound that to
# 8 MiB whatever the file's size (a million rows are about 400 blocks).
BLOCK_BYTES = 1 << 18
# Rows handed to the analysis at a time: blocks are joined up to this many rows, so the work
# per batch outweighs its fixed cost (about 30 batches for a million rows), and the arrays
# of a batch stay under a MiB each.
BATCH_ROWS = 1 << 15
# Blocks decoded ahead by a thread while a batch is analysed: about two batches' worth.
AHEAD_BLOCKS = 32

Batch: TypeAlias = pa.Table  # one text column per logical column present, named by it
_DICTIONARY = pa.dictionary(pa.int32(), pa.string())


class StreamStopped(Exception):
    """pyarrow's streaming reader stopped part-way: read the file again with pandas."""


@dataclass(frozen=True)
class RecordsFile:
    """A records file whose header was read: where each logical column is, and how to read
    its rows, in order, ``BATCH_ROWS`` or so at a time."""

    path: Path
    headers: dict[str, str]  # logical column -> the file's header for it
    batches: Callable[[], Iterator[Batch]]  # may raise StreamStopped part-way
    batches_again: Callable[[], Iterator[Batch]]  # after StreamStopped: names the faulty line


@contextlib.contextmanager
def returning_memory() -> Iterator[None]:
    """pyarrow allocates from its jemalloc pool inside the block, where pyarrow has one.

    mimalloc, pyarrow's default pool, keeps the pages freed by the reader's threads; jemalloc
    hands them back, so a million rows peak about 30 MB lower, in the same time.
    """
    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:  # pyarrow built without it (its Windows and macOS wheels)
        yield
        return
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


def open_records(target: Path, config: RecordsConfig = DEFAULT_CONFIG) -> RecordsFile:
    """Check a records file and its header. Of a CSV file nothing more is read yet; a sheet
    (small beside CSV exports) is read whole.

    Raises ``ValueError`` with an Italian message when the file cannot be used.
    """
    if not target.is_file():
        raise ValueError(f"file dei registri non trovato: {target}")
    size = target.stat().st_size
    if size > MAX_RECORDS_BYTES:
        raise ValueError(
            f"file troppo grande ({size} byte); atteso al massimo {MAX_RECORDS_BYTES} byte"
        )
    suffix = target.suffix.lower()
    if suffix == ".xlsx":
        headers, table = _read_xlsx(target, config.colonne, config.foglio)

        def rows() -> Iterator[Batch]:
            return _slices(table)

        return RecordsFile(target, headers, rows, rows)
    if suffix in (".csv", ".txt"):
        return _open_csv(target, config.colonne)
    raise ValueError(f"formato non supportato: '{suffix}'. Formati ammessi: .csv, .xlsx")


def _match_columns(header: list[str], overrides: Mapping[str, str]) -> dict[str, str]:
    """Logical column -> the file's header for it. Raises ValueError naming what is missing."""
    by_key: dict[str, str] = {}
    for name in header:
        by_key.setdefault(lookup_key(name), name)
    found: dict[str, str] = {}
    for logical, aliases in COLUMNS.items():
        wanted = (overrides[logical],) if logical in overrides else aliases
        for alias in wanted:
            if lookup_key(alias) in by_key:
                found[logical] = by_key[lookup_key(alias)]
                break
        else:
            if logical in overrides:
                raise ValueError(
                    f"colonna '{overrides[logical]}' (indicata per '{logical}') non trovata; "
                    f"colonne presenti: {', '.join(header)}"
                )
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        expected = "; ".join(f"'{c}' (ad esempio '{COLUMNS[c][0]}')" for c in missing)
        raise ValueError(
            f"mancano le colonne {expected}; colonne presenti: {', '.join(header) or '(nessuna)'}. "
            "Indicare le intestazioni del file con 'colonne:'"
        )
    return found


def _sniff(target: Path) -> tuple[str, str, list[str]]:
    """Encoding, separator and header of a CSV file, from its first line."""
    with target.open("rb") as fh:
        first = fh.readline(1_000_000)
    if b"\x00" in first:
        raise ValueError("il file è binario, non un CSV: atteso un testo con una riga per domanda")
    encoding = "utf-8"
    try:
        line = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            encoding, line = "cp1252", first.decode("cp1252")
        except UnicodeDecodeError:
            raise ValueError(_encoding_message(target, 1)) from None
    line = line.rstrip("\r\n")
    if not line.strip():
        raise ValueError("il file è vuoto: attesa una riga di intestazione e i dati")
    separator = max((";", ",", "\t", "|"), key=line.count)
    header = next(csv.reader([line], delimiter=separator))
    return encoding, separator, [h.strip() for h in header]


@dataclass(frozen=True)
class _CsvLayout:
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

    def rename(self, table: pa.Table) -> Batch:
        """The wanted fields only, named by logical column, in the order of ``wanted``."""
        return table.select(list(self.wanted.values())).rename_columns(list(self.wanted))


def _open_csv(target: Path, overrides: Mapping[str, str]) -> RecordsFile:
    encoding, separator, header = _sniff(target)
    columns = _match_columns(header, overrides)
    names = [f"c{i}" for i in range(len(header))]
    wanted = {logical: names[header.index(h)] for logical, h in columns.items()}
    layout = _CsvLayout(target, encoding, separator, names, wanted)
    return RecordsFile(
        target, columns, lambda: _stream_with_pyarrow(layout), lambda: _read_with_pandas(layout)
    )


def _stream_with_pyarrow(layout: _CsvLayout) -> Iterator[Batch]:
    """Only the wanted fields, as text (empty cells stay ''), ``BATCH_ROWS`` at a time.

    Raises ``StreamStopped`` when pyarrow cannot go on (a short row, a decoding error).
    """
    fields = list(layout.wanted.values())
    try:
        reader = pacsv.open_csv(
            layout.path,
            read_options=pacsv.ReadOptions(
                column_names=layout.names,
                skip_rows=1,
                encoding=layout.encoding.replace("utf-8", "utf8"),
                block_size=BLOCK_BYTES,
            ),
            parse_options=pacsv.ParseOptions(delimiter=layout.separator, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                include_columns=fields,
                column_types=layout.column_types(),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
        pending: list[pa.RecordBatch] = []
        count, given = 0, False
        for block in ahead(iter(reader), AHEAD_BLOCKS):
            pending.append(block)
            count += block.num_rows
            if count >= BATCH_ROWS:
                yield layout.rename(pa.Table.from_batches(pending).combine_chunks())
                pending, count, given = [], 0, True
        if pending or not given:  # a file of only a header still gives its (empty) columns
            yield layout.rename(pa.Table.from_batches(pending, reader.schema).combine_chunks())
    except ValueError as exc:  # pa.ArrowInvalid, or a UnicodeDecodeError while transcoding
        raise StreamStopped(str(exc)) from None


def _read_with_pandas(layout: _CsvLayout) -> Iterator[Batch]:
    """The whole file with pandas' C parser, then in batches like the streaming reader.

    Excel's "CSV (delimitato)" is often Windows-1252 beyond a plain first line: a UTF-8 file
    that does not decode is read again as Windows-1252.
    """
    try:
        frame = _pandas_frame(layout, layout.encoding)
    except UnicodeDecodeError:
        if layout.encoding != "utf-8":
            raise ValueError(_encoding_message(layout.path)) from None
        try:
            frame = _pandas_frame(layout, "cp1252")
        except UnicodeDecodeError:
            raise ValueError(_encoding_message(layout.path)) from None
    table = pa.table(
        {
            logical: pa.array(frame[name].tolist(), pa.string())
            for logical, name in layout.wanted.items()
        }
    )
    del frame
    return _slices(table)


def _pandas_frame(layout: _CsvLayout, encoding: str) -> pd.DataFrame:
    import pandas as pd  # start-up time: only files pyarrow cannot read need it

    try:
        return pd.read_csv(
            layout.path,
            sep=layout.separator,
            header=0,
            names=layout.names,
            usecols=list(layout.wanted.values()),
            dtype=str,
            na_filter=False,
            encoding="utf-8-sig" if encoding == "utf-8" else encoding,
            engine="c",
        )
    except UnicodeDecodeError:
        raise
    except (ValueError, pd.errors.ParserError) as exc:
        raise ValueError(_parse_message(exc)) from None


def _slices(table: pa.Table) -> Iterator[Batch]:
    """A table read whole, ``BATCH_ROWS`` rows at a time (one empty batch when it has none)."""
    for start in range(0, max(table.num_rows, 1), BATCH_ROWS):
        yield table.slice(start, BATCH_ROWS).combine_chunks()


def _encoding_message(target: Path, line: int | None = None) -> str:
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
        expected, line, found = fields.groups()
        return f"riga {line}: attese {expected} colonne, trovate {found}"
    return f"CSV non leggibile ({text})"


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _cell_text(value: object) -> str:
    """An XLSX cell as the text a CSV export would contain (stored value, no formulas)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(
    target: Path, overrides: Mapping[str, str], sheet: str | None
) -> tuple[dict[str, str], pa.Table]:
    """The needed columns of a sheet, whole."""
    with xlsx_sheet(target, sheet) as rows:
        first = next(rows, None)
        if first is None:
            raise ValueError("il foglio è vuoto: attesa una riga di intestazione e i dati")
        header = [_cell_text(h) for h in first]
        columns = _match_columns(header, overrides)
        index = [header.index(columns[c]) for c in columns]
        body = [
            [_cell_text(r[i]) if i < len(r) else "" for i in index]
            for r in rows
            if any(v is not None for v in r)
        ]
    table = pa.table(
        {c: pa.array([row[k] for row in body], pa.string()) for k, c in enumerate(columns)}
    )
    return columns, table
