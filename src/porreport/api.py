"""The Python API, mirroring the CLI: ``load`` or ``check``, ``build_document``, ``render``,
``build``, ``update``.

Importing this module loads neither the model (pydantic) nor a renderer: each function
imports what it uses, so ``build`` can start the PDF renderer's process before the
report is read (see ``build``)."""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from porreport.errors import InputError, Problem, RenderError
from porreport.forked import Forked, can_fork
from porreport.output import safe_stem, write_atomic, write_together
from porreport.resources import example_report

if TYPE_CHECKING:
    from porreport.content.document import Document
    from porreport.deck.update import OpenedDeck
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

_T = TypeVar("_T")

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


# Which renderer module each format's child process loads before its document arrives.
_RENDERERS = {"pptx": "porreport.deck.render", "pdf": "porreport.bulletin.render"}


class _Child:
    """One format rendered in a forked child process (``porreport.forked``).

    Forked with the document (``start``), the child shares it copy-on-write. Forked before
    the document exists (``start_early``), the child loads its renderer and then waits for
    the document, pickled by ``send``: the renderer's imports overlap the parent's reading
    of the report. ``cancel`` stops it when the parent gives up.
    """

    def __init__(self, fmt: str, template: Path | None, document: Document | None) -> None:
        self.fmt = fmt
        early = document is None
        doc_read, self._doc_write = os.pipe() if early else (-1, -1)
        if early:
            _widen_pipe(self._doc_write)

        def work() -> bytes | None:
            given = _receive(fmt, doc_read) if document is None else document
            # None: the parent gave up before it had a document
            return None if given is None else render(given, fmt, template)

        def crashed(detail: str | None) -> Exception:
            return RenderError(
                detail or f"il processo che generava il formato {fmt} si è interrotto"
            )

        try:
            self._forked = Forked(work, crashed, (self._doc_write,) if early else ())
        except OSError:  # no process: the document's pipe is closed too
            if early:
                os.close(self._doc_write)
            raise
        finally:
            if early:
                os.close(doc_read)

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
        self._forked.cancel()

    def wait(self) -> bytes:
        """The child's bytes; re-raises the exception it raised."""
        return cast(bytes, self._forked.wait())  # the child was given its document


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


def _receive(fmt: str, doc_read: int) -> Document | None:
    """In a child started early: load the renderer, then wait for the document (None when
    the parent closes the pipe without sending one)."""
    # numpy (loaded with matplotlib) starts OpenBLAS's thread pool, whose threads spin on
    # the core the parent is using; the charts' matrices are 3 x 3: one thread is enough
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    load_renderer(fmt)
    with os.fdopen(doc_read, "rb") as pipe:
        data = pipe.read()
    document: Document | None = pickle.loads(data) if data else None
    return document


def load_renderer(fmt: str) -> None:
    """Import the renderer of ``fmt`` and load what all its renders need (its ``prepare``:
    fonts, styles, matplotlib), before any document is known."""
    prepare = getattr(importlib.import_module(_RENDERERS[fmt]), "prepare", None)
    if prepare is not None:
        prepare()


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
    child = None
    if parallel and len(chosen) >= 2 and can_fork():
        child = _forked_or_none(lambda: _Child.start(document, _child_format(chosen), template))
    if child is None:
        return {fmt: render(document, fmt, template) for fmt in chosen}
    return _render_with(child, document, chosen, template)


def _forked_or_none(start: Callable[[], _T]) -> _T | None:
    """``start()``, or None when the system refuses a new process (a limit on processes):
    the work is then done in this process, with the same result."""
    try:
        return start()
    except OSError:
        return None


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
    if parallel and can_fork():  # with one format too: its renderer loads meanwhile
        child = _forked_or_none(lambda: _Child.start_early(_child_format(chosen), tpl))
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
    parallel: bool = False,
) -> UpdateResult:
    """Update a deck porreport generated and people then edited with the data of
    ``report`` (the bundled example by default), keeping their edits; what ``porreport
    update`` runs.

    The edited deck is never modified: the updated one is written atomically to ``output``
    (which must be another file). ``template`` plans the new data when the deck lost its
    layouts (a LibreOffice re-save). Raises ``InputError`` for a deck porreport did not make
    or a report with errors (the report's first, when both have them); conflicts are not
    errors: they are in ``result.report``. ``parallel`` (the CLI's choice) reads the report
    in a forked process while this one loads python-pptx and opens the deck; the result is
    the same.
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
    path = Path(report) if report is not None else example_report()
    reading = _forked_or_none(lambda: _reading(path, strict)) if parallel and can_fork() else None
    if reading is not None:
        opened, (document, warnings) = _open_while_reading(reading, data, source.name)
    else:
        document, warnings = _read_report(path, strict)
        from porreport.deck.update import open_edited  # python-pptx: only when it runs

        opened = open_edited(data, source.name)
    from porreport.deck.update import update_deck

    updated = update_deck(
        opened, document, source.name, str(template) if template is not None else None
    )
    write_atomic(target, updated.data)
    return UpdateResult(target, updated.report, list(warnings))


def _read_report(path: Path, strict: bool) -> tuple[Document, tuple[Problem, ...]]:
    """The report's document and the warnings its data met."""
    from porreport.inputs.loading import load  # the model loads on first use

    loaded = load(path, strict=strict)
    return document_of(loaded), tuple(loaded.warnings)


def _reading(path: Path, strict: bool) -> Forked:
    """A forked process reading the report (``_read_report``)."""
    return Forked(
        lambda: _read_report(path, strict),
        lambda detail: RenderError(detail or "il processo che leggeva il rapporto si è interrotto"),
    )


def _open_while_reading(
    reading: Forked, data: bytes, name: str
) -> tuple[OpenedDeck, tuple[Document, tuple[Problem, ...]]]:
    """The edited deck opened here while ``reading`` reads the report (the model's imports
    overlap python-pptx's); the report's mistakes are told before the deck's, as when they
    are done one after the other."""
    try:
        from porreport.deck.update import open_edited  # python-pptx: only when it runs

        try:
            opened = open_edited(data, name)
        except Exception:
            reading.wait()  # raises the report's error, if it has one
            raise
        result = cast("tuple[Document, tuple[Problem, ...]]", reading.wait())
    except BaseException:
        reading.cancel()
        raise
    return opened, result


def __getattr__(name: str) -> object:
    """``load`` and ``LoadedReport``, imported (with the model) on first use."""
    if name in ("load", "LoadedReport"):
        from porreport.inputs import loading

        value: object = getattr(loading, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'porreport.api' has no attribute {name!r}")
