"""A ReportLab canvas that writes a tagged PDF/UA-1 and PDF/A-2 file.

``doc.build(story, canvasmaker=TaggedCanvas)``: the canvas carries the tagging API as
``canvas.tags`` (see :class:`~porreport.bulletin.tagging.marking.Tags`), checks that no
marked-content sequence crosses the end of a page or of a form XObject, and on saving adds
the structure tree, ``/MarkInfo``, ``/Lang`` (required), ``/ViewerPreferences
/DisplayDocTitle``, the XMP metadata and the sRGB output intent. The header says PDF 1.7.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.pdfbase.pdfdoc import PDFDocument, PDFObject, PDFObjectReference
from reportlab.pdfgen.canvas import Canvas

from porreport.bulletin.tagging.elements import TaggingError
from porreport.bulletin.tagging.marking import Tags
from porreport.bulletin.tagging.metadata import info_fields, metadata_stream, output_intents
from porreport.bulletin.tagging.pdfwrite import NoStream, allow_keys, write_structure

PDF_VERSION = (1, 7)  # PDF/UA-1 is defined on ISO 32000-1, PDF 1.7
_END = b"endstream\n"

Format = Callable[[PDFDocument], bytes]


class PDFADocument(PDFDocument):
    """ReportLab's document, writing an end-of-line before every ``endstream``.

    ReportLab ends a stream's data with ``endstream`` and counts every byte of the data in
    ``/Length``; PDF/A-2 (6.1.7.1) wants an end-of-line between the two that ``/Length``
    does not count. Every object the document registers gets its ``format`` wrapped (only
    streams end with ``endstream``); CR LF, so data that ends in a CR stays unambiguous.
    """

    def Reference(self, obj: object, name: str | None = None) -> object:
        """Register ``obj`` as ReportLab does, with the end-of-line added to its format
        (not to the structure elements and the parent tree: hundreds of objects, no stream)."""
        fresh = isinstance(obj, PDFObject) and not isinstance(obj, PDFObjectReference | NoStream)
        if fresh and "format" not in vars(obj):
            obj.format = _eol_before_endstream(obj.format)  # type: ignore[attr-defined]
        return super().Reference(obj, name)


def _eol_before_endstream(format_object: Format) -> Format:
    def formatted(document: PDFDocument) -> bytes:
        data = format_object(document)
        return data[: -len(_END)] + b"\r\n" + _END if data.endswith(_END) else data

    return formatted


class TaggedCanvas(Canvas):
    """A Canvas with a structure tree, written into the PDF when the canvas is saved."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("pdfVersion", PDF_VERSION)
        super().__init__(*args, **kwargs)
        # Canvas makes its own PDFDocument; the subclass adds behaviour and no state.
        self._doc.__class__ = PDFADocument
        self.tags = Tags(self)

    def showPage(self) -> None:
        """End the page; every marked-content sequence on it must be closed."""
        self.tags.end_stream()
        super().showPage()

    def beginForm(self, *args: object, **kwargs: object) -> None:
        """Start a form XObject: its content stream has its own marked-content sequences."""
        super().beginForm(*args, **kwargs)
        self.tags.begin_stream()

    def endForm(self, **extra_attributes: object) -> None:
        """Close the form XObject (its sequences must be closed)."""
        self.tags.end_stream()
        super().endForm(**extra_attributes)

    def save(self) -> None:
        """Write the tagged file."""
        self._finish_tagging()
        super().save()

    def getpdfdata(self) -> bytes:
        """The tagged file as bytes."""
        self._finish_tagging()
        data: bytes = super().getpdfdata()
        return data

    def _finish_tagging(self) -> None:
        if getattr(self, "_tagging_finished", False):
            return
        if len(self._code):
            self.showPage()
        doc = self._doc
        fields = info_fields(doc)
        if not fields.lang:
            raise TaggingError("a tagged PDF needs the document's language: pass lang='it-IT'")
        write_structure(self.tags.tree, doc)
        self.setViewerPreference("DisplayDocTitle", "true")
        doc.Catalog.Metadata = metadata_stream(fields)
        allow_keys(doc.Catalog, "OutputIntents")
        doc.Catalog.OutputIntents = output_intents(doc)
        self._tagging_finished = True
