"""Cards: a title, a subtitle, label/value rows and a text, on a light box.

Two cards a row when every card is short; otherwise one card a row, each splittable across
pages: its title, subtitle and rows are one table (the title never without its first row),
its text flows after it on the same box, one paragraph per line of the text however long it
is (a paragraph stays one paragraph, also across a page break).

Tags: the title is a heading, the subtitle a paragraph, the rows a table whose row headers
are the labels, each paragraph of the text a ``P``.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Spacer, Table, TableStyle

from porreport.bulletin import styles as bs
from porreport.bulletin.flow import (
    BLOCK_HEADING,
    GAP,
    PAD,
    BoxedText,
    Flowables,
    height,
    para,
    tagged,
)
from porreport.bulletin.keyfigures import grid
from porreport.bulletin.tagging import RowTags
from porreport.content.document import Card, Cards

TEXT_PADDING = (5.0, 2.0)  # above the first paragraph of a card's text, between paragraphs


def text_paragraphs(text: str | None) -> list[str]:
    """The paragraphs of a card's text: one per line, blank lines dropped."""
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def _card_table(card: Card, width: float, boxed: bool, with_text: bool) -> Table:
    """The card as one table: title, subtitle, rows and (``with_text``) its paragraphs."""
    st = bs.styles()
    rows: list[list[object]] = [[para(card.title, st.card_title), ""]]
    roles = [BLOCK_HEADING]
    if card.subtitle:
        rows.append([para(card.subtitle, st.card_subtitle), ""])
        roles.append("P")
    first_row = len(rows) if card.rows else None
    for label, value in card.rows:
        rows.append([para(label, st.row_label), para(value, st.row_value)])
        roles.append("TR")
    texts = text_paragraphs(card.text) if with_text else []
    first_text = len(rows) if texts else None
    rows += [[para(p, st.card_text), ""] for p in texts]
    roles += ["P"] * len(texts)
    value_w = max((stringWidth(v, bs.SEMIBOLD, 9.5) for _, v in card.rows), default=0.0)
    value_w = min(value_w + 4, width * 0.45) if card.rows else width * 0.3
    cmds: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 3),
        # the title (and subtitle) never end a page without the first row after them
        ("NOSPLIT", (0, 0), (-1, first_row if first_row is not None else -1)),
    ]
    for r, role in enumerate(roles):
        if role == "TR":
            cmds.append(("LINEABOVE", (0, r), (-1, r), 0.4, bs.RULE))
        else:
            cmds.append(("SPAN", (0, r), (1, r)))
    if first_text is not None:
        cmds.append(("TOPPADDING", (0, first_text), (-1, first_text), TEXT_PADDING[0]))
    if boxed:
        cmds += [
            ("BACKGROUND", (0, 0), (-1, -1), bs.LIGHT_BG),
            ("LINEABOVE", (0, 0), (-1, 0), 2.2, bs.PRIMARY),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("TOPPADDING", (0, 0), (-1, 0), PAD),
            ("RIGHTPADDING", (0, 0), (0, -1), 4),
        ]
        if with_text or not text_paragraphs(card.text):
            cmds.append(("BOTTOMPADDING", (0, -1), (-1, -1), PAD + 1))
        widths = [width - value_w - 2 * PAD, value_w + 2 * PAD]
    else:
        widths = [width - value_w, value_w]
    return bs.BTable(
        rows,
        colWidths=widths,
        style=TableStyle(cmds),
        hAlign="LEFT",
        repeatRows=0,
        renderCB=RowTags(roles),
    )


def _boxed_card(card: Card, width: float) -> Flowables:
    """A card on its own row: its table, then its text on the same box, flowing over pages."""
    st = bs.styles()
    head = _card_table(card, width, boxed=True, with_text=False)
    texts = text_paragraphs(card.text)
    if not texts:
        return [head]
    head.keepWithNext = True  # the title and rows stay with the start of the text
    out: Flowables = [head]
    for i, text in enumerate(texts):
        top = TEXT_PADDING[0] if i == 0 else TEXT_PADDING[1]
        bottom = PAD + 1 if i == len(texts) - 1 else TEXT_PADDING[1]
        # as the rows of a boxed table: the padding of a text row, right as the label column
        out.append(BoxedText(tagged(text, st.card_text), bs.LIGHT_BG, (PAD, 4.0, top, bottom)))
    return out


def cards_flowables(cards: Cards, width: float, max_height: float) -> Flowables:
    """A two-column grid of cards; a single column of splittable cards when one is too tall
    to stay whole in a grid row."""
    if not cards.cards:
        return []
    columns = 2 if len(cards.cards) > 1 else 1
    col = (width - GAP * (columns - 1)) / columns
    inner = col - 2 * PAD
    tables = [_card_table(c, inner, boxed=False, with_text=True) for c in cards.cards]
    if columns == 2 and all(height(t, inner) < max_height * 0.42 for t in tables):
        return [grid([[t] for t in tables], columns, width)]
    out: Flowables = []
    for card in cards.cards:
        out += [*_boxed_card(card, width), Spacer(1, GAP)]
    return out[:-1]
