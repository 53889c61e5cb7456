"""Call monitoring computed from the application records, with a data-quality report.

Monitoring offices export the list of applications from the grants system (one row per
application) and count. This package reads such an export (CSV or XLSX, Italian headers,
``;`` separators, decimal commas, Italian dates), computes every figure of a call's
monitoring and lists the rows whose data look wrong.

The stages, one module each: ``config`` (the logical columns and the ``registri:``
section), ``read`` (the file to batches of text columns), ``parse`` (each distinct text's
value), ``analysis`` (figures summed up batch by batch, as the data of ``figures``),
``issues`` (the problems found, listed by row), ``output`` (JSON and text) and ``hook`` (the
loader's: ``monitoraggio: {registri: ...}`` to computed fields). The ``porreport monitor``
command is in ``porreport.cli.monitor``.

pyarrow and NumPy are imported with ``read``, ``parse`` and ``analysis``, which load on
first use (``summarise_file`` below, or the hook when a report has records): loading a
report without records does not pay for them. pandas is imported only for a CSV file that
pyarrow's reader refuses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from porreport.inputs.records.config import (
    COLUMNS,
    DEFAULT_TOP,
    MAX_RECORDS_BYTES,
    STATUSES,
    RecordsConfig,
)
from porreport.inputs.records.figures import Issue, RecordsSummary, SectorFigure, SizeFigure
from porreport.inputs.records.hook import (
    RecordsRequest,
    RecordsResult,
    monitoring_fields,
    resolve_records,
)
from porreport.inputs.records.output import sector_title, to_json, to_text

if TYPE_CHECKING:
    from porreport.inputs.records.analysis import summarise_batches, summarise_file
    from porreport.inputs.records.read import open_records

# The entry points that bring pyarrow along, and the module each is imported from on use.
_WITH_PYARROW = {
    "open_records": "porreport.inputs.records.read",
    "summarise_batches": "porreport.inputs.records.analysis",
    "summarise_file": "porreport.inputs.records.analysis",
}

__all__ = [
    "COLUMNS",
    "DEFAULT_TOP",
    "MAX_RECORDS_BYTES",
    "STATUSES",
    "Issue",
    "RecordsConfig",
    "RecordsRequest",
    "RecordsResult",
    "RecordsSummary",
    "SectorFigure",
    "SizeFigure",
    "monitoring_fields",
    "open_records",
    "resolve_records",
    "sector_title",
    "summarise_batches",
    "summarise_file",
    "to_json",
    "to_text",
]


def __getattr__(name: str) -> object:
    """``open_records``, ``summarise_batches`` and ``summarise_file``, imported on first use."""
    if name in _WITH_PYARROW:
        return getattr(importlib.import_module(_WITH_PYARROW[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
