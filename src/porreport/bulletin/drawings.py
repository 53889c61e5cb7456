"""Drawing the charts' and the map's ReportLab ``Drawing`` onto the page.

ReportLab's renderer (``renderPDF``), with each path's operators built once: the drawings
are cached (``porreport.bulletin.graphics``) and never changed, and a path's operators
depend on its points alone, so a path drawn again (the same chart in the next bulletin, a
render of the same document) reuses its text instead of formatting every vertex again.
"""

from __future__ import annotations

from reportlab import rl_config
from reportlab.graphics import renderPDF
from reportlab.graphics.renderbase import renderScaledDrawing
from reportlab.graphics.shapes import Drawing, Path, _renderPath
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

PATH_LIMIT = 20_000  # paths remembered (the example's charts and map have a few hundred)

# id of the path -> (the path, kept so its id stays its own; closed by force; its operators;
# whether every subpath was closed)
_paths: dict[int, tuple[Path, bool, str, bool]] = {}


def path_code(path: Path, force_close: bool) -> tuple[str, bool]:
    """The operators ReportLab writes to build ``path`` (``n x y m x y l ...``) and whether
    all its subpaths end closed, as ``renderPDF`` computes them; built once per path."""
    entry = _paths.get(id(path))
    if entry is not None and entry[0] is path and entry[1] == force_close:
        return entry[2], entry[3]
    pdf_path = PDFPathObject()
    funcs = (pdf_path.moveTo, pdf_path.lineTo, pdf_path.curveTo, pdf_path.close)
    closed = bool(_renderPath(path, funcs, forceClose=force_close))
    code: str = pdf_path.getCode()
    if len(_paths) >= PATH_LIMIT:
        _paths.clear()
    _paths[id(path)] = (path, force_close, code, closed)
    return code, closed


class PathCachingRenderer(renderPDF._PDFRenderer):
    """``renderPDF``'s renderer taking each path's operators from :func:`path_code`."""

    def drawPath(self, path: Path) -> None:
        """What ``_PDFRenderer.drawPath`` draws."""
        canvas: Canvas = self._canvas
        autoclose = getattr(path, "autoclose", "")
        fill, stroke = self._fill, self._stroke
        code, closed = path_code(path, bool(fill and autoclose == "pdf"))
        pdf_path = PDFPathObject([code] if code else None)
        draw_path = canvas.drawPath
        paint = canvas.clipPath if path.isClipPath else draw_path
        fill_mode = getattr(path, "fillMode", None)
        if autoclose == "svg":
            if fill and stroke and not closed:
                paint(pdf_path, fill=fill, stroke=0)
                draw_path(pdf_path, stroke=stroke, fill=0, fillMode=fill_mode)
            else:
                paint(pdf_path, fill=fill, stroke=stroke, fillMode=fill_mode)
        elif autoclose == "pdf":
            paint(pdf_path, fill=fill, stroke=stroke, fillMode=fill_mode)
        else:  # ReportLab's default: an open path is not filled
            paint(pdf_path, fill=fill if closed else 0, stroke=stroke, fillMode=fill_mode)


def draw(drawing: Drawing, canvas: Canvas, x: float, y: float) -> None:
    """``renderPDF.draw(drawing, canvas, x, y)``, paths built once."""
    PathCachingRenderer().draw(
        renderScaledDrawing(drawing), canvas, x, y, showBoundary=rl_config._unset_
    )
