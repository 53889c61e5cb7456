"""Charts: the document's chart and map specs drawn with matplotlib.

Owns the public entry points (``draw``: ``render_chart``, ``chart_figure``, ``render_map``,
``map_figure``), the theme, fonts and image output (``style``), the chart kinds (``kinds``)
and where their parts go (``layout``), and the province map: outlines and frame
(``geometry``), colour classes (``classes``), where its parts go (``map_layout``) and
drawing (``map``); names shared with the renderers (``marks``). The bulletin turns the drawn
figures into vectors; the deck draws the map's layout as native shapes. ``geometry``,
``classes``, ``map_layout`` and ``marks`` load no matplotlib.

May import: ``porreport.content.document`` (the specs), the shared base modules and
matplotlib. Never a renderer (``deck``, ``bulletin``).
"""
