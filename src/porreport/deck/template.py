"""The template contract of the deck: layout names and placeholder names.

The renderer looks layouts and placeholders up by these names, never by index, so another
organisation's template works as long as it uses the same names (see docs/template.md).
``scripts/make_template.py`` builds the default template from the same constants.
"""

from __future__ import annotations

# Placeholder names shared by several layouts.
TITLE = "Titolo"
SUBTITLE = "Sottotitolo"
TEXT = "Testo"
NOTES = "Note"
CUTOFF = "Dati al"
ILLUSTRATIVE = "Nota illustrativa"
FIGURES = "Cifre"
CARDS = "Schede"
LIST = "Elenco"
TABLE = "Tabella"
CHART = "Grafico"
CHART_2 = "Grafico 2"
MAP = "Mappa"
LEFT = "Colonna sinistra"
RIGHT = "Colonna destra"

_FOOTER = (NOTES, CUTOFF, ILLUSTRATIVE)

# layout id (document.Section.layout) -> (layout name staff see in PowerPoint, placeholders)
LAYOUTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "title": ("Titolo", (TITLE, SUBTITLE, TEXT)),
    "key_figures": ("Cifre chiave", (TITLE, SUBTITLE, FIGURES, CHART, *_FOOTER)),
    "cards": ("Schede", (TITLE, SUBTITLE, CARDS, *_FOOTER)),
    "list": ("Elenco", (TITLE, SUBTITLE, LIST, *_FOOTER)),
    "table_chart": (
        "Tabella e grafico",
        (TITLE, SUBTITLE, FIGURES, TABLE, CHART, CHART_2, *_FOOTER),
    ),
    "chart": ("Grafico", (TITLE, SUBTITLE, CHART, *_FOOTER)),
    "map": ("Mappa", (TITLE, SUBTITLE, TEXT, MAP, *_FOOTER)),
    "two_columns": ("Due colonne", (TITLE, SUBTITLE, LEFT, RIGHT, *_FOOTER)),
    "closing": ("Chiusura", (TITLE, SUBTITLE, TEXT)),
}


def layout_name(layout_id: str) -> str:
    """The PowerPoint name of a layout id ('cards' -> 'Schede')."""
    return LAYOUTS[layout_id][0]
