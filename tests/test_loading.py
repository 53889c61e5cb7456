"""Loading and validation: every rule, with the exact Italian message a data editor reads."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from porreport.errors import InputError
from porreport.inputs.loading import load


def problems(path: Path, strict: bool = False) -> list[str]:
    with pytest.raises(InputError) as info:
        load(path, strict=strict)
    return [str(p) for p in info.value.problems]


def test_example_loads_with_its_figures(example: Path) -> None:
    loaded = load(example)
    r = loaded.report
    assert r.panorama.dotazione == Decimal(970_400_000)
    assert [a.numero for a in r.assi] == [1, 2, 3, 4]
    m = r.avvisi[0].monitoraggio
    assert m is not None
    assert (m.presentate, m.ammesse, m.rinunce_decadenze, m.beneficiari) == (1001, 884, 120, 764)
    assert [d.imprese for d in m.dimensioni] == [264, 324, 151, 25]
    assert m.importo_ammesso == Decimal(10_705_500)
    assert m.province is not None and m.province.illustrativo
    assert [p.name for p in loaded.inputs] == [
        "por_fse_lombardia_2021.yaml",
        "dimensioni_imprese.csv",
    ]


def test_axis_remainder_is_a_warning_naming_it(example: Path) -> None:
    assert [str(w) for w in load(example).warnings] == [
        "assi (riga 24): la somma degli assi differisce dai totali del programma: dotazione "
        "937,6\xa0M€ su 970,4\xa0M€ (restano 32,8\xa0M€); programmate 937,8\xa0M€ su "
        "970,8\xa0M€ (restano 33,0\xa0M€); impegnate 825,3\xa0M€ su 853,9\xa0M€ (restano "
        "28,6\xa0M€); liquidate 725,0\xa0M€ su 745,5\xa0M€ (restano 20,5\xa0M€). La "
        "differenza non è attribuita ad alcun asse (ad esempio un asse di assistenza tecnica "
        "non riportato)"
    ]


def test_strict_turns_the_warning_into_an_error(example: Path) -> None:
    found = problems(example, strict=True)
    assert len(found) == 1
    assert "dotazione 937,6\xa0M€ su 970,4\xa0M€ (restano 32,8\xa0M€)" in found[0]


def test_negative_amount(example_copy) -> None:
    path = example_copy(('dotazione: "970,4 M€"', "dotazione: -5"))
    assert problems(path) == [
        "panorama.dotazione (riga 16): valore troppo piccolo: atteso un numero maggiore o uguale "
        "a 0 (valore trovato: -5)"
    ]


def test_word_where_a_number_belongs(example_copy) -> None:
    path = example_copy(('dotazione: "236,7 M€"', "dotazione: tanti"))
    assert problems(path) == [
        "assi[1].dotazione (riga 37): atteso un importo in euro, ad esempio 1980000, "
        "'€ 1.980.000' oppure '970,4 M€' (valore trovato: 'tanti')"
    ]


def test_size_classes_that_no_longer_add_up(example_copy, tmp_path: Path) -> None:
    path = example_copy()
    table = tmp_path / "dimensioni_imprese.csv"
    table.write_text(table.read_text(encoding="utf-8").replace(";264;", ";260;"), encoding="utf-8")
    assert problems(path) == [
        "avvisi[0].monitoraggio.dimensioni (riga 142): le imprese per classe dimensionale non "
        "sommano ai beneficiari: atteso un totale di 764 (valore trovato: totale 760)"
    ]


def test_size_amounts_that_no_longer_add_up(example_copy, tmp_path: Path) -> None:
    path = example_copy()
    table = tmp_path / "dimensioni_imprese.csv"
    text = table.read_text(encoding="utf-8").replace("€ 562.500", "€ 562.000")
    table.write_text(text, encoding="utf-8")
    assert problems(path) == [
        "avvisi[0].monitoraggio.dimensioni (riga 142): gli importi per classe dimensionale non "
        "sommano all'importo ammesso: atteso un totale di €\xa010.705.500 "
        "(valore trovato: totale €\xa010.705.000)"
    ]


def test_admitted_minus_withdrawn_must_be_beneficiaries(example_copy) -> None:
    path = example_copy(("ammesse: 884", "ammesse: 880"))
    assert problems(path) == [
        "avvisi[0].monitoraggio.beneficiari (riga 140): ammesse meno rinunce/decadenze deve dare "
        "i beneficiari: atteso 880 - 120 = 760 (valore trovato: 764)"
    ]


def test_covid_split_must_add_up(example_copy) -> None:
    path = example_copy(("addendum: 379", "addendum: 370"))
    assert problems(path) == [
        "avvisi[0].monitoraggio.covid (riga 143): addendum COVID-19 e avviso originario devono "
        "sommare ai beneficiari: atteso 764 (valore trovato: 370 + 385 = 755)"
    ]


def test_unknown_province(example_copy) -> None:
    path = example_copy(("{provincia: MI, imprese: 262}", "{provincia: XX, imprese: 262}"))
    assert problems(path) == [
        "avvisi[0].monitoraggio.province.valori[0].provincia (riga 153): provincia sconosciuta; "
        "attesi un codice ISTAT (15), una sigla (MI) o un nome (Milano) (valore trovato: XX)"
    ]


@pytest.mark.parametrize("ref", ["15", "Milano", "milano", "015"])
def test_province_by_code_sigla_or_name(example_copy, ref: str) -> None:
    path = example_copy(("{provincia: MI, imprese: 262}", f"{{provincia: '{ref}', imprese: 262}}"))
    assert load(path).report.avvisi[0].monitoraggio.province.valori[0].provincia == ref


def test_provinces_must_add_up(example_copy) -> None:
    path = example_copy(("{provincia: LO, imprese: 14}", "{provincia: LO, imprese: 15}"))
    assert problems(path) == [
        "avvisi[0].monitoraggio.province (riga 147): le imprese per provincia non sommano ai "
        "beneficiari: atteso 764 (valore trovato: totale 765)"
    ]


def test_invalid_ateco(example_copy) -> None:
    path = example_copy(('{ateco: "46"', '{ateco: "4X"'))
    assert problems(path) == [
        "avvisi[0].monitoraggio.settori[0].ateco (riga 166): codice ATECO 2007 inesistente; "
        "atteso ad esempio '46' (divisione) o '62.01' (valore trovato: 4X)"
    ]


def test_duplicated_axis_number(example_copy) -> None:
    path = example_copy(("numero: 2", "numero: 1"))
    assert problems(path)[0] == (
        "assi[1].numero (riga 35): numero di asse ripetuto: è già usato da assi[0]; atteso un "
        "numero diverso per ogni asse (valore trovato: 1)"
    )


def test_initiative_on_a_missing_axis(example_copy) -> None:
    path = example_copy(("  - asse: 4\n", "  - asse: 9\n"))
    assert problems(path) == [
        "iniziative[5].asse (riga 93): asse inesistente; attesi i numeri degli assi del "
        "rapporto: [1, 2, 3, 4] (valore trovato: 9)"
    ]


def test_admitted_more_than_submitted(example_copy) -> None:
    path = example_copy(("presentate: 1001", "presentate: 800"))
    assert problems(path) == [
        "avvisi[0].monitoraggio.ammesse (riga 138): le domande ammesse superano le presentate; "
        "atteso al massimo 800 (valore trovato: 884)"
    ]


def test_unknown_field_suggests_the_right_one(example_copy) -> None:
    path = example_copy(('  impegnate: "853,9 M€"', '  impegnat: "853,9 M€"'))
    assert problems(path) == [
        "panorama.impegnate (riga 15): campo obbligatorio mancante",
        "panorama.impegnat (riga 18): campo non previsto in questa sezione; forse si intendeva "
        "'impegnate'? (valore trovato: '853,9 M€')",
    ]


def test_yaml_syntax_error(example_copy) -> None:
    path = example_copy(("rapporto:", "rapporto: ["))
    assert problems(path) == [
        "sintassi YAML non valida (riga 8, colonna 12): manca ',' o ']' in un elenco tra "
        "parentesi quadre"
    ]


def test_missing_table_file(example_copy) -> None:
    path = example_copy(("{file: dimensioni_imprese.csv}", "{file: manca.csv}"))
    assert problems(path) == [
        "avvisi[0].monitoraggio.dimensioni.file (riga 142): file tabella non trovato nella "
        "cartella del rapporto (valore trovato: 'manca.csv')"
    ]


def test_table_outside_the_report_folder_is_refused(example_copy) -> None:
    path = example_copy(("{file: dimensioni_imprese.csv}", "{file: ../../etc/passwd.csv}"))
    assert problems(path) == [
        "avvisi[0].monitoraggio.dimensioni.file (riga 142): il file è fuori dalla cartella del "
        "rapporto: non ammesso (valore trovato: '../../etc/passwd.csv')"
    ]


def test_missing_report_file(tmp_path: Path) -> None:
    assert problems(tmp_path / "nessuno.yaml") == [f"file non trovato: {tmp_path / 'nessuno.yaml'}"]


def test_python_tags_are_refused_and_never_run(example_copy, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = example_copy(
        ("titolo: Occupazione", f'titolo: !!python/object/apply:os.system ["touch {marker}"]')
    )
    assert problems(path) == [
        "assi[0].titolo (riga 26): tag YAML non ammesso: per sicurezza sono accettati solo testi, "
        "numeri, date, elenchi e sezioni (valore trovato: !!python/object/apply:os.system)"
    ]
    assert not marker.exists()


def test_impossible_yaml_date(example_copy) -> None:
    path = example_copy(("data_riferimento: 2021-09-30", "data_riferimento: 2021-02-30"))
    assert problems(path) == [
        "rapporto.data_riferimento (riga 12): data inesistente; attesa una data valida, ad "
        "esempio 2021-09-30 (valore trovato: '2021-02-30')"
    ]


def test_italian_date_text_is_accepted(example_copy) -> None:
    path = example_copy(("data_riferimento: 2021-10-21", 'data_riferimento: "21/10/2021"'))
    assert load(path).report.avvisi[0].monitoraggio.data_riferimento.isoformat() == "2021-10-21"


def test_character_missing_from_the_font(example_copy) -> None:
    path = example_copy(("titolo: Occupazione", "titolo: Occupazione 😀"))
    assert problems(path) == [
        "assi[0].titolo (riga 26): carattere non disponibile nel font Titillium Web: '😀' "
        "(U+1F600); atteso un testo senza emoji o simboli speciali (valore trovato: "
        "'Occupazione 😀')"
    ]


def test_arrow_has_a_documented_fallback(example_copy) -> None:
    path = example_copy(("titolo: Occupazione", "titolo: Occupazione → lavoro"))
    assert load(path).report.assi[0].titolo == "Occupazione -> lavoro"


def test_duplicated_key(example_copy) -> None:
    path = example_copy(("  programma: POR FSE 2014-2020\n", "  programma: A\n  programma: B\n"))
    assert problems(path) == [
        "rapporto.programma (riga 9): campo ripetuto nella stessa sezione; atteso una sola volta"
    ]


def test_empty_binary_and_wrong_encoding(tmp_path: Path) -> None:
    empty = tmp_path / "vuoto.yaml"
    empty.write_text("  \n", encoding="utf-8")
    binary = tmp_path / "binario.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("rapporto:\n  titolo: Capacità\n".encode("latin-1"))
    assert problems(empty) == ["il file è vuoto: atteso un rapporto in YAML"]
    assert problems(binary) == ["il file è binario, non un testo YAML"]
    assert problems(latin) == [
        "il file non è in codifica UTF-8 (byte non valido alla riga 2); salvarlo come UTF-8"
    ]


def test_table_from_xlsx(example_copy, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["dimensione", "imprese", "importo"])
    for row in (
        ("micro", 264, 1980000),
        ("piccola", 324, 4788000),
        ("media", 151, 3375000),
        ("grande", 25, 562500),
    ):
        sheet.append(list(row))
    book.save(tmp_path / "dim.xlsx")
    path = example_copy(("{file: dimensioni_imprese.csv}", "{file: dim.xlsx}"))
    sizes = load(path).report.avvisi[0].monitoraggio.dimensioni
    assert [(d.dimensione, d.imprese, d.importo) for d in sizes][-1] == (
        "grande",
        25,
        Decimal(562500),
    )


def test_error_in_a_table_names_file_and_row(example_copy, tmp_path: Path) -> None:
    path = example_copy()
    table = tmp_path / "dimensioni_imprese.csv"
    table.write_text(
        table.read_text(encoding="utf-8").replace(";151;", ";molte;"), encoding="utf-8"
    )
    assert problems(path) == [
        "avvisi[0].monitoraggio.dimensioni[2].imprese (dimensioni_imprese.csv, riga 4): atteso "
        "un numero intero, ad esempio 764 oppure '1.001' (valore trovato: 'molte')"
    ]


# --- provinces: aliases, suppressed ones, suggestions, the report's region ----------------


@pytest.mark.parametrize(
    ("ref", "name"),
    [
        ("Aosta", "Valle d'Aosta/Vallée d'Aoste"),
        ("Reggio Calabria", "Reggio di Calabria"),
        ("Reggio Emilia", "Reggio nell'Emilia"),
        ("Forlì-Cesena", "Forlì-Cesena"),
        ("Forli Cesena", "Forlì-Cesena"),
        ("Pesaro-Urbino", "Pesaro e Urbino"),
        ("Massa-Carrara", "Massa-Carrara"),
        ("Bolzano", "Bolzano/Bozen"),
        ("Monza", "Monza e della Brianza"),
        ("Provincia di Milano", "Milano"),
        ("Città metropolitana di Cagliari", "Cagliari"),
        ("292", "Cagliari"),
        ("Carbonia-Iglesias", "Carbonia-Iglesias"),
        ("107", "Carbonia-Iglesias"),
        ("OT", "Olbia-Tempio"),
    ],
)
def test_province_aliases_and_suppressed_provinces(ref: str, name: str) -> None:
    from porreport.model.reference import find_province

    found = find_province(ref)
    assert found is not None and found.nome == name


def test_suppressed_provinces_know_where_they_went() -> None:
    from porreport.model.reference import find_province

    codes = {r: find_province(r).current_code for r in ("CI", "VS", "OG", "OT", "CA")}  # type: ignore[union-attr]
    assert codes == {"CI": 111, "VS": 111, "OG": 91, "OT": 90, "CA": 92}


@pytest.mark.parametrize(
    ("ref", "hint"),
    [
        ("Reggio Emila", "; forse si intendeva 'Reggio Emilia'?"),
        ("Pesaro", "; forse si intendeva 'Pesaro e Urbino'?"),
        (
            "Gallura Nord-Est Sardegna",
            "; provincia della riforma sarda in vigore dal 2025, non ancora nei confini ISTAT "
            "usati dalla mappa: indicare la provincia 2016-2025 che la comprende (Sassari, "
            "Nuoro, Oristano, Sud Sardegna o Cagliari)",
        ),
    ],
)
def test_unknown_province_with_a_suggestion(example_copy, ref: str, hint: str) -> None:
    path = example_copy(("{provincia: MI, imprese: 262}", f"{{provincia: {ref}, imprese: 262}}"))
    assert problems(path) == [
        "avvisi[0].monitoraggio.province.valori[0].provincia (riga 153): provincia sconosciuta; "
        f"attesi un codice ISTAT (15), una sigla (MI) o un nome (Milano){hint} "
        f"(valore trovato: {ref})"
    ]


def test_a_province_outside_the_region_is_a_warning(example_copy) -> None:
    path = example_copy(
        (
            "{provincia: LO, imprese: 14}",
            "{provincia: LO, imprese: 11}\n          - {provincia: Piacenza, imprese: 3}",
        )
    )
    warnings = [str(w) for w in load(path).warnings]
    assert warnings[1:] == [
        "avvisi[0].monitoraggio.province.valori[12].provincia (riga 165): provincia fuori dalla "
        "regione del rapporto (Lombardia): è in Emilia-Romagna; la mappa mostra solo la regione "
        "del rapporto e questa provincia è riportata in nota (valore trovato: Piacenza)"
    ]


# --- the vocabulary and the split -----------------------------------------------------------


def test_axis_words_come_together(example_copy) -> None:
    path = example_copy(("panorama:", "vocabolario:\n  asse: {singolare: Priorità}\n\npanorama:"))
    assert problems(path) == [
        "vocabolario.asse.plurale (riga 16): la parola degli assi si indica con singolare, "
        "plurale e genere insieme; manca: plurale, genere"
    ]


def test_codes_are_needed_to_number_by_code(example_copy) -> None:
    path = example_copy(
        ("panorama:", "vocabolario:\n  asse: {numerazione: codice}\n\npanorama:"),
        ("    titolo: Occupazione\n", "    codice: OS1\n    titolo: Occupazione\n"),
    )
    assert problems(path) == [
        f"assi[{i}].codice (riga {line}): codice mancante: con vocabolario.asse.numerazione "
        "'codice' ogni asse indica il suo codice, ad esempio 'P1'"
        for i, line in ((1, 39), (2, 49), (3, 55))
    ]


SPLIT = """      ripartizione:
        voci:
          - {etichetta: Online, valore: 400}
          - {etichetta: Sportello, valore: 300}
