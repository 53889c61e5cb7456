"""Hostile catalogue, report files and messages (issue 17, classes 1, 3, 4 and 5).

YAML 1.1's numbers (octal, sexagesimal, hexadecimal, '_' groups, yes/no) must never become
a different figure or move a province's count; a negative zero never prints; a number of
5,000 digits and a date in year 9999 are refused naming the field; control characters from
an input never reach stderr raw; a report with 100,000 mistakes prints at most 50 of them,
fast. Inputs are generated in ``tmp_path``; the CLI runs under rlimits (tests/hostile.py).
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from hostile import Run, assert_behaves, assert_refused, control_characters, run_cli
from porreport import api
from porreport import formatting as fmt
from porreport.cli.main import main
from porreport.cli.terminal import SafeStream, print_warnings
from porreport.content.document import Map
from porreport.errors import MAX_MESSAGE_BYTES, InputError, Problem
from porreport.inputs.yaml_safe import parse_yaml

ROOT = Path(__file__).resolve().parents[1]
ReportCopy = Callable[..., Path]


def validate(report: Path, *, child: bool = True) -> Run:
    """``porreport validate REPORT``: in a child under limits, or (for the fine cases of a
    class, ~50 ms instead of ~500) through the same ``main()`` and stderr guard in process."""
    if child:
        return run_cli(["validate", report.name], cwd=report.parent)
    out, err = io.StringIO(), io.StringIO()
    start, cpu = time.perf_counter(), time.process_time()
    code = main(["validate", str(report)], stdout=out, stderr=err)
    return Run(
        ("validate", str(report)),
        code,
        out.getvalue(),
        err.getvalue(),
        0.0,
        time.perf_counter() - start,
        time.process_time() - cpu,
    )


def province_counts(report: Path) -> dict[int, int | None]:
    """ISTAT code -> count, as the document's map draws it."""
    document = api.document_of(api.load(report))
    maps = [b.spec for s in document.sections for b in s.blocks if isinstance(b, Map)]
    assert len(maps) == 1
    return {p.codice_istat: p.value for p in maps[0].provinces}


# --- 1. YAML 1.1 numbers: text, never a different figure ----------------------------------

YAML_1_1_FORMS = [
    "0x3E9",  # hexadecimal: 1001
    "0b101",  # binary: 5
    "0o14",  # YAML 1.2 octal
    "1_000",  # digit groups: 1000
    "1_000.5",
    "1:30",  # sexagesimal: 90
    "190:20:30.15",
    "1e3",  # an exponent without dot and sign: text in YAML 1.1 too
    ".5",
    "1.",
    "yes",
    "on",
    "NO",
]


@pytest.mark.parametrize("form", YAML_1_1_FORMS)
def test_a_yaml_1_1_number_in_an_amount_is_refused_as_written(
    form: str, example_copy: ReportCopy
) -> None:
    report = example_copy(('dotazione: "970,4 M€"', f"dotazione: {form}"))
    run = validate(report, child=form == "1_000")
    assert_refused(
        run,
        "  - panorama.dotazione (riga 16): atteso un importo in euro, ad esempio 1980000, "
        f"'€ 1.980.000' oppure '970,4 M€' (valore trovato: '{form}')\n",
    )


@pytest.mark.parametrize("form", ["0x3E9", "1_001", "1:30", "0b1", "on", "1e3"])
def test_a_yaml_1_1_number_in_a_count_is_refused_as_written(
    form: str, example_copy: ReportCopy
) -> None:
    report = example_copy(("presentate: 1001", f"presentate: {form}"))
    assert_refused(
        validate(report, child=False),
        "  - avvisi[0].monitoraggio.presentate (riga 137): atteso un numero intero, ad esempio "
        f"764 oppure '1.001' (valore trovato: '{form}')\n",
    )


@pytest.mark.parametrize("form", ["1_0", "true", "0x1", "1:0"])
def test_an_axis_number_is_plain_digits(form: str, example_copy: ReportCopy) -> None:
    report = example_copy(("  - numero: 1\n", f"  - numero: {form}\n"))
    run = validate(report, child=False)
    assert_refused(run, "  - assi[0].numero (riga 25): atteso un numero intero")


