"""The renderer-neutral document built from the example and from variants of it."""

from __future__ import annotations

from porreport.content.builder import build_document
from porreport.content.calls import TOP_SECTORS
from porreport.content.document import Chart, Table
from porreport.inputs.loading import load
from porreport.model.report import Settore


def _sector_section(report):
    document = build_document(report)
    return next(s for s in document.sections if s.id.endswith("-settori"))


def test_example_sector_table_reconciles_with_the_beneficiaries(example) -> None:
    section = _sector_section(load(example).report)
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert [r[3] for r in table.rows] == ["62", "60", "46", "45", "41", "37", "473"]
    assert table.rows[-1][1] == "Altri settori"
    assert table.total == ("", "Totale", "", "764")
    assert table.alt_text.endswith("; altri settori: 473; totale: 764")


def test_many_sectors_keep_the_top_ten_and_sum_the_rest(example) -> None:
    report = load(example).report
    avviso = report.avvisi[0]
    monitoring = avviso.monitoraggio
    sectors = [
        Settore(ateco=code, imprese=30 - k)
        for k, code in enumerate(
            [
                "46",
                "62",
                "70",
                "88",
                "63",
                "25",
                "10",
                "11",
                "13",
                "14",
                "15",
                "16",
                "17",
                "18",
                "20",
                "21",
                "22",
                "23",
                "24",
                "26",
            ]
        )
    ]
    monitoring = monitoring.model_copy(update={"settori": sectors, "altri_settori": None})
    report = report.model_copy(
        update={"avvisi": [avviso.model_copy(update={"monitoraggio": monitoring})]}
    )
    section = _sector_section(report)
    table = next(b for b in section.blocks if isinstance(b, Table))
    chart = next(b for b in section.blocks if isinstance(b, Chart)).spec
    assert len(table.rows) == TOP_SECTORS + 1
    assert table.rows[-1] == ("", "Altri settori", "", str(sum(range(11, 21))))
    assert len(chart.categories) == TOP_SECTORS
    assert table.total is None


def test_covid_labels_carry_count_and_share(example) -> None:
    document = build_document(load(example).report)
    spec = next(c for c in document.charts() if c.id == "covid")
    assert spec.series[0].labels == ("379 (49,6%)", "385 (50,4%)")
