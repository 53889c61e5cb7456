"""Update a deck porreport generated and people then edited with new data
(``porreport update``), keeping their edits.

``update_deck(edited, document, source)`` reads what porreport wrote in the deck (keys and
fingerprints in custom tags, or their copy in the custom properties: ``state``), plans the
new document on the deck's own layouts, walks sections and slides (``engine``) and each
element (``elements``): what is still as porreport wrote it gets the new data (whole, or
in place keeping people's formatting: ``inplace``, ``charts``, ``notes``), what people
rewrote is kept and, when the data changed it, reported as a conflict (``report``).
The input is never modified: the result is new bytes.
"""

from porreport.deck.update.engine import Updated, update_deck
from porreport.deck.update.opened import OpenedDeck, open_edited
from porreport.deck.update.report import EXIT_CONFLICTS, EXIT_UPDATED, Report

__all__ = [
    "EXIT_CONFLICTS",
    "EXIT_UPDATED",
    "OpenedDeck",
    "Report",
    "Updated",
    "open_edited",
    "update_deck",
]
