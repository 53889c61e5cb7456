"""Hostile catalogue, batch (issue 17): the output folder's lock (class 7), batch integrity
(class 9: an input edited while the batch runs, a full disk) and a state file of the wrong
shape in the output folder (class 4).

The inputs are generated in ``tmp_path``. The command line runs through ``tests/hostile.py``
(a child under resource limits); the cases that need to reach inside a worker (an edit that
lands between the loader's read and the fingerprint, a logo replaced while the renderers read
it) run the real pool with workers defined here, which the worker processes import by name,
and a stand-in renderer whose bytes are a digest of the whole document (so a different
document always gives different outputs).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import resource
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import porreport.batch as batch
from helpers_batch import Log
from hostile import Run, assert_behaves, assert_refused, run_cli
from porreport.batch.state import read_state
from porreport.resources import example_report, resource_dir

EDIT = "modifica_in_corsa.json"  # what editing_worker changes, and when; removed once done
STATE_HEAD = "il file di stato {path} non è utilizzabile"
STATE_TAIL = ": viene ignorato, ogni rapporto è ricostruito e il file è riscritto alla fine"


# --- workers: run in the worker processes --------------------------------------------------


def _fake_render(document: Any, fmt: str, template: Any = None) -> bytes:
    return fake_bytes(document, fmt)


def fake_bytes(document: Any, fmt: str) -> bytes:
    """A stand-in output: any change to the document changes it."""
    return f"{fmt}\n{hashlib.sha256(repr(document).encode()).hexdigest()}\n".encode()


def fake_worker(task: batch.Task) -> dict[str, Any]:
    """The real worker with the stand-in renderer."""
    import porreport.api

    porreport.api.render = _fake_render
    return batch.build_one(task)


def editing_worker(task: batch.Task) -> dict[str, Any]:
    """The real worker, with a person's edit (``EDIT`` next to the report) landing right after
    the loader read the files ("load") or while the renderers run ("render")."""
    import porreport.api as api

    folder = Path(task.source).parent
    real_load = api.load

    def load_then_edit(path: Any, **kwargs: Any) -> Any:
        loaded = real_load(path, **kwargs)
        _apply_edit(folder, "load")
        return loaded

    def render_while_editing(document: Any, fmt: str, template: Any = None) -> bytes:
        _apply_edit(folder, "render")
        return fake_bytes(document, fmt)

    api.load, api.render = load_then_edit, render_while_editing  # type: ignore[assignment]
    try:
        return batch.build_one(task)
    finally:
        api.load = real_load  # type: ignore[assignment]


def _apply_edit(folder: Path, moment: str) -> None:
    marker = folder / EDIT
    if not marker.exists():
        return
    edit = json.loads(marker.read_text(encoding="utf-8"))
    if edit["when"] != moment:
        return
    target = folder / edit["file"]
    if "png" in edit:
        _png(target, tuple(edit["png"]))
    else:
        text = target.read_text(encoding="utf-8")
        assert edit["old"] in text, edit
        target.write_text(text.replace(edit["old"], edit["new"], 1), encoding="utf-8")
    marker.unlink()


# --- helpers ---------------------------------------------------------------------------------


def make_reports(folder: Path, names: list[str], source: Path | None = None) -> Path:
    """Copies of an example report (and the tables and records next to it) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    src = source or example_report()
    for table in src.parent.glob("*.csv"):
        shutil.copy(table, folder / table.name)
    for name in names:
        shutil.copy(src, folder / f"{name}.yaml")
    return folder


def _png(path: Path, colour: tuple[int, ...]) -> None:
    from PIL import Image

    Image.new("RGB", (40, 20), colour).save(path)


def run(src: Path, out: Path, worker: Any = fake_worker, **kwargs: Any) -> batch.BatchOutcome:
    log = Log()
    outcome = batch.run_batch(
        batch.discover(src), out, kwargs.pop("formats", ("pdf",)), jobs=2, log=log, worker=worker
    )
    outcome.log = log.text  # type: ignore[attr-defined]
    return outcome


def summary_of(out: Path) -> dict[str, Any]:
    return json.loads((out / batch.SUMMARY_NAME).read_text(encoding="utf-8"))


