"""Inputs: from files people edit to a validated report.

``loading`` runs the stages: ``yaml_safe`` (safe YAML parsing, line numbers; its loader,
``yaml_loader``, reads plain values by YAML 1.2's core rules and checks size and nesting
before composing), ``tables``
(files next to the report, CSV/XLSX tables), ``records`` (the application records of a
call, to computed monitoring figures), ``glyphs`` (texts the font can draw) and
``messages`` (field paths and the Italian messages for input mistakes). Files from outside
are held to limits before anything expensive reads them: ``paths`` (a path that names no
file), ``archive`` (a zip's declared sizes), ``presentations`` (PPTX templates and decks to
update), ``images`` (logos).

May import: ``porreport.model`` and the shared base modules; pandas/pyarrow only in
``records``. Never a renderer.
"""
