"""Tags for ReportLab tables, through the ``renderCB`` hook every ``Table`` accepts.

``Table(data, renderCB=DataTableTags(rows=len(data)))`` is called back by ReportLab before
and after the background, each row, each cell and the grid lines; the same callback is
passed on to the pieces of a table split across pages, so one object sees the whole table.

- :class:`DataTableTags`: a table of data. ``Table`` > ``THead``/``TBody``/``TFoot`` >
  ``TR`` > ``TH`` (``/Scope /Column`` in header rows, ``/Scope /Row`` in the first
  ``row_headers`` columns) or ``TD`` with ``/ColSpan``/``/RowSpan`` of spanned cells. Each
  cell's drawing is one marked-content sequence, so its flowables must be untagged ones
  (plain Paragraphs). The header rows ReportLab repeats on the following pages
  (``repeatRows``) are drawn as ``/Pagination`` artifacts: the table has one header.
- :class:`LayoutTableTags`: a table used for layout (a grid of boxes, a row of logos). It
  adds no element: backgrounds, lines and empty text cells become ``/Layout`` artifacts, a
  non-empty text cell a ``P``, and flowables in cells tag themselves.

A table drawn inside an open sequence (a whole table that is a figure, or an artifact) is
left alone: its drawing already belongs to that sequence. Tables with ``cornerRadii`` are
not supported (ReportLab redraws their corners after the last callback).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from reportlab.platypus import Table

from porreport.bulletin.tagging.elements import Continuation, ElementProps, StructElement
from porreport.bulletin.tagging.marking import ArtifactKind, Tags, tags_of

_EVENTS = ("Table", "BG", "Row", "Cell", "Lines")
_HANDLERS = {f"{edge}{e}": f"_{edge}{e}" for e in _EVENTS for edge in ("start", "end")}


class _TableTags:
    """Dispatches ReportLab's table events; keeps how to close what it opened."""

    def __init__(self) -> None:
        self._closers: list[Callable[[], None]] = []
        self._skip = True
        self._tags: Tags | None = None  # of the piece being drawn (startTable to endTable)
        self._drawing = False  # whether the background or the lines being drawn draw anything

    def __call__(self, table: Table, event: str, *args: Any) -> None:
        if event == "startTable":
            self._tags = tags_of(table.canv)
            self._skip = self._tags is None or self._tags.in_sequence
        if not self._skip:
            getattr(self, _HANDLERS[event])(self._tags, table, *args)

    def _element(self, tags: Tags, type: str, **kwargs: Any) -> StructElement:
        element = tags.open(type, **kwargs)
        self._closers.append(partial(tags.close, element))
        return element

    def _content(self, tags: Tags) -> None:
        tags.begin_content()
        self._closers.append(tags.end_sequence)

    def _artifact(self, tags: Tags, kind: ArtifactKind) -> None:
        tags.begin_artifact(kind)
        self._closers.append(tags.end_sequence)

    def _leave(self) -> None:
        self._closers.pop()()

    def _startTable(self, tags: Tags, table: Table) -> None:
        pass

    def _endTable(self, tags: Tags, table: Table) -> None:
        while self._closers:
            self._leave()

    # a table without backgrounds (or lines) draws nothing there: no empty artifact
    def _startBG(self, tags: Tags, table: Table) -> None:
        self._drawing = bool(table._bkgrndcmds or getattr(table, "_shadow", None))
        if self._drawing:
            self._artifact(tags, "Layout")

    def _startLines(self, tags: Tags, table: Table) -> None:
        self._drawing = bool(table._linecmds)
        if self._drawing:
            self._artifact(tags, "Layout")

    def _endBG(self, tags: Tags, table: Table) -> None:
        if self._drawing:
            self._leave()

    _endLines = _endBG

    def _startRow(self, tags: Tags, table: Table, row: int) -> None:
        pass

    def _endRow(self, tags: Tags, table: Table) -> None:
        pass

    def _endCell(self, tags: Tags, table: Table) -> None:
        pass


