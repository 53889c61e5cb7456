"""Charts: the document's chart and map specs drawn with matplotlib.

Owns the public entry points (``draw``: ``render_chart``, ``chart_figure``, ``render_map``,
``map_figure``), the theme, fonts and image output (``style``), the chart kinds (``kinds``)
and where their parts go (``layout``), and the province map: outlines and frame
(``geometry``), colour classes (``classes``), where its parts go (``map_layout``) and
drawing (``map``); names shared with the renderers (``marks``). The bulletin turns the drawn
figures into vectors; the deck draws the map's layout as native shapes. ``geometry``,
``classes``, ``map_layout`` and ``marks`` load no matplotlib; a renderer that loads it
lazily calls ``load_matplotlib()`` first (below).

May import: ``porreport.content.document`` (the specs), the shared base modules and
matplotlib. Never a renderer (``deck``, ``bulletin``).
"""

from __future__ import annotations

import sys


def load_matplotlib() -> None:
    """Import the parts of matplotlib the charts use, a quarter faster than a plain import.

    While matplotlib defines its artist classes it writes, for each, a docstring listing
    every property of its ``set`` method (``matplotlib.artist.kwdoc``): about 0.08 s of
    the 0.3 s matplotlib takes to import, for text only ``help()`` shows. Those docstrings
    are left short while the modules load; ``kwdoc`` is restored after, and nothing that
    is drawn depends on it. Without effect when matplotlib's figures are already loaded.
    """
    if "matplotlib.figure" in sys.modules:
        return
    import matplotlib.artist

    kwdoc = matplotlib.artist.kwdoc
    matplotlib.artist.kwdoc = _short_kwdoc
    try:
        import matplotlib.axes
        import matplotlib.backend_bases
        import matplotlib.figure
    finally:
        matplotlib.artist.kwdoc = kwdoc


def _short_kwdoc(artist: object) -> str:
    return "Properties: see the matplotlib documentation."
