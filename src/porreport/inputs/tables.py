"""Files a report names next to itself: where they may lie, and CSV/XLSX tables as rows.

A file named by a report must lie inside the report's folder and be small enough. A table
is read as rows of texts (CSV, UTF-8, ``,`` or ``;``) or stored values (XLSX: formulas are
never evaluated). Every refusal is a ``ValueError`` with an Italian message; the caller
names the field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from porreport.inputs.paths import path_problem

MAX_TABLE_BYTES = 50 * 1024 * 1024
MAX_TABLE_ROWS = 100_000
TABLE_SUFFIXES = (".csv", ".xlsx")


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
    if not target.is_file():
        raise ValueError(f"file {what} non trovato nella cartella del rapporto")
    size = target.stat().st_size
    if size > limit:
        raise ValueError(f"file troppo grande ({size} byte); atteso al massimo {limit} byte")
    return target


def read_table(target: Path, sheet: str | None = None) -> list[dict[str, Any]]:
    """Rows of a CSV (',' or ';' separated, UTF-8) or XLSX table as dicts, empty cells left out.

    XLSX cells are read as stored values: formulas are never evaluated.
    """
    if target.suffix.lower() == ".xlsx":
        header, body = _xlsx_rows(target, sheet)
    else:
        header, body = _csv_rows(target)
    columns = [_column(h) for h in header]
    rows = [
        {c: v for c, v in zip(columns, r, strict=False) if c and v not in (None, "")}
        for r in body
        if any(v not in (None, "") for v in r)
    ]
    if len(rows) > MAX_TABLE_ROWS:
        raise ValueError(f"troppe righe ({len(rows)}); attese al massimo {MAX_TABLE_ROWS}")
    return rows


def _column(name: object) -> str:
    return str(name).strip().lower().replace(" ", "_")


def _csv_rows(target: Path) -> tuple[list[str], list[list[str]]]:
    try:
        text = target.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("la tabella non è in codifica UTF-8; salvarla come CSV UTF-8") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise ValueError("la tabella è vuota: attesa una riga di intestazione e i dati")
    return rows[0], [[c.strip() for c in r] for r in rows[1:]]


@contextmanager
def xlsx_sheet(target: Path, sheet: str | None) -> Iterator[Iterator[tuple[Any, ...]]]:
    """The rows of an XLSX sheet (the first unless named), as stored values: read-only,
    formulas never evaluated. Raises ``ValueError`` in Italian for an unreadable file or a
    missing sheet."""
    import openpyxl  # start-up time: only a report or records file in XLSX needs it

    try:
        book = openpyxl.load_workbook(target, read_only=True, data_only=True)
    except Exception:
        raise ValueError("file XLSX illeggibile o danneggiato") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise ValueError(f"foglio '{sheet}' non trovato; fogli presenti: {book.sheetnames}")
        yield (book[sheet] if sheet else book.worksheets[0]).iter_rows(values_only=True)
    finally:
        book.close()


def _xlsx_rows(target: Path, sheet: str | None) -> tuple[list[str], list[list[Any]]]:
    with xlsx_sheet(target, sheet) as cells:
        rows = [list(r) for r in cells]
    if not rows:
        raise ValueError("la tabella è vuota: attesa una riga di intestazione e i dati")
    return [str(h) if h is not None else "" for h in rows[0]], rows[1:]