def test_a_leading_zero_in_a_figure_is_decimal_not_octal(
    example_copy: ReportCopy,
) -> None:
    report = example_copy(("presentate: 1001", "presentate: 01001"))
    monitoring = api.load(report).report.avvisi[0].monitoraggio
    assert monitoring is not None
    assert monitoring.presentate == 1001  # YAML 1.1: 513


# Lombardy's provinces whose ISTAT code, read as octal, is another province's (or Genoa's).
LEADING_ZERO_CODES = {
    "MI": "015",  # octal 13: Como
    "VA": "012",  # octal 10: Genova
    "CO": "013",  # octal 11: La Spezia
    "SO": "014",  # octal 12: Varese
    "BG": "016",  # octal 14: Sondrio
    "BS": "017",  # octal 15: Milano
}


def test_province_codes_with_a_leading_zero_land_on_their_province(
    example_copy: ReportCopy,
) -> None:
    by_sigla = province_counts(example_copy(name="sigle.yaml"))
    swaps = [(f"{{provincia: {s}, ", f"{{provincia: {c}, ") for s, c in LEADING_ZERO_CODES.items()]
    report = example_copy(*swaps, name="codici.yaml")
    assert "{provincia: 015, imprese: 262}" in report.read_text(encoding="utf-8")
    assert province_counts(report) == by_sigla
    assert by_sigla[15] == 262 and by_sigla[13] == 41  # Milano, Como
    run = validate(report)
    assert_behaves(run, code=0)
    assert "provincia" not in run.stderr  # no province out of the region, none repeated


def test_novara_is_a_province_not_false(example_copy: ReportCopy) -> None:
    report = example_copy(("{provincia: MI, imprese: 262}", "{provincia: NO, imprese: 262}"))
    run = validate(report)
    assert_behaves(run, code=0)
    assert (
        "Avviso: avvisi[0].monitoraggio.province.valori[0].provincia (riga 153): provincia "
        "fuori dalla regione del rapporto (Lombardia): è in Piemonte; la mappa mostra solo la "
        "regione del rapporto e questa provincia è riportata in nota (valore trovato: NO)\n"
    ) in run.stderr


