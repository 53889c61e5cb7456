"""The JSON summary a batch leaves in its output folder (``porreport-batch.json``): fixed
key order, UTC times, one entry per report."""

from __future__ import annotations

import datetime as dt
import json
import signal
import time
from collections.abc import Sequence
from typing import Any

from porreport import __version__
from porreport.batch.task import FAILED, OK, SKIPPED, Result, Task

SUMMARY_NAME = "porreport-batch.json"


def summary(
    tasks: Sequence[Task],
    results: dict[int, Result],
    started: float,
    width: int,
    force: bool,
    strict: bool,
    interrupted: int | None,
) -> dict[str, Any]:
    """The summary of a finished (or interrupted) batch; every task has a result."""
    reports = [_report(task, results[index]) for index, task in enumerate(tasks)]
    count = {s: sum(1 for r in reports if r["status"] == s) for s in (OK, SKIPPED, FAILED)}
    finished = time.time()
    return {
        "porreport": __version__,
        "started": _utc(started),
        "finished": _utc(finished),
        "duration_s": round(finished - started, 3),
        "output_dir": tasks[0].out_dir if tasks else "",
        "formats": list(tasks[0].formats) if tasks else [],
        "jobs": width,
        "force": force,
        "strict": strict,
        "interrupted": signal.Signals(interrupted).name if interrupted else None,
        "totals": {"reports": len(reports), **count},
        "reports": reports,
    }


def _report(task: Task, result: Result) -> dict[str, Any]:
    return {
        "source": task.source,
        "name": task.stem,
        "status": result["status"],
        "duration_s": result["duration_s"],
        "fingerprint": result["fingerprint"],
        "outputs": result["outputs"],
        "warnings": result["warnings"],
        "error": result["error"],
    }


def json_bytes(data: Any) -> bytes:
    """``data`` as indented UTF-8 JSON with a final newline (summary and state files).

    A path that is not valid UTF-8 (a file name's bytes, kept by Python as lone surrogates)
    cannot be written as UTF-8 text: then every non-ASCII character is written as a ``\\u``
    escape, which JSON readers turn back into the same string.
    """
    try:
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(data, ensure_ascii=True, indent=2) + "\n").encode("ascii")


def _utc(stamp: float) -> str:
    return dt.datetime.fromtimestamp(stamp, dt.UTC).isoformat(timespec="seconds")
