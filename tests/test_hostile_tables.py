"""Hostile catalogue (issue 17): tables named by a report and application records.

Every input is generated in ``tmp_path`` (zip bombs are zeros deflated: small on disk) and
given to the CLI in a child process under resource limits (``tests/hostile.py``): a table to
``porreport validate`` (and once to ``build``) through a report, records to ``porreport
monitor`` and through a report. Refusals are exit 2 with an Italian message naming the file
and the limit (docs/limits.md, "Tables and records"); inputs within the limits stay under
512 MB and 30 s, and never print a NumPy warning or a wrapped figure.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from hostile import Run, assert_behaves, assert_refused, run_cli
from porreport.resources import resource_dir

DATA = resource_dir("data")
RECORDS = DATA / "domande_smart_working.csv"
MAIN_EXAMPLE = DATA / "por_fse_lombardia_2021.yaml"
RECORDS_EXAMPLE = DATA / "por_fse_lombardia_2021_registri.yaml"
TABLE_REF = "{file: dimensioni_imprese.csv}"
RECORDS_REF = "file: domande_smart_working.csv"
RECORDS_HEADER = "Codice domanda;Dimensione impresa;Stato;Importo ammesso"

# ------------------------------------------------------------------ inputs


_MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": b'<?xml version="1.0" encoding="UTF-8"?><workbook '
    + _MAIN
    + b" "
    + _R
    + b'><sheets><sheet name="Foglio1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    "xl/sharedStrings.xml": b"<sst " + _MAIN + b"/>",
}
DTD = {  # billion laughs (expanded 10^9 times) and an external entity
    "laughs": b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b'<!ENTITY %s "%s">' % (chr(98 + i).encode(), b"&%s;" % chr(97 + i).encode() * 10)
        for i in range(9)
    )
    + b"]>",
    "external": b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
}


def xlsx(
    target: Path,
    sheet: bytes | Iterable[bytes],
    *,
    parts: dict[str, bytes | Iterable[bytes]] | None = None,
    level: int = 1,
) -> Path:
    """A workbook of one sheet; ``parts`` replace or add parts (streamed when iterables)."""
    contents: dict[str, bytes | Iterable[bytes]] = {
        **_PARTS,
        "xl/worksheets/sheet1.xml": sheet,
        **(parts or {}),
    }
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in contents.items():
            with archive.open(name, "w", force_zip64=True) as fh:
                for chunk in [data] if isinstance(data, bytes) else data:
                    fh.write(chunk)
    return target


def cell(ref: str, value: object) -> bytes:
    if isinstance(value, str):
        text = value.replace("&", "&amp;").replace("<", "&lt;")
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()
    return f'<c r="{ref}"><v>{value}</v></c>'.encode()


def sheet_xml(
    rows: Sequence[Sequence[object]],
    *,
    dimension: str | None = None,
    extra_rows: bytes = b"",
    before: bytes = b"",
) -> bytes:
    """A sheet of ``rows`` (row 1 first), ``extra_rows`` after them."""
    body = b"".join(
        f'<row r="{r}">'.encode()
        + b"".join(cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(row) if v is not None)
        + b"</row>"
        for r, row in enumerate(rows, start=1)
    )
    claim = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        + before
        + b"<worksheet "
        + _MAIN
        + b">"
        + claim
        + b"<sheetData>"
        + body
        + extra_rows
        + b"</sheetData></worksheet>"
    )


def table_rows() -> list[list[object]]:
    """The example's size-class table (header first), numbers as numbers."""
    lines = (DATA / "dimensioni_imprese.csv").read_text(encoding="utf-8").splitlines()
    rows = [line.split(";") for line in lines]
    return [rows[0]] + [[int(v) if v.isdigit() else v for v in row] for row in rows[1:]]


def records_rows(n: int = 3) -> list[list[object]]:
    return [RECORDS_HEADER.split(";")] + [
        [f"A{i}", "Microimpresa", "Ammessa", 7500] for i in range(1, n + 1)
    ]


