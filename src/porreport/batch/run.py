"""Build many reports unattended: ``porreport batch DIR|MANIFEST -o OUTDIR``.

Made for a scheduler (cron, a systemd timer) that nobody watches:

- every report is built in a worker process (``ProcessPoolExecutor``, *spawn* context), so a
  report that crashes its worker (a signal, memory exhausted) fails alone and the others go on
  in a fresh pool;
- every format is rendered in memory first, then written with ``write_atomic``: an output
  appears complete or not at all, a failed rebuild leaves the previous file untouched, and the
  temporary ``.<name>.*.part`` files a killed worker leaves behind are removed by the parent
  (those of a batch killed outright, by the next batch, under the folder lock);
- a report whose inputs did not change (report file, its tables and logos, the bundled layouts,
  fonts and reference data, porreport's version and code) and whose outputs still have the
  recorded sha256 is *skipped* and nothing is rewritten (state in
  ``OUTDIR/.porreport-state.json``); a rebuilt output whose bytes did not change is not
  rewritten either (same inode and mtime);
- a JSON summary ``OUTDIR/porreport-batch.json`` (fixed key order, UTC times) says what
  happened to each report; logs go to stderr (a progress bar on a terminal, plain lines
  otherwise); the exit code is 0 when nothing failed, 1 when a report failed, 2 for bad usage,
  128 + the signal number when interrupted (SIGINT, SIGTERM).

Nothing depends on the machine's timezone or locale: times are UTC and durations are written
with an Italian decimal comma by hand.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import contextlib
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import yaml

from porreport import __version__, api
from porreport.errors import InputError, PorreportError
from porreport.inputs.loading import MAX_REPORT_BYTES
from porreport.inputs.yaml_safe import YAML_LOADER as _YAML_LOADER  # composing only
from porreport.output import safe_stem, write_atomic
from porreport.resources import resource_dir

SUMMARY_NAME = "porreport-batch.json"
STATE_NAME = ".porreport-state.json"
STATE_VERSION = 1
REPORT_SUFFIXES = (".yaml", ".yml")
MAX_MANIFEST_BYTES = 1024 * 1024
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# The bundled data files the renderers read (reference.py, geo.py): part of every build.
DATA_FILES = ("province.csv", "province_geometrie.json")

OK, FAILED, SKIPPED = "ok", "failed", "skipped"
_LOG_WORDS = {OK: "ok", FAILED: "ERRORE", SKIPPED: "invariato"}
CRASH_MESSAGE = (
    "il processo che costruiva il rapporto è terminato in modo anomalo (memoria esaurita o "
    "segnale esterno): il rapporto non è stato costruito e i file precedenti sono intatti"
)
INTERRUPTED_MESSAGE = (
    "esecuzione interrotta prima che il rapporto fosse costruito: i file precedenti sono intatti"
)

Worker = Callable[["Task"], dict[str, Any]]


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


class Interrupted(BaseException):
    """SIGINT or SIGTERM reached the batch: stop, clean up, write the summary."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


# --- finding the reports ----------------------------------------------------------------


def discover(target: Path) -> list[Path]:
    """The reports named by ``target``: a folder, a manifest, or one report file.

    A folder gives its ``*.yaml``/``*.yml`` files (not recursive, hidden files left out,
    sorted by name). A manifest is a text file with one path per line (``#`` starts a
    comment line) or a YAML list of paths; paths are relative to the manifest's folder.
    A YAML file that is not a list is taken as a single report. Raises ``InputError``.
    """
    if target.is_dir():
        found = sorted(
            p
            for p in target.iterdir()
            if p.suffix.lower() in REPORT_SUFFIXES and not p.name.startswith(".") and p.is_file()
        )
    elif target.is_file():
        found = read_manifest(target)
    else:
        raise InputError(f"cartella o elenco di rapporti non trovato: {target}")
    if not found:
        raise InputError(
            f"nessun rapporto trovato in {target}: attesi file .yaml o .yml "
            "(una cartella) o un elenco con un percorso per riga"
        )
    return found


def read_manifest(path: Path) -> list[Path]:
    """Report paths listed in a manifest (text or YAML list), relative to its folder.

    A ``.yaml``/``.yml`` file whose root is not a list is one report: it is returned as is,
    unread beyond what telling the two apart needs, so the loader reports its problems (and
    applies its own size limit, larger than a manifest's).
    """
    if path.suffix.lower() in REPORT_SUFFIXES:
        entries = _yaml_manifest(path)
        if entries is None:
            return [path]  # a report file, not a list of them
    else:
        lines = (line.strip() for line in _manifest_text(path).splitlines())
        entries = [s for s in lines if s and s[0] != "#"]
    return [path.parent / entry for entry in entries]


