"""One sheet of an XLSX workbook as rows of stored values, within limits.

The workbook's parts are checked (``package``), its shared strings and sheets measured
(``scan``), and only then does openpyxl open it, read-only: formulas are never evaluated,
and a ``<dimension>`` beyond the limits is set aside (openpyxl would pad every row to it).
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from porreport.formatting import count as format_count
from porreport.inputs.messages import short_value
from porreport.inputs.xlsx.limits import SheetLimits
from porreport.inputs.xlsx.package import Package, check_package
from porreport.inputs.xlsx.scan import SheetExtent, scan_sheet, scan_strings

_LISTED_SHEETS = 20  # sheet names a message lists
# What inflating a damaged, encrypted or exotic zip part raises.
_BROKEN = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


@contextmanager
def open_sheet(
    target: Path, sheet: str | None, limits: SheetLimits
) -> Iterator[Iterator[tuple[Any, ...]]]:
    """The rows of an XLSX sheet (the first unless named) as tuples of stored values.

    Raises ``ValueError`` in Italian for a file over ``limits``, an unreadable file or a
    missing sheet, before openpyxl opens it when it can be known, else while reading the
    rows (naming the row). The caller names the file.
    """
    import openpyxl  # start-up time: only a report or records file in XLSX needs it

    if not zipfile.is_zipfile(target):
        raise ValueError("file XLSX illeggibile o danneggiato: non è un archivio zip")
    try:
        package = check_package(target, limits)
        title = _chosen(package, sheet)
        extent = _measure(target, package, title, limits)
    except _BROKEN as exc:
        raise ValueError(f"file XLSX illeggibile o danneggiato: {_broken(exc)}") from None
    try:
        book = openpyxl.load_workbook(target, read_only=True, data_only=True)
    except Exception:  # openpyxl raises anything from KeyError to TypeError on a bad file
        raise ValueError("file XLSX illeggibile o danneggiato") from None
    try:
        try:
            found = book[title]
            cells = found.iter_rows(values_only=True)
        except Exception:
            raise ValueError(f"il foglio {short_value(title)} non si legge") from None
        if not _fits(extent.dimension, limits):
            found.reset_dimensions()  # rows as wide as their cells, not as the claim
        yield _rows(cells, title)
    finally:
        book.close()


def _chosen(package: Package, sheet: str | None) -> str:
    names = [name for name, _ in package.sheets]
    if not names:
        raise ValueError("il file XLSX non contiene fogli di celle")
    if sheet is None:
        return names[0]
    if sheet not in names:
        shown = ", ".join(short_value(n) for n in names[:_LISTED_SHEETS])
        more = len(names) - _LISTED_SHEETS
        if more > 0:
            shown += f" e altri {format_count(more)}"
        raise ValueError(f"foglio {short_value(sheet)} non trovato; fogli presenti: {shown}")
    return sheet


def _measure(target: Path, package: Package, title: str, limits: SheetLimits) -> SheetExtent:
    """Scan the shared strings and every sheet openpyxl looks into: the chosen one whole,
    the others up to their dimension (openpyxl reads a sheet without one through)."""
    chosen = next(part for name, part in package.sheets if name == title)
    extent, spent = None, 0
    with zipfile.ZipFile(target) as archive:
        if package.shared_strings in archive.NameToInfo:
            with archive.open(package.shared_strings) as source:
                scan_strings(source, package.shared_strings, limits)
        for name, part in package.sheets:
            with archive.open(part) as source:
                found = scan_sheet(source, part, name, limits, whole=part == chosen, spent=spent)
            spent = found.elements
            if part == chosen and extent is None:
                extent = found
    assert extent is not None  # the chosen sheet is one of the package's
    return extent


def _fits(dimension: tuple[int, int] | None, limits: SheetLimits) -> bool:
    if dimension is None:
        return True
    rows, columns = dimension
    return rows <= limits.rows and columns <= limits.columns and rows * columns <= limits.cells


def _broken(exc: Exception) -> str:
    if isinstance(exc, NotImplementedError):
        return "una parte è compressa con un metodo non previsto"
    if isinstance(exc, RuntimeError):
        return "una parte è cifrata"
    return "una parte dell'archivio è rovinata"


def _rows(cells: Iterator[tuple[Any, ...]], title: str) -> Iterator[tuple[Any, ...]]:
    """The rows, with openpyxl's errors on a value (a shared string that does not exist,
    a style that is not a number...) as an Italian message naming the row."""
    number = 0
    while True:
        try:
            row = next(cells)
        except StopIteration:
            return
        except Exception:  # any error of openpyxl on a cell's value
            raise ValueError(
                f"il foglio {short_value(title)} non si legge alla riga "
                f"{format_count(number + 1)}: valore di una cella non valido"
            ) from None
        number += 1
        yield row
