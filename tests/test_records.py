"""Call monitoring from application records: figures, data quality, parsing, examples."""

from __future__ import annotations

import importlib.util
import io
import json
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from porreport.api import document_of
from porreport.cli.main import main
from porreport.errors import InputError
from porreport.inputs import records
from porreport.inputs.loading import load
from porreport.resources import resource_dir

DATA = resource_dir("data")
RECORDS = DATA / "domande_smart_working.csv"
MAIN_EXAMPLE = DATA / "por_fse_lombardia_2021.yaml"
RECORDS_EXAMPLE = DATA / "por_fse_lombardia_2021_registri.yaml"
CALL_SECTIONS = ("avviso-1-monitoraggio", "avviso-1-territorio", "avviso-1-settori")
SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"

HEADER = (
    "Codice domanda;Ragione sociale;Dimensione impresa;N. dipendenti;Provincia;Codice ATECO;"
    "Stato;Importo ammesso;Addendum COVID;Data presentazione"
)


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _make_records():
    spec = importlib.util.spec_from_file_location("make_records", SCRIPTS / "make_records.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write(tmp_path: Path, *rows: str, name: str = "domande.csv") -> Path:
    target = tmp_path / name
    target.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    return target


# ------------------------------------------------------------------ the example records


def test_monitor_json_reproduces_the_source() -> None:
    code, out, err = _run("monitor", str(RECORDS), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["presentate"] == 1001
    assert data["ammesse"] == 884
    assert data["rinunce_decadenze"] == 120
    assert data["beneficiari"] == 764
    assert data["importo_ammesso"] == 10705500
    assert [(d["dimensione"], d["imprese"], d["importo"]) for d in data["dimensioni"]] == [
        ("micro", 264, 1980000),
        ("piccola", 324, 4788000),
        ("media", 151, 3375000),
        ("grande", 25, 562500),
    ]
    assert [(s["ateco"], s["imprese"]) for s in data["settori"]] == [
        ("46", 62),
        ("62", 60),
        ("70", 46),
        ("88", 45),
        ("63", 41),
        ("25", 37),
    ]
    assert data["altri_settori"] == 764 - 291
    assert data["covid"] == {"addendum": 379, "originario": 385}
    assert {p["provincia"]: p["imprese"] for p in data["province"]} == {
        "MI": 262,
        "BS": 92,
        "BG": 84,
        "MB": 74,
        "VA": 58,
        "CO": 41,
        "PV": 30,
        "LC": 30,
        "MN": 28,
        "SO": 27,
        "CR": 24,
        "LO": 14,
    }
    assert data["problemi"] == {"totale": 0, "per_tipo": {}, "elenco": []}
    assert err == ""


def test_monitor_table_is_italian() -> None:
    code, out, _ = _run("monitor", str(RECORDS), "--top", "3")
    assert code == 0
    assert (
        "  Domande presentate" in out and out.split("Domande presentate")[1].split()[0] == "1.001"
    )
    assert "€\xa010.705.500" in out
    assert "Milano (MI)" in out
    assert "primi 3" in out
    assert "Altri settori" in out and out.split("Altri settori")[1].split()[0] == "596"
    assert "Qualità dei dati: nessun problema trovato." in out
    # the compact employee bands of the monitor (the documents write them in words)
    assert out.splitlines()[10:14] == [
        "  Microimpresa (meno di 10)                            264     €\xa01.980.000",
        "  Piccola impresa (10-49)                              324     €\xa04.788.000",
        "  Media impresa (50-249)                               151     €\xa03.375.000",
        "  Grande impresa (250 e oltre)                          25       €\xa0562.500",
    ]


def test_example_records_are_marked_synthetic_and_regenerate_identically(tmp_path: Path) -> None:
    module = _make_records()
    target = module.write_csv(module.generate(), tmp_path / "domande.csv")
    assert target.read_bytes() == RECORDS.read_bytes()
    text = RECORDS.read_text(encoding="utf-8").splitlines()
    assert text[0].endswith(";Dati sintetici")
    assert all(line.endswith(";sì") and "Impresa fittizia" in line for line in text[1:])


# ------------------------------------------------------------------ data quality


def test_problems_are_listed_by_row(tmp_path: Path) -> None:
    target = _write(
        tmp_path,
        "A1;Uno;Microimpresa;5;MI;46.19.02;Ammessa;7.500,00;Sì;04/11/2019",  # row 2, fine
        "A2;Due;Microimpresa;5;XX;46.19.02;Ammessa;7.500,00;No;04/11/2019",  # 3 province
        "A3;Tre;Piccola impresa;12;BG;99.99;Ammessa;15.000,00;No;05/11/2019",  # 4 ATECO
        "A1;Quattro;Piccola impresa;12;BG;62.01;Ammessa;15.000,00;No;05/11/2019",  # 5 dup
        "A5;Cinque;Media impresa;80;Bergamo;62;Ammessa;;No;06/11/2019",  # 6 amount
        "A6;Sei;Microimpresa;120;016;62;Ammessa;7.500,00;No;06/11/2019",  # 7 employees
        "A7;Sette;Microimpresa;3;MI;62;Archiviata;;No;31/02/2020",  # 8 status, date
    )
    code, out, err = _run("monitor", str(target), "--json")
    assert code == 0
    problems = json.loads(out)["problemi"]
    found = {(p["riga"], p["tipo"]) for p in problems["elenco"]}
    assert found == {
        (3, "provincia"),
        (4, "ateco"),
        (5, "codice"),
        (6, "importo"),
        (7, "dipendenti"),
        (8, "stato"),
        (8, "data"),
    }
    by_row = {p["riga"]: p for p in problems["elenco"] if p["tipo"] != "data"}
    assert by_row[3]["valore"] == "XX" and by_row[3]["colonna"] == "Provincia"
    assert by_row[4]["messaggio"].startswith("codice ATECO 2007 inesistente")
    assert by_row[5]["messaggio"] == "codice domanda ripetuto (già alla riga 2)"
    assert by_row[6]["messaggio"] == "importo ammesso mancante per una domanda ammessa"
    assert by_row[7]["messaggio"] == (
        "numero di dipendenti non coerente con la classe dimensionale 'Microimpresa' "
        "(meno di 10 dipendenti)"
    )
    assert by_row[8]["valore"] == "Archiviata"
    assert problems["totale"] == 7
    assert "Avviso: 7 problemi nei dati di domande.csv" in err

    code, out, err = _run("monitor", str(target))
    assert "riga 3, colonna 'Provincia': provincia sconosciuta" in out
    assert "riga 5, colonna 'Codice domanda': codice domanda ripetuto (già alla riga 2)" in out

    code, _, err = _run("monitor", str(target), "--strict")
    assert code == 2
    assert "Errore: 7 problemi nei dati di domande.csv" in err


def test_unreadable_input_exits_2_without_traceback(tmp_path: Path) -> None:
    missing_columns = tmp_path / "altro.csv"
    missing_columns.write_text("a;b\n1;2\n", encoding="utf-8")
    for target, expected in (
        (tmp_path / "nessuno.csv", "file dei registri non trovato"),
        (missing_columns, "mancano le colonne 'codice' (ad esempio 'Codice domanda')"),
    ):
        code, out, err = _run("monitor", str(target))
        assert code == 2
        assert expected in err
        assert "Traceback" not in err and out == ""
    broken = tmp_path / "rotto.xlsx"
    broken.write_bytes(b"PK\x03\x04 non un file xlsx")
    code, _, err = _run("monitor", str(broken))
    assert code == 2 and "file XLSX illeggibile o danneggiato" in err


# ------------------------------------------------------------------ parsing


def test_header_mapping_numbers_and_dates(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    target.write_text(
        "\ufeffID ;Esito istruttoria;Contributo concesso;Prov.;ATECO;Dipendenti;Data domanda\n"
        "1;AMMESSA;€ 1.980.000,00;Milano;461902;8;21.10.2021\n"
        '2;finanziata;"1.234,5";015;62.01;1.200;2021-10-22\n'
        "3;Rinunciata;7500;MI;62;40;21/10/2021\n"
        "4;esito ok;7500.25;MI;62;40;1/2/2021\n",
        encoding="utf-8",
    )
    config = records.RecordsConfig(
        colonne={"stato": "Esito istruttoria"}, stati={"esito ok": "ammessa"}
    )
    summary = records.summarise_file(target, config)
    assert summary.problem_count == 0, summary.issues
    assert (summary.presentate, summary.ammesse, summary.beneficiari) == (4, 4, 3)
    assert summary.importo_ammesso == Decimal("1981234.5") + Decimal("7500.25")
    sizes = {d.dimensione: (d.imprese, d.importo) for d in summary.dimensioni or ()}
    assert sizes == {
        "micro": (1, Decimal(1980000)),
        "grande": (1, Decimal("1234.5")),
        "piccola": (1, Decimal("7500.25")),
    }
    assert [(p.sigla, n) for p, n in summary.province or ()] == [("MI", 3)]
    assert summary.prima_data.isoformat() == "2021-02-01"
    assert summary.ultima_data.isoformat() == "2021-10-22"


def test_windows_1252_export_is_read(tmp_path: Path) -> None:
    target = tmp_path / "excel.csv"
    target.write_bytes(
        (
            HEADER + "\nA1;Società Ltd;Microimpresa;5;Forlì-Cesena;46;Ammessa;1.000;no;01/02/2021\n"
        ).encode("cp1252")
    )
    summary = records.summarise_file(target)
    assert summary.problem_count == 0
    assert [(p.sigla, n) for p, n in summary.province or ()] == [("FC", 1)]


def test_xlsx_records(tmp_path: Path) -> None:
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Domande"
    sheet.append(HEADER.split(";"))
    sheet.append(
        [
            "A1",
            "Uno",
            "Piccola impresa",
            12,
            "BS",
            "62.01.00",
            "Ammessa",
            15000,
            "Sì",
            dt.datetime(2020, 4, 1),
        ]
    )
    sheet.append(["A2", "Due", "Microimpresa", 3, 17, "46", "Ammessa", 7500.5, True, "02/04/2020"])
    sheet.append(["A3", "Tre", "Microimpresa", 3, "BS", "46", "Ammessa", "=H2+H3", "no", None])
    target = tmp_path / "domande.xlsx"
    book.save(target)
    code, out, err = _run("monitor", str(target), "--json", "--foglio", "Domande")
    assert code == 0, err
    data = json.loads(out)
    assert data["beneficiari"] == 3
    assert data["importo_ammesso"] == 22500.5  # the formula is not evaluated
    assert [(p["riga"], p["tipo"]) for p in data["problemi"]["elenco"]] == [(4, "importo")]
    assert data["covid"] == {"addendum": 2, "originario": 1}
    assert data["province"][0]["provincia"] == "BS" and data["province"][0]["imprese"] == 3


# ------------------------------------------------------------------ reports


def _call_figures(path: Path) -> list[tuple[str, object]]:
    """Every formatted figure of the call's monitoring sections (not their footnotes)."""
    document = document_of(load(path))
    out = []
    for section in document.sections:
        if section.id not in CALL_SECTIONS:
            continue
        for block in section.blocks:
            out.append((section.id, _figures_of(block)))
    return out


def _figures_of(block: object) -> object:
    from dataclasses import asdict, is_dataclass

    data = asdict(block) if is_dataclass(block) else block
    if isinstance(data, dict):
        data.pop("footnotes", None)
    return data


def test_second_example_builds_to_the_same_figures() -> None:
    loaded = load(RECORDS_EXAMPLE)
    assert RECORDS.resolve() in loaded.inputs
    assert not [w for w in loaded.warnings if "registri" in w.path]
    m = loaded.report.avvisi[0].monitoraggio
    assert m is not None and m.province is not None and m.province.illustrativo
    assert m.altri_settori == 473
    first, second = _call_figures(MAIN_EXAMPLE), _call_figures(RECORDS_EXAMPLE)
    assert [s for s, _ in first] == [s for s, _ in second]
    assert len(first) >= 5
    assert first == second
    texts = json.dumps(second, ensure_ascii=False, default=str)
    for figure in ("1.001", "€\xa010.705.500", "€\xa01.980.000", "Commercio all’ingrosso"):
        assert figure in texts, figure


def _report_copy(tmp_path: Path, old: str = "", new: str = "") -> Path:
    text = RECORDS_EXAMPLE.read_text(encoding="utf-8")
    if old:
        assert old in text
        text = text.replace(old, new, 1)
    target = tmp_path / "rapporto.yaml"
    target.write_text(text, encoding="utf-8")
    return target


def _records_with_province(tmp_path: Path, status: str, province: str) -> int:
    """Copy the example records, changing the province of the first row with ``status``."""
    lines = RECORDS.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.split(";")[6] == status)
    fields = lines[index].split(";")
    fields[4] = province
    lines[index] = ";".join(fields)
    (tmp_path / RECORDS.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index + 1


def test_record_problems_become_loader_warnings_and_strict_errors(tmp_path: Path) -> None:
    row = _records_with_province(tmp_path, "Non ammessa", "Atlantide")
    report = _report_copy(tmp_path)
    loaded = load(report)
    record_warnings = [w for w in loaded.warnings if w.path == "avvisi[0].monitoraggio.registri"]
    assert [(w.location, w.value) for w in record_warnings] == [
        (f"domande_smart_working.csv, riga {row}", "'Atlantide'")
    ]
    assert record_warnings[0].message.startswith("provincia sconosciuta")
    with pytest.raises(InputError) as info:
        load(report, strict=True)
    assert f"domande_smart_working.csv, riga {row}" in str(info.value)


def test_beneficiary_without_province_breaks_the_province_total(tmp_path: Path) -> None:
    _records_with_province(tmp_path, "Ammessa", "Atlantide")
    with pytest.raises(InputError) as info:
        load(_report_copy(tmp_path))
    assert "le imprese per provincia non sommano ai beneficiari: atteso 764" in str(info.value)


def test_the_loader_hook_takes_one_typed_section(tmp_path: Path) -> None:
    shutil.copy(RECORDS, tmp_path / RECORDS.name)
    request = records.RecordsRequest(
        report=tmp_path / "rapporto.yaml",  # only its folder and its name are used
        path=("avvisi", 0, "monitoraggio"),
        where="riga 140",
        spec={"file": RECORDS.name, "settori_top": 2, "titoli_settori": {46: "Ingrosso"}},
        given={"data_riferimento": "2021-10-21", "covid": {"titolo_addendum": "COVID-19"}},
    )
    result = records.resolve_records(request)
    assert result.file == (tmp_path / RECORDS.name).resolve()
    assert result.warnings == ()
    assert result.summary.beneficiari == 764
    section = result.monitoraggio
    assert section["data_riferimento"] == "2021-10-21"
    assert section["importo_ammesso"] == Decimal("10705500")
    assert section["settori"] == [
        {"ateco": "46", "imprese": 62, "titolo": "Ingrosso"},
        {"ateco": "62", "imprese": 60},
    ]
    assert section["altri_settori"] == 764 - 62 - 60
    assert section["covid"] == {"titolo_addendum": "COVID-19", "addendum": 379, "originario": 385}

    written = replace(request, given={"beneficiari": 764})
    with pytest.raises(InputError) as info:
        records.resolve_records(written)
    assert info.value.source == str(tmp_path / "rapporto.yaml")
    assert [str(p) for p in info.value.problems] == [
        "avvisi[0].monitoraggio.beneficiari (riga 140): campo calcolato dai registri delle "
        "domande: toglierlo, oppure togliere 'registri'"
    ]


def test_size_class_from_employees_uses_the_eu_thresholds(tmp_path: Path) -> None:
    target = tmp_path / "domande.csv"
    rows = [f"A{i};{n};Ammessa;1.000" for i, n in enumerate((9, 10, 49, 50, 249, 250, 251))]
    header = "Codice domanda;N. dipendenti;Stato;Importo ammesso"
    target.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
    summary = records.summarise_file(target)
    assert summary.dimensioni is not None
    assert [(d.dimensione, d.imprese) for d in summary.dimensioni] == [
        ("micro", 1),
        ("piccola", 2),
        ("media", 2),
        ("grande", 2),
    ]


def test_records_reference_errors(tmp_path: Path) -> None:
    shutil.copy(RECORDS, tmp_path / RECORDS.name)
    cases = (
        ("file: domande_smart_working.csv", "file: ../domande.csv", "fuori dalla cartella"),
        ("settori_top: 6", "settori_top: 0", "atteso un numero intero da 1 a 30"),
        ("settori_top: 6", "colonne: {regione: X}", "colonna non prevista"),
        ("      data_riferimento: 2021-10-21\n", "      beneficiari: 764\n", "campo calcolato"),
    )
    for old, new, expected in cases:
        with pytest.raises(InputError) as info:
            load(_report_copy(tmp_path, old, new))
        assert expected in str(info.value), str(info.value)
        assert "avvisi[0].monitoraggio" in str(info.value)


def test_reports_without_records_do_not_import_pandas() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import porreport; before = 'pandas' in sys.modules; "
        "from porreport.inputs.loading import load; load(sys.argv[1]); "
        "print(before or 'pandas' not in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(MAIN_EXAMPLE)], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"


def test_a_csv_file_is_read_without_pandas() -> None:
    """pandas (a fifth of a second and 50 MB to import) only for files pyarrow refuses."""
    import subprocess
    import sys

    code = (
        "import sys; from porreport.inputs.records import summarise_file; "
        "from pathlib import Path; summarise_file(Path(sys.argv[1])); "
        "print('pandas' in sys.modules, 'pyarrow.compute' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(RECORDS)], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]


# ------------------------------------------------------------------ scale


def test_fifty_thousand_rows(tmp_path: Path) -> None:
    module = _make_records()
    frame = module.generate(50_050, seed=3)
    assert frame["Codice domanda"].is_unique
    target = module.write_csv(frame, tmp_path / "grande.csv")
    summary = records.summarise_file(target)
    # 50.050 rows are exactly 50 copies of the example.
    assert (summary.presentate, summary.ammesse, summary.rinunce_decadenze) == (50050, 44200, 6000)
    assert summary.beneficiari == 38200
    assert summary.importo_ammesso == 50 * Decimal(10705500)
    assert summary.covid == (50 * 379, 50 * 385)
    assert summary.problem_count == 0


# ------------------------------------------------------------------ unreadable CSV files

ENCODING_MESSAGE = "il file non è in UTF-8 né in Windows-1252 ({}): salvarlo come CSV UTF-8"
ROW = "A{n};Ditta;Microimpresa;5;Milano;46;Ammessa;1.000;no;01/02/2021"


def _records_bytes(*lines: bytes) -> bytes:
    return b"\n".join(lines) + b"\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (  # a byte Windows-1252 does not define, in the header
            _records_bytes(
                HEADER.replace("Stato", "Stato\x81").encode("latin-1"), ROW.format(n=1).encode()
            ),
            ENCODING_MESSAGE.format("riga 1"),
        ),
        (  # UTF-8 header, a Windows-1252 row, an undefined byte on row 4 (a read column)
            _records_bytes(
                HEADER.encode(),
                ROW.format(n=1).replace("Milano", "Forlì-Cesena").encode("cp1252"),
                ROW.format(n=2).encode(),
                ROW.format(n=3).replace("Milano", "Mil\x8dano").encode("latin-1"),
            ),
            ENCODING_MESSAGE.format("riga 4"),
        ),
        (  # an unclosed quote on row 3
            _records_bytes(
                HEADER.encode(),
                ROW.format(n=1).encode(),
                ROW.format(n=2).replace("Ditta", '"Ditta').encode(),
                ROW.format(n=3).encode(),
            ),
            "virgolette non chiuse a partire dalla riga 3",
        ),
    ],
    ids=["header-0x81", "row-0x8d", "unclosed-quote"],
)
def test_unreadable_csv_gives_an_italian_message(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    target = tmp_path / RECORDS.name
    target.write_bytes(content)
    code, out, err = _run("monitor", str(target))
    assert code == 2 and out == ""
    assert f"{target}: {expected}" in err, err
    assert "codec" not in err and "C error" not in err
    with pytest.raises(InputError) as info:
        load(_report_copy(tmp_path))
    message = str(info.value)
    assert f"avvisi[0].monitoraggio.registri.file (riga 140): {expected}" in message, message
    assert "(valore trovato: 'domande_smart_working.csv')" in message


def test_each_distinct_text_is_parsed_once_per_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from porreport.inputs.records import parse, read

    monkeypatch.setattr(read, "BLOCK_BYTES", 4096)  # about 40 rows a block
    monkeypatch.setattr(read, "BATCH_ROWS", 100)  # 11 batches
    seen: list[str] = []
    status_index = parse.status_index

    def counting(text, extra):  # type: ignore[no-untyped-def]
        seen.append(text)
        return status_index(text, extra)

    monkeypatch.setattr(parse, "status_index", counting)
    summary = records.summarise_file(RECORDS)
    assert sorted(seen) == ["Ammessa", "Decaduta", "Non ammessa", "Presentata", "Rinunciata"]
    assert sum(summary.stati.values()) == summary.presentate
    assert not hasattr(records, "benchmark_report")  # removed: unused, needs a checkout
