"""Items of an iterator produced by a thread of their own, a few ahead of their consumer.

pyarrow's streaming CSV reader decodes a block only when asked for it: the analysis of one
batch and the decoding of the next would take turns. Asked from a thread (which waits for
pyarrow without holding the GIL), the blocks are decoded while the analysis works.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeVar, cast

T = TypeVar("T")
_END = object()
_POLL_S = 0.1  # how often a producer with a full queue looks whether it should stop


@dataclass(frozen=True)
class _Raised:
    """What the producing thread raised, to be raised again by the consumer."""

    error: BaseException


def ahead(items: Iterator[T], depth: int) -> Iterator[T]:
    """The items of ``items`` in order, up to ``depth`` of them produced in advance.

    An exception raised by ``items`` is raised here, at its place in the sequence. When the
    consumer stops early, the producing thread stops too (after the item it is making).
    """
    made: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def hand_over(item: object) -> bool:
        while not stop.is_set():
            try:
                made.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not hand_over(item):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            hand_over(_Raised(exc))
            return
        hand_over(_END)

    thread = threading.Thread(target=produce, name="porreport-ahead", daemon=True)
    thread.start()
    try:
        while (item := made.get()) is not _END:
            if isinstance(item, _Raised):
                raise item.error
            yield cast(T, item)
    finally:
        stop.set()
        thread.join()
