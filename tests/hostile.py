"""Harness of the hostile catalogue (tests/test_hostile_*.py): run the CLI in a child process
with resource limits and check what a person or a scheduler would see.

Each case generates its input in ``tmp_path`` (no large file is committed). The child runs
with an address-space limit and a CPU-time limit (``resource.setrlimit``), so that a memory or
time bomb fails the test instead of the machine; its peak memory is measured with ``wait4``.
The promises checked on every run are those of issue 17's "done when": no traceback, no
"Errore interno", no message over 64 KB, no raw control character from an input on stderr,
and (for inputs within the documented limits) under 512 MB and 30 s of CPU time.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import porreport

AS_LIMIT_MB = 1536  # a safety net far above the promise, below what hurts the machine
CPU_LIMIT_S = 60
PEAK_MB = 512  # docs/limits.md: any input within the limits stays under this
TIME_S = 30.0  # CPU seconds (user + system) of the child: a loaded machine does not fail it
MAX_MESSAGE_BYTES = 64 * 1024
# C0 controls but tab and newline, DEL and C1 controls: what a terminal may interpret
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Run:
    """What one run of the CLI left: exit code, streams, peak memory and wall time."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    peak_mb: float
    seconds: float
    cpu_seconds: float

    def describe(self) -> str:
        return (
            f"porreport {' '.join(self.args)} -> exit {self.code}, {self.peak_mb:.0f} MB, "
            f"{self.seconds:.1f} s ({self.cpu_seconds:.1f} s CPU)\nstderr: {self.stderr[:2000]!r}"
        )


# The child is started through this trampoline: it sets the limits, forks and execs porreport
# and reaps it with wait4. A process forked straight from pytest would carry pytest's memory
# in its peak (Linux keeps the larger of the peaks across exec); the trampoline is small.
_TRAMPOLINE = """
import json, os, resource, sys
as_mb, cpu_s, report = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
resource.setrlimit(resource.RLIMIT_AS, (as_mb << 20, as_mb << 20))
resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s))
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "porreport", *sys.argv[4:]])
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as fh:
    json.dump([usage.ru_maxrss, usage.ru_utime + usage.ru_stime], fh)
code = os.waitstatus_to_exitcode(status)
os._exit(code if code >= 0 else 128 - code)
"""


def run_cli(
    args: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    stdin: bytes = b"",
    as_mb: int = AS_LIMIT_MB,
    cpu_s: int = CPU_LIMIT_S,
    timeout: float = 120.0,
) -> Run:
    """Run ``python -m porreport ARGS`` in ``cwd`` under limits; never raises on its result.

    A child killed by signal N exits 128 + N, as a shell reports it.
    """
    # the child runs the porreport this test imports, whatever the working folder
    source = str(Path(porreport.__file__).resolve().parent.parent)
    python_path = os.pathsep.join([source, *filter(None, [os.environ.get("PYTHONPATH")])])
    child_env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": python_path, **(env or {})}
    child_env.pop("PORREPORT_DEBUG", None)  # what a user sees, not the developer's traceback
    with tempfile.TemporaryDirectory() as scratch:
        usage_file = Path(scratch) / "usage.json"
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", _TRAMPOLINE, str(as_mb), str(cpu_s), str(usage_file), *args],
            cwd=cwd,
            env=child_env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # a process group of its own: a timeout kills it all
        )
        try:
            out, err = proc.communicate(stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            err += b"\n[timeout]"
        code = proc.returncode
        seconds = time.perf_counter() - start
        peak_kb, cpu = json.loads(usage_file.read_text()) if usage_file.exists() else (0, 0.0)
    return Run(
        tuple(args),
        code,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
        peak_kb / 1024,  # kilobytes on Linux
        seconds,
        cpu,
    )


def control_characters(text: str) -> list[str]:
    """The raw control characters in ``text`` (tab and newline are layout, not controls)."""
    return sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(text)})


def assert_behaves(run: Run, *, code: int | None = None, within_limits: bool = True) -> None:
    """The promises every hostile run keeps, and its exit code when given."""
    assert "Traceback" not in run.stderr, run.describe()
    assert "Errore interno" not in run.stderr, run.describe()
    assert len(run.stderr.encode()) <= MAX_MESSAGE_BYTES, run.describe()
    assert not control_characters(run.stderr), (control_characters(run.stderr), run.describe())
    if within_limits:
        assert run.peak_mb < PEAK_MB, run.describe()
        assert run.cpu_seconds < TIME_S, run.describe()
    if code is not None:
        assert run.code == code, run.describe()


def assert_refused(run: Run, *names: str) -> None:
    """Refused as bad input: exit 2, an Italian message naming each of ``names``."""
    assert_behaves(run, code=2)
    for name in names:
        assert name in run.stderr, (name, run.describe())
