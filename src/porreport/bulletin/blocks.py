"""Lay out each block kind of the document as ReportLab flowables.

One module per kind: key figures (``keyfigures``), cards (``cards``), data tables
(``datatable``), text, grouped lists and two columns (``texts``); charts and the map come
from the caller's ``GraphicFactory`` (``porreport.bulletin.graphics``). Anything that may
grow with the data (card texts, lists, tables) splits across pages; grids fall back to a
single column when a card is too tall for one.
"""

from __future__ import annotations

from collections.abc import Callable

from porreport.bulletin.cards import cards_flowables
from porreport.bulletin.datatable import table_flowables
from porreport.bulletin.flow import Flowables
from porreport.bulletin.keyfigures import figures_flowables
from porreport.bulletin.texts import list_flowables, text_flowables, two_columns_flowables
from porreport.content.document import (
    Block,
    Cards,
    Chart,
    Figures,
    ItemList,
    Map,
    TextBlock,
    TwoColumns,
)
from porreport.content.document import Table as TableBlock

GraphicFactory = Callable[[Chart | Map, float], Flowables]


def block_flowables(
    block: Block, width: float, max_height: float, graphic: GraphicFactory
) -> Flowables:
    """The flowables of any block kind."""
    if isinstance(block, Figures):
        return figures_flowables(block, width)
    if isinstance(block, Cards):
        return cards_flowables(block, width, max_height)
    if isinstance(block, TableBlock):
        return table_flowables(block, width, max_height)
    if isinstance(block, TextBlock):
        return text_flowables(block)
    if isinstance(block, ItemList):
        return list_flowables(block, width)
    if isinstance(block, TwoColumns):
        return two_columns_flowables(block, width, max_height)
    if isinstance(block, Chart | Map):
        return graphic(block, width)
    raise TypeError(f"unknown block kind: {type(block).__name__}")
