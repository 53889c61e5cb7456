"""The charts' theme and output: Titillium Web from the bundled ``fonts/`` (registered with
matplotlib's font manager, never looked up on the system), the palette of
``porreport.theme``, no top/right spines, light gridlines on the value axis only; a fresh
figure under that theme, and its bytes as SVG or PNG.

Output is deterministic: the same figure gives the same bytes (fixed metadata, fixed SVG
hash salt). No pyplot: figures are plain ``matplotlib.figure.Figure`` objects, never
registered in pyplot's global state.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure

from porreport import theme
from porreport.errors import RenderError
from porreport.resources import font_path

if TYPE_CHECKING:  # the names of matplotlib's settings, for the type checker only
    from matplotlib.typing import RcKeyType

ImageFormat = Literal["svg", "png"]
IMAGE_FORMATS: tuple[str, ...] = ("svg", "png")  # what render_chart and render_map write
FONT_STYLES = ("Regular", "Bold", "SemiBold", "Italic", "Light")

BASE_SIZE = 9.0  # points: tick and data labels
TITLE_SIZE = 11.0
SMALL_SIZE = 8.0
EDGE_IN = 0.06  # blank border around the figure, inches
# matplotlib's box of a line of Titillium Web text is its ascent plus descent: 1.521 times
# the font size; the glyphs leave its top 18% (above the capitals) and bottom 19% (below
# the descenders) empty, as tests/layoutcheck.py measures lines
BOX_EM = 1.521
INK_TOP = 0.18
INK_BOTTOM = 0.19
HASH_SALT = "porreport"


class ChartError(RenderError):
    """A chart spec that cannot be drawn (names the spec and what was expected)."""


@cache
def register_fonts() -> str:
    """Register the bundled Titillium Web files with matplotlib; return the family name."""
    for style in FONT_STYLES:
        font_manager.fontManager.addfont(str(font_path(style)))
    return theme.FONT_FAMILY


def rc_theme() -> dict[RcKeyType, Any]:
    """The project's matplotlib settings (applied with ``matplotlib.rc_context``)."""
    family = register_fonts()
    c = theme.mpl
    return {
        "font.family": [family],
        "font.size": BASE_SIZE,
        "font.weight": "normal",
        "text.color": c(theme.TEXT),
        "text.parse_math": False,
        "axes.edgecolor": c(theme.RULE),
        "axes.labelcolor": c(theme.MUTED),
        "axes.labelsize": SMALL_SIZE,
        "axes.titlesize": TITLE_SIZE,
        "axes.titleweight": "bold",
        "axes.titlecolor": c(theme.DARK),
        "axes.titlelocation": "left",
        "axes.titlepad": 10.0,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": False,
        "axes.axisbelow": True,
        "axes.linewidth": 0.8,
        "grid.color": c(theme.RULE),
        "grid.linewidth": 0.5,
        "grid.alpha": 0.8,
        "xtick.color": c(theme.RULE),
        "ytick.color": c(theme.RULE),
        "xtick.labelcolor": c(theme.TEXT),
        "ytick.labelcolor": c(theme.TEXT),
        "xtick.labelsize": BASE_SIZE,
        "ytick.labelsize": BASE_SIZE,
        "legend.frameon": False,
        "legend.fontsize": SMALL_SIZE,
        "figure.facecolor": c(theme.WHITE),
        "savefig.facecolor": c(theme.WHITE),
        "hatch.color": c(theme.MUTED),
        "svg.fonttype": "none",
        "svg.hashsalt": HASH_SALT,
        "svg.image_inline": True,
        "pdf.fonttype": 42,
        "path.simplify": True,
    }


@contextmanager
def themed_figure(width_in: float, height_in: float, dpi: int) -> Iterator[Figure]:
    """A fresh figure under the project theme, to draw and use inside the ``with`` block
    (never touches pyplot).

    The figure is not cleared on exit: its artists refer to one another, so clearing frees
    nothing the garbage collector would not, and it takes a tenth of a chart's time.
    """
    if width_in <= 0 or height_in <= 0 or dpi <= 0:
        raise ChartError(f"dimensioni non valide: {width_in} x {height_in} pollici a {dpi} dpi")
    with matplotlib.rc_context(rc_theme()):
        # no layout engine: margins are computed from measured labels (``layout.fit_axes``);
        # constrained layout cost ~0.07 s per chart, half of the chart's time
        yield Figure(figsize=(width_in, height_in), dpi=dpi)


def save(fig: Figure, fmt: ImageFormat, dpi: int) -> bytes:
    """The figure as SVG or PNG bytes, with fixed metadata (deterministic output)."""
    if fmt not in IMAGE_FORMATS:
        raise ChartError(
            f"formato non supportato: {fmt!r}. Formati ammessi: {', '.join(IMAGE_FORMATS)}"
        )
    buffer = io.BytesIO()
    if fmt == "svg":
        metadata: dict[str, Any] = {"Date": None, "Creator": "porreport"}
    else:
        metadata = {"Software": "porreport"}
    fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()
