"""What a records file holds, and the ``registri:`` section that says how to read one.

The logical columns with the headers real exports use, the canonical statuses of an
application, and ``RecordsConfig``: header overrides, sheet, top sectors, status labels,
checked from a report's ``registri:`` section by ``parse_spec``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from porreport.formatting import count as format_count
from porreport.inputs.archive import ZipLimits
from porreport.inputs.xlsx import SheetLimits

MAX_RECORDS_BYTES = 500 * 1024 * 1024
# A CSV's rows (3 s on two cores; memory grows with the application ids, kept to find
# repeats) and its columns, checked as they are read. ``parse.MAX_PARSED`` bounds the time
# when the texts of every row differ.
MAX_RECORDS_ROWS = 2_500_000
MAX_RECORDS_COLUMNS = 1_000
# An XLSX's sheet: 1.5 million cells (openpyxl reads about 150,000 a second), Excel's rows.
RECORDS_SHEET = SheetLimits(
    archive=ZipLimits(parts=5_000, part_bytes=128 * 1024 * 1024, total_bytes=300 * 1024 * 1024),
    whole_part_bytes=8 * 1024 * 1024,
    shared_strings_bytes=32 * 1024 * 1024,
    shared_strings=500_000,
    rows=1_048_576,
    columns=MAX_RECORDS_COLUMNS,
    cells=1_500_000,
    other_elements=100_000,
)
DEFAULT_TOP = 6


def too_many_rows(limit: int) -> str:
    """The refusal of a file with more than ``limit`` rows."""
    return f"il file ha oltre {format_count(limit)} righe, il massimo ammesso"


# Logical columns, with the headers real exports use (compared ignoring case, accents,
# spaces and punctuation). ``colonne:`` in the report overrides any of them. Other columns
# (firm name, addresses, ...) are never read: no figure needs them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "codice": ("Codice domanda", "ID domanda", "Numero domanda", "Protocollo", "Codice", "ID"),
    "dimensione": ("Dimensione impresa", "Dimensione", "Classe dimensionale"),
    "dipendenti": ("N. dipendenti", "Numero dipendenti", "Dipendenti", "Addetti", "ULA"),
    "provincia": ("Provincia", "Provincia sede operativa", "Sigla provincia", "Prov."),
    "ateco": ("Codice ATECO", "ATECO", "ATECO 2007", "Codice attività"),
    "stato": ("Stato", "Stato domanda", "Stato della domanda", "Esito"),
    "importo": (
        "Importo ammesso",
        "Contributo ammesso",
        "Importo concesso",
        "Contributo concesso",
        "Importo",
    ),
    "covid": ("Addendum COVID", "Addendum COVID-19", "COVID", "Emergenza COVID"),
    "data": ("Data presentazione", "Data di presentazione", "Data domanda", "Data invio"),
}
REQUIRED = ("codice", "stato", "importo")

# Canonical statuses. "Ammesse" counts every application ever admitted (beneficiaries plus
# the ones later withdrawn or lapsed), as the source does: 884 = 764 + 120.
STATUSES = ("presentata", "ammessa", "rinunciata", "decaduta", "non ammessa")

_REGISTRI_KEYS = {"file", "colonne", "foglio", "settori_top", "titoli_settori", "stati"}


@dataclass(frozen=True)
class RecordsConfig:
    """How to read one records file: header overrides, sheet, top sectors, status labels."""

    colonne: Mapping[str, str] = field(default_factory=dict)
    foglio: str | None = None
    settori_top: int = DEFAULT_TOP
    titoli_settori: Mapping[str, str] = field(default_factory=dict)
    stati: Mapping[str, str] = field(default_factory=dict)


# How to read a file when nothing is said: the usual headers, the first sheet.
DEFAULT_CONFIG = RecordsConfig()


class SpecError(ValueError):
    """A mistake in a report's ``registri`` section: the field path, the message, the value."""

    def __init__(self, path: str, message: str, value: object = None) -> None:
        super().__init__(message)
        self.path, self.message, self.value = path, message, value


def parse_spec(spec: Mapping[str, object], path: str) -> RecordsConfig:
    """Check the ``registri`` section of a report and turn it into a RecordsConfig."""

    def bad(sub: str, message: str, value: object = None) -> SpecError:
        return SpecError(f"{path}.{sub}" if sub else path, message, value)

    unknown = sorted(set(spec) - _REGISTRI_KEYS)
    if unknown:
        raise bad(
            unknown[0], f"campo non previsto; campi ammessi: {', '.join(sorted(_REGISTRI_KEYS))}"
        )
    colonne = spec.get("colonne") or {}
    if not isinstance(colonne, dict):
        raise bad("colonne", "attesa una sezione 'campo: intestazione della colonna'")
    for k, v in colonne.items():
        if k not in COLUMNS:
            raise bad(f"colonne.{k}", f"colonna non prevista; ammesse: {', '.join(COLUMNS)}")
        if not isinstance(v, str) or not v.strip():
            raise bad(f"colonne.{k}", "atteso il testo dell'intestazione della colonna", v)
    top = spec.get("settori_top", DEFAULT_TOP)
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= 30:
        raise bad("settori_top", "atteso un numero intero da 1 a 30", top)
    titles = spec.get("titoli_settori") or {}
    if not isinstance(titles, dict):
        raise bad("titoli_settori", "attesa una sezione 'divisione ATECO: titolo'")
    stati = spec.get("stati") or {}
    if not isinstance(stati, dict):
        raise bad("stati", "attesa una sezione 'stato nel file: stato di porreport'")
    for k, v in stati.items():
        if v not in STATUSES:
            raise bad(f"stati.{k}", f"stato non previsto; ammessi: {', '.join(STATUSES)}", v)
    foglio = spec.get("foglio")
    if foglio is not None and not isinstance(foglio, str):
        raise bad("foglio", "atteso il nome di un foglio", foglio)
    return RecordsConfig(
        colonne={k: str(v) for k, v in colonne.items()},
        foglio=foglio,
        settori_top=top,
        titoli_settori={str(k).zfill(2): str(v) for k, v in titles.items()},
        stati={str(k): str(v) for k, v in stati.items()},
    )
