"""Reports of other shapes than the bundled example, for the deck's layout tests.

Each variant is the example report changed in one way a new user's report differs (five or
six axes with long titles, one axis, 300 initiatives, a call with no financed actions,
amounts in billions with cents, a call to people without firm sizes, sectors or provinces),
or a document with blocks the builder does not make from a report (eight cards, the section
of docs/api.md). ``VARIANTS`` maps a name to a function that returns the built Document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from functools import cache

from porreport import formatting as fmt
from porreport.content.builder import build_document
from porreport.content.document import (
    Cards,
    Chart,
    ChartSpec,
    Document,
    Section,
    Series,
    Table,
    TextBlock,
)
from porreport.inputs.loading import load
from porreport.model.report import Report
from porreport.model.vocabulary import roman
from porreport.resources import example_report

LONG_AXES = (
    "Occupazione sostenibile e di qualità e sostegno alla mobilità professionale",
    "Inclusione sociale, lotta alla povertà e a ogni forma di discriminazione",
    "Istruzione, formazione e apprendimento permanente per competenze e qualificazioni",
    "Capacità istituzionale e amministrativa delle autorità pubbliche e delle parti",
    "Assistenza tecnica alla preparazione, attuazione, sorveglianza e valutazione",
    "Giovani: occupazione giovanile, garanzia per i giovani e contrasto ai NEET",
)


@cache
def example() -> Report:
    """The bundled example report."""
    return load(example_report()).report


def _axes(count: int, long_titles: bool) -> Report:
    report = example()
    base = report.assi
    assi = []
    for k in range(count):
        asse = base[k % len(base)]
        title = LONG_AXES[k] if long_titles else asse.titolo
        assi.append(asse.model_copy(update={"numero": k + 1, "titolo": title}))
    iniziative = [i for i in report.iniziative if i.asse <= count]
    return report.model_copy(update={"assi": assi, "iniziative": iniziative})


def axes_5_long() -> Document:
    """Five axes with long titles."""
    return build_document(_axes(5, True))


def axes_6_long() -> Document:
    """Six axes with long titles."""
    return build_document(_axes(6, True))


def axes_6() -> Document:
    """Six axes with the example's short titles."""
    return build_document(_axes(6, False))


def axis_1() -> Document:
    """A programme with one axis, its initiatives and its call."""
    return build_document(_axes(1, False))


def initiatives_300() -> Document:
    """300 initiatives over four axes, with amounts and acts."""
    report = example()
    base = report.iniziative
    iniziative = [
        base[k % len(base)].model_copy(
            update={
                "asse": k % 4 + 1,
                "titolo": f"Iniziativa n. {k + 1} per l’attuazione del programma",
                "atti": [f"decreto n. {1000 + k}/2021"],
            }
        )
        for k in range(300)
    ]
    return build_document(report.model_copy(update={"iniziative": iniziative}))


def call_without_actions() -> Document:
    """A call with no financed actions and no emergency: two description cards."""
    report = example()
    avviso = report.avvisi[0].model_copy(
        update={"interventi": [], "nota_interventi": None, "emergenza": None}
    )
    return build_document(report.model_copy(update={"avvisi": [avviso]}))


def _billions(value: Decimal) -> Decimal:
    """A figure turned into billions with cents (the same shares)."""
    return (value * 1000 + Decimal("0.37")).quantize(Decimal("0.01"))


def amounts_in_billions() -> Document:
    """Every amount a thousand times larger, with cents: '€ 10.705.500.000,37'."""
    report = example()
    fields = ("dotazione", "programmate", "impegnate", "liquidate", "certificata")
    panorama = report.panorama.model_copy(
        update={f: _billions(getattr(report.panorama, f)) for f in fields}
    )
    assi = [
        a.model_copy(update={f: _billions(getattr(a, f)) for f in fields[:4]}) for a in report.assi
    ]
    avviso = report.avvisi[0]
    m = avviso.monitoraggio
    assert m is not None
    dimensioni = [d.model_copy(update={"importo": d.importo * 1000}) for d in m.dimensioni]
    dimensioni[0] = dimensioni[0].model_copy(
        update={"importo": dimensioni[0].importo + Decimal("0.37")}
    )
    total = sum((d.importo for d in dimensioni), Decimal(0))
    monitoraggio = m.model_copy(update={"dimensioni": dimensioni, "importo_ammesso": total})
    avviso = avviso.model_copy(
        update={
            "monitoraggio": monitoraggio,
            "dotazione": avviso.dotazione.model_copy(
                update={"attuale": Decimal("11000000000.37"), "iniziale": Decimal("4500000000")}
            ),
        }
    )
    iniziative = [
        i.model_copy(update={"importo": _billions(i.importo)}) if i.importo else i
        for i in report.iniziative
    ]
    changed = report.model_copy(
        update={"panorama": panorama, "assi": assi, "avvisi": [avviso], "iniziative": iniziative}
    )
    return build_document(changed)


