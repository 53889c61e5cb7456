"""Write output files atomically: a file appears complete or not at all.

The bytes go to a temporary file in the same folder, are flushed to disk, then renamed over
the destination. A failure leaves the previous file untouched and no temporary behind.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_stem(name: str) -> str:
    """A file-name stem safe on every system: 'Rapporto 2021/ß' -> 'Rapporto_2021_'."""
    stem = _UNSAFE.sub("_", name).strip("._")
    return stem[:120] or "rapporto"


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
