"""The ``porreport`` command line: build, validate, schema, batch, monitor and update.

Exit codes: 0 ok, 2 bad input or usage, 1 anything else (a full disk too); ``update`` 3 when
the deck was written with conflicts for a person to review; ``batch`` 75 when another batch
holds its output folder; 130 and 143 when Ctrl-C or SIGTERM stopped the run (``interrupt``).
Data mistakes print an Italian message, never a traceback (set PORREPORT_DEBUG=1 to see one
for internal errors).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO, cast

from porreport import __version__
from porreport.cli import batch, caches, interrupt
from porreport.cli.monitor import add_monitor_parser
from porreport.cli.paths import check_path_arguments
from porreport.cli.terminal import SafeStream, print_warnings
from porreport.cli.update import add_update_parser
from porreport.errors import InputError, PorreportError, TemplateError
from porreport.inputs.paths import cut_path
from porreport.output import WRITE_ERRNOS, os_reason, signal_received

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() owns the exit code."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {_italian_usage(message)}")


# argparse's own messages, in the language of the people who run porreport
_USAGE_MESSAGES = (
    (
        re.compile(r"the following arguments are required: (.*)"),
        r"argomenti obbligatori mancanti: \1",
    ),
    (
        re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
        r"argomento \1: scelta non valida \2 (scelte ammesse: \3)",
    ),
    (
        re.compile(r"argument (\S+): invalid (\w+) value: (.*)"),
        r"argomento \1: valore non valido \3 (atteso: \2)",
    ),
    (re.compile(r"argument (\S+): expected one argument"), r"argomento \1: manca il valore"),
    (re.compile(r"unrecognized arguments: (.*)"), r"argomenti non riconosciuti: \1"),
)


def _italian_usage(message: str) -> str:
    for pattern, replacement in _USAGE_MESSAGES:
        if pattern.fullmatch(message):
            return pattern.sub(replacement, message)
    return message


class _UsageError(Exception):
    pass


def _parser() -> _Parser:
    parser = _Parser(
        prog="porreport", description="Deck (PPTX) e bollettino (PDF) di un POR, in italiano."
    )
    parser.add_argument("--version", action="version", version=f"porreport {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    build = sub.add_parser("build", help="costruisce deck e/o PDF di un rapporto")
    build.add_argument(
        "report", nargs="?", help="file YAML del rapporto (default: l'esempio incluso)"
    )
    build.add_argument(
        "-o", "--output", default="output", help="cartella di uscita (default: ./output)"
    )
    build.add_argument("--format", default="pptx,pdf", help="formati: pptx,pdf (default: entrambi)")
    build.add_argument("--template", help="modello PPTX con gli stessi nomi di layout")
    build.add_argument("--strict", action="store_true", help="tratta gli avvisi come errori")
    build.set_defaults(func=_cmd_build)

    validate = sub.add_parser("validate", help="controlla un rapporto senza scrivere nulla")
    validate.add_argument(
        "report", nargs="?", help="file YAML del rapporto (default: l'esempio incluso)"
    )
    validate.add_argument("--strict", action="store_true", help="tratta gli avvisi come errori")
    validate.set_defaults(func=_cmd_validate)

    schema = sub.add_parser("schema", help="stampa lo JSON Schema del file di input")
    schema.set_defaults(func=_cmd_schema)

    for register in _EXTENSIONS:
        register(sub)
    return parser


# The sub-commands whose arguments are defined in modules of their own.
_EXTENSIONS: list[Callable[[argparse._SubParsersAction], None]] = [
    batch.add_parser,
    add_monitor_parser,
    add_update_parser,
]


def _report_path(arg: str | None) -> Path:
    from porreport.resources import example_report

    return Path(arg) if arg else example_report()


def _cmd_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from porreport.api import build

    result = build(
        _report_path(args.report),
        args.output,
        args.format,
        template=args.template,
        strict=args.strict,
        parallel=True,
    )
    print_warnings(result.warnings, err)
    for path in result.outputs:
        print(f"Scritto {path}", file=out)
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from porreport.inputs.loading import load

    source = _report_path(args.report)
    loaded = load(source, strict=args.strict)
    print_warnings(loaded.warnings, err)
    print(f"{source}: rapporto valido.", file=out)
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from porreport.model.schema import schema_json

    print(schema_json(), file=out)
    return EXIT_OK


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the CLI; returns the exit code (the console script exits with it)."""
    # a closed stream is None: write nowhere; a file name on stdout ("Scritto ...") is
    # escaped too, a JSON document on it is whole
    out = cast(TextIO, SafeStream(stdout or sys.stdout or io.StringIO(), cap=False))
    # every message goes through SafeStream: no raw control character from an input
    err = cast(TextIO, SafeStream(stderr or sys.stderr or io.StringIO()))
    try:
        args = _parser().parse_args(list(argv) if argv is not None else None)
        check_path_arguments(args)
        code = int(args.func(args, out, err))
        stopped = signal_received()  # a Ctrl-C whose exception C code swallowed
        if stopped is not None:
            print(interrupt.INTERRUPTED, file=err)
            return 128 + stopped
        return code
    except _UsageError as exc:
        print(str(exc), file=err)
        return EXIT_USAGE
    except (InputError, TemplateError) as exc:
        print(str(exc), file=err)
        return EXIT_USAGE
    except PorreportError as exc:
        print(f"Errore: {exc}", file=err)
        return EXIT_FAILURE
    except BrokenPipeError:  # the reader went away (e.g. `porreport schema | head`)
        return EXIT_FAILURE
    except OSError as exc:  # e.g. -o names a file, a folder without write permission
        where = f" ({cut_path(str(exc.filename))})" if exc.filename else ""
        print(f"Errore: impossibile leggere o scrivere{where}: {os_reason(exc)}", file=err)
        # a full disk is the machine's trouble, a wrong path the command's
        return EXIT_FAILURE if exc.errno in WRITE_ERRNOS else EXIT_USAGE
    except KeyboardInterrupt as exc:  # Ctrl-C; SIGTERM too, as ``interrupt.Terminated``
        print(interrupt.INTERRUPTED, file=err)
        return interrupt.exit_code(exc)
    except SystemExit as exc:  # --help, --version
        return int(exc.code or 0)
    except Exception as exc:
        stop = interrupt.within(exc)  # Python 3.11 wraps a Ctrl-C in some imports
        if stop is not None:
            print(interrupt.INTERRUPTED, file=err)
            return interrupt.exit_code(stop)
        if os.environ.get("PORREPORT_DEBUG"):
            traceback.print_exc(file=err)
        print(f"Errore interno: {type(exc).__name__}: {exc}", file=err)
        return EXIT_FAILURE


def entry_point() -> None:
    """Console-script entry point.

    A build is a short process that allocates a lot and frees it all at the end: the cyclic
    garbage collector is switched off while it runs, and the interpreter's teardown of
    matplotlib, pandas and lxml (~0.2 s, for nothing) is skipped with ``os._exit`` once every
    output is written (atomically, already renamed in place) and the streams are flushed.
    SIGTERM is taken like Ctrl-C ("Interrotto.", exit 143); caches go where ``caches`` says.
    """
    gc.disable()
    interrupt.take_signals()
    temporary_cache = caches.configure()
    code = main()
    interrupt.settle()
    caches.remove(temporary_cache)
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:  # None when the scheduler started us with the stream closed
            with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to tell
                stream.flush()
    os._exit(code)
