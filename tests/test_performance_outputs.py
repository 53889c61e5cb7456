"""Outputs stay byte-identical across the speed and memory work (issue 16).

- ``porreport monitor`` (JSON and text) on generated records, clean and dirty, read in many
  small batches and in one: equal to the outputs the whole-file reading gave
  (``tests/baseline/records/``, written before the streaming reader existed);
- ``porreport batch`` writes the same bytes as single builds of the same reports.

The dirty files come from ``dirty_records`` below: deterministic (only ``random.random``,
whose sequence Python keeps stable), every kind of problem the data-quality report knows,
quoted separators and line breaks inside values, repeated and blank application ids.
"""

from __future__ import annotations

import importlib.util
import io
import random
import shutil
import tempfile
from pathlib import Path
from types import ModuleType

import pytest

from porreport.cli.main import main
from porreport.resources import resource_dir

RECORDS = resource_dir("data") / "domande_smart_working.csv"

# Replacement values per column (index in the example's header), valid and not.
_VARIANTS: dict[int, tuple[str, ...]] = {
    2: ("", "Gigante", "micro", "PICCOLA", " Media impresa ", "grande", "Microimpresa"),
    3: ("", "abc", "1.200", "12,0", "12,5", "٣", "3", "300", " 45 ", "1\xa0000"),
    4: ("", "XX", "milano", "015", "Forlì-Cesena", "bz", " MI ", "Mi", "Atlantide"),
    5: ("", "99.99", "62", "461902", "A", "01.11", "62.01", " 46.19.02 ", "4619"),
    6: (
        "",
        "Archiviata",
        " AMMESSA ",
        "ammessa a contributo",
        "Finanziata",
        "Ammessa ",
        "Rinuncia",
        "revocata",
        "In istruttoria",
        "respinta",
    ),
    7: (
        "",
        "abc",
        "1.234,5",
        "€ 7.500",
        "7,500.00",
        "7500.5",
        "1,234",
        "-5",
        "12.34.56",
        "1.000.000",
        "٣٠٠",
        "EUR 15.000,00",
        "0,125",
        " 22.500,00 ",
    ),
    8: ("", "forse", "SI", "x", "Addendum", "No", " sì ", "originario"),
    9: ("", "31/02/2020", "2021-13-01", "1/2/2021", "21.10.2021", "ieri", "2020-02-29"),
}


def _choice(rng: random.Random, values: tuple[str, ...]) -> str:
    return values[int(rng.random() * len(values))]


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def dirty_records(rows: int, seed: int, rate: float = 0.03, repeats: float = 0.02) -> str:
    """A records CSV of ``rows`` applications made from the example's rows, with about
    ``rate`` of the cells of each read column replaced by a variant (many of them wrong),
    ``repeats`` of the ids repeated, some blank, and quoted names with ``;`` or a line break.
    """
    rng = random.Random(seed)
    lines = RECORDS.read_text(encoding="utf-8").splitlines()
    header, base = lines[0], [line.split(";") for line in lines[1:]]
    out = [header]
    ids: list[str] = []
    for i in range(rows):
        fields = list(base[int(rng.random() * len(base))])
        code = f"SW-{i + 1:08d}"
        draw = rng.random()
        if ids and draw < repeats:
            code = ids[int(rng.random() * len(ids))]
            if rng.random() < 0.3:
                code = f" {code} "
        elif draw < repeats * 1.2:
            code = _choice(rng, ("", "  ", "\t"))
        ids.append(code.strip() or code)
        fields[0] = code
        for column, variants in _VARIANTS.items():
            if rng.random() < rate:
                fields[column] = _choice(rng, variants)
        if rng.random() < 0.01:
            fields[1] = _quoted(f"{fields[1]}; sede\nsecondaria")
        elif rng.random() < 0.01:
            fields[1] = _quoted(f'{fields[1]} "la ditta"; srl')
        out.append(";".join(fields))
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ porreport monitor

BASELINE = Path(__file__).resolve().parent / "baseline" / "records"
SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def _make_records() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_records", SCRIPTS / "make_records.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _short_rows(text: str) -> str:
    """Every 97th unquoted row cut after its 9th field: pyarrow refuses, pandas pads."""
    lines = text.split("\n")
    for i in range(1, len(lines), 97):
        if '"' not in lines[i]:
            lines[i] = ";".join(lines[i].split(";")[:9])
    return "\n".join(lines)


