"""Italian formatting of amounts, counts, percentages and dates, all through Babel.

Every figure that reaches a document is formatted here, once, by the section builder;
renderers never format numbers. Styles are per-report settings (``FormatSettings``) whose
defaults follow the source presentation: "970,4 M€", "€ 1.980.000", "1.001", "88,0%",
"30.09.2021". A no-break space (U+00A0, present in Titillium Web) separates a figure from
its unit so that the two never end up on different lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Literal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LOCALE = "it_IT"
NBSP = "\xa0"
MILLION = Decimal(1_000_000)

CurrencyStyle = Literal["prefisso", "suffisso"]


@dataclass(frozen=True)
class FormatSettings:
    """How a report writes its figures.

    ``valuta``: "prefisso" gives "€ 1.980.000" (the source), "suffisso" gives CLDR's
    "1.980.000 €". ``unita_milioni``: the unit after millions ("M€"). ``data_breve``: a
    CLDR date pattern for titles ("dd.MM.yyyy" gives "30.09.2021"); ``data_dati``: the pattern
    of "Dati al ..." cut-off notes ("dd/MM/yyyy" gives "21/10/2021", as in the source).
    ``decimali_milioni``: decimals of amounts in millions (the source always shows one).
    """

    valuta: CurrencyStyle = "prefisso"
    unita_milioni: str = "M€"
    data_breve: str = "dd.MM.yyyy"
    data_dati: str = "dd/MM/yyyy"
    decimali_milioni: int = 1
    decimali_percentuali: int = 1


DEFAULT_SETTINGS = FormatSettings()


def _round(value: Decimal, digits: int) -> Decimal:
    """Round half up, as Italian accounting does (Babel would round half to even). What
    rounds to zero is plain zero: -0,04 M€ prints '0,0 M€', never '-0,0 M€'."""
    rounded = value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _decimal_pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits > 0 else "")


def number(value: Decimal | int | float, digits: int = 0) -> str:
    """A plain number with Italian separators: number(1234.5, 1) == '1.234,5'."""
    return _formatted(str(_round(Decimal(str(value)), digits)), digits)


@lru_cache(maxsize=4096)
def _formatted(rounded: str, digits: int) -> str:
    # Keyed by the rounded number's text; a chart formats its tick values several times, a
    # report its counts once each.
    return format_decimal(Decimal(rounded), format=_decimal_pattern(digits), locale=LOCALE)


def count(value: int) -> str:
    """A count of things: count(1001) == '1.001'."""
    return number(value, 0)


def megabytes(size: int) -> str:
    """A size in bytes as whole megabytes (MiB), rounded up: megabytes(12_000_000) == '12 MB'."""
    return f"{count(-(-size // (1024 * 1024)))} MB"


def millions(value: Decimal, settings: FormatSettings = DEFAULT_SETTINGS) -> str:
    """An amount in euro shown in millions: millions(Decimal(970_400_000)) == '970,4\\xa0M€'."""
    figure = number(Decimal(value) / MILLION, settings.decimali_milioni)
    return f"{figure}{NBSP}{settings.unita_milioni}"


def euro(
    value: Decimal | int, settings: FormatSettings = DEFAULT_SETTINGS, cents: bool | None = None
) -> str:
    """A full amount in euro: '€\\xa01.980.000' (prefisso) or '1.980.000\\xa0€' (suffisso).

    Whole amounts print without decimals, as in the source; others with two. ``cents`` forces
    the choice (a group of amounts printed alike).
    """
    amount = Decimal(value)
    if cents is None:
        cents = amount != amount.to_integral_value()
    digits = 2 if cents else 0
    rounded = _round(amount, digits)
    body = _decimal_pattern(digits)
    pattern = f"¤{NBSP}{body}" if settings.valuta == "prefisso" else f"{body}{NBSP}¤"
    return format_currency(rounded, "EUR", format=pattern, currency_digits=False, locale=LOCALE)


def _significant_in_millions(value: Decimal, settings: FormatSettings) -> bool:
    """Whether ``value`` keeps two significant digits in millions at the configured decimals
    (with one decimal: 1,0 M€ does, 0,9 M€ does not)."""
    digits = settings.decimali_milioni
    shown = _round(Decimal(value) / MILLION, digits)
    return abs(shown).scaleb(digits) >= 10


@dataclass(frozen=True)
class AmountScale:
    """How one group of amounts shown together is written: in millions ('970,4 M€', with
    ``decimali_milioni`` decimals) or in full euro ('€ 85.000', with cents for every amount
    when one has them). Cards, tables, chart labels and the native charts' number format of a
    group all come from the same scale, so the deck and the PDF agree."""

    millions: bool
    settings: FormatSettings = DEFAULT_SETTINGS
    cents: bool = False

    def text(self, value: Decimal | int) -> str:
        """The amount as the group writes it."""
        if self.millions:
            return millions(Decimal(value), self.settings)
        return euro(value, self.settings, self.cents)

    def chart_value(self, value: Decimal | int) -> float:
        """The amount in the scale's unit, for a chart (millions or euro)."""
        return float(Decimal(value) / MILLION) if self.millions else float(value)

    @property
    def unit(self) -> str:
        """'M€' (or the configured unit) or '€'."""
        return self.settings.unita_milioni if self.millions else "€"

    @property
    def unit_words(self) -> str:
        """'milioni di euro' or 'euro', for chart titles."""
        return "milioni di euro" if self.millions else "euro"

    @property
    def axis_title(self) -> str:
        """A chart's value-axis title: 'Milioni di euro (M€)' or 'Euro (€)'."""
        return f"{self.unit_words[:1].upper()}{self.unit_words[1:]} ({self.unit})"

    @property
    def number_format(self) -> str:
        """The Excel number format of the native charts: '#,##0.0" M€"', '"€ "#,##0'."""
        if self.millions:
            unit = self.settings.unita_milioni.replace('"', "")
            return f'{_decimal_pattern(self.settings.decimali_milioni)}" {unit}"'
        body = _decimal_pattern(2 if self.cents else 0)
        return f'"€ "{body}' if self.settings.valuta == "prefisso" else f'{body}" €"'


