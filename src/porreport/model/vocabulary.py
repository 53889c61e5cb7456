"""The report's own words: the documented Italian defaults, and how the data override them.

Every word of a document that depends on what the report is about lives here or in the data,
never in the section builders: the programme's short name ("POR", "PR FSE+"), the axis word
and its numbering ("Asse I", "Priorità 1", "Priorità P1"), the beneficiaries of a call with
their gender ("imprese beneficiarie", "persone destinatarie", "enti beneficiari"), the two
routes of a call ("Addendum COVID-19" / "Avviso originario") and the title of a call's
emergency card. The input fields are ``vocabolario`` (report), ``avvisi[].destinatari``,
``avvisi[].emergenza.titolo`` and ``avvisi[].monitoraggio.ripartizione`` (see the README);
the pydantic classes of ``porreport.model.report`` resolve them with the functions below.

Resolution rules:

- programme short name: ``vocabolario.programma``, else the first word of
  ``rapporto.programma`` ("POR FSE 2014-2020" -> "POR", "PR FSE+ 2021-2027" -> "PR");
- axes: ``vocabolario.asse``, else ``AXIS_2021_2027`` when the programme reads as a
  2021-2027 one (``looks_2021_2027``), else ``AXIS_2014_2020``;
- beneficiaries: ``avvisi[].destinatari``, else ``vocabolario.destinatari``, else
  ``BENEFICIARIES``; ``breve`` defaults to the first word of the plural, ``ruolo`` to
  "destinatari" when the plural says so, else "beneficiari";
- a call's split: ``monitoraggio.ripartizione``, else ``monitoraggio.covid`` read with the
  ``COVID_*`` words below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from porreport.model.grammar import Gender, Preposition, agree, capitalise, with_article

Numbering = Literal["romana", "araba", "codice"]
Role = Literal["beneficiari", "destinatari"]


@dataclass(frozen=True)
class Noun:
    """A noun phrase of the report with its grammar: 'Asse'/'Assi', masculine."""

    singular: str
    plural: str
    gender: Gender

    def the(
        self, *, plural: bool = True, preposition: Preposition | None = None, lower: bool = False
    ) -> str:
        """The phrase with its article: 'gli Assi', 'delle imprese beneficiarie'; ``lower``
        for running text ('degli assi')."""
        phrase = self.plural if plural else self.singular
        if lower:
            phrase = phrase.lower()
        return with_article(phrase, self.gender, plural, preposition)

    def agree(self, stem: str, *, plural: bool = True) -> str:
        """An adjective agreeing with the noun: 'riportat' -> 'riportati' / 'riportate'."""
        return agree(stem, self.gender, plural)


@dataclass(frozen=True)
class AxisNaming:
    """How the report names its axes: the word and the numbering."""

    noun: Noun
    numbering: Numbering

    def label(self, numero: int, codice: str | None = None) -> str:
        """'Asse I' (romana), 'Priorità 1' (araba) or 'Priorità P1' (codice)."""
        if self.numbering == "codice" and codice:
            mark = codice
        elif self.numbering == "romana":
            mark = roman(numero)
        else:
            mark = str(numero)
        return f"{self.noun.singular} {mark}"


@dataclass(frozen=True)
class Beneficiaries(Noun):
    """Who a call's beneficiaries are: the phrase ('imprese beneficiarie'), the noun alone for
    table headers and axis titles (``short``: 'imprese') and the generic role word
    (``role``: 'beneficiari' or 'destinatari', masculine plural)."""

    short: str = ""
    role: Role = "beneficiari"

    def the_short(self, preposition: Preposition | None = None) -> str:
        """The noun alone with its article: 'le imprese', 'dei destinatari'."""
        return with_article(self.short, self.gender, True, preposition)

    def the_role(self, preposition: Preposition | None = None) -> str:
        """The role word with its article: 'dei beneficiari', 'dei destinatari'."""
        return with_article(self.role, "m", True, preposition)

    @property
    def heading(self) -> str:
        """The plural as a heading or label: 'Imprese beneficiarie'."""
        return capitalise(self.plural)


@dataclass(frozen=True)
class SplitRoute:
    """One route of a call: its label, how many beneficiaries took it and the words that
    complete '379 hanno partecipato …'."""

    label: str
    value: int
    text: str


@dataclass(frozen=True)
class Split:
    """A call's beneficiaries split between routes (two, for the COVID-19 addendum)."""

    id: str
    title: str
    routes: tuple[SplitRoute, ...]


