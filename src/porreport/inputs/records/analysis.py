"""Compute every figure of a call's monitoring from a records frame, and list the rows
whose data look wrong (at most ``MAX_LISTED`` of each kind; all are counted).

Speed: a million rows take a couple of seconds: each column is factorised and parsed once
per distinct text (``parse``), and everything per row is NumPy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from porreport.inputs.records.config import DEFAULT_CONFIG, STATUSES, RecordsConfig
from porreport.inputs.records.figures import Issue, RecordsSummary, SectorFigure, SizeFigure
from porreport.inputs.records.parse import (
    amount_cents,
    covid_flag,
    date_ordinal,
    distinct,
    division,
    employees_per_row,
    parse_distinct,
    size_from_employees,
    size_index,
    status_index,
)
from porreport.inputs.records.read import read_records
from porreport.model.labels import FIRM_SIZES, SIZE_ORDER
from porreport.model.reference import Province, find_province

MAX_LISTED = 1000  # problems listed per kind (all are counted)
T = TypeVar("T")


def summarise_file(target: Path, config: RecordsConfig = DEFAULT_CONFIG) -> RecordsSummary:
    """Read a records file and compute its figures and problems (``ValueError`` if unusable)."""
    frame, headers = read_records(target, config)
    return summarise(frame, headers, config, target.name)


def summarise(
    frame: pd.DataFrame,
    headers: dict[str, str],
    config: RecordsConfig = DEFAULT_CONFIG,
    name: str = "",
) -> RecordsSummary:
    """Every figure of the call monitoring, and the data-quality problems, of a records frame.

    ``frame`` has one text column per logical column (see ``read_records``); ``headers``
    names the file's header of each, for the problem report.
    """
    n = len(frame)
    issues = _Issues(frame, headers)
    _check_ids(frame, issues)

    status_codes, status_texts = distinct(frame["stato"])  # also counted raw, below
    distinct_statuses = status_texts.tolist()
    status = np.asarray([status_index(t, config.stati) for t in distinct_statuses], dtype="int64")[
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

    cents, bad_amount = amount_cents(frame["importo"])
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


def _sizes(
    frame: pd.DataFrame, beneficiary: np.ndarray, cents: np.ndarray, issues: _Issues
) -> tuple[SizeFigure, ...] | None:
    has_size, has_staff = "dimensione" in frame, "dipendenti" in frame
    if not (has_size or has_staff):
        return None
    n = len(frame)
    declared = (
        parse_distinct(frame["dimensione"], size_index, "int64") if has_size else np.full(n, -2)
    )
    if has_size:
        issues.add(
            "dimensione",
            "dimensione",
            declared == -1,
            "classe dimensionale sconosciuta; attese: micro, piccola, media, grande impresa",
        )
    derived = np.full(n, -2)
    if has_staff:
        employees, bad = employees_per_row(frame["dipendenti"])
        issues.add("dipendenti", "dipendenti", bad, "numero di dipendenti non leggibile")
        derived = size_from_employees(employees)
        if has_size:
            mismatch = (declared >= 0) & (derived >= 0) & (declared != derived)
            issues.add(
                "dipendenti",
                "dipendenti",
                mismatch,
                lambda i: (
                    "numero di dipendenti non coerente con la classe dimensionale "
                    f"'{FIRM_SIZES[SIZE_ORDER[declared[i]]].label}' "
                    f"({FIRM_SIZES[SIZE_ORDER[declared[i]]].band} dipendenti)"
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
    lookup: Callable[[str], T | None],
    issues: _Issues,
    missing: str,
    unknown: str,
) -> tuple[np.ndarray, list[T | None]]:
    """Look each distinct text of ``column`` up once; report empty and unknown cells by row.

    Returns the per-row codes and the lookup result of each distinct text (None if unknown).
    """
    codes, distinct_texts = distinct(frame[column])
    texts = distinct_texts.tolist()
    found = [lookup(t) if t else None for t in texts]
    empty = np.asarray([not t for t in texts], dtype=bool)[codes]
    not_found = np.asarray([f is None for f in found], dtype=bool)[codes] & ~empty
    issues.add(column, column, empty, missing)
    issues.add(column, column, not_found, unknown)
    return codes, found


def _provinces(
    frame: pd.DataFrame, beneficiary: np.ndarray, issues: _Issues
) -> tuple[tuple[Province, int], ...] | None:
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
        ((by_code[c], int(counts[c])) for c in np.flatnonzero(counts).tolist() if c in by_code),
        key=lambda x: (-x[1], x[0].nome),
    )
    return tuple(ranked)


def _sectors(
    frame: pd.DataFrame, beneficiary: np.ndarray, issues: _Issues
) -> tuple[SectorFigure, ...] | None:
    if "ateco" not in frame:
        return None
    codes, divisions = _checked_lookup(
        frame,
        "ateco",
        division,
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
    flag = parse_distinct(frame["covid"], covid_flag, "int64")
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
    ordinal = parse_distinct(frame["data"], date_ordinal, "int64")
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