def damaged(target: Path, part: str) -> Path:
    """``target`` with a byte of ``part``'s compressed data changed (its CRC no longer holds)."""
    with zipfile.ZipFile(target) as archive:
        info = archive.getinfo(part)
    data = bytearray(target.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    return target


def zeros(megabytes: int) -> Iterable[bytes]:
    block = b"\0" * (1 << 20)
    return (block for _ in range(megabytes))


@pytest.fixture
def report(tmp_path: Path):
    """A copy of the example whose size-class table is ``name`` (in ``tmp_path``)."""

    def make(name: str, *, records: bool = False) -> Path:
        for table in DATA.glob("*.csv"):
            shutil.copy(table, tmp_path / table.name)
        source, ref = (RECORDS_EXAMPLE, RECORDS_REF) if records else (MAIN_EXAMPLE, TABLE_REF)
        new = f"file: {name}" if records else f"{{file: {name}}}"
        text = source.read_text(encoding="utf-8")
        assert ref in text
        target = tmp_path / ("registri.yaml" if records else "rapporto.yaml")
        target.write_text(text.replace(ref, new, 1), encoding="utf-8")
        return target

    return make


# ``run_cli`` forks pytest: the child's peak (``wait4``) starts at pytest's own size, which
# grows through a session. Where a test bounds memory more tightly than the harness, the CLI
# is started by a fresh, small Python process that reports its child's peak.
def peak_mb(args: Sequence[str], cwd: Path) -> float:
    """The peak memory of ``porreport ARGS`` (its exit code 0)."""
    run = run_cli(args, cwd=cwd)
    assert run.code == 0, run.describe()
    return run.peak_mb


def validate(report_file: Path) -> Run:
    return run_cli(["validate", report_file.name], cwd=report_file.parent)


def monitor(target: Path, *options: str) -> Run:
    return run_cli(["monitor", target.name, *options], cwd=target.parent)


# ------------------------------------------------------------------ XLSX: bounded resources

TABLE_CASES = {
    "zip bomb (1 GB of zeros)": (
        lambda p: xlsx(p, zeros(1024)),
        "ammessi al massimo 64 MB per parte",
    ),
    "part expanding 1000 times": (
        lambda p: xlsx(p, sheet_xml(table_rows()) + b" " * (4 << 20), level=9),
        "possibile «zip bomb»",
    ),
    "a row far down": (
        lambda p: xlsx(p, sheet_xml(table_rows(), extra_rows=b'<row r="1048576"/>')),
        "arriva alla riga 1.048.576; ammesse al massimo 100.001 righe",
    ),
    "200,000 rows": (
        lambda p: xlsx(p, sheet_xml(table_rows() + [["micro", 1]] * 200_000)),
        "arriva alla riga 100.002; ammesse al massimo 100.001 righe",
    ),
    "a cell in the last column": (
        lambda p: xlsx(
            p, sheet_xml(table_rows(), extra_rows=b'<row r="6">' + cell("XFD6", 1) + b"</row>")
        ),
        "ha una cella oltre la colonna CV (riga 6); ammesse al massimo 100 colonne",
    ),
    "shared strings part of 40 MB": (
        lambda p: xlsx(
            p,
            sheet_xml(table_rows()),
            parts={
                "xl/sharedStrings.xml": [
                    b"<sst " + _MAIN + b">",
                    *([b"<si><t/></si>" * 100_000] * 30),
                    b"</sst>",
                ]
            },
        ),
        "('xl/sharedStrings.xml') decompressa occuperebbe 38 MB; ammessi al massimo 8 MB",
    ),
    "300,000 shared strings": (
        lambda p: xlsx(
            p,
            sheet_xml(table_rows()),
            parts={
                "xl/sharedStrings.xml": b"<sst "
                + _MAIN
                + b">"
                + b"".join(b"<si><t>%d</t></si>" % i for i in range(300_000))
                + b"</sst>"
            },
        ),
        "('xl/sharedStrings.xml') contiene oltre 250.000 testi",
    ),
    "elements outside the rows": (
        lambda p: xlsx(
            p,
            sheet_xml(table_rows()).replace(
                b"<sheetData>", b"".join(b"<x%d/>" % i for i in range(30_000)) + b"<sheetData>"
            ),
        ),
        "contiene oltre 20.000 elementi XML fuori dalle righe",
    ),
    "a cell of 2 MB": (
        lambda p: xlsx(p, sheet_xml([*table_rows(), ["micro", os.urandom(1 << 20).hex()]])),
        "ha la riga 6 di oltre 1 MB di XML",
    ),
    "a styles part of 10 MB": (
        lambda p: xlsx(
            p,
            sheet_xml(table_rows()),
            parts={
                "xl/styles.xml": b"<styleSheet "
                + _MAIN
                + b">"
                + b"".join(b"<x%d/>" % i for i in range(1_200_000))
                + b"</styleSheet>"
            },
        ),
        "ammessi al massimo 4 MB per le parti lette per intero",
    ),
    "a large sheet that a chart sheet also names": (
        lambda p: xlsx(
            p,
            sheet_xml(table_rows() + [["micro", "x", "y", 1, 2]] * 60_000),
            parts={
                "xl/workbook.xml": _PARTS["xl/workbook.xml"].replace(
                    b"</sheets>", b'<sheet name="Grafico" sheetId="2" r:id="rId3"/></sheets>'
                ),
                "xl/_rels/workbook.xml.rels": _PARTS["xl/_rels/workbook.xml.rels"].replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/chartsheet" '
                    b'Target="worksheets/sheet1.xml"/></Relationships>',
                ),
            },
        ),
        (
            "la parte 'xl/worksheets/sheet1.xml' decompressa occuperebbe ",
            "ammessi al massimo 4 MB per le parti lette per intero",
        ),
    ),
    "a truncated sheet": (
        lambda p: xlsx(p, sheet_xml(table_rows() * 50)[:3000]),
        "la parte 'xl/worksheets/sheet1.xml' non si legge (il file è troncato: riga 1, colonna",
    ),
    "a truncated file": (
        lambda p: p.write_bytes(xlsx(p, sheet_xml(table_rows() * 50)).read_bytes()[:2000]) and p,
        "file XLSX illeggibile o danneggiato: non è un archivio zip",
    ),
    "a damaged part": (
        lambda p: damaged(
            xlsx(p, sheet_xml(table_rows() * 200), level=9), "xl/worksheets/sheet1.xml"
        ),
        "file XLSX illeggibile o danneggiato: una parte dell'archivio è rovinata",
    ),
    "a file of NUL bytes": (
        lambda p: p.write_bytes(b"\0" * (4 << 20)) and p,
        "file XLSX illeggibile o danneggiato: non è un archivio zip",
    ),
    "a sheet in UTF-7": (
        lambda p: xlsx(
            p, sheet_xml(table_rows()).replace(b'encoding="UTF-8"', b'encoding="UTF-7"')
        ),
        "la parte 'xl/worksheets/sheet1.xml' dichiara la codifica 'UTF-7'; ammesse UTF-8 e UTF-16",
    ),
}


