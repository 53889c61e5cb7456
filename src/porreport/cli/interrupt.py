"""Ctrl-C and SIGTERM end the ``porreport`` program with "Interrotto." on stderr and exit code
128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM), never with a traceback.

Inside ``main`` both arrive as ``KeyboardInterrupt`` (SIGTERM as its subclass ``Terminated``,
once ``entry_point`` has called ``take_signals``), so cleanup runs on the way out:
temporary files are removed and a build's outputs are replaced together or not at all
(``porreport.output``). The handler also records the signal
(``porreport.output.note_signal``): should C code swallow the exception (an extension's
import turns it into an ``ImportError`` its library catches), no output is replaced and
``main`` still ends with "Interrotto.". While the command's modules are still being
imported, before ``main`` runs, ``sys.excepthook`` (set by ``guard_start_up`` as
``porreport.cli`` is imported) ends a Ctrl-C the same way: nothing has been written yet.

Imported before anything else of the command line, this module loads only ``os`` and
``sys``, which the interpreter has loaded at start-up: ``signal`` (with enum) is imported
where it is used, once the guard is in place.
"""

import os
import sys

TYPE_CHECKING = False  # typing (like signal, __future__) loads more than this module may
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType, TracebackType

    Handler = Callable[[int, FrameType | None], object] | int

INTERRUPTED = "Interrotto."
SIGINT, SIGTERM = 2, 15  # the same numbers on POSIX and Windows
_CLI = os.path.dirname(os.path.abspath(__file__)) + os.sep
_PROGRAM = os.path.join(os.path.dirname(os.path.dirname(_CLI)), "__main__.py")  # python -m


class Terminated(KeyboardInterrupt):
    """SIGTERM (a scheduler or ``kill`` stopping the run), taken like Ctrl-C."""

    signum = SIGTERM


def exit_code(exc: BaseException) -> int:
    """128 + the number of the signal that interrupted: 130 (SIGINT) or 143 (SIGTERM)."""
    return 128 + int(getattr(exc, "signum", SIGINT))


def within(exc: BaseException) -> KeyboardInterrupt | None:
    """The interruption behind ``exc``: itself, or one in the exceptions that caused it
    (Python 3.11 wraps one raised while a class is created in ``RuntimeError``)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def guard_start_up() -> None:
    """End the program with "Interrotto." when Ctrl-C reaches it outside ``main`` (while
    its modules load, or as it exits): an uncaught ``KeyboardInterrupt`` (or an exception
    it caused) whose traceback passes through the command line's code. Any other uncaught
    exception, and one in a program that merely imports ``porreport.cli``, go to the hook
    that was there before."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: "TracebackType | None") -> None:
        stop = within(value)
        if stop is not None and _through_cli(tb):
            _say_interrupted()
            os._exit(exit_code(stop))
        previous(kind, value, tb)

    sys.excepthook = hook


def take_signals() -> None:
    """Ctrl-C raises ``KeyboardInterrupt`` in the main thread and SIGTERM ``Terminated`` (the
    program's choice: a library leaves SIGTERM alone), each recorded first (``on_signal``)."""
    _set(SIGINT, on_signal)
    _set(SIGTERM, on_signal)


def on_signal(signum: int, frame: "FrameType | None") -> None:
    """The program's handler of SIGINT and SIGTERM: record the signal, so that no output is
    replaced even if the exception is swallowed, then raise it."""
    from porreport.output import note_signal  # loaded with the command before this runs

    note_signal(signum)
    if signum == SIGTERM:
        raise Terminated
    raise KeyboardInterrupt


def settle() -> None:
    """Ignore Ctrl-C and SIGTERM from here on: the program has its exit code and only
    flushes its streams."""
    import signal  # see the module's docstring

    _set(SIGINT, signal.SIG_IGN)
    _set(SIGTERM, signal.SIG_IGN)


def _set(signum: int, handler: "Handler") -> None:
    import signal  # see the module's docstring

    try:
        signal.signal(signum, handler)
    except ValueError:  # not the main thread: signals are the main thread's to handle
        return


def _say_interrupted() -> None:
    if sys.stderr is None:  # started with the stream closed
        return
    try:
        print(INTERRUPTED, file=sys.stderr, flush=True)
    except (OSError, ValueError):  # a closed pipe: nothing to tell
        return


def _through_cli(tb: "TracebackType | None") -> bool:
    while tb is not None:
        name = os.path.abspath(tb.tb_frame.f_code.co_filename)
        if name.startswith(_CLI) or name == _PROGRAM:
            return True
        tb = tb.tb_next
    return False