def _manifest_text(path: Path) -> str:
    """A manifest's text (UTF-8, BOM allowed); ``InputError`` when too large or not UTF-8."""
    if path.stat().st_size > MAX_MANIFEST_BYTES:
        raise InputError(f"elenco di rapporti troppo grande: {path}")
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"l'elenco di rapporti non è in codifica UTF-8: {path}") from None


def _yaml_manifest(path: Path) -> list[str] | None:
    """The entries of a YAML list of paths, or None when the file is not one (a report).

    The file is only composed into nodes (no value is constructed: dates, numbers and the
    like are left to the loader); it is a manifest when its root is a sequence.
    """
    if path.stat().st_size > MAX_REPORT_BYTES:
        return None  # larger than any report or manifest: the loader says so
    try:
        root = yaml.compose(path.read_bytes().decode("utf-8-sig"), Loader=_YAML_LOADER)
    except (UnicodeDecodeError, yaml.YAMLError):
        return None  # a broken report: its build will say why
    if not isinstance(root, yaml.SequenceNode):
        return None
    if path.stat().st_size > MAX_MANIFEST_BYTES:
        raise InputError(f"elenco di rapporti troppo grande: {path}")
    items = root.value
    if not all(_is_text(item) and item.value.strip() for item in items):
        raise InputError("l'elenco YAML di rapporti deve contenere solo percorsi di file (testi)")
    return [item.value.strip() for item in items]


