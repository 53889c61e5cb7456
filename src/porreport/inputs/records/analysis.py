"""Compute every figure of a call's monitoring from a records file, and list the rows whose
data look wrong (at most ``MAX_LISTED`` per check; all are counted).

The file is read in batches (``read``) and summed up as it goes (``_Tally``): memory holds
one batch, the running totals and the application ids, which are checked for repeats once
all are read. Each distinct text of a column is parsed once per file (``parse.Lookup``);
everything per row is NumPy over a batch. Sums of amounts are exact (Python integers when
NumPy's could wrap around); a file past ``MAX_RECORDS_ROWS`` rows is refused as it is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import pyarrow as pa

from porreport.formatting import count as format_count
from porreport.inputs.records import parse
from porreport.inputs.records.config import (
    DEFAULT_CONFIG,
    MAX_RECORDS_ROWS,
    STATUSES,
    RecordsConfig,
    too_many_rows,
)
from porreport.inputs.records.figures import RecordsSummary, SectorFigure, SizeFigure
from porreport.inputs.records.ids import IdIndex, integers
from porreport.inputs.records.issues import IssueLog
from porreport.inputs.records.read import Batch, StreamStopped, open_records, returning_memory
from porreport.model.labels import FIRM_SIZES, SIZE_ORDER
from porreport.model.reference import Province, find_province

MAX_LISTED = 1000  # problems listed per check (all are counted)
# Status cells counted one by one (a file has a handful); the others together as one.
MAX_STATUS_CELLS = 200
OTHER_STATUSES = "(altri stati)"
_ADMITTED = STATUSES.index("ammessa")
_WITHDRAWN = (STATUSES.index("rinunciata"), STATUSES.index("decaduta"))


def summarise_file(target: Path, config: RecordsConfig = DEFAULT_CONFIG) -> RecordsSummary:
    """Read a records file and compute its figures and problems (``ValueError`` if unusable)."""
    records = open_records(target, config)
    with returning_memory():
        try:
            return summarise_batches(records.batches(), records.headers, config, target.name)
        except StreamStopped:  # pandas' parser reads what pyarrow refused, or says why not
            return summarise_batches(records.batches_again(), records.headers, config, target.name)


def summarise_batches(
    batches: Iterable[Batch],
    headers: dict[str, str],
    config: RecordsConfig = DEFAULT_CONFIG,
    name: str = "",
) -> RecordsSummary:
    """Every figure of the call monitoring, and the data-quality problems, of records given
    in batches of rows (in file order).

    Each batch has one text column per logical column (see ``read``); ``headers`` names the
    file's header of each, for the problem report.
    """
    tally = _Tally(config, IssueLog(headers, MAX_LISTED))
    for batch in batches:
        tally.add(batch)
    return tally.summary(name)


@dataclass(frozen=True)
class _Distinct:
    """One column of a batch: its distinct cells and each row's index among them."""

    index: np.ndarray  # per row
    raw: list[str]  # distinct cells
    texts: list[str]  # the same, stripped

    @classmethod
    def of(cls, column: pa.ChunkedArray) -> _Distinct:
        """A column of texts, dictionary-encoded by the reader or not yet."""
        if not pa.types.is_dictionary(column.type):
            column = column.dictionary_encode()  # sheets and pandas' reading only
        chunks = column.unify_dictionaries().chunks  # one dictionary for every chunk
        if not chunks:
            return cls(np.zeros(0, dtype="int32"), [], [])
        index = np.concatenate([integers(c.indices) for c in chunks])
        raw = chunks[0].dictionary.to_pylist()
        return cls(index, raw, [t.strip() for t in raw])

    def in_order_of_appearance(self) -> list[int]:
        """The distinct cells (their positions in ``raw``) by the row each first appears on."""
        present, first = np.unique(self.index, return_index=True)
        return present[np.argsort(first)].tolist()

    def spread(self, values: Sequence[object], dtype: str = "int64") -> np.ndarray:
        """Values given per distinct cell, one per row."""
        return np.asarray(values, dtype=dtype)[self.index]

    def text(self, row: int) -> str:
        """The stripped cell of a row."""
        return self.texts[self.index[row]]


def _no_text(row: int) -> str:
    return ""


def _exact_sum(values: np.ndarray) -> int:
    """The sum of non-negative int64 values: NumPy's when it cannot pass int64's limit,
    else Python's, whose integers do not wrap around."""
    if not len(values):
        return 0
    if int(values.max()) < (2**63 - 1) // len(values):
        return int(values.sum())
    return sum(values.tolist())