def test_province_codes_with_a_leading_zero_in_records_land_on_their_province(
    tmp_path: Path,
) -> None:
    """A CSV cell is text: '015' in the records is Milano (the tables' side of the class)."""
    source = ROOT / "data" / "por_fse_lombardia_2021_registri.yaml"
    shutil.copy(source, tmp_path / "sigle.yaml")
    records = (ROOT / "data" / "domande_smart_working.csv").read_text(encoding="utf-8")
    shutil.copy(ROOT / "data" / "domande_smart_working.csv", tmp_path)
    by_sigla = province_counts(tmp_path / "sigle.yaml")
    coded = tmp_path / "codici"
    coded.mkdir()
    for sigla, code in LEADING_ZERO_CODES.items():
        records = records.replace(f";{sigla};", f";{code};")
    assert ";015;" in records
    (coded / "domande_smart_working.csv").write_text(records, encoding="utf-8")
    shutil.copy(source, coded / "codici.yaml")
    assert province_counts(coded / "codici.yaml") == by_sigla


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("provincia: 015", {"provincia": "015"}),
        ("provincia: 15", {"provincia": "15"}),
        ("ateco: 62.10", {"ateco": "62.10"}),
        ("ateco: 01", {"ateco": "01"}),
        ("ateco: 46", {"ateco": "46"}),
        ("codice: 1", {"codice": "1"}),
        ("foglio: 2021", {"foglio": "2021"}),
        ("01: Coltivazioni", {"01": "Coltivazioni"}),
        ("62.10: Software", {"62.10": "Software"}),
        ("46: Commercio", {"46": "Commercio"}),
        ("a: 012", {"a": "012"}),
        ("a: 1_000", {"a": "1_000"}),
        ("a: 764", {"a": 764}),
        ("a: -5", {"a": -5}),
        ("a: 970.4", {"a": 970.4}),
        ("a: TRUE", {"a": True}),
        ("a: off", {"a": "off"}),
        ("a: ~", {"a": None}),
        ("a: 1.0e+3", {"a": 1000.0}),
        ("a: 1e3", {"a": "1e3"}),
    ],
)
def test_codes_and_field_names_are_the_text_written(written: str, expected: object) -> None:
    data, _ = parse_yaml(written, Path("r.yaml"))
    assert data == expected
    assert [type(v) for v in data.values()] == [type(v) for v in expected.values()]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "a: !!int 012",
            "numero in una forma non ammessa (ottale, esadecimale, binaria, sessagesimale, con "
            "'_' o con un esponente senza punto decimale e segno): atteso un numero in cifre "
            "decimali, ad esempio 1980000 oppure 970.4 (valore trovato: '012')",
        ),
        ("a: !!float 1e400", "numero in una forma non ammessa"),
        ("a: !!int 0x1F", "numero in una forma non ammessa"),
        ("a: !!float 1_0.5", "numero in una forma non ammessa"),
        ("a: !!float 1:30", "numero in una forma non ammessa"),
        (
            "a: 1.0e+400",
            "numero troppo grande (oltre 10^308): atteso un numero finito "
            "(valore trovato: '1.0e+400')",
        ),
        (
            "a: !!bool yes",
            "valore logico in una forma non ammessa: atteso true oppure false "
            "(valore trovato: 'yes')",
        ),
    ],
)
def test_explicit_tags_take_the_same_forms(written: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_yaml(written, Path("r.yaml"))
    assert str(info.value).startswith(f"Errori nel file r.yaml:\n  - a (riga 1): {message}")


# --- 1. negative zero ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("formatted", "expected"),
    [
        (lambda: fmt.number(Decimal("-0.04"), 1), "0,0"),
        (lambda: fmt.number(-0.0), "0"),
        (lambda: fmt.number(Decimal("-0")), "0"),
        (lambda: fmt.number(Decimal("-0.4")), "0"),
        (lambda: fmt.number(Decimal("-0.05"), 1), "-0,1"),
        (lambda: fmt.count(-0), "0"),
        (lambda: fmt.millions(Decimal("-40000")), "0,0\xa0M€"),
        (lambda: fmt.millions(Decimal("-0.0")), "0,0\xa0M€"),
        (lambda: fmt.millions(Decimal("-60000")), "-0,1\xa0M€"),
        (lambda: fmt.euro(Decimal("-0.004")), "€\xa00,00"),
        (lambda: fmt.euro(Decimal("-0.0")), "€\xa00"),
        (lambda: fmt.euro(Decimal("-0.4"), cents=False), "€\xa00"),
        (lambda: fmt.euro(Decimal("-0.0"), fmt.FormatSettings(valuta="suffisso")), "0\xa0€"),
        (lambda: fmt.percent(Decimal("-0.0001")), "0,0%"),
        (lambda: fmt.percent(-0.0), "0,0%"),
        (lambda: fmt.AmountScale(True).text(Decimal("-0.0")), "0,0\xa0M€"),
    ],
)
def test_what_rounds_to_zero_prints_without_a_sign(
    formatted: Callable[[], str], expected: str
) -> None:
    assert formatted() == expected


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _texts(item)


def test_an_amount_of_negative_zero_prints_as_zero(example_copy: ReportCopy) -> None:
    report = example_copy(('certificata: "643,7 M€"', "certificata: -0.0"))
    loaded = api.load(report)
    assert str(loaded.report.panorama.certificata) == "0.0"  # YAML gave -0.0: charts get 0 too
    texts = list(_texts(api.document_of(loaded)))
    assert "0,0\xa0M€" in texts
    assert not [t for t in texts if re.search(r"-0(,0*)?(\xa0|%|$)", t)]


# --- 4. numbers too long, dates out of range -----------------------------------------------


