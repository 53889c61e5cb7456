"""An edited deck opened before the new document exists: parsed, its tags read, and what
the update reads of its layouts read ahead.

A cold ``porreport update`` spends about as long loading the report as loading python-pptx
and parsing the deck; a process started early (as ``porreport build`` starts one for its
renderer) can do the second while the first runs, with ``open_edited`` and ``read_ahead``,
then hand the ``OpenedDeck`` to ``update_deck`` with the document."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pptx import Presentation
from pptx.presentation import Presentation as PresentationObj

from porreport.deck import template as L
from porreport.deck.update.layouts import Serialised, UpdateEmitter, read_frames
from porreport.deck.update.partnames import quick_partnames
from porreport.deck.update.state import DeckState, read_state
from porreport.errors import InputError, TemplateError


@dataclass
class OpenedDeck:
    """An edited deck, parsed, with what porreport wrote in it; one update uses it (and
    changes it)."""

    prs: PresentationObj
    source: str
    state: DeckState
    xml: Serialised


def open_deck(data: bytes, source: str) -> PresentationObj:
    """The edited deck; InputError when it is not a PPTX."""
    try:
        return Presentation(io.BytesIO(data))
    except Exception as exc:
        raise InputError(
            f"Il file {source} non è una presentazione PPTX leggibile ({type(exc).__name__})."
        ) from None


def open_edited(data: bytes, source: str) -> OpenedDeck:
    """The edited deck opened and its tags read; InputError when it is not a PPTX or
    porreport wrote nothing there."""
    prs = open_deck(data, source)
    quick_partnames(prs)
    return OpenedDeck(prs, source, read_state(prs, source), Serialised())


def read_ahead(deck: OpenedDeck) -> None:
    """Read now, into the process's readings of layouts, the frames and placeholders of
    every layout of the deck the contract names (those it lacks are skipped: the update
    reports them). Changes nothing in the deck."""
    if not deck.state.tagged:
        return
    emitter = UpdateEmitter(deck.prs, deck.source, deck.xml)
    for layout_id in L.LAYOUTS:
        try:
            read_frames(deck.prs, deck.source, (layout_id,), deck.xml)
            emitter.layout(layout_id)
        except TemplateError:
            continue
