"""Content: the renderer-neutral document and the builder that makes it from a report.

Owns ``document`` (frozen dataclasses: sections made of blocks, every figure already
formatted in Italian) and the builder (report -> document, once for both outputs):
``builder`` (``build_document``, the section order, title, closing and the monitoring of a
call's applications), ``programme`` (panorama, axes, initiatives), ``calls`` (a call's
description, territory and map spec, sectors, assessment), ``labels`` (the Italian labels
and format codes the sections share) and ``common`` (helpers the sections share).

May import: ``porreport.model`` and the shared base modules. Never an output library nor
pandas: both renderers read what is built here.
"""
