"""Charts: baseline images, Italian text kept as SVG text, determinism, no figure leaks.

The bulletin's ReportLab drawings (real text, Titillium Web only, no raster) are checked in
tests/test_rlrender.py."""

from __future__ import annotations

import gc
import itertools
from dataclasses import replace

import matplotlib.figure
import pytest

from helpers_charts import (
    BASELINE_DPI,
    assert_matches_baseline,
    chart_spec,
    drawn_chart,
    example_document,
    example_map,
    label_collisions,
    svg_texts,
)
from porreport.charts.draw import ChartError, render_chart, render_map
from porreport.content.document import ChartSpec, Series

SIZES = {
    "panorama": (6.5, 3.6),
    "assi": (6.5, 3.8),
    "dimensioni": (6.5, 2.8),
    "covid": (4.5, 3.0),
    "settori": (6.5, 3.6),
}


def test_example_has_the_expected_charts() -> None:
    assert [c.id for c in example_document().charts()] == list(SIZES)


@pytest.mark.parametrize("chart_id", list(SIZES))
def test_chart_matches_baseline(chart_id: str) -> None:
    w, h = SIZES[chart_id]
    png = render_chart(chart_spec(chart_id), "png", w, h, dpi=BASELINE_DPI)
    assert png.startswith(b"\x89PNG")
    assert_matches_baseline(png, f"chart_{chart_id}")


def test_panorama_svg_keeps_italian_labels_as_text() -> None:
    svg = render_chart(chart_spec("panorama"), "svg", *SIZES["panorama"])
    texts = svg_texts(svg)
    assert "88,0%" in texts
    assert "970,8\xa0M€" in texts
    assert "Dotazione 970,4\xa0M€" in texts
    assert {"0", "250", "500", "750", "1.000"} <= set(texts)  # Italian tick labels
    assert "1,000" not in texts and "1000" not in texts
    assert "Milioni di euro (M€)" in texts
    assert b"font-family: 'Titillium Web'" in svg
    assert b"DejaVu" not in svg


def test_axes_chart_has_every_series_label() -> None:
    spec = chart_spec("assi")
    texts = svg_texts(render_chart(spec, "svg", *SIZES["assi"]))
    for series in spec.series:
        assert series.name in texts
        for label in series.labels:
            assert label in texts
    assert {"Asse I", "Asse II", "Asse III", "Asse IV"} <= set(texts)


def test_long_sector_labels_are_wrapped_not_cut() -> None:
    spec = chart_spec("settori")
    texts = svg_texts(render_chart(spec, "svg", *SIZES["settori"]))
    joined = " ".join(texts)
    long_label = "Produzione di software, consulenza informatica e attività connesse"
    assert long_label in spec.categories
    assert long_label not in texts  # it was wrapped on more than one line...
    assert "informatica e attività connesse" in joined  # ...and nothing was cut
    words = long_label.split()
    assert all(any(w in t for t in texts) for w in words)
    assert "…" not in joined and "..." not in joined


def test_pie_shows_counts_and_shares() -> None:
    texts = svg_texts(render_chart(chart_spec("covid"), "svg", *SIZES["covid"]))
    assert "379 (49,6%)" in texts
    assert "385 (50,4%)" in texts
    assert "Addendum COVID-19" in texts


def test_small_values_get_decimal_ticks() -> None:
    spec = replace(
        chart_spec("dimensioni"),
        series=(Series("Quota", (0.25, 0.5, 0.75, 1.25), ("0,25", "0,5", "0,75", "1,25")),),
    )
    texts = svg_texts(render_chart(spec, "svg", 6, 3))
    assert "0,5" in texts and "1,0" in texts


def test_render_is_deterministic() -> None:
    for fmt in ("svg", "png"):
        first = render_chart(chart_spec("panorama"), fmt, 6.5, 3.6, dpi=80)
        second = render_chart(chart_spec("panorama"), fmt, 6.5, 3.6, dpi=80)
        assert first == second, fmt
    assert render_map(example_map(), "svg", 6, 5) == render_map(example_map(), "svg", 6, 5)


def _live_figures() -> int:
    gc.collect()
    return sum(isinstance(o, matplotlib.figure.Figure) for o in gc.get_objects())


def test_no_figure_is_left_open() -> None:
    import matplotlib.pyplot as plt

    before = _live_figures()
    for spec in example_document().charts():
        render_chart(spec, "png", 4, 3, dpi=50)
        render_chart(spec, "svg", 4, 3)
    render_map(example_map(), "png", 4, 3, dpi=50)
    assert plt.get_fignums() == []
    assert _live_figures() == before


def test_bad_requests_are_refused_with_the_allowed_values() -> None:
    with pytest.raises(ChartError, match="Formati ammessi: svg, png"):
        render_chart(chart_spec("panorama"), "jpg", 4, 3)  # type: ignore[arg-type]
    with pytest.raises(ChartError, match="Tipi ammessi"):
        render_chart(replace(chart_spec("panorama"), kind="radar"), "svg", 4, 3)  # type: ignore[arg-type]
    with pytest.raises(ChartError, match="4 valori e 4 etichette per 5 categorie"):
        render_chart(
            replace(chart_spec("panorama"), categories=("a", "b", "c", "d", "e")), "svg", 4, 3
        )


def test_theme_does_not_leak_into_global_rcparams() -> None:
    import matplotlib

    before = dict(matplotlib.rcParams)
    render_chart(chart_spec("panorama"), "svg", 4, 3)
    assert matplotlib.rcParams["svg.fonttype"] == before["svg.fonttype"]
    assert matplotlib.rcParams["font.family"] == before["font.family"]


