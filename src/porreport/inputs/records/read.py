"""Read a records file: only the needed columns, as text, named by logical column, in batches.

CSV exports come in UTF-8 or Windows-1252, separated by ``;``, ``,``, tabs or ``|``: the
first line tells which, and lines may end in LF, CRLF or CR. pyarrow's streaming reader
parses them a block at a time on several threads, so memory does not grow with the file.
When it gives up (a short row, a byte the encoding does not have, a row longer than two
blocks), the tolerant reader (``tolerant``) reads the file again. XLSX sheets are read as
stored values. The limits (``config``) are checked before the work they bound. Every refusal
is a ``ValueError`` with an Italian message.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

import pyarrow as pa
import pyarrow.csv as pacsv

from porreport.formatting import count as format_count
from porreport.inputs.messages import short_value
from porreport.inputs.records.ahead import ahead
from porreport.inputs.records.config import (
    COLUMNS,
    DEFAULT_CONFIG,
    MAX_RECORDS_BYTES,
    MAX_RECORDS_COLUMNS,
    RECORDS_SHEET,
    REQUIRED,
    RecordsConfig,
)
from porreport.inputs.records.tolerant import CsvLayout, encoding_message, read_tolerantly
from porreport.inputs.tables import MAX_FIELD_CHARS, check_size, file_problem
from porreport.inputs.xlsx import open_sheet
from porreport.model.reference import lookup_key

# pyarrow's streaming reader reads a row only within two blocks (never one of twice the
# block's size or more): 64 KiB blocks make it give up on every row the tolerant reader
# refuses (over ``MAX_FIELD_CHARS`` characters), so a row's limit does not depend on the
# rest of the file. It keeps up to 32 blocks read ahead: 2 MiB whatever the file's size.
BLOCK_BYTES = MAX_FIELD_CHARS // 2
# Rows handed to the analysis at a time: blocks are joined up to this many rows, so the work
# per batch outweighs its fixed cost (about 30 batches for a million rows), and the arrays
# of a batch stay under a MiB each.
BATCH_ROWS = 1 << 15
# ... or up to this many bytes, whichever comes first: rows of long texts make small batches.
BATCH_BYTES = 32 * 1024 * 1024
# Blocks decoded ahead by a thread while a batch is analysed: about a batch of short rows.
AHEAD_BLOCKS = 32
# The header line is read whole before anything else: a longer one is not a header.
MAX_HEADER_BYTES = 1024 * 1024
# Bytes looked at for a NUL, which no text file has: a binary file is refused at once.
_BINARY_PROBE = 64 * 1024
_LISTED_HEADERS = 20  # headers a message lists
_LINE_END = re.compile(rb"\r\n|\r|\n")

Batch: TypeAlias = pa.Table  # one text column per logical column present, named by it


class StreamStopped(Exception):
    """pyarrow's streaming reader stopped part-way: read the file again, tolerantly."""


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
    problem = file_problem(target)
    if problem is not None:
        raise ValueError(f"file dei registri {problem}: {target}")
    check_size(target, MAX_RECORDS_BYTES)
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
                    f"colonne presenti: {_listed(header)}"
                )
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        expected = "; ".join(f"'{c}' (ad esempio '{COLUMNS[c][0]}')" for c in missing)
        raise ValueError(
            f"mancano le colonne {expected}; colonne presenti: {_listed(header)}. "
            "Indicare le intestazioni del file con 'colonne:'"
        )
    return found


def _listed(header: list[str]) -> str:
    """The headers of a file for a message: the first ``_LISTED_HEADERS``, each as written
    when plain, else quoted with its control characters escaped and cut."""
    shown = [h if h.isprintable() and len(h) <= 60 else short_value(h) for h in header]
    more = len(shown) - _LISTED_HEADERS
    text = ", ".join(shown[:_LISTED_HEADERS]) or "(nessuna)"
    return f"{text} e altre {format_count(more)}" if more > 0 else text


def _sniff(target: Path) -> tuple[str, str, list[str]]:
    """Encoding, separator and header of a CSV file, from its first line."""
    with target.open("rb") as fh:
        head = fh.read(max(_BINARY_PROBE, MAX_HEADER_BYTES + 2))
    if b"\x00" in head[:_BINARY_PROBE]:
        raise ValueError("il file è binario, non un CSV: atteso un testo con una riga per domanda")
    end = _LINE_END.search(head)
    if end is None and len(head) > MAX_HEADER_BYTES:
        raise ValueError(
            "la prima riga (intestazione) supera "
            f"{format_count(MAX_HEADER_BYTES // 1024)} KB: attesa una riga di intestazione"
        )
    first = head[: end.start()] if end else head
    encoding = "utf-8"
    try:
        line = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            encoding, line = "cp1252", first.decode("cp1252")
        except UnicodeDecodeError:
            raise ValueError(encoding_message(target, 1)) from None
    if not line.strip():
        raise ValueError("il file è vuoto: attesa una riga di intestazione e i dati")
    separator = max((";", ",", "\t", "|"), key=line.count)
    header = next(csv.reader([line], delimiter=separator))
    if len(header) > MAX_RECORDS_COLUMNS:
        raise ValueError(
            f"l'intestazione ha {format_count(len(header))} colonne; "
            f"ammesse al massimo {format_count(MAX_RECORDS_COLUMNS)}"
        )
    return encoding, separator, [h.strip() for h in header]


def _open_csv(target: Path, overrides: Mapping[str, str]) -> RecordsFile:
    encoding, separator, header = _sniff(target)
    columns = _match_columns(header, overrides)
    names = [f"c{i}" for i in range(len(header))]
    wanted = {logical: names[header.index(h)] for logical, h in columns.items()}
    layout = CsvLayout(target, encoding, separator, names, wanted)
    return RecordsFile(
        target,
        columns,
        lambda: _stream_with_pyarrow(layout),
        lambda: read_tolerantly(layout, BATCH_ROWS),
    )


def _stream_with_pyarrow(layout: CsvLayout) -> Iterator[Batch]:
    """Only the wanted fields, as text (empty cells stay ''), ``BATCH_ROWS`` (or
    ``BATCH_BYTES``) at a time.

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
        count = size = 0
        given = False
        for block in ahead(iter(reader), AHEAD_BLOCKS):
            pending.append(block)
            count += block.num_rows
            size += block.nbytes
            if count >= BATCH_ROWS or size >= BATCH_BYTES:
                yield layout.rename(pa.Table.from_batches(pending).combine_chunks())
                pending, count, size, given = [], 0, 0, True
        if pending or not given:  # a file of only a header still gives its (empty) columns
            yield layout.rename(pa.Table.from_batches(pending, reader.schema).combine_chunks())
    except ValueError as exc:  # pa.ArrowInvalid, or a UnicodeDecodeError while transcoding
        raise StreamStopped(str(exc)) from None


def _slices(table: pa.Table) -> Iterator[Batch]:
    """A table read whole, ``BATCH_ROWS`` rows at a time (one empty batch when it has none)."""
    for start in range(0, max(table.num_rows, 1), BATCH_ROWS):
        yield table.slice(start, BATCH_ROWS).combine_chunks()


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
    """The needed columns of a sheet, whole (the sheet's limits keep it small)."""
    with open_sheet(target, sheet, RECORDS_SHEET) as rows:
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
