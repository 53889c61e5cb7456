"""The PDF bulletin with ReportLab: a tagged PDF/UA-1 and PDF/A-2 file.

Owns the styles and colours (``styles``), the page: geometry, template, running header and
footer, "Pagina N di M" (``page``), the story and its sections (``render``, with
``render_pdf``), the cover (``cover``), the outline entries (``outline``); what every block
is built from: tagged paragraphs, heading levels, keep-with-next, boxes that flow over pages
(``flow``); the block flowables (``blocks`` dispatching to ``keyfigures``, ``cards``,
``datatable``, ``texts``); the charts and map as flowables (``graphics``), the map's
province table (``provinces``) and the matplotlib backend that draws a figure as ReportLab
shapes (``mpl_drawing``). ``tagging`` writes the tags while ReportLab draws
(docs/accessibility.md).

May import: ``porreport.content``, ``porreport.charts``, ``porreport.inputs.glyphs`` (the
font's coverage) and the shared base modules. Never ``porreport.deck``.
"""
