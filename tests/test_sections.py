"""The renderer-neutral document built from the example and from variants of it."""

from __future__ import annotations

from decimal import Decimal

from porreport.content.builder import build_document
from porreport.content.calls import TOP_SECTORS
from porreport.content.document import Cards, Chart, ItemList, Map, Section, Table
from porreport.inputs.loading import load
from porreport.model.report import Report, Ripartizione, Settore, ValoreProvincia, Voce


def _sector_section(report):
    document = build_document(report)
    return next(s for s in document.sections if s.id.endswith("-settori"))


def test_example_sector_table_reconciles_with_the_beneficiaries(example) -> None:
    section = _sector_section(load(example).report)
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert [r[3] for r in table.rows] == ["62", "60", "46", "45", "41", "37", "473"]
    assert table.rows[-1][1] == "Altri settori"
    assert table.total == ("", "Totale", "", "764")
    assert table.alt_text.endswith("; altri settori: 473; totale: 764")


def test_many_sectors_keep_the_top_ten_and_sum_the_rest(example) -> None:
    report = load(example).report
    avviso = report.avvisi[0]
    monitoring = avviso.monitoraggio
    sectors = [
        Settore(ateco=code, imprese=30 - k)
        for k, code in enumerate(
            [
                "46",
                "62",
                "70",
                "88",
                "63",
                "25",
                "10",
                "11",
                "13",
                "14",
                "15",
                "16",
                "17",
                "18",
                "20",
                "21",
                "22",
                "23",
                "24",
                "26",
            ]
        )
    ]
    monitoring = monitoring.model_copy(update={"settori": sectors, "altri_settori": None})
    report = report.model_copy(
        update={"avvisi": [avviso.model_copy(update={"monitoraggio": monitoring})]}
    )
    section = _sector_section(report)
    table = next(b for b in section.blocks if isinstance(b, Table))
    chart = next(b for b in section.blocks if isinstance(b, Chart)).spec
    assert len(table.rows) == TOP_SECTORS + 1
    assert table.rows[-1] == ("", "Altri settori", "", str(sum(range(11, 21))))
    assert len(chart.categories) == TOP_SECTORS
    assert table.total is None


def test_covid_labels_carry_count_and_share(example) -> None:
    document = build_document(load(example).report)
    spec = next(c for c in document.charts() if c.id == "covid")
    assert spec.series[0].labels == ("379 (49,6%)", "385 (50,4%)")


# --- variants of the example -------------------------------------------------------------


def _call(report: Report, **updates: object) -> Report:
    avviso = report.avvisi[0].model_copy(update=updates)
    return report.model_copy(update={"avvisi": [avviso]})


def _monitoring(report: Report, **updates: object) -> Report:
    m = report.avvisi[0].monitoraggio
    assert m is not None
    return _call(report, monitoraggio=m.model_copy(update=updates))


def _section(report: Report, section_id: str) -> Section:
    return next(s for s in build_document(report).sections if s.id == section_id)


def test_funding_history_only_when_it_changed(example) -> None:
    report = load(example).report
    assert _section(report, "avviso-1").notes.endswith(
        "Dati al 30/09/2021. Dotazione passata da 4,5\xa0M€ a 11,0\xa0M€."
    )
    same = report.avvisi[0].dotazione.model_copy(update={"iniziale": Decimal(11_000_000)})
    notes = _section(_call(report, dotazione=same), "avviso-1").notes
    assert notes.endswith("Dati al 30/09/2021. Dotazione invariata: 11,0\xa0M€.")
    assert "passata" not in notes


def test_speaker_notes_have_single_spaces(example) -> None:
    for section in build_document(load(example).report).sections:
        assert "  " not in section.notes, section.id
        assert section.notes == section.notes.strip()


def test_no_actions_no_actions_card(example) -> None:
    report = _call(load(example).report, interventi=[], nota_interventi=None)
    cards = next(b for b in _section(report, "avviso-1").blocks if isinstance(b, Cards)).cards
    assert [c.title for c in cards] == ["Finalità", "Dotazione finanziaria", "Emergenza COVID-19"]


def test_initiative_notes_count_the_total_and_per_axis(example) -> None:
    report = load(example).report
    assert (
        _section(report, "iniziative")
        .notes.split("30/09/2021. ")[1]
        .startswith(
            "6 iniziative in totale. Per asse: Asse I 1, Asse II 2, Asse III 2, Asse IV 1. Importi: "
        )
    )
    one = report.model_copy(update={"iniziative": report.iniziative[:1]})
    assert "1 iniziativa in totale. Per asse: Asse I 1." in _section(one, "iniziative").notes


