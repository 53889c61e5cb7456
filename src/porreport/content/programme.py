"""The sections about the whole programme: the panorama (totals and their chart), the axes
(cards and the comparison chart) and the initiatives grouped by axis.

The words that depend on the programme (its short name, the axis word and numbering) come
from the report's vocabulary (``porreport.model.vocabulary``). Each group of amounts shown
together (the panorama; the axis cards with the axes chart; the initiatives) has one
``AmountScale``.
"""

from __future__ import annotations

from decimal import Decimal

from porreport import formatting as fmt
from porreport.content.common import count_noun, pct_of, report_cutoff, source_notes
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
from porreport.content.labels import FIGURE_LABELS, RATIO_FORMULAS, panorama_labels
from porreport.formatting import AmountScale, FormatSettings, amount_scale
from porreport.model.grammar import capitalise, with_article
from porreport.model.report import FIGURE_FIELDS, Asse, Report
from porreport.model.vocabulary import TECHNICAL_ASSISTANCE, is_technical_assistance

PROGRESS_FIELDS = ("programmate", "impegnate", "liquidate", "certificata")
AXIS_CHART_FIELDS = ("dotazione", "programmate", "impegnate", "liquidate")


def _of_programme(report: Report) -> str:
    """'del POR', 'del PR FSE+'."""
    return with_article(report.programme_name, "m", False, "di")


def _title_date(report: Report, s: FormatSettings) -> str:
    return fmt.short_date(report.rapporto.data_riferimento, s)


def panorama(report: Report, s: FormatSettings) -> Section:
    """Programme totals as key figures against the dotazione, with their column chart."""
    p = report.panorama
    labels = panorama_labels(report.programme_name)
    scale = amount_scale((getattr(p, f) for f in FIGURE_FIELDS), s)
    items = []
    for field in PROGRESS_FIELDS:
        value = getattr(p, field)
        pct = pct_of(value, p.dotazione, s)
        items.append(
            Figure(labels[field], scale.text(value), f"{pct} della dotazione" if pct else None)
        )
    headline = Figure(labels["dotazione"], scale.text(p.dotazione))
    notes = "; ".join(f"{i.label}: {i.value}" + (f" ({i.note})" if i.note else "") for i in items)
    cutoff = report_cutoff(report, s)
    return Section(
        id="panorama",
        layout="key_figures",
        title=f"Panoramica dell’attuazione {_of_programme(report)} al {_title_date(report, s)}",
        subtitle=report.rapporto.programma,
        blocks=(Figures(tuple(items), "key", headline), Chart(_panorama_chart(report, scale))),
        footnotes=("Percentuali calcolate sulla dotazione: " + "; ".join(RATIO_FORMULAS) + ".",),
        cutoff=cutoff,
        notes=source_notes(report, cutoff, f"{headline.label}: {headline.value}.", f"{notes}."),
        outline="Panoramica del programma",
    )


def _panorama_chart(report: Report, scale: AmountScale) -> ChartSpec:
    p = report.panorama
    s = scale.settings
    labels = panorama_labels(report.programme_name)
    values = [getattr(p, f) for f in PROGRESS_FIELDS]
    cats = tuple(
        f"{labels[f].removeprefix('Risorse ').capitalize()}\n{pct_of(v, p.dotazione, s) or ''}".strip()
        for f, v in zip(PROGRESS_FIELDS, values, strict=True)
    )
    texts = tuple(scale.text(v) for v in values)
    alt = (
        f"Grafico a colonne dell’attuazione {_of_programme(report)} rispetto alla dotazione di "
        f"{scale.text(p.dotazione)}: "
        + "; ".join(f"{c.replace(chr(10), ' ')}: {lab}" for c, lab in zip(cats, texts, strict=True))
    )
    return ChartSpec(
        id="panorama",
        kind="column",
        title="Attuazione rispetto alla dotazione",
        categories=cats,
        series=(
            Series(
                capitalise(scale.unit_words), tuple(scale.chart_value(v) for v in values), texts
            ),
        ),
        unit=scale.unit,
        number_format=scale.number_format,
        alt_text=alt,
        value_axis_title=scale.axis_title,
        reference=(f"Dotazione {scale.text(p.dotazione)}", scale.chart_value(p.dotazione)),
    )


