"""Zip containers from outside (XLSX tables and records, PPTX templates and edited decks),
checked before anything inflates them.

A zip declares each part's uncompressed size in its central directory, and Python's
``zipfile`` (which openpyxl and python-pptx read through) never inflates a part past its
declared size: checking the declared sizes is enough to keep a zip bomb from growing the
process. The limits are documented in docs/limits.md; every refusal is a ``ValueError``
with an Italian message, and the caller names the file.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from porreport.errors import shown
from porreport.formatting import count as format_count
from porreport.formatting import megabytes


@dataclass(frozen=True)
class ZipLimits:
    """How large a container may inflate: parts, bytes per part and in all, ratio."""

    parts: int = 5_000
    part_bytes: int = 100 * 1024 * 1024
    total_bytes: int = 300 * 1024 * 1024
    ratio: int = 200  # uncompressed / compressed, checked on parts over ``ratio_from`` bytes
    ratio_from: int = 1024 * 1024


DEFAULT_ZIP_LIMITS = ZipLimits()


def check_zip(path: Path, limits: ZipLimits = DEFAULT_ZIP_LIMITS) -> None:
    """Refuse ``path`` unless it is a zip whose declared contents keep within ``limits``.

    Reads only the central directory. Raises ``ValueError`` in Italian.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise ValueError("archivio danneggiato o non in formato zip (Office Open XML)") from None
    if len(infos) > limits.parts:
        raise ValueError(
            f"l'archivio contiene {format_count(len(infos))} parti; "
            f"ammesse al massimo {format_count(limits.parts)}"
        )
    total = 0
    for info in infos:
        _check_part(info, limits)
        total += info.file_size
    if total > limits.total_bytes:
        raise ValueError(
            f"l'archivio decompresso occuperebbe {megabytes(total)}; "
            f"ammessi al massimo {megabytes(limits.total_bytes)}"
        )


def _check_part(info: zipfile.ZipInfo, limits: ZipLimits) -> None:
    if info.file_size > limits.part_bytes:
        raise ValueError(
            f"la parte '{shown(info.filename, 200)}' decompressa occuperebbe {megabytes(info.file_size)}; "
            f"ammessi al massimo {megabytes(limits.part_bytes)} per parte"
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.ratio_from and ratio > limits.ratio:
        raise ValueError(
            f"la parte '{shown(info.filename, 200)}' si espande {format_count(int(ratio))} volte "
            f"(ammesso al massimo {format_count(limits.ratio)}): possibile «zip bomb»"
        )
