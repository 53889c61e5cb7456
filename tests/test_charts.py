"""Charts: baseline images, Italian text kept as SVG text, determinism, no figure leaks.

The bulletin's ReportLab drawings (real text, Titillium Web only, no raster) are checked in
tests/test_rlrender.py."""

from __future__ import annotations

import gc
from dataclasses import replace

import matplotlib.figure
import pytest

from helpers_charts import (
    BASELINE_DPI,
    assert_matches_baseline,
    chart_spec,
    example_document,
    example_map,
    svg_texts,
)
from porreport.charts.draw import ChartError, render_chart, render_map
from porreport.content.document import Series

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
