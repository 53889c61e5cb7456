"""PPTX files from outside — a template given with ``--template``, the edited deck given to
``porreport update`` — checked before python-pptx opens them.

python-pptx reads every part of a package into memory and parses every XML part into an
lxml tree, which takes some 150 bytes for each tag and each attribute whatever their length.
So two things are bounded: the bytes, by the zip's declared sizes (``archive.check_zip``,
nothing inflated), and the trees, by the markup of the XML parts (tags and attributes,
counted while streaming them, never parsing). The limits are in docs/limits.md; every
refusal is a ``ValueError`` in Italian, and the caller names the file.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import IO

from porreport.errors import InputError, shown
from porreport.formatting import count, megabytes
from porreport.inputs.archive import ZipLimits, check_zip
from porreport.inputs.paths import path_problem, shown_path

MB = 1024 * 1024
# a template's pictures may be tens of megabytes; python-pptx holds each part's bytes, and
# writing a deck or an update holds them two or three times more
PRESENTATION_LIMITS = ZipLimits(parts=5_000, part_bytes=50 * MB, total_bytes=64 * MB)
MAX_PRESENTATION_BYTES = 64 * MB  # the file itself: it is read whole
# Tags and attributes of all the XML parts. A deck: porreport's 1,000-initiative example
# has 256,000. A template: the bundled one has 18,000; the renderer walks the shapes of its
# layouts several times, so a template's markup costs time as well as memory.
MAX_DECK_MARKUP = 1_000_000
MAX_TEMPLATE_MARKUP = 200_000
_CHUNK = 1024 * 1024
# what may come before the first "<" of an XML part: whitespace, the bytes of the UTF-8,
# UTF-16 and UTF-32 byte-order marks, and the NULs of UTF-16 and UTF-32 characters
_LEADING = b" \t\r\n\x00\xef\xbb\xbf\xfe\xff"


def read_deck(path: Path) -> bytes:
    """The bytes of a deck to update, read once it keeps within the limits; ``InputError``
    naming the file otherwise."""
    try:
        check_presentation(path, MAX_DECK_MARKUP)
    except ValueError as exc:
        raise InputError(f"Il deck {shown_path(path)} non è utilizzabile: {exc}.") from None
    return path.read_bytes()


def check_presentation(path: Path, max_markup: int) -> None:
    """Refuse ``path`` unless it is a zip whose declared sizes keep within
    ``PRESENTATION_LIMITS`` and whose XML parts hold at most ``max_markup`` tags and
    attributes. Raises ``ValueError`` in Italian."""
    problem = path_problem(path)
    if problem is not None:
        raise ValueError(problem)
    size = path.stat().st_size
    if size > MAX_PRESENTATION_BYTES:
        raise ValueError(
            f"il file occupa {megabytes(size)}; ammessi al massimo {megabytes(MAX_PRESENTATION_BYTES)}"
        )
    check_zip(path, PRESENTATION_LIMITS)
    with zipfile.ZipFile(path) as archive:
        markup = 0
        for info in archive.infolist():
            markup += _part_markup(archive, info, max_markup - markup)
            if markup > max_markup:
                raise ValueError(
                    f"le parti XML contengono più di {count(max_markup)} tag e attributi; "
                    f"ammessi al massimo {count(max_markup)}"
                )


def _part_markup(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
    """The tags and attributes of one part when it is XML (0 for a picture, a font...),
    counted up to just past ``budget``. Reading it checks its CRC too."""
    try:
        with archive.open(info) as part:
            return _markup(part, budget)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError):
        # RuntimeError: an encrypted part; NotImplementedError: an unknown compression
        raise ValueError(
            f"archivio danneggiato: la parte '{shown(info.filename, 200)}' non si legge per intero"
        ) from None


def _markup(part: IO[bytes], budget: int) -> int:
    """Count ``<`` and ``=`` (each tag, each attribute) of a part that lxml could parse: its
    first byte but whitespace, NULs and byte-order marks is ``<`` (in UTF-16 and UTF-32 the
    count of these bytes is higher than that of the characters, never lower)."""
    chunk = part.read(_CHUNK)
    lead = chunk.lstrip(_LEADING)
    while chunk and not lead:
        chunk = part.read(_CHUNK)
        lead = chunk.lstrip(_LEADING)
    if not lead.startswith(b"<"):
        return 0  # a picture, a font...: python-pptx keeps its bytes and never parses them
    found = 0
    while chunk and found <= budget:
        found += chunk.count(b"<") + chunk.count(b"=")
        chunk = part.read(_CHUNK)
    return found
