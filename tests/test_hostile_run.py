"""Hostile runs (issue 17, classes 7 and 8): Ctrl-C and SIGTERM at any moment, a read-only or
missing home, and outputs that cannot be written (a folder in the way, a full disk, a file-size
limit, no permission).

What a person or a scheduler must see: "Interrotto." and exit 128 + the signal (130, 143),
never a traceback, from ``build`` and ``batch`` and from the batch's worker processes; no
temporary file left; a report's deck and PDF both replaced or both as they were; no cache or
warning about one in a home that cannot take it. The signals are sent from this process to a
child it starts (``Interrupted``): to the child's whole process group, as a terminal's Ctrl-C
does, or to its pid alone, as ``kill`` and most schedulers do. Each run goes through
``tests/hostile.py``'s checks (``assert_behaves``).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import importlib
import io
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO

import pytest

import porreport
from hostile import AS_LIMIT_MB, CPU_LIMIT_S, Run, assert_behaves
from porreport import output
from porreport.cli import caches, interrupt
from porreport.cli.main import main
from porreport.resources import example_report

STEM = "por_fse_lombardia_2021"  # the bundled example's outputs
SOURCES = str(Path(porreport.__file__).resolve().parents[1])
# How long processes a run started may outlive it (a batch's workers' server ends once it
# has loaded its modules: a few seconds when the batch stops while it loads).
LINGER_S = 30.0
# A traceback's frames: file and source line.
FRAME = re.compile(r'^  File "([^"]+)", line \d+, in .*\n    (.+)$', re.M)
# The lines that load the Ctrl-C guard, in ``python -m porreport`` and in ``porreport.cli``.
GUARD_IMPORTS = (
    "from porreport.cli import entry_point",
    "from porreport.cli.interrupt import guard_start_up",
)
OLD = {"pptx": b"vecchio deck\n", "pdf": b"vecchio pdf\n"}
EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
BATCH_REPORTS = ("por_fse_valle_aosta_2020", "por_fesr_sardegna_2022", "pr_fesr_toscana_2025")
# what pip writes for the console script ``porreport = porreport.cli.main:entry_point``
CONSOLE_SCRIPT = """\
import re
import sys
from porreport.cli.main import entry_point
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit(entry_point())
"""
# A child that interrupts itself at a chosen moment: at the Nth import once the command's
# modules start loading, or at the Nth Python call. Then it runs the console script or
# ``python -m porreport`` (sys.argv[1:]: N, "imports" or "calls", "script" or "module", ...).
SELF_INTERRUPTING = """\
import os, runpy, signal, sys
N, way, entry = int(sys.argv[1]), sys.argv[2], sys.argv[3]
del sys.argv[1:4]
count = 0
def interrupt():
    os.kill(os.getpid(), signal.SIGINT)
if way == "imports":
    class Trip:
        counting = False
        def find_spec(self, name, path=None, target=None):
            global count
            Trip.counting = Trip.counting or name == "porreport.cli.main"
            count += Trip.counting
            if count == N:
                sys.meta_path.remove(self)
                interrupt()
            return None
    sys.meta_path.insert(0, Trip())
else:
    def profile(frame, event, arg):
        global count
        count += event == "call"
        if count == N:
            sys.setprofile(None)
            interrupt()
    sys.setprofile(profile)
if entry == "script":
    from porreport.cli.main import entry_point
    sys.exit(entry_point())
