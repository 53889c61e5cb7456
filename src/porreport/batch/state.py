"""What earlier batches left in an output folder (``.porreport-state.json``): for each
report and format, the fingerprint it was built from and the sha256 of the file written.
A report whose fingerprint and outputs still match is skipped."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from porreport.batch.task import SKIPPED, Result, Task

STATE_NAME = ".porreport-state.json"
STATE_VERSION = 1


def read_state(out_dir: Path) -> dict[str, Any]:
    """The recorded outputs of earlier runs (empty when missing or unreadable)."""
    try:
        data = json.loads((out_dir / STATE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        return {}
    reports = data.get("reports")
    return reports if isinstance(reports, dict) else {}


def updated_state(
    state: dict[str, Any], tasks: Sequence[Task], results: dict[int, Result]
) -> dict[str, Any]:
    """Record what is now on disk; a failed report keeps its previous (untouched) entry."""
    state = {k: dict(v) for k, v in state.items() if isinstance(v, dict)}
    for index, task in enumerate(tasks):
        result = results.get(index)
        if not result or not result["outputs"] or result["status"] == SKIPPED:
            continue
        entry = state.setdefault(task.stem, {})
        for out in result["outputs"]:
            entry[out["format"]] = {
                "fingerprint": result["fingerprint"],
                "sha256": out["sha256"],
                "bytes": out["bytes"],
                "source": task.source,
            }
    return {"version": STATE_VERSION, "reports": dict(sorted(state.items()))}
