"""Helpers the section builders share: the "Dati al" note, the speaker notes' source line,
percentages of a whole, a monitoring's cut-off date and the example mark."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from decimal import Decimal

from porreport import formatting as fmt
from porreport.content.document import Section
from porreport.formatting import FormatSettings
from porreport.model.report import Monitoraggio, Report

# The mark of a report whose figures are invented (rapporto.esempio: true).
EXAMPLE_NOTE = "Esempio illustrativo: cifre inventate"


def cutoff_note(date: dt.date, s: FormatSettings) -> str:
    """'Dati al 30/09/2021': every cut-off note uses ``formato.data_dati``; titles and running
    text use ``formato.data_breve``."""
    return f"Dati al {fmt.data_date(date, s)}"


def report_cutoff(report: Report, s: FormatSettings) -> str:
    """The report's own cut-off note."""
    return cutoff_note(report.rapporto.data_riferimento, s)


_SPACES = re.compile(r"[ \t\r\n]+")  # not the no-break space that binds a figure to its unit


def sentences(*parts: str | None) -> str:
    """Non-empty parts joined by one space, with no doubled or trailing spaces."""
    cleaned = (_SPACES.sub(" ", p).strip() for p in parts if p)
    return " ".join(p for p in cleaned if p)


def source_notes(report: Report, cutoff: str, *extra: str | None) -> str:
    """The speaker notes of a section: the data source, the cut-off date, then ``extra``."""
    return sentences(f"Fonte dei dati: {report.rapporto.fonte}.", f"{cutoff}.", *extra)


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
    return cutoff_note(m.data_riferimento or report.rapporto.data_riferimento, s)


def count_noun(n: int, singular: str, plural: str) -> str:
    """'1 iniziativa', '14 iniziative'."""
    return f"{fmt.count(n)} {singular if n == 1 else plural}"


def mark_example(section: Section) -> Section:
    """The section with the example mark in its illustrative note."""
    note = sentences(f"{EXAMPLE_NOTE}.", section.illustrative)
    return replace(section, illustrative=note)