class _Tally:
    """Running totals of a records file, batch by batch, and its problems."""

    def __init__(self, config: RecordsConfig, log: IssueLog) -> None:
        self.log, self.present = log, set(log.headers)
        self.rows = self.admitted = self.withdrawn = self.cents = 0
        self.ids = IdIndex()
        self.statuses: dict[str, int] = {}  # rows per status cell, in order of appearance
        self.firms, self.size_cents = np.zeros(4, dtype="int64"), [0, 0, 0, 0]
        self.province_firms: dict[int, int] = {}
        self.provinces: dict[int, Province] = {}
        self.sector_firms = np.zeros(100, dtype="int64")
        self.covid = [0, 0]
        self.dates: list[int] = []  # first and last valid date (ordinals) of each batch
        budget = parse.Budget(parse.MAX_PARSED)
        self.status = parse.Lookup(lambda t: parse.status_index(t, config.stati), budget)
        self.size = parse.Lookup(parse.size_index, budget)
        self.staff = parse.Lookup(parse.employees, budget)
        self.amount = parse.Lookup(parse.amount, budget)
        self.province = parse.Lookup(lambda t: find_province(t) if t else None, budget)
        self.division = parse.Lookup(parse.division, budget)
        self.flag = parse.Lookup(parse.covid_flag, budget)
        self.date = parse.Lookup(parse.date_ordinal, budget)

    def add(self, batch: Batch) -> None:
        """Count one batch of rows in."""
        start = self.rows
        self.rows += batch.num_rows
        if self.rows > MAX_RECORDS_ROWS:
            raise ValueError(too_many_rows(MAX_RECORDS_ROWS))
        blank = self.ids.add(batch.column("codice"))
        self.log.add("codice", "codice", blank, _no_text, "codice domanda mancante", start=start)
        status = self._statuses(batch, start)
        admitted = status == _ADMITTED
        withdrawn = (status == _WITHDRAWN[0]) | (status == _WITHDRAWN[1])
        self.admitted += int(admitted.sum())
        self.withdrawn += int(withdrawn.sum())
        cents = self._amounts(batch, admitted, start)
        if self.present & {"dimensione", "dipendenti"}:
            self._sizes(batch, admitted, cents, start)
        if "provincia" in self.present:
            self._provinces(batch, admitted, start)
        if "ateco" in self.present:
            self._sectors(batch, admitted, start)
        if "covid" in self.present:
            self._covid(batch, admitted, start)
        if "data" in self.present:
            self._dates(batch, start)

    def _statuses(self, batch: Batch, start: int) -> np.ndarray:
        column = _Distinct.of(batch.column("stato"))
        counts = np.bincount(column.index, minlength=len(column.raw)).tolist()
        if not self.statuses.keys() >= set(column.raw):  # new cells: keep the file's order
            for k in column.in_order_of_appearance():
                if len(self.statuses) < MAX_STATUS_CELLS:
                    self.statuses.setdefault(column.raw[k], 0)
        for cell, count in zip(column.raw, counts, strict=True):
            if count:
                key = cell if cell in self.statuses else OTHER_STATUSES
                self.statuses[key] = self.statuses.get(key, 0) + count
        status = column.spread(self.status(column.texts))
        log, text = self.log, column.text
        log.add("stato", "stato", status == -2, text, "stato della domanda mancante", start=start)
        unknown = "stato della domanda sconosciuto; attesi: " + ", ".join(STATUSES)
        log.add("stato", "stato", status == -1, text, unknown, start=start)
        return status

    def _amounts(self, batch: Batch, admitted: np.ndarray, start: int) -> np.ndarray:
        column = _Distinct.of(batch.column("importo"))
        parsed = self.amount(column.texts)
        values = np.asarray([v for v, _ in parsed], dtype="float64")  # at most MAX_AMOUNT
        cents = np.where(np.isnan(values), 0, np.round(values * 100)).astype("int64")
        cents = cents[column.index]
        flag = column.spread([f for _, f in parsed], "int8")
        bad, huge = flag == parse.AMOUNT_UNREADABLE, flag == parse.AMOUNT_TOO_LARGE
        log, text = self.log, column.text
        log.add(
            "importo", "importo", bad, text, "importo non leggibile; atteso ad esempio 7.500,00",
            start=start,
        )  # fmt: skip
        log.add(
            "importo", "importo", huge, text, _too_large, start=start, key="troppo grande",
        )  # fmt: skip
        missing = admitted & ~bad & ~huge & (cents == 0)
        log.add(
            "importo", "importo", missing, text, "importo ammesso mancante per una domanda ammessa",
            start=start,
        )  # fmt: skip
        self.cents += _exact_sum(cents[admitted])
        return cents

    def _sizes(self, batch: Batch, admitted: np.ndarray, cents: np.ndarray, start: int) -> None:
        n = batch.num_rows
        sizes = staff = None
        if "dimensione" in self.present:
            sizes = _Distinct.of(batch.column("dimensione"))
        if "dipendenti" in self.present:
            staff = _Distinct.of(batch.column("dipendenti"))
        declared = self._declared(sizes, start) if sizes else np.full(n, -2)
        derived = (
            self._derived(staff, declared, sizes is not None, start) if staff else np.full(n, -2)
        )
        size = np.where(declared >= 0, declared, derived)
        column, cells = ("dimensione", sizes) if sizes else ("dipendenti", staff)
        assert cells is not None  # the caller checked that one of the two is there
        self.log.add(
            "dimensione",
            column,
            admitted & (size == -2),
            cells.text,
            "classe dimensionale mancante (né dimensione né dipendenti) per una domanda ammessa",
            start=start,
        )
        chosen = admitted & (size >= 0)
        self.firms += np.bincount(size[chosen], minlength=4)
        for i in range(4):
            self.size_cents[i] += _exact_sum(cents[chosen & (size == i)])

    def _declared(self, sizes: _Distinct, start: int) -> np.ndarray:
        """The size class written in each row (-1 unknown, -2 missing)."""
        declared = sizes.spread(self.size(sizes.texts))
        self.log.add(
            "dimensione",
            "dimensione",
            declared == -1,
            sizes.text,
            "classe dimensionale sconosciuta; attese: micro, piccola, media, grande impresa",
            start=start,
        )
        return declared

    def _derived(
        self, staff: _Distinct, declared: np.ndarray, check: bool, start: int
    ) -> np.ndarray:
        """The size class from each row's employees (-2 when unknown); with ``check``,
        rows whose employees contradict their declared class are reported."""
        parsed = self.staff(staff.texts)
        bad = staff.spread([b for _, b in parsed], "bool")
        self.log.add(
            "dipendenti", "dipendenti", bad, staff.text, "numero di dipendenti non leggibile",
            start=start,
        )  # fmt: skip
        employees = np.asarray([e for e, _ in parsed], dtype="int64")
        derived = parse.size_from_employees(employees)[staff.index]  # classed once per text
        if check:
            mismatch = (declared >= 0) & (derived >= 0) & (declared != derived)
            self.log.add(
                "dipendenti", "dipendenti", mismatch, staff.text,
                lambda i: _mismatch_message(int(declared[i])), start=start, key="coerenza",
            )  # fmt: skip
        return derived

    def _checked(
        self,
        batch: Batch,
        column: str,
        lookup: parse.Lookup,
        missing: str,
        unknown: str,
        start: int,
    ) -> tuple[_Distinct, list]:
        """Look each distinct cell of ``column`` up; report empty and unknown cells by row."""
        cells = _Distinct.of(batch.column(column))
        found = lookup(cells.texts)
        empty = cells.spread([not t for t in cells.texts], "bool")
        not_found = cells.spread([f is None for f in found], "bool") & ~empty
        self.log.add(column, column, empty, cells.text, missing, start=start)
        self.log.add(column, column, not_found, cells.text, unknown, start=start)
        return cells, found

    def _provinces(self, batch: Batch, admitted: np.ndarray, start: int) -> None:
        cells, found = self._checked(
            batch,
            "provincia",
            self.province,
            "provincia mancante",
            "provincia sconosciuta; attesi un codice ISTAT (15), una sigla (MI) o un nome (Milano)",
            start,
        )
        istat = cells.spread([p.codice_istat if p else 0 for p in found])
        counts = np.bincount(istat[admitted & (istat > 0)], minlength=1)
        for code in np.flatnonzero(counts).tolist():
            self.province_firms[code] = self.province_firms.get(code, 0) + int(counts[code])
        self.provinces.update((p.codice_istat, p) for p in found if p)

    def _sectors(self, batch: Batch, admitted: np.ndarray, start: int) -> None:
        cells, divisions = self._checked(
            batch,
            "ateco",
            self.division,
            "codice ATECO mancante",
            "codice ATECO 2007 inesistente; atteso ad esempio '46.19.02', '62.01' o '46'",
            start,
        )
        number = cells.spread([int(d) if d else -1 for d in divisions])
        self.sector_firms += np.bincount(number[admitted & (number >= 0)], minlength=100)

    def _covid(self, batch: Batch, admitted: np.ndarray, start: int) -> None:
        cells = _Distinct.of(batch.column("covid"))
        flag = cells.spread(self.flag(cells.texts))
        self.log.add(
            "covid", "covid", flag == -1, cells.text,
            "valore non riconosciuto per l'addendum COVID; atteso sì o no", start=start,
        )  # fmt: skip
        self.covid[0] += int((admitted & (flag == 1)).sum())
        self.covid[1] += int((admitted & (flag == 0)).sum())

    def _dates(self, batch: Batch, start: int) -> None:
        cells = _Distinct.of(batch.column("data"))
        ordinal = cells.spread(self.date(cells.texts))
        self.log.add(
            "data", "data", ordinal == -1, cells.text,
            "data non valida; attesa ad esempio 21/10/2021 oppure 2021-10-21", start=start,
        )  # fmt: skip
        valid = ordinal[ordinal > 0]
        if len(valid):
            self.dates += [int(valid.min()), int(valid.max())]

    def _repeated_ids(self) -> None:
        """Rows whose application id appeared on an earlier row (known once all are read)."""
        repeats = self.ids.repeats(self.log.limit)
        repeated = np.zeros(self.rows, dtype=bool)
        repeated[repeats.rows] = True

        def text(i: int) -> str:
            return repeats.text(int(np.searchsorted(repeats.rows, i)))

        def message(i: int) -> str:
            first = int(repeats.first[np.searchsorted(repeats.rows, i)])
            return f"codice domanda ripetuto (già alla riga {first + 2})"

        self.log.add("codice", "codice", repeated, text, message, start=0, key="ripetuto")

    def summary(self, name: str) -> RecordsSummary:
        """The figures and problems of every batch counted in."""
        self._repeated_ids()
        present = self.present
        return RecordsSummary(
            file=name,
            rows=self.rows,
            presentate=self.rows,
            ammesse=self.admitted + self.withdrawn,
            rinunce_decadenze=self.withdrawn,
            beneficiari=self.admitted,
            importo_ammesso=Decimal(self.cents) / 100,
            dimensioni=self._size_figures() if present & {"dimensione", "dipendenti"} else None,
            province=self._province_figures() if "provincia" in present else None,
            settori=self._sector_figures() if "ateco" in present else None,
            covid=(self.covid[0], self.covid[1]) if "covid" in present else None,
            stati={t.strip() or "(vuoto)": c for t, c in self.statuses.items() if c},
            prima_data=dt.date.fromordinal(min(self.dates)) if self.dates else None,
            ultima_data=dt.date.fromordinal(max(self.dates)) if self.dates else None,
            issues=self.log.issues(),
            issue_counts=self.log.issue_counts(),
        )

    def _size_figures(self) -> tuple[SizeFigure, ...]:
        return tuple(
            SizeFigure(cls, int(self.firms[i]), Decimal(self.size_cents[i]) / 100)
            for i, cls in enumerate(SIZE_ORDER)
            if self.firms[i]
        )

    def _province_figures(self) -> tuple[tuple[Province, int], ...]:
        counted = sorted(self.province_firms.items())
        ranked = sorted(
            ((self.provinces[c], n) for c, n in counted if c in self.provinces),
            key=lambda x: (-x[1], x[0].nome),
        )
        return tuple(ranked)

    def _sector_figures(self) -> tuple[SectorFigure, ...]:
        ranked = sorted(
            (
                SectorFigure(f"{d:02d}", int(self.sector_firms[d]))
                for d in np.flatnonzero(self.sector_firms)
            ),
            key=lambda s: (-s.imprese, s.ateco),
        )
        return tuple(ranked)


def _too_large(row: int) -> str:
    """Made only for a row listed: formatting the figure loads the locale's data."""
    return f"importo oltre il massimo ammesso per una domanda ({format_count(parse.MAX_AMOUNT)} €)"


def _mismatch_message(declared: int) -> str:
    size = FIRM_SIZES[SIZE_ORDER[declared]]
    return (
        "numero di dipendenti non coerente con la classe dimensionale "
        f"'{size.label}' ({size.band} dipendenti)"
    )
