"""Build the renderer-neutral document from a validated report (build once, render twice).

Every figure is computed and formatted here, once. The section order follows the source
presentation: title, panorama, axes, initiatives (``programme``), then for each call its
description, application monitoring (here, with the size classes of the beneficiaries),
territorial distribution, top sectors and assessment (``calls``), and the closing. A report
marked ``esempio`` carries the example note on its cover and on every section.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from porreport import formatting as fmt
from porreport.content import calls, programme
from porreport.content.common import (
    EXAMPLE_NOTE,
    mark_example,
    monitoring_cutoff,
    pct_note,
    pct_of,
    report_cutoff,
    source_notes,
)
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
from porreport.content.sources import field_texts
from porreport.formatting import FormatSettings
from porreport.model.grammar import all_of, capitalise, with_article
from porreport.model.labels import FIRM_SIZES, SIZE_ORDER
from porreport.model.report import Avviso, ClasseDimensionale, Monitoraggio, Report
from porreport.model.vocabulary import Beneficiaries, Split


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
    if report.rapporto.esempio:
        sections = [mark_example(section) for section in sections]
    return Document(meta=meta, sections=tuple(sections), sources=field_texts(report))


def _meta(report: Report, s: FormatSettings, logos: tuple[Path, ...]) -> Meta:
    r = report.rapporto
    date_label = report_cutoff(report, s)
    return Meta(
        title=r.titolo,
        programme=r.programma,
        region=r.regione,
        occasion=r.occasione,
        author=r.ufficio or r.regione,
        subject=f"{r.occasione} - {r.programma} - {date_label[:1].lower()}{date_label[1:]}",
        date_label=date_label,
        long_date=fmt.long_date(r.data_riferimento),
        reference_date=r.data_riferimento,
        keywords=(r.programma, r.regione, r.occasione),
        logos=logos,
        illustrative=f"{EXAMPLE_NOTE}." if r.esempio else None,
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
    v = avviso.valutazione
    assessed = v is not None and bool(v.punti_di_forza or v.aspetti_da_migliorare)
    if assessed:
        parts.append(calls.assessment(report, avviso, index, s))
    total = len(parts) - assessed
    return [_numbered(p, k + 1, total) if k < total else p for k, p in enumerate(parts)]


def _numbered(section: Section, k: int, total: int) -> Section:
    if total < 2:
        return section
    return replace(section, title=f"{section.title} ({k}/{total})")


def _amounts(m: Monitoraggio, s: FormatSettings) -> fmt.AmountScale:
    """The admitted amounts of a monitoring (the funnel, the size table and chart): full euro,
    with cents for all when one has them."""
    return fmt.euro_scale([m.importo_ammesso, *(d.importo for d in m.dimensioni)], s)


def _funnel(m: Monitoraggio, who: Beneficiaries, s: FormatSettings) -> Figures:
    return Figures(
        (
            Figure("Domande presentate", fmt.count(m.presentate)),
            Figure(
                "Domande ammesse",
                fmt.count(m.ammesse),
                pct_note(m.ammesse, m.presentate, "delle presentate", s),
            ),
            Figure(
                who.heading,
                fmt.count(m.beneficiari),
                f"per {_amounts(m, s).text(m.importo_ammesso)}",
            ),
        ),
        style="steps",
        text=(
            f"Sono state complessivamente presentate {fmt.count(m.presentate)} domande. "
            f"Di queste, {fmt.count(m.ammesse)} sono state ammesse al contributo."
        ),
    )


def _monitoring(
    report: Report, avviso: Avviso, m: Monitoraggio, index: int, s: FormatSettings
) -> Section:
    """The funnel of applications, the beneficiaries by size (table and chart) and the
    split of the beneficiaries between two routes (a pie, or a sentence when one is empty).
    """
    who = report.beneficiaries(avviso)
    steps = _funnel(m, who, s)
    blocks: list[Block] = [steps]
    withdrawn = _withdrawn_note(m, who)
    if m.dimensioni:
        blocks.append(_size_table(m, who, s, marked=withdrawn is not None))
        blocks.append(Chart(_size_chart(m, who, s)))
    split = m.split(who)
    shown = [r for r in split.routes if r.value > 0] if split else []
    if split and len(shown) > 1:
        blocks.append(Chart(_split_chart(m, split, who, s)))
    footnotes = [withdrawn] if withdrawn else []
    if shown:
        footnotes.append(_split_sentence(m, shown, who))
    cutoff = monitoring_cutoff(report, m, s)
    return Section(
        id=f"avviso-{index + 1}-monitoraggio",
        layout="table_chart",
        title="Monitoraggio domande",
        subtitle=avviso.titolo,
        blocks=tuple(blocks),
        footnotes=tuple(footnotes),
        cutoff=cutoff,
        notes=source_notes(report, cutoff, steps.text),
        outline="Monitoraggio domande",
    )


def _withdrawn_note(m: Monitoraggio, who: Beneficiaries) -> str | None:
    """The footnote on withdrawn or lapsed applications, marked '*' where a table refers to it."""
    if not m.rinunce_decadenze:
        return None
    gone = fmt.count(m.rinunce_decadenze)
    verb = (
        "è successivamente stata rinunciata o è decaduta"
        if m.rinunce_decadenze == 1
        else "sono successivamente state rinunciate o sono decadute"
    )
    return (
        f"* Delle {fmt.count(m.ammesse)} domande ammesse a contributo, {gone} {verb}. "
        f"Le analisi {who.the(preposition='su')} sono effettuate sulle restanti "
        f"{fmt.count(m.beneficiari)} domande."
    )


def _split_sentence(m: Monitoraggio, shown: list, who: Beneficiaries) -> str:
    """'Delle 764 imprese beneficiarie del contributo: 379 hanno partecipato …; 385 …', or,
    when every beneficiary took one route, 'Tutte le 764 … hanno partecipato …'."""
    if len(shown) == 1:
        route = shown[0]
        if m.beneficiari == 1:
            subject = capitalise(with_article(who.singular, who.gender, False))
            return f"{subject} del contributo ha partecipato {route.text}."
        subject = all_of(f"{fmt.count(m.beneficiari)} {who.plural}", who.gender)
        return f"{subject} del contributo hanno partecipato {route.text}."
    whole = with_article(f"{fmt.count(m.beneficiari)} {who.plural}", who.gender, True, "di")
    parts = [
        f"{fmt.count(r.value)} {'ha' if r.value == 1 else 'hanno'} partecipato {r.text}"
        for r in shown
    ]
    return f"{capitalise(whole)} del contributo: " + "; ".join(parts) + "."


def _size_rows(m: Monitoraggio) -> list[ClasseDimensionale]:
    by_class = {d.dimensione: d for d in m.dimensioni}
    return [by_class[c] for c in SIZE_ORDER if c in by_class]


def _size_table(m: Monitoraggio, who: Beneficiaries, s: FormatSettings, marked: bool) -> Table:
    euro = _amounts(m, s).text
    rows = []
    for d in _size_rows(m):
        size = FIRM_SIZES[d.dimensione]
        rows.append(
            (
                d.etichetta or size.label,
                d.dipendenti or size.employees,
                fmt.count(d.imprese),
                euro(d.importo),
            )
        )
    total = ("Totale", "", fmt.count(m.beneficiari), euro(m.importo_ammesso))
    alt = (
        f"{who.heading} per dimensione: "
        + "; ".join(f"{r[0]} ({r[1]}): {r[2]} {who.short}, {r[3]}" for r in rows)
        + f"; totale {total[2]} {who.short}, {total[3]}."
    )
    return Table(
        columns=(
            f"Dimensione {who.the_short(preposition='di')}",
            "Dipendenti",
            f"N. {who.plural}",
            "Importo ammesso",
        ),
        rows=tuple(rows),
        align=("left", "left", "right", "right"),
        total=total,
        caption=f"Dimensione {who.the(preposition='di')}" + ("*" if marked else ""),
        alt_text=alt,
    )


def _size_chart(m: Monitoraggio, who: Beneficiaries, s: FormatSettings) -> ChartSpec:
    rows = _size_rows(m)
    euro = _amounts(m, s).text
    cats = tuple(d.etichetta or FIRM_SIZES[d.dimensione].label for d in rows)
    # counts are the bars; each label also carries the admitted amount of the class
    labels = tuple(f"{fmt.count(d.imprese)} · {euro(d.importo)}" for d in rows)
    alt = f"Grafico a barre {who.the(preposition='di')} per dimensione: " + "; ".join(
        f"{c}: {fmt.count(d.imprese)} {who.short} ({euro(d.importo)})"
        for c, d in zip(cats, rows, strict=True)
    )
    return ChartSpec(
        id="dimensioni",
        kind="bar",
        title=f"{who.heading} per dimensione",
        categories=cats,
        series=(Series(who.heading, tuple(float(d.imprese) for d in rows), labels),),
        unit=who.short,
        number_format=COUNT_FORMAT,
        alt_text=alt,
        value_axis_title=f"Numero di {who.short}",
    )


def _split_chart(m: Monitoraggio, split: Split, who: Beneficiaries, s: FormatSettings) -> ChartSpec:
    values = tuple(r.value for r in split.routes)
    cats = tuple(r.label for r in split.routes)
    shares = tuple(pct_of(Decimal(v), Decimal(m.beneficiari), s) for v in values)
    labels = tuple(
        f"{fmt.count(v)} ({sh})" if sh else fmt.count(v)
        for v, sh in zip(values, shares, strict=True)
    )
    alt = f"{split.title}, su {fmt.count(m.beneficiari)} {who.plural}: " + "; ".join(
        f"{r.label} ({r.text}): {lab}" for r, lab in zip(split.routes, labels, strict=True)
    )
    return ChartSpec(
        id=split.id,
        kind="pie",
        title=split.title,
        categories=cats,
        series=(Series(who.heading, tuple(float(v) for v in values), labels),),
        unit=who.short,
        number_format=COUNT_FORMAT,
        alt_text=alt,
    )
