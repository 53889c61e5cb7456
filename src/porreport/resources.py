"""Locate the files porreport ships: layouts/, fonts/ and data/.

In a wheel they live in ``porreport/_bundled``; in a source checkout they are the top-level
folders of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def resource_dir(name: str) -> Path:
    """Return the folder ``name`` ('layouts', 'fonts' or 'data')."""
    bundled = _PACKAGE / "_bundled" / name
    if bundled.is_dir():
        return bundled
    checkout = _PACKAGE.parents[1] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"porreport resource folder '{name}' not found (looked in {bundled}, {checkout})"
    )


def font_path(style: str = "Regular") -> Path:
    """Path of a bundled Titillium Web TTF (Regular, Bold, SemiBold, Italic, Light)."""
    return resource_dir("fonts") / f"TitilliumWeb-{style}.ttf"


def example_report() -> Path:
    """The bundled example report (the source committee presentation as data)."""
    return resource_dir("data") / "por_fse_lombardia_2021.yaml"