class DataTableTags(_TableTags):
    """``renderCB`` of a data table of ``rows`` rows (all pieces together).

    ``header_rows`` rows form the ``THead``, the last ``footer_rows`` (a totals row) the
    ``TFoot``. ``table`` is the continuation of the ``Table`` element, to share with a
    caption drawn before the table (``Tagged(caption, "Caption", within=("Table", ...))``).
    ``summary`` becomes the table's ``/Summary`` attribute (its purpose and structure).
    """

    def __init__(
        self,
        rows: int,
        header_rows: int = 1,
        footer_rows: int = 0,
        row_headers: int = 0,
        table: Continuation | None = None,
        summary: str | None = None,
    ) -> None:
        super().__init__()
        self.rows, self.header_rows, self.footer_rows = rows, header_rows, footer_rows
        self.row_headers = row_headers
        self.props = ElementProps(summary=summary) if summary else ElementProps()
        self.table = table if table is not None else Continuation()
        self._groups = {g: Continuation() for g in ("THead", "TBody", "TFoot")}
        self._drawn = 0  # rows of the whole table drawn so far
        self._repeated = 0  # leading rows of the piece being drawn that repeat the header
        self._group: str | None = None
        self._row_group: str | None = None  # None for a repeated header row

    def _startTable(self, tags: Tags, table: Table) -> None:
        if self.table.owner is not tags.tree:
            self._drawn = 0
            self._groups = {g: Continuation() for g in self._groups}
        self._repeated = int(table.repeatRows) if self._drawn else 0
        self._group = None
        # a caption drawn before the table may have created the element: add the props
        self._element(tags, "Table", continuation=self.table).props.update(self.props)

    def _startRow(self, tags: Tags, table: Table, row: int) -> None:
        if row < self._repeated:
            self._row_group = None
            self._artifact(tags, "Pagination")
            return
        group = self._group_of(self._drawn)
        self._drawn += 1
        if group != self._group:
            if self._group is not None:
                self._leave()
            self._element(tags, group, continuation=self._groups[group])
            self._group = group
        self._row_group = group
        self._element(tags, "TR")

    def _endRow(self, tags: Tags, table: Table) -> None:
        self._leave()

    def _startCell(self, tags: Tags, table: Table, row: int, col: int, *cell: Any) -> None:
        if self._row_group is None:
            return
        props = ElementProps()
        kind = "TD"
        if self._row_group == "THead":
            kind, props["scope"] = "TH", "Column"
        elif col < self.row_headers:
            kind, props["scope"] = "TH", "Row"
        sc, sr, ec, er = getattr(table, "_spanRanges", {}).get((col, row)) or (col, row, col, row)
        if ec > sc:
            props["col_span"] = ec - sc + 1
        if er > sr:
            props["row_span"] = er - sr + 1
        self._element(tags, kind, **props)
        self._content(tags)

    def _endCell(self, tags: Tags, table: Table) -> None:
        if self._row_group is not None:
            self._leave()
            self._leave()

    def _group_of(self, row: int) -> str:
        if row < self.header_rows:
            return "THead"
        if row >= self.rows - self.footer_rows:
            return "TFoot"
        return "TBody"


class LayoutTableTags(_TableTags):
    """``renderCB`` of a layout table: decoration as artifacts, text cells as ``P``."""

    def __init__(self) -> None:
        super().__init__()
        self._cell_entries: list[int] = []

    def _startCell(
        self, tags: Tags, table: Table, row: int, col: int, value: Any, *cell: Any
    ) -> None:
        before = len(self._closers)
        if isinstance(value, str):
            if value.strip():
                self._element(tags, "P")
                self._content(tags)
            else:
                self._artifact(tags, "Layout")
        self._cell_entries.append(len(self._closers) - before)

    def _endCell(self, tags: Tags, table: Table) -> None:
        for _ in range(self._cell_entries.pop()):
            self._leave()


