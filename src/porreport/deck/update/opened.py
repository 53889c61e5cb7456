"""An edited deck opened for an update: parsed once, its new parts named without
python-pptx's walk of the package for each (``partnames``), its tags read."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pptx import Presentation
from pptx.presentation import Presentation as PresentationObj

from porreport.deck.update.layouts import Serialised
from porreport.deck.update.partnames import quick_partnames
from porreport.deck.update.state import DeckState, read_state
from porreport.errors import InputError


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
    except Exception:
        raise InputError(
            f"Il file {source} non è una presentazione PPTX leggibile (una parte manca o è "
            "danneggiata)."
        ) from None


def open_edited(data: bytes, source: str) -> OpenedDeck:
    """The edited deck opened and its tags read; InputError when it is not a PPTX or
    porreport wrote nothing there."""
    prs = open_deck(data, source)
    quick_partnames(prs)
    return OpenedDeck(prs, source, read_state(prs, source), Serialised())
