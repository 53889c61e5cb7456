"""Call monitoring computed from the application records, with a data-quality report.

Monitoring offices export the list of applications from the grants system (one row per
application) and count. This module reads such an export (CSV or XLSX, Italian headers,
``;`` separators, decimal commas, Italian dates), computes every figure of a call's
monitoring and lists the rows whose data look wrong.

Speed: a million rows take a couple of seconds. Only the needed columns are read, as text;
every column is then factorised, so that Python parses each *distinct* value once
(provinces, ATECO codes, statuses, dates) and everything per row is NumPy. pandas is
imported lazily: loading a report without records does not pay for it.

Entry points: ``summarise`` (a file to figures and problems), ``resolve_records`` (the
loader's hook: ``monitoraggio: {registri: {...}}`` to aggregate fields),
and ``add_monitor_parser`` (the ``porreport monitor`` sub-command).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from porreport import formatting as fmt
from porreport.errors import InputError, Problem
from porreport.model.parsing import parse_date
from porreport.model.reference import Province, ateco_node, ateco_title, find_province

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

MAX_RECORDS_BYTES = 500 * 1024 * 1024
MAX_LISTED = 1000  # problems listed per kind (all are counted)
LOADER_LISTED = 10  # problems per kind shown as loader warnings
DEFAULT_TOP = 6

# Logical columns, with the headers real exports use (compared ignoring case, accents,
# spaces and punctuation). ``colonne:`` in the report overrides any of them. Other columns
# (firm name, addresses, ...) are never read: no figure needs them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "codice": ("Codice domanda", "ID domanda", "Numero domanda", "Protocollo", "Codice", "ID"),
    "dimensione": ("Dimensione impresa", "Dimensione", "Classe dimensionale"),
    "dipendenti": ("N. dipendenti", "Numero dipendenti", "Dipendenti", "Addetti", "ULA"),
    "provincia": ("Provincia", "Provincia sede operativa", "Sigla provincia", "Prov."),
    "ateco": ("Codice ATECO", "ATECO", "ATECO 2007", "Codice attività"),
    "stato": ("Stato", "Stato domanda", "Stato della domanda", "Esito"),
    "importo": (
        "Importo ammesso",
        "Contributo ammesso",
        "Importo concesso",
        "Contributo concesso",
        "Importo",
    ),
    "covid": ("Addendum COVID", "Addendum COVID-19", "COVID", "Emergenza COVID"),
    "data": ("Data presentazione", "Data di presentazione", "Data domanda", "Data invio"),
}
REQUIRED = ("codice", "stato", "importo")

SIZE_ORDER = ("micro", "piccola", "media", "grande")
SIZE_LABELS = {
    "micro": ("Microimpresa", "meno di 10"),
    "piccola": ("Piccola impresa", "10-49"),
    "media": ("Media impresa", "50-249"),
    "grande": ("Grande impresa", "250 e oltre"),
}

# Canonical statuses. "Ammesse" counts every application ever admitted (beneficiaries plus
# the ones later withdrawn or lapsed), as the source does: 884 = 764 + 120.
STATUSES = ("presentata", "ammessa", "rinunciata", "decaduta", "non ammessa")
_STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "ammessa": (
        "ammessa",
        "ammesso",
        "ammessaacontributo",
        "ammessaefinanziata",
        "finanziata",
        "finanziato",
        "concessa",
        "liquidata",
        "liquidato",
        "conclusa",
        "beneficiaria",
    ),
    "rinunciata": ("rinunciata", "rinunciato", "rinuncia", "ritirata", "ritirato"),
    "decaduta": ("decaduta", "decaduto", "decadenza", "revocata", "revocato", "revoca"),
    "non ammessa": (
        "nonammessa",
        "nonammesso",
        "inammissibile",
        "respinta",
        "respinto",
        "esclusa",
        "escluso",
        "ammissibilenonfinanziata",
        "nonfinanziata",
    ),
    "presentata": (
        "presentata",
        "presentato",
        "inistruttoria",
        "istruttoria",
        "protocollata",
        "inviata",
        "inlavorazione",
        "sospesa",
    ),
}
_YES = {"si", "s", "x", "yes", "y", "true", "vero", "1", "addendum", "covid"}
_NO = {"", "no", "n", "false", "falso", "0", "originario"}

_REGISTRI_KEYS = {"file", "colonne", "foglio", "settori_top", "titoli_settori", "stati"}
_COMPUTED = {
    "presentate",
    "ammesse",
    "rinunce_decadenze",
    "beneficiari",
    "importo_ammesso",
    "dimensioni",
    "settori",
    "altri_settori",
}


# --------------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class RecordsConfig:
    """How to read one records file: header overrides, sheet, top sectors, status labels."""

    colonne: Mapping[str, str] = field(default_factory=dict)
    foglio: str | None = None
    settori_top: int = DEFAULT_TOP
    titoli_settori: Mapping[str, str] = field(default_factory=dict)
    stati: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Issue:
    """One data-quality problem of one row ("riga" counts the header as row 1)."""

    kind: str
    row: int
    column: str
    value: str | None
    message: str


@dataclass(frozen=True)
class SizeFigure:
    """Beneficiaries and amount admitted of one firm-size class."""

    dimensione: str
    imprese: int
    importo: Decimal


@dataclass(frozen=True)
class SectorFigure:
    """Beneficiaries in one ATECO 2007 division."""

    ateco: str
    imprese: int


@dataclass(frozen=True)
class RecordsSummary:
    """Every figure computed from a records file, and its data-quality problems."""

    file: str
    rows: int
    presentate: int
    ammesse: int
    rinunce_decadenze: int
    beneficiari: int
    importo_ammesso: Decimal
    dimensioni: tuple[SizeFigure, ...] | None
    province: tuple[tuple[Province, int], ...] | None
    settori: tuple[SectorFigure, ...] | None
    covid: tuple[int, int] | None
    stati: dict[str, int]
    prima_data: dt.date | None
    ultima_data: dt.date | None
    issues: tuple[Issue, ...]
    issue_counts: dict[str, int]

    def top_sectors(self, n: int) -> tuple[tuple[SectorFigure, ...], int]:
        """The ``n`` largest divisions (ties by code) and the firms in all the others."""
        ranked = self.settori or ()
        return ranked[:n], sum(s.imprese for s in ranked[n:])

    @property
    def problem_count(self) -> int:
        """How many problems were found (not only the listed ones)."""
        return sum(self.issue_counts.values())


# --------------------------------------------------------------------------- reading


def _key(text: object) -> str:
    """'N. dipendenti' -> 'ndipendenti': case, accents, spaces and punctuation ignored."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(c for c in decomposed if c.isalnum())


