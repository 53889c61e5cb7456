"""The PDF bulletin with ReportLab.

Owns the styles and colours (``styles``), the page: geometry, template, running header and
footer, "Pagina N di M" (``page``), the story and its sections (``render``, with
``render_pdf``), the cover (``cover``), the outline entries (``outline``), the block
flowables (``blocks``), the charts and map as flowables (``graphics``) and the matplotlib
backend that draws a figure as ReportLab shapes (``mpl_drawing``).

May import: ``porreport.content``, ``porreport.charts``, ``porreport.inputs.glyphs`` (the
font's coverage) and the shared base modules. Never ``porreport.deck``.
"""
