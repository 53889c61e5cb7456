"""Python's cyclic garbage collector paused while one large piece of work runs (a report in
a batch worker, a bulletin's build), then as it was.

Such work allocates hundreds of thousands of short-lived objects. Left running, the
collector walks the young ones every 700 allocations and moves the survivors on, to walk
them again in the older generations (and every so often the whole heap: matplotlib,
ReportLab, a worker's caches). Reference counting still frees whatever holds no cycle while
it is paused. Switched back on, it collects at the next allocation what the work's
allocations call for, by its own generational rule: the work's cycles are freed then, and
long-lived objects are walked only when their generation's turn comes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the block, as it was after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
