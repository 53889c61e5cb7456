"""The deck's named text styles (size, weight, colour, space above, floor size) and the
theme colour each palette colour is written as.

Every paragraph the deck writes is made from one of these styles, so a size or a colour is
decided in one place (colours from ``porreport.theme``). A box is fitted by scaling all its
paragraphs together; the style that leads the box gives the base size and the floor below
which the text continues on a new slide instead.

The deck never writes a palette colour as RGB: ``theme_colour`` names the slot of the
template's colour scheme it stands for (``tx1``, ``accent1``...), lightened or darkened the
way PowerPoint's palette does it, so a template with another theme recolours the whole deck.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from porreport import theme as th
from porreport.deck.fit import Para, Role, Span
from porreport.typesetting import keep_together


@dataclass(frozen=True)
class TextStyle:
    """How a kind of paragraph looks.

    ``space_before`` is the space (points) above the paragraph; ``first_space_before`` the
    space above the first of a run of such paragraphs, when it differs. ``floor`` is the
    smallest size of the style when it leads a box (None: it never leads one). ``role``
    tells pagination which paragraphs open a list entry or a group.
    """

    size: float
    bold: bool
    color: str
    space_before: float = 0.0
    first_space_before: float | None = None
    floor: float | None = None
    align: str = "l"
    indent: float = 0.0
    role: Role = Role.TEXT

    def span(self, text: str) -> Span:
        """A run of ``text`` in this style's weight and colour (a number kept on one line
        with its unit)."""
        return Span(keep_together(text), self.bold, self.color)

    def para(self, text: str, *, first: bool = False) -> Para:
        """A paragraph of ``text`` in this style (``first``: the first of its run)."""
        return self.spans((self.span(text),), first=first)

    def spans(self, spans: tuple[Span, ...], *, first: bool = False) -> Para:
        """A paragraph of runs (mixed weights) at this style's size and spacing."""
        space = self.space_before
        if first and self.first_space_before is not None:
            space = self.first_space_before
        return Para(spans, self.size, space, self.align, self.indent, self.role)

    def tinted(self, color: str) -> TextStyle:
        """The same style in another colour (e.g. on a dark fill)."""
        return replace(self, color=color)

    def bounds(self) -> tuple[float, float]:
        """(base size, floor size) of a box this style leads."""
        if self.floor is None:
            raise ValueError(
                f"Stile da {self.size} pt senza dimensione minima: non guida riquadri."
            )
        return self.size, self.floor


BODY_FLOOR = 12.0  # body text never shrinks below this; it continues on a new slide
SMALL_FLOOR = 7.5  # footnotes and the bottom line


@dataclass(frozen=True)
class Styles:
    """Every text style of the deck."""

    # slide header and bottom line
    title: TextStyle
    subtitle: TextStyle
    footnote: TextStyle
    cutoff: TextStyle
    illustrative: TextStyle
    # title and closing slides
    cover_title: TextStyle
    cover_subtitle: TextStyle
    cover_lead: TextStyle
    cover_line: TextStyle
    # key figures (the headline on the dark box, the others on light boxes) and steps
    headline_label: TextStyle
    headline_value: TextStyle
    headline_note: TextStyle
    figure_label: TextStyle
    figure_value: TextStyle
    figure_note: TextStyle
    step_value: TextStyle
    step_label: TextStyle
    step_note: TextStyle
    # cards
    card_title: TextStyle
    card_subtitle: TextStyle
    text_card_subtitle: TextStyle
    card_row_label: TextStyle
    card_row_value: TextStyle
    card_text: TextStyle
    # grouped list
    group_heading: TextStyle
    item_title: TextStyle
    item_text: TextStyle
    item_meta: TextStyle
    # two columns
    column_heading: TextStyle
    column_paragraph: TextStyle
    # map slide
    map_text: TextStyle
    legend_title: TextStyle
    legend_row: TextStyle
    legend_value: TextStyle
    # table
    table_caption: TextStyle
    table_header: TextStyle
    table_body: TextStyle
    table_total: TextStyle