def _xlsx(text: str, target: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for line in text.splitlines():
        if '"' not in line:  # quoted cells are a CSV matter
            sheet.append([None if v == "" else v for v in line.split(";")])
    book.save(target)


def _cp1252(text: str) -> bytes:
    return text.replace("٣", "3").replace("٠", "0").encode("cp1252")


def write_case(case: str, folder: Path) -> tuple[Path, int | None]:
    """The records file of a case, and the problems listed per check it is compared with
    (None: the default, ``MAX_LISTED``)."""
    if case == "example":
        return Path(shutil.copy(RECORDS, folder / RECORDS.name)), None
    if case == "clean_10000":
        make = _make_records()
        return make.write_csv(make.generate(10_000), folder / "domande_10000.csv"), None
    if case == "dirty_1000":
        target = folder / "dirty_1000.csv"
        target.write_text(dirty_records(1_000, seed=1), encoding="utf-8")
        return target, None
    if case == "dirty_30000":
        target = folder / "dirty_30000.csv"
        target.write_text(dirty_records(30_000, seed=2), encoding="utf-8")
        return target, 3
    if case == "short_rows_5000":
        target = folder / "short_rows_5000.csv"
        target.write_text(_short_rows(dirty_records(5_000, seed=3)), encoding="utf-8")
        return target, 3
    if case == "cp1252_5000":
        target = folder / "cp1252_5000.csv"
        target.write_bytes(_cp1252(dirty_records(5_000, seed=4)))
        return target, 3
    if case == "xlsx_2000":
        target = folder / "dirty_2000.xlsx"
        _xlsx(dirty_records(2_000, seed=5), target)
        return target, 3
    raise ValueError(case)


CASES = (
    "example",
    "clean_10000",
    "dirty_1000",
    "dirty_30000",
    "short_rows_5000",
    "cp1252_5000",
    "xlsx_2000",
)


def monitor_outputs(target: Path, listed: int | None) -> str:
    """Exit code, messages, JSON and text of ``porreport monitor`` on a file, as one text."""
    from porreport.inputs.records import analysis

    saved = analysis.MAX_LISTED
    if listed is not None:
        analysis.MAX_LISTED = listed
    try:
        parts = []
        for option in (["--json"], []):
            out, err = io.StringIO(), io.StringIO()
            code = main(["monitor", str(target), *option], stdout=out, stderr=err)
            parts.append(f"--- {option} exit {code}\n{err.getvalue()}---\n{out.getvalue()}")
    finally:
        analysis.MAX_LISTED = saved
    return "".join(parts)


def write_baseline(folder: Path = BASELINE) -> None:
    """Write the expected outputs of every case (run once, with the code they must match)."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            target, listed = write_case(case, Path(tmp))
            (folder / f"{case}.txt").write_text(monitor_outputs(target, listed), "utf-8")


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("batches", ["default", "tiny"])
def test_monitor_outputs_are_unchanged(
    case: str, batches: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from porreport.inputs.records import read

    if batches == "tiny":  # many batches: ids repeated across them, lists filled over them
        monkeypatch.setattr(read, "BLOCK_BYTES", 4096)
        monkeypatch.setattr(read, "BATCH_ROWS", 333)
    target, listed = write_case(case, tmp_path)
    expected = (BASELINE / f"{case}.txt").read_text("utf-8")
    assert monitor_outputs(target, listed) == expected


def test_equal_hashes_never_make_a_repeated_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    from porreport.inputs.records import ids

    hashes = ids._hashes

    def colliding(strings):  # type: ignore[no-untyped-def]
        lengths = hashes(strings)[1]
        return np.zeros(len(lengths), dtype="uint64"), lengths  # every id a candidate

    monkeypatch.setattr(ids, "_hashes", colliding)
    target, listed = write_case("dirty_1000", tmp_path)
    assert monitor_outputs(target, listed) == (BASELINE / "dirty_1000.txt").read_text("utf-8")


# ------------------------------------------------------------------ porreport batch


def test_batch_writes_what_single_builds_write(tmp_path: Path) -> None:
    from porreport import api
    from porreport.batch import run_batch

    data = resource_dir("data")
    sources = [
        data / "por_fse_lombardia_2021.yaml",
        data / "por_fse_lombardia_2021_registri.yaml",  # records read in a worker
        *sorted((data / "examples").glob("*.yaml"))[:2],
    ]
    outcome = run_batch(sources, tmp_path / "batch", jobs=2, log=io.StringIO())
    assert outcome.exit_code == 0
    assert outcome.summary["totals"]["ok"] == len(sources)
    for source in sources:
        single = api.build(source, tmp_path / "single", parallel=False)
        for path in single.outputs:
            assert (tmp_path / "batch" / path.name).read_bytes() == path.read_bytes(), path.name