def _is_text(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str"


def output_stems(sources: Sequence[Path]) -> list[str]:
    """The output stem of each report; two reports with the same stem are an ``InputError``."""
    stems = [safe_stem(p.stem) for p in sources]
    owners: dict[str, list[Path]] = {}
    for stem, source in zip(stems, sources, strict=True):
        owners.setdefault(stem, []).append(source)
    clashes = [f"'{s}': {', '.join(map(str, ps))}" for s, ps in owners.items() if len(ps) > 1]
    if clashes:
        raise InputError(
            "più rapporti scriverebbero gli stessi file di uscita (nome ripetuto); "
            "rinominare i file: " + "; ".join(clashes)
        )
    return stems


# --- fingerprints -----------------------------------------------------------------------


def file_digest(path: Path) -> tuple[str, int]:
    """sha256 (hex) and size of a file."""
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def environment_fingerprint() -> str:
    """sha256 of what every build depends on besides its report: porreport's version and
    code, the bundled layouts (deck template) and fonts, and the reference data the
    renderers read (``DATA_FILES``; not the example reports and records)."""
    h = hashlib.sha256(f"porreport {__version__}\n".encode())
    package = Path(api.__file__).resolve().parent
    groups = [("codice", package, "*.py")]
    for name in ("layouts", "fonts"):
        with contextlib.suppress(FileNotFoundError):
            groups.append((name, resource_dir(name), "*"))
    with contextlib.suppress(FileNotFoundError):
        for data_file in DATA_FILES:
            groups.append(("data", resource_dir("data"), data_file))
    for label, folder, pattern in groups:
        for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
            if "__pycache__" in path.parts or (label == "data" and path.parent != folder):
                continue
            digest, _ = file_digest(path)
            h.update(f"{label}/{path.relative_to(folder).as_posix()} {digest}\n".encode())
    return h.hexdigest()


def input_fingerprint(inputs: Sequence[Path], base: Path, environment: str) -> str:
    """sha256 of a report's input files (names relative to its folder, and contents)."""
    h = hashlib.sha256(f"{environment}\n".encode())
    for path in sorted(set(inputs)):
        digest, _ = file_digest(path)
        h.update(f"{os.path.relpath(path, base)} {digest}\n".encode())
    return h.hexdigest()


# --- the worker ---------------------------------------------------------------------------


def build_one(task: Task) -> dict[str, Any]:
    """Build one report in a worker process; never raises for a report's own mistakes.

    Returns a plain dict: status, fingerprint, outputs, warnings, error, duration_s.
    """
    started = time.perf_counter()
    result: dict[str, Any] = {"status": FAILED, "fingerprint": None, "outputs": []}
    result.update(warnings=[], error=None)
    try:
        result.update(_build(task, result))
    except PorreportError as exc:
        result["error"] = str(exc)
    except Exception as exc:
        result["error"] = f"errore interno: {type(exc).__name__}: {exc}"
    result["duration_s"] = round(time.perf_counter() - started, 3)
    return result


def _build(task: Task, result: dict[str, Any]) -> dict[str, Any]:
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
    outputs = []
    for fmt, data in rendered.items():
        path = out_dir / f"{task.stem}.{fmt}"
        digest = hashlib.sha256(data).hexdigest()
        if not _holds(path, digest, len(data)):  # identical bytes: keep the file as it is
            write_atomic(path, data)
        outputs.append(_output_record(fmt, path.name, digest, len(data)))
        result["outputs"] = outputs  # what is on disk so far, should a later write fail
    return {"status": OK, "outputs": outputs}


def _holds(path: Path, digest: str, size: int) -> bool:
    """Whether ``path`` is a regular file with exactly these bytes (sha256 and size)."""
    try:
        return path.is_file() and path.stat().st_size == size and file_digest(path)[0] == digest
    except OSError:
        return False


def _output_record(fmt: str, name: str, sha256: str, size: int) -> dict[str, Any]:
    return {"format": fmt, "file": name, "sha256": sha256, "bytes": size}


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
        records.append(_output_record(fmt, path.name, digest, size))
    return records


def _worker_init() -> None:
    """Workers leave Ctrl-C to the parent, which stops them in order."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# --- the pool -------------------------------------------------------------------------------


def _failure(message: str) -> dict[str, Any]:
    return {
        "status": FAILED,
        "fingerprint": None,
        "outputs": [],
        "warnings": [],
        "error": message,
        "duration_s": 0.0,
    }


def _execute(
    tasks: Sequence[Task],
    jobs: int,
    worker: Worker,
    on_done: Callable[[int, dict[str, Any]], None],
) -> None:
    """Run every task; a crashed worker fails its report, the rest go on in a fresh pool.

    When several reports were in flight as a pool broke, each of them is run again alone, so
    only the one that crashes is failed.
    """
    pending: deque[int] = deque(range(len(tasks)))
    suspects: deque[int] = deque()
    while pending or suspects:
        alone = not pending
        queue = suspects if alone else pending
        broken = _run_pool(tasks, queue, 1 if alone else jobs, worker, on_done)
        if len(broken) == 1:
            on_done(broken[0], _failure(CRASH_MESSAGE))
        else:
            suspects.extend(broken)


def _run_pool(
    tasks: Sequence[Task],
    queue: deque[int],
    width: int,
    worker: Worker,
    on_done: Callable[[int, dict[str, Any]], None],
) -> list[int]:
    """Run tasks from ``queue`` with ``width`` workers until done or the pool breaks.

    Returns the tasks that were in flight when the pool broke (empty when it did not).
    """
    context = multiprocessing.get_context("spawn")  # fork is unsafe with matplotlib/threads
    pool = cf.ProcessPoolExecutor(max_workers=width, mp_context=context, initializer=_worker_init)
    inflight: dict[cf.Future[dict[str, Any]], int] = {}
    try:
        while queue or inflight:
            while queue and len(inflight) < width:
                index = queue[0]
                try:
                    inflight[pool.submit(worker, tasks[index])] = index
                except BrokenProcessPool:
                    if not inflight:
                        raise
                    break
                queue.popleft()
            done, _ = cf.wait(inflight, return_when=cf.FIRST_COMPLETED)
            broken = []
            for future in done:
                index = inflight.pop(future)
                try:
                    on_done(index, future.result())
                except BrokenProcessPool:
                    broken.append(index)
                except Exception as exc:  # e.g. a result that could not be sent back
                    on_done(index, _failure(f"errore interno: {type(exc).__name__}: {exc}"))
            if broken:
                return sorted([*broken, *inflight.values()])
        return []
    except BaseException:
        _stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _stop_workers(pool: cf.ProcessPoolExecutor) -> None:
    """Terminate a pool's worker processes now and wait until they are gone."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public API
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)


# --- progress ---------------------------------------------------------------------------


def seconds_it(value: float) -> str:
    """0.4213 -> '0,42' (no locale involved)."""
    return f"{value:.2f}".replace(".", ",")