@pytest.mark.parametrize("case", list(TABLE_CASES))
def test_an_xlsx_table_over_the_limits_is_refused(report, tmp_path: Path, case: str) -> None:
    make, expected = TABLE_CASES[case]
    make(tmp_path / "dim.xlsx")
    run = validate(report("dim.xlsx"))
    texts = expected if isinstance(expected, tuple) else (expected,)
    assert_refused(run, "avvisi[0].monitoraggio.dimensioni.file", "'dim.xlsx'", *texts)


@pytest.mark.parametrize("dtd", list(DTD))
@pytest.mark.parametrize(
    "part",
    ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml", "[Content_Types].xml"],
)
def test_an_xlsx_with_a_dtd_is_refused_unread(report, tmp_path: Path, part: str, dtd: str) -> None:
    """Refused before any parser sees it: an entity never expands, /etc/passwd is never read."""
    contents = {**_PARTS, "xl/worksheets/sheet1.xml": sheet_xml(table_rows())}
    declaration, mark, rest = contents[part].partition(b"?>")
    hostile = declaration + mark + DTD[dtd] + rest if mark else DTD[dtd] + declaration
    xlsx(tmp_path / "dim.xlsx", contents["xl/worksheets/sheet1.xml"], parts={part: hostile})
    run = validate(report("dim.xlsx"))
    assert_refused(
        run,
        "'dim.xlsx'",
        f"la parte '{part}' contiene una dichiarazione DOCTYPE (DTD), non ammessa",
    )
    assert "root:" not in run.stderr + run.stdout


def test_a_dtd_in_utf16_is_refused_too(report, tmp_path: Path) -> None:
    text = (
        sheet_xml(table_rows())
        .decode()
        .replace('encoding="UTF-8"?>', 'encoding="UTF-16"?>' + DTD["external"].decode())
    )
    xlsx(tmp_path / "dim.xlsx", text.encode("utf-16"))
    assert_refused(validate(report("dim.xlsx")), "'dim.xlsx'", "contiene una dichiarazione DOCTYPE")


def test_a_claimed_dimension_beyond_the_limits_is_set_aside(report, tmp_path: Path) -> None:
    """openpyxl would pad every row to 16.384 columns and fill a million rows: the claim is
    ignored and the table reads as without it."""
    xlsx(tmp_path / "dim.xlsx", sheet_xml(table_rows(), dimension="A1:XFD1048576"))
    target = report("dim.xlsx")
    assert_behaves(validate(target), code=0)
    assert peak_mb(["validate", target.name], tmp_path) < 150


def test_an_xlsx_table_within_the_limits_is_read(report, tmp_path: Path) -> None:
    xlsx(tmp_path / "dim.xlsx", sheet_xml(table_rows(), dimension="A1:E5"))
    assert_behaves(validate(report("dim.xlsx")), code=0)


def test_a_refused_table_stops_a_build_too(report, tmp_path: Path) -> None:
    xlsx(tmp_path / "dim.xlsx", zeros(1024))
    target = report("dim.xlsx")
    run = run_cli(["build", target.name, "-o", "uscita"], cwd=tmp_path)
    assert_refused(run, "'dim.xlsx'", "ammessi al massimo 64 MB per parte")
    assert not (tmp_path / "uscita").exists() or not any((tmp_path / "uscita").iterdir())


