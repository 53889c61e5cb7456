"""What is computed from a records file: the figures of a call's monitoring and the
data-quality problems of its rows. Plain frozen data, free of pandas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from porreport.model.labels import SizeClass
from porreport.model.reference import Province


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

    dimensione: SizeClass
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
