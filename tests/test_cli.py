"""The command line: exit codes, messages for people, nothing written on bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from porreport.cli.main import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_validate_the_bundled_example() -> None:
    code, out, err = run("validate")
    assert code == 0
    assert out.strip().endswith("por_fse_lombardia_2021.yaml: rapporto valido.")
    assert "Avviso: assi (riga 24): la somma degli assi differisce dai totali" in err


def test_validate_strict_fails_on_warnings() -> None:
    code, _, err = run("validate", "--strict")
    assert code == 2
    assert "dotazione 937,6\xa0M€ su 970,4\xa0M€ (restano 32,8\xa0M€)" in err
    assert "Errore interno" not in err


def test_broken_report_exit_2_names_the_field_and_writes_nothing(example_copy, tmp_path) -> None:
    report = example_copy(('dotazione: "970,4 M€"', "dotazione: -5"))
    out_dir = tmp_path / "out"
    code, _, err = run("build", str(report), "-o", str(out_dir))
    assert code == 2
    assert "panorama.dotazione (riga 16)" in err
    assert "Errore interno" not in err
    assert not out_dir.exists()


def test_yaml_syntax_error_exit_2(example_copy, tmp_path) -> None:
    report = example_copy(("rapporto:", "rapporto: ["))
    code, _, err = run("build", str(report), "-o", str(tmp_path / "out"))
    assert code == 2
    assert "sintassi YAML non valida (riga 8, colonna 12)" in err
    assert not (tmp_path / "out").exists()


def test_missing_report_exit_2(tmp_path) -> None:
    code, _, err = run("validate", str(tmp_path / "manca.yaml"))
    assert code == 2
    assert "file non trovato" in err


def test_unknown_format_names_the_allowed_ones(tmp_path) -> None:
    code, _, err = run("build", "--format", "docx", "-o", str(tmp_path / "o"))
    assert code == 2
    assert err.strip() == "formato non supportato: docx. Formati ammessi: pptx, pdf"
    assert not (tmp_path / "o").exists()


def test_usage_errors_exit_2_in_italian() -> None:
    assert run("bogus")[0] == 2
    assert run()[0] == 2
    assert run("build", "--nope") == (2, "", "porreport: argomenti non riconosciuti: --nope\n")
    assert run("build", "--format")[2] == "porreport build: argomento --format: manca il valore\n"


def test_output_folder_that_is_a_file(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run("build", "--format", "pdf", "-o", str(blocker))
    assert code == 2
    assert err == (
        f"Errore: impossibile leggere o scrivere ({blocker}): esiste già un file con quel nome "
        "(atteso una cartella)\n"
    )


def test_schema_is_json_schema_with_italian_field_names() -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["required"]) == {"rapporto", "panorama", "assi"}
    assert set(schema["$defs"]["Panorama"]["properties"]) == {
        "dotazione",
        "programmate",
        "impegnate",
        "liquidate",
        "certificata",
    }
    # a table may come from a CSV/XLSX file next to the report
    sizes = schema["$defs"]["Monitoraggio"]["properties"]["dimensioni"]
    assert {"$ref": "#/$defs/Tabella"} in sizes["anyOf"]


def test_model_imports_no_output_library() -> None:
    code = (
        "import sys, porreport.model.report, porreport.inputs.loading, porreport.content.builder;"
        "bad = [m for m in ('pptx', 'reportlab', 'matplotlib') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_console_script_runs_without_traceback(example_copy) -> None:
    report = example_copy(('dotazione: "236,7 M€"', "dotazione: tanti"))
    result = subprocess.run(
        [sys.executable, "-m", "porreport", "validate", str(report)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "assi[1].dotazione (riga 37)" in result.stderr
    assert "Traceback" not in result.stderr


def test_wheel_ships_layouts_fonts_and_data(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(root),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("porreport-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "porreport/_bundled/data/por_fse_lombardia_2021.yaml" in names
    assert "porreport/_bundled/data/province.csv" in names
    assert "porreport/_bundled/fonts/TitilliumWeb-Regular.ttf" in names
    assert "porreport/_bundled/fonts/OFL.txt" in names
    assert any(n.startswith("porreport/_bundled/layouts/") for n in names)


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_reader_that_goes_away_is_not_an_internal_error() -> None:
    err = io.StringIO()
    assert main(["schema"], _ClosedPipe(), err) == 1
    assert err.getvalue() == ""


def test_console_script_with_closed_stdout(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "porreport", "build", "--format", "pdf", "-o", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
        close_fds=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "por_fse_lombardia_2021.pdf").stat().st_size > 10_000
