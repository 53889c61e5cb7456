"""What the workers' server (multiprocessing's forkserver) loads before it forks a worker.

The server imports these modules once (``pool.preload``); every worker forked from it starts
with them loaded and warm, instead of paying again, in each worker, for its first report's
one-time costs (about 0.5 s: the deck template, fonts and styles, province geometry, the
charts' first drawing with matplotlib). Importing ``warm.deck`` or ``warm.bulletin`` renders
the bundled example in that format and throws the bytes away: the renderers' caches are
keyed on what their results depend on, so a worker that starts with them filled builds the
same bytes as one that starts empty (as it does after any earlier report).

A fork copies only the thread that forks: the server must stay single-threaded. numpy's
OpenBLAS would start a pool of threads when matplotlib loads it; the charts' matrices are
3 x 3, so one thread is enough (and the workers inherit the setting).

The server loads and warms without the cyclic garbage collector (importing this package
switches it off: the package is for the server only): the imports and the first renders
create some hundred thousand objects, and the collector would walk them again and again
(about a tenth of the warm-up) to free next to nothing. ``warm`` collects what each render
left, and each worker switches the collector back on (``worker.worker_init``).
"""

from __future__ import annotations

import contextlib
import gc
import os
from functools import cache

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before anything loads numpy

from porreport import api
from porreport.batch import worker  # noqa: F401  (what every worker runs)
from porreport.content.document import Document
from porreport.resources import example_report

gc.disable()  # before the renderers and the model load (the module docstring says why)


@cache
def example_document() -> Document | None:
    """The bundled example's document (None when it cannot be built: workers start cold)."""
    try:
        return api.document_of(api.load(example_report()))
    except Exception:  # a warm-up only; the server must start whatever happens
        return None


def warm(fmt: str) -> None:
    """Render the example in ``fmt`` once, and keep what exists then out of the cyclic
    garbage collector's way (``gc.freeze``: the workers' collections skip it and do not
    touch, hence copy, the server's memory).

    The modules are frozen as they were imported, uncollected: the few thousand objects
    their imports left unreachable are not worth a walk through the hundreds of thousands
    they keep (0.09 s); what the render left is collected, a walk through its own objects.
    """
    document = example_document()
    # should it fail, the workers start cold and still build the same bytes
    with contextlib.suppress(Exception):
        api.load_renderer(fmt)
    gc.freeze()
    if document is not None:
        with contextlib.suppress(Exception):
            api.render(document, fmt, None)
    gc.collect()
    gc.freeze()
