"""The PDF bulletin with ReportLab.

Owns the styles (``styles``), the page template and story (``render``), the block
flowables (``blocks``), the charts and map as flowables (``graphics``) and the drawing
backend that turns a matplotlib figure into ReportLab shapes (``mpl_drawing``).

May import: ``porreport.content``, ``porreport.charts`` and the shared base modules.
Never ``porreport.deck``.
"""
