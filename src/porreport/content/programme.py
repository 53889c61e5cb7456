"""The sections about the whole programme: the panorama (totals and their chart), the axes
(cards and the comparison chart) and the initiatives grouped by axis."""

from __future__ import annotations

from decimal import Decimal

from porreport import formatting as fmt
from porreport.content.common import pct_of, roman, source_notes
from porreport.content.document import (
    Card,
    Cards,
    Chart,
    ChartSpec,
    Figure,
    Figures,
    Item,
    ItemGroup,
    ItemList,
    Section,
    Series,
)
from porreport.content.labels import FIGURE_LABELS, MLN_FORMAT, PANORAMA_LABELS, RATIO_FORMULAS
from porreport.formatting import FormatSettings
from porreport.model.report import Asse, Report


def panorama(report: Report, s: FormatSettings) -> Section:
    """Programme totals as key figures against the dotazione, with their column chart."""
    p = report.panorama
    date = fmt.short_date(report.rapporto.data_riferimento, s)
    items = []
    for field in ("programmate", "impegnate", "liquidate", "certificata"):
        value = getattr(p, field)
        pct = pct_of(value, p.dotazione, s)
        items.append(
            Figure(
                PANORAMA_LABELS[field],
                fmt.millions(value, s),
                f"{pct} della dotazione" if pct else None,
            )
        )
    headline = Figure(PANORAMA_LABELS["dotazione"], fmt.millions(p.dotazione, s))
    chart = _panorama_chart(report, s)
    notes = "; ".join(f"{i.label}: {i.value}" + (f" ({i.note})" if i.note else "") for i in items)
    return Section(
        id="panorama",
        layout="key_figures",
        title=f"Panoramica dell’attuazione del POR al {date}",
        subtitle=report.rapporto.programma,
        blocks=(Figures(tuple(items), "key", headline), Chart(chart)),
        footnotes=("Percentuali calcolate sulla dotazione: " + "; ".join(RATIO_FORMULAS) + ".",),
        cutoff=f"Dati al {date}",
        notes=source_notes(
            report, f"Dati al {date}", f"{headline.label}: {headline.value}. {notes}."
        ),
        outline="Panoramica del programma",
    )


def _panorama_chart(report: Report, s: FormatSettings) -> ChartSpec:
    p = report.panorama
    fields = ("programmate", "impegnate", "liquidate", "certificata")
    values = [getattr(p, f) for f in fields]
    cats = tuple(
        f"{PANORAMA_LABELS[f].removeprefix('Risorse ').capitalize()}\n{pct_of(v, p.dotazione, s) or ''}".strip()
        for f, v in zip(fields, values, strict=True)
    )
    labels = tuple(fmt.millions(v, s) for v in values)
    alt = (
        f"Grafico a colonne dell’attuazione del POR rispetto alla dotazione di "
        f"{fmt.millions(p.dotazione, s)}: "
        + "; ".join(
            f"{c.replace(chr(10), ' ')}: {lab}" for c, lab in zip(cats, labels, strict=True)
        )
    )
    return ChartSpec(
        id="panorama",
        kind="column",
        title="Attuazione rispetto alla dotazione",
        categories=cats,
        series=(Series("Milioni di euro", tuple(float(v / fmt.MILLION) for v in values), labels),),
        unit=s.unita_milioni,
        number_format=MLN_FORMAT,
        alt_text=alt,
        value_axis_title=f"Milioni di euro ({s.unita_milioni})",
        reference=(
            f"Dotazione {fmt.millions(p.dotazione, s)}",
            float(p.dotazione / fmt.MILLION),
        ),
    )


def _axis_card(asse: Asse, s: FormatSettings) -> Card:
    rows = []
    for field in ("dotazione", "programmate", "impegnate", "liquidate", "certificata"):
        value = getattr(asse, field)
        if value is None:
            continue
        markers = "".join(f"\xa0{r.simbolo}" for r in asse.richiami if r.campo == field)
        rows.append((FIGURE_LABELS[field], fmt.millions(value, s) + markers))
    return Card(f"Asse {roman(asse.numero)}", asse.titolo, tuple(rows))


