"""Firm-size classes: their codes, their Italian labels and their employee bands.

One table serves every output: the deck and the bulletin write the employees in words
("tra 10 e 49 dipendenti"), ``porreport monitor`` in the compact band ("10-49"), and the
records import derives a class from the number of employees with the same thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SizeClass = Literal["micro", "piccola", "media", "grande"]


@dataclass(frozen=True)
class FirmSize:
    """One class of the EU definition of SMEs (Recommendation 2003/361/EC), by headcount."""

    code: SizeClass
    label: str  # "Piccola impresa"
    employees: str  # "tra 10 e 49 dipendenti": the documents' table column
    band: str  # "10-49": the compact form of the monitoring report
    min_employees: int  # the smallest headcount of the class


FIRM_SIZES: dict[SizeClass, FirmSize] = {
    size.code: size
    for size in (
        FirmSize("micro", "Microimpresa", "meno di 10 dipendenti", "meno di 10", 0),
        FirmSize("piccola", "Piccola impresa", "tra 10 e 49 dipendenti", "10-49", 10),
        FirmSize("media", "Media impresa", "tra 50 e 249 dipendenti", "50-249", 50),
        FirmSize("grande", "Grande impresa", "250 dipendenti e oltre", "250 e oltre", 250),
    )
}
SIZE_ORDER: tuple[SizeClass, ...] = tuple(FIRM_SIZES)
