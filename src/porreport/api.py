"""The Python API, mirroring the CLI: ``load`` or ``check``, ``build_document``, ``render``,
``build``, ``update``."""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from porreport.content.builder import build_document as _build_document
from porreport.content.document import Document
from porreport.errors import InputError, Problem, RenderError
from porreport.inputs.loading import LoadedReport, load
from porreport.inputs.messages import format_path
from porreport.model.checks import check_report
from porreport.model.report import Report
from porreport.output import safe_stem, write_atomic
from porreport.resources import example_report

if TYPE_CHECKING:  # the deck's update loads python-pptx: only when it runs
    from porreport.deck.update import Report as UpdateReport

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
    findings = check_report(report)
    problems = [Problem(format_path(f.path), f.message, f.value) for f in findings]
    errors = [p for p, f in zip(problems, findings, strict=True) if strict or not f.warning]
    if errors:
        raise InputError(errors)
    return problems


def build_document(report: Report, logos: Iterable[Path] = ()) -> Document:
    """The renderer-neutral document of a validated report: every section, every figure
    formatted in Italian, ready for ``render``."""
    return _build_document(report, logos)


def document_of(loaded: LoadedReport) -> Document:
    """The renderer-neutral document of a loaded report (with its logos)."""
    return _build_document(loaded.report, loaded.logos)


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


def _render_in_child(document: Document, fmt: str, template: Path | None) -> Callable[[], bytes]:
    """Start rendering ``fmt`` in a forked child; return a function that waits for its bytes.

    The child shares everything already imported and built (copy on write) and sends back
    the bytes, or the exception it raised, through a pipe.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: render, send, and never return into the caller's code
        status = 1
        try:
            os.close(read_end)
            try:
                payload = pickle.dumps(("ok", render(document, fmt, template)))
            except BaseException as exc:
                try:
                    payload = pickle.dumps(("error", exc))
                except Exception:
                    payload = pickle.dumps(("error", RenderError(f"{type(exc).__name__}: {exc}")))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def wait() -> bytes:
        try:
            with os.fdopen(read_end, "rb") as pipe:
                payload = pipe.read()
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            raise
        finally:
            os.waitpid(pid, 0)  # never leave a zombie
        try:
            kind, value = pickle.loads(payload)
        except Exception:
            raise RenderError(
                f"il processo che generava il formato {fmt} si è interrotto"
            ) from None
        if kind == "error":
            raise value
        return value

    return wait


def _single_threaded() -> bool:
    """True when this process runs one OS thread (forking is only safe then)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return threading.active_count() == 1


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
    # fork only a single-threaded process (pyarrow, for instance, leaves worker threads)
    can_fork = hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and _single_threaded()
    if not parallel or len(chosen) < 2 or not can_fork:
        return {fmt: render(document, fmt, template) for fmt in chosen}
    # both renderers draw with matplotlib: import it once, before the fork, so the two
    # processes share it instead of each paying for it while competing for the CPU
    import porreport.charts.draw  # noqa: F401

    first, *rest = chosen
    waiting = _render_in_child(document, first, template)
    try:
        others = {fmt: render(document, fmt, template) for fmt in rest}
    finally:
        first_bytes = waiting()
    return {first: first_bytes, **others}


def build(
    report: str | Path | None = None,
    out_dir: str | Path = "output",
    formats: Iterable[str] = OUTPUT_FORMATS,
    *,
    template: str | Path | None = None,
    strict: bool = False,
    parallel: bool = False,
) -> BuildResult:
    """Load, validate, build once and render each format; write files atomically.

    Every format is rendered in memory before anything is written, so a failure writes
    nothing. ``parallel`` renders the formats in two processes (the CLI does).
    """
    chosen = parse_formats(formats)  # a usage mistake is told before any loading
    source = Path(report) if report is not None else example_report()
    loaded = load(source, strict=strict)
    document = document_of(loaded)
    tpl = Path(template) if template is not None else None
    rendered = render_all(document, chosen, tpl, parallel=parallel)
    stem = safe_stem(source.stem)
    out = Path(out_dir)
    result = BuildResult(warnings=list(loaded.warnings))
    for fmt, data in rendered.items():
        result.outputs.append(write_atomic(out / f"{stem}.{fmt}", data))
    return result


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
    target = Path(output)
    if target.resolve() == source.resolve():
        raise InputError(
            f"il deck aggiornato deve essere scritto in un altro file: {source.name} non viene "
            "mai modificato"
        )
    data = source.read_bytes()
    loaded = load(Path(report) if report is not None else example_report(), strict=strict)
    # the deck's update brings python-pptx: imported only here, for start-up time
    from porreport.deck.update import update_deck

    updated = update_deck(
        data, document_of(loaded), source.name, str(template) if template is not None else None
    )
    write_atomic(target, updated.data)
    return UpdateResult(target, updated.report, list(loaded.warnings))
