"""What a build depends on, as sha256 digests: a file, the environment (porreport's code,
bundled layouts, fonts and reference data) and one report: the validated report the loader
made of its files, and the files themselves.

A report's files are hashed after the loader has read them, so an edit landing in between
would pair the new files with a document built from the old ones. The validated report is
what the document is built from: it is part of the fingerprint, so such a pair never matches
the next run's (which reads the edited files into another report) and the report is rebuilt.
Logos are read by the renderers after the fingerprint: their identity (``file_identity``) is
compared again once the outputs are written (``changed_since``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from porreport import __version__, api
from porreport.resources import resource_dir

# The bundled data files the renderers read (model.reference, charts.geometry): part of every
# build; the example reports and records next to them are not.
DATA_FILES = ("province.csv", "province_geometrie.json")


def file_digest(path: Path) -> tuple[str, int]:
    """sha256 (hex) and size of a file."""
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def environment_fingerprint() -> str:
    """sha256 of what every build depends on besides its report: porreport's version and
    code, the bundled layouts (deck template) and fonts, and the reference data the
    renderers read (``DATA_FILES``; not the example reports and records)."""
    h = hashlib.sha256(f"porreport {__version__}\n".encode())
    package = Path(api.__file__).resolve().parent
    groups = [("codice", package, "*.py")]
    for name in ("layouts", "fonts"):
        with contextlib.suppress(FileNotFoundError):
            groups.append((name, resource_dir(name), "*"))
    with contextlib.suppress(FileNotFoundError):
        for data_file in DATA_FILES:
            groups.append(("data", resource_dir("data"), data_file))
    for label, folder, pattern in groups:
        for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
            if "__pycache__" in path.parts or (label == "data" and path.parent != folder):
                continue
            digest, _ = file_digest(path)
            h.update(f"{label}/{path.relative_to(folder).as_posix()} {digest}\n".encode())
    return h.hexdigest()


def input_fingerprint(
    inputs: Sequence[Path], base: Path, environment: str, *, content: bytes = b""
) -> str:
    """sha256 of a report: ``content`` (what the loader made of its files, e.g. the validated
    report as JSON) and its input files (names relative to its folder, and contents)."""
    h = hashlib.sha256(f"{environment}\n".encode())
    h.update(f"contenuto {hashlib.sha256(content).hexdigest()}\n".encode())
    for path in sorted(set(inputs)):
        digest, _ = file_digest(path)
        # a name's bytes as the file system has them: valid UTF-8 or not
        h.update(os.fsencode(os.path.relpath(path, base)) + f" {digest}\n".encode())
    return h.hexdigest()


# What tells a file's versions apart without reading it: a rewrite in place changes its
# ctime (and usually size and mtime), a replacement also its inode.
Identity = tuple[int, int, int, int, int]


def file_identity(path: Path) -> Identity | None:
    """Device, inode, size, mtime and ctime of ``path`` (None when it cannot be seen)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def changed_since(seen: dict[Path, Identity | None]) -> list[Path]:
    """The files whose identity is no longer the one recorded in ``seen``."""
    return [path for path, identity in seen.items() if file_identity(path) != identity]