def amount_scale(
    values: Iterable[Decimal | int | None], settings: FormatSettings = DEFAULT_SETTINGS
) -> AmountScale:
    """The scale of a group of amounts shown together.

    Millions when every nonzero amount keeps at least two significant digits at the
    configured decimals (so no amount reads '0,0 M€' or '0,4 M€'), else full euro.
    """
    amounts = [Decimal(v) for v in values if v is not None]
    if all(_significant_in_millions(v, settings) for v in amounts if v):
        return AmountScale(True, settings)
    cents = any(v != v.to_integral_value() for v in amounts)
    return AmountScale(False, settings, cents)


def euro_scale(
    values: Iterable[Decimal | int | None], settings: FormatSettings = DEFAULT_SETTINGS
) -> AmountScale:
    """Full euro for a group of amounts, with cents for all when one has them (a table whose
    total and rows agree)."""
    amounts = [Decimal(v) for v in values if v is not None]
    return AmountScale(False, settings, any(v != v.to_integral_value() for v in amounts))


def percent(ratio: Decimal | float, settings: FormatSettings = DEFAULT_SETTINGS) -> str:
    """A ratio as a percentage: percent(Decimal('0.88')) == '88,0%'."""
    return number(Decimal(str(ratio)) * 100, settings.decimali_percentuali) + "%"


def short_date(value: dt.date, settings: FormatSettings = DEFAULT_SETTINGS) -> str:
    """A date in the report's short pattern: '30.09.2021'."""
    return format_date(value, settings.data_breve, locale=LOCALE)


def data_date(value: dt.date, settings: FormatSettings = DEFAULT_SETTINGS) -> str:
    """A date in the pattern of cut-off notes: '21/10/2021'."""
    return format_date(value, settings.data_dati, locale=LOCALE)


def long_date(value: dt.date) -> str:
    """A date in words: '30 settembre 2021'."""
    return format_date(value, "long", locale=LOCALE)


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator, or None when the denominator is zero."""
    if denominator == 0:
        return None
    return Decimal(numerator) / Decimal(denominator)
