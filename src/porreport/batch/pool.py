"""The worker processes of a batch, and what stops them.

Every report is built in a worker process (``ProcessPoolExecutor``), so a report that
crashes its worker (a signal, memory exhausted) fails alone and the others go on in a fresh
pool. One pool serves the whole batch; its workers are forked from a server process that
imported what they need once (``_context``). SIGINT and SIGTERM become ``Interrupted`` in
the parent, which then stops the workers.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from types import FrameType

from porreport.batch.task import CRASH_MESSAGE, Result, Task, Worker, failure
from porreport.batch.worker import worker_init
from porreport.output import signals_held

OnDone = Callable[[int, Result], None]
# What every worker imports: the loader and the check for unchanged outputs (about 0.35 s)...
LOADING = ("porreport.batch.worker",)
# ...and, per format rendered, the renderer (python-pptx or ReportLab, with matplotlib: 0.4 s),
# then, when the workers outnumber the cores, the bundled example rendered once
# (``porreport.batch.warm``).
RENDERING = {"pptx": "porreport.batch.warm.deck", "pdf": "porreport.batch.warm.bulletin"}
EXAMPLE = "porreport.batch.warm.example"
# ...and last, in every case, the server's exit without teardown (``porreport.batch.quick_exit``)
SERVER_EXIT = "porreport.batch.quick_exit"


class Interrupted(BaseException):
    """SIGINT or SIGTERM reached the batch: stop, clean up, write the summary."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def execute(tasks: Sequence[Task], jobs: int, worker: Worker, on_done: OnDone) -> None:
    """Run every task; a crashed worker fails its report, the rest go on in a fresh pool.

    When several reports were in flight as a pool broke, each of them is run again alone, so
    only the one that crashes is failed.
    """
    pending: deque[int] = deque(range(len(tasks)))
    suspects: deque[int] = deque()
    context = _context(preload(tasks, jobs))
    while pending or suspects:
        alone = not pending
        queue = suspects if alone else pending
        width = 1 if alone else jobs
        # one report more than workers waits in the pool's queue, so a worker that finishes
        # starts the next at once instead of waiting for the parent's round trip; alone,
        # exactly one report is in flight, so a crash names it
        ahead = width if alone else width + 1
        broken = _run_pool(tasks, queue, width, ahead, worker, on_done, context)
        if len(broken) == 1:
            on_done(broken[0], failure(CRASH_MESSAGE))
        else:
            suspects.extend(broken)


def preload(tasks: Sequence[Task], jobs: int) -> tuple[str, ...]:
    """The modules the workers' server imports: the renderers of the batch's formats too
    when at least half of the reports will be rendered (forced, or without recorded
    outputs), and the example rendered with them when the ``jobs`` workers outnumber the
    cores (``porreport.batch.warm``); a batch over mostly unchanged reports does not pay
    for them, its workers skip the reports. Last, ``SERVER_EXIT``."""
    rendered = sum(1 for t in tasks if t.force or any(f not in t.previous for f in t.formats))
    if 2 * rendered < len(tasks):
        return (*LOADING, SERVER_EXIT)
    formats = {f for t in tasks for f in t.formats}
    renderers = tuple(module for f, module in RENDERING.items() if f in formats)
    example = (EXAMPLE,) if jobs > (os.cpu_count() or 1) else ()
    # the renderers first: their package switches the garbage collector off for what
    # follows (``porreport.batch.warm``)
    return (*renderers, *example, *LOADING, SERVER_EXIT)


def _run_pool(
    tasks: Sequence[Task],
    queue: deque[int],
    width: int,
    ahead: int,
    worker: Worker,
    on_done: OnDone,
    context: multiprocessing.context.BaseContext,
) -> list[int]:
    """Run tasks from ``queue`` with ``width`` workers, ``ahead`` of them submitted at a
    time, until done or the pool breaks.

    Returns the tasks that were in flight when the pool broke (empty when it did not).
    """
    pool = cf.ProcessPoolExecutor(max_workers=width, mp_context=context, initializer=worker_init)
    inflight: dict[cf.Future[Result], int] = {}
    try:
        while queue or inflight:
            while queue and len(inflight) < ahead:
                index = queue[0]
                try:
                    # a worker it starts is known to the pool before an interruption stops
                    # them (the server is ready: ``_start_server``)
                    with signals_held():
                        inflight[pool.submit(worker, tasks[index])] = index
                except BrokenProcessPool:
                    if not inflight:
                        raise
                    break
                queue.popleft()
            done, _ = cf.wait(inflight, return_when=cf.FIRST_COMPLETED)
            broken = []
            for future in done:
                index = inflight.pop(future)
                try:
                    on_done(index, future.result())
                except BrokenProcessPool:
                    broken.append(index)
                except Exception as exc:  # e.g. a result that could not be sent back
                    on_done(index, failure(f"errore interno: {type(exc).__name__}: {exc}"))
            if broken:
                return sorted([*broken, *inflight.values()])
        return []
    except BaseException:
        _stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _context(modules: Sequence[str]) -> multiprocessing.context.BaseContext:
    """Where the workers come from: forked from a server process, where there is one.

    The server (multiprocessing's forkserver, one per batch process) is a fresh process that
    imports ``modules`` and then forks a worker when asked: each starts with them loaded,
    paid for once instead of once per worker. Forking the batch process itself would not be
    safe: it may run threads (pyarrow's, once records were read), and a fork copies only the
    thread that forks. Without a forkserver (Windows), workers are spawned and import on
    their own. The server, once running, keeps the modules it was started with.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(modules))
    _start_server(context)
    return context


def _start_server(context: multiprocessing.context.ForkServerContext) -> None:
    """Start the workers' server with SIGINT blocked, as multiprocessing starts its resource
    tracker: the server inherits the mask, and so do the workers it forks, so a Ctrl-C
    (sent to the whole process group) interrupts neither while they load (a traceback on
    the terminal); the batch stops them itself.

    Then wait, interruptibly, for a process that does nothing: once it has run, the server
    has loaded its modules and starting a worker takes milliseconds, short enough for
    ``_run_pool`` to hold signals while it does (a worker the pool has not yet registered
    when it is stopped would start after the batch and fail on the terminal).
    """
    from multiprocessing import forkserver, resource_tracker

    resource_tracker.ensure_running()  # unblocks the signals it blocks: started first
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        forkserver.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    probe = context.Process(target=os.getpid, name="porreport-probe")
    probe.start()
    probe.join()


def _stop_workers(pool: cf.ProcessPoolExecutor) -> None:
    """Terminate a pool's worker processes now and wait until they are gone."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public API
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)


@dataclass
class Signals:
    """Signals received by the batch; once ``closing``, they are only recorded."""

    received: list[int] = field(default_factory=list)
    closing: bool = False


@contextlib.contextmanager
def signals_raise() -> Iterator[Signals]:
    """SIGINT/SIGTERM raise ``Interrupted`` inside the block until ``closing`` is set; after
    that (while the summary is written) a signal is only recorded."""
    signals = Signals()
    if threading.current_thread() is not threading.main_thread():
        yield signals
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        signals.received.append(signum)
        if len(signals.received) == 1 and not signals.closing:
            raise Interrupted(signum)

    saved = {s: signal.signal(s, interrupt) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield signals
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