def call_to_people() -> Document:
    """A voucher call to people: monitoring with the funnel only (no firm sizes, no split,
    no provinces, no sectors) and no assessment."""
    report = example()
    avviso = report.avvisi[0]
    assert avviso.monitoraggio is not None
    monitoraggio = avviso.monitoraggio.model_copy(
        update={
            "dimensioni": [],
            "covid": None,
            "province": None,
            "settori": [],
            "altri_settori": None,
        }
    )
    avviso = avviso.model_copy(
        update={
            "titolo": "Avviso Dote Unica Lavoro per persone disoccupate",
            "emergenza": None,
            "monitoraggio": monitoraggio,
            "valutazione": None,
        }
    )
    return build_document(report.model_copy(update={"avvisi": [avviso]}))


def long_assessment() -> Document:
    """An assessment whose strengths run over three slides, one of them longer than a whole
    column."""
    report = example()
    avviso = report.avvisi[0]
    assert avviso.valutazione is not None
    strengths = list(avviso.valutazione.punti_di_forza)
    long_one = " ".join(strengths * 4)
    valutazione = avviso.valutazione.model_copy(
        update={"punti_di_forza": [*strengths, long_one, *strengths]}
    )
    avviso = avviso.model_copy(update={"valutazione": valutazione})
    return build_document(report.model_copy(update={"avvisi": [avviso]}))


def eight_cards() -> Document:
    """The axes slide with eight cards."""
    document = build_document(example())
    section = next(s for s in document.sections if s.id == "assi")
    (block,) = [b for b in section.blocks if isinstance(b, Cards)]
    base = block.cards
    cards = tuple(replace(base[k % len(base)], title=f"Asse {roman(k + 1)}") for k in range(8))
    return _replace_section(document, replace(section, blocks=(Cards(cards),)))


def api_section() -> Document:
    """The section of docs/api.md: a text, a table and a chart on the table_chart layout."""
    document = build_document(example())
    courses = [("Corsi avviati", 412), ("Corsi conclusi", 356), ("Partecipanti formati", 5120)]
    table = Table(
        columns=("Indicatore", "Valore"),
        rows=tuple((name, fmt.count(value)) for name, value in courses),
        align=("left", "right"),
        caption="Formazione continua al 30 giugno 2025",
    )
    chart = ChartSpec(
        id="formazione",
        kind="bar",
        title="Corsi di formazione continua",
        categories=tuple(name for name, _ in courses[:2]),
        series=(
            Series(
                "Corsi",
                tuple(float(v) for _, v in courses[:2]),
                tuple(fmt.count(v) for _, v in courses[:2]),
            ),
        ),
        unit="corsi",
        number_format="#,##0",
        alt_text="Grafico a barre: corsi avviati 412, corsi conclusi 356.",
    )
    section = Section(
        id="formazione",
        layout="table_chart",
        title="Formazione continua",
        subtitle="Dati di esempio",
        blocks=(
            TextBlock(None, ("Corsi finanziati dall'Asse I nel primo semestre.",)),
            table,
            Chart(chart),
        ),
        cutoff="Dati al 30/06/2025",
    )
    k = 1 + next(i for i, s in enumerate(document.sections) if s.id == "assi")
    return replace(document, sections=(*document.sections[:k], section, *document.sections[k:]))


def _replace_section(document: Document, section: Section) -> Document:
    sections = tuple(section if s.id == section.id else s for s in document.sections)
    return replace(document, sections=sections)


VARIANTS: dict[str, Callable[[], Document]] = {
    "assi_5_lunghi": axes_5_long,
    "assi_6_lunghi": axes_6_long,
    "assi_6": axes_6,
    "asse_1": axis_1,
    "schede_8": eight_cards,
    "iniziative_300": initiatives_300,
    "avviso_senza_interventi": call_without_actions,
    "importi_miliardi": amounts_in_billions,
    "avviso_persone": call_to_people,
    "valutazione_lunga": long_assessment,
    "sezione_api": api_section,
}
