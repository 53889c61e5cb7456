"""Read a records file: only the needed columns, as text, named by logical column.

CSV exports come in UTF-8 or Windows-1252, separated by ``;``, ``,``, tabs or ``|``: the
first line tells which. pyarrow reads them on several threads; pandas' parser is the
fallback that pads short rows and names the faulty line. XLSX sheets are read as stored
values. Every refusal is a ``ValueError`` with an Italian message.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from porreport.inputs.records.config import (
    COLUMNS,
    DEFAULT_CONFIG,
    MAX_RECORDS_BYTES,
    REQUIRED,
    RecordsConfig,
)
from porreport.inputs.tables import xlsx_sheet
from porreport.model.reference import lookup_key


def read_records(
    target: Path, config: RecordsConfig = DEFAULT_CONFIG
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The needed columns of a records file, as text, named by logical column.

    Also returns which header of the file each logical column came from. Raises
    ``ValueError`` with an Italian message when the file cannot be used.
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
        return _read_xlsx(target, config.colonne, config.foglio)
    if suffix in (".csv", ".txt"):
        return _read_csv(target, config.colonne)
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


def _read_csv(target: Path, overrides: Mapping[str, str]) -> tuple[pd.DataFrame, dict[str, str]]:
    encoding, separator, header = _sniff(target)
    columns = _match_columns(header, overrides)
    names = [f"c{i}" for i in range(len(header))]
    wanted = {logical: names[header.index(h)] for logical, h in columns.items()}
    try:
        try:
            frame = _read_with_pyarrow(target, encoding, separator, names, list(wanted.values()))
        except (ImportError, ValueError):  # a decoding error too (UnicodeDecodeError)
            # pandas' C parser is slower but pads short rows and names the faulty line.
            frame = _read_with_pandas(target, encoding, separator, names, list(wanted.values()))
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise ValueError(_encoding_message(target)) from None
        # Excel's "CSV (delimitato)" is often Windows-1252 beyond the first line.
        try:
            frame = _read_with_pandas(target, "cp1252", separator, names, list(wanted.values()))
        except UnicodeDecodeError:
            raise ValueError(_encoding_message(target)) from None
    frame = frame[list(wanted.values())]
    frame.columns = list(wanted)
    return frame, columns


def _read_with_pyarrow(
    target: Path, encoding: str, separator: str, names: list[str], wanted: list[str]
) -> pd.DataFrame:
    """Multithreaded reading of only the wanted columns, as text (empty cells stay '')."""
    import pyarrow as pa  # optional here: without it, pandas' parser reads the file
    import pyarrow.csv as pacsv

    try:
        table = pacsv.read_csv(
            target,
            read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=1, encoding=encoding.replace("utf-8", "utf8")
            ),
            parse_options=pacsv.ParseOptions(delimiter=separator, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                include_columns=wanted,
                column_types=dict.fromkeys(wanted, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except pa.ArrowInvalid as exc:  # the caller reads the file again with pandas
        raise ValueError(f"CSV non leggibile: {_first_line(exc)}") from None
    return table.to_pandas(self_destruct=True, split_blocks=True, types_mapper=pd.ArrowDtype)


def _read_with_pandas(
    target: Path, encoding: str, separator: str, names: list[str], wanted: list[str]
) -> pd.DataFrame:
    """The same with pandas' C parser (when pyarrow is not installed)."""
    try:
        return pd.read_csv(
            target,
            sep=separator,
            header=0,
            names=names,
            usecols=wanted,
            dtype=str,
            na_filter=False,
            encoding="utf-8-sig" if encoding == "utf-8" else encoding,
            engine="c",
        )
    except UnicodeDecodeError:
        raise
    except (ValueError, pd.errors.ParserError) as exc:
        raise ValueError(_parse_message(target, exc)) from None


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


def _parse_message(target: Path, exc: Exception) -> str:
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
) -> tuple[pd.DataFrame, dict[str, str]]:
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
    return pd.DataFrame(body, columns=list(columns), dtype=str), columns
