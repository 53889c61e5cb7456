"""``porreport batch``: failures isolated, atomic outputs, skip unchanged, clean interruption.

Most tests run the real pool with a stand-in worker (``fake_worker``: the real ``build_one``
with ``porreport.api.render`` replaced by a cheap deterministic function inside the worker
process), so they test the batch machinery fast; a few run the real renderers end to end.
Worker functions live at module level: the workers (forked from a server process that never
saw this module) import them by name.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

import porreport.batch as batch
from helpers_batch import Log
from porreport.batch import fingerprint
from porreport.cli.main import main
from porreport.errors import InputError
from porreport.resources import example_report, resource_dir

BROKEN_BYTES = b"previous good bulletin, must survive a failed rebuild\n"


# --- workers run in the worker processes -------------------------------------------------


def _fake_render(document: Any, fmt: str, template: Any = None) -> bytes:
    return f"{fmt}\n{document.meta.title}\n{len(repr(document))}\n".encode()


def fake_worker(task: batch.Task) -> dict[str, Any]:
    """The real worker with a stand-in renderer."""
    import porreport.api

    porreport.api.render = _fake_render
    return batch.build_one(task)


def crash_worker(task: batch.Task) -> dict[str, Any]:
    """Like fake_worker, but the report named 'crash' dies mid-write, as if killed."""
    if task.stem == "crash":
        fd, _ = tempfile.mkstemp(prefix=".crash.pdf.", suffix=".part", dir=task.out_dir)
        os.write(fd, b"half a file")
        os.kill(os.getpid(), signal.SIGKILL)
    return fake_worker(task)


def gc_worker(task: batch.Task) -> dict[str, Any]:
    """Like fake_worker, and tells (as a warning) whether the cyclic garbage collector runs."""
    import gc

    result = fake_worker(task)
    result["warnings"].append(f"gc attivo: {gc.isenabled()}")
    return result


def slow_worker(task: batch.Task) -> dict[str, Any]:
    """Leaves a temporary file and hangs: the batch must be interrupted."""
    if task.stem == "slow":
        fd, _ = tempfile.mkstemp(prefix=".slow.pdf.", suffix=".part", dir=task.out_dir)
        os.write(fd, b"half a file")
        time.sleep(60)
    return fake_worker(task)


# --- helpers ----------------------------------------------------------------------------


def make_reports(folder: Path, good: list[str], broken: list[str] = ()) -> Path:
    """Copies of the example (and its tables) named ``<good>.yaml``; broken YAML files."""
    folder.mkdir(parents=True, exist_ok=True)
    src = example_report()
    for table in src.parent.glob("*.csv"):
        shutil.copy(table, folder / table.name)
    for name in good:
        shutil.copy(src, folder / f"{name}.yaml")
    for name in broken:
        (folder / f"{name}.yaml").write_text("rapporto:\n  titolo: [non chiuso\n", encoding="utf-8")
    return folder


def _env_with_tests() -> dict[str, str]:
    """The environment of a Python child that imports this module (its workers do)."""
    paths = [str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


def run(sources_dir: Path, out: Path, worker=fake_worker, **kwargs: Any) -> batch.BatchOutcome:
    log = Log()
    outcome = batch.run_batch(
        batch.discover(sources_dir),
        out,
        kwargs.pop("formats", ("pptx", "pdf")),
        jobs=2,
        log=log,
        worker=worker,
        **kwargs,
    )
    outcome.log = log.text  # type: ignore[attr-defined]
    return outcome


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """name -> (inode, mtime_ns, bytes) of every file, hidden ones included."""
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def summary_of(out: Path) -> dict[str, Any]:
    return json.loads((out / batch.SUMMARY_NAME).read_text(encoding="utf-8"))


def by_name(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in summary["reports"]}


def no_temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


# --- the machinery, with a stand-in renderer --------------------------------------------


def test_three_good_one_broken_then_skip_force_and_change(tmp_path: Path) -> None:
    src = make_reports(tmp_path / "in", ["alfa", "beta", "gamma"], ["rotto"])
    out = tmp_path / "out"
    out.mkdir()
    (out / "rotto.pdf").write_bytes(BROKEN_BYTES)

    first = run(src, out)

    assert first.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == [
        ".porreport-state.json",
        "alfa.pdf", "alfa.pptx", "beta.pdf", "beta.pptx", "gamma.pdf", "gamma.pptx",
        "porreport-batch.json", "rotto.pdf",
    ]  # fmt: skip
    assert (out / "rotto.pdf").read_bytes() == BROKEN_BYTES
    assert (out / "alfa.pdf").read_bytes().startswith(b"pdf\nStato di attuazione del POR FSE")
    summary = summary_of(out)
    assert list(summary) == [
        "porreport", "started", "finished", "duration_s", "output_dir", "formats", "jobs",
        "force", "strict", "interrupted", "totals", "reports",
    ]  # fmt: skip
    assert summary["totals"] == {"reports": 4, "ok": 3, "skipped": 0, "failed": 1}
    reports = by_name(summary)
    assert [r["name"] for r in summary["reports"]] == ["alfa", "beta", "gamma", "rotto"]
    rotto = reports["rotto"]
    assert rotto["status"] == "failed"
    assert rotto["source"] == str(src / "rotto.yaml")
    assert rotto["outputs"] == []
    assert rotto["error"].startswith(
        f"{src / 'rotto.yaml'}: sintassi YAML non valida (riga 3, colonna 1)"
    )
    alfa = reports["alfa"]
    assert alfa["status"] == "ok" and alfa["error"] is None
    pdf = (out / "alfa.pdf").read_bytes()
    assert alfa["outputs"][1] == {
        "format": "pdf",
        "file": "alfa.pdf",
        "sha256": hashlib.sha256(pdf).hexdigest(),
        "bytes": len(pdf),
    }
    assert any("la somma degli assi differisce dai totali" in w for w in alfa["warnings"])
    assert "[4/4] " in first.log and "rotto: ERRORE" in first.log
    assert "alfa: ok (" in first.log

    # Unchanged inputs: nothing is rewritten (same inode, same mtime), all skipped but rotto.
    before = snapshot(out)
    second = run(src, out)
    assert second.exit_code == 1
    after = snapshot(out)
    for name in ("alfa.pdf", "alfa.pptx", "beta.pdf", "gamma.pptx", "rotto.pdf"):
        assert after[name] == before[name], name
    statuses = {n: r["status"] for n, r in by_name(summary_of(out)).items()}
    assert statuses == {"alfa": "skipped", "beta": "skipped", "gamma": "skipped", "rotto": "failed"}
    assert "alfa: invariato" in second.log
    assert by_name(summary_of(out))["alfa"]["outputs"] == alfa["outputs"]

    # A changed input rebuilds only that report.
    text = (src / "beta.yaml").read_text(encoding="utf-8")
    (src / "beta.yaml").write_text(text.replace("Occupazione", "Occupazione e lavoro"), "utf-8")
    (src / "rotto.yaml").unlink()
    third = run(src, out)
    assert third.exit_code == 0
    statuses = {n: r["status"] for n, r in by_name(summary_of(out)).items()}
    assert statuses == {"alfa": "skipped", "beta": "ok", "gamma": "skipped"}
    after_change = snapshot(out)
    assert after_change["alfa.pdf"] == before["alfa.pdf"]
    assert after_change["beta.pdf"][0] != before["beta.pdf"][0]  # a new file was renamed in

    # --force rebuilds everything, but identical bytes are not rewritten (same inode, mtime).
    fourth = run(src, out, force=True)
    assert fourth.exit_code == 0
    assert {r["status"] for r in summary_of(out)["reports"]} == {"ok"}
    after_force = snapshot(out)
    assert after_force["alfa.pdf"] == before["alfa.pdf"]
    assert after_force["beta.pdf"] == after_change["beta.pdf"]
    assert by_name(summary_of(out))["alfa"]["outputs"] == alfa["outputs"]
    assert no_temporaries(out) == []


def test_shared_table_change_rebuilds_every_report_using_it(tmp_path: Path) -> None:
    src = make_reports(tmp_path / "in", ["alfa", "beta"])
    out = tmp_path / "out"
    assert run(src, out, formats=("pdf",)).exit_code == 0
    table = src / "dimensioni_imprese.csv"
    table.write_text(table.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert run(src, out, formats=("pdf",)).exit_code == 0
    assert {r["status"] for r in summary_of(out)["reports"]} == {"ok"}


def test_tampered_output_is_rebuilt(tmp_path: Path) -> None:
    src = make_reports(tmp_path / "in", ["alfa"])
    out = tmp_path / "out"
    run(src, out, formats=("pdf",))
    good = (out / "alfa.pdf").read_bytes()
    (out / "alfa.pdf").write_bytes(b"truncated")
    run(src, out, formats=("pdf",))
    assert summary_of(out)["reports"][0]["status"] == "ok"
    assert (out / "alfa.pdf").read_bytes() == good


def test_a_crashed_worker_fails_its_report_only_and_leaves_no_temporary(tmp_path: Path) -> None:
    src = make_reports(tmp_path / "in", ["alfa", "beta", "crash", "delta", "epsilon"])
    out = tmp_path / "out"
    out.mkdir()
    (out / "crash.pdf").write_bytes(BROKEN_BYTES)

    outcome = run(src, out, worker=crash_worker, formats=("pdf",))

    assert outcome.exit_code == 1
    statuses = {n: r["status"] for n, r in by_name(summary_of(out)).items()}
    assert statuses == {
        "alfa": "ok", "beta": "ok", "crash": "failed", "delta": "ok", "epsilon": "ok"
    }  # fmt: skip
    assert by_name(summary_of(out))["crash"]["error"] == batch.CRASH_MESSAGE
    assert (out / "crash.pdf").read_bytes() == BROKEN_BYTES
    assert no_temporaries(out) == []


def test_workers_collect_garbage_though_their_warm_server_did_not(tmp_path: Path) -> None:
    # in a fresh process, whose workers' server is started warm (the renderers preloaded,
    # without the garbage collector); this process's server may have been started without
    src = make_reports(tmp_path / "in", ["alfa", "beta", "gamma"])
    out = tmp_path / "out"
    code = (
        "import sys; from pathlib import Path; import porreport.batch as batch\n"
        "import test_batch\n"
        "from multiprocessing import forkserver\n"
        "o = batch.run_batch(batch.discover(Path(sys.argv[1])), Path(sys.argv[2]), ('pdf',),"
        " jobs=2, worker=test_batch.gc_worker)\n"
        "print(forkserver._forkserver._preload_modules)\n"
        "sys.exit(o.exit_code)\n"
    )
    env = _env_with_tests()
    done = subprocess.run(
        [sys.executable, "-c", code, str(src), str(out)],
        capture_output=True,
        env=env,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "porreport.batch.warm.bulletin" in done.stdout  # the server was warmed
    reports = summary_of(out)["reports"]
    assert [r["warnings"][-1] for r in reports] == ["gc attivo: True"] * 3


def test_sigterm_stops_cleans_temporaries_and_writes_summary(tmp_path: Path) -> None:
    src = make_reports(tmp_path / "in", ["alfa", "slow"])
    out = tmp_path / "out"
    out.mkdir()
    (out / "slow.pdf").write_bytes(BROKEN_BYTES)
    code = (
        "import sys; from pathlib import Path; import porreport.batch as batch; import test_batch\n"
        "o = batch.run_batch(batch.discover(Path(sys.argv[1])), Path(sys.argv[2]), ('pdf',),"
        " jobs=2, worker=test_batch.slow_worker)\n"
        "sys.exit(o.exit_code)\n"
    )
    env = _env_with_tests()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(src), str(out)],
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not list(out.glob(".slow.pdf.*.part")) or not (out / "alfa.pdf").exists():
        assert time.monotonic() < deadline, "the slow worker never started"
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)

    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Interrotto dal segnale SIGTERM." in err
    summary = summary_of(out)
    assert summary["interrupted"] == "SIGTERM"
    assert by_name(summary)["slow"] == {
        "source": str(src / "slow.yaml"),
        "name": "slow",
        "status": "failed",
        "duration_s": 0.0,
        "fingerprint": None,
        "outputs": [],
        "warnings": [],
        "error": batch.INTERRUPTED_MESSAGE,
    }
    assert by_name(summary)["alfa"]["status"] == "ok"
    assert (out / "slow.pdf").read_bytes() == BROKEN_BYTES
    assert no_temporaries(out) == []


def test_manifest_text_and_yaml(tmp_path: Path) -> None:
    src = make_reports(tmp_path / "in", ["alfa", "beta", "gamma"])
    text = tmp_path / "elenco.txt"
    text.write_text("# rapporti mensili\n\nin/gamma.yaml\n  in/alfa.yaml  \n", encoding="utf-8")
    assert batch.discover(text) == [tmp_path / "in/gamma.yaml", tmp_path / "in/alfa.yaml"]
    listed = tmp_path / "elenco.yaml"
    listed.write_text("- in/beta.yaml\n- in/alfa.yaml\n", encoding="utf-8")
    assert batch.discover(listed) == [tmp_path / "in/beta.yaml", tmp_path / "in/alfa.yaml"]
    assert batch.discover(src / "beta.yaml") == [src / "beta.yaml"]  # a single report
    assert batch.discover(src) == [src / "alfa.yaml", src / "beta.yaml", src / "gamma.yaml"]


def test_duplicated_output_names_are_refused_before_building(tmp_path: Path) -> None:
    src = make_reports(tmp_path / "in", ["alfa"])
    shutil.copy(src / "alfa.yaml", src / "alfa.yml")
    with pytest.raises(InputError, match="più rapporti scriverebbero gli stessi file"):
        run(src, tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["batch", "{tmp}/manca", "-o", "{tmp}/out"], "cartella o elenco di rapporti non trovato"),
        (["batch", "{tmp}/vuota", "-o", "{tmp}/out"], "nessun rapporto trovato in"),
        (["batch", "{tmp}/in", "-o", "{tmp}/out", "--format", "docx"], "formato non supportato"),
        (["batch", "{tmp}/in", "-o", "{tmp}/out", "--jobs", "0"], "--jobs deve essere almeno 1"),
        (["batch", "{tmp}/in"], "argomenti obbligatori mancanti: -o/--output"),
    ],
)
def test_bad_usage_exits_2(tmp_path: Path, args: list[str], message: str) -> None:
    make_reports(tmp_path / "in", ["alfa"])
    (tmp_path / "vuota").mkdir()
    err = Log()
    code = main([a.format(tmp=tmp_path) for a in args], stdout=Log(), stderr=err)
    assert code == 2
    assert message in err.text
    assert not (tmp_path / "out").exists()


def test_progress_bar_on_a_terminal() -> None:
    class Tty(Log):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    progress = batch.Progress(2, stream)
    progress.report("alfa", {"status": "ok", "duration_s": 0.4213})
    progress.report("beta", {"status": "failed", "duration_s": 1.0, "error": "file non trovato"})
    progress.finish()
    assert stream.text.startswith("\r[" + "#" * 15 + "." * 15 + "] 1/2 alfa")
    assert "[2/2] beta: ERRORE (1,00 s)\n    file non trovato\n" in stream.text
    assert "alfa: ok" not in stream.text  # on a terminal, successes only move the bar


# --- end to end, real renderers, through the command line -------------------------------


def _cli(
    args: list[str], env: dict[str, str], stdin_closed: bool = False
) -> subprocess.CompletedProcess:
    """``porreport`` in a fresh interpreter, no terminal, optionally with stdin closed."""
    command = [sys.executable, "-m", "porreport", *args]
    if stdin_closed:
        command = ["sh", "-c", 'exec "$@" 0<&-', "sh", *command]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        stdin=None if stdin_closed else subprocess.DEVNULL,
    )


def test_end_to_end_three_good_one_broken_then_unchanged(tmp_path: Path) -> None:
    src = make_reports(tmp_path / "in", ["alfa", "beta", "gamma"], ["rotto"])
    out = tmp_path / "out"
    out.mkdir()
    (out / "rotto.pdf").write_bytes(BROKEN_BYTES)
    env = {**os.environ, "TZ": "America/New_York", "LC_ALL": "C", "LANG": "C"}
    env.pop("PORREPORT_DEBUG", None)

    first = _cli(["batch", str(src), "-o", str(out), "--jobs", "2"], env, stdin_closed=True)

    assert first.returncode == 1, first.stderr
    assert first.stdout == ""
    assert "Traceback" not in first.stderr
    assert "rotto: ERRORE" in first.stderr and "\r" not in first.stderr
    files = sorted(p.name for p in out.iterdir())
    assert files == [
        ".porreport-state.json",
        "alfa.pdf", "alfa.pptx", "beta.pdf", "beta.pptx", "gamma.pdf", "gamma.pptx",
        "porreport-batch.json", "rotto.pdf",
    ]  # fmt: skip
    assert (out / "rotto.pdf").read_bytes() == BROKEN_BYTES
    assert (out / "alfa.pdf").read_bytes().startswith(b"%PDF-")
    assert (out / "alfa.pptx").read_bytes().startswith(b"PK")
    reports = by_name(summary_of(out))
    assert reports["rotto"]["status"] == "failed"
    assert "sintassi YAML non valida" in reports["rotto"]["error"]
    for name in ("alfa", "beta", "gamma"):
        assert reports[name]["status"] == "ok", reports[name]["error"]
        assert [o["file"] for o in reports[name]["outputs"]] == [f"{name}.pptx", f"{name}.pdf"]
    # Copies of one report build to identical bytes: the builds are deterministic.
    assert (out / "alfa.pdf").read_bytes() == (out / "beta.pdf").read_bytes()
    assert (out / "alfa.pptx").read_bytes() == (out / "gamma.pptx").read_bytes()

    # Another timezone and locale, unchanged inputs: skipped, nothing rewritten.
    before = snapshot(out)
    env2 = {**env, "TZ": "Asia/Tokyo", "LC_ALL": "it_IT.UTF-8", "LANG": "it_IT.UTF-8"}
    second = _cli(["batch", str(src / "alfa.yaml"), "-o", str(out)], env2)
    assert second.returncode == 0, second.stderr
    assert "alfa: invariato" in second.stderr
    assert snapshot(out)["alfa.pdf"] == before["alfa.pdf"]
    assert snapshot(out)["alfa.pptx"] == before["alfa.pptx"]

    # Forced, in yet another timezone and locale: byte-identical outputs.
    third = _cli(["batch", str(src / "alfa.yaml"), "-o", str(out), "--force"], env2)
    assert third.returncode == 0, third.stderr
    # Rebuilt ("ok"), to the same bytes: so the files were left as they were.
    assert by_name(summary_of(out))["alfa"]["status"] == "ok"
    after = snapshot(out)
    assert after["alfa.pdf"] == before["alfa.pdf"]
    assert after["alfa.pptx"] == before["alfa.pptx"]
    assert no_temporaries(out) == []


def test_a_report_given_as_the_manifest_is_checked_by_the_loader(tmp_path: Path) -> None:
    src = make_reports(tmp_path / "in", [])
    text = example_report().read_text(encoding="utf-8")
    bad = src / "data_impossibile.yaml"
    bad.write_text(text.replace("2021-09-30", "2021-02-30", 1), encoding="utf-8")
    out, err = Log(), Log()
    code = main(["batch", str(bad), "-o", str(tmp_path / "out")], stdout=out, stderr=err)
    assert code == 1
    assert "Errore interno" not in err.text
    report = by_name(summary_of(tmp_path / "out"))["data_impossibile"]
    assert report["status"] == "failed"
    assert "rapporto.data_riferimento (riga 12): data inesistente" in report["error"]


def test_a_report_over_the_manifest_limit_is_a_report_and_a_large_list_is_refused(
    tmp_path: Path,
) -> None:
    src = make_reports(tmp_path / "in", ["alfa"])
    padding = "# " + "x" * 98 + "\n"
    big = src / "grande.yaml"
    big.write_text(
        (src / "alfa.yaml").read_text(encoding="utf-8") + padding * 12_000, encoding="utf-8"
    )
    assert big.stat().st_size > batch.MAX_MANIFEST_BYTES
    assert batch.discover(big) == [big]
    listed = tmp_path / "elenco.yaml"
    listed.write_text("- in/alfa.yaml\n" + padding * 12_000, encoding="utf-8")
    with pytest.raises(InputError, match="elenco di rapporti troppo grande"):
        batch.discover(listed)
    listed.write_text("- in/alfa.yaml\n- 2021\n", encoding="utf-8")
    with pytest.raises(InputError, match="solo percorsi di file"):
        batch.discover(listed)


def test_reference_data_is_part_of_the_environment(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(resource_dir("data"), data)
    # the module that reads the bundled folders
    monkeypatch.setattr(
        fingerprint, "resource_dir", lambda n: data if n == "data" else resource_dir(n)
    )
    first = batch.environment_fingerprint()
    (data / "por_fse_lombardia_2021.yaml").write_text("# un esempio cambiato\n", "utf-8")
    (data / "domande_smart_working.csv").write_text("Codice\n", "utf-8")
    assert batch.environment_fingerprint() == first  # examples are not read by the renderers
    for name in ("province.csv", "province_geometrie.json"):
        with (data / name).open("a", encoding="utf-8") as fh:
            fh.write("\n")
        changed = batch.environment_fingerprint()
        assert changed != first, name
        first = changed


def test_temporaries_of_a_batch_killed_outright_are_removed_by_the_next(tmp_path: Path) -> None:
    src = make_reports(tmp_path / "in", ["alfa"])
    out = tmp_path / "out"
    out.mkdir()
    stale = [
        ".alfa.pdf.k2x_9a1q.part",
        ".vecchio.pptx.abcd1234.part",
        ".porreport-batch.json.zz.part",
    ]
    kept = [".appunti.txt.abcd1234.part", "alfa.part", ".alfa.pdf.part", "nota.txt"]
    for name in stale + kept:
        (out / name).write_bytes(b"half a file")
    assert run(src, out, formats=("pdf",)).exit_code == 0
    assert sorted(p.name for p in out.iterdir() if p.name in stale + kept) == sorted(kept)


def test_workers_come_from_a_server_that_imports_the_renderers_when_they_will_render() -> None:
    from porreport.batch import pool

    def task(name: str, previous: dict[str, Any], force: bool = False) -> batch.Task:
        return batch.Task(f"{name}.yaml", name, "out", ("pptx", "pdf"), "env", False, force, previous)  # fmt: skip

    built = {"pptx": {"sha256": "a"}, "pdf": {"sha256": "b"}}
    new, unchanged = task("nuovo", {}), task("vecchio", built)
    half_built = task("mezzo", {"pdf": built["pdf"]})  # its deck was never written
    # the renderers first: their package switches the server's garbage collector off
    both = ("porreport.batch.warm.deck", "porreport.batch.warm.bulletin", *pool.LOADING)
    loading = (*pool.LOADING, pool.SERVER_EXIT)  # the server's quick exit always comes last
    assert pool.preload([new, unchanged], 1) == (*both, pool.SERVER_EXIT)
    assert pool.preload([new, unchanged, unchanged], 1) == loading
    assert pool.preload([half_built, unchanged], 1) == (*both, pool.SERVER_EXIT)
    assert pool.preload([task("vecchio", built, force=True)], 1) == (*both, pool.SERVER_EXIT)
    pdf_only = batch.Task("solo.yaml", "solo", "out", ("pdf",), "env", False, False, {})
    assert pool.preload([pdf_only], 1) == ("porreport.batch.warm.bulletin", *loading)
    assert pool.LOADING == ("porreport.batch.worker",)
    assert pool.SERVER_EXIT == "porreport.batch.quick_exit"
    # more workers than cores: the example is rendered once in the server, after the renderers
    cores = os.cpu_count() or 1
    assert pool.preload([new], cores) == (*both, pool.SERVER_EXIT)
    assert pool.preload([new], cores + 1) == (*both[:2], pool.EXAMPLE, *loading)
    assert pool.preload([new, unchanged, unchanged], cores + 1) == loading
    if sys.platform.startswith("linux"):
        assert pool._context(pool.LOADING).get_start_method() == "forkserver"