runpy.run_module("porreport", run_name="__main__", alter_sys=True)
"""


# --- children, signals and what they leave ---------------------------------------------------


class Interrupted:
    """A CLI child in a process group of its own, to be signalled while it runs."""

    def __init__(
        self,
        argv: Sequence[str],
        cwd: Path,
        env: Mapping[str, str] | None = None,
        extra: Callable[[], None] | None = None,
    ) -> None:
        self.args = tuple(argv)
        child_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        # the porreport under test, whatever the child's folder (PYTHONPATH may be relative)
        child_env["PYTHONPATH"] = os.pathsep.join(
            p for p in (SOURCES, os.environ.get("PYTHONPATH", "")) if p
        )
        child_env.pop("PORREPORT_DEBUG", None)
        for name in [k for k, v in child_env.items() if v == ""]:
            del child_env[name]  # "" in ``env``: unset

        def limits() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (AS_LIMIT_MB << 20, AS_LIMIT_MB << 20))
            resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT_S, CPU_LIMIT_S))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            if extra is not None:
                extra()

        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, *argv],
            cwd=cwd,
            env=child_env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            preexec_fn=limits,
        )
        self.streams: dict[str, bytes] = {}
        self.readers = [
            threading.Thread(target=_drain, args=(self.proc.stdout, self.streams, "out")),
            threading.Thread(target=_drain, args=(self.proc.stderr, self.streams, "err")),
        ]
        for reader in self.readers:
            reader.start()

    def signal(self, signum: int, *, group: bool) -> None:
        """Send ``signum`` to the child's process group (a terminal's Ctrl-C) or to it alone."""
        with contextlib.suppress(ProcessLookupError):  # already gone: nothing to interrupt
            if group:
                os.killpg(self.proc.pid, signum)
            else:
                os.kill(self.proc.pid, signum)

    def has_children(self) -> bool:
        """Whether the child has started processes of its own (a renderer, a pool)."""
        try:
            tasks = Path(f"/proc/{self.proc.pid}/task").iterdir()
            return any(Path(t, "children").read_text().split() for t in tasks)
        except OSError:
            return False

    def finish(self, timeout: float = 120.0) -> Run:
        """Wait for the child (and the rest of its group) and return what it left."""
        timer = threading.Timer(timeout, self.proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(self.proc.pid, 0)
        finally:
            timer.cancel()
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        for reader in self.readers:  # closed once every process of the group is gone
            reader.join(LINGER_S)
        if any(reader.is_alive() for reader in self.readers):
            left = subprocess.run(
                ["ps", "-s", str(self.proc.pid), "-o", "pid,ppid,stat,etime,args"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            raise AssertionError(
                f"processes of porreport left running {LINGER_S} s after it:\n{left}"
            )
        return Run(
            self.args,
            self.proc.returncode,
            self.streams.get("out", b"").decode("utf-8", "replace"),
            self.streams.get("err", b"").decode("utf-8", "replace"),
            # memory not measured: a child forked from pytest counts pytest's own (Linux keeps
            # the larger peak across exec); these runs are about signals, codes and streams
            0.0,
            time.perf_counter() - self.started,
            usage.ru_utime + usage.ru_stime,
        )


def _drain(stream: IO[bytes] | None, into: dict[str, bytes], name: str) -> None:
    assert stream is not None
    into[name] = stream.read()
    stream.close()


def cli(*args: str, entry: str = "module", script: Path | None = None) -> list[str]:
    """The child's argv after the interpreter: ``-m porreport`` or the console script."""
    if entry == "module":
        return ["-m", "porreport", *args]
    assert script is not None
    return [str(script), *args]


def interrupted_at(
    argv: Sequence[str],
    cwd: Path,
    delay: float,
    signum: int = signal.SIGINT,
    *,
    group: bool = True,
    env: Mapping[str, str] | None = None,
) -> Run:
    """Start the CLI, send ``signum`` after ``delay`` seconds, wait for the end."""
    child = Interrupted(argv, cwd, env)
    time.sleep(delay)
    child.signal(signum, group=group)
    return child.finish()


def interrupted_while_rendering(
    argv: Sequence[str], cwd: Path, signum: int, *, group: bool, after: float = 0.15
) -> Run:
    """Start the CLI and send ``signum`` once it has started a process of its own (a build
    forks its renderer before it reads the report), ``after`` seconds later."""
    child = Interrupted(argv, cwd)
    deadline = time.monotonic() + 30
    while not child.has_children() and child.proc.poll() is None:
        assert time.monotonic() < deadline, "the child never started a process of its own"
        time.sleep(0.005)
    time.sleep(after)
    child.signal(signum, group=group)
    return child.finish()


def before_the_guard(run: Run, signum: int) -> bool:
    """Whether the signal reached the child before porreport's Ctrl-C guard was in place
    (docs/limits.md, "Signals"): in Python's own start-up (killed by the signal with nothing
    said, as before Python sets its handler and, for SIGTERM, before ``entry_point``; or
    Python failing to start: its site module, runpy), or while the three modules that set
    the guard load (a traceback whose innermost porreport line imports them). Nothing
    porreport runs after that prints any of these."""
    if run.code == -signum and run.stderr == "":
        return True
    if signum != signal.SIGINT or run.code not in (1, -signum):
        return False
    if run.stderr.startswith(("Fatal Python error: init_", "Could not import runpy module")):
        return "porreport" not in run.stderr
    if not run.stderr.endswith("\nKeyboardInterrupt\n"):
        return False
    ours = [code for name, code in FRAME.findall(run.stderr) if name.startswith(SOURCES)]
    return not ours or ours[-1] in GUARD_IMPORTS