# --- documented defaults ---------------------------------------------------------------

AXIS_2014_2020 = AxisNaming(Noun("Asse", "Assi", "m"), "romana")
AXIS_2021_2027 = AxisNaming(Noun("Priorità", "Priorità", "f"), "araba")
BENEFICIARIES = Beneficiaries("impresa beneficiaria", "imprese beneficiarie", "f", "imprese")
EMERGENCY_TITLE = "Emergenza COVID-19"
# The words of the COVID-19 split, used when a call gives `covid:` (addendum / originario).
COVID_SPLIT_ID = "covid"
COVID_SPLIT_TITLE = "{breve} con dichiarazione COVID-19"  # "Imprese con dichiarazione ..."
COVID_ADDENDUM_LABEL = "Addendum COVID-19"
COVID_ORIGINAL_LABEL = "Avviso originario"
COVID_ADDENDUM_TEXT = "seguendo le disposizioni previste dall’Addendum “{titolo}”"
COVID_ORIGINAL_TEXT = "seguendo le disposizioni previste dall’Avviso originario"
# A split given as `ripartizione:` without a title or a description of a route.
SPLIT_ID = "ripartizione"
SPLIT_TITLE = "{Plurale} per modalità di partecipazione"
ROUTE_TEXT = "tramite “{etichetta}”"
# The axis the source leaves out of its cards; named in the remainder footnote when absent.
TECHNICAL_ASSISTANCE = "Assistenza tecnica"

_PERIOD_2021_2027 = re.compile(r"2021\s*[-–/]\s*(20)?27|\bFSE\+")


def roman(n: int) -> str:
    """Roman numeral of an axis number (1 -> 'I')."""
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while n >= value:
            out, n = out + letters, n - value
    return out


def programme_short_name(programma: str) -> str:
    """The default short name: the first word of the programme's name ('POR', 'PR')."""
    return programma.split()[0]


def looks_2021_2027(programma: str) -> bool:
    """Whether a programme's name reads as 2021-2027 ('PR ...', '2021-2027', 'FSE+'), whose
    programmes are organised in priorities rather than axes."""
    return programme_short_name(programma) == "PR" or bool(_PERIOD_2021_2027.search(programma))


def default_axis_naming(programma: str) -> AxisNaming:
    """The axis words a programme gets when its report does not name them."""
    return AXIS_2021_2027 if looks_2021_2027(programma) else AXIS_2014_2020


def beneficiaries(
    singular: str,
    plural: str,
    gender: Gender,
    short: str | None = None,
    role: Role | None = None,
) -> Beneficiaries:
    """Beneficiaries from the data, with the defaults for ``short`` and ``role``."""
    if role is None:
        role = "destinatari" if re.search(r"\bdestinatar", plural, re.IGNORECASE) else "beneficiari"
    return Beneficiaries(singular, plural, gender, short or plural.split()[0], role)


def covid_split(
    addendum: int, original: int, addendum_title: str | None, who: Beneficiaries
) -> Split:
    """The COVID-19 split of a call, in the words of the source presentation."""
    return Split(
        COVID_SPLIT_ID,
        COVID_SPLIT_TITLE.format(breve=capitalise(who.short)),
        (
            SplitRoute(
                COVID_ADDENDUM_LABEL,
                addendum,
                COVID_ADDENDUM_TEXT.format(titolo=addendum_title or COVID_ADDENDUM_LABEL),
            ),
            SplitRoute(COVID_ORIGINAL_LABEL, original, COVID_ORIGINAL_TEXT),
        ),
    )


def split_title(title: str | None, who: Beneficiaries) -> str:
    """A split's chart title: the given one, else 'Imprese beneficiarie per modalità di
    partecipazione'."""
    return title or SPLIT_TITLE.format(Plurale=who.heading)


def route_text(text: str | None, label: str) -> str:
    """The words after '379 hanno partecipato': the given ones, else 'tramite “label”'."""
    return text or ROUTE_TEXT.format(etichetta=label)


def is_technical_assistance(title: str) -> bool:
    """Whether an axis title names the technical-assistance axis."""
    return TECHNICAL_ASSISTANCE.casefold() in " ".join(title.casefold().split())