# ------------------------------------------------------------------ CSV tables


def _table_csv(newline: str = "\n") -> str:
    return (DATA / "dimensioni_imprese.csv").read_text(encoding="utf-8").replace("\n", newline)


CSV_TABLE_CASES = {
    "100,000 columns": (
        "dimensione;imprese;" + ";".join(f"c{i}" for i in range(100_000)) + "\nmicro;1\n",
        "la tabella ha 100.002 colonne; ammesse al massimo 100",
    ),
    "600,000 cells": (
        "dimensione;imprese\n" + "micro;1\n" * 600_000,
        "la tabella supera 500.000 celle, il massimo ammesso",
    ),
    "200,000 rows": ("dimensione\n" + "micro\n" * 200_000, "troppe righe (oltre 100.000)"),
    "a field of 200 KB": (
        _table_csv() + "micro;" + "x" * 200_000 + "\n",
        "riga 6: un valore supera 131.072 caratteri",
    ),
    "NUL bytes": ("\0" * 100_000, "il file è binario, non un CSV"),
    "Windows-1252": (_table_csv(), "la tabella non è in codifica UTF-8"),
}


@pytest.mark.parametrize("case", list(CSV_TABLE_CASES))
def test_a_csv_table_over_the_limits_is_refused(report, tmp_path: Path, case: str) -> None:
    text, expected = CSV_TABLE_CASES[case]
    encoding = "cp1252" if case == "Windows-1252" else "utf-8"
    (tmp_path / "dim.csv").write_bytes(text.encode(encoding))
    run = validate(report("dim.csv"))
    assert_refused(run, "avvisi[0].monitoraggio.dimensioni.file", "'dim.csv'", expected)


@pytest.mark.parametrize("newline", ["\r", "\r\n"], ids=["CR (old Mac)", "CRLF"])
def test_a_csv_table_with_other_line_ends_reads_the_same(
    report, tmp_path: Path, newline: str
) -> None:
    reference = validate(report("dimensioni_imprese.csv"))
    (tmp_path / "dim.csv").write_text(_table_csv(newline), encoding="utf-8", newline="")
    run = validate(report("dim.csv"))
    assert_behaves(run, code=0)
    expected = reference.stderr.replace("dimensioni_imprese.csv", "dim.csv")
    assert (run.stdout, run.stderr) == (reference.stdout, expected)


# ------------------------------------------------------------------ records: porreport monitor