def _match_columns(header: list[str], overrides: Mapping[str, str]) -> dict[str, str]:
    """Logical column -> the file's header for it. Raises ValueError naming what is missing."""
    by_key: dict[str, str] = {}
    for name in header:
        by_key.setdefault(_key(name), name)
    found: dict[str, str] = {}
    for logical, aliases in COLUMNS.items():
        wanted = (overrides[logical],) if logical in overrides else aliases
        for alias in wanted:
            if _key(alias) in by_key:
                found[logical] = by_key[_key(alias)]
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
    import pandas as pd
    import pyarrow as pa
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
    import pandas as pd

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


def _cell_text(value: Any) -> str:
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
    import pandas as pd

    from porreport.inputs.tables import xlsx_sheet

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


def read_records(
    target: Path, config: RecordsConfig = RecordsConfig()
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


# --------------------------------------------------------------------------- parsing


def _distinct(column: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes per row and the distinct texts (stripped): parse each text once, not each row."""
    import pandas as pd

    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return codes, pd.Series(uniques, dtype=object).astype(str).str.strip()


def _lookup(column: pd.Series, parse: Callable[[str], Any], dtype: Any) -> np.ndarray:
    """``parse`` applied to each distinct value, spread back to the rows."""
    import numpy as np

    codes, texts = _distinct(column)
    return np.asarray([parse(t) for t in texts.tolist()], dtype=dtype)[codes]


def _status_index(text: str, extra: Mapping[str, str]) -> int:
    """Index in STATUSES, -1 when unknown, -2 when missing."""
    key = _key(text)
    if not key:
        return -2
    for label, status in extra.items():
        if _key(label) == key:
            return STATUSES.index(status)
    for status, words in _STATUS_WORDS.items():
        if key in words:
            return STATUSES.index(status)
    return -1


def _size_index(text: str) -> int:
    """Index in SIZE_ORDER, -1 when unknown, -2 when missing."""
    key = _key(text)
    if not key:
        return -2
    if "micro" in key:
        return 0
    for i, prefixes in enumerate((("piccol", "small"), ("medi",), ("grand", "large")), start=1):
        if key.startswith(prefixes):
            return i
    return -1


def _division(text: str) -> str | None:
    """The ATECO 2007 division ('46') of a code ('46.19.02', '461902', '46'), or None."""
    if not text:
        return None
    node = ateco_node(text)
    if node is None or not node.code[:2].isdigit():
        return None
    return str(node.code[:2])


def _covid_flag(text: str) -> int:
    key = _key(text)
    return 1 if key in _YES else 0 if key in _NO else -1


def _date_ordinal(text: str) -> int:
    """Proleptic ordinal of the date, 0 when missing, -1 when not a date."""
    if not text:
        return 0
    try:
        return parse_date(text).toordinal()
    except ValueError:
        return -1


def _amount_cents(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Amounts in euro cents (int64) and a mask of the unreadable ones; empty cells are 0.

    Same reading as ``porreport.model.parsing.parse_money`` for plain amounts: '1.980.000,00',
    '€ 7.500', '7500', '7500.5', '1,234.56'. Vectorised over the distinct texts.
    """
    import numpy as np
    import pandas as pd

    codes, texts = _distinct(column)
    t = texts.str.replace(r"(?i)€|euro|eur|[\s\xa0\u202f]", "", regex=True)
    english = t.str.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
    italian = ~english & (
        t.str.contains(",", regex=False) | t.str.fullmatch(r"-?\d{1,3}(\.\d{3})+")
    )
    t = t.mask(english, t.str.replace(",", "", regex=False))
    t = t.mask(italian, t.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    well_formed = t.str.fullmatch(r"\d+(\.\d+)?")
    values = pd.to_numeric(t.where(well_formed), errors="coerce").to_numpy(dtype="float64")
    bad = (~well_formed.to_numpy(dtype=bool)) & (t.to_numpy() != "")
    cents = np.where(np.isnan(values), 0, np.round(values * 100)).astype("int64")
    return cents[codes], bad[codes]


def _employees(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Employees per row (-1 when empty) and a mask of unreadable values."""
    import numpy as np
    import pandas as pd

    codes, texts = _distinct(column)
    t = texts.str.replace(r"[.\s\xa0]", "", regex=True)
    t = t.str.replace(r",0+$", "", regex=True)
    ok = t.str.fullmatch(r"\d{1,9}")
    values = pd.to_numeric(t.where(ok), errors="coerce").to_numpy(dtype="float64")
    bad = (~ok.to_numpy(dtype=bool)) & (t.to_numpy() != "")
    number = np.where(np.isnan(values), -1, values).astype("int64")
    return number[codes], bad[codes]


def _size_from_employees(employees: np.ndarray) -> np.ndarray:
    """Size class index from employees (EU thresholds 10/50/250), -2 when unknown."""
    import numpy as np

    return np.where(employees < 0, -2, np.searchsorted([10, 50, 250], employees, side="right"))


# --------------------------------------------------------------------------- analysis


@dataclass
class _Issues:
    """Collects problems per kind, listing at most MAX_LISTED of each."""

    frame: pd.DataFrame
    headers: dict[str, str]
    listed: list[Issue] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(
        self,
        kind: str,
        column: str,
        mask: np.ndarray,
        message: str | Callable[[int], str],
    ) -> None:
        import numpy as np

        rows = np.flatnonzero(mask)
        if not len(rows):
            return
        self.counts[kind] = self.counts.get(kind, 0) + len(rows)
        values = self.frame[column]
        for i in rows[:MAX_LISTED]:
            text = str(values.iat[i]).strip()
            self.listed.append(
                Issue(
                    kind,
                    int(i) + 2,
                    self.headers[column],
                    text or None,
                    message(int(i)) if callable(message) else message,
                )
            )


def _check_ids(frame: pd.DataFrame, issues: _Issues) -> None:
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(frame["codice"].str.strip(), use_na_sentinel=False)
    empty = (pd.Series(uniques, dtype=object) == "").to_numpy(dtype=bool)[codes]
    issues.add("codice", "codice", empty, "codice domanda mancante")
    _, first, counts = np.unique(codes, return_index=True, return_counts=True)
    repeated = (counts[codes] > 1) & (first[codes] != np.arange(len(codes))) & ~empty
    issues.add(
        "codice",
        "codice",
        repeated,
        lambda i: f"codice domanda ripetuto (già alla riga {int(first[codes[i]]) + 2})",
    )


def summarise(
    frame: pd.DataFrame,
    headers: dict[str, str],
    config: RecordsConfig = RecordsConfig(),
    name: str = "",
) -> RecordsSummary:
    """Every figure of the call monitoring, and the data-quality problems, of a records frame.

    ``frame`` has one text column per logical column (see ``read_records``); ``headers``
    names the file's header of each, for the problem report.
    """
    import numpy as np

    n = len(frame)
    issues = _Issues(frame, headers)
    _check_ids(frame, issues)

    status_codes, status_texts = _distinct(frame["stato"])  # also counted raw, below
    distinct_statuses = status_texts.tolist()
    status = np.asarray([_status_index(t, config.stati) for t in distinct_statuses], dtype="int64")[
        status_codes
    ]
    issues.add("stato", "stato", status == -2, "stato della domanda mancante")
    issues.add(
        "stato",
        "stato",
        status == -1,
        "stato della domanda sconosciuto; attesi: " + ", ".join(STATUSES),
    )
    beneficiary = status == STATUSES.index("ammessa")
    withdrawn = np.isin(status, [STATUSES.index("rinunciata"), STATUSES.index("decaduta")])

    cents, bad_amount = _amount_cents(frame["importo"])
    issues.add(
        "importo", "importo", bad_amount, "importo non leggibile; atteso ad esempio 7.500,00"
    )
    missing_amount = beneficiary & ~bad_amount & (cents == 0)
    issues.add(
        "importo", "importo", missing_amount, "importo ammesso mancante per una domanda ammessa"
    )

    dimensioni = _sizes(frame, beneficiary, cents, issues)
    province = _provinces(frame, beneficiary, issues)
    settori = _sectors(frame, beneficiary, issues)
    covid = _covid(frame, beneficiary, issues)
    first, last = _dates(frame, issues)

    raw_counts = np.bincount(status_codes, minlength=len(distinct_statuses))
    stati = {
        t or "(vuoto)": int(c) for t, c in zip(distinct_statuses, raw_counts, strict=True) if c
    }
    return RecordsSummary(
        file=name,
        rows=n,
        presentate=n,
        ammesse=int(beneficiary.sum() + withdrawn.sum()),
        rinunce_decadenze=int(withdrawn.sum()),
        beneficiari=int(beneficiary.sum()),
        importo_ammesso=Decimal(int(cents[beneficiary].sum())) / 100,
        dimensioni=dimensioni,
        province=province,
        settori=settori,
        covid=covid,
        stati=stati,
        prima_data=first,
        ultima_data=last,
        issues=tuple(sorted(issues.listed, key=lambda x: (x.row, x.kind))),
        issue_counts=dict(sorted(issues.counts.items())),
    )


def _sizes(
    frame: pd.DataFrame, beneficiary: np.ndarray, cents: np.ndarray, issues: _Issues
) -> tuple[SizeFigure, ...] | None:
    import numpy as np

    has_size, has_staff = "dimensione" in frame, "dipendenti" in frame
    if not (has_size or has_staff):
        return None
    n = len(frame)
    declared = _lookup(frame["dimensione"], _size_index, "int64") if has_size else np.full(n, -2)
    if has_size:
        issues.add(
            "dimensione",
            "dimensione",
            declared == -1,
            "classe dimensionale sconosciuta; attese: micro, piccola, media, grande impresa",
        )
    derived = np.full(n, -2)
    if has_staff:
        employees, bad = _employees(frame["dipendenti"])
        issues.add("dipendenti", "dipendenti", bad, "numero di dipendenti non leggibile")
        derived = _size_from_employees(employees)
        if has_size:
            mismatch = (declared >= 0) & (derived >= 0) & (declared != derived)
            issues.add(
                "dipendenti",
                "dipendenti",
                mismatch,
                lambda i: (
                    "numero di dipendenti non coerente con la classe dimensionale "
                    f"'{SIZE_LABELS[SIZE_ORDER[declared[i]]][0]}' "
                    f"({SIZE_LABELS[SIZE_ORDER[declared[i]]][1]} dipendenti)"
                ),
            )
    size = np.where(declared >= 0, declared, derived)
    column = "dimensione" if has_size else "dipendenti"
    issues.add(
        "dimensione",
        column,
        beneficiary & (size == -2),
        "classe dimensionale mancante (né dimensione né dipendenti) per una domanda ammessa",
    )
    chosen = beneficiary & (size >= 0)
    firms = np.bincount(size[chosen], minlength=4)
    return tuple(
        SizeFigure(cls, int(firms[i]), Decimal(int(cents[chosen & (size == i)].sum())) / 100)
        for i, cls in enumerate(SIZE_ORDER)
        if firms[i]
    )


def _checked_lookup(
    frame: pd.DataFrame,
    column: str,
    lookup: Callable[[str], Any],
    issues: _Issues,
    missing: str,
    unknown: str,
) -> tuple[np.ndarray, list[Any]]:
    """Look each distinct text of ``column`` up once; report empty and unknown cells by row.

    Returns the per-row codes and the lookup result of each distinct text (None if unknown).
    """
    import numpy as np

    codes, texts = _distinct(frame[column])
    texts = texts.tolist()
    found = [lookup(t) if t else None for t in texts]
    empty = np.asarray([not t for t in texts], dtype=bool)[codes]
    not_found = np.asarray([f is None for f in found], dtype=bool)[codes] & ~empty
    issues.add(column, column, empty, missing)
    issues.add(column, column, not_found, unknown)
    return codes, found


def _provinces(
    frame: pd.DataFrame, beneficiary: np.ndarray, issues: _Issues
) -> tuple[tuple[Province, int], ...] | None:
    import numpy as np

    if "provincia" not in frame:
        return None
    codes, found = _checked_lookup(
        frame,
        "provincia",
        find_province,
        issues,
        "provincia mancante",
        "provincia sconosciuta; attesi un codice ISTAT (15), una sigla (MI) o un nome (Milano)",
    )
    istat = np.asarray([p.codice_istat if p else 0 for p in found], dtype="int64")[codes]
    counts = np.bincount(istat[beneficiary & (istat > 0)], minlength=1)
    by_code = {p.codice_istat: p for p in found if p}
    ranked = sorted(
        ((by_code[c], int(counts[c])) for c in np.flatnonzero(counts) if c in by_code),
        key=lambda x: (-x[1], x[0].nome),
    )
    return tuple(ranked)


def _sectors(
    frame: pd.DataFrame, beneficiary: np.ndarray, issues: _Issues
) -> tuple[SectorFigure, ...] | None:
    import numpy as np

    if "ateco" not in frame:
        return None
    codes, divisions = _checked_lookup(
        frame,
        "ateco",
        _division,
        issues,
        "codice ATECO mancante",
        "codice ATECO 2007 inesistente; atteso ad esempio '46.19.02', '62.01' o '46'",
    )
    number = np.asarray([int(d) if d else -1 for d in divisions], dtype="int64")[codes]
    counts = np.bincount(number[beneficiary & (number >= 0)], minlength=100)
    ranked = sorted(
        (SectorFigure(f"{d:02d}", int(counts[d])) for d in np.flatnonzero(counts)),
        key=lambda s: (-s.imprese, s.ateco),
    )
    return tuple(ranked)


def _covid(frame: pd.DataFrame, beneficiary: np.ndarray, issues: _Issues) -> tuple[int, int] | None:
    if "covid" not in frame:
        return None
    flag = _lookup(frame["covid"], _covid_flag, "int64")
    issues.add(
        "covid",
        "covid",
        flag == -1,
        "valore non riconosciuto per l'addendum COVID; atteso sì o no",
    )
    return int((beneficiary & (flag == 1)).sum()), int((beneficiary & (flag == 0)).sum())


def _dates(frame: pd.DataFrame, issues: _Issues) -> tuple[dt.date | None, dt.date | None]:
    if "data" not in frame:
        return None, None
    ordinal = _lookup(frame["data"], _date_ordinal, "int64")
    issues.add(
        "data",
        "data",
        ordinal == -1,
        "data non valida; attesa ad esempio 21/10/2021 oppure 2021-10-21",
    )
    valid = ordinal[ordinal > 0]
    if not len(valid):
        return None, None
    return dt.date.fromordinal(int(valid.min())), dt.date.fromordinal(int(valid.max()))


def summarise_file(target: Path, config: RecordsConfig = RecordsConfig()) -> RecordsSummary:
    """Read a records file and compute its figures and problems (``ValueError`` if unusable)."""
    frame, headers = read_records(target, config)
    return summarise(frame, headers, config, target.name)


# --------------------------------------------------------------------------- output


def _plain(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def sector_title(code: str, overrides: Mapping[str, str] | None = None) -> str:
    """The title of a division: the report's own wording, else ISTAT's."""
    return (overrides or {}).get(code) or ateco_title(code) or code


def to_json(summary: RecordsSummary, top: int = DEFAULT_TOP) -> dict[str, Any]:
    """The figures and problems as plain JSON values (numbers as numbers)."""
    out: dict[str, Any] = {
        "file": summary.file,
        "righe": summary.rows,
        "presentate": summary.presentate,
        "ammesse": summary.ammesse,
        "rinunce_decadenze": summary.rinunce_decadenze,
        "beneficiari": summary.beneficiari,
        "importo_ammesso": _plain(summary.importo_ammesso),
        "stati": summary.stati,
    }
    if summary.dimensioni is not None:
        out["dimensioni"] = [
            {
                "dimensione": d.dimensione,
                "etichetta": SIZE_LABELS[d.dimensione][0],
                "imprese": d.imprese,
                "importo": _plain(d.importo),
            }
            for d in summary.dimensioni
        ]
    if summary.province is not None:
        out["province"] = [
            {"provincia": p.sigla, "codice_istat": p.codice_istat, "nome": p.nome, "imprese": n}
            for p, n in summary.province
        ]
    if summary.settori is not None:
        ranked, others = summary.top_sectors(top)
        out["settori"] = [
            {"ateco": s.ateco, "titolo": sector_title(s.ateco), "imprese": s.imprese}
            for s in ranked
        ]
        out["altri_settori"] = others
    if summary.covid is not None:
        out["covid"] = {"addendum": summary.covid[0], "originario": summary.covid[1]}
    if summary.prima_data:
        out["date_presentazione"] = {
            "prima": summary.prima_data.isoformat(),
            "ultima": summary.ultima_data.isoformat() if summary.ultima_data else None,
        }
    out["problemi"] = {
        "totale": summary.problem_count,
        "per_tipo": summary.issue_counts,
        "elenco": [
            {
                "tipo": i.kind,
                "riga": i.row,
                "colonna": i.column,
                "valore": i.value,
                "messaggio": i.message,
            }
            for i in summary.issues
        ],
    }
    return out


def _line(label: str, value: str, width: int = 58) -> str:
    return f"  {label}".ljust(width - len(value)) + value


def to_text(summary: RecordsSummary, top: int = DEFAULT_TOP) -> str:
    """A readable Italian report of the figures and of the data-quality problems."""
    c = fmt.count
    lines = [
        f"Registri delle domande: {summary.file} ({c(summary.rows)} righe)",
        "",
        "Monitoraggio domande",
        _line("Domande presentate", c(summary.presentate)),
        _line("Domande ammesse", c(summary.ammesse)),
        _line("di cui rinunciate o decadute", c(summary.rinunce_decadenze)),
        _line("Imprese beneficiarie", c(summary.beneficiari)),
        _line("Importo ammesso", fmt.euro(summary.importo_ammesso)),
    ]
    if summary.dimensioni is not None:
        lines += ["", "Imprese beneficiarie per dimensione (imprese, importo ammesso)"]
        for d in summary.dimensioni:
            label = f"{SIZE_LABELS[d.dimensione][0]} ({SIZE_LABELS[d.dimensione][1]})"
            lines.append(_line(label, c(d.imprese)) + fmt.euro(d.importo).rjust(16))
    if summary.covid is not None:
        lines += [
            "",
            "Imprese beneficiarie per modalità di partecipazione",
            _line("Addendum COVID-19", c(summary.covid[0])),
            _line("Avviso originario", c(summary.covid[1])),
        ]
    if summary.province is not None:
        lines += ["", "Imprese beneficiarie per provincia"]
        lines += [_line(f"{p.nome} ({p.sigla})", c(n)) for p, n in summary.province]
    if summary.settori is not None:
        ranked, others = summary.top_sectors(top)
        lines += ["", f"Principali settori di attività (ATECO 2007, primi {top})"]
        lines += [_line(f"{s.ateco} {sector_title(s.ateco)[:44]}", c(s.imprese)) for s in ranked]
        lines.append(_line("Altri settori", c(others)))
    if summary.prima_data and summary.ultima_data:
        lines += [
            "",
            f"Domande presentate dal {fmt.data_date(summary.prima_data)} "
            f"al {fmt.data_date(summary.ultima_data)}",
        ]
    lines += ["", *_quality_lines(summary)]
    return "\n".join(lines)


def _quality_lines(summary: RecordsSummary) -> list[str]:
    if not summary.problem_count:
        return ["Qualità dei dati: nessun problema trovato."]
    lines = [f"Qualità dei dati: {fmt.count(summary.problem_count)} problemi"]
    lines += [f"  {kind}: {fmt.count(n)}" for kind, n in summary.issue_counts.items()]
    lines.append("")
    for i in summary.issues:
        value = f" (valore trovato: {i.value!r})" if i.value is not None else ""
        lines.append(f"  riga {i.row}, colonna '{i.column}': {i.message}{value}")
    hidden = summary.problem_count - len(summary.issues)
    if hidden:
        lines.append(f"  ... e altri {fmt.count(hidden)} problemi non elencati")
    return lines


# --------------------------------------------------------------------------- report hook


def _config(spec: Mapping[str, Any], path: str) -> RecordsConfig:
    """Check the ``registri`` section of a report and turn it into a RecordsConfig."""

    def bad(sub: str, message: str, value: Any = None) -> ValueError:
        return _SpecError(f"{path}.{sub}" if sub else path, message, value)

    unknown = sorted(set(spec) - _REGISTRI_KEYS)
    if unknown:
        raise bad(
            unknown[0], f"campo non previsto; campi ammessi: {', '.join(sorted(_REGISTRI_KEYS))}"
        )
    colonne = spec.get("colonne") or {}
    if not isinstance(colonne, dict):
        raise bad("colonne", "attesa una sezione 'campo: intestazione della colonna'")
    for k, v in colonne.items():
        if k not in COLUMNS:
            raise bad(f"colonne.{k}", f"colonna non prevista; ammesse: {', '.join(COLUMNS)}")
        if not isinstance(v, str) or not v.strip():
            raise bad(f"colonne.{k}", "atteso il testo dell'intestazione della colonna", v)
    top = spec.get("settori_top", DEFAULT_TOP)
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= 30:
        raise bad("settori_top", "atteso un numero intero da 1 a 30", top)
    titles = spec.get("titoli_settori") or {}
    if not isinstance(titles, dict):
        raise bad("titoli_settori", "attesa una sezione 'divisione ATECO: titolo'")
    stati = spec.get("stati") or {}
    if not isinstance(stati, dict):
        raise bad("stati", "attesa una sezione 'stato nel file: stato di porreport'")
    for k, v in stati.items():
        if v not in STATUSES:
            raise bad(f"stati.{k}", f"stato non previsto; ammessi: {', '.join(STATUSES)}", v)
    foglio = spec.get("foglio")
    if foglio is not None and not isinstance(foglio, str):
        raise bad("foglio", "atteso il nome di un foglio", foglio)
    return RecordsConfig(
        colonne={k: str(v) for k, v in colonne.items()},
        foglio=foglio,
        settori_top=top,
        titoli_settori={str(k).zfill(2): str(v) for k, v in titles.items()},
        stati={str(k): str(v) for k, v in stati.items()},
    )


class _SpecError(ValueError):
    def __init__(self, path: str, message: str, value: Any = None) -> None:
        super().__init__(message)
        self.path, self.message, self.value = path, message, value


def monitoring_fields(
    summary: RecordsSummary, config: RecordsConfig, given: Mapping[str, Any]
) -> dict[str, Any]:
    """The ``monitoraggio`` fields of a report, computed; ``given`` adds what records lack.

    ``given`` may hold ``data_riferimento``, ``province`` (``illustrativo``, ``nota``) and
    ``covid`` (``titolo_addendum``); the figures themselves always come from the records.
    """
    out: dict[str, Any] = {k: v for k, v in given.items() if k not in ("province", "covid")}
    out |= {
        "presentate": summary.presentate,
        "ammesse": summary.ammesse,
        "rinunce_decadenze": summary.rinunce_decadenze,
        "beneficiari": summary.beneficiari,
        "importo_ammesso": summary.importo_ammesso,
    }
    if summary.dimensioni:
        out["dimensioni"] = [
            {"dimensione": d.dimensione, "imprese": d.imprese, "importo": d.importo}
            for d in summary.dimensioni
        ]
    if summary.province:
        extra = given.get("province") or {}
        out["province"] = {
            **extra,
            "valori": [{"provincia": p.sigla, "imprese": n} for p, n in summary.province],
        }
    if summary.settori:
        ranked, others = summary.top_sectors(config.settori_top)
        out["settori"] = [
            {"ateco": s.ateco, "imprese": s.imprese}
            | (
                {"titolo": config.titoli_settori[s.ateco]}
                if s.ateco in config.titoli_settori
                else {}
            )
            for s in ranked
        ]
        out["altri_settori"] = others
    if summary.covid is not None:
        extra = given.get("covid") or {}
        out["covid"] = {**extra, "addendum": summary.covid[0], "originario": summary.covid[1]}
    return out


def _check_given(given: Mapping[str, Any], summary: RecordsSummary, path: str) -> None:
    computed = sorted(set(given) & _COMPUTED)
    if computed:
        raise _SpecError(
            f"{path}.{computed[0]}",
            "campo calcolato dai registri delle domande: toglierlo, oppure togliere 'registri'",
        )
    for part, allowed, present in (
        ("province", {"illustrativo", "nota"}, summary.province),
        ("covid", {"titolo_addendum"}, summary.covid),
    ):
        value = given.get(part)
        if value is None:
            continue
        if not isinstance(value, dict) or set(value) - allowed:
            raise _SpecError(
                f"{path}.{part}",
                "con 'registri' le cifre vengono dai registri: qui sono ammessi solo "
                + ", ".join(sorted(allowed)),
            )
        if not present:
            raise _SpecError(
                f"{path}.{part}", f"i registri delle domande non hanno la colonna '{part}'"
            )


def _warnings(summary: RecordsSummary, path: str, name: str) -> list[Problem]:
    """Loader warnings: the first problems of each kind, then how many more there are."""
    out: list[Problem] = []
    shown: dict[str, int] = {}
    for issue in summary.issues:
        shown[issue.kind] = shown.get(issue.kind, 0) + 1
        if shown[issue.kind] <= LOADER_LISTED:
            out.append(
                Problem(
                    path,
                    f"{issue.message} (colonna '{issue.column}')",
                    repr(issue.value) if issue.value is not None else None,
                    f"{name}, riga {issue.row}",
                )
            )
    for kind, total in summary.issue_counts.items():
        if total > LOADER_LISTED:
            out.append(
                Problem(
                    path,
                    f"altre {fmt.count(total - LOADER_LISTED)} righe con problemi di tipo "
                    f"'{kind}'; l'elenco completo con: porreport monitor {name}",
                    None,
                    name,
                )
            )
    return out


def resolve_records(
    raw: dict[str, Any], ctx: Any, *, strict: bool = False
) -> tuple[dict[str, Any], list[Problem]]:
    """The loader's hook: replace each ``monitoraggio.registri`` by the computed figures.

    ``ctx`` is the loader's context (``source``, ``where(path)``, ``inputs``); each records
    file is appended to ``ctx.inputs``. Returns the new raw report and the data-quality
    warnings; raises ``InputError`` for an unusable file or reference, and for any
    data-quality problem when ``strict``.
    """
    from porreport.inputs.messages import format_path
    from porreport.inputs.tables import resolve_inside

    avvisi = raw.get("avvisi")
    if not isinstance(avvisi, list) or not any(_has_records(a) for a in avvisi):
        return raw, []
    warnings: list[Problem] = []
    new_avvisi = []
    for i, avviso in enumerate(avvisi):
        if not _has_records(avviso):
            new_avvisi.append(avviso)
            continue
        key: tuple[str | int, ...] = ("avvisi", i, "monitoraggio", "registri")
        path = format_path(key)
        given = {k: v for k, v in avviso["monitoraggio"].items() if k != "registri"}
        spec = avviso["monitoraggio"]["registri"]
        try:
            if not isinstance(spec, dict):
                raise _SpecError(path, "attesa una sezione con almeno 'file: domande.csv'", spec)
            config = _config(spec, path)
            try:
                target = resolve_inside(
                    ctx.source.parent,
                    spec.get("file"),
                    limit=MAX_RECORDS_BYTES,
                    what="dei registri",
                )
                summary = summarise_file(target, config)
            except _SpecError:
                raise
            except ValueError as exc:
                raise _SpecError(f"{path}.file", str(exc), spec.get("file")) from None
            _check_given(given, summary, format_path(key[:-1]))
        except _SpecError as exc:
            value = None if exc.value is None else repr(exc.value)
            raise InputError(
                Problem(exc.path, exc.message, value, ctx.where(key)), source=str(ctx.source)
            ) from None
        ctx.inputs.append(target)
        warnings += _warnings(summary, path, target.name)
        new_avvisi.append({**avviso, "monitoraggio": monitoring_fields(summary, config, given)})
    if strict and warnings:
        raise InputError(warnings, source=str(ctx.source))
    return {**raw, "avvisi": new_avvisi}, warnings


def _has_records(avviso: Any) -> bool:
    return (
        isinstance(avviso, dict)
        and isinstance(avviso.get("monitoraggio"), dict)
        and "registri" in avviso["monitoraggio"]
    )


# --------------------------------------------------------------------------- CLI


def add_monitor_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``porreport monitor RECORDS [--json] [--strict] [--top N]``."""
    monitor = sub.add_parser(
        "monitor",
        help="calcola il monitoraggio di un avviso dai registri delle domande (CSV o XLSX)",
    )
    monitor.add_argument("records", help="file CSV o XLSX con una riga per domanda")
    monitor.add_argument("--json", action="store_true", help="stampa in JSON")
    monitor.add_argument(
        "--strict", action="store_true", help="esce con codice 2 se i dati hanno problemi"
    )
    monitor.add_argument(
        "--top", type=int, default=DEFAULT_TOP, help="quanti settori ATECO mostrare (default: 6)"
    )
    monitor.add_argument("--foglio", help="foglio del file XLSX (default: il primo)")
    monitor.add_argument(
        "--colonna",
        action="append",
        default=[],
        metavar="CAMPO=INTESTAZIONE",
        help="intestazione di una colonna, ad esempio --colonna 'stato=Esito istruttoria'",
    )
    monitor.set_defaults(func=_cmd_monitor)


def _cmd_monitor(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    colonne = {}
    for item in args.colonna:
        name, sep, header = item.partition("=")
        if not sep or name.strip() not in COLUMNS:
            raise InputError(
                f"--colonna: atteso CAMPO=INTESTAZIONE con CAMPO tra {', '.join(COLUMNS)}"
                f" (trovato: {item!r})"
            )
        colonne[name.strip()] = header.strip()
    if not 1 <= args.top <= 30:
        raise InputError(f"--top: atteso un numero da 1 a 30 (trovato: {args.top})")
    target = Path(args.records)
    try:
        summary = summarise_file(target, RecordsConfig(colonne=colonne, foglio=args.foglio))
    except ValueError as exc:
        raise InputError(str(exc), source=str(target)) from None
    if args.json:
        json.dump(to_json(summary, args.top), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        print(to_text(summary, args.top), file=out)
    if summary.problem_count:
        print(
            f"{'Errore' if args.strict else 'Avviso'}: {fmt.count(summary.problem_count)} "
            f"problemi nei dati di {target.name}",
            file=err,
        )
        if args.strict:
            return 2
    return 0
