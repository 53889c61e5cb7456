"""The province choropleth: bundled geometry, classes, labels, regions other than Lombardy."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace

import pytest

from helpers_charts import BASELINE_DPI, assert_matches_baseline, example_map, svg_texts
from helpers_map import REGION_VALUES, VENETO_VALUES, region_spec
from porreport import theme
from porreport.charts.classes import (
    MAX_CLASSES,
    MapClass,
    class_colors,
    class_of,
    classify,
    contrast,
    label_ink,
    luminance,
    nice_break,
    readable_palette,
    round_up,
)
from porreport.charts.draw import render_map
from porreport.charts.geometry import GEOMETRY_FILE, ProvinceShape, geometry, region_frame
from porreport.charts.map import MapError
from porreport.charts.map_layout import MapStyle, fitted_height, layout_map
from porreport.content.document import MapSpec
from porreport.model.reference import provinces
from porreport.resources import resource_dir

LOMBARDIA = ("VA", "CO", "SO", "MI", "BG", "BS", "PV", "CR", "MN", "LC", "LO", "MB")
DECK_BOX = (535.2, 324.0)  # the template's map placeholder, points
PDF_BOX = (481.9, 481.9 * 0.78)  # the bulletin's text width and map height


def veneto_spec() -> MapSpec:
    """A hand-made Veneto map: one province without data (VE), one with zero (BL)."""
    return replace(region_spec("Veneto", VENETO_VALUES), id="veneto", alt_text="")


def test_geometry_file_has_every_province_and_stays_small() -> None:
    path = resource_dir("data") / GEOMETRY_FILE
    assert path.stat().st_size < 300 * 1024
    assert set(geometry()) == {p.codice_istat for p in provinces()}
    assert len(geometry()) == 107
    assert "CC-BY 4.0" in json.loads(path.read_text(encoding="utf-8"))["fonte"]


def test_label_points_lie_inside_their_province() -> None:
    from matplotlib.path import Path

    for code, shape in geometry().items():
        main = shape.polygons[0][0]
        assert Path([*main, main[0]], closed=True).contains_point(shape.label), code


def test_round_breaks() -> None:
    assert [round_up(v) for v in (7, 12, 27.2, 51.2, 90.4, 120, 262, 1130)] == [
        7,
        15,
        30,
        60,
        100,
        150,
        300,
        1500,
    ]


def test_breaks_are_the_roundest_number_between_two_classes() -> None:
    assert nice_break(27, 41) == 30
    assert nice_break(28, 30) == 28  # 30 belongs to the next class
    assert nice_break(120, 1130) == 150
    assert nice_break(92, 262) == 100
    assert nice_break(7, 9) == 7
    assert nice_break(1130, 5000) == 1500


def test_lombardy_classes_have_round_italian_labels() -> None:
    values = [p.value for p in example_map().provinces if p.value is not None]
    classes = classify(values)
    assert [c.label for c in classes] == ["da 1 a 30", "da 31 a 60", "da 61 a 100", "oltre 100"]
    assert len(set(c.color for c in classes)) == 4
    # Milano (262) alone in the top class, Lodi (14) to Lecco (30) in the first
    assert [sum(1 for v in values if class_of(v, classes) is c) for c in classes] == [6, 2, 3, 1]


def test_zero_is_its_own_class_and_none_is_no_data() -> None:
    classes = classify([0, 5, 40, 2500])
    assert [c.label for c in classes] == ["0", "da 1 a 5", "da 6 a 40", "oltre 40"]
    assert class_of(0, classes) is classes[0]
    assert class_of(None, classes) is None
    assert MapClass(1001, None, "0066CC").label == "oltre 1.000"
    assert MapClass(1, 1500, "0066CC").label == "da 1 a 1.500"
    assert MapClass(0, 0, "0066CC").label == "0"


def test_seven_provinces_get_more_than_two_classes() -> None:
    labels = [c.label for c in classify([v for v in VENETO_VALUES.values() if v is not None])]
    assert labels == ["0", "da 1 a 15", "da 16 a 150", "oltre 150"]
    assert [c.label for c in classify([3, 9, 14, 22, 40, 41, 75])] == [
        "da 1 a 25",
        "da 26 a 50",
        "oltre 50",
    ]


def test_one_and_two_provinces() -> None:
    assert [c.label for c in classify([764])] == ["764"]
    assert [c.label for c in classify([0])] == ["0"]
    assert [c.label for c in classify([540, 224])] == ["da 1 a 250", "oltre 250"]
    assert [c.label for c in classify([0, 12])] == ["0", "12"]
    assert [c.label for c in classify([7, 7])] == ["7"]
    assert classify([]) == []


def _check_partition(values: list[int], classes: list[MapClass]) -> None:
    """Every value in exactly one class, no class empty, bounds increasing."""
    for v in values:
        assert sum(1 for c in classes if c.contains(v)) == 1, v
    for c in classes:
        assert any(c.contains(v) for v in values), c.label
    for lower, upper in itertools.pairwise(classes):
        assert lower.high is not None and upper.low == lower.high + 1


@pytest.mark.parametrize(
    ("values", "count"),
    [
        ([12], 1),
        ([40, 12], 2),
        ([0, 0, 3, 3, 8, 8, 30], 4),  # 7 provinces: zero and three classes above it
        ([262, 92, 84, 74, 58, 41, 30, 30, 28, 27, 24, 14], 4),  # 12 provinces
        ([(k * 37) % 500 for k in range(107)], 5),  # every province of Italy
        ([0] * 30 + [(k * k) % 900 + 1 for k in range(77)], 5),  # many zeros: 0 + four
        ([5] * 107, 1),  # one distinct value: one class
    ],
)
def test_classes_partition_the_values(values: list[int], count: int) -> None:
    classes = classify(values)
    assert len(classes) == count
    _check_partition(values, classes)
    assert (classes[0].label == "0") == (0 in values)
    assert 1 <= len(classes) <= MAX_CLASSES


def test_labels_read_on_every_class_colour() -> None:
    for palette in (theme.SEQUENTIAL, readable_palette()):
        for zero in (False, True):
            for n in range(1, MAX_CLASSES + 1 - zero):
                for color in class_colors(n, zero, palette):
                    assert contrast(label_ink(color), color) >= 4.5, color
    assert contrast(label_ink(theme.NO_DATA), theme.NO_DATA) >= 4.5
    # the mid blue that neither dark nor white text reads on is left out
    assert "2F7FD4" not in readable_palette()


def test_class_colours_go_from_light_to_dark() -> None:
    for zero in (False, True):
        for n in range(2, MAX_CLASSES + 1 - zero):
            shades = [luminance(c) for c in class_colors(n, zero)]
            assert shades == sorted(shades, reverse=True) and len(set(shades)) == len(shades)


def test_lombardy_map_names_its_12_provinces_with_counts() -> None:
    spec = example_map()
    texts = svg_texts(render_map(spec, "svg", 6.5, 5.5))
    assert set(LOMBARDIA) <= set(texts)
    assert len(spec.provinces) == 12
    for p in spec.provinces:
        assert p.label in texts
    assert "262" in texts  # Milano
    assert "Dati illustrativi" in texts
    assert spec.attribution in texts
    assert "Imprese beneficiarie" in texts
    assert "Nessun dato" not in texts  # every province has a figure


def test_lombardy_map_matches_baseline() -> None:
    assert_matches_baseline(
        render_map(example_map(), "png", 6.5, 5.5, dpi=BASELINE_DPI), "map_lombardia"
    )


def test_veneto_map_has_its_7_provinces_and_a_no_data_class() -> None:
    texts = svg_texts(render_map(veneto_spec(), "svg", 6.5, 5.5))
    assert {"VR", "VI", "BL", "TV", "VE", "PD", "RO"} <= set(texts)
    assert "Nessun dato" in texts
    assert "0" in texts  # Belluno has zero, shown as a figure
    assert "1.130" in texts
    assert "Dati illustrativi" not in texts
    assert not {"MI", "BG", "BS", "MN"} & set(texts)  # neighbours are drawn unlabelled


def test_veneto_map_matches_baseline() -> None:
    assert_matches_baseline(
        render_map(veneto_spec(), "png", 6.5, 5.5, dpi=BASELINE_DPI), "map_veneto"
    )


def test_unknown_province_code_is_refused() -> None:
    spec = example_map()
    bad = replace(spec.provinces[0], codice_istat=999)
    with pytest.raises(MapError, match="codice ISTAT 999"):
        render_map(replace(spec, provinces=(bad, *spec.provinces[1:])), "svg", 4, 3)


# --- the frame ---------------------------------------------------------------------------


def _region_shapes(region: str) -> list[ProvinceShape]:
    return [geometry()[p.codice_istat] for p in provinces() if p.regione == region]


def test_frame_keeps_the_region_shape() -> None:
    assert region_frame(_region_shapes("Sardegna")).aspect == pytest.approx(0.56, abs=0.03)
    assert region_frame(_region_shapes("Liguria")).aspect == pytest.approx(1.93, abs=0.05)
    assert region_frame(_region_shapes("Sicilia")).aspect == pytest.approx(1.34, abs=0.05)


def test_far_islets_are_left_out_of_the_frame_near_islands_kept() -> None:
    lon0, lat0, _, lat1 = region_frame(_region_shapes("Sicilia")).lonlat_box()
    assert lat0 > 35.6  # Lampedusa (35,5 N) and Linosa (35,86 N) would leave the frame half sea
    assert lon0 < 11.95  # Pantelleria (11,93 E) stays
    assert lat1 > 38.8  # the Eolie (Stromboli 38,8 N) stay


@pytest.mark.parametrize("region", sorted(REGION_VALUES))
@pytest.mark.parametrize("box", [DECK_BOX, PDF_BOX], ids=["deck", "bulletin"])
def test_the_map_fills_its_window_and_stays_in_its_box(
    region: str, box: tuple[float, float]
) -> None:
    spec = region_spec(region, REGION_VALUES[region], illustrative=True)
    layout = layout_map(spec, *box, MapStyle())
    x, y, w, h = layout.rect
    assert w / h == pytest.approx(layout.frame.aspect, rel=0.01)  # the window is the region's
    # the window is as large as the box allows on one side: height or width, not neither
    assert h >= 0.7 * box[1] or w >= 0.85 * box[0], (w, h)
    items = [layout.title, layout.legend_title, *layout.notes]
    items += [e.text for e in layout.legend] + [layout.badge.text] if layout.badge else []
    for item in items:
        left = item.x - item.width / 2 if item.align == "c" else item.x
        assert left >= 0 and left + item.width <= box[0] + 0.5, item.text
        assert 0 <= item.y <= box[1], item.text
    assert layout.used_height <= box[1] + 1e-6
    for province in layout.provinces:  # every label on the map
        for label in province.labels:
            assert x <= label.x <= x + w and y <= label.y <= y + h, province.name


def test_legend_beside_a_tall_island_and_under_a_long_coast() -> None:
    def arrangement(region: str) -> str:
        return layout_map(
            region_spec(region, REGION_VALUES[region]), *DECK_BOX, MapStyle()
        ).arrangement

    assert arrangement("Sardegna") == "right"
    assert arrangement("Liguria") == "below"
    assert arrangement("Veneto") == "right"


def test_a_long_coast_needs_less_height_than_a_tall_island() -> None:
    liguria = region_spec("Liguria", REGION_VALUES["Liguria"])
    sardegna = region_spec("Sardegna", REGION_VALUES["Sardegna"])
    assert fitted_height(liguria, PDF_BOX[0], PDF_BOX[1], MapStyle()) < 0.9 * PDF_BOX[1]
    assert fitted_height(sardegna, PDF_BOX[0], PDF_BOX[1], MapStyle()) == PDF_BOX[1]


def test_zero_and_no_data_are_told_apart_on_the_map() -> None:
    layout = layout_map(veneto_spec(), *PDF_BOX, MapStyle())
    fills = {p.value.sigla: p.fill for p in layout.provinces}
    assert fills["VE"] == theme.NO_DATA
    assert fills["BL"] == layout.classes[0].color != theme.NO_DATA
    assert [e.text.text for e in layout.legend][-1] == "Nessun dato"
    labels = {p.value.sigla: [t.text for t in p.labels] for p in layout.provinces}
    assert labels["BL"] == ["BL", "0"] and labels["VE"] == ["VE"]
