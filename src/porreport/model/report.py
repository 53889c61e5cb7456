"""The data model of one report: typed, validated, and free of any output library.

Field names are the Italian words the people who edit the data use (``dotazione``,
``impegnate``, ``assi``); amounts are ``Decimal`` euro. Cross-field consistency rules live
in ``porreport.model.checks`` so that they can name the field and be downgraded to warnings.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from porreport.formatting import FormatSettings
from porreport.model import vocabulary as voc
from porreport.model.labels import SizeClass
from porreport.model.parsing import (
    date_in_range,
    parse_count,
    parse_date,
    parse_money,
    whole_number,
)

Money = Annotated[Decimal, BeforeValidator(parse_money), Field(ge=0, le=10**13)]
Count = Annotated[int, BeforeValidator(parse_count), Field(ge=0, le=100_000_000)]
Date = Annotated[dt.date, BeforeValidator(parse_date), AfterValidator(date_in_range)]
# An axis number: digits only (pydantic alone would read '1_0' as 10, like Python)
AxisNumber = Annotated[int, Field(ge=1, le=20), BeforeValidator(whole_number)]
Text = Annotated[str, Field(min_length=1, max_length=5000)]
Label = Annotated[str, Field(min_length=1, max_length=300)]
# Labels that become slide titles, card headings or table cells: bounded so that the deck
# can always fit them (a longer text is refused with the field's name, not cut)
Title = Annotated[str, Field(min_length=1, max_length=150)]
Name = Annotated[str, Field(min_length=1, max_length=80)]

Genere = Literal["m", "f"]

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
    decimali_milioni: Annotated[int, Field(ge=0, le=3), BeforeValidator(whole_number)] = 1

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
    esempio: bool = Field(
        False,
        description="Rapporto di esempio con cifre inventate: ogni sezione e la copertina "
        "lo dichiarano.",
    )


class NomeAsse(_Model):
    """How the report names its axes: the word, its gender and the numbering.

    The singular, plural and gender are given together (a rule of ``checks``); defaults in
    ``porreport.model.vocabulary`` (Asse I for 2014-2020, Priorità 1 for 2021-2027)."""

    singolare: Name | None = Field(default=None, description="Ad esempio 'Asse' o 'Priorità'.")
    plurale: Name | None = Field(default=None, description="Ad esempio 'Assi' o 'Priorità'.")
    genere: Genere | None = Field(default=None, description="m (gli Assi) o f (le Priorità).")
    numerazione: Literal["romana", "araba", "codice"] | None = Field(
        default=None,
        description="romana ('Asse I'), araba ('Priorità 1') o codice (assi[].codice, "
        "'Priorità P1').",
    )

    def naming(self, programma: str) -> voc.AxisNaming:
        """The axis words, with the programme's defaults for what is not given."""
        default = voc.default_axis_naming(programma)
        noun = default.noun
        if self.singolare and self.plurale and self.genere:
            noun = voc.Noun(self.singolare, self.plurale, self.genere)
        return voc.AxisNaming(noun, self.numerazione or default.numbering)


class Destinatari(_Model):
    """Who a call's beneficiaries are, with the gender that articles and agreement need.

    Default: impresa beneficiaria / imprese beneficiarie, feminine."""

    singolare: Name = Field(description="Ad esempio 'persona destinataria'.")
    plurale: Name = Field(description="Ad esempio 'persone destinatarie'.")
    genere: Genere = Field(description="f ('delle persone') o m ('dei destinatari', 'degli enti').")
    breve: Name | None = Field(
        default=None,
        description="Il solo nome, per intestazioni e assi dei grafici ('Numero di persone'). "
        "Predefinito: la prima parola del plurale.",
    )
    ruolo: Literal["beneficiari", "destinatari"] | None = Field(
        default=None,
        description="La parola generica ('settori di attività dei beneficiari'). Predefinito: "
        "destinatari se il plurale lo dice, altrimenti beneficiari.",
    )

    def resolved(self) -> voc.Beneficiaries:
        """The beneficiaries' words with their defaults."""
        return voc.beneficiaries(self.singolare, self.plurale, self.genere, self.breve, self.ruolo)


class Vocabolario(_Model):
    """The report's words; each is optional and has a documented default."""

    programma: Name | None = Field(
        default=None,
        description="Nome breve del programma ('Dotazione POR', 'Panoramica dell’attuazione "
        "del PR FSE+'). Predefinito: la prima parola di rapporto.programma.",
    )
    asse: NomeAsse | None = None
    destinatari: Destinatari | None = Field(
        default=None, description="Destinatari predefiniti degli avvisi del rapporto."
    )


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

    numero: AxisNumber
    codice: Annotated[str, Field(min_length=1, max_length=20)] | None = Field(
        default=None, description="Codice mostrato con vocabolario.asse.numerazione: codice ('P1')."
    )
    titolo: Name
    dotazione: Money
    programmate: Money
    impegnate: Money
    liquidate: Money
    certificata: Money | None = None
    richiami: list[Richiamo] = Field(default_factory=list, max_length=5)