def test_initiative_amounts_share_one_scale(example) -> None:
    report = load(example).report
    items = [
        i
        for b in _section(report, "iniziative").blocks
        if isinstance(b, ItemList)
        for g in b.groups
        for i in g.items
    ]
    assert [i.amount for i in items] == [
        "11,0\xa0M€",
        "4,5\xa0M€",
        "7,0\xa0M€",
        "7,9\xa0M€",
        "3,0\xa0M€",
        "1,9\xa0M€",
    ]
    small = [report.iniziative[0].model_copy(update={"importo": Decimal(85_000)})]
    small += [i.model_copy(update={"importo": None}) for i in report.iniziative[1:2]]
    small += report.iniziative[2:3]
    blocks = _section(report.model_copy(update={"iniziative": small}), "iniziative").blocks
    amounts = [
        i.amount for b in blocks if isinstance(b, ItemList) for g in b.groups for i in g.items
    ]
    assert amounts == ["€\xa085.000", None, "€\xa07.000.000"]


def test_remainder_footnote_names_technical_assistance_only_when_absent(example) -> None:
    report = load(example).report
    assert _section(report, "assi").footnotes[-1] == (
        "Gli assi riportati sommano 937,6\xa0M€ di dotazione su 970,4\xa0M€ del POR: 32,8\xa0M€ "
        "non sono attribuiti agli assi riportati (es. Assistenza tecnica)."
    )
    extra = report.assi[3].model_copy(
        update={"numero": 5, "titolo": "Assistenza tecnica", "dotazione": Decimal(10_000_000)}
    )
    shown = report.model_copy(update={"assi": [*report.assi, extra]})
    assert _section(shown, "assi").footnotes[-1] == (
        "Gli assi riportati sommano 947,6\xa0M€ di dotazione su 970,4\xa0M€ del POR: 22,8\xa0M€ "
        "non sono attribuiti agli assi riportati."
    )
    assert _section(shown, "assi-confronto").footnotes == ("* Inclusa la CIGD",)


def test_remainder_footnote_in_the_priorities_words(example) -> None:
    report = load(example).report
    rapporto = report.rapporto.model_copy(update={"programma": "PR FSE+ 2021-2027"})
    over = report.panorama.model_copy(update={"dotazione": Decimal(900_000_000)})
    report = report.model_copy(update={"rapporto": rapporto, "panorama": over})
    section = _section(report, "assi")
    assert section.title == "Panoramica dell’attuazione del PR al 30.09.2021 per Priorità"
    assert section.footnotes[-1] == (
        "Le priorità riportate sommano 937,6\xa0M€ di dotazione su 900,0\xa0M€ del PR: "
        "37,6\xa0M€ in più rispetto alla dotazione del PR."
    )
    assert _section(report, "assi-confronto").title == "Le Priorità a confronto"


def test_small_amounts_switch_the_axes_to_full_euro(example) -> None:
    report = load(example).report
    small = report.assi[3].model_copy(update={"liquidate": Decimal(87_400)})
    report = report.model_copy(update={"assi": [*report.assi[:3], small]})
    cards = next(b for b in _section(report, "assi").blocks if isinstance(b, Cards)).cards
    assert cards[3].rows[3] == ("Liquidazioni", "€\xa087.400")
    assert cards[0].rows[0] == ("Dotazione", "€\xa0379.000.000")
    chart = next(b for b in _section(report, "assi-confronto").blocks if isinstance(b, Chart))
    assert chart.spec.number_format == '"€ "#,##0'
    assert chart.spec.series[3].values[3] == 87_400.0
    assert chart.spec.series[3].labels[3] == "€\xa087.400"
    assert chart.spec.title == "Assi a confronto (euro)"
    assert chart.spec.value_axis_title == "Euro (€)"
    panorama = next(c for c in build_document(report).charts() if c.id == "panorama")
    assert panorama.number_format == '#,##0.0" M€"'  # another group, another scale


def test_configured_decimals_reach_the_native_charts(example) -> None:
    report = load(example).report
    report = report.model_copy(
        update={"formato": report.formato.model_copy(update={"decimali_milioni": 2})}
    )
    chart = next(c for c in build_document(report).charts() if c.id == "assi")
    assert chart.number_format == '#,##0.00" M€"'
    assert chart.series[0].labels[0] == "379,00\xa0M€"
    assert chart.series[0].values[0] == 379.0


