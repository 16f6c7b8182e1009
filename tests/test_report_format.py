"""Tests of sae_analysis.report.format: the report's one number formatter."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sae_analysis.report import format as fmt


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (1234567.891, {}, "1.234.567,89"),
        (1234567.891, {"lang": "en"}, "1,234,567.89"),
        (0.5, {"decimals": 0}, "0"),  # half to even, as Python rounds
        (2.675, {}, "2,67"),  # the float is 2.67499..., so it rounds down
        (3.0, {"decimals": 1, "signed": True}, "+3,0"),
        (-0.04, {"decimals": 1}, "-0,0"),
        (float("inf"), {}, "–"),
        ("12,5", {}, "–"),  # text is not parsed here: the pipeline has parsed every number
    ],
)
def test_number(value: object, kwargs: dict, expected: str) -> None:
    assert fmt.number(value, **kwargs) == expected


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(0, 3))
def test_indonesian_and_english_differ_only_in_the_separators(value: float, decimals: int) -> None:
    indonesian = fmt.number(value, decimals=decimals)
    english = fmt.number(value, decimals=decimals, lang="en")
    assert indonesian.translate(str.maketrans(".,", ",.")) == english


def test_percent_change_and_units() -> None:
    assert fmt.percent(87.46) == "87,5 %"
    assert fmt.percent(None) == "– %"
    assert fmt.change(-1.5, "pp", lang="en") == "-1.50 pp"
    assert fmt.change(12.0, "relative") == "+12,0 %"
    assert fmt.change(float("nan"), "pp") == "– pp"


def test_quarters_years_dates_money_and_text() -> None:
    assert [fmt.quarter(q) for q in (1, 2, 3, 4)] == ["I", "II", "III", "IV"]
    assert fmt.quarter(4, lang="en") == "4"
    assert fmt.quarters((2, 3)) == "TW II, TW III"
    assert fmt.year(2025) == "2025"
    assert fmt.date(dt.date(2026, 1, 2)) == "2026-01-02"
    assert fmt.rupiah(1_500_000.4) == "Rp 1.500.000"
    assert fmt.count(7.0) == "7"
    assert fmt.text(None) == fmt.DASH
