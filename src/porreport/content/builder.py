"""Build the renderer-neutral document from a validated report (build once, render twice).

Every figure is computed and formatted here, once. The section order follows the source
presentation: title, panorama, axes, initiatives (``programme``), then for each call its
description, application monitoring (here, with the size classes of the beneficiaries),
territorial distribution, top sectors and assessment (``calls``), and the closing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from porreport import formatting as fmt
from porreport.content import calls, programme
from porreport.content.common import monitoring_cutoff, pct_note, pct_of, source_notes
from porreport.content.document import (
    Block,
    Chart,
    ChartSpec,
    Document,
    Figure,
    Figures,
    Meta,
    Section,
    Series,
    Table,
    TextBlock,
)
from porreport.content.labels import COUNT_FORMAT
from porreport.formatting import FormatSettings
from porreport.model.labels import FIRM_SIZES, SIZE_ORDER
from porreport.model.report import Avviso, ClasseDimensionale, Monitoraggio, Report


def build_document(report: Report, logos: Iterable[Path] = ()) -> Document:
    """The whole document, section by section, in the source's order."""
    s = report.formato.settings()
    meta = _meta(report, s, tuple(logos))
    sections = [_title(report, meta), programme.panorama(report, s), programme.axes(report, s)]
    sections.append(programme.axes_chart(report, s))
    if report.iniziative:
        sections.append(programme.initiatives(report, s))
    for i, avviso in enumerate(report.avvisi):
        sections += _call_sections(report, avviso, i, s)
    sections.append(_closing(report, meta))
    return Document(meta=meta, sections=tuple(sections))


def _meta(report: Report, s: FormatSettings, logos: tuple[Path, ...]) -> Meta:
    r = report.rapporto
    return Meta(
        title=r.titolo,
        programme=r.programma,
        region=r.regione,
        occasion=r.occasione,
        author=r.ufficio or r.regione,
        subject=f"{r.occasione} - {r.programma} - dati al {fmt.short_date(r.data_riferimento, s)}",
        date_label=f"Dati al {fmt.short_date(r.data_riferimento, s)}",
        long_date=fmt.long_date(r.data_riferimento),
        reference_date=r.data_riferimento,
        keywords=(r.programma, r.regione, r.occasione),
        logos=logos,
    )


def _title(report: Report, meta: Meta) -> Section:
    r = report.rapporto
    return Section(
        id="titolo",
        layout="title",
        title=r.titolo,
        subtitle=f"{r.occasione} - {meta.long_date}",
        blocks=(TextBlock(None, (r.programma, r.regione, *([r.ufficio] if r.ufficio else []))),),
        notes=source_notes(report, meta.date_label),
        outline="Copertina",
    )


def _closing(report: Report, meta: Meta) -> Section:
    r = report.rapporto
    return Section(
        id="chiusura",
        layout="closing",
        title="Grazie per l’attenzione",
        subtitle=f"{r.programma} - {r.regione}",
        blocks=(TextBlock(None, (r.ufficio or r.regione, meta.date_label)),),
        notes=source_notes(report, meta.date_label),
        outline="Chiusura",
    )


def _call_sections(report: Report, avviso: Avviso, index: int, s: FormatSettings) -> list[Section]:
    """A call's sections; all but the assessment are numbered '(k/n)' when there are several."""
    m = avviso.monitoraggio
    parts = [calls.call_description(report, avviso, index, s)]
    if m is not None:
        parts.append(_monitoring(report, avviso, m, index, s))
        if m.province is not None:
            parts.append(calls.territory(report, avviso, m, index, s))
        if m.settori:
            parts.append(calls.sectors(report, avviso, m, index, s))
    if avviso.valutazione is not None:
        parts.append(calls.assessment(report, avviso, index, s))
    total = len(parts) - (avviso.valutazione is not None)
    return [_numbered(p, k + 1, total) if k < total else p for k, p in enumerate(parts)]


def _numbered(section: Section, k: int, total: int) -> Section:
    if total < 2:
        return section
    return replace(section, title=f"{section.title} ({k}/{total})")


