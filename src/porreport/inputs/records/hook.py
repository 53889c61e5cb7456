"""The loader's hook: a ``monitoraggio`` section with ``registri:`` gets computed figures.

The loader hands over one such section (``RecordsRequest``); the hook checks its
``registri:`` spec, reads and summarises the records file, checks the fields written next
to it, and hands back the section with every figure computed, the data-quality warnings
and the file it read (``RecordsResult``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from porreport import formatting as fmt
from porreport.errors import InputError, Problem
from porreport.inputs.messages import PathKey, format_path
from porreport.inputs.records.config import (
    MAX_RECORDS_BYTES,
    RecordsConfig,
    SpecError,
    parse_spec,
)
from porreport.inputs.records.figures import RecordsSummary
from porreport.inputs.tables import resolve_inside

LOADER_LISTED = 10  # problems per kind shown as loader warnings
# ``monitoraggio`` fields that the records compute: writing them too is a mistake.
_COMPUTED = {
    "presentate",
    "ammesse",
    "rinunce_decadenze",
    "beneficiari",
    "importo_ammesso",
    "dimensioni",
    "settori",
    "altri_settori",
}


@dataclass(frozen=True)
class RecordsRequest:
    """One ``monitoraggio`` section of a report that names its application records."""

    report: Path  # the report file: the records lie in its folder, errors name it
    path: PathKey  # the section's field path, e.g. ("avvisi", 0, "monitoraggio")
    where: str | None  # the line of its ``registri`` field, for error messages
    spec: object  # the ``registri`` value as written (checked here)
    given: Mapping[str, object]  # the section's other fields as written


@dataclass(frozen=True)
class RecordsResult:
    """What the records give a report: figures, warnings and the file they came from."""

    summary: RecordsSummary  # every figure computed, and the data-quality problems
    monitoraggio: dict[str, object]  # the section to validate: figures and given texts
    warnings: tuple[Problem, ...]  # the first data-quality problems of each kind
    file: Path  # the records file read: an input of the build


def resolve_records(request: RecordsRequest) -> RecordsResult:
    """Compute one ``monitoraggio`` section from its application records.

    Raises ``InputError`` naming the field, the value and the line for an unusable
    ``registri`` section or file, or for figures written next to it that the records compute.
    """
    # pandas and NumPy come with the analysis: a report without records never loads them
    from porreport.inputs.records.analysis import summarise_file

    path = format_path((*request.path, "registri"))
    spec = request.spec
    try:
        if not isinstance(spec, dict):
            raise SpecError(path, "attesa una sezione con almeno 'file: domande.csv'", spec)
        config = parse_spec(spec, path)
        try:
            target = resolve_inside(
                request.report.parent,
                spec.get("file"),
                limit=MAX_RECORDS_BYTES,
                what="dei registri",
            )
            summary = summarise_file(target, config)
        except SpecError:
            raise
        except ValueError as exc:
            raise SpecError(f"{path}.file", str(exc), spec.get("file")) from None
        _check_given(request.given, summary, format_path(request.path))
    except SpecError as exc:
        value = None if exc.value is None else repr(exc.value)
        raise InputError(
            Problem(exc.path, exc.message, value, request.where), source=str(request.report)
        ) from None
    return RecordsResult(
        summary=summary,
        monitoraggio=monitoring_fields(summary, config, request.given),
        warnings=tuple(_warnings(summary, path, target.name)),
        file=target,
    )


def monitoring_fields(
    summary: RecordsSummary, config: RecordsConfig, given: Mapping[str, object]
) -> dict[str, object]:
    """The ``monitoraggio`` fields of a report, computed; ``given`` adds what records lack.

    ``given`` may hold ``data_riferimento``, ``province`` (``illustrativo``, ``nota``) and
    ``covid`` (``titolo_addendum``); the figures themselves always come from the records.
    """
    out: dict[str, object] = {k: v for k, v in given.items() if k not in ("province", "covid")}
    out |= {
        "presentate": summary.presentate,
        "ammesse": summary.ammesse,
        "rinunce_decadenze": summary.rinunce_decadenze,
        "beneficiari": summary.beneficiari,
        "importo_ammesso": summary.importo_ammesso,
    }
    if summary.dimensioni:
        out["dimensioni"] = [
            {"dimensione": d.dimensione, "imprese": d.imprese, "importo": d.importo}
            for d in summary.dimensioni
        ]
    if summary.province:
        extra = _given_section(given, "province")
        out["province"] = {
            **extra,
            "valori": [{"provincia": p.sigla, "imprese": n} for p, n in summary.province],
        }
    if summary.settori:
        ranked, others = summary.top_sectors(config.settori_top)
        out["settori"] = [
            {"ateco": s.ateco, "imprese": s.imprese}
            | (
                {"titolo": config.titoli_settori[s.ateco]}
                if s.ateco in config.titoli_settori
                else {}
            )
            for s in ranked
        ]
        out["altri_settori"] = others
    if summary.covid is not None:
        extra = _given_section(given, "covid")
        out["covid"] = {**extra, "addendum": summary.covid[0], "originario": summary.covid[1]}
    return out


def _check_given(given: Mapping[str, object], summary: RecordsSummary, path: str) -> None:
    computed = sorted(set(given) & _COMPUTED)
    if computed:
        raise SpecError(
            f"{path}.{computed[0]}",
            "campo calcolato dai registri delle domande: toglierlo, oppure togliere 'registri'",
        )
    for part, allowed, present in (
        ("province", {"illustrativo", "nota"}, summary.province),
        ("covid", {"titolo_addendum"}, summary.covid),
    ):
        value = given.get(part)
        if value is None:
            continue
        if not isinstance(value, dict) or set(value) - allowed:
            raise SpecError(
                f"{path}.{part}",
                "con 'registri' le cifre vengono dai registri: qui sono ammessi solo "
                + ", ".join(sorted(allowed)),
            )
        if not present:
            raise SpecError(
                f"{path}.{part}", f"i registri delle domande non hanno la colonna '{part}'"
            )


def _warnings(summary: RecordsSummary, path: str, name: str) -> list[Problem]:
    """Loader warnings: the first problems of each kind, then how many more there are."""
    out: list[Problem] = []
    shown: dict[str, int] = {}
    for issue in summary.issues:
        shown[issue.kind] = shown.get(issue.kind, 0) + 1
        if shown[issue.kind] <= LOADER_LISTED:
            out.append(
                Problem(
                    path,
                    f"{issue.message} (colonna '{issue.column}')",
                    repr(issue.value) if issue.value is not None else None,
                    f"{name}, riga {issue.row}",
                )
            )
    for kind, total in summary.issue_counts.items():
        if total > LOADER_LISTED:
            out.append(
                Problem(
                    path,
                    f"altre {fmt.count(total - LOADER_LISTED)} righe con problemi di tipo "
                    f"'{kind}'; l'elenco completo con: porreport monitor {name}",
                    None,
                    name,
                )
            )
    return out


def _given_section(given: Mapping[str, object], part: str) -> Mapping[str, object]:
    """The texts written for ``part`` next to the records (checked by ``_check_given``)."""
    value = given.get(part)
    return value if isinstance(value, dict) else {}