def _sorted_axes(report: Report) -> list[Asse]:
    return sorted(report.assi, key=lambda a: a.numero)


def _axes_scale(report: Report, s: FormatSettings) -> AmountScale:
    """One scale for the axis cards, the axes chart and the remainder footnote."""
    values: list[Decimal | None] = [getattr(a, f) for a in report.assi for f in FIGURE_FIELDS]
    shown = sum((a.dotazione for a in report.assi), Decimal(0))
    total = report.panorama.dotazione
    return amount_scale([*values, shown, total, abs(total - shown)], s)


def _axis_card(report: Report, asse: Asse, scale: AmountScale) -> Card:
    rows = []
    for field in FIGURE_FIELDS:
        value = getattr(asse, field)
        if value is None:
            continue
        markers = "".join(f"\xa0{r.simbolo}" for r in asse.richiami if r.campo == field)
        rows.append((FIGURE_LABELS[field], scale.text(value) + markers))
    return Card(report.axis_label(asse.numero), asse.titolo, tuple(rows))


def _marker_footnotes(report: Report) -> list[str]:
    notes: list[str] = []
    for asse in report.assi:
        for r in asse.richiami:
            line = f"{r.simbolo} {r.testo}"
            if line not in notes:
                notes.append(line)
    return notes


def _remainder_footnote(report: Report, scale: AmountScale) -> str | None:
    """What the axes shown leave out of the programme's dotazione, or add to it."""
    noun = report.axis_naming.noun
    shown = sum((a.dotazione for a in report.assi), Decimal(0))
    total = report.panorama.dotazione
    remainder = total - shown
    if not remainder:
        return None
    axes, reported = capitalise(noun.the(lower=True)), noun.agree("riportat")
    if remainder > 0:
        example = (
            ""
            if any(is_technical_assistance(a.titolo) for a in report.assi)
            else f" (es. {TECHNICAL_ASSISTANCE})"
        )
        what = f"non sono attribuiti {noun.the(preposition='a', lower=True)} {reported}{example}."
    else:
        what = f"in più rispetto alla dotazione {_of_programme(report)}."
    return (
        f"{axes} {reported} sommano {scale.text(shown)} di dotazione su "
        f"{scale.text(total)} {_of_programme(report)}: {scale.text(abs(remainder))} {what}"
    )


def axes(report: Report, s: FormatSettings) -> Section:
    """One card per axis with its financial figures; footnotes for markers and any remainder."""
    scale = _axes_scale(report, s)
    noun = report.axis_naming.noun
    cards = tuple(_axis_card(report, a, scale) for a in _sorted_axes(report))
    summary = " ".join(
        f"{c.title} {c.subtitle}: " + ", ".join(f"{k} {v}" for k, v in c.rows) + "." for c in cards
    )
    remainder = _remainder_footnote(report, scale)
    cutoff = report_cutoff(report, s)
    return Section(
        id="assi",
        layout="cards",
        title=f"Panoramica dell’attuazione {_of_programme(report)} al {_title_date(report, s)} "
        f"per {noun.plural}",
        subtitle=report.rapporto.programma,
        blocks=(Cards(cards),),
        footnotes=(*_marker_footnotes(report), *([remainder] if remainder else [])),
        cutoff=cutoff,
        notes=source_notes(report, cutoff, summary),
        outline=f"Panoramica per {noun.plural}",
    )


