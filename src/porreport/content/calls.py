"""The sections about one call for applications (avviso), except the monitoring of its
applications: its description, the territorial distribution of the beneficiaries (and the
map spec), their top sectors and the qualitative assessment."""

from __future__ import annotations

from porreport import formatting as fmt
from porreport.content.common import monitoring_cutoff, roman, source_notes
from porreport.content.document import (
    Card,
    Cards,
    Chart,
    ChartSpec,
    Map,
    MapSpec,
    ProvinceValue,
    Section,
    Series,
    Table,
    TextBlock,
    TwoColumns,
)
from porreport.content.labels import COUNT_FORMAT, MAP_ATTRIBUTION
from porreport.formatting import FormatSettings
from porreport.model.reference import ateco_title, find_province, provinces
from porreport.model.report import Avviso, Monitoraggio, Report

TOP_SECTORS = 10  # sectors shown one by one; the others are summed in "Altri settori"


def call_description(report: Report, avviso: Avviso, index: int, s: FormatSettings) -> Section:
    """The call in cards: aims, funded actions, funding and, if any, the emergency it answers."""
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
        notes=source_notes(report, f"Dati al {date}", history),
        outline=avviso.titolo,
    )


def territory(
    report: Report, avviso: Avviso, m: Monitoraggio, index: int, s: FormatSettings
) -> Section:
    """The beneficiaries by province, as a map."""
    assert m.province is not None
    spec = map_spec(m, report)
    cutoff = monitoring_cutoff(report, m, s)
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
        notes=source_notes(report, cutoff, (illustrative or "") + " " + spec.alt_text),
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


def sectors(
    report: Report, avviso: Avviso, m: Monitoraggio, index: int, s: FormatSettings
) -> Section:
    """The top ATECO sectors of the beneficiaries: a table and a bar chart."""
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
    cutoff = monitoring_cutoff(report, m, s)
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
        notes=source_notes(report, cutoff, alt + "."),
        outline="Principali settori",
    )


def assessment(report: Report, avviso: Avviso, index: int, s: FormatSettings) -> Section:
    """Strengths of the measure and what to improve, in two columns."""
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
        notes=source_notes(report, f"Dati al {date}", "Valutazione qualitativa della misura."),
        outline="Punti di forza e aspetti da migliorare",
    )