def temporaries(folder: Path) -> list[str]:
    """The temporary files ``porreport.output`` leaves when it is killed outright."""
    return sorted(p.name for p in folder.glob(".*.part"))


def with_old_outputs(folder: Path, stem: str = STEM) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for fmt, data in OLD.items():
        (folder / f"{stem}.{fmt}").write_bytes(data)
    return folder


def outputs_of(folder: Path, stem: str = STEM) -> dict[str, bytes]:
    return {fmt: (folder / f"{stem}.{fmt}").read_bytes() for fmt in OLD}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The bundled example's deck and PDF, built once without interruption."""
    folder = tmp_path_factory.mktemp("reference")
    assert main(["build", "-o", str(folder)], io.StringIO(), io.StringIO()) == 0
    return outputs_of(folder)


@pytest.fixture(scope="module")
def console_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    script = tmp_path_factory.mktemp("bin") / "porreport"
    script.write_text(CONSOLE_SCRIPT, encoding="utf-8")
    return script


def assert_whole_set(folder: Path, reference: Mapping[str, bytes]) -> None:
    """The deck and the PDF are both the previous ones or both the new ones; no temporary."""
    found = outputs_of(folder)
    assert found in (OLD, dict(reference)), {k: v[:20] for k, v in found.items()}
    assert temporaries(folder) == []


def assert_interrupted(run: Run, signum: int, *messages: str) -> None:
    """porreport's own end on a signal: exit 128 + signum, one of ``messages`` last."""
    assert_behaves(run, code=128 + signum)
    assert run.stderr.splitlines()[-1] in messages, run.describe()


# --- Ctrl-C and SIGTERM: build ----------------------------------------------------------------

DELAYS = (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5)


@pytest.mark.parametrize("entry", ["script", "module"])
def test_ctrl_c_at_any_moment_of_a_build(
    entry: str, tmp_path: Path, reference: dict[str, bytes], console_script: Path
) -> None:
    """Ctrl-C (SIGINT to the process group) from the first instant to the end of a build."""
    seen = []
    for delay in DELAYS:
        out = with_old_outputs(tmp_path / f"out-{delay}")
        run = interrupted_at(
            cli("build", "-o", str(out), entry=entry, script=console_script), tmp_path, delay
        )
        assert_whole_set(out, reference)
        if run.code == 0:  # the build was over when the signal came
            assert outputs_of(out) == reference
            seen.append("finito")
        elif before_the_guard(run, signal.SIGINT):
            assert outputs_of(out) == OLD
            seen.append("prima della guardia")
        else:
            assert_interrupted(run, signal.SIGINT, interrupt.INTERRUPTED)
            assert outputs_of(out) == OLD
            seen.append("interrotto")
    assert "interrotto" in seen, seen


@pytest.mark.parametrize("group", [True, False], ids=["ctrl-c", "kill"])
def test_ctrl_c_while_a_build_renders(
    group: bool, tmp_path: Path, reference: dict[str, bytes]
) -> None:
    out = with_old_outputs(tmp_path / "out")
    run = interrupted_while_rendering(
        cli("build", "-o", str(out)), tmp_path, signal.SIGINT, group=group
    )
    assert_interrupted(run, signal.SIGINT, interrupt.INTERRUPTED)
    assert outputs_of(out) == OLD
    assert temporaries(out) == []


def test_sigterm_stops_a_build_like_ctrl_c(tmp_path: Path, reference: dict[str, bytes]) -> None:
    """A scheduler's SIGTERM (to the pid): "Interrotto.", exit 143, nothing half written;
    before the command line has started, the process just ends, killed by the signal."""
    for delay in (0.0, 0.1, 0.3):
        out = with_old_outputs(tmp_path / f"out-{delay}")
        run = interrupted_at(
            cli("build", "-o", str(out)), tmp_path, delay, signal.SIGTERM, group=False
        )
        assert_whole_set(out, reference)
        if run.code != 0 and not before_the_guard(run, signal.SIGTERM):
            assert_interrupted(run, signal.SIGTERM, interrupt.INTERRUPTED)
    out = with_old_outputs(tmp_path / "rendering")
    run = interrupted_while_rendering(
        cli("build", "-o", str(out)), tmp_path, signal.SIGTERM, group=False
    )
    assert_interrupted(run, signal.SIGTERM, interrupt.INTERRUPTED)
    assert outputs_of(out) == OLD
    assert temporaries(out) == []


