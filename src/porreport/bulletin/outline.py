"""The PDF's outline (bookmarks): one entry per section, at the section's first line."""

from __future__ import annotations

from reportlab.platypus import Flowable

from porreport.content.document import Section


class OutlineAnchor(Flowable):
    """A zero-size flowable that bookmarks its position and adds an outline entry."""

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.keepWithNext = True
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Takes no space."""
        return 0, 0

    def draw(self) -> None:
        """Bookmark this point of the page and add the outline entry."""
        self.canv.bookmarkHorizontal(self.key, 0, 18)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)


def outline_title(section: Section | None, default: str) -> str:
    """The outline entry of a section: its short outline title, else its title."""
    if section is None:
        return default
    return section.outline or section.title
