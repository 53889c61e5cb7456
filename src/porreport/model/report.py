"""The data model of one report: typed, validated, and free of any output library.

Field names are the Italian words the people who edit the data use (``dotazione``,
``impegnate``, ``assi``); amounts are ``Decimal`` euro. Cross-field consistency rules live
in ``porreport.model.checks`` so that they can name the field and be downgraded to warnings.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from porreport.formatting import FormatSettings
from porreport.model.labels import SizeClass
from porreport.model.parsing import parse_count, parse_date, parse_money

Money = Annotated[Decimal, BeforeValidator(parse_money), Field(ge=0, le=10**13)]
Count = Annotated[int, BeforeValidator(parse_count), Field(ge=0, le=100_000_000)]
Date = Annotated[dt.date, BeforeValidator(parse_date)]
Text = Annotated[str, Field(min_length=1, max_length=5000)]
Label = Annotated[str, Field(min_length=1, max_length=300)]
# Labels that become slide titles, card headings or table cells: bounded so that the deck
# can always fit them (a longer text is refused with the field's name, not cut)
Title = Annotated[str, Field(min_length=1, max_length=150)]
Name = Annotated[str, Field(min_length=1, max_length=80)]

FIGURE_FIELDS = ("dotazione", "programmate", "impegnate", "liquidate", "certificata")
FigureField = Literal["dotazione", "programmate", "impegnate", "liquidate", "certificata"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Formato(_Model):
    """Per-report formatting style; see ``porreport.formatting.FormatSettings``."""

    valuta: Literal["prefisso", "suffisso"] = "prefisso"
    unita_milioni: Annotated[str, Field(min_length=1, max_length=10)] = "M€"
    data_breve: Literal["dd.MM.yyyy", "dd/MM/yyyy", "dd-MM-yyyy"] = "dd.MM.yyyy"
    data_dati: Literal["dd.MM.yyyy", "dd/MM/yyyy", "dd-MM-yyyy"] = "dd/MM/yyyy"
    decimali_milioni: Annotated[int, Field(ge=0, le=3)] = 1

    def settings(self) -> FormatSettings:
        """The formatter settings these choices stand for."""
        return FormatSettings(**self.model_dump())  # same field names


class Rapporto(_Model):
    """Who the report is for and when its data are from."""

    titolo: Title
    programma: Title
    regione: Name
    occasione: Title
    ufficio: Title | None = None
    data_riferimento: Date
    fonte: Label = "Sistema informativo regionale di monitoraggio"
    loghi: list[Label] = Field(default_factory=list, max_length=6)


class Panorama(_Model):
    """Programme totals, in euro."""

    dotazione: Money
    programmate: Money
    impegnate: Money
    liquidate: Money
    certificata: Money


class Richiamo(_Model):
    """A footnote marker attached to one figure of an axis (e.g. '*' = 'Inclusa la CIGD')."""

    campo: FigureField
    simbolo: Annotated[str, Field(min_length=1, max_length=3)] = "*"
    testo: Label


class Asse(_Model):
    """A priority axis and its four (or five) figures."""

    numero: Annotated[int, Field(ge=1, le=20)]
    titolo: Name
    dotazione: Money
    programmate: Money
    impegnate: Money
    liquidate: Money
    certificata: Money | None = None
    richiami: list[Richiamo] = Field(default_factory=list, max_length=5)


class Iniziativa(_Model):
    """An initiative under way or planned, attached to an axis."""

    asse: Annotated[int, Field(ge=1, le=20)]
    titolo: Label
    testo: Text
    importo: Money | None = None
    atti: list[Label] = Field(default_factory=list, max_length=20)


class Intervento(_Model):
    """One financed action of a call ("Azione A)")."""

    nome: Name
    testo: Text


class DotazioneAvviso(_Model):
    """A call's funding: the current amount, the initial one and the story between."""

    attuale: Money
    iniziale: Money | None = None
    testo: Text | None = None


class Emergenza(_Model):
    """The COVID-19 emergency note of a call."""

    testo: Text
    atto: Title | None = None


class ClasseDimensionale(_Model):
    """Beneficiaries of one firm-size class."""

    dimensione: SizeClass
    imprese: Count
    importo: Money
    etichetta: Name | None = None
    dipendenti: Name | None = None


class ValoreProvincia(_Model):
    """Beneficiaries in one province, given by ISTAT code, sigla or name."""

    provincia: Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v)]
    imprese: Count


class DistribuzioneProvince(_Model):
    """Beneficiaries by province. ``illustrativo`` marks figures the source does not give."""

    valori: list[ValoreProvincia] = Field(min_length=1, max_length=107)
    illustrativo: bool = False
    nota: Text | None = None


class Settore(_Model):
    """Beneficiaries in one ATECO 2007 sector (a division such as '46', or a finer code)."""

    ateco: Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v)]
    imprese: Count
    titolo: Title | None = None


class Covid(_Model):
    """Beneficiaries under the COVID-19 addendum and under the original call."""

    addendum: Count
    originario: Count
    titolo_addendum: Label | None = None


class Monitoraggio(_Model):
    """Application monitoring of a call, as aggregates."""

    data_riferimento: Date | None = None
    presentate: Count
    ammesse: Count
    rinunce_decadenze: Count
    beneficiari: Count
    importo_ammesso: Money
    dimensioni: list[ClasseDimensionale] = Field(default_factory=list, max_length=4)
    province: DistribuzioneProvince | None = None
    settori: list[Settore] = Field(default_factory=list, max_length=100)
    altri_settori: Count | None = None  # beneficiaries in the divisions not listed
    covid: Covid | None = None


class Valutazione(_Model):
    """Assessment of a measure: strengths and what to improve."""

    punti_di_forza: list[Text] = Field(default_factory=list, max_length=20)
    aspetti_da_migliorare: list[Text] = Field(default_factory=list, max_length=20)


class Avviso(_Model):
    """A call for applications: its description, monitoring and assessment."""

    titolo: Title
    asse: Annotated[int, Field(ge=1, le=20)] | None = None
    finalita: Text
    interventi: list[Intervento] = Field(default_factory=list, max_length=10)
    nota_interventi: Text | None = None
    dotazione: DotazioneAvviso
    emergenza: Emergenza | None = None
    monitoraggio: Monitoraggio | None = None
    valutazione: Valutazione | None = None


class Report(_Model):
    """One report: the whole content of a committee deck and of its bulletin."""

    rapporto: Rapporto
    formato: Formato = Formato()
    panorama: Panorama
    assi: list[Asse] = Field(min_length=1, max_length=6)
    iniziative: list[Iniziativa] = Field(default_factory=list, max_length=1000)
    avvisi: list[Avviso] = Field(default_factory=list, max_length=20)
