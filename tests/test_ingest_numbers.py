"""Tests of sae_analysis.ingest.numbers: worked examples and properties of the number parser."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sae_analysis.ingest.numbers import (
    blank_cells,
    column_decimal,
    numeric_columns,
    numeric_values,
    parse_number,
    parse_numbers,
    parse_range,
)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("1.234.567,89", "k", 1234567.89),
        ("12,5", "k", 12.5),
        ("Rp 12.500.000", "rp", 12500000.0),
        ("Rp. 12.500.000,00", "rp", 12500000.0),
        ("Rp12.500", "rp", 12500.0),
        ("85,5%", "k", 85.5),
        ("85,5 %", "k", 85.5),
        ("85.5", "k", 85.5),
        ("0.125", "k", 0.125),
        ("0,125", "k", 0.125),
        ("(1.000)", "rp", -1000.0),
        ("-1.234.567", "rp", -1234567.0),
        ("−12,5", "k", -12.5),
        ("1,234,567.89", "k", 1234567.89),
        ("1 234 567", "rp", 1234567.0),
        ("1.5E+06", "k", 1500000.0),
        ("  42 ", "k", 42.0),
        ("-", "rp", 0.0),
        (12, "k", 12.0),
        (12.5, "rp", 12.5),
    ],
)
def test_parse_number_worked_examples(text: object, kind: str, expected: float) -> None:
    result = parse_number(text, kind=kind)
    assert result.status == "ok"
    assert result.value == pytest.approx(expected)


@pytest.mark.parametrize(
    "text", ["", "   ", "-", "n/a", "N/A", "belum ada data", "Tidak ada data", None, float("nan")]
)
def test_missing_in_k_column(text: object) -> None:
    result = parse_number(text, kind="k")
    assert (result.value, result.status) == (None, "missing")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("dua belas", "number_invalid"),
        ("12 orang", "number_invalid"),
        ("1.23.4", "number_invalid"),
        ("Rp", "number_invalid"),
        (True, "number_invalid"),
        (dt.datetime(2026, 3, 1), "number_is_date"),
        (float("inf"), "number_invalid"),
    ],
)
def test_invalid_values(value: object, reason: str) -> None:
    result = parse_number(value)
    assert (result.value, result.status, result.reason) == (None, "invalid", reason)


def test_lone_thousands_group_is_ambiguous_without_column_evidence() -> None:
    result = parse_number("1.234")
    assert (result.value, result.status, result.alternative) == (1234.0, "ambiguous", 1.234)
    comma = parse_number("1,234")
    assert (comma.value, comma.status, comma.alternative) == (1.234, "ambiguous", 1234.0)


def test_column_evidence_settles_or_flags_the_lone_group() -> None:
    assert parse_number("1.234", decimal=",").status == "ok"
    dotted = parse_number("1.234", decimal=".")
    assert (dotted.value, dotted.status) == (1.234, "ambiguous")
    assert parse_number("1,234", decimal=".").value == 1234.0


def test_rupiah_dot_group_is_thousands() -> None:
    assert parse_number("12.500", kind="rp").status == "ok"
    assert parse_number("12.500", kind="rp").value == 12500.0
    assert parse_number("12,500", kind="rp").status == "ambiguous"


def test_parse_range() -> None:
    assert parse_range("72,28 - 73,77") == (72.28, 73.77)
    assert parse_range("72,28–73,77") == (72.28, 73.77)
    assert parse_range("75 s.d. 70") == (70.0, 75.0)
    assert parse_range("60 sampai 70") == (60.0, 70.0)
    assert parse_range("-") is None
    assert parse_range("abc - def") is None
    assert parse_range(12.0) is None


def test_column_decimal() -> None:
    assert column_decimal(["1.234.567", "2"]) == ","
    assert column_decimal(["12.5", "1,234,567"]) == "."
    assert column_decimal(["1.234", "2.500"]) is None


def test_parse_numbers_numeric_fast_path() -> None:
    parsed = parse_numbers(pd.Series([1.0, 2.5, np.nan]))
    assert parsed.numbers.tolist()[:2] == [1.0, 2.5]
    assert math.isnan(parsed.numbers[2])
    assert parsed.issues == {}
    assert parse_numbers([1, 2.5, "", None]).numbers[:2].tolist() == [1.0, 2.5]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ([1.5, "", None, np.nan, 7], [1.5, None, None, None, 7.0]),
        (np.array(["", ""], dtype=object), [None, None]),
        (pd.Series([2, 3]), [2.0, 3.0]),
        ([], []),
    ],
)
def test_numeric_values_of_numeric_columns(cells: object, expected: list[float | None]) -> None:
    numbers = numeric_values(cells)
    assert numbers is not None
    assert [None if math.isnan(v) else v for v in numbers.tolist()] == expected


@pytest.mark.parametrize(
    "cells", [[1.5, "2,5"], [1.0, "1.5"], [True, 1.0], [1.0, dt.date(2026, 1, 2)], [" "]]
)
def test_numeric_values_leaves_text_and_other_cells_to_the_parser(cells: list[object]) -> None:
    assert numeric_values(cells) is None


@given(st.lists(st.one_of(st.floats(allow_nan=True), st.integers(-(10**9), 10**9), st.just(""))))
def test_numeric_values_agrees_with_cell_parse(cells: list[object]) -> None:
    numbers = numeric_values(cells)
    assert numbers is not None
    for cell, number in zip(cells, numbers, strict=True):
        if cell == "" or (isinstance(cell, float) and math.isnan(cell)):
            assert math.isnan(number)
        else:
            assert number == float(cell)


_CELLS = st.one_of(
    st.floats(allow_nan=True),
    st.integers(-(10**9), 10**9),
    st.sampled_from(["", None, " ", "2,5", "1.234", "x", True]),
)


@given(st.integers(0, 6).flatmap(lambda n: st.lists(st.lists(_CELLS, min_size=n, max_size=n))))
def test_numeric_columns_agree_with_numeric_values(rows: list[list[object]]) -> None:
    width = len(rows[0]) if rows else 0
    cells = np.empty((len(rows), width), dtype=object)
    if rows and width:
        cells[:] = rows
    columns = numeric_columns(cells, blank_cells(cells))
    assert len(columns) == width
    for j, column in enumerate(columns):
        expected = numeric_values(cells[:, j])
        if expected is None:
            assert column is None
        else:
            np.testing.assert_array_equal(column, expected)


def test_parse_numbers_mixed_column_reports_positions() -> None:
    parsed = parse_numbers(["12,5", 3.0, "x", "1.234", "", "-"], kind="k")
    assert parsed.numbers[[0, 1, 3]].tolist() == [12.5, 3.0, 1234.0]
    assert np.isnan(parsed.numbers[[2, 4, 5]]).all()
    assert {i: r.status for i, r in parsed.issues.items()} == {2: "invalid"}


def test_parse_numbers_flags_lone_group_against_dot_decimals() -> None:
    parsed = parse_numbers(["85.5", "1.234"])
    assert parsed.numbers.tolist() == [85.5, 1.234]
    assert parsed.issues[1].status == "ambiguous"


def _indonesian(integer: int, decimals: str) -> str:
    grouped = f"{integer:,}".replace(",", ".")
    return f"{grouped},{decimals}" if decimals else grouped


@given(
    integer=st.integers(min_value=0, max_value=10**12),
    decimals=st.from_regex(r"\d{0,2}", fullmatch=True),
    negative=st.booleans(),
)
def test_indonesian_round_trip(integer: int, decimals: str, negative: bool) -> None:
    text = ("-" if negative else "") + _indonesian(integer, decimals)
    expected = float(f"{integer}.{decimals or 0}") * (-1 if negative else 1)
    result = parse_number(text, decimal=",")
    assert result.status == "ok"
    assert result.value == pytest.approx(expected)
    # Without column evidence the value is the same; only the lone "1.234" shape is flagged.
    alone = parse_number(text)
    assert alone.value == pytest.approx(expected)
    assert alone.status in ("ok", "ambiguous")


@given(
    number=st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    places=st.sampled_from([0, 1, 2, 4, 5]),
)
def test_plain_round_trip(number: float, places: int) -> None:
    text = f"{number:.{places}f}"
    result = parse_number(text)
    assert result.status == "ok"
    assert result.value == pytest.approx(float(text))


@given(text=st.from_regex(r"-?[1-9]\d{0,2}[.,]\d{3}", fullmatch=True))
def test_ambiguous_strings_are_never_ok(text: str) -> None:
    assert parse_number(text).status == "ambiguous"
    # In Rupiah only the comma shape stays ambiguous (amounts never have three decimals).
    assert parse_number(text, kind="rp").status == ("ambiguous" if "," in text else "ok")


@given(text=st.text(max_size=20))
def test_any_text_gives_a_result(text: str) -> None:
    result = parse_number(text)
    assert result.status in ("ok", "missing", "ambiguous", "invalid")
    assert (result.value is None) == (result.status in ("missing", "invalid"))


@given(
    cells=st.lists(
        st.one_of(
            st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
            st.integers(min_value=-(10**6), max_value=10**6).map(str),
            st.sampled_from(["", "-", "12,5", "1.234", "85.5", "x", "Rp 1.000.000"]),
        ),
        max_size=12,
    )
)
def test_column_parse_agrees_with_cell_parse(cells: list[object]) -> None:
    parsed = parse_numbers(cells, kind="rp")
    decimal = column_decimal([c for c in cells if isinstance(c, str)])
    for i, cell in enumerate(cells):
        single = parse_number(cell, kind="rp", decimal=decimal)
        expected = np.nan if single.value is None else single.value
        assert parsed.numbers[i] == pytest.approx(expected, nan_ok=True)
        assert (i in parsed.issues) == (single.status in ("ambiguous", "invalid"))