class Progress:
    """A progress bar on a terminal, one plain line per report otherwise (stderr)."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.count = 0
        self.tty = _is_tty(stream)
        self._width = 0

    def report(self, name: str, result: dict[str, Any]) -> None:
        """Record one finished report."""
        self.count += 1
        status = result["status"]
        line = f"[{self.count}/{self.total}] {name}: {_LOG_WORDS[status]}"
        line += f" ({seconds_it(result.get('duration_s', 0.0))} s)"
        if not self.tty or status == FAILED:
            self._clear()
            self._write(line + "\n")
            for text in (result.get("error") or "").splitlines():
                self._write(f"    {text}\n")
        if self.tty:
            self._bar(name)

    def note(self, text: str) -> None:
        """A line of its own, above the bar."""
        self._clear()
        self._write(text + "\n")

    def finish(self) -> None:
        """Leave the bar's line."""
        self._clear()

    def _bar(self, name: str) -> None:
        filled = round(30 * self.count / self.total) if self.total else 30
        text = f"[{'#' * filled}{'.' * (30 - filled)}] {self.count}/{self.total} {name}"[:79]
        self._write("\r" + text.ljust(self._width))
        self._width = len(text)

    def _clear(self) -> None:
        if self.tty and self._width:
            self._write("\r" + " " * self._width + "\r")
            self._width = 0

    def _write(self, text: str) -> None:
        with contextlib.suppress(OSError, ValueError):  # a closed or full stderr never stops us
            self.stream.write(text)
            self.stream.flush()


def _is_tty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


# --- state, summary, cleanup ------------------------------------------------------------


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


