"""Inputs: from files people edit to a validated report.

Owns safe YAML loading, tables from CSV/XLSX, the Italian messages for input mistakes, the
glyph check of texts and, in ``records``, the application records of a call.

May import: ``porreport.model`` and the shared base modules; pandas/pyarrow only in
``records``. Never a renderer.
"""