def test_sectors_past_the_tenth_are_noted(example) -> None:
    report = load(example).report
    codes = ["46", "62", "70", "88", "63", "25", "10", "11", "13", "14", "15", "16"]
    sectors = [Settore(ateco=c, imprese=40 - k) for k, c in enumerate(codes)]
    report = _monitoring(report, settori=sectors, altri_settori=None)
    assert _section(report, "avviso-1-settori").footnotes[-1] == (
        "“Altri settori” comprende 2 settori elencati oltre i primi 10."
    )
    listed = sum(s.imprese for s in sectors)
    report = _monitoring(report, altri_settori=764 - listed)
    assert _section(report, "avviso-1-settori").footnotes[-1] == (
        "“Altri settori” comprende 2 settori elencati oltre i primi 10 e le imprese dei settori "
        "non elencati."
    )


def test_one_route_empty_gives_a_sentence_not_a_pie(example) -> None:
    report = load(example).report
    m = report.avvisi[0].monitoraggio
    assert m is not None and m.covid is not None
    covid = m.covid.model_copy(update={"addendum": 0, "originario": 764})
    section = _section(_monitoring(report, covid=covid), "avviso-1-monitoraggio")
    assert not [b for b in section.blocks if isinstance(b, Chart) and b.spec.kind == "pie"]
    assert section.footnotes[-1] == (
        "Tutte le 764 imprese beneficiarie del contributo hanno partecipato seguendo le "
        "disposizioni previste dall’Avviso originario."
    )
    assert "0 hanno partecipato" not in " ".join(section.footnotes)


def test_a_general_split_with_its_own_words(example) -> None:
    split = Ripartizione(
        titolo="Imprese per canale",
        voci=[
            Voce(etichetta="Sportello online", valore=500, descrizione="allo sportello online"),
            Voce(etichetta="Sportello fisico", valore=264),
        ],
    )
    report = _monitoring(load(example).report, covid=None, ripartizione=split)
    section = _section(report, "avviso-1-monitoraggio")
    pie = next(b.spec for b in section.blocks if isinstance(b, Chart) and b.spec.kind == "pie")
    assert (pie.id, pie.title, pie.categories) == (
        "ripartizione",
        "Imprese per canale",
        ("Sportello online", "Sportello fisico"),
    )
    assert pie.series[0].labels == ("500 (65,4%)", "264 (34,6%)")
    assert section.footnotes[-1] == (
        "Delle 764 imprese beneficiarie del contributo: 500 hanno partecipato allo sportello "
        "online; 264 hanno partecipato tramite “Sportello fisico”."
    )


def test_a_monitoring_with_only_the_funnel(example) -> None:
    report = _monitoring(
        load(example).report,
        ammesse=764,
        rinunce_decadenze=0,
        dimensioni=[],
        covid=None,
        province=None,
        settori=[],
        altri_settori=None,
    )
    section = _section(report, "avviso-1-monitoraggio")
    assert [type(b).__name__ for b in section.blocks] == ["Figures"]
    assert section.footnotes == ()
    assert section.title == "Monitoraggio domande (2/2)"


def test_every_cutoff_note_uses_one_pattern(example) -> None:
    report = load(example).report
    document = build_document(report)
    notes = {s.cutoff for s in document.sections if s.cutoff} | {document.meta.date_label}
    assert notes == {"Dati al 30/09/2021", "Dati al 21/10/2021"}
    dots = report.model_copy(
        update={"formato": report.formato.model_copy(update={"data_dati": "dd.MM.yyyy"})}
    )
    document = build_document(dots)
    notes = {s.cutoff for s in document.sections if s.cutoff} | {document.meta.date_label}
    assert notes == {"Dati al 30.09.2021", "Dati al 21.10.2021"}
    assert document.sections[1].title == "Panoramica dell’attuazione del POR al 30.09.2021"


