"""Parsing of the amounts, counts and dates people type."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from porreport.model.parsing import parse_count, parse_date, parse_money


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("970,4 M€", Decimal(970_400_000)),
        ("379 Mln€", Decimal(379_000_000)),
        ("€ 1.980.000", Decimal(1_980_000)),
        ("1.980.000,00", Decimal(1_980_000)),
        ("€ 4,5 milioni", Decimal(4_500_000)),
        ("562500", Decimal(562_500)),
        ("562500.50", Decimal("562500.50")),
        (10705500, Decimal(10_705_500)),
        (2.64e6, Decimal(2_640_000)),
    ],
)
def test_money(text: object, expected: Decimal) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize("bad", ["dieci", "", "1,2,3", float("nan"), float("inf"), True, None, [1]])
def test_money_refused_with_italian_message(bad: object) -> None:
    with pytest.raises(ValueError, match="atteso un importo in euro"):
        parse_money(bad)


def test_counts() -> None:
    assert parse_count("1.001") == 1001
    assert parse_count(764) == 764
    assert parse_count(12.0) == 12
    with pytest.raises(ValueError, match="atteso un numero intero"):
        parse_count("molti")
    with pytest.raises(ValueError, match="atteso un numero intero"):
        parse_count(12.5)


def test_dates() -> None:
    assert parse_date("21/10/2021") == dt.date(2021, 10, 21)
    assert parse_date("30.09.2021") == dt.date(2021, 9, 30)
    assert parse_date(dt.date(2021, 9, 30)) == dt.date(2021, 9, 30)
    with pytest.raises(ValueError, match="data inesistente"):
        parse_date("31/02/2021")
    with pytest.raises(ValueError, match="attesa una data"):
        parse_date("ieri")
