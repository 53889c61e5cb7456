"""Italian formatting, asserted as exact strings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from porreport import formatting as fmt
from porreport.formatting import FormatSettings
from porreport.inputs.glyphs import missing_characters

CLDR = FormatSettings(valuta="suffisso")


def test_millions_one_decimal_as_in_the_source() -> None:
    assert fmt.millions(Decimal(970_400_000)) == "970,4\xa0M€"
    assert fmt.millions(Decimal(379_000_000)) == "379,0\xa0M€"
    assert fmt.millions(Decimal(20_000_000)) == "20,0\xa0M€"
    assert fmt.millions(Decimal(1_234_560_000)) == "1.234,6\xa0M€"


def test_millions_round_half_up() -> None:
    assert fmt.millions(Decimal(970_450_000)) == "970,5\xa0M€"
    assert fmt.millions(Decimal(970_350_000)) == "970,4\xa0M€"


def test_full_amounts_default_style_is_the_sources() -> None:
    assert fmt.euro(Decimal(1_980_000)) == "€\xa01.980.000"
    assert fmt.euro(Decimal(10_705_500)) == "€\xa010.705.500"
    assert fmt.euro(Decimal("562500.5")) == "€\xa0562.500,50"


def test_full_amounts_cldr_style_is_one_setting_away() -> None:
    assert fmt.euro(Decimal(10_705_500), CLDR) == "10.705.500\xa0€"
    assert fmt.euro(Decimal(1_980_000), CLDR) == "1.980.000\xa0€"


def test_counts_and_numbers() -> None:
    assert fmt.count(1001) == "1.001"
    assert fmt.count(764) == "764"
    assert fmt.count(1_000_000) == "1.000.000"
    assert fmt.number(1234.5, 1) == "1.234,5"


def test_percentages() -> None:
    assert fmt.percent(Decimal("0.88")) == "88,0%"
    assert fmt.percent(Decimal(853_900_000) / Decimal(970_400_000)) == "88,0%"
    assert fmt.percent(Decimal(1)) == "100,0%"


def test_dates() -> None:
    day = dt.date(2021, 9, 30)
    assert fmt.short_date(day) == "30.09.2021"
    assert fmt.long_date(day) == "30 settembre 2021"
    assert fmt.data_date(dt.date(2021, 10, 21)) == "21/10/2021"
    assert fmt.short_date(day, FormatSettings(data_breve="dd/MM/yyyy")) == "30/09/2021"


def test_ratio_of_zero_is_none() -> None:
    assert fmt.ratio(Decimal(5), Decimal(0)) is None


@pytest.mark.parametrize(
    "text",
    [
        fmt.millions(Decimal(970_400_000)),
        fmt.euro(Decimal(10_705_500)),
        fmt.euro(Decimal(10_705_500), CLDR),
        fmt.percent(Decimal("0.88")),
        fmt.long_date(dt.date(2021, 9, 30)),
    ],
)
def test_every_formatted_character_exists_in_the_font(text: str) -> None:
    assert missing_characters(text) == []


# --- the scale of a group of amounts -----------------------------------------------------

TWO = FormatSettings(decimali_milioni=2)


@pytest.mark.parametrize(
    ("values", "settings", "millions"),
    [
        ([Decimal(970_400_000), Decimal(9_900_000)], CLDR, True),
        ([Decimal(950_000)], FormatSettings(), True),  # rounds to 1,0 M€: two digits
        ([Decimal(949_999)], FormatSettings(), False),  # would read 0,9 M€
        ([Decimal(87_400), Decimal(41_250_000)], FormatSettings(), False),
        ([Decimal(95_000)], TWO, True),  # 0,10 M€ with two decimals
        ([Decimal(94_999)], TWO, False),
        ([Decimal(9_500_000)], FormatSettings(decimali_milioni=0), True),
        ([Decimal(9_400_000)], FormatSettings(decimali_milioni=0), False),
        ([Decimal(0), Decimal(5_000_000)], FormatSettings(), True),  # zero is zero at any scale
        ([], FormatSettings(), True),
    ],
)
def test_millions_only_when_every_amount_keeps_two_digits(values, settings, millions) -> None:
    assert fmt.amount_scale(values, settings).millions is millions


def test_scales_write_cards_charts_and_native_formats_alike() -> None:
    scale = fmt.amount_scale([Decimal(1_228_677_900)])
    assert scale.text(Decimal(1_228_677_900)) == "1.228,7\xa0M€"
    assert scale.chart_value(Decimal(1_228_677_900)) == 1228.6779
    assert scale.number_format == '#,##0.0" M€"'
    assert scale.axis_title == "Milioni di euro (M€)"
    two = fmt.amount_scale([Decimal(41_205_000)], TWO)
    assert (two.text(Decimal(41_205_000)), two.number_format) == ("41,21\xa0M€", '#,##0.00" M€"')
    euro = fmt.amount_scale([Decimal(87_400), Decimal("5858460117.48")])
    assert euro.text(Decimal(87_400)) == "€\xa087.400,00"
    assert euro.text(Decimal("5858460117.48")) == "€\xa05.858.460.117,48"
    assert euro.chart_value(Decimal(87_400)) == 87_400.0
    assert euro.number_format == '"€ "#,##0.00'
    assert euro.axis_title == "Euro (€)"
    suffix = fmt.amount_scale([Decimal(87_400)], CLDR)
    assert (suffix.text(Decimal(87_400)), suffix.number_format) == ("87.400\xa0€", '#,##0" €"')


def test_a_euro_group_writes_cents_for_all_or_none() -> None:
    group = fmt.euro_scale([Decimal("479750.50"), Decimal(1_106_250)])
    assert group.text(Decimal(1_106_250)) == "€\xa01.106.250,00"
    assert fmt.euro_scale([Decimal(870_000)]).text(Decimal(870_000)) == "€\xa0870.000"
