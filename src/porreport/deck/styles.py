"""The deck's named text styles: size, weight, colour, space above and floor size.

Every paragraph the deck writes is made from one of these styles, so a size or a colour is
decided in one place (colours from ``porreport.theme``). A box is fitted by scaling all its
paragraphs together; the style that leads the box gives the base size and the floor below
which the text continues on a new slide instead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from porreport import theme as th
from porreport.deck.fit import Para, Role, Span


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
        """A run of ``text`` in this style's weight and colour."""
        return Span(text, self.bold, self.color)

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
