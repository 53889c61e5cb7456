"""The Python API, mirroring the CLI: ``load`` or ``check``, ``build_document``, ``render``,
``build``, ``update``.

Importing this module loads neither the model (pydantic) nor a renderer: each function
imports what it uses, so ``build`` can start the PDF renderer's process before the
report is read (see ``build``)."""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import pickle
import signal
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from porreport.errors import InputError, Problem, RenderError
from porreport.output import safe_stem, write_atomic, write_together
from porreport.resources import example_report

if TYPE_CHECKING:
    from porreport.content.document import Document
    from porreport.deck.update import Report as UpdateReport  # python-pptx: only when it runs
    from porreport.inputs.loading import LoadedReport, load
    from porreport.model.report import Report

__all__ = [
    "OUTPUT_FORMATS",
    "BuildResult",
    "LoadedReport",
    "UpdateResult",
    "build",
    "build_document",
    "check",
    "document_of",
    "example_report",
    "load",
    "parse_formats",
    "render",
    "render_all",
    "update",
]

OUTPUT_FORMATS = ("pptx", "pdf")  # the documents porreport writes: deck and bulletin


@dataclass
class BuildResult:
    """What ``build`` wrote and the warnings it met."""

    outputs: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def parse_formats(text: str | Iterable[str]) -> tuple[str, ...]:
    """'pptx,pdf' -> ('pptx', 'pdf'); raises InputError naming the allowed values."""
    items = text.split(",") if isinstance(text, str) else list(text)
    wanted = tuple(dict.fromkeys(i.strip().lower() for i in items if i.strip()))
    unknown = [f for f in wanted if f not in OUTPUT_FORMATS]
    if unknown or not wanted:
        raise InputError(
            f"formato non supportato: {', '.join(unknown) or '(vuoto)'}. Formati ammessi: {', '.join(OUTPUT_FORMATS)}"
        )
    return wanted


def check(report: Report, *, strict: bool = False) -> list[Problem]:
    """The consistency rules of the field applied to a report built in Python (``load``
    applies them to a file): returns the warnings, raises ``InputError`` naming every error
    (with ``strict``, warnings are errors too)."""
    from porreport.inputs.messages import format_path
    from porreport.model.checks import check_report  # the model loads with the first call

    findings = check_report(report)
    problems = [Problem(format_path(f.path), f.message, f.value) for f in findings]
    errors = [p for p, f in zip(problems, findings, strict=True) if strict or not f.warning]
    if errors:
        raise InputError(errors)
    return problems


def build_document(report: Report, logos: Iterable[Path] = ()) -> Document:
    """The renderer-neutral document of a validated report: every section, every figure
    formatted in Italian, ready for ``render``."""
    from porreport.content.builder import build_document as make  # loads the model

    return make(report, logos)


def document_of(loaded: LoadedReport) -> Document:
    """The renderer-neutral document of a loaded report (with its logos)."""
    return build_document(loaded.report, loaded.logos)


def render(document: Document, fmt: str, template: Path | None = None) -> bytes:
    """The bytes of one output format: ``"pptx"`` (the deck, on ``template`` or the bundled
    one) or ``"pdf"`` (the bulletin). Identical documents give identical bytes."""
    if fmt == "pptx":
        from porreport.deck.render import render_deck

        return render_deck(document, template=template)
    if fmt == "pdf":
        from porreport.bulletin.render import render_pdf

        return render_pdf(document)
    raise InputError(f"formato non supportato: {fmt}. Formati ammessi: {', '.join(OUTPUT_FORMATS)}")


# What the parent of a forked renderer handles (the child ignores the first, dies of the second).
_PARENT_SIGNALS: set[int] = {signal.SIGINT, signal.SIGTERM}
# Which renderer module each format's child process loads before its document arrives.
_RENDERERS = {"pptx": "porreport.deck.render", "pdf": "porreport.bulletin.render"}