@pytest.mark.parametrize(
    ("written", "digits"),
    [
        ("9" * 5000, "5.000"),
        ("-" + "1" * 5000, "5.000"),
        ("1" * 4999 + ".5", "5.000"),
        ("1" * 31, "31"),
    ],
    ids=["int", "negative", "decimal", "31-digits"],
)
def test_a_number_of_thousands_of_digits_is_refused_naming_the_field(
    written: str, digits: str, example_copy: ReportCopy
) -> None:
    report = example_copy(('dotazione: "970,4 M€"', f"dotazione: {written}"))
    assert_refused(
        validate(report, child=written.startswith("9")),
        f"  - panorama.dotazione (riga 16): numero troppo lungo ({digits} cifre): atteso un "
        "numero di al massimo 30 cifre (valore trovato: '",
    )


def test_a_count_of_thousands_of_digits_written_as_text_is_refused(
    example_copy: ReportCopy,
) -> None:
    report = example_copy(("presentate: 1001", f'presentate: "{"9" * 5000}"'))
    assert_refused(
        validate(report),
        "  - avvisi[0].monitoraggio.presentate (riga 137): atteso un numero intero, ad esempio "
        "764 oppure '1.001', di al massimo 30 cifre",
    )


@pytest.mark.parametrize("digits", [5000, 1_000_000])  # a million: Decimal's overflow
def test_an_amount_of_thousands_of_digits_written_as_text_is_refused(
    digits: int, example_copy: ReportCopy
) -> None:
    report = example_copy(('dotazione: "970,4 M€"', f'dotazione: "{"9" * digits} M€"'))
    assert_refused(
        validate(report, child=digits > 5000),
        "  - panorama.dotazione (riga 16): atteso un importo in euro, ad esempio 1980000, "
        "'€ 1.980.000' oppure '970,4 M€', di al massimo 30 cifre (valore trovato: '9999",
    )


@pytest.mark.parametrize(
    ("field", "line", "old", "written", "shown"),
    [
        ("rapporto", 12, "2021-09-30", "9999-12-31", "9999-12-31"),
        ("rapporto", 12, "2021-09-30", "1979-12-31", "1979-12-31"),
        ("rapporto", 12, "2021-09-30", "2101-01-01 00:00:00", "2101-01-01T00:00:00"),
        ("avvisi[0].monitoraggio", 136, "2021-10-21", "0001-01-01", "0001-01-01"),
        ("avvisi[0].monitoraggio", 136, "2021-10-21", "'31/12/9999'", "'31/12/9999'"),
    ],
)
def test_a_date_outside_the_documented_years_is_refused_naming_the_field(
    field: str, line: int, old: str, written: str, shown: str, example_copy: ReportCopy
) -> None:
    report = example_copy((f"data_riferimento: {old}", f"data_riferimento: {written}"))
    assert_refused(
        validate(report, child=written == "9999-12-31"),
        f"  - {field}.data_riferimento (riga {line}): data fuori dall'intervallo ammesso: "
        "attesa una data tra il 1980 e il 2100, ad esempio 2021-09-30 "
        f"(valore trovato: {shown})\n",
    )


@pytest.mark.parametrize("date", ["1980-01-01", "2100-12-31"])
def test_the_first_and_last_dates_build_both_documents(date: str, example_copy: ReportCopy) -> None:
    report = example_copy(("data_riferimento: 2021-09-30", f"data_riferimento: {date}"))
    run = run_cli(["build", report.name, "-o", "out"], cwd=report.parent)
    assert_behaves(run, code=0)
    assert sorted(p.name for p in (report.parent / "out").iterdir()) == [
        "rapporto.pdf",
        "rapporto.pptx",
    ]


# --- 5. control characters never reach stderr raw -------------------------------------------

# One of each class: C0 (NUL, BEL, backspace, ESC, CR, vertical tab), DEL, C1 (NEL, the 8-bit
# CSI), and the layout characters, which must not fake a line within a field name.
CONTROLS = ["\x00", "\x07", "\x08", "\x1b", "\r", "\x0b", "\x7f", "\x85", "\x9b", "\n", "\t"]


def _yaml_escape(text: str) -> str:
    return "".join(
        f"\\x{ord(c):02x}" if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F else c for c in text
    )


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_a_control_character_in_a_field_name_is_escaped(
    char: str, example_copy: ReportCopy
) -> None:
    name = f"x{char}[31mROSSO"
    report = example_copy(("panorama:\n", f'panorama:\n  "{_yaml_escape(name)}": 1\n'))
    run = validate(report, child=char == "\x1b")
    assert_refused(
        run,
        f"  - panorama.x\\x{ord(char):02x}[31mROSSO (riga 16): campo non previsto in questa "
        "sezione (valore trovato: 1)\n",
    )


