"""Files a report names next to itself: where they may lie, and CSV/XLSX tables as rows.

A file named by a report must lie inside the report's folder and be small enough. A table
is read as rows of texts (CSV, UTF-8, ``,`` or ``;``, lines ending in LF, CRLF or CR) or
stored values (XLSX: formulas are never evaluated), within the limits below (documented in
docs/limits.md), checked before the rows are read. Every refusal is a ``ValueError`` with an
Italian message; the caller names the field.
"""

from __future__ import annotations

import csv
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from porreport.formatting import count as format_count
from porreport.inputs.archive import ZipLimits
from porreport.inputs.paths import path_problem
from porreport.inputs.xlsx import SheetLimits, open_sheet
from porreport.output import os_reason

MAX_TABLE_BYTES = 50 * 1024 * 1024
MAX_TABLE_ROWS = 100_000  # rows with a value, the header left out
MAX_TABLE_COLUMNS = 100
MAX_TABLE_CELLS = 500_000
# Python's csv module refuses a longer field: the limit of a table's value and of a records
# row (whose fields are then all within it), whichever reader reads the row.
MAX_FIELD_CHARS = 131_072
TABLE_SUFFIXES = (".csv", ".xlsx")
# An XLSX table: a few parts, a sheet of at most half a million cells (about 20 MB of XML).
TABLE_SHEET = SheetLimits(
    archive=ZipLimits(parts=1_000, part_bytes=64 * 1024 * 1024, total_bytes=128 * 1024 * 1024),
    whole_part_bytes=4 * 1024 * 1024,
    shared_strings_bytes=8 * 1024 * 1024,
    shared_strings=250_000,
    rows=MAX_TABLE_ROWS + 1,
    columns=MAX_TABLE_COLUMNS,
    cells=MAX_TABLE_CELLS,
    other_elements=20_000,
)
if TYPE_CHECKING:
    from _csv import Reader

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def file_problem(target: Path) -> str | None:
    """Why ``target`` cannot be read as a file, to follow its name ('non trovato', 'non è un
    file regolare ma una cartella', '... ma una pipe con nome (FIFO)'...), or None.

    Only looks at the file's status: a FIFO opened for reading would wait for a writer.
    """
    try:
        mode = target.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return "non trovato"
    except OSError as exc:
        return f"non leggibile ({os_reason(exc)})"
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "un file speciale")
    return f"non è un file regolare ma {kind}"


_KINDS = (
    (stat.S_ISDIR, "una cartella"),
    (stat.S_ISFIFO, "una pipe con nome (FIFO)"),
    (stat.S_ISCHR, "un dispositivo a caratteri"),
    (stat.S_ISBLK, "un dispositivo a blocchi"),
    (stat.S_ISSOCK, "un socket"),
)


def check_size(target: Path, limit: int) -> None:
    """Refuse a file larger than ``limit`` bytes, in Italian."""
    size = target.stat().st_size
    if size > limit:
        raise ValueError(
            f"file troppo grande ({format_count(size)} byte); "
            f"atteso al massimo {format_count(limit)} byte"
        )


def resolve_inside(folder: Path, ref: object, *, limit: int, what: str) -> Path:
    """A file named by a report, which must lie inside the report's folder and be small enough.

    Raises ``ValueError`` with an Italian explanation otherwise.
    """
    if not isinstance(ref, str) or not ref.strip():
        raise ValueError(f"atteso il nome di un file {what} nella cartella del rapporto")
    candidate = Path(ref)
    if candidate.is_absolute():
        raise ValueError(
            "percorso assoluto non ammesso: atteso un file nella cartella del rapporto"
        )
    base = folder.resolve()
    unusable = path_problem(base / candidate)  # before resolve(), which raises on these
    if unusable is not None:
        raise ValueError(unusable)
    target = (base / candidate).resolve()
    if not target.is_relative_to(base):
        raise ValueError("il file è fuori dalla cartella del rapporto: non ammesso")
    problem = file_problem(target)
    if problem is not None:
        raise ValueError(f"file {what} {problem} nella cartella del rapporto")
    check_size(target, limit)
    return target


def read_table(target: Path, sheet: str | None = None) -> list[dict[str, Any]]:
    """Rows of a CSV (',' or ';' separated, UTF-8) or XLSX table as dicts, empty cells left out.

    XLSX cells are read as stored values: formulas are never evaluated.
    """
    if target.suffix.lower() == ".xlsx":
        with open_sheet(target, sheet, TABLE_SHEET) as cells:
            first = next(cells, None)
            if first is None:
                raise ValueError("la tabella è vuota: attesa una riga di intestazione e i dati")
            return _records([str(h) if h is not None else "" for h in first], cells)
    header, body = _csv_rows(target)
    return _records(header, body)


def _records(header: list[str], body: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """The rows with a value as dicts keyed by column, up to ``MAX_TABLE_ROWS``."""
    columns = [_column(h) for h in header]
    rows = []
    for r in body:
        if any(v not in (None, "") for v in r):
            rows.append(
                {c: v for c, v in zip(columns, r, strict=False) if c and v not in (None, "")}
            )
            if len(rows) > MAX_TABLE_ROWS:
                raise ValueError(
                    f"troppe righe (oltre {format_count(MAX_TABLE_ROWS)}); "
                    f"attese al massimo {format_count(MAX_TABLE_ROWS)}"
                )
    return rows


def _column(name: object) -> str:
    return str(name).strip().lower().replace(" ", "_")


def _csv_rows(target: Path) -> tuple[list[str], Iterator[list[str]]]:
    """The header and the rows (stripped) of a CSV table, its size checked first: the
    separators bound the cells, the header the columns."""
    try:
        text = target.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("la tabella non è in codifica UTF-8; salvarla come CSV UTF-8") from None
    if "\x00" in text:
        raise ValueError("il file è binario, non un CSV: attesa una tabella di testo")
    first = text.split("\n", 1)[0].split("\r", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    if text.count(delimiter) >= MAX_TABLE_CELLS:
        raise ValueError(_too_many_cells())
    rows = _checked(csv.reader(_lines(text), delimiter=delimiter))
    header = next(rows, None)
    if header is None:
        raise ValueError("la tabella è vuota: attesa una riga di intestazione e i dati")
    if len(header) > MAX_TABLE_COLUMNS:
        raise ValueError(
            f"la tabella ha {format_count(len(header))} colonne; "
            f"ammesse al massimo {format_count(MAX_TABLE_COLUMNS)}"
        )
    return header, ([c.strip() for c in r] for r in rows)


def _lines(text: str) -> Iterator[str]:
    """The lines of a text with their ends, which may be LF, CRLF or CR (old Mac files)."""
    return (line.group() for line in _LINE.finditer(text))


def _checked(reader: Reader) -> Iterator[list[str]]:
    """The rows of a csv reader, its errors in Italian with the line, the cells counted."""
    cells = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = format_count(reader.line_num)
            if "field larger than field limit" in str(exc):
                raise ValueError(
                    f"riga {line}: un valore supera {format_count(MAX_FIELD_CHARS)} caratteri"
                ) from None
            raise ValueError(f"riga {line}: CSV non leggibile ({exc})") from None
        cells += len(row)
        if cells > MAX_TABLE_CELLS:
            raise ValueError(_too_many_cells())
        yield row


def _too_many_cells() -> str:
    return f"la tabella supera {format_count(MAX_TABLE_CELLS)} celle, il massimo ammesso"
