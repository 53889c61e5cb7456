"""Reference tables: Italian provinces (ISTAT) and ATECO 2007 titles."""

from __future__ import annotations

import csv
import difflib
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from porreport.resources import resource_dir


@dataclass(frozen=True)
class Province:
    """An Italian province as ISTAT lists it; a suppressed one knows where it went."""

    codice_istat: int
    sigla: str
    nome: str
    regione: str
    codice_regione: int
    soppressa_nel: int | None = None  # the year it was suppressed
    confluita_in: int | None = None  # the current province that took over its territory
    altri_nomi: tuple[str, ...] = ()

    @property
    def short_name(self) -> str:
        """The Italian half of bilingual names ('Bolzano' for 'Bolzano/Bozen')."""
        return self.nome.split("/")[0]

    @property
    def current_code(self) -> int:
        """The ISTAT code of the current province its figures are drawn on."""
        return self.confluita_in or self.codice_istat


def lookup_key(text: object) -> str:
    """The text compared when looking names up: 'N. dipendenti' -> 'ndipendenti'.

    Case, accents, spaces and punctuation are ignored.
    """
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(c for c in decomposed if c.isalnum())


# Administrative prefixes that a province's name may carry in exported data.
_PREFIXES = tuple(
    lookup_key(p)
    for p in (
        "Città metropolitana di",
        "Libero consorzio comunale di",
        "Provincia autonoma di",
        "Provincia di",
        "Provincia del",
        "Provincia dell'",
        "Provincia della",
    )
)
# Provinces of the Sardinian reform in force from 2025 (regional law 7/2021): ISTAT uses
# their codes from 1 January 2026, and the map's boundaries are those of 2022.
SARDINIA_2025 = tuple(
    lookup_key(n)
    for n in ("Gallura Nord-Est Sardegna", "Sulcis Iglesiente", "Città metropolitana di Sassari")
)


def _read(row: dict[str, str]) -> Province:
    return Province(
        int(row["codice_istat"]),
        row["sigla"],
        row["nome"],
        row["regione"],
        int(row["codice_regione"]),
        int(row["soppressa_nel"]) if row["soppressa_nel"] else None,
        int(row["confluita_in"]) if row["confluita_in"] else None,
        tuple(n for n in row["altri_nomi"].split("|") if n),
    )


@cache
def all_provinces() -> tuple[Province, ...]:
    """Every province of the registry: the 107 current ones and the suppressed ones."""
    with (resource_dir("data") / "province.csv").open(encoding="utf-8") as fh:
        return tuple(_read(r) for r in csv.DictReader(fh))


@cache
def provinces() -> tuple[Province, ...]:
    """The 107 current provinces (those the map draws), by ISTAT code."""
    return tuple(p for p in all_provinces() if p.soppressa_nel is None)


def _names(p: Province) -> tuple[str, ...]:
    return (p.nome, *p.nome.split("/"), *p.altri_nomi)


@cache
def _province_index() -> dict[str, Province]:
    index: dict[str, Province] = {}
    for p in all_provinces():
        codes = (str(p.codice_istat), f"{p.codice_istat:03d}", p.sigla)
        for name in (*codes, *_names(p)):
            index[lookup_key(name)] = p
    return index


def _without_prefix(key: str) -> str:
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


def find_province(ref: str | int) -> Province | None:
    """The province with this ISTAT code, sigla or name (case, accents, punctuation and an
    administrative prefix such as 'Provincia di' ignored); suppressed ones included."""
    key = lookup_key(str(ref).strip())
    index = _province_index()
    return index.get(key) or index.get(_without_prefix(key))


def province_hint(ref: str | int) -> str | None:
    """Why an unknown province reference is unknown, or the name it is probably meant to be:
    'forse si intendeva 'Reggio nell'Emilia'?'."""
    key = lookup_key(str(ref).strip())
    if key in SARDINIA_2025 or _without_prefix(key) in SARDINIA_2025:
        return (
            "provincia della riforma sarda in vigore dal 2025, non ancora nei confini ISTAT "
            "usati dalla mappa: indicare la provincia 2016-2025 che la comprende (Sassari, "
            "Nuoro, Oristano, Sud Sardegna o Cagliari)"
        )
    if len(key) < 4:
        return None
    names = {lookup_key(n): n for p in all_provinces() for n in _names(p)}
    key = _without_prefix(key)
    starting = sorted(k for k in names if k.startswith(key))  # "Pesaro" -> "Pesaro e Urbino"
    close = starting or difflib.get_close_matches(key, list(names), n=1, cutoff=0.75)
    return f"forse si intendeva '{names[close[0]]}'?" if close else None


@cache
def _region_names() -> dict[str, str]:
    """Lookup key of each region's name (and of each half of a bilingual one) -> its name."""
    names: dict[str, str] = {}
    for p in provinces():
        for part in (p.regione, *p.regione.split("/")):
            names[lookup_key(part)] = p.regione
    return names


def region_named(text: str) -> str | None:
    """The region a report is about, from ``rapporto.regione`` ('Regione Lombardia',
    'Regione Autonoma della Sardegna', 'Provincia autonoma di Trento'), or None when the text
    names no region or province."""
    key = lookup_key(text)
    found = {name for part, name in _region_names().items() if part in key}
    if len(found) == 1:
        return found.pop()
    province = find_province(_without_prefix(key)) if not found else None
    return province.regione if province else None


class AtecoEntry(Protocol):
    """What is read of an entry of the ``ateco`` package (which ships no type hints)."""

    @property
    def code(self) -> str: ...

    @property
    def title(self) -> str: ...


@cache
def ateco_node(code: str) -> AtecoEntry | None:
    """The ATECO 2007 entry for a code ('46', '62.01', '25.1'), or None if it does not exist."""
    import ateco

    text = str(code).strip()
    try:
        return ateco.lookup(text, edition="2007")
    except Exception:  # the package raises on malformed codes; for us both mean "no such code"
        return None


def ateco_title(code: str) -> str | None:
    """The official title of an ATECO 2007 code, in sentence case, or None."""
    node = ateco_node(code)
    if node is None:
        return None
    title = node.title
    return title[:1] + title[1:].lower() if title.isupper() else title