VALUE_CONTROLS = [c for c in CONTROLS if c not in "\r\n\t"]  # those three have fallbacks


@pytest.mark.parametrize("char", VALUE_CONTROLS, ids=[f"U+{ord(c):04X}" for c in VALUE_CONTROLS])
def test_a_control_character_in_a_value_is_escaped(char: str, example_copy: ReportCopy) -> None:
    value = f"Occupazione{char}]2;titolo"
    report = example_copy(("titolo: Occupazione\n", f'titolo: "{_yaml_escape(value)}"\n'))
    escaped = f"\\x{ord(char):02x}"
    assert_refused(
        validate(report, child=char == "\x1b"),
        "  - assi[0].titolo (riga 26): carattere non disponibile nel font Titillium Web: "
        f"'{escaped}' (U+{ord(char):04X}); atteso un testo senza emoji o simboli speciali "
        f"(valore trovato: 'Occupazione{escaped}]2;titolo')\n",
    )


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x7f", "\x9b", "\n"])
def test_a_control_character_in_a_file_name_is_refused_escaped(char: str, tmp_path: Path) -> None:
    """A name with a control character (a line break too: it could fake a line of its own)
    is refused before anything reads it, shown escaped."""
    broken = tmp_path / f"rotto{char}.yaml"
    broken.write_text("rapporto: [", encoding="utf-8")
    for name in (f"manca{char}.yaml", broken.name):
        run = run_cli(["validate", name], cwd=tmp_path)
        shown = name.replace(char, f"\\x{ord(char):02x}")
        assert_refused(
            run,
            f"Percorso non utilizzabile per il rapporto «{shown}»: il nome contiene un "
            "carattere di controllo (un a capo, una tabulazione, ESC…), che porreport non "
            "accetta in un nome di file: rinominare il file\n",
        )
        assert run.stderr.count("\n") == 1, run.describe()


def test_a_raw_control_character_in_the_yaml_text_is_refused(tmp_path: Path) -> None:
    report = tmp_path / "r.yaml"
    report.write_bytes("rapporto:\n  titolo: àa\x1b[31mb\x07\n".encode())
    run = validate(report)
    assert_refused(
        run,
        "r.yaml: sintassi YAML non valida (riga 2, colonna 13): carattere non ammesso in un "
        "file YAML (U+001B); i caratteri di controllo vanno scritti tra virgolette doppie come "
        'sequenze, ad esempio "\\t"\n',
    )


def test_a_control_character_in_a_table_reference_is_escaped(example_copy: ReportCopy) -> None:
    report = example_copy(("{file: dimensioni_imprese.csv}", '{file: "dimensioni\\e]0;x\\a.csv"}'))
    run = validate(report)
    assert_refused(run, "avvisi[0].monitoraggio.dimensioni.file (riga 142): ")
    assert "dimensioni\\x1b]0;x\\x07.csv" in run.stderr


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["build", "--format", "pptx\x1b[2J"], "formato non supportato: pptx\\x1b[2j."),
        (["costruisci\x1b[2J"], "scelta non valida 'costruisci\\x1b[2J'"),
        (["build", "-o", "out", "--template", "t\x07.pptx"], "t\\x07.pptx"),
    ],
    ids=["format", "command", "template"],
)
def test_a_control_character_in_an_argument_is_escaped(
    args: list[str], shown: str, tmp_path: Path
) -> None:
    run = run_cli(args, cwd=tmp_path)
    assert_behaves(run, code=2)
    assert shown in run.stderr, run.describe()


