"""The figures and problems of a records file as JSON values or as an Italian text report
(``porreport monitor`` prints one or the other)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from porreport import formatting as fmt
from porreport.inputs.records.config import DEFAULT_TOP
from porreport.inputs.records.figures import RecordsSummary
from porreport.model.labels import FIRM_SIZES
from porreport.model.reference import ateco_title


def sector_title(code: str, overrides: Mapping[str, str] | None = None) -> str:
    """The title of a division: the report's own wording, else ISTAT's."""
    return (overrides or {}).get(code) or ateco_title(code) or code


def to_json(summary: RecordsSummary, top: int = DEFAULT_TOP) -> dict[str, object]:
    """The figures and problems as plain JSON values (numbers as numbers)."""
    out: dict[str, object] = {
        "file": summary.file,
        "righe": summary.rows,
        "presentate": summary.presentate,
        "ammesse": summary.ammesse,
        "rinunce_decadenze": summary.rinunce_decadenze,
        "beneficiari": summary.beneficiari,
        "importo_ammesso": _plain(summary.importo_ammesso),
        "stati": summary.stati,
    }
    if summary.dimensioni is not None:
        out["dimensioni"] = [
            {
                "dimensione": d.dimensione,
                "etichetta": FIRM_SIZES[d.dimensione].label,
                "imprese": d.imprese,
                "importo": _plain(d.importo),
            }
            for d in summary.dimensioni
        ]
    if summary.province is not None:
        out["province"] = [
            {"provincia": p.sigla, "codice_istat": p.codice_istat, "nome": p.nome, "imprese": n}
            for p, n in summary.province
        ]
    if summary.settori is not None:
        ranked, others = summary.top_sectors(top)
        out["settori"] = [
            {"ateco": s.ateco, "titolo": sector_title(s.ateco), "imprese": s.imprese}
            for s in ranked
        ]
        out["altri_settori"] = others
    if summary.covid is not None:
        out["covid"] = {"addendum": summary.covid[0], "originario": summary.covid[1]}
    if summary.prima_data:
        out["date_presentazione"] = {
            "prima": summary.prima_data.isoformat(),
            "ultima": summary.ultima_data.isoformat() if summary.ultima_data else None,
        }
    out["problemi"] = {
        "totale": summary.problem_count,
        "per_tipo": summary.issue_counts,
        "elenco": [
            {
                "tipo": i.kind,
                "riga": i.row,
                "colonna": i.column,
                "valore": i.value,
                "messaggio": i.message,
            }
            for i in summary.issues
        ],
    }
    return out


def to_text(summary: RecordsSummary, top: int = DEFAULT_TOP) -> str:
    """A readable Italian report of the figures and of the data-quality problems."""
    c = fmt.count
    lines = [
        f"Registri delle domande: {summary.file} ({c(summary.rows)} righe)",
        "",
        "Monitoraggio domande",
        _line("Domande presentate", c(summary.presentate)),
        _line("Domande ammesse", c(summary.ammesse)),
        _line("di cui rinunciate o decadute", c(summary.rinunce_decadenze)),
        _line("Imprese beneficiarie", c(summary.beneficiari)),
        _line("Importo ammesso", fmt.euro(summary.importo_ammesso)),
    ]
    if summary.dimensioni is not None:
        lines += ["", "Imprese beneficiarie per dimensione (imprese, importo ammesso)"]
        for d in summary.dimensioni:
            size = FIRM_SIZES[d.dimensione]
            label = f"{size.label} ({size.band})"
            lines.append(_line(label, c(d.imprese)) + fmt.euro(d.importo).rjust(16))
    if summary.covid is not None:
        lines += [
            "",
            "Imprese beneficiarie per modalità di partecipazione",
            _line("Addendum COVID-19", c(summary.covid[0])),
            _line("Avviso originario", c(summary.covid[1])),
        ]
    if summary.province is not None:
        lines += ["", "Imprese beneficiarie per provincia"]
        lines += [_line(f"{p.nome} ({p.sigla})", c(n)) for p, n in summary.province]
    if summary.settori is not None:
        ranked, others = summary.top_sectors(top)
        lines += ["", f"Principali settori di attività (ATECO 2007, primi {top})"]
        lines += [_line(f"{s.ateco} {sector_title(s.ateco)[:44]}", c(s.imprese)) for s in ranked]
        lines.append(_line("Altri settori", c(others)))
    if summary.prima_data and summary.ultima_data:
        lines += [
            "",
            f"Domande presentate dal {fmt.data_date(summary.prima_data)} "
            f"al {fmt.data_date(summary.ultima_data)}",
        ]
    lines += ["", *_quality_lines(summary)]
    return "\n".join(lines)


def _plain(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _line(label: str, value: str, width: int = 58) -> str:
    return f"  {label}".ljust(width - len(value)) + value


def _quality_lines(summary: RecordsSummary) -> list[str]:
    if not summary.problem_count:
        return ["Qualità dei dati: nessun problema trovato."]
    lines = [f"Qualità dei dati: {fmt.count(summary.problem_count)} problemi"]
    lines += [f"  {kind}: {fmt.count(n)}" for kind, n in summary.issue_counts.items()]
    lines.append("")
    for i in summary.issues:
        value = f" (valore trovato: {i.value!r})" if i.value is not None else ""
        lines.append(f"  riga {i.row}, colonna '{i.column}': {i.message}{value}")
    hidden = summary.problem_count - len(summary.issues)
    if hidden:
        lines.append(f"  ... e altri {fmt.count(hidden)} problemi non elencati")
    return lines