class _Child:
    """One format rendered in a forked child process, its bytes (or the exception it
    raised) sent back through a pipe.

    Forked with the document (``start``), the child shares it copy-on-write. Forked before
    the document exists (``start_early``), the child loads its renderer and then waits for
    the document, pickled by ``send``: the renderer's imports overlap the parent's reading
    of the report. ``cancel`` stops it when the parent gives up.
    """

    def __init__(self, fmt: str, template: Path | None, document: Document | None) -> None:
        self.fmt = fmt
        early = document is None
        self._doc_read, self._doc_write = os.pipe() if early else (-1, -1)
        if early:
            _widen_pipe(self._doc_write)
        self._read, write = os.pipe()
        # signals wait until the child has chosen how to take them (see _child_main)
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, _PARENT_SIGNALS)
        try:
            self.pid = os.fork()
            if self.pid == 0:  # child: never returns into the caller's code
                os.close(self._read)
                if early:
                    os.close(self._doc_write)
                _child_main(fmt, template, document, self._doc_read, write, mask)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(write)
        if early:
            os.close(self._doc_read)

    @classmethod
    def start(cls, document: Document, fmt: str, template: Path | None) -> _Child:
        """Render ``fmt`` of ``document`` in a child now."""
        return cls(fmt, template, document)

    @classmethod
    def start_early(cls, fmt: str, template: Path | None) -> _Child:
        """A child that loads the renderer of ``fmt`` and waits for ``send``."""
        return cls(fmt, template, None)

    def send(self, document: Document) -> None:
        """Hand the document to a child started early."""
        data = pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            # a child that failed while loading its renderer has closed the pipe: ``wait``
            # raises its error
            with contextlib.suppress(BrokenPipeError), os.fdopen(self._doc_write, "wb") as pipe:
                pipe.write(data)
        finally:
            self._doc_write = -1

    def cancel(self) -> None:
        """Stop the child (nothing was or will be written) and reap it."""
        if self._doc_write >= 0:
            os.close(self._doc_write)
            self._doc_write = -1
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.close(self._read)
        os.waitpid(self.pid, 0)

    def wait(self) -> bytes:
        """The child's bytes; re-raises the exception it raised."""
        try:
            with os.fdopen(self._read, "rb") as pipe:
                payload = pipe.read()
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            raise
        finally:
            os.waitpid(self.pid, 0)  # never leave a zombie
        try:
            kind, value = pickle.loads(payload)
        except Exception:
            raise RenderError(
                f"il processo che generava il formato {self.fmt} si è interrotto"
            ) from None
        if kind == "error":
            raise value
        return value


def _widen_pipe(fd: int) -> None:
    """Let the pipe hold a large document, so ``send`` does not wait for the child to
    finish its imports (Linux; elsewhere the pipe keeps its size and ``send`` may wait)."""
    try:
        import fcntl
    except ImportError:
        return
    setsize = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setsize is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, setsize, 1 << 20)


def _child_main(
    fmt: str,
    template: Path | None,
    document: Document | None,
    doc_read: int,
    write: int,
    mask: set[int],
) -> NoReturn:
    """The child's whole life: get the document, render, send the result, exit.

    Ctrl-C is the parent's to handle (it stops the child): the child ignores SIGINT, and
    SIGTERM ends it silently; ``mask`` is the signal mask to restore once that is set.
    Without the cyclic garbage collector: loading the renderer creates some hundred
    thousand objects and the collector would walk them again and again (a tenth of the
    imports' time) to free next to nothing, in a process that exits when it has rendered.
    """
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        gc.disable()
        payload = b""
        try:
            if document is None:
                document = _receive(fmt, doc_read)
            if document is not None:  # None: the parent gave up before it had a document
                payload = pickle.dumps(("ok", render(document, fmt, template)))
        except BaseException as exc:
            try:
                payload = pickle.dumps(("error", exc))
            except Exception:
                payload = pickle.dumps(("error", RenderError(f"{type(exc).__name__}: {exc}")))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(payload)
        status = 0
    finally:
        os._exit(status)


def _receive(fmt: str, doc_read: int) -> Document | None:
    """In a child started early: load the renderer, then wait for the document (None when
    the parent closes the pipe without sending one)."""
    # numpy (loaded with matplotlib) starts OpenBLAS's thread pool, whose threads spin on
    # the core the parent is using; the charts' matrices are 3 x 3: one thread is enough
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    prepare = getattr(importlib.import_module(_RENDERERS[fmt]), "prepare", None)
    if prepare is not None:
        prepare()
    with os.fdopen(doc_read, "rb") as pipe:
        data = pipe.read()
    document: Document | None = pickle.loads(data) if data else None
    return document