def test_a_batch_names_a_hostile_report_escaped(tmp_path: Path) -> None:
    reports = tmp_path / "rapporti"
    reports.mkdir()
    (reports / "a\x1b[31mb.yaml").write_text("rapporto: {}\n", encoding="utf-8")
    (reports / "c.yaml").write_text('rapporto:\n  "k\\e": 1\n', encoding="utf-8")
    run = run_cli(["batch", "rapporti", "-o", "out", "-j", "1"], cwd=tmp_path)
    assert_behaves(run, code=1)  # a report failed
    assert run.stderr.startswith("[1/2] a_31mb: ERRORE (")  # the output's name is a safe one
    assert (
        "    Percorso non utilizzabile per il rapporto «rapporti/a\\x1b[31mb.yaml»: il nome "
        "contiene un carattere di controllo"
    ) in run.stderr
    assert "\n    Errori nel file rapporti/c.yaml:\n" in run.stderr
    assert (
        "\n      - rapporto.k\\x1b (riga 2): campo non previsto in questa sezione "
        "(valore trovato: 1)\n"
    ) in run.stderr


def test_the_guard_escapes_every_write_and_keeps_a_terminal_s_carriage_return() -> None:
    plain = io.StringIO()
    SafeStream(plain).write("a\x1b[31mb\x07\rc\td\n\x9b\x00")
    assert plain.getvalue() == "a\\x1b[31mb\\x07\\x0dc\td\n\\x9b\\x00"

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    SafeStream(terminal).write("\r[###] 1/2 a\x1bb")
    assert terminal.getvalue() == "\r[###] 1/2 a\\x1bb"


# --- 3. messages: at most 50 problems, never over 64 KB, fast -------------------------------


def _unknown_fields(example_copy: ReportCopy, count: int) -> Path:
    fields = "".join(f"  campo_sconosciuto_{i}: 1\n" for i in range(count))
    return example_copy(("panorama:\n", f"panorama:\n{fields}"))


def test_a_report_with_100000_unknown_fields_is_refused_fast_with_50_of_them(
    example_copy: ReportCopy,
) -> None:
    run = validate(_unknown_fields(example_copy, 100_000))
    assert_refused(run, "Errori nel file rapporto.yaml:\n")
    lines = run.stderr.splitlines()
    assert len(lines) == 52
    assert lines[1] == (
        "  - panorama.campo_sconosciuto_0 (riga 16): campo non previsto in questa sezione "
        "(valore trovato: 1)"
    )
    assert lines[50].startswith("  - panorama.campo_sconosciuto_49 (riga 65): ")
    assert lines[51] == "  … e altri 99.950 errori"
    assert run.seconds < 15, run.describe()  # about 2.5 s; 10 s (difflib) before


@pytest.mark.parametrize(
    "nested",
    [
        "[" * 100_000 + "]" * 100_000,  # libyaml: 50 s, then a crash composing it
        "{a: " * 50_000 + "1" + "}" * 50_000,
        "- " * 100_000 + "x",  # block sequences, one per indicator
        "? " * 100_000 + "x",
        "".join(" " * i + "k:\n" for i in range(3000)) + " " * 3000 + "x",  # by indentation
        "[" * 30 + "]" * 30,  # shallow enough for libyaml: the walk names the field
    ],
    ids=["flow-lists", "flow-sections", "block-lists", "keys", "indentation", "walk"],
)
def test_deep_nesting_is_refused_before_libyaml_gets_deep(nested: str, tmp_path: Path) -> None:
    report = tmp_path / "r.yaml"
    report.write_text(nested + "\n", encoding="utf-8")
    run = validate(report)
    assert_refused(run, "struttura annidata troppo in profondità (oltre 20 livelli")
    assert run.seconds < 10, run.describe()


def test_a_report_over_the_event_limit_is_refused_before_its_node_tree_is_built(
    example_copy: ReportCopy,
) -> None:
    values = ",".join(["1"] * 1_000_000)
    report = example_copy(("iniziative:\n", f"iniziative_x: [{values}]\niniziative:\n"))
    run = validate(report)
    assert_refused(
        run,
        "rapporto.yaml: il file contiene troppi elementi YAML (valori, sezioni ed elenchi): "
        "oltre 300.000;",
    )
    assert run.peak_mb < 150, run.describe()  # building the node tree took 800 MB


