"""Preloaded last by the workers' server (``pool.preload``), for the server only: when the
server ends (the batch's process closed its end of the server's pipe, or exited), it leaves
with ``os._exit`` instead of tearing down the hundreds of thousands of objects it loaded for
its workers, one by one (about 25 ms of a core, after the batch's last report; the
benchmark's batch counts it, a scheduler that starts the next job at once does too).

The server has nothing to flush or close at that point: it writes no file and holds nothing
but the modules it loaded. Its standard streams are flushed anyway. The workers it forks
inherit the exit handler but never run it: multiprocessing ends them with ``os._exit``.
Anywhere else the handler would hide the process's exit status (a test run's failures), so
it is registered only in a process started as multiprocessing starts its forkserver (``-c``
with ``multiprocessing.forkserver`` loaded); nothing else imports this module.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys


def leave() -> None:
    """Flush the standard streams and end the process at once, status 0."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)


def in_server() -> bool:
    """Whether this process looks like multiprocessing's forkserver."""
    return sys.argv[:1] == ["-c"] and "multiprocessing.forkserver" in sys.modules


if in_server():
    atexit.register(leave)  # registered last, so it runs first (atexit runs in reverse)
