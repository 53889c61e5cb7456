"""One report's build as the batch sees it: the task sent to a worker and its result.

A result is a plain dict (it crosses a process boundary): ``status`` (``OK``, ``FAILED``,
``SKIPPED``), ``fingerprint``, ``outputs``, ``warnings``, ``error`` and ``duration_s``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

OK, FAILED, SKIPPED = "ok", "failed", "skipped"
CRASH_MESSAGE = (
    "il processo che costruiva il rapporto è terminato in modo anomalo (memoria esaurita o "
    "segnale esterno): il rapporto non è stato costruito e i file precedenti sono intatti"
)
INTERRUPTED_MESSAGE = (
    "esecuzione interrotta prima che il rapporto fosse costruito: i file precedenti sono intatti"
)

Result = dict[str, Any]


@dataclass(frozen=True)
class Task:
    """Everything a worker process needs to build one report (picklable)."""

    source: str
    stem: str
    out_dir: str
    formats: tuple[str, ...]
    environment: str
    strict: bool = False
    force: bool = False
    previous: dict[str, dict[str, Any]] = field(default_factory=dict)


Worker = Callable[[Task], Result]


def failure(message: str) -> Result:
    """The result of a report that was not built at all (its worker crashed, or never ran)."""
    return {
        "status": FAILED,
        "fingerprint": None,
        "outputs": [],
        "warnings": [],
        "error": message,
        "duration_s": 0.0,
    }


def output_record(fmt: str, name: str, sha256: str, size: int) -> dict[str, Any]:
    """What a result (and the summary) says about one output file."""
    return {"format": fmt, "file": name, "sha256": sha256, "bytes": size}
