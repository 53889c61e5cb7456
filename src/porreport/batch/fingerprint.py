"""What a build depends on, as sha256 digests: a file, the environment (porreport's code,
bundled layouts, fonts and reference data) and one report's inputs."""

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


def input_fingerprint(inputs: Sequence[Path], base: Path, environment: str) -> str:
    """sha256 of a report's input files (names relative to its folder, and contents)."""
    h = hashlib.sha256(f"{environment}\n".encode())
    for path in sorted(set(inputs)):
        digest, _ = file_digest(path)
        h.update(f"{os.path.relpath(path, base)} {digest}\n".encode())
    return h.hexdigest()
