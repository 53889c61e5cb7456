"""A function run in a forked child process, its result (or the exception it raised) sent
back pickled through a pipe: how ``build`` renders one format and ``update`` reads the
report on the second core while this process does the rest.

Fork only a single-threaded process (``can_fork``): a fork copies only the thread that
forks. The child ignores SIGINT (the parent, which gets the Ctrl-C, stops it with
``cancel``), dies of SIGTERM, runs without the cyclic garbage collector and never returns
into the caller's code.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import NoReturn

# What the parent of a forked child handles (the child ignores the first, dies of the second).
PARENT_SIGNALS: set[int] = {signal.SIGINT, signal.SIGTERM}


def can_fork() -> bool:
    """True when forking is possible and pays: fork exists, 2+ cores, one OS thread
    (pyarrow, for instance, leaves worker threads)."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and _single_threaded()


def _single_threaded() -> bool:
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return threading.active_count() == 1


class Forked:
    """``work()`` running in a child forked now; ``wait`` gives its result.

    ``crashed(None)`` makes the exception ``wait`` raises when the child ends without a
    result (killed, out of memory), ``crashed("Type: message")`` the one it raises in place
    of an exception that could not be pickled; ``child_only`` are descriptors the child
    closes first (the parent's ends of pipes the work does not use).
    """

    def __init__(
        self,
        work: Callable[[], object],
        crashed: Callable[[str | None], Exception],
        child_only: tuple[int, ...] = (),
    ) -> None:
        self._crashed = crashed
        self._reaped = False
        self._read, write = os.pipe()
        # signals wait until the child has chosen how to take them (see _child_main)
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, PARENT_SIGNALS)
        try:
            self.pid = os.fork()
            if self.pid == 0:  # child: never returns into the caller's code
                _child_main(work, crashed, (self._read, *child_only), write, mask)
        except OSError:  # no process could be made (a limit on processes)
            os.close(self._read)
            raise
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            os.close(write)

    def cancel(self) -> None:
        """Stop the child (its result is not wanted) and reap it; nothing to do once
        ``wait`` has reaped it."""
        if self._reaped:
            return
        self._reaped = True
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.close(self._read)
        os.waitpid(self.pid, 0)

    def wait(self) -> object:
        """The child's result; re-raises the exception it raised."""
        self._reaped = True
        try:
            with os.fdopen(self._read, "rb") as pipe:
                payload = pipe.read()
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            raise
        finally:
            os.waitpid(self.pid, 0)  # never leave a zombie
        try:
            kind, value = pickle.loads(payload)
        except Exception:
            raise self._crashed(None) from None
        if kind == "error":
            raise value
        return value


def _child_main(
    work: Callable[[], object],
    crashed: Callable[[str | None], Exception],
    unused: tuple[int, ...],
    write: int,
    mask: set[int],
) -> NoReturn:
    """The child's whole life: close the parent's descriptors it has no use for (``unused``),
    run ``work``, send its result, exit.

    ``mask`` is the signal mask to restore once SIGINT is ignored and SIGTERM fatal.
    Without the cyclic garbage collector: loading a renderer or the model creates some
    hundred thousand objects and the collector would walk them again and again (a tenth of
    the imports' time) to free next to nothing, in a process that exits when it is done.
    """
    status = 1
    try:
        for fd in unused:
            os.close(fd)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        gc.disable()
        try:
            payload = pickle.dumps(("ok", work()))
        except BaseException as exc:
            try:
                payload = pickle.dumps(("error", exc))
            except Exception:
                payload = pickle.dumps(("error", crashed(f"{type(exc).__name__}: {exc}")))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(payload)
        status = 0
    finally:
        os._exit(status)
