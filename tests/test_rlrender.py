"""The direct matplotlib -> ReportLab renderer (porreport.bulletin.mpl_drawing) used by the bulletin."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.graphics.shapes import Path as RLPath
from reportlab.pdfgen.canvas import Canvas

from helpers_charts import example_document, example_map, run, svg_texts
from porreport.bulletin import graphics as bg
from porreport.bulletin.mpl_drawing import DrawingError, figure_drawing
from porreport.charts.draw import chart_figure, render_chart, render_map
from porreport.charts.kinds import DRAWERS
from porreport.content.document import ChartSpec

WIDTH = 451.28  # the bulletin's frame width in points
SIGLE = ("VA", "CO", "SO", "MI", "BG", "BS", "PV", "CR", "MN", "LC", "LO", "MB")
TITILLIUM = {"TitilliumWeb-Regular", "TitilliumWeb-Bold"}


def _nodes(node: Drawing | Group) -> Iterator[object]:
    """Every shape of a drawing, depth first, in drawing order."""
    for child in node.contents:
        yield child
        if isinstance(child, Group):
            yield from _nodes(child)


def _strings(drawing: Drawing) -> list[String]:
    return [n for n in _nodes(drawing) if isinstance(n, String)]


def _chart(spec: ChartSpec) -> Drawing:
    return bg.chart_drawing(spec, WIDTH, round(bg.chart_height(spec, WIDTH), 2))


def _map() -> Drawing:
    spec = example_map()
    return bg.map_drawing(spec, WIDTH, round(bg.map_height(spec, WIDTH), 2))


def _pdf(drawings: list[Drawing], path: Path) -> Path:
    canvas = Canvas(str(path), invariant=1, initialFontName="TitilliumWeb-Regular")
    for drawing in drawings:
        renderPDF.draw(drawing, canvas, 40, 200)
        canvas.showPage()
    canvas.save()
    return path


def _parts(graphic: bg.Graphic) -> tuple[list[str], list[str], list[str]]:
    """The texts of a graphic's body, title and note, each in drawing order."""
    return tuple([s.text for s in _strings(d)] for d in (graphic.body, graphic.title, graphic.note))  # type: ignore[return-value]


@pytest.mark.parametrize("chart_id", [c.id for c in example_document().charts()])
def test_chart_texts_are_the_svg_routes_texts(chart_id: str) -> None:
    """The same texts as the SVG route, in the same order; the title drawn apart (the
    bulletin tags it as the figure's caption)."""
    spec = next(c for c in example_document().charts() if c.id == chart_id)
    height = round(bg.chart_height(spec, WIDTH), 2)
    expected = svg_texts(render_chart(spec, "svg", WIDTH / 72, height / 72))
    body, title, note = _parts(bg.chart_graphic(spec, WIDTH, height))
    assert (title, note) == ([spec.title], [])
    assert body == [t for t in expected if t != spec.title]
    assert [s.text for s in _strings(_chart(spec))] == [*body, *title]


def test_map_texts_are_the_svg_routes_texts() -> None:
    """As for charts; the attribution is the map's note, drawn apart too."""
    spec = example_map()
    height = round(bg.map_height(spec, WIDTH), 2)
    expected = svg_texts(render_map(spec, "svg", WIDTH / 72, height / 72))
    body, title, note = _parts(bg.map_graphic(spec, WIDTH, height))
    assert (title, note) == ([spec.title], [spec.attribution])
    assert body == [t for t in expected if t not in (spec.title, spec.attribution)]
    assert set(SIGLE) <= set(body)


@pytest.mark.external("pdffonts", "pdfimages", "pdftotext")
def test_pdf_has_real_text_in_titillium_only_and_no_images(tmp_path: Path) -> None:
    drawings = [_chart(spec) for spec in example_document().charts()] + [_map()]
    pdf = _pdf(drawings, tmp_path / "grafici.pdf")
    text = run("pdftotext", "-layout", str(pdf), "-").replace("\xa0", " ")
    for expected in ("88,0%", "970,8 M€", "Dotazione 970,4 M€", "Commercio all’ingrosso"):
        assert expected in text
    for sigla in SIGLE:
        assert f"{sigla}\n" in text or f"{sigla} " in text
    fonts = run("pdffonts", str(pdf)).splitlines()[2:]
    names = {line.split()[0].split("+")[-1] for line in fonts}
    assert names == TITILLIUM
    assert all(line.split()[-5] == "yes" for line in fonts)  # embedded
    assert "Helvetica" not in pdf.read_bytes().decode("latin-1")
    assert run("pdfimages", "-list", str(pdf)).splitlines()[2:] == []


def test_font_names_bold_labels_and_initial_font() -> None:
    drawing = _chart(next(c for c in example_document().charts() if c.id == "panorama"))
    assert drawing.initialFontName == "TitilliumWeb-Regular"
    fonts = {s.text: s.fontName for s in _strings(drawing)}
    assert set(fonts.values()) == TITILLIUM
    assert fonts["970,8\xa0M€"] == "TitilliumWeb-Bold"  # data label, weight bold
    assert fonts["Programmate"] == "TitilliumWeb-Regular"
    assert fonts["Attuazione rispetto alla dotazione"] == "TitilliumWeb-Bold"


def test_grouped_chart_values_are_rotated_a_quarter_turn() -> None:
    drawing = _chart(next(c for c in example_document().charts() if c.id == "assi"))
    rotated = [
        n
        for n in _nodes(drawing)
        if isinstance(n, Group)
        and len(n.contents) == 1
        and isinstance(n.contents[0], String)
        and n.contents[0].text == "379,0\xa0M€"
    ]
    assert len(rotated) == 1
    a, b, c, d, _, _ = rotated[0].transform
    assert (a, b, c, d) == (0.0, 1.0, -1.0, 0.0)