class RowTags(_TableTags):
    """``renderCB`` of a table whose rows play different parts, one role per row of the
    whole table (all pieces together): a card with its title, subtitle, label/value rows
    and text in one ReportLab table.

    A role names the element each non-empty cell of the row becomes (``"H2"``, ``"P"``...);
    consecutive ``"TR"`` rows form one ``Table`` > ``TBody`` of data rows, the first cell a
    ``TH`` with ``/Scope /Row``, the others ``TD``. Empty text cells are ``/Layout``
    artifacts, as are the background and the grid lines. A data table split across pages
    stays one element.
    """

    def __init__(self, roles: list[str]) -> None:
        super().__init__()
        self.roles = roles
        self._table = Continuation()
        self._body = Continuation()
        self._drawn = 0  # rows of the whole table drawn so far
        self._in_table = False
        self._role = ""
        self._cell_entries: list[int] = []
        self._tree: object | None = None  # the structure tree being drawn into

    def _startTable(self, tags: Tags, table: Table) -> None:
        if self._tree is not tags.tree:  # a new build: start from the first row
            self._tree, self._drawn = tags.tree, 0
            self._table, self._body = Continuation(), Continuation()
        self._in_table = False

    def _endTable(self, tags: Tags, table: Table) -> None:
        super()._endTable(tags, table)
        self._in_table = False

    def _startRow(self, tags: Tags, table: Table, row: int) -> None:
        self._role = self.roles[self._drawn]
        self._drawn += 1
        if self._role == "TR" and not self._in_table:
            self._element(tags, "Table", continuation=self._table)
            self._element(tags, "TBody", continuation=self._body)
            self._in_table = True
        elif self._role != "TR" and self._in_table:
            self._leave()  # TBody
            self._leave()  # Table
            self._in_table = False
        if self._role == "TR":
            self._element(tags, "TR")

    def _endRow(self, tags: Tags, table: Table) -> None:
        if self._role == "TR":
            self._leave()

    def _startCell(
        self, tags: Tags, table: Table, row: int, col: int, value: Any, *cell: Any
    ) -> None:
        before = len(self._closers)
        if self._role == "TR":
            if col == 0:
                self._element(tags, "TH", scope="Row")
            else:
                self._element(tags, "TD")
            self._content(tags)
        elif isinstance(value, str) and not value.strip():
            self._artifact(tags, "Layout")
        else:
            self._element(tags, self._role)
            self._content(tags)
        self._cell_entries.append(len(self._closers) - before)

    def _endCell(self, tags: Tags, table: Table) -> None:
        for _ in range(self._cell_entries.pop()):
            self._leave()


class FoldedTableTags(_TableTags):
    """``renderCB`` of a data table of ``rows`` rows and ``columns`` columns drawn folded
    into ``groups`` side-by-side blocks to save room: each drawn row holds up to ``groups``
    rows of the table, left to right, with an empty gap column between blocks (a list of
    provinces in three blocks). The structure is the table itself: ``THead`` with the first
    block's header cells (the other blocks' are ``/Layout`` artifacts), then one ``TR`` per
    row in reading order (drawn row by drawn row, block by block), its first
    ``row_headers`` cells ``TH`` with ``/Scope /Row``. Unused cells of the last drawn row
    and the gap columns are artifacts.
    """

    def __init__(
        self,
        rows: int,
        columns: int,
        groups: int,
        row_headers: int = 1,
        summary: str | None = None,
    ) -> None:
        super().__init__()
        self.rows, self.columns, self.groups = rows, columns, groups
        self.row_headers = row_headers
        self.props = ElementProps(summary=summary) if summary else ElementProps()
        self.table = Continuation()
        self._body = Continuation()
        self._drawn_rows = 0  # drawn rows of the whole table so far (header included)
        self._row = 0
        self._cell_entries: list[int] = []
        self._ends_row = False

    def _startTable(self, tags: Tags, table: Table) -> None:
        if self.table.owner is not tags.tree:
            self._drawn_rows, self._body = 0, Continuation()
        self._element(tags, "Table", continuation=self.table, **self.props)

    def _startRow(self, tags: Tags, table: Table, row: int) -> None:
        self._row = self._drawn_rows
        self._drawn_rows += 1
        if self._row == 0:
            self._element(tags, "THead")
        elif self._row == 1:
            self._leave()  # THead
            self._element(tags, "TBody", continuation=self._body)
        elif row == 0:  # the body continues in a new piece of the table
            self._element(tags, "TBody", continuation=self._body)

    def _startCell(self, tags: Tags, table: Table, row: int, col: int, *cell: Any) -> None:
        block, k = divmod(col, self.columns + 1)
        index = (self._row - 1) * self.groups + block  # the table row (negative: header)
        self._ends_row = False
        if k == self.columns or (self._row == 0 and block > 0) or index >= self.rows:
            self._artifact(tags, "Layout")
            self._cell_entries.append(1)
            return
        if k == 0:
            self._element(tags, "TR")
        before = len(self._closers)
        props = ElementProps()
        kind = "TD"
        if self._row == 0:
            kind, props["scope"] = "TH", "Column"
        elif k < self.row_headers:
            kind, props["scope"] = "TH", "Row"
        self._element(tags, kind, **props)
        self._content(tags)
        self._cell_entries.append(len(self._closers) - before)
        self._ends_row = k == self.columns - 1

    def _endCell(self, tags: Tags, table: Table) -> None:
        for _ in range(self._cell_entries.pop()):
            self._leave()
        if self._ends_row:
            self._leave()  # TR
            self._ends_row = False