def _monitoring(
    report: Report, avviso: Avviso, m: Monitoraggio, index: int, s: FormatSettings
) -> Section:
    """The funnel of applications, the beneficiaries by size (table and chart) and the
    COVID-19 split."""
    steps = Figures(
        (
            Figure("Domande presentate", fmt.count(m.presentate)),
            Figure(
                "Domande ammesse",
                fmt.count(m.ammesse),
                pct_note(m.ammesse, m.presentate, "delle presentate", s),
            ),
            Figure(
                "Imprese beneficiarie",
                fmt.count(m.beneficiari),
                f"per {fmt.euro(m.importo_ammesso, s)}",
            ),
        ),
        style="steps",
        text=(
            f"Sono state complessivamente presentate {fmt.count(m.presentate)} domande. "
            f"Di queste, {fmt.count(m.ammesse)} sono state ammesse al contributo."
        ),
    )
    blocks: list[Block] = [steps]
    if m.dimensioni:
        blocks.append(_size_table(m, s))
        blocks.append(Chart(_size_chart(m, s)))
    if m.covid and m.covid.addendum + m.covid.originario > 0:  # no pie of nothing
        blocks.append(Chart(_covid_chart(m, s)))
    footnotes = [
        f"* Delle {fmt.count(m.ammesse)} domande ammesse a contributo, {fmt.count(m.rinunce_decadenze)} "
        "sono successivamente state rinunciate o sono decadute. Le analisi sulle imprese "
        f"beneficiarie sono effettuate sulle restanti {fmt.count(m.beneficiari)} domande."
    ]
    if m.covid:
        footnotes.append(_covid_sentence(m))
    cutoff = monitoring_cutoff(report, m, s)
    return Section(
        id=f"avviso-{index + 1}-monitoraggio",
        layout="table_chart",
        title="Monitoraggio domande",
        subtitle=avviso.titolo,
        blocks=tuple(blocks),
        footnotes=tuple(footnotes),
        cutoff=cutoff,
        notes=source_notes(report, cutoff, steps.text or ""),
        outline="Monitoraggio domande",
    )


def _covid_sentence(m: Monitoraggio) -> str:
    assert m.covid is not None
    addendum = m.covid.titolo_addendum or "Addendum COVID-19"
    return (
        f"Delle {fmt.count(m.beneficiari)} imprese beneficiarie del contributo: "
        f"{fmt.count(m.covid.addendum)} hanno partecipato seguendo le disposizioni previste "
        f"dall’Addendum “{addendum}”; {fmt.count(m.covid.originario)} hanno partecipato "
        "seguendo le disposizioni previste dall’Avviso originario."
    )


def _size_rows(m: Monitoraggio) -> list[ClasseDimensionale]:
    by_class = {d.dimensione: d for d in m.dimensioni}
    return [by_class[c] for c in SIZE_ORDER if c in by_class]


def _size_table(m: Monitoraggio, s: FormatSettings) -> Table:
    rows = []
    for d in _size_rows(m):
        size = FIRM_SIZES[d.dimensione]
        rows.append(
            (
                d.etichetta or size.label,
                d.dipendenti or size.employees,
                fmt.count(d.imprese),
                fmt.euro(d.importo, s),
            )
        )
    total = ("Totale", "", fmt.count(m.beneficiari), fmt.euro(m.importo_ammesso, s))
    alt = (
        "Imprese beneficiarie per dimensione: "
        + "; ".join(f"{r[0]} ({r[1]}): {r[2]} imprese, {r[3]}" for r in rows)
        + f"; totale {total[2]} imprese, {total[3]}."
    )
    return Table(
        columns=(
            "Dimensione delle imprese",
            "Dipendenti",
            "N. imprese beneficiarie",
            "Importo ammesso",
        ),
        rows=tuple(rows),
        align=("left", "left", "right", "right"),
        total=total,
        caption="Dimensione delle imprese beneficiarie*",
        alt_text=alt,
    )


def _size_chart(m: Monitoraggio, s: FormatSettings) -> ChartSpec:
    rows = _size_rows(m)
    cats = tuple(d.etichetta or FIRM_SIZES[d.dimensione].label for d in rows)
    # counts are the bars; each label also carries the admitted amount of the class
    labels = tuple(f"{fmt.count(d.imprese)} · {fmt.euro(d.importo, s)}" for d in rows)
    alt = "Grafico a barre delle imprese beneficiarie per dimensione: " + "; ".join(
        f"{c}: {fmt.count(d.imprese)} imprese ({fmt.euro(d.importo, s)})"
        for c, d in zip(cats, rows, strict=True)
    )
    return ChartSpec(
        id="dimensioni",
        kind="bar",
        title="Imprese beneficiarie per dimensione",
        categories=cats,
        series=(Series("Imprese beneficiarie", tuple(float(d.imprese) for d in rows), labels),),
        unit="imprese",
        number_format=COUNT_FORMAT,
        alt_text=alt,
        value_axis_title="Numero di imprese",
    )


def _covid_chart(m: Monitoraggio, s: FormatSettings) -> ChartSpec:
    assert m.covid is not None
    values = (m.covid.addendum, m.covid.originario)
    cats = ("Addendum COVID-19", "Avviso originario")
    shares = tuple(pct_of(Decimal(v), Decimal(m.beneficiari), s) for v in values)
    labels = tuple(
        f"{fmt.count(v)} ({sh})" if sh else fmt.count(v)
        for v, sh in zip(values, shares, strict=True)
    )
    alt = (
        f"Imprese con dichiarazione COVID-19, su {fmt.count(m.beneficiari)} beneficiarie: "
        + "; ".join(f"{c}: {lab}" for c, lab in zip(cats, labels, strict=True))
    )
    return ChartSpec(
        id="covid",
        kind="pie",
        title="Imprese con dichiarazione COVID-19",
        categories=cats,
        series=(Series("Imprese beneficiarie", tuple(float(v) for v in values), labels),),
        unit="imprese",
        number_format=COUNT_FORMAT,
        alt_text=alt,
    )