@pytest.mark.parametrize(
    ("way", "moments"),
    [("imports", (1, 2, 4, 8, 16, 32, 64, 128, 256)), ("calls", (2_000, 30_000, 150_000))],
)
@pytest.mark.parametrize("entry", ["script", "module"])
def test_ctrl_c_inside_any_import(
    entry: str, way: str, moments: tuple[int, ...], tmp_path: Path
) -> None:
    """Ctrl-C at the Nth module the command loads (from ``porreport.cli.main`` on: the
    command's own modules, argparse, babel, pydantic, the renderers...) or at its Nth Python
    call: always "Interrotto." and 130, never a traceback or an "errore interno" (Python 3.11
    wraps a KeyboardInterrupt raised while a class is created in a RuntimeError)."""
    program = tmp_path / "self_interrupting.py"
    program.write_text(SELF_INTERRUPTING, encoding="utf-8")
    for moment in moments:
        out = with_old_outputs(tmp_path / f"out-{moment}")
        child = Interrupted(
            [str(program), str(moment), way, entry, "build", "-o", str(out)], tmp_path
        )
        run = child.finish()
        assert_interrupted(run, signal.SIGINT, interrupt.INTERRUPTED)
        assert outputs_of(out) == OLD
        assert temporaries(out) == []


def test_an_interruption_wrapped_by_python_is_still_an_interruption(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cli_main = importlib.import_module("porreport.cli.main")  # ``porreport.cli.main`` is main

    def wrapped(*args: object) -> int:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:  # what type.__new__ does with __set_name__'s errors
            raise RuntimeError("Error calling __set_name__ on 'Field' instance") from exc

    monkeypatch.setattr(cli_main, "_cmd_schema", wrapped)
    err = io.StringIO()
    assert main(["schema"], io.StringIO(), err) == 130
    assert err.getvalue() == "Interrotto.\n"

    def terminated(*args: object) -> int:
        raise interrupt.Terminated

    monkeypatch.setattr(cli_main, "_cmd_schema", terminated)
    err = io.StringIO()
    assert main(["schema"], io.StringIO(), err) == 143
    assert err.getvalue() == "Interrotto.\n"


def test_the_start_up_guard_leaves_other_programs_tracebacks_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A program that imports ``porreport.cli`` keeps its own traceback for a Ctrl-C in its
    own code: the guard acts only when the command line's code was running."""
    told: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, tb: told.append(kind))
    interrupt.guard_start_up()
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt as exc:
        sys.excepthook(KeyboardInterrupt, exc, exc.__traceback__)
    assert told == [KeyboardInterrupt]


# --- Ctrl-C and SIGTERM: batch ----------------------------------------------------------------


@pytest.fixture
def batch_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "rapporti"
    folder.mkdir()
    for name in BATCH_REPORTS:
        shutil.copy(EXAMPLES / f"{name}.yaml", folder / f"{name}.yaml")
    return folder


def assert_batch_left_whole_sets(out: Path) -> None:
    """Each report's outputs are the previous ones, or the ones the summary records; no
    temporary file."""
    assert temporaries(out) == []
    summary_file = out / "porreport-batch.json"
    recorded = {}
    if summary_file.exists():
        summary = json.loads(summary_file.read_text(encoding="utf-8"))
        recorded = {r["name"]: r for r in summary["reports"] if r["status"] == "ok"}
    for name in BATCH_REPORTS:
        found = outputs_of(out, name)
        if name not in recorded:
            assert found == OLD, name
            continue
        import hashlib

        digests = {o["format"]: o["sha256"] for o in recorded[name]["outputs"]}
        assert {k: hashlib.sha256(v).hexdigest() for k, v in found.items()} == digests, name


BATCH_END = (interrupt.INTERRUPTED, "Interrotto dal segnale SIGINT.")


