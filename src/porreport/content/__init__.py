"""Content: the renderer-neutral document and the builder that makes it from a report.

Owns ``document`` (frozen dataclasses: sections made of blocks, every figure already
formatted in Italian) and ``builder`` (report -> document, once for both outputs).

May import: ``porreport.model`` and the shared base modules. Never an output library nor
pandas: both renderers read what is built here.
"""
