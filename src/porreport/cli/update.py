"""``porreport update``: a deck porreport generated and people edited, updated with new data.

Prints what happened in Italian on stderr (updated, kept, conflicts with what porreport
wrote, what people wrote and what the data say) and, with ``--json``, as JSON on stdout.
Exit codes, for a scheduler: 0 the deck was updated and nothing needs a person; 3 it was
written, but conflicts (or elements that could not be matched, or sections gone from the
data) need a person; 2 bad input (not a porreport deck, a report with errors, the output
the same file as the input); 1 anything else.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from porreport.cli.terminal import print_warnings


def add_update_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``porreport update EDITED.pptx [REPORT] -o NEW.pptx [--json] ...``."""
    update = sub.add_parser(
        "update",
        help="aggiorna con nuovi dati un deck generato da porreport e poi modificato a mano",
        description=(
            "Aggiorna EDITED.pptx con i dati di REPORT e scrive il risultato in NEW.pptx: "
            "le cifre diventano quelle nuove, le modifiche fatte a mano restano. Il deck di "
            "partenza non viene modificato. Codici di uscita: 0 aggiornato, 3 aggiornato con "
            "conflitti da rivedere, 2 dati o deck non validi, 1 altri errori."
        ),
    )
    update.add_argument("edited", help="deck PPTX generato da porreport e modificato a mano")
    update.add_argument(
        "report", nargs="?", help="file YAML del rapporto con i nuovi dati (default: l'esempio)"
    )
    update.add_argument(
        "-o", "--output", required=True, help="file PPTX da scrivere (diverso dal deck)"
    )
    update.add_argument(
        "--template", help="modello PPTX per le slide, se il deck ha perso i suoi layout"
    )
    update.add_argument("--strict", action="store_true", help="tratta gli avvisi come errori")
    update.add_argument("--json", action="store_true", help="stampa il resoconto in JSON")
    update.set_defaults(func=_cmd_update)


def _cmd_update(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # the API's module is imported when the command runs, like build's
    from porreport.api import update
    from porreport.resources import example_report

    report = Path(args.report) if args.report else example_report()
    result = update(
        args.edited,
        report,
        args.output,
        template=args.template,
        strict=args.strict,
        parallel=True,
    )
    print_warnings(result.warnings, err)
    print(result.report.text(), file=err)
    if args.json:
        data = {"output": str(result.output), **result.report.as_json()}
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        print(f"Scritto {result.output}", file=out)
    return result.exit_code
