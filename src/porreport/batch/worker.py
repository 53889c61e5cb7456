"""Build one report inside a worker process: load, fingerprint, skip when unchanged, render
every format in memory, then write each output atomically (identical bytes are not
rewritten)."""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import signal
import time
from functools import cache
from pathlib import Path
from typing import Any

from porreport import api
from porreport.batch.fingerprint import file_digest, input_fingerprint
from porreport.batch.task import FAILED, OK, SKIPPED, Result, Task, output_record
from porreport.errors import PorreportError
from porreport.output import write_atomic


def build_one(task: Task) -> Result:
    """Build one report in a worker process; never raises for a report's own mistakes.

    Returns a plain dict: status, fingerprint, outputs, warnings, error, duration_s.
    """
    started = time.perf_counter()
    result: Result = {"status": FAILED, "fingerprint": None, "outputs": []}
    result.update(warnings=[], error=None)
    try:
        result.update(_build(task, result))
    except PorreportError as exc:
        result["error"] = str(exc)
    except Exception as exc:
        result["error"] = f"errore interno: {type(exc).__name__}: {exc}"
    result["duration_s"] = round(time.perf_counter() - started, 3)
    return result


def _build(task: Task, result: Result) -> dict[str, Any]:
    loaded = api.load(task.source, strict=task.strict)
    result["warnings"] = [str(w) for w in loaded.warnings]
    base = Path(task.source).resolve().parent
    fingerprint = input_fingerprint(loaded.inputs, base, task.environment)  # logos included
    result["fingerprint"] = fingerprint
    out_dir = Path(task.out_dir)
    unchanged = None if task.force else _unchanged_outputs(task, out_dir, fingerprint)
    if unchanged is not None:
        return {"status": SKIPPED, "outputs": unchanged}
    document = api.document_of(loaded)
    rendered = {fmt: api.render(document, fmt, None) for fmt in task.formats}
    # the formats are written side by side, each waiting for the disk (fsync), not the CPU;
    # a failed write does not stop the other's
    writes = [
        _writer().submit(_write, fmt, out_dir / f"{task.stem}.{fmt}", data)
        for fmt, data in rendered.items()
    ]
    cf.wait(writes)
    outputs = [write.result() for write in writes if write.exception() is None]
    result["outputs"] = outputs  # what is on disk, should a write have failed
    for write in writes:
        write.result()  # the first failure, in the formats' order
    return {"status": OK, "outputs": outputs}


def _write(fmt: str, path: Path, data: bytes) -> dict[str, Any]:
    """Write one output atomically unless the file already holds these bytes; its record."""
    digest = hashlib.sha256(data).hexdigest()
    if not _holds(path, digest, len(data)):  # identical bytes: keep the file as it is
        write_atomic(path, data)
    return output_record(fmt, path.name, digest, len(data))


@cache
def _writer() -> cf.ThreadPoolExecutor:
    """The threads that write a worker's outputs (started on first use: the workers' server,
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
    """Workers leave Ctrl-C to the parent, which stops them in order, and end on SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