"""


def test_a_split_must_add_up(example_copy) -> None:
    text_covid = "      covid:\n"
    path = example_copy((text_covid, SPLIT + "      xcovid:\n"))
    text = path.read_text(encoding="utf-8")
    start = text.index("      xcovid:\n")
    end = text.index("      province:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert problems(path) == [
        "avvisi[0].monitoraggio.ripartizione.voci (riga 144): le voci della ripartizione devono "
        "sommare ai beneficiari: atteso 764 (valore trovato: 400 + 300 = 700)"
    ]


def test_a_split_and_covid_together_are_refused(example_copy) -> None:
    path = example_copy(
        ("      covid:\n", SPLIT.replace("400", "464") + "      covid:\n"),
    )
    assert problems(path) == [
        "avvisi[0].monitoraggio.ripartizione (riga 143): indicare la ripartizione oppure covid, "
        "non entrambe: covid è la ripartizione tra addendum COVID-19 e avviso originario"
    ]


def test_beneficiari_is_another_name_for_a_count(example_copy) -> None:
    path = example_copy(("{provincia: MI, imprese: 262}", "{provincia: MI, beneficiari: 262}"))
    assert load(path).report.avvisi[0].monitoraggio.province.valori[0].imprese == 262
    both = example_copy(
        ("{provincia: MI, imprese: 262}", "{provincia: MI, imprese: 262, beneficiari: 262}")
    )
    assert problems(both) == [
        "avvisi[0].monitoraggio.province.valori[0] (riga 153): indicare imprese oppure "
        "beneficiari (due nomi dello stesso numero), non entrambi (valore trovato: {'provincia': "
        "'MI', 'imprese': 262, 'beneficiari': 262})"
    ]