def _records_csv(rows: Iterable[str], header: str = RECORDS_HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


MONITOR_CASES = {
    "a file of NUL bytes": (
        lambda p: p.write_bytes(b"\0" * (64 << 20)),
        "il file è binario, non un CSV",
    ),
    "a header, then NUL bytes": (
        lambda p: p.write_bytes(RECORDS_HEADER.encode() + b"\n" + b"\0" * (64 << 20)),
        "il file è binario, non un CSV",
    ),
    "100,000 columns": (
        lambda p: p.write_text(
            RECORDS_HEADER + ";" + ";".join(f"c{i}" for i in range(100_000)) + "\n"
        ),
        "l'intestazione ha 100.004 colonne; ammesse al massimo 1.000",
    ),
    "a header line of 2 MB": (
        lambda p: p.write_text(RECORDS_HEADER + ";" + "x" * (2 << 20) + "\n"),
        "la prima riga (intestazione) supera 1.024 KB",
    ),
    "a row of 100 MB": (
        lambda p: p.write_text(
            _records_csv(["A1;micro;Ammessa;1", "A2;micro;" + "x" * (100 << 20) + ";1"])
        ),
        "riga 3: la riga supera 131.072 caratteri, il massimo ammesso per una domanda",
    ),
    "a short row, then a quote left open over 100 MB": (
        lambda p: p.write_text(
            _records_csv(["A1;micro;Ammessa", 'A2;"micro'] + ["x;y;z"] * 5_000_000)
        ),
        "riga 3: la riga supera 131.072 caratteri",
    ),
    "a quote left open": (
        lambda p: p.write_text(
            _records_csv(["A1;micro;Ammessa;1", 'A2;"micro;Ammessa;1', "A3;micro;Ammessa;1"])
        ),
        "virgolette non chiuse a partire dalla riga 3",
    ),
}


@pytest.mark.parametrize("case", list(MONITOR_CASES))
def test_monitor_refuses_records_over_the_limits(tmp_path: Path, case: str) -> None:
    make, expected = MONITOR_CASES[case]
    target = tmp_path / "domande.csv"
    make(target)
    run = monitor(target)
    assert_refused(run, "domande.csv: ", expected)
    assert run.stdout == ""


def _json(run: Run) -> dict:
    assert_behaves(run, code=0)
    return json.loads(run.stdout)


@pytest.mark.parametrize("newline", ["\r", "\r\n"], ids=["CR (old Mac)", "CRLF"])
def test_records_with_other_line_ends_give_the_same_figures(tmp_path: Path, newline: str) -> None:
    target = tmp_path / RECORDS.name
    target.write_bytes(RECORDS.read_bytes().replace(b"\n", newline.encode()))
    assert _json(monitor(target, "--json")) == _json(monitor(RECORDS, "--json"))


@pytest.mark.parametrize(
    "amount",
    ["99999999999999999999", "9" * 400, "10.000.000.000.000,01", "1" + "0" * 20 + ",00", "1e400"],
)
def test_an_amount_too_large_is_a_data_problem_not_a_wrapped_figure(
    tmp_path: Path, amount: str
) -> None:
    target = tmp_path / "domande.csv"
    target.write_text(
        _records_csv([f"A1;Microimpresa;Ammessa;{amount}", "A2;Microimpresa;Ammessa;7.500,00"])
    )
    run = monitor(target, "--json")
    result = _json(run)
    assert "Warning" not in run.stderr and "overflow" not in run.stderr
    assert result["importo_ammesso"] == 7500
    assert result["dimensioni"][0]["importo"] == 7500
    problems = result["problemi"]["elenco"]
    if amount == "1e400":  # not a number at all
        assert problems[0]["messaggio"] == "importo non leggibile; atteso ad esempio 7.500,00"
    else:
        assert problems[0]["messaggio"] == (
            "importo oltre il massimo ammesso per una domanda (10.000.000.000.000 €)"
        )
        assert problems[0]["riga"] == 2
        assert problems[0]["valore"] == (amount if len(amount) <= 200 else amount[:200] + "…")


def test_sums_past_int64_stay_exact(tmp_path: Path) -> None:
    """10.000 applications of the largest amount: 10^19 cents, past int64 (9,2 · 10^18)."""
    target = tmp_path / "domande.csv"
    target.write_text(
        _records_csv(f"A{i};Microimpresa;Ammessa;10.000.000.000.000,00" for i in range(10_000))
    )
    run = monitor(target, "--json")
    result = _json(run)
    assert "Warning" not in run.stderr
    assert result["importo_ammesso"] == 10**17
    assert result["dimensioni"][0]["importo"] == 10**17
    assert result["problemi"]["totale"] == 0
    text = monitor(target)
    assert_behaves(text, code=0)
    assert "€\xa0100.000.000.000.000.000" in text.stdout


def test_the_tolerant_reader_reads_a_large_irregular_file_in_chunks(tmp_path: Path) -> None:
    """A short row sends the file to pandas, which read the whole file at once (four times
    its size in memory): it now reads it in chunks."""
    target = tmp_path / "domande.csv"
    rows = [f"A{i};Microimpresa;Ammessa;7.500,00" for i in range(1_500_000)]
    rows[10] = "A10;Microimpresa;Ammessa"
    target.write_text(_records_csv(rows))
    result = _json(monitor(target, "--json"))
    assert result["righe"] == 1_500_000
    assert result["problemi"]["per_tipo"] == {"importo": 1}
    assert peak_mb(["monitor", target.name, "--json"], tmp_path) < 250


def test_a_long_cell_is_shown_cut(tmp_path: Path) -> None:
    target = tmp_path / "domande.csv"
    target.write_text(_records_csv(["A1;Microimpresa;" + "\x1b" * 100_000 + ";7.500,00"]))
    run = monitor(target)
    assert_behaves(run, code=0)
    assert "(valore trovato: '" + "\\x1b" * 200 + "…')" in run.stdout
    assert len(run.stdout) < 5_000


def _irregular(rows: list[str]) -> list[str]:
    """``rows`` with a short row after them: pyarrow gives the file up to the tolerant reader."""
    return [*rows, "A9;Microimpresa;Ammessa"]


@pytest.mark.parametrize("reader", ["regular", "irregular"])
def test_a_row_within_131_072_characters_is_read_whatever_the_rest_of_the_file(
    tmp_path: Path, reader: str
) -> None:
    """pyarrow (64 KiB blocks) or the tolerant reader: the same limit for a row."""
    rows = ["A1;Microimpresa;" + "x" * 130_000 + ";1", "A2;Microimpresa;Ammessa;2"]
    target = tmp_path / "domande.csv"
    target.write_text(_records_csv(_irregular(rows) if reader == "irregular" else rows))
    result = _json(monitor(target, "--json"))
    assert result["righe"] == (3 if reader == "irregular" else 2)
    assert result["problemi"]["elenco"][0]["valore"] == "x" * 200 + "…"


@pytest.mark.parametrize("reader", ["regular", "irregular"])
def test_a_row_over_131_072_characters_is_refused_whatever_the_rest_of_the_file(
    tmp_path: Path, reader: str
) -> None:
    """A field of 200 KB: within two of pyarrow's blocks were they 256 KB, and refused by
    the tolerant reader; refused by both."""
    rows = ["A1;Microimpresa;Ammessa;1", "A2;Microimpresa;" + "x" * 200_000 + ";1"]
    target = tmp_path / "domande.csv"
    target.write_text(_records_csv(_irregular(rows) if reader == "irregular" else rows))
    run = monitor(target)
    assert_refused(
        run,
        "domande.csv: riga 3: la riga supera 131.072 caratteri, il massimo ammesso per una domanda",
    )
    assert run.stdout == ""


MONITOR_XLSX_CASES = {
    "zip bomb (256 MB of zeros)": (
        lambda p: xlsx(p, zeros(256)),
        "ammessi al massimo 128 MB per parte",
    ),
    "a truncated sheet": (
        lambda p: xlsx(p, sheet_xml(records_rows(100))[:2500]),
        "la parte 'xl/worksheets/sheet1.xml' non si legge (il file è troncato",
    ),
    "a DTD": (
        lambda p: xlsx(p, sheet_xml(records_rows(), before=DTD["laughs"])),
        "contiene una dichiarazione DOCTYPE (DTD)",
    ),
    "1,501,000 cells": (
        lambda p: xlsx(
            p,
            sheet_xml(records_rows(), extra_rows=(b"<row>" + b"<c/>" * 1000 + b"</row>") * 1501),
        ),
        "il foglio 'Foglio1' supera 1.500.000 celle",
    ),
    "a cell of 2 MB": (
        lambda p: xlsx(p, sheet_xml([*records_rows(), ["A9", os.urandom(1 << 20).hex()]])),
        "ha la riga 5 di oltre 1 MB di XML",
    ),
}


@pytest.mark.parametrize("case", list(MONITOR_XLSX_CASES))
def test_monitor_refuses_an_xlsx_over_the_limits(tmp_path: Path, case: str) -> None:
    make, expected = MONITOR_XLSX_CASES[case]
    target = make(tmp_path / "domande.xlsx")
    assert_refused(monitor(target), "domande.xlsx: ", expected)


def test_monitor_sets_a_huge_claimed_dimension_aside(tmp_path: Path) -> None:
    target = xlsx(tmp_path / "domande.xlsx", sheet_xml(records_rows(), dimension="A1:XFD1048576"))
    result = _json(monitor(target, "--json"))
    assert (result["righe"], result["importo_ammesso"]) == (3, 22500)


# ------------------------------------------------------------------ records named by a report


def test_records_named_by_a_report_are_checked_the_same(report, tmp_path: Path) -> None:
    (tmp_path / "dom.csv").write_bytes(b"\0" * (1 << 20))
    run = validate(report("dom.csv", records=True))
    assert_refused(
        run, "avvisi[0].monitoraggio.registri.file", "'dom.csv'", "il file è binario, non un CSV"
    )
    xlsx(tmp_path / "dom.xlsx", sheet_xml(records_rows(), before=DTD["external"]))
    run = validate(report("dom.xlsx", records=True))
    assert_refused(run, "avvisi[0].monitoraggio.registri.file", "'dom.xlsx'", "DOCTYPE")


def test_records_with_cr_line_ends_build_the_same_report(report, tmp_path: Path) -> None:
    (tmp_path / "dom.csv").write_bytes(RECORDS.read_bytes().replace(b"\n", b"\r"))
    run = validate(report("dom.csv", records=True))
    reference = validate(report(RECORDS.name, records=True))
    assert_behaves(run, code=0)
    assert run.stdout == reference.stdout
    assert run.stderr == reference.stderr.replace(RECORDS.name, "dom.csv")


# ------------------------------------------------------------------ the same, in process


def test_rows_past_the_limit_are_refused_as_they_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from porreport.inputs.records import analysis

    monkeypatch.setattr(analysis, "MAX_RECORDS_ROWS", 1000)
    with pytest.raises(ValueError, match=r"^il file ha oltre 1\.000 righe, il massimo ammesso$"):
        analysis.summarise_file(RECORDS)


def test_the_tolerant_reader_counts_rows_before_pandas_reads_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from porreport.inputs.records import analysis, config

    monkeypatch.setattr(config, "MAX_RECORDS_ROWS", 100)
    target = tmp_path / "domande.csv"
    target.write_text(
        _records_csv(["A0;Microimpresa;Ammessa", *["A1;Microimpresa;Ammessa;1"] * 200])
    )
    with pytest.raises(ValueError, match=r"^il file ha oltre 100 righe, il massimo ammesso$"):
        analysis.summarise_file(target)


def test_the_ids_of_a_file_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from porreport.inputs.records import analysis, ids

    monkeypatch.setattr(ids, "MAX_ID_BYTES", 10_000)
    with pytest.raises(ValueError, match="i codici delle domande superano in tutto 0 MB"):
        analysis.summarise_file(RECORDS)


def test_exact_sums() -> None:
    from porreport.inputs.records.analysis import _exact_sum

    big = np.full(10_000, 10**15, dtype="int64")
    assert _exact_sum(big) == 10**19
    assert _exact_sum(np.array([1, 2, 3], dtype="int64")) == 6
    assert _exact_sum(np.zeros(0, dtype="int64")) == 0


def test_distinct_status_cells_beyond_the_cap_count_together() -> None:
    from porreport.inputs.records import analysis

    batch = pa.table(
        {
            "codice": pa.array([f"A{i}" for i in range(500)]),
            "stato": pa.array([f"stato {i}" for i in range(500)]),
            "importo": pa.array(["1"] * 500),
        }
    )
    headers = {"codice": "Codice", "stato": "Stato", "importo": "Importo"}
    summary = analysis.summarise_batches([batch], headers)
    assert len(summary.stati) == analysis.MAX_STATUS_CELLS + 1
    assert summary.stati[analysis.OTHER_STATUSES] == 500 - analysis.MAX_STATUS_CELLS
    assert summary.issue_counts == {"stato": 500}


def test_the_lookup_remembers_up_to_its_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    from porreport.inputs.records import parse

    monkeypatch.setattr(parse, "MAX_KNOWN", 10)
    seen: list[str] = []

    def parsed(text: str) -> int:
        seen.append(text)
        return len(text)

    lookup = parse.Lookup(parsed)
    assert lookup([str(i) for i in range(8)]) == [1] * 8
    assert lookup(["100", "2000", "30000"]) == [3, 4, 5]
    assert len(lookup.known) == 10
    assert lookup(["30000", "0", "100"]) == [5, 1, 3]  # past the cap: parsed again
    assert seen == [*map(str, range(8)), "100", "2000", "30000", "30000"]


def test_every_parse_is_taken_from_the_file_budget() -> None:
    from porreport.inputs.records import parse

    budget = parse.Budget(5)
    amounts, dates = parse.Lookup(parse.amount, budget), parse.Lookup(parse.date_ordinal, budget)
    amounts(["1", "2", "3"])
    amounts(["1", "2", "3"])  # remembered: nothing spent
    dates(["01/02/2021", "02/02/2021"])
    with pytest.raises(ValueError) as info:
        dates(["03/02/2021"])
    assert str(info.value) == (
        "il file ha oltre 5 valori diversi da leggere (stati, importi, date, province...), "
        "il massimo ammesso"
    )


def test_an_amount_at_the_limit_is_read() -> None:
    from porreport.inputs.records import parse

    assert parse.amount("10.000.000.000.000,00") == (1e13, parse.AMOUNT_OK)
    assert parse.amount("10.000.000.000.000,01")[1] == parse.AMOUNT_TOO_LARGE
    assert parse.amount("abc")[1] == parse.AMOUNT_UNREADABLE
    assert Decimal(10**19) / 100 == Decimal(10**17)


# ------------------------------------------------------------------ review of issue 17


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (["A1;micro;Ammessa;1;x;y", "A2;micro;Ammessa"], "riga 2: attesi 4 campi, trovati 6"),
        (
            ["A1;micro;Ammessa;1", "A2;micro;Ammessa;1", "A3;micro;Ammessa;1;x"],
            "riga 4: attesi 4 campi, trovati 5",
        ),
        (["A1;micro;Ammessa;1", 'A2;"mi\ncro";Ammessa;1;;;x'], "riga 3: attesi 4 campi, trovati 7"),
    ],
    ids=["the first row", "a later row of a regular file", "a row over two lines"],
)
def test_a_row_wider_than_the_header_is_refused_in_italian(
    tmp_path: Path, rows: list[str], expected: str
) -> None:
    """pandas said 'Number of passed names did not match...' for the first rows, or dropped
    the extra values of a later one."""
    target = tmp_path / "domande.csv"
    target.write_text(_records_csv(rows))
    run = monitor(target)
    message = expected.replace(" campi,", " campi come l'intestazione,")
    assert_refused(run, f"domande.csv: {message}\n")
    assert "Number" not in run.stderr


