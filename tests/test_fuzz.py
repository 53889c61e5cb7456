"""Property-based tests: any input is either accepted (and builds) or refused with the
documented error, never another exception; the formatters round-trip."""

from __future__ import annotations

import copy
import datetime as dt
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from porreport import formatting as fmt
from porreport.content.builder import build_document
from porreport.errors import InputError
from porreport.inputs.glyphs import missing_characters
from porreport.inputs.loading import load
from porreport.model.parsing import parse_count, parse_money
from porreport.resources import example_report

EXAMPLE = yaml.safe_load(example_report().read_text(encoding="utf-8"))
TABLE = (example_report().parent / "dimensioni_imprese.csv").read_text(encoding="utf-8")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _leaf_paths(node: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(node, dict):
        return [path] + [p for k, v in node.items() for p in _leaf_paths(v, (*path, k))]
    if isinstance(node, list):
        return [path] + [p for i, v in enumerate(node) for p in _leaf_paths(v, (*path, i))]
    return [path]


PATHS = [p for p in _leaf_paths(EXAMPLE) if p]

values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1))
    | st.sampled_from(["970,4 M€", "€ 1.980.000", "1.001", "MI", "46", "micro", "", "😀", "<b>&"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


def _set(data: Any, path: tuple, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _load_text(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "dimensioni_imprese.csv").write_text(TABLE, encoding="utf-8")
        report = Path(tmp) / "r.yaml"
        report.write_text(text, encoding="utf-8")
        try:
            loaded = load(report)
        except InputError as exc:
            assert exc.problems and all(str(p) for p in exc.problems)
            assert "controllo '" not in str(exc)  # every error type has an Italian message
            return
        document = build_document(loaded.report)
        assert document.sections[0].title


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(PATHS), values), min_size=1, max_size=3))
def test_mutated_example_is_accepted_or_refused_cleanly(mutations: list[tuple[tuple, Any]]) -> None:
    data = copy.deepcopy(EXAMPLE)
    for path, value in mutations:
        try:
            _set(data, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the parent: nothing to change
    _load_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@FUZZ
@given(st.text(max_size=300))
def test_arbitrary_text_is_accepted_or_refused_cleanly(text: str) -> None:
    _load_text(text)


HOSTILE = [
    "!!python/object/apply:os.system [echo x]",
    "!!python/name:os.system",
    "!!set {a, b}",
    "!!binary aGVsbG8=",
    "&a [1, 2]",
    "*a",
    "<<: {x: 1}",
    "2021-02-30",
    "!!timestamp 2021-13-01",
    "!!timestamp {a: 1}",
    "!!timestamp [1]",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "{? [1, 2] : x}",
    "!!float .nan",
    "'unterminated",
    "\t- tab",
    "{7: x}",
    "{2021-01-01: x}",
]


@FUZZ
@given(
    st.lists(st.sampled_from(PATHS), min_size=1, max_size=2),
    st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=2),
    st.booleans(),
)
def test_hostile_yaml_in_keys_and_values_is_refused_cleanly(
    paths: list[tuple], snippets: list[str], as_key: bool
) -> None:
    text = yaml.safe_dump(EXAMPLE, allow_unicode=True, sort_keys=False)
    for path, snippet in zip(paths, snippets, strict=False):
        key = str(path[-1])
        if f"{key}: " not in text:
            continue
        # as a key: the field name becomes the snippet; as a value: the snippet replaces the
        # value on that line (the rest of the line becomes a comment)
        new = f"{snippet}: " if as_key else f"{key}: {snippet} # "
        text = text.replace(f"{key}: ", new, 1)
    _load_text(text)


amounts = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(amounts)
def test_euro_round_trips_and_uses_only_font_characters(amount: Decimal) -> None:
    text = fmt.euro(amount)
    assert parse_money(text) == amount
    assert missing_characters(text) == []
    assert missing_characters(fmt.euro(amount, fmt.FormatSettings(valuta="suffisso"))) == []


@settings(max_examples=300, deadline=None)
@given(amounts)
def test_millions_round_trip_to_one_decimal(amount: Decimal) -> None:
    text = fmt.millions(amount)
    expected = (amount / fmt.MILLION).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")
    assert parse_money(text) == expected * fmt.MILLION
    assert missing_characters(text) == []


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_counts_round_trip(value: int) -> None:
    assert parse_count(fmt.count(value)) == value


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10, places=6, allow_nan=False))
def test_percent_has_one_decimal_and_a_comma(ratio: Decimal) -> None:
    text = fmt.percent(ratio)
    assert text.endswith("%")
    assert text[-3] == "," and text[-2].isdigit()


# --- the vocabulary, the split and the scales ---------------------------------------------

SICILIA = Path(__file__).resolve().parents[1] / "data" / "examples" / "pr_fesr_sicilia_2024.yaml"
SICILIA_DATA = yaml.safe_load(SICILIA.read_text(encoding="utf-8"))
SICILIA_PATHS = [
    p
    for p in _leaf_paths(SICILIA_DATA)
    if p and p[0] in ("vocabolario", "assi", "avvisi", "rapporto") and "finalita" not in p
]


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(SICILIA_PATHS), values), min_size=1, max_size=3))
def test_mutated_vocabulary_is_accepted_or_refused_cleanly(
    mutations: list[tuple[tuple, Any]],
) -> None:
    data = copy.deepcopy(SICILIA_DATA)
    for path, value in mutations:
        try:
            _set(data, path, value)
        except (KeyError, IndexError, TypeError):
            continue
    _load_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


words = st.text(
    alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd")), min_size=1, max_size=12
)


@settings(max_examples=300, deadline=None)
@given(words, st.sampled_from(["m", "f"]), st.booleans(), st.sampled_from([None, "di", "a", "su"]))
def test_an_article_is_one_of_italian_s_and_joins_cleanly(
    word: str, gender: str, plural: bool, preposition: str | None
) -> None:
    from porreport.model.grammar import with_article

    phrase = with_article(word, gender, plural, preposition)  # type: ignore[arg-type]
    assert phrase.endswith(word)
    head = phrase[: -len(word)]
    assert head.endswith(" ") or head.endswith("’")
    assert "  " not in phrase


@settings(max_examples=300, deadline=None)
@given(st.lists(amounts, min_size=1, max_size=6), st.integers(min_value=0, max_value=3))
def test_no_nonzero_amount_of_a_group_reads_zero(values: list[Decimal], digits: int) -> None:
    scale = fmt.amount_scale(values, fmt.FormatSettings(decimali_milioni=digits))
    for value in values:
        text = scale.text(value)
        assert missing_characters(text) == []
        if value >= 1:  # under a euro, full euro rounds to 0 or 1 by design
            assert re.search(r"[1-9]", text), text
        if scale.millions and value:
            assert parse_money(text) > 0