def test_reference_line_is_dashed() -> None:
    drawing = _chart(next(c for c in example_document().charts() if c.id == "panorama"))
    dashed = [n for n in _nodes(drawing) if isinstance(n, RLPath) and n.strokeDashArray]
    assert len(dashed) == 1
    _phase, pattern = dashed[0].strokeDashArray
    # (4, 2) scaled by the 1.4 pt line width, as matplotlib scales dashes
    assert pattern == pytest.approx([5.6, 2.8])


def test_map_neighbours_are_clipped_to_the_map_area() -> None:
    drawing = _map()
    clipped = [
        n
        for n in _nodes(drawing)
        if isinstance(n, Group)
        and n.contents
        and isinstance(n.contents[0], RLPath)
        and n.contents[0].isClipPath
    ]
    assert clipped, "no clipping group in the map"
    group = max(clipped, key=lambda g: len(g.contents))
    clip = group.contents[0].getBounds()
    shapes = [s for s in group.contents[1:] if isinstance(s, RLPath)]
    assert len(shapes) > 12  # the region's provinces and their neighbours share one clip
    beyond = [s for s in shapes if s.getBounds()[0] < clip[0] or s.getBounds()[2] > clip[2]]
    assert beyond, "no neighbour extends past the map area: the clip would prove nothing"
    # the clip is the axes' rectangle inside the drawing
    assert 0 < clip[0] < clip[2] < drawing.width and 0 < clip[1] < clip[3] < drawing.height


def test_same_spec_gives_identical_pdf_bytes(tmp_path: Path) -> None:
    spec = example_map()
    height = round(bg.map_height(spec, WIDTH), 2)
    fresh = bg.map_graphic.__wrapped__  # not the cached drawing: draw it twice
    first = _pdf([bg.whole_drawing(fresh(spec, WIDTH, height))], tmp_path / "a.pdf")
    second = _pdf([bg.whole_drawing(fresh(spec, WIDTH, height))], tmp_path / "b.pdf")
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("kind", sorted(DRAWERS))
def test_every_chart_kind_renders_with_its_labels(kind: str) -> None:
    base = next(c for c in example_document().charts() if c.id == "assi")
    single = kind in ("bar", "column", "pie")
    spec = replace(base, kind=kind, series=base.series[:1] if single else base.series)  # type: ignore[arg-type]
    with chart_figure(spec, 6.0, 3.5) as fig:
        drawing = figure_drawing(fig)
    assert (drawing.width, drawing.height) == (432.0, 252.0)
    texts = {s.text for s in _strings(drawing)}
    assert spec.title in texts
    assert set(spec.series[0].labels) <= texts
    assert set(spec.categories) <= texts


def test_quadratic_curves_become_cubic_on_the_same_points() -> None:
    from matplotlib.path import Path as MplPath
    from matplotlib.transforms import IdentityTransform

    from porreport.bulletin.mpl_drawing import rl_path

    quad = MplPath([(0, 0), (10, 20), (20, 0)], [MplPath.MOVETO, MplPath.CURVE3, MplPath.CURVE3])
    out = rl_path(quad, IdentityTransform())
    assert out.operators == [0, 2]
    x0, y0, c1x, c1y, c2x, c2y, x, y = out.points
    # a cubic Bezier equal to the quadratic one: same midpoint (10, 10)
    mid = (
        0.125 * x0 + 0.375 * c1x + 0.375 * c2x + 0.125 * x,
        0.125 * y0 + 0.375 * c1y + 0.375 * c2y + 0.125 * y,
    )
    assert mid == pytest.approx((10.0, 10.0), abs=1e-3)
    assert not math.isnan(sum(out.points))


def test_images_and_other_resolutions_are_refused() -> None:
    fig = Figure(figsize=(2, 1), dpi=72)
    fig.figimage(np.zeros((4, 4)))
    with pytest.raises(DrawingError, match="immagini non supportate"):
        figure_drawing(fig)
    with pytest.raises(DrawingError, match="72 dpi"):
        figure_drawing(Figure(figsize=(2, 1), dpi=100))


def test_text_measures_kept_between_figures_are_those_measured_anew(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from matplotlib.backend_bases import RendererBase
    from matplotlib.font_manager import FontProperties
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from porreport.bulletin import mpl_drawing as md
    from porreport.charts.style import register_fonts

    family = register_fonts()
    props = [
        FontProperties(family=family, size=size, weight=weight)
        for size in (8.0, 9.0, 11.0)
        for weight in ("normal", "bold")
    ]
    texts = ["0", "10 M€", "Imprese beneficiarie", "Asse 1 – Occupazione", "àèìòù «€»"]
    monkeypatch.setattr(md, "_METRICS", {})
    measured = {}
    for _ in range(2):  # the second time from what the first kept, in other figures
        for prop in props:
            for text in texts:
                renderer = md.DrawingRenderer(100.0, 100.0)
                got = renderer.get_text_width_height_descent(text, prop, False)
                _, height, descent = RendererBase.get_text_width_height_descent(
                    renderer, text, prop, False
                )
                width = stringWidth(text, md.font_name(prop), prop.get_size_in_points())
                assert got == (width, height, descent)
                measured.setdefault((text, prop.get_size_in_points(), prop.get_weight()), got)
    assert len(md._METRICS) == len(props) * len(texts)
    # bold and regular, and each size, measure apart
    assert len(set(measured.values())) == len(measured)
    monkeypatch.setattr(md, "MAX_METRICS", 3)  # a full store starts again
    md.DrawingRenderer(100.0, 100.0).get_text_width_height_descent("nuovo", props[0], False)
    assert len(md._METRICS) == 1