def test_a_separator_at_the_end_of_every_row_is_read(tmp_path: Path) -> None:
    """Empty fields past the header's (an export's trailing ';') carry nothing: read."""
    target = tmp_path / RECORDS.name
    lines = RECORDS.read_text(encoding="utf-8").splitlines()
    target.write_text("\n".join([lines[0], *(line + ";" for line in lines[1:])]) + "\n")
    assert _json(monitor(target, "--json")) == _json(monitor(RECORDS, "--json"))


def test_pandas_errors_never_reach_the_user_in_english() -> None:
    from porreport.inputs.records.tolerant import _parse_message

    unknown = (
        "il file non si legge come CSV: controllare che ogni riga abbia i campi "
        "dell'intestazione e che le virgolette siano chiuse"
    )
    names = ValueError("Number of passed names did not match number of header fields in the file")
    assert _parse_message(names) == unknown
    assert _parse_message(ValueError()) == unknown  # no class name either
    fields = ValueError("Error tokenizing data. C error: Expected 4 fields in line 7, saw 5\n")
    assert _parse_message(fields) == "riga 7: attesi 4 campi come l'intestazione, trovati 5"


def test_one_limit_for_a_csv_value_and_a_records_row() -> None:
    """A row pyarrow reads (within two blocks) is never one the tolerant reader refuses."""
    from porreport.inputs import tables
    from porreport.inputs.records import read, tolerant

    assert tables.MAX_FIELD_CHARS == 131_072
    assert 2 * read.BLOCK_BYTES <= tables.MAX_FIELD_CHARS
    assert tolerant.MAX_FIELD_CHARS is tables.MAX_FIELD_CHARS  # one constant, imported


