"""Tests of sae_analysis.metrics.achievement: the Permendagri 86/2017 worked examples, rating, cap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from metrics_rows import positive, values

from sae_analysis import metrics as m
from sae_analysis import text

# --------------------------------------------------------------------------- achievement


def test_worked_examples_lower_is_better() -> None:
    got = m.achievement([6.5, 9.0], [7.0, 8.0], polarity="-")
    assert got == pytest.approx([107.142857, 87.5])


def test_higher_is_better_and_series_keeps_index() -> None:
    actual = pd.Series([45.0, 120.0], index=[10, 11])
    got = m.achievement(actual, pd.Series([50.0, 100.0], index=[10, 11]), polarity="+")
    assert isinstance(got, pd.Series)
    assert got.index.tolist() == [10, 11]
    assert got.tolist() == pytest.approx([90.0, 120.0])  # not capped here


@pytest.mark.parametrize(
    ("polarity", "actual", "expected"),
    [
        ("+", 73.0, 100.0),  # inside
        ("+", 72.28, 100.0),  # on the lower bound
        ("+", 73.77, 100.0),  # on the upper bound
        ("+", 70.0, 70.0 / 72.28 * 100),  # below: T = L
        ("+", 80.0, 80.0 / 73.77 * 100),  # above: T = H
        ("-", 80.0, (2 * 73.77 - 80.0) / 73.77 * 100),
        ("=", 80.0, 100 - (80.0 - 73.77) / 73.77 * 100),
        ("=", 70.0, 100 - (72.28 - 70.0) / 72.28 * 100),
    ],
)
def test_range_target(polarity: str, actual: float, expected: float) -> None:
    got = m.achievement([actual], [np.nan], polarity=polarity, target_low=72.28, target_high=73.77)
    assert got[0] == pytest.approx(expected)


def test_point_target_equal_polarity() -> None:
    assert m.achievement([12.0, 8.0, 10.0], 10.0, polarity="=") == pytest.approx([80, 80, 100])


def test_zero_target() -> None:
    got = m.achievement([0.0, 3.0, 0.0, 3.0], 0.0, polarity=["-", "-", "+", "+"])
    assert got[:2].tolist() == [100.0, 0.0]
    assert np.isnan(got[2:]).all()


def test_achievement_issues_lists_undefined_rows() -> None:
    frame = pd.DataFrame(
        {
            "indicator_code": ["OK", "ZERO", "NOACT", "NOTGT", "POL"],
            "actual": [5.0, 1.0, np.nan, 5.0, 5.0],
            "target": [10.0, 0.0, 10.0, np.nan, 10.0],
            "polarity": ["+", "+", "+", "-", "?"],
            "source_row": [7, 8, 9, 10, 11],
        }
    )
    issues = m.achievement_issues(frame, lang="en")
    assert issues["issue"].tolist() == [
        "zero_target",
        "missing_actual",
        "missing_target",
        "unknown_polarity",
    ]
    assert issues["source_row"].tolist() == [8, 9, 10, 11]
    assert issues["message"].iloc[0].startswith("Target 0")


def test_add_achievement_prefers_the_quarterly_target() -> None:
    frame = pd.DataFrame(
        {
            "actual": [30.0, 30.0],
            "target": [100.0, 100.0],
            "target_tw": [40.0, np.nan],
            "polarity": ["+", "+"],
        }
    )
    out = m.add_achievement(frame, bands=m.DEFAULT_BANDS)
    assert out["achievement_pct"].tolist() == pytest.approx([75.0, 30.0])
    assert out["rating"].tolist() == ["Sedang", "Sangat Rendah"]
    assert "achievement_pct" not in frame.columns


@settings(max_examples=100, deadline=None)
@given(
    r1=values,
    r2=values,
    target=positive,
    bounds=st.one_of(st.none(), st.tuples(positive, positive)),
)
def test_higher_is_better_achievement_is_monotone(
    r1: float, r2: float, target: float, bounds: tuple[float, float] | None
) -> None:
    low, high = sorted(bounds) if bounds else (None, None)
    lo_r, hi_r = sorted([r1, r2])
    got = m.achievement([lo_r, hi_r], target, polarity="+", target_low=low, target_high=high)
    assert got[0] <= got[1] + 1e-9


# --------------------------------------------------------------------------- rating


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (91.0, "Sangat Tinggi"),
        (90.99, "Tinggi"),
        (76.0, "Tinggi"),
        (75.99, "Sedang"),
        (66.0, "Sedang"),
        (51.0, "Rendah"),
        (50.99, "Sangat Rendah"),
        (-40.0, "Sangat Rendah"),
        (250.0, "Sangat Tinggi"),
        (9.1 / 10 * 100, "Sangat Tinggi"),  # 90.99999999999999, printed as 91,00
    ],
)
def test_rating_band_edges(value: float, label: str) -> None:
    assert m.rate([value]).tolist() == [label]


def test_rate_missing_and_english() -> None:
    got = m.rate(pd.Series([np.nan, 80.0], index=["a", "b"]), lang="en")
    assert got.index.tolist() == ["a", "b"]
    assert pd.isna(got["a"])
    assert got["b"] == "High"


def test_rating_colour_series() -> None:
    got = m.rating_colour(pd.Series(["Sangat Tinggi", None, "x"]))
    assert got.tolist() == ["#1a9850", m.NO_RATING_COLOUR, m.NO_RATING_COLOUR]


def test_every_issue_has_a_message_in_both_languages() -> None:
    for lang in ("id", "en"):
        assert set(text.section("achievement_issues", lang)) == set(m.ACHIEVEMENT_ISSUES)
