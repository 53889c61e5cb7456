"""A batch from start to end: tasks from the recorded state, the pool, the progress, then
state and summary written even when interrupted; the exit code.

Exit codes: ``EXIT_OK`` (0) nothing failed; ``EXIT_FAILED`` (1) a report failed, or the
state or the summary could not be written; ``EXIT_USAGE`` (2) bad usage, raised as
``InputError`` before anything is built; ``EXIT_BUSY`` (75, ``EX_TEMPFAIL`` of sysexits.h:
"try again later") another batch holds the output folder, raised as ``FolderBusy`` for the
command line to map; 128 + N when interrupted by signal N.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from porreport import api
from porreport.batch.discover import output_stems
from porreport.batch.fingerprint import environment_fingerprint
from porreport.batch.folder import (
    locked,
    os_reason,
    part_files,
    refuse_folders_at,
    remove_stale_temporaries,
)
from porreport.batch.pool import Interrupted, execute, signals_raise
from porreport.batch.progress import Progress
from porreport.batch.state import STATE_NAME, UnusableState, read_state, updated_state
from porreport.batch.summary import SUMMARY_NAME, json_bytes, summary
from porreport.batch.task import INTERRUPTED_MESSAGE, Result, Task, Worker, failure
from porreport.batch.worker import build_one
from porreport.errors import InputError
from porreport.output import take_signal, write_atomic

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_BUSY = 75  # os.EX_TEMPFAIL, which Windows' os module lacks


@dataclass
class BatchOutcome:
    """What a batch did: its summary (as written) and the exit code."""

    summary: dict[str, Any]
    exit_code: int


def run_batch(
    sources: Sequence[Path],
    out_dir: Path,
    formats: Sequence[str] = api.OUTPUT_FORMATS,
    *,
    jobs: int | None = None,
    force: bool = False,
    strict: bool = False,
    log: TextIO | None = None,
    worker: Worker = build_one,
) -> BatchOutcome:
    """Build ``sources`` into ``out_dir`` in worker processes; write state and summary.

    Raises ``InputError`` for bad usage (duplicated output names, bad formats, a folder where
    the state or summary goes) before building anything, ``FolderBusy`` when another batch
    is writing into ``out_dir``. ``worker`` is the function run in the worker processes (a
    test hook; it must be importable by name).
    """
    log = log if log is not None else sys.stderr
    chosen = api.parse_formats(formats)
    sources = [Path(s) for s in sources]
    stems = output_stems(sources)
    if jobs is not None and jobs < 1:
        raise InputError(f"--jobs deve essere almeno 1, trovato {jobs}")
    width = max(1, min(jobs or os.cpu_count() or 1, len(sources)))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with locked(out_dir):
        return _run_locked(sources, stems, out_dir, chosen, width, force, strict, log, worker)


def _run_locked(
    sources: list[Path],
    stems: list[str],
    out_dir: Path,
    formats: tuple[str, ...],
    width: int,
    force: bool,
    strict: bool,
    log: TextIO,
    worker: Worker,
) -> BatchOutcome:
    started = time.time()
    refuse_folders_at(out_dir, (STATE_NAME, SUMMARY_NAME))
    names = [f"{s}.{f}" for s in stems for f in formats] + [SUMMARY_NAME, STATE_NAME]
    remove_stale_temporaries(out_dir, api.OUTPUT_FORMATS, (SUMMARY_NAME, STATE_NAME))
    temporaries_before = part_files(out_dir, names)
    progress = Progress(len(sources), log)
    state = _recorded_state(out_dir, progress)
    environment = environment_fingerprint()
    tasks = [
        Task(str(src), stem, str(out_dir), formats, environment, strict, force, state.get(stem, {}))
        for src, stem in zip(sources, stems, strict=True)
    ]
    results: dict[int, Result] = {}

    def on_done(index: int, result: Result) -> None:
        results[index] = result
        progress.report(tasks[index].stem, result)

    interrupted: int | None = None
    with signals_raise() as signals:
        try:
            recorded = take_signal()  # the program's, its exception swallowed before this block
            if recorded is not None:
                raise Interrupted(recorded)
            execute(tasks, width, worker, on_done)
        except Interrupted as exc:
            interrupted = exc.signum
        except KeyboardInterrupt:
            interrupted = signal.SIGINT
        finally:
            signals.closing = True
            progress.finish()
            for index in range(len(tasks)):
                results.setdefault(index, failure(INTERRUPTED_MESSAGE))
            for stray in part_files(out_dir, names) - temporaries_before:
                stray.unlink(missing_ok=True)
        written = summary(tasks, results, started, width, force, strict, interrupted)
        unwritten = _write_records(out_dir, updated_state(state, tasks, results), written)
        if interrupted is None and signals.received:
            interrupted = signals.received[0]
    totals = written["totals"]
    where = "" if unwritten else f" Riepilogo: {out_dir / SUMMARY_NAME}"
    progress.note(
        f"Rapporti: {totals['reports']}; costruiti {totals['ok']}, invariati {totals['skipped']}, "
        f"falliti {totals['failed']}.{where}"
    )
    for message in unwritten:
        progress.note(f"Errore: {message}")
    if interrupted is not None:
        progress.note(f"Interrotto dal segnale {signal.Signals(interrupted).name}.")
        return BatchOutcome(written, 128 + int(interrupted))
    return BatchOutcome(written, EXIT_FAILED if totals["failed"] or unwritten else EXIT_OK)


def _recorded_state(out_dir: Path, progress: Progress) -> dict[str, Any]:
    """The state earlier runs left; an unusable one is ignored with a warning (``state``)."""
    try:
        return read_state(out_dir)
    except UnusableState as exc:
        progress.note(f"Avviso: {exc}")
        return {}


def _write_records(out_dir: Path, state: dict[str, Any], written: dict[str, Any]) -> list[str]:
    """Write the state, then the summary; what could not be written, as messages.

    A summary that cannot be written (the disk is full) must not leave the previous run's
    behind, which would tell a scheduler about reports this run did not build: it is removed.
    A state left as it was is safe: it only lets a report be skipped whose outputs still have
    the sha256 it records.
    """
    unwritten = []
    state_path, summary_path = out_dir / STATE_NAME, out_dir / SUMMARY_NAME
    try:
        write_atomic(state_path, json_bytes(state))
    except OSError as exc:
        unwritten.append(
            f"impossibile scrivere il file di stato {state_path}: {os_reason(exc)}; la prossima "
            "esecuzione ricostruirà i rapporti costruiti in questa"
        )
    try:
        write_atomic(summary_path, json_bytes(written))
    except OSError as exc:
        unwritten.append(
            f"impossibile scrivere il riepilogo {summary_path}: {os_reason(exc)}; "
            + _remove_previous(summary_path)
        )
    return unwritten


def _remove_previous(summary_path: Path) -> str:
    """Remove the previous run's summary; what became of it, for the message."""
    try:
        summary_path.unlink()
    except FileNotFoundError:
        return "nessun riepilogo è presente"
    except OSError as exc:
        return (
            f"il riepilogo presente descrive un'esecuzione precedente, non questa (non è stato "
            f"possibile rimuoverlo: {os_reason(exc)})"
        )
    return "il riepilogo dell'esecuzione precedente è stato rimosso perché non descrive questa"
