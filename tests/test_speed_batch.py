"""The batch's workers start warm: their server loads the renderers, and renders the bundled
example once when the workers outnumber the cores, before it forks them
(``porreport.batch.warm``). A warm worker must build the same bytes as a cold, single
``porreport build``, and the server must stay single-threaded (a fork copies only the thread
that forks)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from porreport.batch import run_batch
from porreport.resources import example_report

ROOT = Path(__file__).resolve().parents[1]
BUILD = "import sys; from porreport.cli.main import main; sys.exit(main(['build', *sys.argv[1:]]))"
OTHERS = ("por_fse_valle_aosta_2020.yaml", "pr_fesr_sicilia_2024.yaml")  # other regions


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("OPENBLAS_NUM_THREADS", None)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/self/task")
def test_the_server_warms_the_renderers_in_one_thread() -> None:
    code = (
        "import os, sys\n"
        "import porreport.batch.worker, porreport.batch.warm.deck, porreport.batch.warm.bulletin\n"
        "from porreport.batch import warm\n"
        "print(len(os.listdir('/proc/self/task')), os.environ['OPENBLAS_NUM_THREADS'],\n"
        "      warm.example_document() is not None,\n"
        "      'porreport.deck.render' in sys.modules, 'porreport.bulletin.render' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=_env(), capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["1", "1", "True", "True", "True"]


def test_the_server_leaves_without_teardown_and_flushes_what_it_wrote() -> None:
    # the last module the workers' server imports: at its end it leaves with os._exit (status
    # 0, whatever ended it), what it printed flushed first; a process that is not a
    # forkserver keeps its own exit status
    body = "import porreport.batch.quick_exit\nprint('scritto')\nraise SystemExit(3)\n"
    for prelude, status in (("import multiprocessing.forkserver\n", 0), ("", 3)):
        done = subprocess.run(
            [sys.executable, "-c", prelude + body], env=_env(), capture_output=True, text=True
        )
        assert (done.stdout, done.stderr, done.returncode) == ("scritto\n", "", status)


def test_a_report_is_built_with_the_collector_paused_and_its_cycles_freed_after() -> None:
    import gc
    import weakref

    from porreport.collector import paused

    class Node:
        other: object = None

    was = gc.isenabled()
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            gc.collect()
            with paused():
                assert not gc.isenabled()
                node = Node()
                node.other = node  # a cycle: only the collector frees it
                alive = weakref.ref(node)
                del node
                kept = [[] for _ in range(5000)]  # a report's allocations, still held
                assert alive() is not None
            assert gc.isenabled() is enabled  # the collector as it was
            _ = [[] for _ in range(10)]  # the next allocations, after the report
            assert (alive() is None) is enabled  # collected then, when it runs at all
            del kept
    finally:
        gc.enable() if was else gc.disable()


def _assert_as_single_build(source: Path, out: Path, tmp_path: Path) -> None:
    """The batch's deck and PDF of ``source`` in ``out`` are those of a single, cold
    ``porreport build`` of it."""
    single = tmp_path / f"single_{source.stem}"
    subprocess.run(
        [sys.executable, "-c", BUILD, str(source), "-o", str(single)],
        env=_env(),
        capture_output=True,
        check=True,
    )
    for fmt in ("pptx", "pdf"):
        name = f"{source.stem}.{fmt}"
        assert (out / name).read_bytes() == (single / name).read_bytes(), name


def test_warm_workers_build_the_bytes_of_cold_single_builds(tmp_path: Path) -> None:
    sources = [example_report(), *(ROOT / "data" / "examples" / name for name in OTHERS)]
    out = tmp_path / "batch"
    outcome = run_batch(sources, out, jobs=1, log=io.StringIO())
    assert outcome.exit_code == 0
    for source in sources:
        _assert_as_single_build(source, out, tmp_path)


def test_workers_of_a_server_that_rendered_the_example_build_the_same_bytes(
    tmp_path: Path,
) -> None:
    # in a fresh process (its workers' server is started for this batch), with one worker
    # more than the cores: the server renders the example before it forks them
    import shutil

    jobs = (os.cpu_count() or 1) + 1
    folder = tmp_path / "in"
    folder.mkdir()
    for table in example_report().parent.glob("*.csv"):
        shutil.copy(table, folder)
    sources = [ROOT / "data" / "examples" / name for name in OTHERS]
    for n in range(jobs - len(OTHERS)):
        sources.append(shutil.copy(example_report(), folder / f"copia_{n}.yaml"))
    code = (
        "import io, sys; from pathlib import Path; from multiprocessing import forkserver\n"
        "from porreport.batch import run_batch\n"
        "sources = [Path(p) for p in sys.argv[3:]]\n"
        "o = run_batch(sources, Path(sys.argv[1]), jobs=int(sys.argv[2]), log=io.StringIO())\n"
        "print(o.exit_code, 'porreport.batch.warm.example' in forkserver._forkserver._preload_modules)\n"
    )
    out = tmp_path / "batch"
    done = subprocess.run(
        [sys.executable, "-c", code, str(out), str(jobs), *map(str, sources)],
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["0", "True"]
    for source in (sources[0], sources[-1]):  # another region's report, a copy of the example
        _assert_as_single_build(source, out, tmp_path)


def test_outputs_are_staged_side_by_side_and_a_failed_write_replaces_neither(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import threading

    from porreport import api, output
    from porreport.batch import Task, build_one
    from porreport.batch import worker as batch_worker

    def fake_render(document: object, fmt: str, template: object = None) -> bytes:
        return f"{fmt} bytes\n".encode()

    staged: list[tuple[str, str]] = []

    def failing_pptx(path: Path, data: bytes) -> output.Staged:
        staged.append((path.name, threading.current_thread().name.split("_")[0]))
        if path.suffix == ".pptx":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return output.stage(path, data)

    monkeypatch.setattr(api, "render", fake_render)
    task = Task(str(example_report()), "esempio", str(tmp_path), ("pptx", "pdf"), "env")
    good = build_one(task)
    assert good["status"] == "ok"
    assert [o["format"] for o in good["outputs"]] == ["pptx", "pdf"]
    assert (tmp_path / "esempio.pdf").read_bytes() == b"pdf bytes\n"

    (tmp_path / "esempio.pdf").unlink()
    (tmp_path / "esempio.pptx").write_bytes(b"previous deck\n")
    monkeypatch.setattr(batch_worker, "stage", failing_pptx)
    failed = build_one(task)
    assert failed["status"] == "failed"
    assert failed["error"] == (
        f"impossibile scrivere {tmp_path / 'esempio.pptx'}: spazio su disco esaurito"
    )
    assert sorted(staged) == [
        ("esempio.pdf", "porreport-write"),
        ("esempio.pptx", "porreport-write"),
    ]
    assert failed["outputs"] == []
    assert (tmp_path / "esempio.pptx").read_bytes() == b"previous deck\n"
    assert not (tmp_path / "esempio.pdf").exists()  # staged, then discarded
    assert list(tmp_path.glob(".*.part")) == []
