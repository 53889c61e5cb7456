"""``porreport monitor``: the monitoring of a call computed from its application records.

Prints the figures and the data-quality problems of a records file (CSV or XLSX), as an
Italian text report or as JSON; exits with 2 under ``--strict`` when the data have problems.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from porreport import formatting as fmt
from porreport.errors import InputError


def add_monitor_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``porreport monitor RECORDS [--json] [--strict] [--top N]``."""
    monitor = sub.add_parser(
        "monitor",
        help="calcola il monitoraggio di un avviso dai registri delle domande (CSV o XLSX)",
    )
    monitor.add_argument("records", help="file CSV o XLSX con una riga per domanda")
    monitor.add_argument("--json", action="store_true", help="stampa in JSON")
    monitor.add_argument(
        "--strict", action="store_true", help="esce con codice 2 se i dati hanno problemi"
    )
    monitor.add_argument(
        "--top", type=int, default=None, help="quanti settori ATECO mostrare (default: 6)"
    )
    monitor.add_argument("--foglio", help="foglio del file XLSX (default: il primo)")
    monitor.add_argument(
        "--colonna",
        action="append",
        default=[],
        metavar="CAMPO=INTESTAZIONE",
        help="intestazione di una colonna, ad esempio --colonna 'stato=Esito istruttoria'",
    )
    monitor.set_defaults(func=_cmd_monitor)


def _cmd_monitor(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # the records' package loads when monitor runs: a build's PDF process, forked as the
    # build starts, does not need it; pandas comes with the analysis
    from porreport.inputs.records import COLUMNS, DEFAULT_TOP, RecordsConfig, to_json, to_text
    from porreport.inputs.records.analysis import summarise_file

    colonne = {}
    for item in args.colonna:
        name, sep, header = item.partition("=")
        if not sep or name.strip() not in COLUMNS:
            raise InputError(
                f"--colonna: atteso CAMPO=INTESTAZIONE con CAMPO tra {', '.join(COLUMNS)}"
                f" (trovato: {item!r})"
            )
        colonne[name.strip()] = header.strip()
    top = DEFAULT_TOP if args.top is None else args.top
    if not 1 <= top <= 30:
        raise InputError(f"--top: atteso un numero da 1 a 30 (trovato: {top})")
    target = Path(args.records)
    try:
        summary = summarise_file(target, RecordsConfig(colonne=colonne, foglio=args.foglio))
    except ValueError as exc:
        raise InputError(str(exc), source=str(target)) from None
    if args.json:
        json.dump(to_json(summary, top), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        print(to_text(summary, top), file=out)
    if summary.problem_count:
        print(
            f"{'Errore' if args.strict else 'Avviso'}: {fmt.count(summary.problem_count)} "
            f"problemi nei dati di {target.name}",
            file=err,
        )
        if args.strict:
            return 2
    return 0
