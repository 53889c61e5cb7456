"""The paths a command was given, checked before the command runs: a NUL byte, a name too
long for the system or a loop of symbolic links is a bad argument (exit 2), told in Italian
with the argument it came in, never an internal error further on."""

from __future__ import annotations

import argparse

from porreport.errors import InputError
from porreport.inputs.paths import path_problem, shown_path

# argparse destination -> the argument as a message names it, for every command
PATH_ARGUMENTS = {
    "report": "il rapporto",
    "edited": "il deck da aggiornare",
    "records": "il file dei registri",
    "target": "la cartella o l'elenco di rapporti",
    "template": "il modello (--template)",
    "output": "l'uscita (-o/--output)",
}


def check_path_arguments(args: argparse.Namespace) -> None:
    """Raise ``InputError`` for the first path argument that cannot name a file."""
    for dest, label in PATH_ARGUMENTS.items():
        value = getattr(args, dest, None)
        if not isinstance(value, str):
            continue
        problem = path_problem(value)
        if problem is not None:
            raise InputError(
                f"Percorso non utilizzabile per {label} {shown_path(value)}: {problem}"
            )