def _fifo(target: Path) -> Path:
    os.mkfifo(target)
    return target


NOT_A_FILE = {
    "a FIFO": (_fifo, "non è un file regolare ma una pipe con nome (FIFO)"),
    "a folder": (lambda p: p.mkdir() or p, "non è un file regolare ma una cartella"),
}


@pytest.mark.parametrize("case", list(NOT_A_FILE))
def test_monitor_says_what_a_path_is_when_not_a_file(tmp_path: Path, case: str) -> None:
    """A FIFO is never opened (it would wait for a writer): it is named, not 'non trovato'."""
    make, expected = NOT_A_FILE[case]
    target = make(tmp_path / "domande.csv")
    run = run_cli(["monitor", target.name], cwd=tmp_path, timeout=30)
    assert_refused(run, f"domande.csv: file dei registri {expected}: domande.csv\n")
    assert "[timeout]" not in run.stderr


def test_monitor_names_a_device(tmp_path: Path) -> None:
    run = run_cli(["monitor", "/dev/null"], cwd=tmp_path, timeout=30)
    assert_refused(run, "file dei registri non è un file regolare ma un dispositivo a caratteri")


def test_a_fifo_named_by_a_report_is_named_too(report, tmp_path: Path) -> None:
    _fifo(tmp_path / "dom.csv")
    run = run_cli(["validate", report("dom.csv", records=True).name], cwd=tmp_path, timeout=30)
    assert_refused(
        run,
        "avvisi[0].monitoraggio.registri.file",
        "file dei registri non è un file regolare ma una pipe con nome (FIFO) "
        "nella cartella del rapporto",
    )


