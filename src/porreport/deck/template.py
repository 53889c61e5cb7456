"""The template contract of the deck: layout names, placeholder names and their boxes.

The renderer looks layouts and placeholders up by these names, never by index, so another
organisation's template works as long as it uses the same names (see docs/template.md).
``scripts/make_template.py`` builds the default template from the same constants;
``porreport.deck.template_file`` reads a template's boxes into ``LayoutFrames``.
"""

from __future__ import annotations

from dataclasses import dataclass

from porreport.errors import TemplateError

# Placeholder names shared by several layouts.
TITLE = "Titolo"
SUBTITLE = "Sottotitolo"
TEXT = "Testo"
NOTES = "Note"
CUTOFF = "Dati al"  # the layout's date placeholder (type dt): the data's cut-off date
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
FOOTER = "Piè di pagina"  # the layout's footer placeholder (type ftr), left for staff
SLIDE_NUMBER = "Numero diapositiva"  # the layout's slide-number placeholder (type sldNum)

_FURNITURE = (CUTOFF, FOOTER, SLIDE_NUMBER)
_FOOTER = (NOTES, ILLUSTRATIVE, *_FURNITURE)
# boxes that never grow over an empty Note
FIXED_BOXES = (NOTES, ILLUSTRATIVE, TITLE, SUBTITLE, *_FURNITURE)
UNNUMBERED = ("title", "closing")  # layout ids whose slides show no slide number

# layout id (document.Section.layout) -> (layout name staff see in PowerPoint, placeholders)
LAYOUTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "title": ("Titolo", (TITLE, SUBTITLE, TEXT, *_FURNITURE)),
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
    "closing": ("Chiusura", (TITLE, SUBTITLE, TEXT, *_FURNITURE)),
}
# Layouts of the bundled template for slides staff add by hand (the renderer uses none).
GENERIC_LAYOUTS = (
    "Titolo e contenuto",
    "Solo titolo",
    "Vuota",
    "Titolo e due contenuti",
    "Intestazione sezione",
)

Box = tuple[int, int, int, int]  # x, y, w, h in EMU
Insets = tuple[int, int, int, int]  # left, top, right, bottom in EMU
DEFAULT_INSETS: Insets = (91440, 45720, 91440, 45720)  # OOXML's, when a box sets none


def layout_name(layout_id: str) -> str:
    """The PowerPoint name of a layout id ('cards' -> 'Schede')."""
    return LAYOUTS[layout_id][0]


@dataclass(frozen=True)
class Frame:
    """A placeholder's box and text insets, as the template's layout gives them."""

    box: Box
    insets: Insets


@dataclass(frozen=True)
class LayoutFrames:
    """The placeholders of one layout of a template (``source`` is the file's name)."""

    source: str
    name: str
    frames: dict[str, Frame]

    def frame(self, placeholder: str) -> Frame:
        """The frame of a placeholder; TemplateError naming it when the layout lacks it."""
        if placeholder not in self.frames:
            raise missing_placeholder(self.source, self.name, placeholder)
        return self.frames[placeholder]


def missing_placeholder(source: str, layout: str, name: str) -> TemplateError:
    """The error for a layout without a placeholder the deck needs."""
    return TemplateError(
        f"Nel modello {source} il layout «{layout}» non ha il segnaposto «{name}»."
    )
