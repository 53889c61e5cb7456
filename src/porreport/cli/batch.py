"""``porreport batch``: its arguments, and the call into ``porreport.batch``."""

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
    # imported when the command runs: the other commands never load the batch machinery
    from porreport.api import parse_formats
    from porreport.batch import discover, run_batch

    formats = parse_formats(args.format)
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
