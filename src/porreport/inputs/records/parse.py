"""Parse the columns of a records frame: statuses, sizes, ATECO codes, dates, amounts.

Every column is factorised first, so that Python parses each *distinct* text once
(provinces, ATECO codes, statuses, dates) and everything per row is NumPy. Unreadable values
come back as negative codes or masks, for the data-quality report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from porreport.inputs.records.config import STATUSES
from porreport.model.labels import FIRM_SIZES
from porreport.model.parsing import parse_date
from porreport.model.reference import ateco_node, lookup_key

# Status words of the exports, as lookup keys (see ``lookup_key``).
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
# The smallest headcount of each class but the first: 10, 50, 250.
_THRESHOLDS = [size.min_employees for size in FIRM_SIZES.values()][1:]


def distinct(column: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes per row and the distinct texts (stripped): parse each text once, not each row."""
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return codes, pd.Series(uniques, dtype=object).astype(str).str.strip()


def parse_distinct(column: pd.Series, parse: Callable[[str], object], dtype: str) -> np.ndarray:
    """``parse`` applied to each distinct value, spread back to the rows."""
    codes, texts = distinct(column)
    return np.asarray([parse(t) for t in texts.tolist()], dtype=dtype)[codes]


def status_index(text: str, extra: Mapping[str, str]) -> int:
    """Index in STATUSES, -1 when unknown, -2 when missing."""
    key = lookup_key(text)
    if not key:
        return -2
    for label, status in extra.items():
        if lookup_key(label) == key:
            return STATUSES.index(status)
    for status, words in _STATUS_WORDS.items():
        if key in words:
            return STATUSES.index(status)
    return -1


def size_index(text: str) -> int:
    """Index in SIZE_ORDER, -1 when unknown, -2 when missing."""
    key = lookup_key(text)
    if not key:
        return -2
    if "micro" in key:
        return 0
    for i, prefixes in enumerate((("piccol", "small"), ("medi",), ("grand", "large")), start=1):
        if key.startswith(prefixes):
            return i
    return -1


def division(text: str) -> str | None:
    """The ATECO 2007 division ('46') of a code ('46.19.02', '461902', '46'), or None."""
    if not text:
        return None
    node = ateco_node(text)
    if node is None or not node.code[:2].isdigit():
        return None
    return str(node.code[:2])


def covid_flag(text: str) -> int:
    """1 for the COVID-19 addendum, 0 for the original call, -1 when not recognised."""
    key = lookup_key(text)
    return 1 if key in _YES else 0 if key in _NO else -1


def date_ordinal(text: str) -> int:
    """Proleptic ordinal of the date, 0 when missing, -1 when not a date."""
    if not text:
        return 0
    try:
        return parse_date(text).toordinal()
    except ValueError:
        return -1


def amount_cents(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Amounts in euro cents (int64) and a mask of the unreadable ones; empty cells are 0.

    Same reading as ``porreport.model.parsing.parse_money`` for plain amounts: '1.980.000,00',
    '€ 7.500', '7500', '7500.5', '1,234.56'. Vectorised over the distinct texts.
    """
    codes, texts = distinct(column)
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


def employees_per_row(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Employees per row (-1 when empty) and a mask of unreadable values."""
    codes, texts = distinct(column)
    t = texts.str.replace(r"[.\s\xa0]", "", regex=True)
    t = t.str.replace(r",0+$", "", regex=True)
    ok = t.str.fullmatch(r"\d{1,9}")
    values = pd.to_numeric(t.where(ok), errors="coerce").to_numpy(dtype="float64")
    bad = (~ok.to_numpy(dtype=bool)) & (t.to_numpy() != "")
    number = np.where(np.isnan(values), -1, values).astype("int64")
    return number[codes], bad[codes]


def size_from_employees(employees: np.ndarray) -> np.ndarray:
    """Size class index from employees (EU thresholds 10/50/250), -2 when unknown."""
    return np.where(employees < 0, -2, np.searchsorted(_THRESHOLDS, employees, side="right"))
