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

import contextlib
import os
import re
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

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


def _limits(as_mb: int, cpu_s: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (as_mb << 20, as_mb << 20))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


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

    The child is reaped with ``wait4`` so that its own peak resident memory is known.
    """
    # the child runs the porreport this test imports, whatever the working folder
    source = str(Path(porreport.__file__).resolve().parent.parent)
    python_path = os.pathsep.join([source, *filter(None, [os.environ.get("PYTHONPATH")])])
    child_env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": python_path, **(env or {})}
    child_env.pop("PORREPORT_DEBUG", None)  # what a user sees, not the developer's traceback
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "porreport", *args],
        cwd=cwd,
        env=child_env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: _limits(as_mb, cpu_s),
    )
    streams: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=_drain, args=(proc.stdout, streams, "out")),
        threading.Thread(target=_drain, args=(proc.stderr, streams, "err")),
    ]
    for reader in readers:
        reader.start()
    assert proc.stdin is not None
    with contextlib.suppress(BrokenPipeError):
        proc.stdin.write(stdin)
    proc.stdin.close()
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    return Run(
        tuple(args),
        proc.returncode,
        streams["out"].decode("utf-8", "replace"),
        streams["err"].decode("utf-8", "replace"),
        usage.ru_maxrss / 1024,  # kilobytes on Linux
        time.perf_counter() - start,
        usage.ru_utime + usage.ru_stime,
    )


def _drain(stream: IO[bytes] | None, into: dict[str, bytes], name: str) -> None:
    assert stream is not None
    into[name] = stream.read()
    stream.close()


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