@pytest.mark.parametrize(
    "edit",
    [
        # a very long field name (an explicit key: an implicit one stops at 1024 characters)
        ("panorama:\n", f'panorama:\n  ? "{"k" * 100_000}"\n  : 1\n'),
        ("titolo: Occupazione\n", f"titolo: {'parola ' * 150_000}\n"),  # a 1 MB value
        (
            "panorama:\n",
            "panorama:\n" + "".join(f'  ? "{"é" * 2000}{i}"\n  : 1\n' for i in range(1000)),
        ),
    ],
    ids=["long-name", "long-value", "many-long-names"],
)
def test_long_names_and_values_are_cut_in_messages(
    edit: tuple[str, str], example_copy: ReportCopy
) -> None:
    run = validate(example_copy(edit))
    assert_refused(run, "Errori nel file rapporto.yaml:\n  - ")
    assert len(run.stderr.encode()) < 40_000, run.describe()
    assert all(len(line) < 1000 for line in run.stderr.splitlines()), run.describe()


def test_no_message_exceeds_64_kb_by_construction() -> None:
    huge = "\x1b" * 1_000_000
    problems = [Problem(huge, huge, huge, huge) for _ in range(100)]
    rendered = InputError(problems, source=huge).render()
    assert len(rendered.encode()) <= MAX_MESSAGE_BYTES
    assert not control_characters(rendered)
    assert rendered.splitlines()[-1].startswith("  … e altri ")
    single = InputError(huge, source=huge).render()
    assert len(single.encode()) <= MAX_MESSAGE_BYTES
    assert not control_characters(single)


def test_the_guard_cuts_a_longer_write() -> None:
    out = io.StringIO()
    SafeStream(out).write("é" * 100_000 + "\n")
    assert len(out.getvalue().encode()) <= MAX_MESSAGE_BYTES
    assert out.getvalue().endswith("é… [messaggio troncato]\n")


def test_a_logical_value_or_null_is_quoted_as_yaml_writes_it() -> None:
    from porreport.inputs.messages import short_value

    assert [short_value(v) for v in (True, False, None, 1, "sì")] == [
        "true",
        "false",
        "null",
        "1",
        "'sì'",
    ]


def test_stdout_is_escaped_but_never_cut() -> None:
    """stdout carries documents (``monitor --json``, ``schema``) whole, controls escaped."""
    out = io.StringIO()
    SafeStream(out, cap=False).write("é" * 100_000 + "\x1b[2J\n")
    assert out.getvalue() == "é" * 100_000 + "\\x1b[2J\n"


def test_the_cli_escapes_what_it_writes_on_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    cli_main = sys.modules["porreport.cli.main"]  # porreport.cli.main is also the function

    def echo(args: object, out: io.StringIO, err: io.StringIO) -> int:
        print("Scritto o\x1b]0;titolo\x07/x.pdf", file=out)
        return 0

    monkeypatch.setattr(cli_main, "_cmd_schema", echo)
    out, err = io.StringIO(), io.StringIO()
    assert main(["schema"], stdout=out, stderr=err) == 0
    assert out.getvalue() == "Scritto o\\x1b]0;titolo\\x07/x.pdf\n"


def test_warnings_are_capped_like_errors() -> None:
    out = io.StringIO()
    print_warnings([Problem(f"campo{i}", "attenzione") for i in range(100_000)], out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Avviso: campo0: attenzione"
    assert lines[49] == "Avviso: campo49: attenzione"
    assert lines[50:] == ["… e altri 99.950 avvisi"]
    one_more = io.StringIO()
    print_warnings([Problem(f"campo{i}", "attenzione") for i in range(51)], one_more)
    assert one_more.getvalue().splitlines()[-1] == "… e un altro avviso"


def test_one_more_error_is_said_in_the_singular() -> None:
    error = InputError([Problem(f"campo{i}", "sbagliato") for i in range(51)], source="r.yaml")
    assert str(error).splitlines()[-1] == "  … e un altro errore"


def test_the_bundled_example_still_validates_with_its_warning(example: Path) -> None:
    run = run_cli(["validate", str(example)], cwd=example.parent)
    assert_behaves(run, code=0)
    assert run.stderr.startswith("Avviso: assi (riga 24): la somma degli assi differisce")
