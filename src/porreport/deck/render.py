"""The committee deck: an editable PPTX laid out on a template's named layouts.

``render_deck(document)`` runs the deck's two stages on a template: ``plan`` turns the
document's sections (already formatted in Italian) into planned slides (layout, title,
fitted text, shapes; pagination and fitting from Titillium Web's metrics), then ``emit``
writes them with python-pptx: placeholders filled by name, native tables and charts, the map
as a group of native shapes, a deterministic package.
"""

from __future__ import annotations

from pathlib import Path

from porreport.content.document import Document
from porreport.deck.emit import emit_deck
from porreport.deck.plan import plan_deck
from porreport.deck.template_file import default_template, open_template, read_frames

__all__ = ["default_template", "render_deck"]


def render_deck(document: Document, template: Path | None = None) -> bytes:
    """The committee deck of ``document`` as .pptx bytes (deterministic).

    ``template`` is another .pptx with the same layout and placeholder names as the bundled
    one (docs/template.md); a missing layout or placeholder raises TemplateError.
    """
    prs, source = open_template(template)
    frames = read_frames(prs, source, {section.layout for section in document.sections})
    return emit_deck(plan_deck(document, frames), prs, source)
