"""Parse the texts of a records file: statuses, sizes, ATECO codes, dates, amounts.

Each function reads one text (already stripped of surrounding spaces); ``Lookup`` calls it
once per distinct text of a file (up to ``MAX_KNOWN`` of them at a time), so that everything
per row is NumPy. Unreadable values come back as negative numbers or flags, for the
data-quality report.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

import numpy as np

from porreport.formatting import count as format_count
from porreport.inputs.records.config import STATUSES
from porreport.model.labels import FIRM_SIZES
from porreport.model.parsing import parse_date
from porreport.model.reference import lookup_key

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
# The largest amount of one application: the ceiling of any amount of a report. In cents it
# is exact in a float and leaves a batch's sum far from int64's limit.
MAX_AMOUNT = 10**13
# What an amount's text may be besides a number: readable, or past ``MAX_AMOUNT``.
AMOUNT_OK, AMOUNT_UNREADABLE, AMOUNT_TOO_LARGE = 0, 1, 2
# Distinct texts remembered per column (and their characters in all); later ones are parsed
# each time: a file of a million different long texts would otherwise be held whole.
MAX_KNOWN = 20_000
MAX_KNOWN_CHARS = 8 * 1024 * 1024
# Texts parsed per file, all columns together (a few µs each: about 10 s of CPU).
MAX_PARSED = 4_000_000


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
    """The ATECO 2007 division ('46') of a code ('46.19.02', '461902', '46'), or None: the
    answer of ``ateco_node``, without its cache (a records file may hold millions of
    different texts, and each stays in that cache)."""
    if not text:
        return None
    import ateco  # loaded on the first code, as ``ateco_node`` does

    try:
        canonical = ateco.canonicalize(text)
    except ValueError:  # nothing but spaces
        return None
    return _DIVISIONS(canonical)


class _Divisions:
    """The division of canonical ATECO 2007 codes: asked of the ``ateco`` package for the
    first ``ASKED`` codes (15 µs each), then from a table of every code (20 ms to build)."""

    ASKED = 2_000

    def __init__(self) -> None:
        self.asked = 0
        self.table: dict[str, str] | None = None

    def __call__(self, canonical: str) -> str | None:
        import ateco  # loaded by ``division`` already

        if self.table is None and self.asked < self.ASKED:
            self.asked += 1
            try:
                node = ateco.lookup(canonical, edition="2007")
            except Exception:  # as ``ateco_node``: a malformed code is no code
                return None
            return str(node.code[:2]) if node is not None and node.code[:2].isdigit() else None
        if self.table is None:
            codes = {node.code for node in ateco.search(".", edition="2007", limit=1_000_000)}
            codes |= {
                d for d in (f"{i:02d}" for i in range(100)) if ateco.lookup(d, edition="2007")
            }
            self.table = {code: code[:2] for code in codes if code[:2].isdigit()}
        return self.table.get(canonical)


_DIVISIONS = _Divisions()


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


_AMOUNT_NOISE = re.compile(r"(?i)€|euro|eur|[\s\xa0\u202f]")
_ENGLISH_AMOUNT = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
_ITALIAN_THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")
_PLAIN_AMOUNT = re.compile(r"\d+(\.\d+)?")
_STAFF_NOISE = re.compile(r"[.\s\xa0]")
_STAFF_DECIMALS = re.compile(r",0+$")
_STAFF = re.compile(r"\d{1,9}")


def amount(text: str) -> tuple[float, int]:
    """An amount in euro (NaN when empty, not a number or too large) and ``AMOUNT_OK``,
    ``AMOUNT_UNREADABLE`` or ``AMOUNT_TOO_LARGE`` (over ``MAX_AMOUNT``).

    Same reading as ``porreport.model.parsing.parse_money`` for plain amounts: '1.980.000,00',
    '€ 7.500', '7500', '7500.5', '1,234.56'. Digits of other scripts match ``\\d`` but are
    not numbers: NaN, not unreadable.
    """
    t = _AMOUNT_NOISE.sub("", text)
    if _ENGLISH_AMOUNT.fullmatch(t):
        t = t.replace(",", "")
    elif "," in t or _ITALIAN_THOUSANDS.fullmatch(t):
        t = t.replace(".", "").replace(",", ".")
    if not _PLAIN_AMOUNT.fullmatch(t):
        return math.nan, AMOUNT_UNREADABLE if t != "" else AMOUNT_OK
    if not t.isascii():
        return math.nan, AMOUNT_OK
    value = float(t)  # as many digits as the text has: inf past a float's range
    if value > MAX_AMOUNT:
        return math.nan, AMOUNT_TOO_LARGE
    return value, AMOUNT_OK


def employees(text: str) -> tuple[int, bool]:
    """Employees (-1 when empty or not a number) and whether the text is unreadable."""
    t = _STAFF_DECIMALS.sub("", _STAFF_NOISE.sub("", text))
    if not _STAFF.fullmatch(t):
        return -1, t != ""
    return (int(t) if t.isascii() else -1), False


def size_from_employees(staff: np.ndarray) -> np.ndarray:
    """Size class index from employees (EU thresholds 10/50/250), -2 when unknown."""
    return np.where(staff < 0, -2, np.searchsorted(_THRESHOLDS, staff, side="right"))


T = TypeVar("T")


class Budget:
    """How many texts a file may still have parsed, all its columns together: parsing is
    the work that grows with the file's different texts, checked before it is done."""

    def __init__(self, limit: int) -> None:
        self.limit = self.left = limit

    def spend(self, count: int) -> None:
        """Take ``count`` parses; raises ``ValueError`` in Italian past the limit."""
        self.left -= count
        if self.left < 0:
            raise ValueError(
                f"il file ha oltre {format_count(self.limit)} valori diversi da leggere "
                "(stati, importi, date, province...), il massimo ammesso"
            )


class Lookup(Generic[T]):
    """``parse`` applied once per distinct text of a file, remembered across batches: the
    first ``MAX_KNOWN`` texts (``MAX_KNOWN_CHARS`` long in all), later ones parsed again
    each time they come. Every parse is taken from ``budget`` first."""

    def __init__(self, parse: Callable[[str], T], budget: Budget | None = None) -> None:
        self.parse = parse
        self.known: dict[str, T] = {}
        self.chars = 0
        self.budget = budget

    def __call__(self, texts: list[str]) -> list[T]:
        """The parsed value of each text, in order."""
        known = self.known
        new = [text for text in texts if text not in known]
        if not new:
            return [known[text] for text in texts]
        if self.budget is not None:
            self.budget.spend(len(new))
        fresh = {text: self.parse(text) for text in new}
        for text in new:
            if len(known) >= MAX_KNOWN or self.chars > MAX_KNOWN_CHARS:
                break
            known[text] = fresh[text]
            self.chars += len(text)
        return [fresh[text] if text in fresh else known[text] for text in texts]
