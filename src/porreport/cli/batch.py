"""``porreport batch``: its arguments, and the call into ``porreport.batch``.

Exit codes, for the scheduler that runs it: 0 every report built or unchanged; 1 a report
failed (its error is in the summary; a full disk is one), or the summary could not be
written; 2 bad usage or input (nothing was built); 75 another ``porreport batch`` is writing
into the same output folder: nothing was done, try again later (``EX_TEMPFAIL``, which
systemd and most schedulers know as a temporary failure); 128 + N interrupted by signal N
(130 Ctrl-C, 143 SIGTERM).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``porreport batch`` on the CLI's sub-command parser."""
    batch = sub.add_parser(
        "batch",
        help="costruisce molti rapporti (cartella o elenco), adatto a esecuzioni pianificate",
        description=(
            "Costruisce ogni rapporto di una cartella (*.yaml, *.yml) o di un elenco (un "
            "percorso per riga, oppure un elenco YAML) in processi paralleli. Salta i "
            "rapporti invariati; scrive un riepilogo JSON in OUTDIR. Uscita: 0 tutto bene, "
            "1 almeno un rapporto fallito (anche per disco pieno) o riepilogo non scritto, "
            "2 uso errato, 75 cartella di uscita occupata da un'altra esecuzione (riprovare "
            "più tardi), 128+N interrotto dal segnale N."
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
    # imported when the command runs: the other commands never load the batch machinery
    from porreport.api import parse_formats
    from porreport.batch import EXIT_BUSY, FolderBusy, discover, run_batch

    formats = parse_formats(args.format)
    sources = discover(Path(args.target))
    try:
        outcome = run_batch(
            sources,
            Path(args.output),
            formats,
            jobs=args.jobs,
            force=args.force,
            strict=args.strict,
            log=err,
        )
    except FolderBusy as exc:  # not a failure: a scheduler tells it apart and tries later
        print(f"Errore: {exc}", file=err)
        return EXIT_BUSY
    return outcome.exit_code
