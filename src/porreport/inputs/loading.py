"""Load a report: one UTF-8 YAML file, plus the tables, records and logos it names.

The stages, in order: read the text (size, encoding), parse it safely (``yaml_safe``),
compute the monitoring of calls from their application records (``records``), read the
CSV/XLSX tables (``tables``), check every text against the font, validate with the model
(pydantic errors become Italian problems, ``messages``), check the logos, then apply the
consistency rules of ``porreport.model.checks``. Every mistake names the field path
(``assi[2].dotazione``), the value, what was expected and the line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from porreport.errors import InputError, Problem
from porreport.inputs import glyphs
from porreport.inputs.images import MAX_IMAGE_BYTES, check_logo
from porreport.inputs.messages import PathKey, format_path, short_value, validation_problems
from porreport.inputs.paths import path_problem, shown_path
from porreport.inputs.records import RecordsRequest, resolve_records
from porreport.inputs.tables import (
    MAX_TABLE_BYTES,
    TABLE_SUFFIXES,
    check_size,
    read_table,
    resolve_inside,
)
from porreport.inputs.yaml_safe import MAX_REPORT_BYTES, parse_yaml
from porreport.model.checks import Finding, check_report
from porreport.model.report import Report


@dataclass
class LoadedReport:
    """A validated report with its warnings and every file it was read from."""

    report: Report
    source: Path
    warnings: list[Problem] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)
    logos: list[Path] = field(default_factory=list)


@dataclass
class _Context:
    """What the loader learns on the way: where each field was written."""

    source: Path
    locations: dict[PathKey, str] = field(default_factory=dict)
    inputs: list[Path] = field(default_factory=list)

    def where(self, path: PathKey) -> str | None:
        """The location of ``path`` or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.locations.get(path[:end])
            if found:
                return found
        return None


def load(path: str | Path, *, strict: bool = False) -> LoadedReport:
    """Read, check and validate a report file. Raises ``InputError`` on any mistake."""
    source = Path(path)
    raw, locations = parse_yaml(_read_text(source), source)
    ctx = _Context(source, locations)
    raw, record_warnings = _resolve_records(raw, ctx, strict)  # before tables: own refs
    raw = _resolve_tables(raw, (), ctx)
    raw = _normalise_texts(raw, (), ctx)
    report = _validate(raw, ctx)
    logos = _resolve_logos(report, ctx)
    findings = check_report(report)
    errors = [f for f in findings if not f.warning or strict]
    warnings = record_warnings + [_problem(f, ctx) for f in findings if f.warning and not strict]
    if errors:
        raise InputError([_problem(f, ctx) for f in errors], source=str(source))
    return LoadedReport(report, source, warnings, [source.resolve(), *ctx.inputs], logos)


def _problem(finding: Finding, ctx: _Context) -> Problem:
    return Problem(
        format_path(finding.path), finding.message, finding.value, ctx.where(finding.path)
    )


def _fail(message: str, source: Path) -> InputError:
    return InputError(message, source=str(source))