def _updated_state(
    state: dict[str, Any], tasks: Sequence[Task], results: dict[int, dict[str, Any]]
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


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _utc(stamp: float) -> str:
    return dt.datetime.fromtimestamp(stamp, dt.UTC).isoformat(timespec="seconds")


def _part_files(out_dir: Path, names: Sequence[str]) -> set[Path]:
    """Temporary files ``write_atomic`` makes for the given output names."""
    found: set[Path] = set()
    for name in names:
        found.update(out_dir.glob(f".{_glob_escape(name)}.*.part"))
    return found


def _remove_stale_temporaries(out_dir: Path) -> None:
    """Remove the ``.<name>.*.part`` files of an earlier batch killed outright (SIGKILL, no
    cleanup ran): only names a batch writes (an output format, the summary, the state).
    Called with the folder lock held, so no other batch is writing them."""
    suffixes = tuple(f".{fmt}" for fmt in api.FORMATS)
    for path in out_dir.glob(".*.part"):
        match = _TEMPORARY.fullmatch(path.name)
        if match is None or not path.is_file():
            continue
        name = match.group(1)
        if name.endswith(suffixes) or name in (SUMMARY_NAME, STATE_NAME):
            with contextlib.suppress(OSError):
                path.unlink()


_TEMPORARY = re.compile(r"\.(.+)\.[A-Za-z0-9_]+\.part")  # tempfile.mkstemp's random part


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """One batch at a time per output folder (a lock on the folder itself: no extra file)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PorreportError(
                f"un'altra esecuzione di porreport batch sta scrivendo in {out_dir}; riprovare "
                "più tardi"
            ) from None
        yield
    finally:
        os.close(fd)


@dataclass
class _Signals:
    """Signals received by the batch; once ``closing``, they are only recorded."""

    received: list[int] = field(default_factory=list)
    closing: bool = False


@contextlib.contextmanager
def _signals_raise() -> Iterator[_Signals]:
    """SIGINT/SIGTERM raise ``Interrupted`` inside the block until ``closing`` is set; after
    that (while the summary is written) a signal is only recorded."""
    signals = _Signals()
    if threading.current_thread() is not threading.main_thread():
        yield signals
        return

    def interrupt(signum: int, frame: Any) -> None:
        signals.received.append(signum)
        if len(signals.received) == 1 and not signals.closing:
            raise Interrupted(signum)

    saved = {s: signal.signal(s, interrupt) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield signals
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


# --- the batch --------------------------------------------------------------------------


@dataclass
class BatchOutcome:
    """What a batch did: its summary (as written) and the exit code."""

    summary: dict[str, Any]
    exit_code: int


def run_batch(
    sources: Sequence[Path],
    out_dir: Path,
    formats: Sequence[str] = api.FORMATS,
    *,
    jobs: int | None = None,
    force: bool = False,
    strict: bool = False,
    log: TextIO | None = None,
    worker: Worker = build_one,
) -> BatchOutcome:
    """Build ``sources`` into ``out_dir`` in worker processes; write state and summary.

    Raises ``InputError`` for bad usage (duplicated output names, bad formats) before
    building anything. ``worker`` is the function run in the worker processes (a test hook;
    it must be importable by name).
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
    with _locked(out_dir):
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
    names = [f"{s}.{f}" for s in stems for f in formats] + [SUMMARY_NAME, STATE_NAME]
    _remove_stale_temporaries(out_dir)
    temporaries_before = _part_files(out_dir, names)
    state = read_state(out_dir)
    environment = environment_fingerprint()
    tasks = [
        Task(str(src), stem, str(out_dir), formats, environment, strict, force, state.get(stem, {}))
        for src, stem in zip(sources, stems, strict=True)
    ]
    results: dict[int, dict[str, Any]] = {}
    progress = Progress(len(tasks), log)

    def on_done(index: int, result: dict[str, Any]) -> None:
        results[index] = result
        progress.report(tasks[index].stem, result)

    interrupted: int | None = None
    with _signals_raise() as signals:
        try:
            _execute(tasks, width, worker, on_done)
        except Interrupted as exc:
            interrupted = exc.signum
        except KeyboardInterrupt:
            interrupted = signal.SIGINT
        finally:
            signals.closing = True
            progress.finish()
            for index in range(len(tasks)):
                results.setdefault(index, _failure(INTERRUPTED_MESSAGE))
            for stray in _part_files(out_dir, names) - temporaries_before:
                stray.unlink(missing_ok=True)
        summary = _summary(tasks, results, started, width, force, strict, interrupted)
        write_atomic(out_dir / STATE_NAME, _json_bytes(_updated_state(state, tasks, results)))
        write_atomic(out_dir / SUMMARY_NAME, _json_bytes(summary))
        if interrupted is None and signals.received:
            interrupted = signals.received[0]
    totals = summary["totals"]
    progress.note(
        f"Rapporti: {totals['reports']}; costruiti {totals['ok']}, invariati {totals['skipped']}, "
        f"falliti {totals['failed']}. Riepilogo: {out_dir / SUMMARY_NAME}"
    )
    if interrupted is not None:
        progress.note(f"Interrotto dal segnale {signal.Signals(interrupted).name}.")
        return BatchOutcome(summary, 128 + int(interrupted))
    return BatchOutcome(summary, EXIT_FAILED if totals["failed"] else EXIT_OK)


def _summary(
    tasks: Sequence[Task],
    results: dict[int, dict[str, Any]],
    started: float,
    width: int,
    force: bool,
    strict: bool,
    interrupted: int | None,
) -> dict[str, Any]:
    reports = []
    for index, task in enumerate(tasks):
        r = results[index]
        reports.append(
            {
                "source": task.source,
                "name": task.stem,
                "status": r["status"],
                "duration_s": r["duration_s"],
                "fingerprint": r["fingerprint"],
                "outputs": r["outputs"],
                "warnings": r["warnings"],
                "error": r["error"],
            }
        )
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


# --- command line -----------------------------------------------------------------------


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``porreport batch`` on the CLI's sub-command parser."""
    batch = sub.add_parser(
        "batch",
        help="costruisce molti rapporti (cartella o elenco), adatto a esecuzioni pianificate",
        description=(
            "Costruisce ogni rapporto di una cartella (*.yaml, *.yml) o di un elenco (un "
            "percorso per riga, oppure un elenco YAML) in processi paralleli. Salta i "
            "rapporti invariati; scrive un riepilogo JSON in OUTDIR. Uscita: 0 tutto bene, "
            "1 almeno un rapporto fallito, 2 uso errato."
        ),
    )
    batch.add_argument("target", metavar="DIR|MANIFEST", help="cartella o elenco di rapporti")
    batch.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="cartella di uscita")
    batch.add_argument(
        "-j", "--jobs", type=int, default=None, help="processi paralleli (default: i core)"
    )
    batch.add_argument("--format", default="pptx,pdf", help="formati: pptx,pdf (default: entrambi)")
    batch.add_argument(
        "--force", action="store_true", help="ricostruisce anche i rapporti invariati"
    )
    batch.add_argument("--strict", action="store_true", help="tratta gli avvisi come errori")
    batch.set_defaults(func=command)


def command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``porreport batch``: returns the exit code."""
    formats = api.parse_formats(args.format)
    sources = discover(Path(args.target))
    outcome = run_batch(
        sources,
        Path(args.output),
        formats,
        jobs=args.jobs,
        force=args.force,
        strict=args.strict,
        log=err,
    )
    return outcome.exit_code
