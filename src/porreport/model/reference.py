"""Reference tables: Italian provinces (ISTAT) and ATECO 2007 titles."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from porreport.resources import resource_dir


@dataclass(frozen=True)
class Province:
    """An Italian province as ISTAT lists it."""

    codice_istat: int
    sigla: str
    nome: str
    regione: str
    codice_regione: int

    @property
    def short_name(self) -> str:
        """The Italian half of bilingual names ('Bolzano' for 'Bolzano/Bozen')."""
        return self.nome.split("/")[0]


def lookup_key(text: object) -> str:
    """The text compared when looking names up: 'N. dipendenti' -> 'ndipendenti'.

    Case, accents, spaces and punctuation are ignored.
    """
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(c for c in decomposed if c.isalnum())


@cache
def provinces() -> tuple[Province, ...]:
    """All 107 provinces, by ISTAT code."""
    with (resource_dir("data") / "province.csv").open(encoding="utf-8") as fh:
        return tuple(
            Province(
                int(r["codice_istat"]),
                r["sigla"],
                r["nome"],
                r["regione"],
                int(r["codice_regione"]),
            )
            for r in csv.DictReader(fh)
        )


@cache
def _province_index() -> dict[str, Province]:
    index: dict[str, Province] = {}
    for p in provinces():
        for name in (
            str(p.codice_istat),
            f"{p.codice_istat:03d}",
            p.sigla,
            p.nome,
            *p.nome.split("/"),
        ):
            index[lookup_key(name)] = p
    index[lookup_key("Monza e Brianza")] = index[lookup_key("Monza e della Brianza")]
    index[lookup_key("Monza")] = index[lookup_key("Monza e della Brianza")]
    return index


def find_province(ref: str | int) -> Province | None:
    """The province with this ISTAT code, sigla or name (case and accents ignored)."""
    return _province_index().get(lookup_key(str(ref).strip()))


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
