"""Tagged PDF (PDF/UA-1, PDF/A-2) written by ReportLab while it draws.

ReportLab has no tagging API. This package adds one without post-processing the file:

- :class:`TaggedCanvas` (``doc.build(story, canvasmaker=TaggedCanvas)``) carries a
  :class:`Tags` object as ``canvas.tags`` and, on saving, writes the structure tree, the
  parent tree, ``/MarkInfo``, the XMP metadata, the sRGB output intent and the page keys
  with ReportLab's own PDF objects;
- drawing code wraps what it draws: ``with tags.element("P"), tags.content(): ...`` for real
  content, ``with tags.artifact("Pagination"): ...`` for page furniture;
- ready-made flowables do it for the usual cases: :func:`group` (``Sect``, ``L``),
  :class:`Tagged` (a paragraph, a heading, a figure), :class:`ListItem`,
  :class:`Decoration`, :func:`artifact_page`, and the ``renderCB`` objects
  :class:`DataTableTags`, :class:`LayoutTableTags`, :class:`RowTags` and
  :class:`FoldedTableTags` for tables.

Reading order. Elements are created when their content is drawn, as kids of the innermost
open element, so the tree follows the order flowables are drawn. Platypus draws them in
story order (the page template's callbacks draw artifacts only), with these exceptions,
handled here: a paragraph or table split across pages is drawn in pieces (pieces share a
:class:`Continuation`, so they make one element with content on several pages); a table's
caption is a separate flowable drawn before it (``Tagged(..., within=("Table", c))``);
header rows repeated on a new page are artifacts; ``KeepTogether`` and ``keepWithNext``
move flowables to the next page but keep their order. Floats and frames filled out of
reading order (``ImageAndFlowables``, ``BalancedColumns``, a frame filled before one above
it) are not handled: build the tree for them with ``tags.open``/``tags.resume``.
"""

from porreport.bulletin.tagging.canvas import TaggedCanvas
from porreport.bulletin.tagging.elements import (
    STANDARD_TYPES,
    Continuation,
    ElementProps,
    StructElement,
    TaggingError,
)
from porreport.bulletin.tagging.flowables import (
    Begin,
    Decoration,
    End,
    ListItem,
    Tagged,
    artifact_page,
    group,
)
from porreport.bulletin.tagging.marking import Tags, tags_of
from porreport.bulletin.tagging.tables import (
    DataTableTags,
    FoldedTableTags,
    LayoutTableTags,
    RowTags,
)
from porreport.bulletin.tagging.tree import StructureTree

__all__ = [
    "STANDARD_TYPES",
    "Begin",
    "Continuation",
    "DataTableTags",
    "Decoration",
    "ElementProps",
    "End",
    "FoldedTableTags",
    "LayoutTableTags",
    "ListItem",
    "RowTags",
    "StructElement",
    "StructureTree",
    "Tagged",
    "TaggedCanvas",
    "TaggingError",
    "Tags",
    "artifact_page",
    "group",
    "tags_of",
]