def test_a_truncated_workbook_part_is_damaged_not_absent(report, tmp_path: Path) -> None:
    workbook = _PARTS["xl/workbook.xml"]
    truncated = {"xl/workbook.xml": workbook[: len(workbook) - 30]}
    expected = "la parte 'xl/workbook.xml' non si legge (il file è troncato: riga 1, colonna "
    target = xlsx(tmp_path / "domande.xlsx", sheet_xml(records_rows()), parts=truncated)
    run = monitor(target)
    assert_refused(run, "domande.xlsx: " + expected)
    assert "non contiene fogli" not in run.stderr
    xlsx(tmp_path / "dim.xlsx", sheet_xml(table_rows()), parts=truncated)
    assert_refused(validate(report("dim.xlsx")), "'dim.xlsx'", expected)


def test_a_file_too_large_shows_its_size_with_separators(report, tmp_path: Path) -> None:
    with (tmp_path / "dim.csv").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024 + 1)  # sparse: the size is refused before any read
    assert_refused(
        validate(report("dim.csv")),
        "file troppo grande (52.428.801 byte); atteso al massimo 52.428.800 byte",
    )


def test_sizes_in_megabytes() -> None:
    from porreport.formatting import megabytes

    assert megabytes(1) == "1 MB"
    assert megabytes(12 * 1024 * 1024) == "12 MB"
    assert megabytes(12 * 1024 * 1024 + 1) == "13 MB"
    assert megabytes(1536 * 1024 * 1024) == "1.536 MB"