def test_ctrl_c_at_any_moment_of_a_batch(tmp_path: Path, batch_folder: Path) -> None:
    """Ctrl-C to the whole process group (the batch, its workers' server, its workers)."""
    seen = []
    for delay in (0.0, 0.05, 0.15, 0.3, 0.8, 2.0):
        out = tmp_path / f"out-{delay}"
        for name in BATCH_REPORTS:
            with_old_outputs(out, name)
        argv = cli("batch", str(batch_folder), "-o", str(out), "-j", "2", "--force")
        run = interrupted_at(argv, tmp_path, delay)
        assert_batch_left_whole_sets(out)
        if before_the_guard(run, signal.SIGINT):
            seen.append("prima della guardia")
            continue
        if run.code == 0:  # a fast machine finished the three reports before the signal
            assert_behaves(run, code=0)
            assert "costruiti 3" in run.stderr, run.describe()
            continue
        assert_interrupted(run, signal.SIGINT, *BATCH_END)
        seen.append(run.stderr.splitlines()[-1])
    # and once the batch has started its workers' server, whatever the machine's speed
    out = tmp_path / "out-server"
    argv = cli("batch", str(batch_folder), "-o", str(out), "-j", "2", "--force")
    run = interrupted_while_rendering(argv, tmp_path, signal.SIGINT, group=True, after=0.3)
    assert_interrupted(run, signal.SIGINT, *BATCH_END)
    seen.append(run.stderr.splitlines()[-1])
    assert "Interrotto dal segnale SIGINT." in seen, seen


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_batch_stopped_while_its_workers_build(
    signum: int, tmp_path: Path, batch_folder: Path
) -> None:
    """SIGINT or SIGTERM to the batch alone (``kill``, a scheduler) while reports build."""
    out = tmp_path / "out"
    for name in BATCH_REPORTS:
        with_old_outputs(out, name)
    argv = cli("batch", str(batch_folder), "-o", str(out), "-j", "2", "--force")
    run = interrupted_while_rendering(argv, tmp_path, signum, group=False, after=1.0)
    name = signal.Signals(signum).name
    assert_interrupted(run, signum, f"Interrotto dal segnale {name}.")
    assert_batch_left_whole_sets(out)


# --- caches: a read-only or missing home ------------------------------------------------------


def _without_dac_override() -> None:
    """In the child: root's bypass of file permissions goes (bounding set, before exec)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _can_drop_dac_override() -> bool:
    if os.geteuid() != 0:
        return True  # permissions already apply
    result = subprocess.run(
        ["true"], preexec_fn=_without_dac_override, capture_output=True, check=False
    )
    return result.returncode == 0


READ_ONLY = pytest.mark.skipif(
    sys.platform != "linux" or not _can_drop_dac_override(),
    reason="needs Linux, and either not root or the right to drop root's capabilities",
)


def home_env(home: Path, tmp: Path) -> dict[str, str]:
    """A home of the test's choice, no cache settings of the caller's, temporary files in
    ``tmp`` (where the per-user cache folder goes)."""
    tmp.mkdir(exist_ok=True)
    return {
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "MPLCONFIGDIR": "",
        "XDG_CACHE_HOME": "",
        "XDG_CONFIG_HOME": "",
        "PORREPORT_CACHE_DIR": "",
    }


def cache_warnings(stderr: str) -> list[str]:
    """Lines about caches or configuration folders (matplotlib's, fontconfig's)."""
    words = ("matplotlib", "fontconfig", "cache", "writable", "scrivibile")
    return [line for line in stderr.splitlines() if any(w in line.lower() for w in words)]


def per_user_cache(tmp: Path) -> Path:
    return tmp / f"porreport-cache-{os.getuid()}"


@pytest.fixture(scope="module")
def shared_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """TMPDIR of the runs without a usable home: matplotlib's font list is built once."""
    return tmp_path_factory.mktemp("tmp")


@READ_ONLY
def test_a_read_only_home_is_left_alone(tmp_path: Path, shared_tmp: Path) -> None:
    home = tmp_path / "casa"
    home.mkdir()
    home.chmod(0o555)
    tmp = shared_tmp
    out = tmp_path / "out"
    child = Interrupted(
        cli("build", "-o", str(out)), tmp_path, home_env(home, tmp), _without_dac_override
    )
    run = child.finish()
    assert_behaves(run, code=0)
    assert [line for line in run.stderr.splitlines() if not line.startswith("Avviso: ")] == []
    assert list(home.iterdir()) == []
    assert list(per_user_cache(tmp).glob("matplotlib/fontlist-*.json"))
    assert not list(tmp.glob("matplotlib-*"))  # matplotlib's own throw-away folders
    assert outputs_of(out).keys() == OLD.keys()


def test_a_missing_home_is_not_created(
    tmp_path: Path, shared_tmp: Path, batch_folder: Path
) -> None:
    """A scheduled batch whose user has no home: its workers keep caches elsewhere too."""
    home = tmp_path / "nessuna" / "casa"
    tmp = shared_tmp
    (batch_folder / f"{BATCH_REPORTS[1]}.yaml").unlink()
    (batch_folder / f"{BATCH_REPORTS[2]}.yaml").unlink()
    out = tmp_path / "out"
    child = Interrupted(
        cli("batch", str(batch_folder), "-o", str(out)), tmp_path, home_env(home, tmp)
    )
    run = child.finish()
    assert_behaves(run, code=0)
    assert not (tmp_path / "nessuna").exists()
    assert cache_warnings(run.stderr) == [], run.describe()
    assert list(per_user_cache(tmp).glob("matplotlib/fontlist-*.json"))