def _single_threaded() -> bool:
    """True when this process runs one OS thread (forking is only safe then)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return threading.active_count() == 1


def _can_fork() -> bool:
    # fork only a single-threaded process (pyarrow, for instance, leaves worker threads)
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and _single_threaded()


def _child_format(formats: list[str]) -> str:
    """The format rendered in the child: the PDF, whose renderer (ReportLab and
    matplotlib) takes longest to load, when it is asked for."""
    return "pdf" if "pdf" in formats else formats[0]


def render_all(
    document: Document,
    formats: Iterable[str],
    template: Path | None = None,
    *,
    parallel: bool = False,
) -> dict[str, bytes]:
    """Render several formats; with ``parallel`` (and fork, and 2+ cores) one runs in a child.

    The output is the same either way: each renderer is deterministic.
    """
    chosen = list(formats)
    if not parallel or len(chosen) < 2 or not _can_fork():
        return {fmt: render(document, fmt, template) for fmt in chosen}
    return _render_with(
        _Child.start(document, _child_format(chosen), template), document, chosen, template
    )


def _render_with(
    child: _Child, document: Document, formats: list[str], template: Path | None
) -> dict[str, bytes]:
    """Render the formats other than the child's here, then collect the child's; in the
    order of ``formats``."""
    here: dict[str, bytes] = {}
    try:
        for fmt in formats:
            if fmt != child.fmt:
                here[fmt] = render(document, fmt, template)
    except BaseException:
        child.cancel()
        raise
    there = child.wait()
    return {fmt: there if fmt == child.fmt else here[fmt] for fmt in formats}


def build(
    report: str | Path | None = None,
    out_dir: str | Path = "output",
    formats: Iterable[str] = OUTPUT_FORMATS,
    *,
    template: str | Path | None = None,
    strict: bool = False,
    parallel: bool = False,
) -> BuildResult:
    """Load, validate, build once and render each format; write the files as one set.

    Every format is rendered in memory before anything is written, and the files are
    replaced together or not at all (``porreport.output.write_together``): a failure, be it
    the data's, a renderer's or the disk's, leaves the previous outputs as they were.
    ``parallel`` (the CLI's choice) forks, before the report is read, a process that loads
    the renderer of one format (the PDF's when it is asked for) while this one reads the
    report, and renders that format; this process renders the others.
    """
    chosen = list(parse_formats(formats))  # a usage mistake is told before any loading
    tpl = Path(template) if template is not None else None
    child = None
    if parallel and _can_fork():  # with one format too: its renderer loads meanwhile
        child = _Child.start_early(_child_format(chosen), tpl)
    try:
        from porreport.inputs.loading import load  # the model loads after the fork

        source = Path(report) if report is not None else example_report()
        loaded = load(source, strict=strict)
        document = document_of(loaded)
        if child is not None:
            child.send(document)
    except BaseException:
        if child is not None:
            child.cancel()
        raise
    if child is None:
        rendered = {fmt: render(document, fmt, tpl) for fmt in chosen}
    else:
        rendered = _render_with(child, document, chosen, tpl)
    stem = safe_stem(source.stem)
    out = Path(out_dir)
    files = {out / f"{stem}.{fmt}": data for fmt, data in rendered.items()}
    return BuildResult(write_together(files), list(loaded.warnings))


@dataclass
class UpdateResult:
    """What ``update`` wrote (``output``), what it did to the deck (``report``: updated,
    kept, conflicts...) and the warnings the report's data met."""

    output: Path
    report: UpdateReport
    warnings: list[Problem] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when the deck was updated and nothing needs a person, 3 when conflicts (or
        elements that could not be matched, or sections gone from the data) need one."""
        return self.report.exit_code


def update(
    edited: str | Path,
    report: str | Path | None = None,
    output: str | Path | None = None,
    *,
    template: str | Path | None = None,
    strict: bool = False,
) -> UpdateResult:
    """Update a deck porreport generated and people then edited with the data of
    ``report`` (the bundled example by default), keeping their edits; what ``porreport
    update`` runs.

    The edited deck is never modified: the updated one is written atomically to ``output``
    (which must be another file). ``template`` plans the new data when the deck lost its
    layouts (a LibreOffice re-save). Raises ``InputError`` for a deck porreport did not make
    or a report with errors; conflicts are not errors: they are in ``result.report``.
    """
    source = Path(edited)
    if output is None:
        raise InputError("manca il file di uscita: indicare dove scrivere il deck aggiornato")
    from porreport.inputs.presentations import read_deck  # inputs load on first use

    data = read_deck(source)
    target = Path(output)
    if target.resolve() == source.resolve():
        raise InputError(
            f"il deck aggiornato deve essere scritto in un altro file: {source.name} non viene "
            "mai modificato"
        )
    from porreport.inputs.loading import load  # the model loads on first use

    loaded = load(Path(report) if report is not None else example_report(), strict=strict)
    # the deck's update brings python-pptx: imported only here, for start-up time
    from porreport.deck.update import update_deck

    updated = update_deck(
        data, document_of(loaded), source.name, str(template) if template is not None else None
    )
    write_atomic(target, updated.data)
    return UpdateResult(target, updated.report, list(loaded.warnings))


def __getattr__(name: str) -> object:
    """``load`` and ``LoadedReport``, imported (with the model) on first use."""
    if name in ("load", "LoadedReport"):
        from porreport.inputs import loading

        value: object = getattr(loading, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'porreport.api' has no attribute {name!r}")