def axes_chart(report: Report, s: FormatSettings) -> Section:
    """The axes compared in a clustered column chart."""
    scale = _axes_scale(report, s)
    noun = report.axis_naming.noun
    assi = _sorted_axes(report)
    series = tuple(
        Series(
            FIGURE_LABELS[f],
            tuple(scale.chart_value(getattr(a, f)) for a in assi),
            tuple(scale.text(getattr(a, f)) for a in assi),
        )
        for f in AXIS_CHART_FIELDS
    )
    cats = tuple(report.axis_label(a.numero) for a in assi)
    alt = f"Grafico a colonne raggruppate {noun.the(preposition='di', lower=True)}: " + "; ".join(
        f"{c} ({a.titolo}): " + ", ".join(f"{sr.name} {sr.labels[i]}" for sr in series)
        for i, (c, a) in enumerate(zip(cats, assi, strict=True))
    )
    spec = ChartSpec(
        id="assi",
        kind="clustered_column",
        title=f"{noun.plural} a confronto ({scale.unit_words})",
        categories=cats,
        series=series,
        unit=scale.unit,
        number_format=scale.number_format,
        alt_text=alt,
        value_axis_title=scale.axis_title,
    )
    cutoff = report_cutoff(report, s)
    return Section(
        id="assi-confronto",
        layout="chart",
        title=f"{capitalise(noun.the())} a confronto",
        subtitle=f"Dotazione, risorse programmate, impegnate e liquidazioni per {noun.singular}",
        blocks=(Chart(spec),),
        footnotes=tuple(_marker_footnotes(report)),
        cutoff=cutoff,
        notes=source_notes(report, cutoff, alt + "."),
        outline=f"{noun.plural} a confronto",
    )


def initiatives(report: Report, s: FormatSettings) -> Section:
    """The initiatives grouped by axis, each with its text, amount and adopting acts."""
    titles = {a.numero: a.titolo for a in report.assi}
    scale = amount_scale((i.importo for i in report.iniziative), s)
    groups = []
    per_axis = []
    for numero in sorted({i.asse for i in report.iniziative}):
        items = tuple(
            Item(
                i.titolo,
                i.testo,
                ("Atti: " + ", ".join(i.atti)) if i.atti else None,
                scale.text(i.importo) if i.importo is not None else None,
            )
            for i in report.iniziative
            if i.asse == numero
        )
        label = report.axis_label(numero)
        groups.append(ItemGroup(f"{label} - {titles[numero]}", items))
        per_axis.append(f"{label} {fmt.count(len(items))}")
    count = count_noun(len(report.iniziative), "iniziativa", "iniziative")
    noun = report.axis_naming.noun
    amounts = _amounts_note(report, scale)
    cutoff = report_cutoff(report, s)
    return Section(
        id="iniziative",
        layout="list",
        title=f"Principali iniziative in corso e programmate nel {report.rapporto.data_riferimento.year}",
        subtitle=report.rapporto.programma,
        blocks=(ItemList(tuple(groups), kicker=report.rapporto.programma),),
        cutoff=cutoff,
        notes=source_notes(
            report,
            cutoff,
            f"{count} in totale. Per {noun.singular.lower()}: {', '.join(per_axis)}.",
            amounts,
        ),
        outline="Principali iniziative",
    )


# Up to this many initiatives the speaker notes name each one's amount; past it, the notes
# give their total: the amounts are on the slides, and a long list's notes would repeat
# hundreds of them on every slide of the list.
NOTED_AMOUNTS = 12


def _amounts_note(report: Report, scale: AmountScale) -> str | None:
    """The initiatives' amounts for the speaker notes: each one's, or their total when
    there are more than ``NOTED_AMOUNTS``; None when no initiative has an amount."""
    priced = [(i.titolo, i.importo) for i in report.iniziative if i.importo]
    if not priced:
        return None
    if len(priced) <= NOTED_AMOUNTS:
        return f"Importi: {'; '.join(f'{title}: {scale.text(value)}' for title, value in priced)}."
    total = sum((value for _, value in priced), Decimal(0))
    return (
        f"Importo complessivo delle {fmt.count(len(priced))} iniziative con importo: "
        f"{scale.text(total)} (gli importi di ciascuna sono nell'elenco)."
    )