def test_cache_folder_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PORREPORT_CACHE_DIR, else $XDG_CACHE_HOME/porreport, else ~/.cache/porreport; the
    home's is never created, a user's MPLCONFIGDIR is kept."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    home = tmp_path / "casa"
    home.mkdir()

    env = {"HOME": str(home), "PORREPORT_CACHE_DIR": str(tmp_path / "mia" / "cache")}
    assert caches.configure(env) is None
    assert env["MPLCONFIGDIR"] == str(tmp_path / "mia" / "cache" / "matplotlib")
    assert env["XDG_CACHE_HOME"] == str(tmp_path / "mia" / "cache")  # fontconfig's too

    env = {"HOME": str(home), "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    caches.configure(env)
    assert env["MPLCONFIGDIR"] == str(tmp_path / "xdg" / "porreport" / "matplotlib")

    env = {"HOME": str(home)}
    caches.configure(env)
    assert env == {"HOME": str(home), "MPLCONFIGDIR": str(home / ".cache/porreport/matplotlib")}

    env = {"HOME": str(home), "MPLCONFIGDIR": "/scelta/dell/utente"}
    caches.configure(env)
    assert env == {"HOME": str(home), "MPLCONFIGDIR": "/scelta/dell/utente"}

    for unusable in (tmp_path / "manca" / "casa", tmp_path / "un_file"):
        (tmp_path / "un_file").write_text("x")
        env = {"HOME": str(unusable), "XDG_CACHE_HOME": "relativa/non/valida"}
        assert caches.configure(env) is None
        assert env["MPLCONFIGDIR"] == str(per_user_cache(tmp_path / "tmp") / "matplotlib")
        assert not (tmp_path / "manca").exists()


def test_a_per_user_folder_someone_else_can_write_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    shared = per_user_cache(tmp_path)
    shared.mkdir()
    shared.chmod(0o777)
    env = {"HOME": str(tmp_path / "manca")}
    made = caches.configure(env)
    assert made is not None and made != shared and made.parent == tmp_path
    assert env["MPLCONFIGDIR"] == str(made / "matplotlib")
    caches.remove(made)
    assert not made.exists()


# --- outputs: both or neither -----------------------------------------------------------------


@contextlib.contextmanager
def failing(monkeypatch: pytest.MonkeyPatch, name: str, nth: int, error: int) -> Iterator[None]:
    """``os.<name>`` fails with ``error`` at its ``nth`` call (counting from 1)."""
    real = getattr(os, name)
    calls = []

    def fake(*args: object, **kwargs: object) -> object:
        calls.append(args)
        if len(calls) == nth:
            raise OSError(error, os.strerror(error))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, fake)
    yield
    monkeypatch.setattr(os, name, real)