def _read_text(source: Path) -> str:
    unusable = path_problem(source)
    if unusable is not None:
        raise InputError(
            f"Percorso non utilizzabile per il rapporto {shown_path(source)}: {unusable}"
        )
    if not source.exists():
        raise _fail(f"file non trovato: {source}", source)
    if not source.is_file():
        raise _fail("atteso un file YAML, trovata una cartella o un file speciale", source)
    try:
        check_size(source, MAX_REPORT_BYTES)
    except ValueError as exc:
        raise _fail(str(exc), source) from None
    data = source.read_bytes()
    if b"\x00" in data:
        raise _fail("il file è binario, non un testo YAML", source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(
            f"il file non è in codifica UTF-8 (byte non valido alla riga {line}); "
            "salvarlo come UTF-8",
            source,
        ) from None
    if not text.strip():
        raise _fail("il file è vuoto: atteso un rapporto in YAML", source)
    return text


def _resolve_records(
    raw: dict[str, Any], ctx: _Context, strict: bool
) -> tuple[dict[str, Any], list[Problem]]:
    """Replace each ``avvisi[i].monitoraggio`` that names ``registri`` by computed figures.

    Returns the new raw report and the data-quality warnings; with ``strict`` those are
    errors, all reported together.
    """
    avvisi = raw.get("avvisi")
    if not isinstance(avvisi, list) or not any(_has_records(a) for a in avvisi):
        return raw, []
    warnings: list[Problem] = []
    new_avvisi = []
    for i, avviso in enumerate(avvisi):
        if not _has_records(avviso):
            new_avvisi.append(avviso)
            continue
        section: dict[str, Any] = avviso["monitoraggio"]
        path: PathKey = ("avvisi", i, "monitoraggio")
        request = RecordsRequest(
            report=ctx.source,
            path=path,
            where=ctx.where((*path, "registri")),
            spec=section["registri"],
            given={k: v for k, v in section.items() if k != "registri"},
        )
        result = resolve_records(request)
        ctx.inputs.append(result.file)
        warnings += result.warnings
        new_avvisi.append({**avviso, "monitoraggio": result.monitoraggio})
    if strict and warnings:
        raise InputError(warnings, source=str(ctx.source))
    return {**raw, "avvisi": new_avvisi}, warnings


def _has_records(avviso: object) -> bool:
    return (
        isinstance(avviso, dict)
        and isinstance(avviso.get("monitoraggio"), dict)
        and "registri" in avviso["monitoraggio"]
    )


def _resolve_logos(report: Report, ctx: _Context) -> list[Path]:
    """Every logo: inside the report's folder, small enough, a PNG or JPEG within the pixel
    limit that decodes whole (``images``)."""
    logos, problems = [], []
    for i, ref in enumerate(report.rapporto.loghi):
        path_key: PathKey = ("rapporto", "loghi", i)
        try:
            target = resolve_inside(ctx.source.parent, ref, limit=MAX_IMAGE_BYTES, what="immagine")
            check_logo(target, ref)
        except ValueError as exc:
            problems.append(
                Problem(format_path(path_key), str(exc), short_value(ref), ctx.where(path_key))
            )
            continue
        logos.append(target)
        ctx.inputs.append(target)
    if problems:
        raise InputError(problems, source=str(ctx.source))
    return logos


def _is_table_ref(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and "file" in value
        and set(value) <= {"file", "foglio"}
        and isinstance(value["file"], str)
        and value["file"].lower().endswith(TABLE_SUFFIXES)
    )


def _resolve_tables(value: Any, path: PathKey, ctx: _Context) -> Any:
    if _is_table_ref(value):
        return _load_table(value, path, ctx)
    if isinstance(value, dict):
        return {k: _resolve_tables(v, (*path, k), ctx) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve_tables(v, (*path, i), ctx) for i, v in enumerate(value)]
    return value


def _load_table(ref: dict[str, Any], path: PathKey, ctx: _Context) -> list[dict[str, Any]]:
    try:
        target = resolve_inside(
            ctx.source.parent, ref["file"], limit=MAX_TABLE_BYTES, what="tabella"
        )
        rows = read_table(target, ref.get("foglio"))
    except ValueError as exc:
        raise InputError(
            Problem(
                format_path((*path, "file")), str(exc), short_value(ref["file"]), ctx.where(path)
            ),
            source=str(ctx.source),
        ) from None
    ctx.inputs.append(target)
    for i in range(len(rows)):
        ctx.locations[(*path, i)] = f"{target.name}, riga {i + 2}"
    return rows


def _normalise_texts(value: Any, path: PathKey, ctx: _Context) -> Any:
    if isinstance(value, str):
        text = glyphs.normalise(value)
        missing = glyphs.missing_characters(text)
        if missing:
            raise InputError(
                Problem(
                    format_path(path),
                    f"carattere non disponibile nel font Titillium Web: {glyphs.describe(missing)}; "
                    "atteso un testo senza emoji o simboli speciali",
                    short_value(value),
                    ctx.where(path),
                ),
                source=str(ctx.source),
            )
        return text
    if isinstance(value, dict):
        return {k: _normalise_texts(v, (*path, k), ctx) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise_texts(v, (*path, i), ctx) for i, v in enumerate(value)]
    return value


def _validate(raw: dict[str, Any], ctx: _Context) -> Report:
    try:
        return Report.model_validate(raw)
    except ValidationError as exc:
        raise InputError(validation_problems(exc, raw, ctx.where), source=str(ctx.source)) from None
