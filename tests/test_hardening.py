"""Hostile, broken and extreme inputs: each is refused with a clear Italian message (or has a
documented behaviour), never a traceback, never anything run or read outside the report."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from porreport.cli.main import main
from porreport.errors import InputError
from porreport.inputs.loading import load
from porreport.output import safe_stem


def messages(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load(path)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'dotazione: "970,4 M€"',
            "dotazione: .nan",
            "panorama.dotazione (riga 16): atteso un importo in euro, ad esempio 1980000, "
            "'€ 1.980.000' oppure '970,4 M€' (valore non finito) (valore trovato: nan)",
        ),
        (
            'dotazione: "970,4 M€"',
            "dotazione: .inf",
            "panorama.dotazione (riga 16): atteso un importo in euro, ad esempio 1980000, "
            "'€ 1.980.000' oppure '970,4 M€' (valore non finito) (valore trovato: inf)",
        ),
        (
            'dotazione: "970,4 M€"',
            "dotazione: 1.0e+30",
            "panorama.dotazione (riga 16): valore troppo grande: atteso al massimo 10.000.000.000.000 "
            "(valore trovato: 1e+30)",
        ),
        (
            "presentate: 1001",
            "presentate: 99999999999",
            "avvisi[0].monitoraggio.presentate (riga 137): valore troppo grande: atteso al "
            "massimo 100.000.000 (valore trovato: 99999999999)",
        ),
        (
            "presentate: 1001",
            "presentate: [1, 2]",
            "avvisi[0].monitoraggio.presentate (riga 137): atteso un numero intero, ad esempio "
            "764 oppure '1.001' (valore trovato: [1, 2])",
        ),
        (
            "  titolo: Stato di attuazione del POR FSE 2014-2020\n",
            "  titolo: ''\n",
            "rapporto.titolo (riga 7): testo vuoto: atteso almeno un carattere (valore trovato: '')",
        ),
        (
            "data_riferimento: 2021-09-30",
            "data_riferimento: 2021-13-01",
            "rapporto.data_riferimento (riga 12): data inesistente; attesa una data valida, ad "
            "esempio 2021-09-30 (valore trovato: '2021-13-01')",
        ),
    ],
)
def test_bad_values(example_copy, old: str, new: str, expected: str) -> None:
    assert messages(example_copy((old, new))) == [expected]


def test_missing_section(example_copy) -> None:
    start = "panorama:\n"
    end = '  certificata: "643,7 M€"\n'
    path = example_copy()
    text = path.read_text(encoding="utf-8")
    text = text[: text.index(start)] + text[text.index(end) + len(end) :]
    path.write_text(text, encoding="utf-8")
    assert messages(path) == ["panorama: campo obbligatorio mancante"]


def test_empty_list_of_axes(example_copy) -> None:
    path = example_copy()
    text = path.read_text(encoding="utf-8")
    head, tail = text.split("assi:\n", 1)
    path.write_text(head + "assi: []\n" + tail[tail.index("iniziative:") :], encoding="utf-8")
    found = messages(path)
    assert found[0] == (
        "assi (riga 24): elenco troppo corto: attesi almeno 1 elementi (valore trovato: [])"
    )


def test_report_that_is_a_list(tmp_path: Path) -> None:
    path = tmp_path / "lista.yaml"
    path.write_text("- uno\n- due\n", encoding="utf-8")
    assert messages(path) == [
        "atteso un rapporto con sezioni (rapporto, panorama, assi, ...), trovato un valore "
        "singolo o un elenco"
    ]


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    # "billion laughs": aliases could expand exponentially; reports never need them
    path = tmp_path / "bomb.yaml"
    path.write_text('a: &a ["x", "x"]\nb: &b [*a, *a]\nc: [*b, *b]\n', encoding="utf-8")
    assert messages(path) == [
        "b[0]: alias YAML (&nome / *nome) non ammessi: atteso ogni valore scritto per esteso"
    ]


@pytest.mark.parametrize(("value", "found"), [("{a: 1}", "mapping"), ("[1]", "sequence")])
def test_a_date_tag_on_a_list_or_section_is_refused(tmp_path: Path, value: str, found: str) -> None:
    # the date check of the node walk reads scalars only; construction refuses the rest
    path = tmp_path / "data.yaml"
    path.write_text(f"rapporto: !!timestamp {value}\n", encoding="utf-8")
    assert messages(path) == [
        f"contenuto YAML non utilizzabile: expected a scalar node, but found {found}\n"
        '  in "<unicode string>", line 1, column 11'
    ]


def test_oversized_report_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "grande.yaml"
    path.write_bytes(b"# " + b"x" * (6 * 1024 * 1024) + b"\n")
    assert path.stat().st_size == 6_291_459
    assert messages(path) == [
        "file troppo grande (6.291.459 byte); atteso al massimo 5.242.880 byte"
    ]


def test_symlink_out_of_the_folder_is_refused(example_copy, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}_fuori.csv"
    outside.write_text("dimensione;imprese;importo\n", encoding="utf-8")
    (tmp_path / "link.csv").symlink_to(outside)
    path = example_copy(("{file: dimensioni_imprese.csv}", "{file: link.csv}"))
    assert messages(path) == [
        "avvisi[0].monitoraggio.dimensioni.file (riga 142): il file è fuori dalla cartella del "
        "rapporto: non ammesso (valore trovato: 'link.csv')"
    ]


def test_absolute_table_path_is_refused(example_copy) -> None:
    path = example_copy(("{file: dimensioni_imprese.csv}", "{file: /etc/passwd.csv}"))
    assert messages(path) == [
        "avvisi[0].monitoraggio.dimensioni.file (riga 142): percorso assoluto non ammesso: "
        "atteso un file nella cartella del rapporto (valore trovato: '/etc/passwd.csv')"
    ]


def test_xlsx_formulas_are_never_evaluated(example_copy, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["dimensione", "imprese", "importo"])
    sheet.append(["micro", "=200+64", 1980000])  # a formula with no cached value
    book.save(tmp_path / "dim.xlsx")
    path = example_copy(("{file: dimensioni_imprese.csv}", "{file: dim.xlsx}"))
    assert messages(path) == [
        "avvisi[0].monitoraggio.dimensioni[0].imprese (dim.xlsx, riga 2): campo obbligatorio "
        "mancante"
    ]


def test_logo_outside_the_folder_is_refused(example_copy, tmp_path: Path) -> None:
    path = example_copy(("  fonte: Sistema", "  loghi: [../../../etc/hostname]\n  fonte: Sistema"))
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", str(path), "-o", str(tmp_path / "out"), "--format", "pdf"], out, err)
    assert code == 2
    assert (
        err.getvalue()
        .strip()
        .endswith(
            "rapporto.loghi[0] (riga 13): il file è fuori dalla cartella del rapporto: non ammesso "
            "(valore trovato: '../../../etc/hostname')"
        )
    )
    assert not (tmp_path / "out").exists()


def test_long_texts_have_a_documented_limit(example_copy) -> None:
    long_title = "A" * 81
    path = example_copy(("titolo: Occupazione", f"titolo: {long_title}"))
    assert messages(path) == [
        f"assi[0].titolo (riga 26): testo troppo lungo: attesi al massimo 80 caratteri "
        f"(valore trovato: '{'A' * 60}…')"
    ]


def test_the_longest_allowed_labels_still_build(example_copy, tmp_path: Path) -> None:
    def text(seed: str, n: int) -> str:
        return (seed * n)[:n].strip()

    call = "Avviso pubblico per l’adozione di piani aziendali di smart working"
    path = example_copy(
        (
            "  titolo: Stato di attuazione del POR FSE 2014-2020\n",
            f"  titolo: {text('Stato di attuazione del programma ', 150)}\n",
        ),
        ("  programma: POR FSE 2014-2020\n", f"  programma: {text('POR FSE 2014-2020 ', 150)}\n"),
        (
            "  occasione: Comitato di Sorveglianza\n",
            f"  occasione: {text('Comitato di Sorveglianza ', 150)}\n",
        ),
        ("titolo: Occupazione\n", f"titolo: {text('Occupazione e lavoro ', 80)}\n"),
        (f"  - titolo: {call}\n", f"  - titolo: {text(call + ' ', 150)}\n"),
        ("      - nome: Azione A)\n", f"      - nome: {text('Azione A) consulenza ', 80)}\n"),
    )
    err = io.StringIO()
    code = main(["build", str(path), "-o", str(tmp_path / "out")], io.StringIO(), err)
    assert code == 0, err.getvalue()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("rapporto 2021", "rapporto_2021"),
        ("../../etc/passwd", "etc_passwd"),
        ("..", "rapporto"),
        ("Capacità àèì", "Capacit"),
        ("a" * 300, "a" * 120),
    ],
)
def test_output_names_are_sanitised(name: str, expected: str) -> None:
    assert safe_stem(name) == expected


def test_a_folder_given_as_report(tmp_path: Path) -> None:
    err = io.StringIO()
    assert main(["validate", str(tmp_path)], io.StringIO(), err) == 2
    assert err.getvalue().strip() == (
        f"{tmp_path}: atteso un file YAML, trovata una cartella o un file speciale"
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("logo.svg", b"<svg/>", "formato di immagine non ammesso. Formati ammessi: PNG, JPEG"),
        ("logo.png", b"not an image", "il file non è un'immagine PNG o JPEG valida"),
    ],
)
def test_logos_must_be_png_or_jpeg(
    example_copy, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    (tmp_path / name).write_bytes(content)
    path = example_copy(("  fonte: Sistema", f"  loghi: [{name}]\n  fonte: Sistema"))
    err = io.StringIO()
    code = main(
        ["build", str(path), "-o", str(tmp_path / "out"), "--format", "pdf"], io.StringIO(), err
    )
    assert code == 2
    assert (
        err.getvalue()
        .strip()
        .endswith(f"rapporto.loghi[0] (riga 13): {expected} (valore trovato: '{name}')")
    )
    assert not (tmp_path / "out").exists()


def test_a_call_without_beneficiaries_builds(example_copy, tmp_path: Path) -> None:
    path = example_copy(
        ("ammesse: 884", "ammesse: 120"),
        ("beneficiari: 764", "beneficiari: 0"),
        ('importo_ammesso: "€ 10.705.500"', "importo_ammesso: 0"),
        ("dimensioni: {file: dimensioni_imprese.csv}", "dimensioni: []"),
        ("addendum: 379", "addendum: 0"),
        ("originario: 385", "originario: 0"),
    )
    text = path.read_text(encoding="utf-8")
    start = text.index("      province:")
    end = text.index("    valutazione:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    err = io.StringIO()
    code = main(["build", str(path), "-o", str(tmp_path / "out")], io.StringIO(), err)
    assert code == 0, err.getvalue()
    assert "Errore interno" not in err.getvalue()


def test_eight_axes_and_the_longest_words_still_build(example_copy, tmp_path: Path) -> None:
    """The largest report the vocabulary allows: eight axes with 80-character titles and
    20-character codes, 80-character axis and beneficiary words."""
    word = ("Obiettivo strategico di policy " * 3)[:80].strip()
    axes = "".join(
        f"  - numero: {n}\n    codice: {('OS' + str(n) * 20)[:20]}\n"
        f"    titolo: {(f'Titolo lungo dell’asse numero {n} ' * 3)[:80].strip()}\n"
        '    dotazione: "1 M€"\n    programmate: "1 M€"\n    impegnate: "1 M€"\n'
        '    liquidate: "1 M€"\n'
        for n in range(5, 9)
    )
    vocab = (
        "vocabolario:\n"
        f"  programma: {word}\n"
        f"  asse: {{singolare: {word}, plurale: {word}, genere: m, numerazione: codice}}\n"
        f"  destinatari: {{singolare: {word}, plurale: {word}, genere: f}}\n\npanorama:"
    )
    path = example_copy(("panorama:", vocab), ("iniziative:", axes + "\niniziative:"))
    text = path.read_text(encoding="utf-8")
    for n in range(1, 5):
        text = text.replace(f"  - numero: {n}\n", f"  - numero: {n}\n    codice: OS{n}\n", 1)
    path.write_text(text, encoding="utf-8")
    err = io.StringIO()
    code = main(["build", str(path), "-o", str(tmp_path / "out")], io.StringIO(), err)
    assert code == 0, err.getvalue()
    assert "Errore interno" not in err.getvalue()