def test_disk_full_on_the_second_file_writes_neither(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck, pdf = with_old_outputs(tmp_path) / f"{STEM}.pptx", tmp_path / f"{STEM}.pdf"
    with failing(monkeypatch, "fsync", 2, errno.ENOSPC), pytest.raises(OSError) as raised:
        output.write_together({deck: b"nuovo deck", pdf: b"nuovo pdf"})
    assert raised.value.errno == errno.ENOSPC
    assert raised.value.filename == str(pdf)
    assert output.failure(raised.value) == f"impossibile scrivere {pdf}: spazio su disco esaurito"
    assert outputs_of(tmp_path) == OLD
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize("existed", [True, False], ids=["replaced", "new"])
def test_a_failed_second_rename_puts_the_first_file_back(
    existed: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if existed:
        with_old_outputs(tmp_path)
    deck, pdf = tmp_path / f"{STEM}.pptx", tmp_path / f"{STEM}.pdf"
    with failing(monkeypatch, "replace", 2, errno.EACCES), pytest.raises(OSError) as raised:
        output.write_together({deck: b"nuovo deck", pdf: b"nuovo pdf"})
    assert raised.value.filename == str(pdf)
    if existed:
        assert outputs_of(tmp_path) == OLD
    else:
        assert not deck.exists() and not pdf.exists()
    assert temporaries(tmp_path) == []


def test_a_signal_during_the_renames_waits_for_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C between the two renames: both files are replaced, then it is raised."""
    deck, pdf = with_old_outputs(tmp_path) / f"{STEM}.pptx", tmp_path / f"{STEM}.pdf"
    real = os.replace

    def replace_then_interrupt(src: str, dst: str) -> None:
        real(src, dst)
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(os, "replace", replace_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        output.write_together({deck: b"nuovo deck", pdf: b"nuovo pdf"})
    monkeypatch.setattr(os, "replace", real)
    assert outputs_of(tmp_path) == {"pptx": b"nuovo deck", "pdf": b"nuovo pdf"}
    assert temporaries(tmp_path) == []


def test_a_batch_report_whose_second_write_fails_keeps_both_previous_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from porreport import api
    from porreport.batch import Task, build_one

    monkeypatch.setattr(api, "render", lambda document, fmt, template=None: f"{fmt}\n".encode())
    out = with_old_outputs(tmp_path / "out", "esempio")
    task = Task(str(example_report()), "esempio", str(out), ("pptx", "pdf"), "env")
    with failing(monkeypatch, "fsync", 2, errno.ENOSPC):  # the two formats stage in parallel
        result = build_one(task)
    assert result["status"] == "failed"
    assert result["outputs"] == []
    assert result["error"] in {
        f"impossibile scrivere {out / name}: spazio su disco esaurito"
        for name in ("esempio.pptx", "esempio.pdf")
    }
    assert outputs_of(out, "esempio") == OLD
    assert temporaries(out) == []


def test_an_output_that_is_a_folder_writes_neither(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{STEM}.pptx").write_bytes(OLD["pptx"])
    (out / f"{STEM}.pdf").mkdir()
    run = Interrupted(cli("build", "-o", str(out)), tmp_path).finish()
    assert_behaves(run, code=2)
    assert run.stderr.splitlines()[-1] == (
        f"Errore: impossibile leggere o scrivere ({out / STEM}.pdf): è una cartella, atteso un file"
    )
    assert (out / f"{STEM}.pptx").read_bytes() == OLD["pptx"]
    assert temporaries(out) == []


def test_a_file_size_limit_writes_neither(tmp_path: Path) -> None:
    """A real write error: the deck (250 KB) is over RLIMIT_FSIZE, the PDF (150 KB) is not;
    Python ignores SIGXFSZ, so the write fails with EFBIG. The PDF comes first: it used to
    be written, beside the previous deck."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    out = with_old_outputs(tmp_path / "out")
    argv = cli("build", "-o", str(out), "--format", "pdf,pptx")
    run = Interrupted(argv, tmp_path, None, limit).finish()
    assert_behaves(run, code=1)  # the machine's trouble, not the input's
    assert run.stderr.splitlines()[-1] == (
        f"Errore: impossibile leggere o scrivere ({out / STEM}.pptx): file troppo grande per il "
        "file system o per il limite del processo (ulimit -f)"
    )
    assert outputs_of(out) == OLD
    assert temporaries(out) == []


@READ_ONLY
def test_an_output_folder_without_permission_writes_neither(tmp_path: Path) -> None:
    out = with_old_outputs(tmp_path / "out")
    out.chmod(0o555)
    run = Interrupted(cli("build", "-o", str(out)), tmp_path, None, _without_dac_override)
    result = run.finish()
    assert_behaves(result, code=2)
    assert result.stderr.splitlines()[-1] == (
        f"Errore: impossibile leggere o scrivere ({out / STEM}.pptx): permesso negato"
    )
    assert outputs_of(out) == OLD


def _tmpfs_possible() -> bool:
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _tmpfs_possible(), reason="needs root and mount namespaces (unshare -m)")
def test_a_full_disk_writes_neither(tmp_path: Path) -> None:
    """A 300 KB tmpfs, mounted in a mount namespace of the child's own: the deck fits, the
    PDF then does not (ENOSPC)."""
    out = tmp_path / "out"
    out.mkdir()
    shell = (
        f'mount -t tmpfs -o size=300k tmpfs "{out}" && cd "{out}" && '
        f"printf 'vecchio deck\\n' > {STEM}.pptx && printf 'vecchio pdf\\n' > {STEM}.pdf && "
        f'{sys.executable} -m porreport build -o "{out}"; code=$?; '
        f"ls -A; cat {STEM}.pptx {STEM}.pdf; exit $code"
    )
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", shell],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": SOURCES},
        timeout=120,
    )
    assert result.returncode == 1, result.stderr  # the machine's trouble, not the input's
    assert result.stderr.splitlines()[-1] == (
        f"Errore: impossibile leggere o scrivere ({out / STEM}.pdf): spazio su disco esaurito"
    )
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        f"{STEM}.pdf",
        f"{STEM}.pptx",
        "vecchio deck",
        "vecchio pdf",
    ]