def _axis_footnotes(report: Report, s: FormatSettings) -> tuple[str, ...]:
    notes: list[str] = []
    for asse in report.assi:
        for r in asse.richiami:
            line = f"{r.simbolo} {r.testo}"
            if line not in notes:
                notes.append(line)
    shown = sum((a.dotazione for a in report.assi), Decimal(0))
    remainder = report.panorama.dotazione - shown
    if remainder:
        notes.append(
            f"Gli assi riportati sommano {fmt.millions(shown, s)} di dotazione su "
            f"{fmt.millions(report.panorama.dotazione, s)} del POR: "
            f"{fmt.millions(abs(remainder), s)} "
            + (
                "non sono attribuiti agli assi riportati (es. Assistenza tecnica)."
                if remainder > 0
                else "in più rispetto alla dotazione del POR."
            )
        )
    return tuple(notes)


def axes(report: Report, s: FormatSettings) -> Section:
    """One card per axis with its financial figures; footnotes for markers and any remainder."""
    date = fmt.short_date(report.rapporto.data_riferimento, s)
    cards = tuple(_axis_card(a, s) for a in sorted(report.assi, key=lambda a: a.numero))
    summary = " ".join(
        f"{c.title} {c.subtitle}: " + ", ".join(f"{k} {v}" for k, v in c.rows) + "." for c in cards
    )
    return Section(
        id="assi",
        layout="cards",
        title=f"Panoramica dell’attuazione del POR al {date} per Assi",
        subtitle=report.rapporto.programma,
        blocks=(Cards(cards),),
        footnotes=_axis_footnotes(report, s),
        cutoff=f"Dati al {date}",
        notes=source_notes(report, f"Dati al {date}", summary),
        outline="Panoramica per Assi",
    )


def axes_chart(report: Report, s: FormatSettings) -> Section:
    """The axes compared in a clustered column chart."""
    date = fmt.short_date(report.rapporto.data_riferimento, s)
    assi = sorted(report.assi, key=lambda a: a.numero)
    fields = ("dotazione", "programmate", "impegnate", "liquidate")
    series = tuple(
        Series(
            FIGURE_LABELS[f],
            tuple(float(getattr(a, f) / fmt.MILLION) for a in assi),
            tuple(fmt.millions(getattr(a, f), s) for a in assi),
        )
        for f in fields
    )
    cats = tuple(f"Asse {roman(a.numero)}" for a in assi)
    alt = "Grafico a colonne raggruppate degli assi: " + "; ".join(
        f"{c} ({a.titolo}): " + ", ".join(f"{sr.name} {sr.labels[i]}" for sr in series)
        for i, (c, a) in enumerate(zip(cats, assi, strict=True))
    )
    spec = ChartSpec(
        id="assi",
        kind="clustered_column",
        title="Assi a confronto (milioni di euro)",
        categories=cats,
        series=series,
        unit=s.unita_milioni,
        number_format=MLN_FORMAT,
        alt_text=alt,
        value_axis_title=f"Milioni di euro ({s.unita_milioni})",
    )
    return Section(
        id="assi-confronto",
        layout="chart",
        title="Gli Assi a confronto",
        subtitle="Dotazione, risorse programmate, impegnate e liquidazioni per Asse",
        blocks=(Chart(spec),),
        footnotes=tuple(f for f in _axis_footnotes(report, s) if not f.startswith("Gli assi")),
        cutoff=f"Dati al {date}",
        notes=source_notes(report, f"Dati al {date}", alt + "."),
        outline="Assi a confronto",
    )


def initiatives(report: Report, s: FormatSettings) -> Section:
    """The initiatives grouped by axis, each with its text and adopting acts."""
    titles = {a.numero: a.titolo for a in report.assi}
    groups = []
    for numero in sorted({i.asse for i in report.iniziative}):
        items = tuple(
            Item(i.titolo, i.testo, ("Atti: " + ", ".join(i.atti)) if i.atti else None)
            for i in report.iniziative
            if i.asse == numero
        )
        groups.append(ItemGroup(f"Asse {roman(numero)} - {titles[numero]}", items))
    date = fmt.short_date(report.rapporto.data_riferimento, s)
    count = len(report.iniziative)
    return Section(
        id="iniziative",
        layout="list",
        title=f"Principali iniziative in corso e programmate nel {report.rapporto.data_riferimento.year}",
        subtitle=report.rapporto.programma,
        blocks=(ItemList(tuple(groups), kicker=report.rapporto.programma),),
        cutoff=f"Dati al {date}",
        notes=source_notes(report, f"Dati al {date}", f"{fmt.count(count)} iniziative per asse."),
        outline="Principali iniziative",
    )
