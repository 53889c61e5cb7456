"""Parse the figures people type or export: Italian amounts, counts and dates.

Shared by the YAML/CSV/XLSX loader and the application-records import. Every function
raises ``ValueError`` with an Italian message saying what was expected.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation

_MILLION_SUFFIX = re.compile(r"\s*(m€|mln\s*€?|mln\s*di\s*euro|milioni(\s*di\s*euro)?|m\s*euro)$")
_EURO_MARKS = re.compile(r"(€|\beur(o)?\b)", re.IGNORECASE)
_IT_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_IT_DECIMAL = re.compile(r"^-?\d+(,\d+)?$")
_DOT_DECIMAL = re.compile(r"^-?\d+\.\d+$")

# Fields whose values are codes or names, never figures: read as the text written even when
# it looks like a number ('012' is Varese's ISTAT code, '62.10' an ATECO class, '2021' a
# sheet). Figures in CSV/XLSX cells are converted by the model's own validators instead.
TEXT_FIELDS = frozenset({"provincia", "ateco", "codice", "foglio"})

MONEY_EXPECTED = "un importo in euro, ad esempio 1980000, '€ 1.980.000' oppure '970,4 M€'"
COUNT_EXPECTED = "un numero intero, ad esempio 764 oppure '1.001'"
DATE_EXPECTED = "una data, ad esempio 2021-09-30, '30/09/2021' oppure '30.09.2021'"
# The years a report's dates may fall in: the programming periods of the EU funds, with a
# wide margin. The deck, a zip file, stamps its parts with the report's date, and a zip's
# dates run from 1980 to 2107.
FIRST_YEAR, LAST_YEAR = 1980, 2100
# A count or an amount has at most 14 digits; a longer text is no figure (and past 4,300
# digits Python cannot even convert it).
MAX_DIGITS = 30


def _plain_number(text: str) -> Decimal:
    """Read '1.980.000,00', '970,4', '1980000' or '970.4' as a Decimal."""
    compact = text.replace(" ", "").replace("\xa0", "")
    if _IT_THOUSANDS.match(compact):
        compact = compact.replace(".", "").replace(",", ".")
    elif _IT_DECIMAL.match(compact):
        compact = compact.replace(",", ".")
    elif not _DOT_DECIMAL.match(compact):
        raise ValueError(f"atteso {MONEY_EXPECTED}")
    return Decimal(compact)


def parse_money(value: object) -> Decimal:
    """An amount in euro from a number or an Italian string ('970,4 M€' = 970.400.000)."""
    if isinstance(value, bool):
        raise ValueError(f"atteso {MONEY_EXPECTED}")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"atteso {MONEY_EXPECTED} (valore non finito)")
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"atteso {MONEY_EXPECTED} (valore non finito)")
        return Decimal(repr(value + 0.0))  # -0.0 + 0.0 is 0.0: a figure is never -0
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"atteso {MONEY_EXPECTED}")
    text = value.strip().lower()
    factor = Decimal(1)
    suffix = _MILLION_SUFFIX.search(text)
    if suffix:
        factor = Decimal(1_000_000)
        text = text[: suffix.start()]
    text = _EURO_MARKS.sub("", text).strip()
    if sum(c.isdigit() for c in text) > MAX_DIGITS:  # Decimal would overflow past 999,999
        raise ValueError(f"atteso {MONEY_EXPECTED}, di al massimo {MAX_DIGITS} cifre")
    try:
        amount = _plain_number(text) * factor
    except (ValueError, InvalidOperation):
        raise ValueError(f"atteso {MONEY_EXPECTED}") from None
    return Decimal(int(amount)) if amount == amount.to_integral_value() else amount.normalize()


def parse_count(value: object) -> int:
    """A count from an int or an Italian string ('1.001')."""
    if isinstance(value, bool):
        raise ValueError(f"atteso {COUNT_EXPECTED}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str):
        compact = value.strip().replace("\xa0", "").replace(" ", "")
        if len(compact) > MAX_DIGITS:
            raise ValueError(f"atteso {COUNT_EXPECTED}, di al massimo {MAX_DIGITS} cifre")
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", compact):  # '1.001' (thousands), not '1.5'
            compact = compact.replace(".", "")
        if re.fullmatch(r"-?\d+", compact):
            return int(compact)
    raise ValueError(f"atteso {COUNT_EXPECTED}")


def whole_number(value: object) -> object:
    """A small whole number (an axis, a number of decimals) as YAML or a table gives it.
    pydantic alone reads the text '1_0' as 10 (Python's digit grouping) and true as 1."""
    if isinstance(value, bool) or (isinstance(value, str) and "_" in value):
        raise ValueError("atteso un numero intero scritto in cifre, ad esempio 3")
    return value  # pydantic checks the rest (type, bounds)


def date_in_range(value: dt.date) -> dt.date:
    """Refuse a date outside FIRST_YEAR..LAST_YEAR (9999-12-31 is a real date, no report's)."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(
            f"data fuori dall'intervallo ammesso: attesa una data tra il {FIRST_YEAR} e il "
            f"{LAST_YEAR}, ad esempio 2021-09-30"
        )
    return value


def parse_date(value: object) -> dt.date:
    """A date from YAML (already a date), ISO text, or Italian 'GG/MM/AAAA' / 'GG.MM.AAAA'."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
        try:
            if match:
                day, month, year = (int(g) for g in match.groups())
                return dt.date(year, month, day)
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"data inesistente; attesa {DATE_EXPECTED}") from None
    raise ValueError(f"attesa {DATE_EXPECTED}")
