"""What the workers' server (multiprocessing's forkserver) loads before it forks a worker.

The server imports these modules once (``pool.preload``); every worker forked from it starts
with them loaded instead of importing them itself. Importing ``warm.deck`` or
``warm.bulletin`` loads that format's renderer (modules, fonts, styles, matplotlib: about
0.4 s for both). A first render also has one-time costs (about 0.4 s: the template parsed,
the province geometry simplified, the charts' first drawings): when more workers than cores
will start, importing ``warm.example`` pays them once in the server, rendering the bundled
example in the loaded formats and throwing the bytes away; with as many workers as cores or
fewer, each worker pays them with its first report, all at once on their own cores, which
costs no more time than the server paying them while the other cores wait, and saves the
example's render. The renderers' caches are keyed on what their results depend on, so a
worker that starts with them filled builds the same bytes as one that starts empty (as it
does after any earlier report).

A fork copies only the thread that forks: the server must stay single-threaded. numpy's
OpenBLAS would start a pool of threads when matplotlib loads it; the charts' matrices are
3 x 3, so one thread is enough (and the workers inherit the setting).

The server loads and warms without the cyclic garbage collector (importing this package
switches it off: the package is for the server only): the imports and the first renders
create some hundred thousand objects, and the collector would walk them again and again
(about a tenth of the warm-up) to free next to nothing. ``render_example`` collects what
its renders left, and each worker switches the collector back on (``worker.worker_init``).
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
    """Load the renderer of ``fmt`` (modules, fonts, styles, matplotlib: ``api.load_renderer``)
    and keep what exists then out of the cyclic garbage collector's way (``gc.freeze``: the
    workers' collections skip it and do not touch, hence copy, the server's memory).

    The modules are frozen as they were imported, uncollected: the few thousand objects
    their imports left unreachable are not worth a walk through the hundreds of thousands
    they keep (0.09 s).
    """
    example_document()  # the model, the loader and Babel's Italian data, loaded once
    # should it fail, the workers start cold and still build the same bytes
    with contextlib.suppress(Exception):
        api.load_renderer(fmt)
        _loaded.append(fmt)
    gc.freeze()


def render_example() -> None:
    """Render the example in every format loaded so far, throwing the bytes away: its
    first render's one-time costs (the template parsed, the geometry simplified, the charts'
    first drawings) are then paid here once, not by each worker; then collect what the
    renders left (a walk through their own objects) and freeze the rest."""
    document = example_document()
    if document is not None:
        for fmt in _loaded:
            with contextlib.suppress(Exception):
                api.render(document, fmt, None)
    gc.collect()
    gc.freeze()


_loaded: list[str] = []  # the formats whose renderer ``warm`` loaded, in order
