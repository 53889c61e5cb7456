"""A slide being planned: its layout's boxes, and fitting text into them.

``SlideDraft`` collects what one slide will hold (filled placeholders, drawings, moved
footnotes) and becomes a ``SlidePlan``. Text is fitted here, never written past its box.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from porreport.deck import template as L
from porreport.deck.fit import Para, fit_breaking, fit_scale, written
from porreport.deck.plan_keys import slug
from porreport.deck.slides import (
    EMU_PER_PT,
    Columns,
    Drawing,
    PlaceholderText,
    SlidePlan,
    Title,
    emu,
)
from porreport.deck.styles import TextStyle
from porreport.deck.template import Box, Insets, LayoutFrames
from porreport.deck.unfit import Unfit, by_lines

MORE_NOTES = "Altre note nelle note del relatore."
GROW_MARGIN = emu(24)  # a box ending this close above Note grows over it when Note is empty


@dataclass
class SlideDraft:
    """A slide under planning: the layout's frames, what is filled and drawn so far.

    ``extend_to`` is set when the slide has no footnotes: content boxes that end just above
    the Note box grow down to its bottom.
    """

    layout: str
    frames: LayoutFrames
    title: Title
    extend_to: int | None = None
    texts: list[PlaceholderText] = field(default_factory=list)
    drawings: list[Drawing] = field(default_factory=list)
    moved_footnotes: list[str] = field(default_factory=list)

    def box(self, name: str) -> Box:
        """The box of a placeholder (grown over an empty Note box); TemplateError if missing."""
        x, y, w, h = self.frames.frame(name).box
        if self.extend_to is not None and name not in L.FIXED_BOXES:
            notes_top = self.frames.frames[L.NOTES].box[1]
            if notes_top - GROW_MARGIN <= y + h <= notes_top:
                h = self.extend_to - y
        return x, y, w, h

    def insets(self, name: str) -> Insets:
        """The text insets of a placeholder."""
        return self.frames.frame(name).insets

    def has(self, name: str) -> bool:
        """Whether the layout has that placeholder."""
        return name in self.frames.frames

    def inner(self, name: str) -> tuple[float, float]:
        """Inner width and height of a placeholder's box, in points."""
        return inner(self.box(name), self.insets(name))

    def write(
        self,
        name: str,
        paras: list[Para],
        columns: Columns | None = None,
        font_scale: float = 1.0,
        box: Box | None = None,
    ) -> None:
        """Put already-fitted paragraphs (at ``font_scale``) in a placeholder, in ``box`` or
        its own box (moved when it grew)."""
        box = box or self.box(name)
        moved = box if box != self.frames.frame(name).box else None
        key = slug(name)
        self.texts.append(PlaceholderText(name, tuple(paras), moved, columns, font_scale, key))

    def fill(self, name: str, paras: list[Para], lead: TextStyle) -> None:
        """Fit paragraphs into a placeholder, their words too wide for a line at the floor
        cut (``fit_breaking``); ``Unfit`` when they do not fit at the floor."""
        width, height = self.inner(name)
        paras, scale = fit_breaking(paras, width, height, *lead.bounds())
        if scale is None:
            raise too_long(paras, name)
        shown, font_scale = written(paras, scale, width)
        self.write(name, shown, font_scale=font_scale)

    def scale(self, name: str, paras: list[Para], lead: TextStyle) -> float | None:
        """The scale at which paragraphs fit a placeholder; None below the floor."""
        width, height = self.inner(name)
        return fit_scale(paras, width, height, *lead.bounds())

    def draw(self, *drawings: Drawing) -> None:
        """Add shapes, drawn in this order."""
        self.drawings.extend(drawings)

    def plan(self, notes: str) -> SlidePlan:
        """The finished slide with the section's speaker notes."""
        return SlidePlan(
            self.layout,
            self.title,
            tuple(self.texts),
            tuple(self.drawings),
            notes,
            tuple(self.moved_footnotes),
        )


def inner(box: Box, insets: Insets) -> tuple[float, float]:
    """Inner width and height of a box, in points."""
    left, top, right, bottom = insets
    return (box[2] - left - right) / EMU_PER_PT, (box[3] - top - bottom) / EMU_PER_PT


def fitted(paras: list[Para], box: Box, inset: int, lead: TextStyle) -> tuple[list[Para], float]:
    """Paragraphs fitted into a drawn box with the same inset on every side, as written
    (``fit.written``), and the box's autofit scale."""
    width, height = inner(box, (inset,) * 4)
    paras, scale = fit_breaking(paras, width, height, *lead.bounds())
    if scale is None:
        raise too_long(paras, "Cifre")
    return written(paras, scale, width)


def too_long(paras: list[Para], where: str) -> Unfit:
    """The error for text that does not fit a box even at its floor size."""
    reason = f"non entra nel riquadro «{where}» nemmeno alla dimensione minima"
    return Unfit(reason, "accorciarlo", by_lines([p.text for p in paras]))


def common_scale(
    all_paras: list[list[Para]], width: float, height: float, lead: TextStyle, where: str
) -> float:
    """The largest scale at which each group of paragraphs fits the same box size;
    ``Unfit`` for the first that does not fit at the floor."""
    scales = [fit_scale(paras, width, height, *lead.bounds()) for paras in all_paras]
    for paras, scale in zip(all_paras, scales, strict=True):
        if scale is None:
            raise too_long(paras, where)
    return min(s for s in scales if s is not None)
