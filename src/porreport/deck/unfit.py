"""Text the deck cannot fit, told as a mistake in the report: which field holds it.

A box whose text does not fit even at its floor size, and cannot continue on another slide
(a title, a card's heading, a table, a list entry's title), raises ``Unfit`` with the
document's texts it was made from, likeliest culprit first. ``refusal`` turns it into an
``InputError`` naming the report's field that holds the text (``Document.sources``), so the
person who wrote it knows what to shorten. Texts are compared without their spaces and line
breaks and in lower case: the deck joins numbers to their units, cuts over-long words,
writes card titles in capitals and continues texts on other slides.
"""

from __future__ import annotations

from collections.abc import Sequence

from porreport.content.document import Cards, Document, ItemList, TwoColumns
from porreport.errors import InputError, Problem, RenderError
from porreport.formatting import number
from porreport.inputs.messages import short_value

MIN_MATCH = 8  # characters (spaces aside) a field's text needs to be told inside another
MAX_FIELDS = 3  # fields named when several hold the same text


class Unfit(RenderError):
    """Text the deck cannot hold: ``reason`` says where (``"non entra nel riquadro «Titolo»
    nemmeno alla dimensione minima"``), ``advice`` what to do; ``texts`` are the document's
    texts involved, the likeliest culprit first."""

    def __init__(self, reason: str, advice: str, texts: Sequence[str]) -> None:
        self.reason = reason
        self.advice = advice
        self.texts = tuple(texts)
        shown = short_value(self.texts[0]) if self.texts else "''"
        super().__init__(f"Il testo {shown} {reason}: {advice}.")


def by_lines(texts: Sequence[str]) -> list[str]:
    """Texts, those of the most lines first (the likeliest to be what does not fit)."""
    return sorted((t for t in texts if t.strip()), key=lines, reverse=True)


def refusal(unfit: Unfit, sources: Sequence[tuple[str, str]], slide: str) -> InputError:
    """The report's mistake behind ``unfit`` on the slide titled ``slide``: one problem per
    field holding the text (at most ``MAX_FIELDS``), or one naming the slide alone."""
    message = f"il testo {unfit.reason} (slide {short_value(slide)}): {unfit.advice}"
    fields = fields_of(unfit.texts, sources)
    if not fields:
        shown = short_value(unfit.texts[0]) if unfit.texts else None
        return InputError(Problem("", message[:1].upper() + message[1:], shown))
    return InputError([Problem(path, message, short_value(value)) for path, value in fields])


def fields_of(texts: Sequence[str], sources: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The fields (path, text) the first of ``texts`` that comes from the report was made
    from: the longest field text found inside it, else the first field whose text holds it
    (a piece of a text continued on several slides)."""
    normal = [(path, value, _normal(value)) for path, value in sources]
    for text in texts:
        wanted = _normal(text)
        if not wanted:
            continue
        inside = [n for _, _, n in normal if n == wanted or (len(n) >= MIN_MATCH and n in wanted)]
        best = max(inside, key=len, default=None)
        if best is None and len(wanted) >= MIN_MATCH:
            best = next((n for _, _, n in normal if wanted in n), None)
        if best is not None:
            return [(p, v) for p, v, n in normal if n == best][:MAX_FIELDS]
    return []


def _normal(text: str) -> str:
    return "".join(text.split()).casefold()


# --- how much flowing text one deck holds ----------------------------------------------------
# A list, a text column or a text card continues on as many slides as its text needs; what a
# report may hold (1,000 initiatives, 20 calls, texts of 5,000 characters) would make decks
# of thousands of slides, too slow and too large to write. The flowing text is estimated in
# lines before anything is laid out, and a deck over the limit is refused.

CHARS_PER_LINE = 60  # a line of a list's column at the floor size holds about this many
MAX_LINES = 20_000  # about 500 slides; the example with 1,000 initiatives has some 5,100


def flowing_texts(document: Document) -> list[str]:
    """The texts of the document's blocks that continue over slides: the lists' entries,
    the text columns' paragraphs, the cards' texts."""
    out: list[str] = []
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, ItemList):
                for group in block.groups:
                    out += [t for i in group.items for t in (i.title, i.text, i.meta or "")]
            elif isinstance(block, TwoColumns):
                out += [*block.left.paragraphs, *block.right.paragraphs]
            elif isinstance(block, Cards):
                out += [t for c in block.cards for t in (c.title, c.subtitle, c.text or "")]
    return out


def lines(text: str) -> int:
    """The lines a text takes, about: each of its lines (between line breaks) one per
    ``CHARS_PER_LINE`` characters begun."""
    if "\n" not in text:
        return len(text) // CHARS_PER_LINE + 1
    return sum(len(line) // CHARS_PER_LINE + 1 for line in text.split("\n"))


def check_volume(document: Document) -> None:
    """``InputError`` when the document's flowing text is over ``MAX_LINES``, naming the
    fields of its longest texts."""
    texts = flowing_texts(document)
    total = sum(map(lines, texts))
    if total <= MAX_LINES:
        return
    message = (
        f"la presentazione conterrebbe circa {number(total)} righe di testo, ammesse al "
        f"massimo {number(MAX_LINES)} (circa 500 slide): accorciare i testi più lunghi"
    )
    problems: dict[str, Problem] = {}
    for text in sorted(texts, key=lines, reverse=True):
        for path, value in fields_of([text], document.sources):
            about = f"testo di circa {number(lines(text))} righe: {message}"
            problems.setdefault(path, Problem(path, about, short_value(value)))
        if len(problems) >= MAX_FIELDS:
            break
    named = list(problems.values())[:MAX_FIELDS]
    raise InputError(named or Problem("", message[:1].upper() + message[1:]))
