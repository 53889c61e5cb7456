"""How large an XLSX workbook from outside may be, and how those limits read in a message.

A report's tables and the application records have limits of their own (see
``porreport.inputs.tables`` and ``porreport.inputs.records.config``); docs/limits.md lists
them. Every limit is checked before openpyxl does the work it bounds.
"""

from __future__ import annotations

from dataclasses import dataclass

from porreport.inputs.archive import ZipLimits

# What the parser holds until a row (a shared string) is done: its elements (cells, values,
# rich-text runs...), about 10 MB, and its XML, texts included.
ROW_ELEMENTS = 100_000
ROW_BYTES = 1024 * 1024
# XML of a sheet outside its rows (texts included), which openpyxl may keep.
OUTSIDE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class SheetLimits:
    """What an XLSX workbook may hold, and the sheet that is read of it.

    openpyxl streams the sheets and the shared strings but parses every other part whole
    (workbook, styles, relationships...): those parts must be small. It keeps every shared
    string, and every element of a sheet outside its rows, in memory.
    """

    archive: ZipLimits  # the container: parts, bytes per part and in all, ratio
    whole_part_bytes: int  # a part openpyxl parses whole
    shared_strings_bytes: int  # the shared strings part, uncompressed
    shared_strings: int  # strings in it
    rows: int  # the last row of the sheet (header and empty rows count)
    columns: int  # the last column of the sheet
    cells: int  # cells handed over: every row as wide as its last cell
    other_elements: int  # XML elements of a sheet or of the shared strings kept in memory

    @property
    def sheet_elements(self) -> int:
        """XML elements in a sheet: a stored value takes two (``<c><v>``), a text three
        (``<c><is><t>``), a row one."""
        return 3 * self.cells + self.rows + self.other_elements


def column_name(index: int) -> str:
    """The letters of a column (1 -> 'A', 28 -> 'AB')."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