STYLES = Styles(
    title=TextStyle(26, True, th.DARK, floor=16),
    subtitle=TextStyle(13, True, th.PRIMARY, floor=9),
    footnote=TextStyle(9, False, th.MUTED, 2, first_space_before=0, floor=SMALL_FLOOR),
    cutoff=TextStyle(9, True, th.DARK, floor=SMALL_FLOOR),
    illustrative=TextStyle(9, True, th.NOTICE, floor=SMALL_FLOOR, align="r"),
    cover_title=TextStyle(40, True, th.WHITE, floor=24),
    cover_subtitle=TextStyle(20, False, th.SEQUENTIAL[1], floor=12),
    cover_lead=TextStyle(16, True, th.WHITE, floor=10),
    cover_line=TextStyle(14, False, th.WHITE, 4),
    headline_label=TextStyle(13, False, th.SEQUENTIAL[0]),
    headline_value=TextStyle(36, True, th.WHITE, 2, floor=16),
    headline_note=TextStyle(11, False, th.SEQUENTIAL[0], 2),
    figure_label=TextStyle(13, False, th.MUTED),
    figure_value=TextStyle(28, True, th.DARK, 2, floor=BODY_FLOOR),
    figure_note=TextStyle(11, False, th.MUTED, 2),
    step_value=TextStyle(24, True, th.DARK, floor=8),
    step_label=TextStyle(11, True, th.DARK),
    step_note=TextStyle(10, False, th.DARK),
    card_title=TextStyle(13, True, th.PRIMARY),
    card_subtitle=TextStyle(20, True, th.DARK, 2),
    text_card_subtitle=TextStyle(15, True, th.DARK, 2),
    card_row_label=TextStyle(13, False, th.MUTED, 6, first_space_before=10),
    card_row_value=TextStyle(17, True, th.DARK),
    card_text=TextStyle(14, False, th.TEXT, 5, first_space_before=8, floor=BODY_FLOOR),
    group_heading=TextStyle(15, True, th.PRIMARY, 12, role=Role.GROUP_HEADING),
    item_title=TextStyle(13, True, th.DARK, 6, role=Role.ENTRY_TITLE),
    item_text=TextStyle(13, False, th.TEXT, 1, floor=BODY_FLOOR),
    item_meta=TextStyle(11, False, th.MUTED, 1),
    column_heading=TextStyle(17, True, th.PRIMARY),
    column_paragraph=TextStyle(
        15, False, th.TEXT, 9, first_space_before=12, floor=BODY_FLOOR, indent=14
    ),
    map_text=TextStyle(15, False, th.TEXT, 6, first_space_before=0, floor=10),
    legend_title=TextStyle(13, True, th.PRIMARY, 14),
    legend_row=TextStyle(12, False, th.TEXT, 2),
    legend_value=TextStyle(12, True, th.DARK, 2),
    table_caption=TextStyle(12, True, th.DARK),
    table_header=TextStyle(13, True, th.WHITE),
    table_body=TextStyle(13, False, th.TEXT, floor=8),
    table_total=TextStyle(13, True, th.DARK),
)


@dataclass(frozen=True)
class ThemeColour:
    """A colour of the template's scheme (``tx1``, ``tx2``, ``bg1``, ``bg2``,
    ``accent1``-``accent6``), lightened (``brightness`` > 0) or darkened (< 0) as PowerPoint's
    "più chiaro 35%" / "più scuro 50%" do it (``a:lumMod``, ``a:lumOff``)."""

    scheme: str
    brightness: float = 0.0

    def xml(self) -> str:
        """The ``a:schemeClr`` element."""
        if self.brightness > 0:
            mod, off = round((1 - self.brightness) * 100000), round(self.brightness * 100000)
            tint = f'<a:lumMod val="{mod}"/><a:lumOff val="{off}"/>'
        elif self.brightness < 0:
            tint = f'<a:lumMod val="{round((1 + self.brightness) * 100000)}"/>'
        else:
            tint = ""
        return f'<a:schemeClr val="{self.scheme}">{tint}</a:schemeClr>'

    def fill(self) -> str:
        """The ``a:solidFill`` of this colour."""
        return f"<a:solidFill>{self.xml()}</a:solidFill>"


# Each palette colour the deck draws or writes text in, as the template's theme slot it
# stands for. The default template's scheme holds the palette itself (dk1 TEXT, dk2 DARK,
# lt2 LIGHT, accent1-6 the chart series), so these reproduce it; the tints are chosen to
# match the palette's lighter and darker colours within a few units (and keep their contrast).
THEME_COLOURS: dict[str, ThemeColour] = {
    th.TEXT: ThemeColour("tx1"),
    th.DARK: ThemeColour("tx2"),
    th.WHITE: ThemeColour("bg1"),
    th.LIGHT: ThemeColour("bg2"),
    th.PRIMARY: ThemeColour("accent1"),
    th.SERIES[2]: ThemeColour("accent3"),
    th.ACCENT: ThemeColour("accent4"),
    th.SERIES[4]: ThemeColour("accent5"),
    th.SERIES[5]: ThemeColour("accent6"),
    th.MUTED: ThemeColour("tx1", 0.35),
    th.RULE: ThemeColour("bg2", -0.14),
    th.NOTICE: ThemeColour("accent4", -0.5),
    th.NOTICE_FILL: ThemeColour("accent4", 0.85),
    th.SEQUENTIAL[0]: ThemeColour("accent1", 0.87),
    th.SEQUENTIAL[1]: ThemeColour("accent1", 0.68),
}
SERIES_COLOURS = tuple(ThemeColour(f"accent{k}") for k in range(1, 7))


def theme_colour(color: str) -> ThemeColour:
    """The theme colour a palette colour is written as; ValueError for one outside it."""
    try:
        return THEME_COLOURS[color.upper()]
    except KeyError:
        known = ", ".join(THEME_COLOURS)
        raise ValueError(f"Colore {color} fuori dalla tavolozza del tema ({known}).") from None


def is_dark(color: str) -> bool:
    """Whether text on a fill of this palette colour should be light."""
    r, g, b = th.hex_to_rgb(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128
