"""What an update did, for the people who read it (Italian text) and for a scheduler (JSON).

Every element porreport recognised is counted once: updated with the new data, unchanged
(the data say what it already shows), kept (edited by people, and the new data say what
porreport wrote last time, so there is nothing to reconcile) or in conflict (edited by
people, and the new data would change it: kept as people left it, reported with what
porreport wrote last time, what people wrote and what the data say now). Slides added and
removed, sections gone from the data, what people deleted (which stays deleted) and what
could not be recognised are listed too. ``EXIT_CONFLICTS`` tells a scheduler that the deck
was written but a person must look at it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

EXIT_UPDATED = 0  # the deck was written, nothing needs a person
EXIT_CONFLICTS = 3  # the deck was written; conflicts or unmatched elements need a person
PREVIEW = 160  # characters of a text shown in the Italian report


@dataclass(frozen=True)
class Element:
    """An element of the deck: its slide (1-based, in the deck written), the slide's title,
    the shape's name and its key."""

    slide: int
    title: str
    name: str
    key: str


@dataclass(frozen=True)
class Conflict:
    """An element people edited whose data changed: what porreport wrote last time, what
    people wrote, what the new data say; ``reason`` says what kind of conflict it is."""

    element: Element
    written: str
    people: str
    new: str
    reason: str


@dataclass(frozen=True)
class SlideNote:
    """A slide added, removed or kept out, with its section and title; ``slide`` is its
    number in the deck written (added) or in the edited deck (removed, deleted)."""

    slide: int
    section: str
    title: str
    reason: str = ""


@dataclass(frozen=True)
class Unrecognised:
    """Something porreport wrote that it could not find again (or a slide it could not
    match), with the reason; ``written`` is what porreport wrote there, when known."""

    slide: int
    name: str
    key: str
    reason: str
    written: str = ""


@dataclass
class Report:
    """Everything an update did."""

    source: str = ""
    updated: list[Element] = field(default_factory=list)
    unchanged: list[Element] = field(default_factory=list)
    kept: list[Element] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    slides_added: list[SlideNote] = field(default_factory=list)
    slides_removed: list[SlideNote] = field(default_factory=list)
    sections_gone: list[SlideNote] = field(default_factory=list)
    deleted_by_people: list[SlideNote] = field(default_factory=list)
    not_recognised: list[Unrecognised] = field(default_factory=list)
    resaved: bool = False  # the deck lost its tags (a LibreOffice re-save): matched by name

    @property
    def exit_code(self) -> int:
        """0 when nothing needs a person, 3 when something does."""
        review = self.conflicts or self.not_recognised or self.sections_gone
        return EXIT_CONFLICTS if review else EXIT_UPDATED

    def as_json(self) -> dict[str, Any]:
        """The report for a scheduler (fixed keys)."""
        return {
            "status": "conflicts" if self.exit_code == EXIT_CONFLICTS else "updated",
            "exit_code": self.exit_code,
            "source": self.source,
            "resaved_without_tags": self.resaved,
            "counts": {
                "updated": len(self.updated),
                "unchanged": len(self.unchanged),
                "kept": len(self.kept),
                "conflicts": len(self.conflicts),
                "slides_added": len(self.slides_added),
                "slides_removed": len(self.slides_removed),
                "sections_gone": len(self.sections_gone),
                "deleted_by_people": len(self.deleted_by_people),
                "not_recognised": len(self.not_recognised),
            },
            "updated": [asdict(e) for e in self.updated],
            "kept": [asdict(e) for e in self.kept],
            "conflicts": [asdict(c) for c in self.conflicts],
            "slides_added": [asdict(s) for s in self.slides_added],
            "slides_removed": [asdict(s) for s in self.slides_removed],
            "sections_gone": [asdict(s) for s in self.sections_gone],
            "deleted_by_people": [asdict(s) for s in self.deleted_by_people],
            "not_recognised": [asdict(u) for u in self.not_recognised],
        }

    def text(self) -> str:
        """The report in Italian, for stderr."""
        lines = [
            f"Aggiornamento di {self.source}: {len(self.updated)} elementi aggiornati, "
            f"{len(self.unchanged)} invariati, {len(self.kept)} modificati a mano e mantenuti, "
            f"{len(self.conflicts)} conflitti."
        ]
        if self.resaved:
            lines.append(
                "Il deck è stato salvato con un programma che non conserva i tag di porreport "
                "(ad esempio LibreOffice): gli elementi sono stati riconosciuti dal nome e dal "
                "contenuto registrati nelle proprietà del documento."
            )
        lines += [f"Slide aggiunta {s.slide}: «{s.title}» ({s.reason})." for s in self.slides_added]
        lines += [
            f"Slide rimossa (era la {s.slide}): «{s.title}» ({s.reason})."
            for s in self.slides_removed
        ]
        lines += [
            f"Sezione non più nei dati: «{s.title}» (slide {s.slide}), lasciata nel deck: "
            "eliminarla a mano se non serve più."
            for s in self.sections_gone
        ]
        lines += [
            f"Eliminata dalle persone e non ripristinata: «{s.title}» ({s.reason})."
            for s in self.deleted_by_people
        ]
        for c in self.conflicts:
            where = f"slide {c.element.slide} «{c.element.title}», elemento «{c.element.name}»"
            lines.append(f"Conflitto ({c.reason}) – {where}:")
            lines.append(f"  scritto da porreport l'ultima volta: {_preview(c.written)}")
            lines.append(f"  scritto dalle persone: {_preview(c.people)}")
            lines.append(f"  secondo i nuovi dati: {_preview(c.new)}")
        for u in self.not_recognised:
            where = f"slide {u.slide}, «{u.name}»" if u.slide else f"«{u.name}»"
            lines.append(f"Non riconosciuto – {where}: {u.reason}.")
        return "\n".join(lines)


def _preview(text: str) -> str:
    flat = " / ".join(part for part in text.split("\n") if part.strip()) or "(vuoto)"
    return f"«{flat}»" if len(flat) <= PREVIEW else f"«{flat[: PREVIEW - 1]}…»"