def test_an_example_report_is_marked_everywhere(example) -> None:
    report = load(example).report
    report = report.model_copy(
        update={"rapporto": report.rapporto.model_copy(update={"esempio": True})}
    )
    document = build_document(report)
    assert document.meta.illustrative == "Esempio illustrativo: cifre inventate."
    for section in document.sections:
        assert section.illustrative is not None
        assert section.illustrative.startswith("Esempio illustrativo: cifre inventate."), section.id
    territory = next(s for s in document.sections if s.id.endswith("-territorio"))
    assert territory.illustrative == (
        "Esempio illustrativo: cifre inventate. Dati illustrativi: la fonte non riporta le "
        "imprese per provincia."
    )
    assert build_document(load(example).report).meta.illustrative is None


def test_the_map_keeps_to_the_report_region(example) -> None:
    report = load(example).report
    m = report.avvisi[0].monitoraggio
    assert m is not None and m.province is not None
    values = [
        v.model_copy(update={"imprese": v.imprese - 3}) if v.provincia == "LO" else v
        for v in m.province.valori
    ]
    values.append(ValoreProvincia(provincia="Piacenza", imprese=3))
    province = m.province.model_copy(update={"valori": values, "nota": None})
    section = _section(_monitoring(report, province=province), "avviso-1-territorio")
    spec = next(b.spec for b in section.blocks if isinstance(b, Map))
    assert spec.regions == ("Lombardia",)
    assert len(spec.provinces) == 12
    assert section.footnotes == (
        "Fuori dalla regione e non mostrate sulla mappa: Piacenza (PC) 3.",
    )
    assert spec.alt_text.endswith("; fuori dalla regione: Piacenza (PC) 3.")


def test_suppressed_provinces_are_drawn_where_they_went(example) -> None:
    report = load(example).report
    rapporto = report.rapporto.model_copy(update={"regione": "Regione Autonoma della Sardegna"})
    m = report.avvisi[0].monitoraggio
    assert m is not None and m.province is not None
    values = [
        ValoreProvincia(provincia=p, imprese=n)
        for p, n in (
            ("Carbonia-Iglesias", 100),
            ("Medio Campidano", 64),
            ("SU", 200),
            ("Olbia-Tempio", 150),
            ("Cagliari", 250),
        )
    ]
    province = m.province.model_copy(update={"valori": values, "nota": None})
    report = _monitoring(report.model_copy(update={"rapporto": rapporto}), province=province)
    section = _section(report, "avviso-1-territorio")
    spec = next(b.spec for b in section.blocks if isinstance(b, Map))
    drawn = {p.sigla: p.value for p in spec.provinces}
    assert drawn == {"CA": 250, "NU": None, "OR": None, "SS": 150, "SU": 364}
    assert section.footnotes == (
        "Province soppresse nel 2016, riportate sulla provincia in cui sono confluite: "
        "Olbia-Tempio (OT) su Sassari (SS); Carbonia-Iglesias (CI) e Medio Campidano (VS) su "
        "Sud Sardegna (SU).",
    )


def test_a_single_beneficiary_takes_the_singular(example) -> None:
    report = _monitoring(
        load(example).report,
        ammesse=1,
        presentate=3,
        rinunce_decadenze=0,
        beneficiari=1,
        importo_ammesso=Decimal(7_500),
        dimensioni=[],
        covid=None,
        province=None,
        settori=[],
        altri_settori=None,
        ripartizione=Ripartizione(
            voci=[
                Voce(etichetta="Online", valore=1, descrizione="online"),
                Voce(etichetta="Sportello", valore=0),
            ]
        ),
    )
    section = _section(report, "avviso-1-monitoraggio")
    assert section.footnotes == ("L’impresa beneficiaria del contributo ha partecipato online.",)


def test_a_long_list_notes_the_total_amount_not_each(example) -> None:
    """Past NOTED_AMOUNTS initiatives the speaker notes give the total (each amount is on
    the list's slides; every slide of a long list would repeat hundreds of them)."""
    report = load(example).report
    first = report.iniziative[0]
    many = [
        first.model_copy(update={"titolo": f"Iniziativa {k}", "importo": Decimal("250000")})
        for k in range(13)
    ]
    notes = _section(report.model_copy(update={"iniziative": many}), "iniziative").notes
    assert "Iniziativa 3:" not in notes
    assert notes.endswith(
        "Importo complessivo delle 13 iniziative con importo: €\xa03.250.000 "
        "(gli importi di ciascuna sono nell'elenco)."
    )
    twelve = report.model_copy(update={"iniziative": many[:12]})
    assert (
        "Importi: Iniziativa 0: €\xa0250.000; Iniziativa 1: €\xa0250.000;"
        in _section(twelve, "iniziative").notes
    )