# --- labels that never meet (issue 12) -------------------------------------------------------

BULLETIN_WIDTH = 451.28 / 72  # inches: the bulletin's frame


def _amount(value: float) -> str:
    whole, cents = f"{value:,.1f}".split(".")
    return f"{whole.replace(',', '.')},{cents}\xa0M€"


def _groups(series: int, groups: int, scale: float = 1.0) -> ChartSpec:
    """Clustered columns with ``groups`` groups of ``series`` bars, labels as amounts."""
    base = chart_spec("assi")
    values = [379, 236, 301, 19, 150, 90, 240, 35]
    out = []
    for k in range(series):
        row = tuple(
            float(v - 40 * k if i == 0 else v + 10 * k) * scale
            for i, v in enumerate(values[:groups])
        )
        out.append(Series(f"Serie {k + 1}", row, tuple(_amount(v) for v in row)))
    names = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")[:groups]
    return replace(base, categories=tuple(f"Asse {n}" for n in names), series=tuple(out))


def _close_to_reference() -> ChartSpec:
    """The panorama with every column near the dotazione line."""
    base = chart_spec("panorama")
    values = (970.8, 960.0, 975.0, 940.0)
    series = replace(base.series[0], values=values, labels=tuple(_amount(v) for v in values))
    return replace(base, series=(series,))


STRESS = {
    "example panorama": (chart_spec("panorama"), 3.01),
    "example assi": (chart_spec("assi"), 3.01),
    "example settori": (chart_spec("settori"), 3.58),
    "six groups of four": (_groups(4, 6), 3.0),
    "eight groups of six": (_groups(6, 8), 3.0),
    "labels wider than bars": (_groups(4, 6, 1000.0), 3.0),
    "columns at the reference": (_close_to_reference(), 2.5),
    "bars and a reference": (
        replace(chart_spec("dimensioni"), reference=("Obiettivo 300", 300.0)),
        2.6,
    ),
    "clustered bars": (replace(_groups(4, 6), kind="clustered_bar"), 6.3),
}


@pytest.mark.parametrize("name", list(STRESS))
def test_data_labels_meet_nothing(name: str) -> None:
    """No data label overlaps another label, a bar other than its own, the reference line
    or its label (boxes from matplotlib's Agg renderer)."""
    spec, height = STRESS[name]
    chart = drawn_chart(spec, BULLETIN_WIDTH, height)
    assert chart.labels
    assert label_collisions(chart) == []


def test_labels_stay_when_there_is_room_and_thin_out_when_not() -> None:
    """Four series in six groups keep every label (turned); six in eight keep the ones that
    fit, the longest bars' first; the reference's neighbours move, none is lost."""
    counts = {
        name: len(drawn_chart(STRESS[name][0], BULLETIN_WIDTH, STRESS[name][1]).labels)
        for name in ("six groups of four", "eight groups of six", "columns at the reference")
    }
    assert counts["six groups of four"] == 24
    assert 8 <= counts["eight groups of six"] < 48
    assert counts["columns at the reference"] == 4
    spec = STRESS["eight groups of six"][0]
    longest = max(
        (v, label) for s in spec.series for v, label in zip(s.values, s.labels, strict=True)
    )
    kept = [text for text, _, _ in drawn_chart(spec, BULLETIN_WIDTH, 3.0).labels]
    assert longest[1] in kept  # the longest bars' labels are kept first


def test_the_panorama_reference_label_and_line_keep_clear_of_values() -> None:
    chart = drawn_chart(*STRESS["columns at the reference"][:1], BULLETIN_WIDTH, 2.5)
    assert chart.reference is not None and chart.reference_label is not None
    by_text = {text: box for text, box, _ in chart.labels}
    # a value just under the line moves inside its column or past the line
    moved = by_text["940,0\xa0M€"]
    assert moved.y1 < chart.reference.y0 or moved.y0 > chart.reference.y1


def _long_sectors(n: int) -> ChartSpec:
    base = chart_spec("settori")
    names = tuple(
        f"Produzione di software, consulenza informatica e attività connesse, gruppo {i}"
        for i in range(n)
    )
    values = tuple(float(100 - 7 * i) for i in range(n))
    series = Series("Imprese", values, tuple(str(int(v)) for v in values))
    return replace(base, categories=names, series=(series,))


@pytest.mark.parametrize("n", [6, 10])
def test_three_line_category_labels_keep_apart(n: int) -> None:
    """Sector names wrapped on three lines, at the height the bulletin gives the chart:
    consecutive labels at least 3 points apart, and nothing cut."""
    from porreport.bulletin.graphics import chart_height

    spec = _long_sectors(n)
    height = chart_height(spec, BULLETIN_WIDTH * 72) / 72
    ticks = drawn_chart(spec, BULLETIN_WIDTH, height).ticks
    assert max(t.count("\n") for t, _ in ticks) == 2  # three lines
    assert [t.replace("\n", " ") for t, _ in ticks] == list(spec.categories)
    boxes = sorted((box for _, box in ticks), key=lambda b: -b.y1)
    gaps = [upper.y0 - lower.y1 for upper, lower in itertools.pairwise(boxes)]
    assert min(gaps) >= 3.0


def test_category_labels_shrink_rather_than_touch() -> None:
    """At a height too small for three-line labels, they are wrapped wider or set smaller
    until they keep apart again."""
    spec = _long_sectors(10)
    chart = drawn_chart(spec, BULLETIN_WIDTH, 4.0)
    boxes = sorted((box for _, box in chart.ticks), key=lambda b: -b.y1)
    gaps = [upper.y0 - lower.y1 for upper, lower in itertools.pairwise(boxes)]
    assert min(gaps) >= 1.0
