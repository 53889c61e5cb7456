"""The logos a report names, checked once as the report loads, so that the PDF renderer
never meets an image it cannot draw or cannot afford.

A PNG or JPEG declares its dimensions in its first bytes, and a file of a few kilobytes can
declare 12,000 x 12,000 pixels: the dimensions are read from the header (no pixel decoded)
and held to ``MAX_LOGO_PIXELS`` first. Only then is the image decoded once, which finds a
truncated or damaged file. The limits are in docs/limits.md; every refusal is a
``ValueError`` in Italian, and the caller names the field.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import BinaryIO

from porreport.formatting import count

MAX_IMAGE_BYTES = 10 * 1024 * 1024
# ReportLab holds every logo of a bulletin as raw pixels until the PDF is written (about
# 11 bytes a pixel with what it derives): six logos at this limit stay within 512 MB
MAX_LOGO_PIXELS = 4_000_000
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
# JPEG markers that start a frame header (SOF0-15 but DHT, JPG and DAC), which holds the size
_FRAME_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_DAMAGED = "immagine danneggiata o incompleta: il file non si decodifica per intero"
_MARKERS_READ = 1_000  # a real JPEG has a few dozen segments before its frame header


def check_logo(path: Path, name: str) -> None:
    """Refuse the logo at ``path`` (written ``name`` in the report) unless it is a PNG or
    JPEG within ``MAX_LOGO_PIXELS`` that decodes whole. Raises ``ValueError`` in Italian."""
    if not name.lower().endswith(LOGO_SUFFIXES):
        raise ValueError("formato di immagine non ammesso. Formati ammessi: PNG, JPEG")
    with path.open("rb") as fh:
        size = header_size(fh)
    if size is None:
        raise ValueError("il file non è un'immagine PNG o JPEG valida")
    _check_pixels(*size)
    _decode(path)


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_LOGO_PIXELS:
        raise ValueError(
            f"immagine troppo grande: {count(width)} × {count(height)} pixel "
            f"({count(width * height)} pixel); ammessi al massimo {count(MAX_LOGO_PIXELS)} "
            "pixel (ad esempio 2.000 × 2.000)"
        )


def header_size(fh: BinaryIO) -> tuple[int, int] | None:
    """(width, height) as a PNG or JPEG header declares them; None for anything else or a
    header that ends too soon."""
    head = fh.read(24)
    if head.startswith(_PNG):
        if len(head) < 24 or head[12:16] != b"IHDR":
            return None
        return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if head.startswith(_JPEG):
        return _jpeg_size(fh)
    return None


def _jpeg_size(fh: BinaryIO) -> tuple[int, int] | None:
    """The size in a JPEG's frame header, walking the segments before it."""
    position = 2
    for _ in range(_MARKERS_READ):
        fh.seek(position)
        marker = fh.read(4)
        if len(marker) < 4 or marker[0] != 0xFF:
            return None
        kind = marker[1]
        if kind == 0xFF:  # a fill byte before the marker
            position += 1
        elif kind == 0x01 or 0xD0 <= kind <= 0xD8:  # markers without a length
            position += 2
        elif kind in (0xD9, 0xDA):  # the end, or the scan, before any frame header
            return None
        elif kind in _FRAME_MARKERS:
            frame = fh.read(5)  # precision, height, width
            if len(frame) < 5:
                return None
            return int.from_bytes(frame[3:5], "big"), int.from_bytes(frame[1:3], "big")
        else:
            position += 2 + int.from_bytes(marker[2:4], "big")
    return None


def _decode(path: Path) -> None:
    """Decode the image whole once: a truncated or damaged file fails here, not in the
    renderer."""
    # Pillow: only a report with logos loads it here (the PDF renderer has it anyway)
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's own warnings are not for the user
        try:
            image = Image.open(path)
        except Exception:
            raise ValueError(_DAMAGED) from None
        with image:
            # the size Pillow takes, which a second JPEG frame header could change
            _check_pixels(*image.size)
            try:
                if image.format == "JPEG":
                    # decoded at an eighth of its size: every byte of the scan is still read
                    image.draft(image.mode, (max(image.width // 8, 1), max(image.height // 8, 1)))
                image.load()
            except Exception:
                raise ValueError(_DAMAGED) from None
