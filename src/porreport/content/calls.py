"""The sections about one call for applications (avviso), except the monitoring of its
applications: its description, the territorial distribution of the beneficiaries (and the
map spec), their top sectors and the qualitative assessment.

Who the beneficiaries are ("imprese beneficiarie", "persone destinatarie") and the title of
the emergency card come from the report's vocabulary (``porreport.model.vocabulary``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from porreport import formatting as fmt
from porreport.content.common import (
    count_noun,
    monitoring_cutoff,
    report_cutoff,
    sentences,
    source_notes,
)
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
from porreport.formatting import AmountScale, FormatSettings, amount_scale
from porreport.model.grammar import capitalise
from porreport.model.reference import (
    Province,
    ateco_title,
    find_province,
    provinces,
    region_named,
)
from porreport.model.report import Avviso, DotazioneAvviso, Monitoraggio, Report
from porreport.model.vocabulary import Beneficiaries

TOP_SECTORS = 10  # sectors shown one by one; the others are summed in "Altri settori"
OTHER_SECTORS = "Altri settori"


def _funding_text(d: DotazioneAvviso, scale: AmountScale) -> str:
    if d.iniziale is not None and d.iniziale != d.attuale:
        return f"Dotazione iniziale: {scale.text(d.iniziale)}; attuale: {scale.text(d.attuale)}."
    return f"Dotazione dell’avviso: {scale.text(d.attuale)}."


def _funding_history(d: DotazioneAvviso, scale: AmountScale) -> str | None:
    if d.iniziale is None:
        return None
    if d.iniziale == d.attuale:
        return f"Dotazione invariata: {scale.text(d.attuale)}."
    return f"Dotazione passata da {scale.text(d.iniziale)} a {scale.text(d.attuale)}."


def call_description(report: Report, avviso: Avviso, index: int, s: FormatSettings) -> Section:
    """The call in cards: aims, funded actions (when any), funding and, if any, the
    emergency it answers."""
    d = avviso.dotazione
    scale = amount_scale((d.attuale, d.iniziale), s)
    interventi = [f"{i.nome} {i.testo}" for i in avviso.interventi]
    if avviso.nota_interventi:
        interventi.append(avviso.nota_interventi)
    cards = [Card("Finalità", "", text=avviso.finalita)]
    if interventi:
        cards.append(Card("Interventi finanziati", "", text="\n".join(interventi)))
    cards.append(
        Card(
            "Dotazione finanziaria", scale.text(d.attuale), text=d.testo or _funding_text(d, scale)
        )
    )
    if avviso.emergenza:
        e = avviso.emergenza
        cards.append(Card(e.title, e.atto or "", text=e.testo))
    cutoff = report_cutoff(report, s)
    return Section(
        id=f"avviso-{index + 1}",
        layout="cards",
        title=avviso.titolo,
        subtitle=report.axis_label(avviso.asse) if avviso.asse else report.rapporto.programma,
        blocks=(Cards(tuple(cards)),),
        cutoff=cutoff,
        notes=source_notes(report, cutoff, _funding_history(d, scale)),
        outline=avviso.titolo,
    )


def territory(
    report: Report, avviso: Avviso, m: Monitoraggio, index: int, s: FormatSettings
) -> Section:
    """The beneficiaries by province, as a map."""
    assert m.province is not None
    who = report.beneficiaries(avviso)
    territory_map = map_spec(m, report, who)
    cutoff = monitoring_cutoff(report, m, s)
    illustrative = None
    if m.province.illustrativo:
        illustrative = f"Dati illustrativi: la fonte non riporta {who.the_short()} per provincia."
    footnotes = (*((m.province.nota,) if m.province.nota else ()), *territory_map.notes)
    text = (
        f"La mappa illustra il numero di {who.plural} del contributo "
        f"{who.agree('suddivis')} per provincia."
    )
    return Section(
        id=f"avviso-{index + 1}-territorio",
        layout="map",
        title=f"Distribuzione territoriale {who.the(preposition='di')}",
        subtitle=avviso.titolo,
        blocks=(TextBlock(None, (text,)), Map(territory_map.spec)),
        footnotes=footnotes,  # the attribution is drawn under the map itself
        cutoff=cutoff,
        illustrative=illustrative,
        notes=source_notes(report, cutoff, illustrative, territory_map.spec.alt_text),
        outline="Distribuzione territoriale",
    )


@dataclass(frozen=True)
class TerritoryMap:
    """The map spec and the notes that explain what it folds or leaves out."""

    spec: MapSpec
    notes: tuple[str, ...]


def _folded_note(folded: dict[int, list[Province]]) -> str | None:
    """'Province soppresse nel 2016, riportate sulla provincia in cui sono confluite: …'."""
    if not folded:
        return None
    current = {p.codice_istat: p for p in provinces()}
    parts = []
    for code, old in sorted(folded.items(), key=lambda kv: current[kv[0]].nome):
        names = " e ".join(f"{p.nome} ({p.sigla})" for p in sorted(old, key=lambda p: p.nome))
        parts.append(f"{names} su {current[code].short_name} ({current[code].sigla})")
    years = sorted({p.soppressa_nel for old in folded.values() for p in old if p.soppressa_nel})
    when = " e ".join(str(y) for y in years)
    return (
        f"Province soppresse nel {when}, riportate sulla provincia in cui sono confluite: "
        + "; ".join(parts)
        + "."
    )


def map_spec(m: Monitoraggio, report: Report, who: Beneficiaries) -> TerritoryMap:
    """The choropleth of beneficiaries by province, over the report's region.

    A suppressed province is drawn on the current province that took over its territory; a
    province outside ``rapporto.regione`` is left off the map and named in a note (when the
    report's region is not recognised, the map covers every region the data touch).
    """
    assert m.province is not None
    counts: dict[int, int] = defaultdict(int)
    folded: dict[int, list[Province]] = defaultdict(list)
    found: list[tuple[Province, int]] = []
    for v in m.province.valori:
        p = find_province(v.provincia)
        assert p is not None  # checked when loading
        counts[p.current_code] += v.imprese
        found.append((p, v.imprese))
        if p.confluita_in is not None:
            folded[p.confluita_in].append(p)
    home = region_named(report.rapporto.regione)
    touched = {p.regione for p in provinces() if p.codice_istat in counts}
    regions = (home,) if home else tuple(sorted(touched))
    outside = [(p, n) for p, n in found if p.regione not in regions]
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
    outside_text = ", ".join(f"{p.short_name} ({p.sigla}) {fmt.count(n)}" for p, n in outside)
    notes = [
        _folded_note({k: v for k, v in folded.items() if k in {x.codice_istat for x in values}})
    ]
    if outside:
        notes.append(f"Fuori dalla regione e non mostrate sulla mappa: {outside_text}.")
    with_data = sorted(
        (v for v in values if v.value is not None), key=lambda v: (-(v.value or 0), v.nome)
    )
    missing = [v.nome for v in values if v.value is None]
    alt = (
        f"Mappa {who.the(preposition='di')} per provincia"
        + (" (dati illustrativi)" if m.province.illustrativo else "")
        + ": "
        + "; ".join(f"{v.nome} ({v.sigla}) {v.label}" for v in with_data)
        + (f"; senza dati: {', '.join(missing)}" if missing else "")
        + (f"; fuori dalla regione: {outside_text}" if outside else "")
        + "."
    )
    spec = MapSpec(
        id="province",
        title=f"{who.heading} per provincia",
        regions=regions,
        provinces=values,
        legend_title=who.heading,
        alt_text=alt,
        attribution=MAP_ATTRIBUTION,
        illustrative=m.province.illustrativo,
    )
    return TerritoryMap(spec, tuple(n for n in notes if n))


def _grouped_note(listed_beyond: int, unlisted: bool, who: Beneficiaries) -> str | None:
    """What "Altri settori" sums, when it sums sectors the data list."""
    if not listed_beyond:
        return None
    sectors = count_noun(listed_beyond, "settore elencato", "settori elencati")
    rest = f" e {who.the_short()} dei settori non elencati" if unlisted else ""
    return f"“{OTHER_SECTORS}” comprende {sectors} oltre i primi {TOP_SECTORS}{rest}."


def sectors(
    report: Report, avviso: Avviso, m: Monitoraggio, index: int, s: FormatSettings
) -> Section:
    """The top ATECO sectors of the beneficiaries: a table and a bar chart."""
    who = report.beneficiaries(avviso)
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
        rows = (*rows, ("", OTHER_SECTORS, "", fmt.count(others)))
        alt_rows.append(f"{OTHER_SECTORS.lower()}: {fmt.count(others)}")
        if m.altri_settori is not None:
            total = ("", "Totale", "", fmt.count(m.beneficiari))
            alt_rows.append(f"totale: {total[3]}")
    caption = f"Principali settori di attività {who.the_role('di')}"
    table = Table(
        columns=("#", "Settore di attività", "ATECO", capitalise(who.short)),
        rows=rows,
        align=("right", "left", "left", "right"),
        total=total,
        caption=caption,
        alt_text="; ".join(alt_rows),
    )
    labels = tuple(fmt.count(x.imprese) for x in ranked)
    alt = f"Grafico a barre orizzontali dei principali settori ATECO {who.the_role('di')}: " + (
        "; ".join(
            f"{n} (ATECO {x.ateco}): {lab}" for n, x, lab in zip(names, ranked, labels, strict=True)
        )
    )
    spec = ChartSpec(
        id="settori",
        kind="bar",
        title=f"{who.heading} per settore (ATECO 2007)",
        categories=tuple(names),
        series=(Series(who.heading, tuple(float(x.imprese) for x in ranked), labels),),
        unit=who.short,
        number_format=COUNT_FORMAT,
        alt_text=alt,
        value_axis_title=f"Numero di {who.short}",
    )
    grouped = _grouped_note(len(by_count) - len(ranked), m.altri_settori is not None, who)
    cutoff = monitoring_cutoff(report, m, s)
    chart = (Chart(spec),) if any(x.imprese for x in ranked) else ()
    return Section(
        id=f"avviso-{index + 1}-settori",
        layout="table_chart",
        title=caption,
        subtitle=avviso.titolo,
        blocks=(table, *chart),
        footnotes=(
            "Settori secondo la classificazione ATECO 2007 (ISTAT), divisioni a due cifre.",
            *((grouped,) if grouped else ()),
        ),
        cutoff=cutoff,
        notes=source_notes(report, cutoff, alt + ".", grouped),
        outline="Principali settori",
    )


def assessment(report: Report, avviso: Avviso, index: int, s: FormatSettings) -> Section:
    """Strengths of the measure and what to improve, in two columns."""
    v = avviso.valutazione
    assert v is not None
    cutoff = report_cutoff(report, s)
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
        cutoff=cutoff,
        notes=source_notes(report, cutoff, sentences("Valutazione qualitativa della misura.")),
        outline="Punti di forza e aspetti da migliorare",
    )
