"""What earlier batches left in an output folder (``.porreport-state.json``): for each
report and format, the fingerprint it was built from and the sha256 of the file written.
A report whose fingerprint and outputs still match is skipped.

The file is porreport's own record, but it lies in a folder other programs and people
write to: whatever is found there is checked before it is used. A file that is not a state
file of this shape (a list, a field of another type, truncated, binary, larger than
``MAX_STATE_BYTES``, a folder) is ``UnusableState``: the batch ignores it with a warning,
rebuilds every report and writes a good one. Ignoring it is always safe, as a recorded entry
only ever lets a report be skipped whose outputs still have the recorded sha256.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from porreport.batch.folder import os_reason
from porreport.batch.task import SKIPPED, Result, Task
from porreport.errors import PorreportError, shown
from porreport.formatting import count

STATE_NAME = ".porreport-state.json"
STATE_VERSION = 1
# About 600 bytes per report: room for some 25,000 reports, parsed well under 512 MB.
MAX_STATE_BYTES = 16 * 1024 * 1024
ENTRY_FIELDS = ("fingerprint", "sha256", "bytes", "source")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_AT_MOST = f"ammessi al massimo {count(MAX_STATE_BYTES)} byte"


class UnusableState(PorreportError):
    """The state file exists but cannot be used (its message names it and says why)."""


def read_state(out_dir: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """The recorded outputs of earlier runs, by report and format (empty when there is no
    state file). Raises ``UnusableState`` for a file that is not a state file of this shape.
    """
    path = out_dir / STATE_NAME
    raw = _read_bytes(path)
    if raw is None:
        return {}
    data = _parse(raw, path)
    problem = _shape_problem(data)
    if problem:
        raise _unusable(path, problem)
    return data["reports"]


def _unusable(path: Path, reason: str) -> UnusableState:
    return UnusableState(
        f"il file di stato {path} non è utilizzabile ({reason}): viene ignorato, ogni rapporto "
        "è ricostruito e il file è riscritto alla fine"
    )


def _read_bytes(path: Path) -> bytes | None:
    """The bytes of a regular file of at most ``MAX_STATE_BYTES``; None when there is none."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _unusable(path, f"illeggibile: {os_reason(exc)}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_STATE_BYTES:
        os.close(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _unusable(path, "non è un file regolare")
        raise _unusable(path, f"troppo grande: {count(info.st_size)} byte, {_AT_MOST}")
    try:
        with os.fdopen(fd, "rb") as fh:
            raw = fh.read(MAX_STATE_BYTES + 1)
    except OSError as exc:
        raise _unusable(path, f"illeggibile: {os_reason(exc)}") from None
    if len(raw) > MAX_STATE_BYTES:  # grew while being read
        raise _unusable(path, f"troppo grande: {_AT_MOST}")
    return raw


def _parse(raw: bytes, path: Path) -> Any:
    """The JSON value of ``raw``; ``UnusableState`` saying why when there is none."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _unusable(path, "non è un testo JSON in UTF-8") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"riga {exc.lineno}, colonna {exc.colno}"
        raise _unusable(path, f"JSON non valido o troncato alla {where}") from None
    except (ValueError, RecursionError):  # a number of thousands of digits, deep nesting
        raise _unusable(
            path, "JSON con numeri troppo lunghi o annidato troppo in profondità"
        ) from None


def _shape_problem(data: Any) -> str | None:
    """What keeps ``data`` from being a state file, in Italian; None when it is one."""
    if not isinstance(data, dict) or not {"version", "reports"} <= data.keys():
        return "attesa una mappa JSON con le chiavi 'version' e 'reports'"
    if data["version"] != STATE_VERSION or isinstance(data["version"], bool):
        return f"versione {_short(data['version'])} non riconosciuta, attesa {STATE_VERSION}"
    reports = data["reports"]
    if not isinstance(reports, dict):
        return "'reports' deve essere una mappa: rapporto -> formato -> file scritto"
    for stem, formats in reports.items():
        if not _is_text(stem) or not isinstance(formats, dict):
            return f"la voce {_short(stem)} di 'reports' deve essere una mappa di formati"
        for fmt, entry in formats.items():
            problem = _entry_problem(entry)
            if not _is_text(fmt) or problem:
                return (
                    f"reports -> {_short(stem)} -> {_short(fmt)}: {problem or 'formato non valido'}"
                )
    return None


def _entry_problem(entry: Any) -> str | None:
    """What is wrong with one output's record (None when nothing)."""
    if not isinstance(entry, dict) or not set(ENTRY_FIELDS) <= entry.keys():
        return f"attesa una mappa con {', '.join(ENTRY_FIELDS)}"
    fingerprint, sha256, size, source = (entry[k] for k in ENTRY_FIELDS)
    if fingerprint is not None and not (
        isinstance(fingerprint, str) and _SHA256.fullmatch(fingerprint)
    ):
        return "'fingerprint' deve essere un'impronta sha256 (64 cifre esadecimali) o null"
    if not (isinstance(sha256, str) and _SHA256.fullmatch(sha256)):
        return "'sha256' deve essere un'impronta sha256 (64 cifre esadecimali)"
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        return "'bytes' deve essere un numero intero non negativo"
    if not _is_text(source):
        return "'source' deve essere un percorso (testo)"
    return None


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


_KINDS = {dict: "una mappa", list: "una lista"}


def _short(value: Any) -> str:
    """A value for a message: at most 40 characters, no control character."""
    if isinstance(value, dict | list):
        return _KINDS.get(type(value), "una mappa o una lista")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**30:
        return "un numero troppo lungo"
    if isinstance(value, str):
        return repr(shown(value, 40))
    return shown(json.dumps(value, default=repr), 40)


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