def test_a_batch_report_with_a_folder_in_the_way_keeps_its_deck(
    tmp_path: Path, batch_folder: Path
) -> None:
    (batch_folder / f"{BATCH_REPORTS[2]}.yaml").unlink()
    out = tmp_path / "out"
    blocked, fine = BATCH_REPORTS[0], BATCH_REPORTS[1]
    with_old_outputs(out, blocked)
    (out / f"{blocked}.pdf").unlink()
    (out / f"{blocked}.pdf").mkdir()
    run = Interrupted(cli("batch", str(batch_folder), "-o", str(out), "-j", "2"), tmp_path).finish()
    assert_behaves(run, code=1)
    summary = json.loads((out / "porreport-batch.json").read_text(encoding="utf-8"))
    reports = {r["name"]: r for r in summary["reports"]}
    assert reports[blocked]["status"] == "failed"
    assert reports[blocked]["error"] == (
        f"impossibile scrivere {out / blocked}.pdf: è una cartella, atteso un file"
    )
    assert (out / f"{blocked}.pptx").read_bytes() == OLD["pptx"]
    assert reports[fine]["status"] == "ok"
    assert temporaries(out) == []


# --- Ctrl-C and SIGTERM swallowed on their way ------------------------------------------------


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interruption_swallowed_by_c_code_still_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int, code: int
) -> None:
    """The signal lands in C code that turns the exception into another it catches (as
    ElementTree's import of its accelerator does): the handler's record stops the build
    before any output is replaced."""
    api = importlib.import_module("porreport.api")
    monkeypatch.setattr(output, "_received", [])
    make_document = api.document_of

    def swallowing(loaded: object) -> object:
        # what ``from _elementtree import *`` does to it
        with contextlib.suppress(KeyboardInterrupt):
            interrupt.on_signal(signum, None)
        return make_document(loaded)

    monkeypatch.setattr(api, "document_of", swallowing)
    out = with_old_outputs(tmp_path / "out")
    stdout, err = io.StringIO(), io.StringIO()
    assert main(["build", "-o", str(out)], stdout, err) == code
    assert err.getvalue() == "Interrotto.\n"
    assert stdout.getvalue() == ""
    assert outputs_of(out) == OLD
    assert temporaries(out) == []


def test_an_interruption_swallowed_after_the_outputs_still_ends_the_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A command that returns after a swallowed Ctrl-C does not exit 0."""
    cli_main = importlib.import_module("porreport.cli.main")
    monkeypatch.setattr(output, "_received", [])

    def swallowing(*args: object) -> int:
        with contextlib.suppress(KeyboardInterrupt):
            interrupt.on_signal(signal.SIGINT, None)
        return 0

    monkeypatch.setattr(cli_main, "_cmd_schema", swallowing)
    err = io.StringIO()
    assert main(["schema"], io.StringIO(), err) == 130
    assert err.getvalue() == "Interrotto.\n"


def test_signals_held_leaves_a_handler_set_outside_python_in_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A SIGTERM handler set from C (``signal.getsignal`` gives None; here a Python function
    that the signal module is made to report as unknown) is neither replaced nor lost: a
    SIGTERM during and after the block reaches it, SIGINT is held and put back as it was."""
    reached: list[int] = []

    def from_c(signum: int, frame: object) -> None:
        reached.append(signum)

    real_signal, real_getsignal = signal.signal, signal.getsignal

    def reported(handler: object) -> object:
        return None if handler is from_c else handler

    monkeypatch.setattr(signal, "getsignal", lambda s: reported(real_getsignal(s)))
    monkeypatch.setattr(signal, "signal", lambda s, h: reported(real_signal(s, h)))
    before_int = real_getsignal(signal.SIGINT)
    before_term = real_signal(signal.SIGTERM, from_c)
    try:
        with output.signals_held():
            assert real_getsignal(signal.SIGTERM) is from_c
            assert real_getsignal(signal.SIGINT) is not before_int
            signal.raise_signal(signal.SIGTERM)
            assert reached == [signal.SIGTERM]
        assert real_getsignal(signal.SIGTERM) is from_c
        assert real_getsignal(signal.SIGINT) is before_int
        signal.raise_signal(signal.SIGTERM)
        assert reached == [signal.SIGTERM, signal.SIGTERM]
    finally:
        real_signal(signal.SIGTERM, before_term)
