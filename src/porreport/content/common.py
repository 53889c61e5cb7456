"""Helpers the section builders share: Roman axis numbers, the speaker notes' source line,
percentages of a whole and a monitoring's cut-off date."""

from __future__ import annotations

from decimal import Decimal

from porreport import formatting as fmt
from porreport.formatting import FormatSettings
from porreport.model.report import Monitoraggio, Report


def roman(n: int) -> str:
    """Roman numeral of an axis number (1 -> 'I')."""
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while n >= value:
            out, n = out + letters, n - value
    return out


def source_notes(report: Report, cutoff: str, extra: str = "") -> str:
    """The speaker notes of a section: the data source, the cut-off date, then ``extra``."""
    text = f"Fonte dei dati: {report.rapporto.fonte}. {cutoff}."
    return f"{text} {extra}".strip()


def pct_of(value: Decimal, base: Decimal, s: FormatSettings) -> str | None:
    """``value`` as a percentage of ``base`` ('88,0%'); None when the base is zero."""
    ratio = fmt.ratio(value, base)
    return None if ratio is None else fmt.percent(ratio, s)


def pct_note(part: int, whole: int, what: str, s: FormatSettings) -> str | None:
    """'88,3% delle presentate': a count as a share of another, with what the whole is."""
    ratio = fmt.ratio(Decimal(part), Decimal(whole))
    return None if ratio is None else f"{fmt.percent(ratio, s)} {what}"


def monitoring_cutoff(report: Report, m: Monitoraggio, s: FormatSettings) -> str:
    """'Dati al ...' of a call's monitoring: its own date, else the report's."""
    date = m.data_riferimento or report.rapporto.data_riferimento
    return f"Dati al {fmt.data_date(date, s)}"