def statuses(out: Path) -> dict[str, str]:
    return {r["name"]: r["status"] for r in summary_of(out)["reports"]}


def expected_bytes(report: Path, fmt: str) -> bytes:
    """What the stand-in renderer makes of ``report`` as it is now."""
    from porreport import api

    return fake_bytes(api.document_of(api.load(report)), fmt)


def cli_batch(src: Path, out: Path, *more: str) -> Run:
    """``porreport batch SRC -o OUT --format pdf MORE`` in a child (the sources this test
    runs with, wherever the child starts: a relative PYTHONPATH made absolute)."""
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    env = {"PYTHONPATH": os.pathsep.join(str(Path(p).resolve()) for p in paths if p)}
    args = ["batch", str(src), "-o", str(out), "--format", "pdf", *more]
    return run_cli(args, cwd=src.parent, env=env)


@contextlib.contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """Writes past ``limit`` bytes fail with EFBIG in the children started inside (they
    inherit the limit; Python ignores SIGXFSZ, so the write fails instead of killing): what a
    disk that fills up mid-run does to every write but the small ones. This process writes
    no file while the limit is lowered."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


# --- class 7: another batch holds the output folder ------------------------------------------


def test_a_folder_held_by_another_batch_exits_75_and_writes_nothing(tmp_path: Path) -> None:
    src = make_reports(tmp_path / "in", ["alfa"])
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # what a running batch holds
        busy = cli_batch(src, out)
    finally:
        os.close(fd)

    assert_behaves(busy, code=75)
    assert busy.code == batch.EXIT_BUSY
    assert busy.stderr == (
        f"Errore: un'altra esecuzione di porreport batch sta scrivendo in {out}; riprovare "
        "più tardi\n"
    )
    assert list(out.iterdir()) == []


# --- class 9: an input edited while the batch runs -------------------------------------------

TABLE_EDIT = {"file": "dimensioni_imprese.csv", "old": ";Microimpresa;", "new": ";Micro impresa;"}
EDITS = {
    "report": {"file": "alfa.yaml", "old": "titolo: Occupazione", "new": "titolo: Lavoro"},
    "table": TABLE_EDIT,
    "records": {"file": "domande_smart_working.csv", "old": ";7.500,00;", "new": ";9.500,00;"},
}


@pytest.mark.parametrize("edited", sorted(EDITS))
def test_an_input_edited_after_the_load_is_rebuilt_by_the_next_run(
    tmp_path: Path, edited: str
) -> None:
    source = resource_dir("data") / "por_fse_lombardia_2021_registri.yaml"
    src = make_reports(tmp_path / "in", ["alfa"], source if edited == "records" else None)
    out = tmp_path / "out"
    report = src / "alfa.yaml"
    before = expected_bytes(report, "pdf")
    (src / EDIT).write_text(json.dumps({**EDITS[edited], "when": "load"}), encoding="utf-8")

    first = run(src, out, worker=editing_worker)

    assert first.exit_code == 0, first.log
    assert not (src / EDIT).exists()  # the edit landed, after the loader had read the files
    assert (out / "alfa.pdf").read_bytes() == before  # built from what the loader read
    after = expected_bytes(report, "pdf")
    assert after != before

    second = run(src, out)  # the edit is there: the outputs must follow it
    assert statuses(out) == {"alfa": "ok"}, second.log
    assert (out / "alfa.pdf").read_bytes() == after
    run(src, out)
    assert statuses(out) == {"alfa": "skipped"}


def test_an_edit_that_changes_nothing_built_leaves_the_outputs_valid(tmp_path: Path) -> None:
    src = make_reports(tmp_path / "in", ["alfa"])
    out = tmp_path / "out"
    comment = {"file": "alfa.yaml", "old": "rapporto:", "new": "# rivisto\nrapporto:"}
    (src / EDIT).write_text(json.dumps({**comment, "when": "load"}), encoding="utf-8")
    assert run(src, out, worker=editing_worker).exit_code == 0
    assert not (src / EDIT).exists()

    run(src, out)  # a comment: the document, hence the outputs, are what they were
    assert statuses(out) == {"alfa": "skipped"}
    assert (out / "alfa.pdf").read_bytes() == expected_bytes(src / "alfa.yaml", "pdf")


def test_a_logo_replaced_while_rendering_is_rebuilt_by_the_next_run(tmp_path: Path) -> None:
    src = make_reports(tmp_path / "in", ["alfa"])
    report = src / "alfa.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("rapporto:\n", "rapporto:\n  loghi: [logo.png]\n", 1), "utf-8")
    _png(src / "logo.png", (200, 0, 0))
    out = tmp_path / "out"
    edit = {"file": "logo.png", "png": [0, 0, 200], "when": "render"}
    (src / EDIT).write_text(json.dumps(edit), encoding="utf-8")

    first = run(src, out, worker=editing_worker, formats=("pptx", "pdf"))

    assert first.exit_code == 0, first.log
    assert not (src / EDIT).exists()
    alfa = summary_of(out)["reports"][0]
    assert alfa["status"] == "ok"
    assert alfa["fingerprint"] is None
    assert alfa["warnings"][-1] == (
        f"{src / 'logo.png'}: il file è cambiato mentre il rapporto veniva costruito; il "
        "rapporto sarà ricostruito alla prossima esecuzione"
    )
    recorded = json.loads((out / batch.STATE_NAME).read_text(encoding="utf-8"))
    assert recorded["reports"]["alfa"]["pdf"]["fingerprint"] is None

    run(src, out, formats=("pptx", "pdf"))
    assert statuses(out) == {"alfa": "ok"}
    assert summary_of(out)["reports"][0]["fingerprint"] is not None
    run(src, out, formats=("pptx", "pdf"))
    assert statuses(out) == {"alfa": "skipped"}


# --- class 9: the disk fills up --------------------------------------------------------------


def test_a_full_disk_fails_the_reports_and_no_summary_claims_an_earlier_success(
    tmp_path: Path,
) -> None:
    src = make_reports(tmp_path / "in", ["alfa", "beta"])
    out = tmp_path / "out"
    good = cli_batch(src, out)
    assert_behaves(good, code=0)
    built = {p.name: p.read_bytes() for p in out.iterdir()}
    assert summary_of(out)["totals"]["ok"] == 2
    for name in ("alfa", "beta"):  # new data: new outputs to write
        report = src / f"{name}.yaml"
        text = report.read_text(encoding="utf-8")
        report.write_text(text.replace("titolo: Occupazione", "titolo: Lavoro", 1), "utf-8")

    # Nothing can be written, not even the summary: the earlier one, which says that every
    # report was built, must not stay behind.
    with file_size_limit(64):
        full = cli_batch(src, out)
    assert_behaves(full, code=1)
    reason = "file troppo grande per il file system o per il limite del processo (ulimit -f)"
    assert "alfa: ERRORE" in full.stderr
    assert f"    impossibile scrivere {out / 'alfa.pdf'}: {reason}\n" in full.stderr
    assert f"    impossibile scrivere {out / 'beta.pdf'}: {reason}\n" in full.stderr
    assert (
        f"Errore: impossibile scrivere il riepilogo {out / batch.SUMMARY_NAME}: {reason}; il "
        "riepilogo dell'esecuzione precedente è stato rimosso perché non descrive questa\n"
    ) in full.stderr
    assert (
        f"Errore: impossibile scrivere il file di stato {out / batch.STATE_NAME}: {reason}; la "
        "prossima esecuzione ricostruirà i rapporti costruiti in questa\n"
    ) in full.stderr
    assert "Riepilogo:" not in full.stderr
    assert not (out / batch.SUMMARY_NAME).exists()
    left = {p.name: p.read_bytes() for p in out.iterdir()}
    assert left == {k: v for k, v in built.items() if k != batch.SUMMARY_NAME}  # no .part

    # Room for the small files only: the reports fail, the summary tells this run's story.
    with file_size_limit(32 * 1024):
        fuller = cli_batch(src, out)
    assert_behaves(fuller, code=1)
    summary = summary_of(out)
    assert summary["totals"] == {"reports": 2, "ok": 0, "skipped": 0, "failed": 2}
    assert summary["reports"][1]["error"] == f"impossibile scrivere {out / 'beta.pdf'}: {reason}"
    assert {n: (out / n).read_bytes() for n in ("alfa.pdf", "beta.pdf")} == {
        n: built[n] for n in ("alfa.pdf", "beta.pdf")
    }
    assert f"Riepilogo: {out / batch.SUMMARY_NAME}" in fuller.stderr


def enospc_fsync(fd: int) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_no_space_left_fails_the_report_naming_its_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = make_reports(tmp_path / "in", ["alfa"])
    out = tmp_path / "out"
    out.mkdir()
    task = batch.Task(str(src / "alfa.yaml"), "alfa", str(out), ("pptx", "pdf"), "env")
    monkeypatch.setattr("porreport.api.render", _fake_render)
    monkeypatch.setattr(os, "fsync", enospc_fsync)  # delayed allocation: ENOSPC on fsync

    result = batch.build_one(task)

    assert result["status"] == "failed"
    # the first output whose write failed is named; the set is all or nothing: none is written
    assert result["error"] == f"impossibile scrivere {out / 'alfa.pptx'}: spazio su disco esaurito"
    assert result["outputs"] == []
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    ("code", "filename", "message"),
    [
        (errno.ENOSPC, ".alfa.pdf.k2x_9a1q.part", "impossibile scrivere {out}/alfa.pdf: spazio su disco esaurito"),
        (errno.EDQUOT, None, "impossibile scrivere {out}/alfa.pdf: spazio su disco esaurito (quota dell'utente superata)"),
        (errno.EIO, None, "impossibile leggere alfa.yaml o i file che nomina: errore di lettura o scrittura del dispositivo"),
        (errno.EISDIR, "alfa.pdf", "impossibile leggere o scrivere {out}/alfa.pdf: è una cartella, atteso un file"),
        (errno.ETXTBSY, "alfa.pdf", "impossibile leggere o scrivere {out}/alfa.pdf: errore del sistema ETXTBSY"),
    ],
)  # fmt: skip
def test_system_errors_are_reported_in_italian_naming_the_output(
    tmp_path: Path, code: int, filename: str | None, message: str
) -> None:
    from porreport.batch.worker import _system_error

    task = batch.Task("alfa.yaml", "alfa", str(tmp_path), ("pptx", "pdf"), "env")
    path = str(tmp_path / filename) if filename else None
    exc = OSError(code, os.strerror(code), path)
    pptx = {"format": "pptx", "file": "alfa.pptx", "sha256": "a" * 64, "bytes": 1}
    loaded = code != errno.EIO  # the others, once the deck was written
    result = {"fingerprint": "b" * 64 if loaded else None, "outputs": [pptx] if loaded else []}
    assert _system_error(exc, task, result) == message.format(out=tmp_path)


def test_a_summary_that_cannot_be_written_removes_the_previous_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = make_reports(tmp_path / "in", ["alfa"])
    out = tmp_path / "out"
    assert run(src, out).exit_code == 0
    state = (out / batch.STATE_NAME).read_bytes()
    monkeypatch.setattr(os, "fsync", enospc_fsync)  # here only: the workers write their outputs

    outcome = run(src, out)

    assert outcome.exit_code == 1
    assert outcome.summary["totals"]["skipped"] == 1
    assert not (out / batch.SUMMARY_NAME).exists()
    assert (out / batch.STATE_NAME).read_bytes() == state
    assert outcome.log.endswith(  # type: ignore[attr-defined]
        "Rapporti: 1; costruiti 0, invariati 1, falliti 0.\n"
        f"Errore: impossibile scrivere il file di stato {out / batch.STATE_NAME}: spazio su "
        "disco esaurito; la prossima esecuzione ricostruirà i rapporti costruiti in questa\n"
        f"Errore: impossibile scrivere il riepilogo {out / batch.SUMMARY_NAME}: spazio su disco "
        "esaurito; il riepilogo dell'esecuzione precedente è stato rimosso perché non descrive "
        "questa\n"
    )


def test_a_report_whose_name_is_not_utf8_is_summarised(tmp_path: Path) -> None:
    src = make_reports(tmp_path / "in", [])
    name = os.fsdecode(b"rapporto_\xff.yaml")
    shutil.copy(example_report(), src / name)
    out = tmp_path / "out"
    assert run(src, out).exit_code == 0
    assert summary_of(out)["reports"][0]["source"] == str(src / name)
    assert read_state(out)["rapporto"]["pdf"]["source"] == str(src / name)


# --- class 4: a state file of the wrong shape ------------------------------------------------

GOOD_ENTRY = {"fingerprint": "a" * 64, "sha256": "b" * 64, "bytes": 10, "source": "alfa.yaml"}


def _state(entry: Any = None, **fields: Any) -> str:
    entry = {**GOOD_ENTRY, **fields} if entry is None else entry
    return json.dumps({"version": 1, "reports": {"alfa": {"pdf": entry}}})


SHAPES: dict[str, tuple[str | bytes, str]] = {
    "list": ("[]", "attesa una mappa JSON con le chiavi 'version' e 'reports'"),
    "text": ('"stato"', "attesa una mappa JSON con le chiavi 'version' e 'reports'"),
    "null": ("null", "attesa una mappa JSON con le chiavi 'version' e 'reports'"),
    "no reports": ('{"version": 1}', "attesa una mappa JSON con le chiavi 'version' e 'reports'"),
    "version 2": ('{"version": 2, "reports": {}}', "versione 2 non riconosciuta, attesa 1"),
    "version true": ('{"version": true, "reports": {}}', "versione true non riconosciuta, attesa 1"),
    "version NaN": ('{"version": NaN, "reports": {}}', "versione NaN non riconosciuta, attesa 1"),
    "reports list": ('{"version": 1, "reports": []}', "'reports' deve essere una mappa: rapporto -> formato -> file scritto"),
    "report number": ('{"version": 1, "reports": {"alfa": 5}}', "la voce 'alfa' di 'reports' deve essere una mappa di formati"),
    "entry text": (_state("x"), "reports -> 'alfa' -> 'pdf': attesa una mappa con fingerprint, sha256, bytes, source"),
    "entry partial": (_state({"sha256": "b" * 64}), "reports -> 'alfa' -> 'pdf': attesa una mappa con fingerprint, sha256, bytes, source"),
    "fingerprint number": (_state(fingerprint=5), "reports -> 'alfa' -> 'pdf': 'fingerprint' deve essere un'impronta sha256 (64 cifre esadecimali) o null"),
    "sha256 short": (_state(sha256="abc"), "reports -> 'alfa' -> 'pdf': 'sha256' deve essere un'impronta sha256 (64 cifre esadecimali)"),
    "sha256 list": (_state(sha256=["b" * 64]), "reports -> 'alfa' -> 'pdf': 'sha256' deve essere un'impronta sha256 (64 cifre esadecimali)"),
    "bytes text": (_state(bytes="10"), "reports -> 'alfa' -> 'pdf': 'bytes' deve essere un numero intero non negativo"),
    "bytes negative": (_state(bytes=-1), "reports -> 'alfa' -> 'pdf': 'bytes' deve essere un numero intero non negativo"),
    "bytes true": (_state(bytes=True), "reports -> 'alfa' -> 'pdf': 'bytes' deve essere un numero intero non negativo"),
    "source null": (_state(source=None), "reports -> 'alfa' -> 'pdf': 'source' deve essere un percorso (testo)"),
    "truncated": (_state()[:40], "JSON non valido o troncato alla riga 1, colonna 37"),
    "empty": ("", "JSON non valido o troncato alla riga 1, colonna 1"),
    "binary": (bytes(range(256)) * 4, "non è un testo JSON in UTF-8"),
    "not JSON": ("stato: pronto\n", "JSON non valido o troncato alla riga 1, colonna 1"),
    "deep": ("[" * 200_000, "JSON con numeri troppo lunghi o annidato troppo in profondità"),
    "long number": (_state(bytes=0).replace('"bytes": 0', '"bytes": ' + "9" * 5000), "JSON con numeri troppo lunghi o annidato troppo in profondità"),
}  # fmt: skip


def _write_state(folder: Path, content: str | bytes) -> Path:
    """A state file in ``folder`` holding ``content`` (text as UTF-8); its path."""
    path = folder / batch.STATE_NAME
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_state_file_of_the_wrong_shape_is_named_and_ignored(tmp_path: Path, shape: str) -> None:
    content, reason = SHAPES[shape]
    path = _write_state(tmp_path, content)
    with pytest.raises(batch.UnusableState) as caught:
        read_state(tmp_path)
    assert str(caught.value) == f"{STATE_HEAD.format(path=path)} ({reason}){STATE_TAIL}"


@pytest.mark.parametrize("kind", ["folder", "fifo", "huge"])
def test_a_state_that_is_no_regular_small_file_is_ignored_unread(tmp_path: Path, kind: str) -> None:
    path = tmp_path / batch.STATE_NAME
    reason = "non è un file regolare"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)  # reading it would wait for a writer forever
    else:
        with path.open("wb") as fh:
            fh.truncate(batch.MAX_STATE_BYTES + 1)  # sparse: no disk used
        reason = "troppo grande: 16.777.217 byte, ammessi al massimo 16.777.216 byte"
    with pytest.raises(batch.UnusableState) as caught:
        read_state(tmp_path)
    assert str(caught.value) == f"{STATE_HEAD.format(path=path)} ({reason}){STATE_TAIL}"


def test_a_good_state_is_read_and_a_missing_one_is_empty(tmp_path: Path) -> None:
    assert read_state(tmp_path) == {}
    (tmp_path / batch.STATE_NAME).write_text(_state(fingerprint=None), encoding="utf-8")
    assert read_state(tmp_path) == {"alfa": {"pdf": {**GOOD_ENTRY, "fingerprint": None}}}


CLI_SHAPES = ["list", "entry text", "fingerprint number", "truncated", "binary", "deep"]


@pytest.mark.parametrize("shape", CLI_SHAPES)
def test_a_batch_over_a_state_of_the_wrong_shape_warns_rebuilds_and_repairs_it(
    tmp_path: Path, shape: str
) -> None:
    src = make_reports(tmp_path / "in", ["alfa"])
    out = tmp_path / "out"
    out.mkdir()
    content, reason = SHAPES[shape]
    path = _write_state(out, content)

    first = cli_batch(src, out)

    assert_behaves(first, code=0)
    assert first.stderr.startswith(
        f"Avviso: {STATE_HEAD.format(path=path)} ({reason}){STATE_TAIL}\n"
    ), first.stderr
    assert statuses(out) == {"alfa": "ok"}
    assert set(read_state(out)) == {"alfa"}  # written anew, of the right shape


def test_a_huge_state_file_is_not_read(tmp_path: Path) -> None:
    src = make_reports(tmp_path / "in", ["alfa"])
    out = tmp_path / "out"
    out.mkdir()
    with (out / batch.STATE_NAME).open("wb") as fh:
        fh.truncate(1 << 30)  # a sparse gigabyte
    first = cli_batch(src, out)
    assert_behaves(first, code=0)
    assert "(troppo grande: 1.073.741.824 byte, ammessi al massimo 16.777.216 byte)" in first.stderr
    assert (out / batch.STATE_NAME).stat().st_size < 4096


@pytest.mark.parametrize("name", [batch.STATE_NAME, batch.SUMMARY_NAME])
def test_a_folder_where_the_batch_writes_its_own_file_is_refused(tmp_path: Path, name: str) -> None:
    src = make_reports(tmp_path / "in", ["alfa"])
    out = tmp_path / "out"
    (out / name).mkdir(parents=True)
    refused = cli_batch(src, out)
    assert_refused(refused, str(out / name))
    assert refused.stderr == (
        f"{out / name} è una cartella, ma porreport batch vi deve scrivere un proprio file: "
        "rimuoverla o scegliere un'altra cartella di uscita\n"
    )
    assert sorted(p.name for p in out.iterdir()) == [name]
