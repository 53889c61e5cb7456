"""Build one report inside a worker process: load, fingerprint, skip when unchanged, render
every format in memory, then write the report's outputs as one set: all replaced or none
(identical bytes are not rewritten). A logo that changed while the renderers read it leaves
the report to be rebuilt by the next run; a system error (disk full) fails the report with an
Italian message that names the file."""

from __future__ import annotations

import concurrent.futures as cf
import gc
import hashlib
import signal
import time
from functools import cache
from pathlib import Path
from typing import Any

from porreport import api, collector
from porreport.batch.fingerprint import (
    Identity,
    changed_since,
    file_digest,
    file_identity,
    input_fingerprint,
)
from porreport.batch.folder import WRITE_ERRNOS, os_reason, output_name
from porreport.batch.task import FAILED, OK, SKIPPED, Result, Task, output_record
from porreport.errors import PorreportError
from porreport.output import Staged, commit, discard, failure, stage


def build_one(task: Task) -> Result:
    """Build one report in a worker process; never raises for a report's own mistakes.

    Returns a plain dict: status, fingerprint, outputs, warnings, error, duration_s.
    """
    started = time.perf_counter()
    result: Result = {"status": FAILED, "fingerprint": None, "outputs": []}
    result.update(warnings=[], error=None)
    read_later: dict[Path, Identity | None] = {}
    try:
        # the collector paused for the report (``porreport.collector``): a report's
        # hundreds of thousands of objects are walked once, after it, not every 700
        with collector.paused():
            result.update(_build(task, result, read_later))
        _recheck_read_later(result, read_later)
    except PorreportError as exc:
        result["error"] = str(exc)
    except OSError as exc:  # the disk is full, a folder where an output goes...
        result["error"] = _system_error(exc, task, result)
    except Exception as exc:
        result["error"] = f"errore interno: {type(exc).__name__}: {exc}"
    result["duration_s"] = round(time.perf_counter() - started, 3)
    return result


def _fingerprint(loaded: api.LoadedReport, environment: str) -> str:
    """The report's fingerprint: its files (logos included) and the validated report the
    loader made of them, which the document is built from (``fingerprint``)."""
    content = loaded.report.model_dump_json().encode()
    base = loaded.source.resolve().parent
    return input_fingerprint(loaded.inputs, base, environment, content=content)


def _recheck_read_later(result: Result, read_later: dict[Path, Identity | None]) -> None:
    """A built report whose logos changed since the fingerprint read them is recorded
    without a fingerprint: its outputs may show another version, the next run rebuilds it."""
    changed = changed_since(read_later) if result["status"] == OK else []
    if changed:
        result["fingerprint"] = None
        result["warnings"] += [
            f"{path}: il file è cambiato mentre il rapporto veniva costruito; il rapporto sarà "
            "ricostruito alla prossima esecuzione"
            for path in changed
        ]


def _system_error(exc: OSError, task: Task, result: Result) -> str:
    """A system error as the report's error, naming the file: the one the system named (the
    output a temporary file stood for), else the report while it was read, else the outputs
    that were not written."""
    if exc.filename is not None and exc.errno in WRITE_ERRNOS:
        return failure(exc)  # as a write that stage or commit named
    reason = os_reason(exc)
    if exc.filename is not None:
        return f"impossibile leggere o scrivere {output_name(exc.filename)}: {reason}"
    if result["fingerprint"] is None:  # still loading
        return f"impossibile leggere {task.source} o i file che nomina: {reason}"
    written = {out["format"] for out in result["outputs"]}
    out_dir = Path(task.out_dir)
    missing = [str(out_dir / f"{task.stem}.{f}") for f in task.formats if f not in written]
    return f"impossibile scrivere {' o '.join(missing)}: {reason}"


def _build(task: Task, result: Result, read_later: dict[Path, Identity | None]) -> dict[str, Any]:
    loaded = api.load(task.source, strict=task.strict)
    result["warnings"] = [str(w) for w in loaded.warnings]
    read_later.update((logo, file_identity(logo)) for logo in loaded.logos)  # by the renderers
    fingerprint = _fingerprint(loaded, task.environment)
    result["fingerprint"] = fingerprint
    out_dir = Path(task.out_dir)
    unchanged = None if task.force else _unchanged_outputs(task, out_dir, fingerprint)
    if unchanged is not None:
        return {"status": SKIPPED, "outputs": unchanged}
    document = api.document_of(loaded)
    rendered = {fmt: api.render(document, fmt, None) for fmt in task.formats}
    try:
        outputs = _write_outputs(out_dir, task.stem, rendered)
    except OSError as exc:  # the previous files are as they were
        raise PorreportError(failure(exc)) from exc
    return {"status": OK, "outputs": outputs}


def _write_outputs(out_dir: Path, stem: str, rendered: dict[str, bytes]) -> list[dict[str, Any]]:
    """Write a report's outputs as one set, all replaced or none (a failure leaves the
    previous files as they were and raises, naming the file); their records.

    The files are staged side by side, each waiting for the disk (fsync), not the CPU; then
    they are renamed into place together, in this thread.
    """
    digests = {fmt: hashlib.sha256(data).hexdigest() for fmt, data in rendered.items()}
    staging = [
        _writer().submit(_stage, out_dir / f"{stem}.{fmt}", data, digests[fmt])
        for fmt, data in rendered.items()
    ]
    cf.wait(staging)
    failed = [future for future in staging if future.exception() is not None]
    staged = [s for s in (f.result() for f in staging if f not in failed) if s is not None]
    if failed:
        discard(staged)
        failed[0].result()  # raises the first failure, in the formats' order
    commit(staged)
    return [
        output_record(fmt, f"{stem}.{fmt}", digests[fmt], len(data))
        for fmt, data in rendered.items()
    ]


def _stage(path: Path, data: bytes, digest: str) -> Staged | None:
    """Stage one output, unless the file already holds these bytes (None: keep it as it is)."""
    return None if _holds(path, digest, len(data)) else stage(path, data)


@cache
def _writer() -> cf.ThreadPoolExecutor:
    """The threads that stage a worker's outputs (started on first use: the workers' server,
    which forks, must not run threads)."""
    return cf.ThreadPoolExecutor(max_workers=2, thread_name_prefix="porreport-write")


def _holds(path: Path, digest: str, size: int) -> bool:
    """Whether ``path`` is a regular file with exactly these bytes (sha256 and size)."""
    try:
        return path.is_file() and path.stat().st_size == size and file_digest(path)[0] == digest
    except OSError:
        return False


def _unchanged_outputs(task: Task, out_dir: Path, fingerprint: str) -> list[dict[str, Any]] | None:
    """The outputs' records when every one was built from these inputs and is intact."""
    records = []
    for fmt in task.formats:
        previous = task.previous.get(fmt)
        if not previous or previous.get("fingerprint") != fingerprint:
            return None
        path = out_dir / f"{task.stem}.{fmt}"
        try:
            digest, size = file_digest(path)
        except OSError:
            return None
        if digest != previous.get("sha256"):
            return None
        records.append(output_record(fmt, path.name, digest, size))
    return records


def worker_init() -> None:
    """Workers leave Ctrl-C to the parent, which stops them in order, and end on SIGTERM;
    they collect cyclic garbage (a worker lives for many reports), which the server that
    forked them did without while it warmed up (``porreport.batch.warm``)."""
    gc.enable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