class Iniziativa(_Model):
    """An initiative under way or planned, attached to an axis."""

    asse: AxisNumber
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
    """The emergency a call answers (a card of its description)."""

    titolo: Title | None = Field(
        default=None, description=f"Titolo della scheda. Predefinito: {voc.EMERGENCY_TITLE}."
    )
    testo: Text
    atto: Title | None = None

    @property
    def title(self) -> str:
        """The card's title, with its default."""
        return self.titolo or voc.EMERGENCY_TITLE


class ClasseDimensionale(_Model):
    """Beneficiaries of one firm-size class."""

    dimensione: SizeClass
    imprese: Count
    importo: Money
    etichetta: Name | None = None
    dipendenti: Name | None = None


# The count of a province or a sector may be written `beneficiari:` for calls that do not
# go to firms (persons, municipalities); porreport.model.schema documents both names.
BENEFICIARY_COUNT = Field(validation_alias=AliasChoices("imprese", "beneficiari"))


def _one_count_name(data: object) -> object:
    """Refuse a row that gives both names of its count."""
    if isinstance(data, dict) and "imprese" in data and "beneficiari" in data:
        raise ValueError(
            "indicare imprese oppure beneficiari (due nomi dello stesso numero), non entrambi"
        )
    return data


class ValoreProvincia(_Model):
    """Beneficiaries in one province, given by ISTAT code, sigla or name."""

    provincia: Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v)]
    imprese: Count = BENEFICIARY_COUNT

    _one_count_name = model_validator(mode="before")(staticmethod(_one_count_name))


class DistribuzioneProvince(_Model):
    """Beneficiaries by province. ``illustrativo`` marks figures the source does not give."""

    valori: list[ValoreProvincia] = Field(min_length=1, max_length=107)
    illustrativo: bool = False
    nota: Text | None = None


class Settore(_Model):
    """Beneficiaries in one ATECO 2007 sector (a division such as '46', or a finer code)."""

    ateco: Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v)]
    imprese: Count = BENEFICIARY_COUNT
    titolo: Title | None = None

    _one_count_name = model_validator(mode="before")(staticmethod(_one_count_name))


class Covid(_Model):
    """Beneficiaries under the COVID-19 addendum and under the original call."""

    addendum: Count
    originario: Count
    titolo_addendum: Label | None = None


class Voce(_Model):
    """One route of a call's split: its label, its beneficiaries and what they did."""

    etichetta: Name = Field(description="Etichetta nel grafico, ad esempio 'Sportello online'.")
    valore: Count
    descrizione: Label | None = Field(
        default=None,
        description="Completa la frase '379 hanno partecipato …', ad esempio 'presentando "
        "domanda allo sportello online'. Predefinito: tramite “etichetta”.",
    )


class Ripartizione(_Model):
    """The beneficiaries of a call split between two routes (the general form of `covid`)."""

    titolo: Title | None = Field(
        default=None,
        description="Titolo del grafico. Predefinito: '<Destinatari> per modalità di "
        "partecipazione'.",
    )
    voci: list[Voce] = Field(min_length=2, max_length=2)


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
    ripartizione: Ripartizione | None = None

    def split(self, who: voc.Beneficiaries) -> voc.Split | None:
        """The call's split between two routes: ``ripartizione``, else ``covid``."""
        if self.ripartizione is not None:
            r = self.ripartizione
            routes = tuple(
                voc.SplitRoute(v.etichetta, v.valore, voc.route_text(v.descrizione, v.etichetta))
                for v in r.voci
            )
            return voc.Split(voc.SPLIT_ID, voc.split_title(r.titolo, who), routes)
        if self.covid is not None:
            c = self.covid
            return voc.covid_split(c.addendum, c.originario, c.titolo_addendum, who)
        return None


class Valutazione(_Model):
    """Assessment of a measure: strengths and what to improve."""

    punti_di_forza: list[Text] = Field(default_factory=list, max_length=20)
    aspetti_da_migliorare: list[Text] = Field(default_factory=list, max_length=20)


class Avviso(_Model):
    """A call for applications: its description, monitoring and assessment."""

    titolo: Title
    asse: AxisNumber | None = None
    destinatari: Destinatari | None = None
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
    vocabolario: Vocabolario = Vocabolario()
    panorama: Panorama
    assi: list[Asse] = Field(min_length=1, max_length=8)
    iniziative: list[Iniziativa] = Field(default_factory=list, max_length=1000)
    avvisi: list[Avviso] = Field(default_factory=list, max_length=20)

    @property
    def programme_name(self) -> str:
        """The programme's short name: vocabolario.programma, else the first word of its name."""
        return self.vocabolario.programma or voc.programme_short_name(self.rapporto.programma)

    @property
    def axis_naming(self) -> voc.AxisNaming:
        """How the axes are named (vocabolario.asse, else the programme period's default)."""
        given = self.vocabolario.asse or NomeAsse()
        return given.naming(self.rapporto.programma)

    def axis_label(self, numero: int) -> str:
        """The label of the axis with this number: 'Asse I', 'Priorità 1', 'Priorità P1'."""
        codes = {a.numero: a.codice for a in self.assi}
        return self.axis_naming.label(numero, codes.get(numero))

    def beneficiaries(self, avviso: Avviso) -> voc.Beneficiaries:
        """Who the call's beneficiaries are: its own destinatari, else the report's, else firms."""
        given = avviso.destinatari or self.vocabolario.destinatari
        return given.resolved() if given is not None else voc.BENEFICIARIES
