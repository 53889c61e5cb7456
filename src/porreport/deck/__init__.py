"""The committee deck (PPTX): planned first, then written with python-pptx.

``render.render_deck`` runs two stages. Planning, without python-pptx: the template
contract and its boxes (``template``), named text styles (``styles``), text measurement and
fitting (``fit``), the planned slides (``slides``) and the planners (``plan`` and
``plan_*``: pagination, fitting, splitting; ``plan_map``: the map as vector shapes;
``plan_keys``: every element's key and what it shows).
Emitting: reading the template file (``template_file``), slides, placeholders and notes
(``emit``), text XML (``text``), drawn shapes and the table (``shapes``), the map's shapes
(``map_shapes``), native charts (``charts``, their label layout ``chart_layout``), the
embedded font (``fontembed``), the keys and fingerprints stored in custom tags (``stamp``,
``tagging``; read back by ``stored``) and their copy in the document properties
(``manifest``), and the clean-up of the saved package (``package``).
``update``: an edited deck updated with a new document (``porreport update``).

May import: ``porreport.content``, ``porreport.charts`` and the shared base modules.
Never ``porreport.bulletin``.
"""
