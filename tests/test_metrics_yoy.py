"""Tests of sae_analysis.metrics.yoy: change units, comparability and direction."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from metrics_rows import pair, positive, units, values, yoy_of

from sae_analysis import metrics as m
from sae_analysis import text


def test_change_in_points_for_percent_and_relative_otherwise() -> None:
    yoy = yoy_of(
        pair("PCT", 60.0, 66.0, unit="persen", target=70.0),
        pair("PPL", 200.0, 250.0, unit="orang", target=300.0),
    )
    assert yoy.loc["PCT", "change"] == pytest.approx(6.0)
    assert yoy.loc["PCT", "change_unit"] == "pp"
    assert yoy.loc["PPL", "change"] == pytest.approx(25.0)
    assert yoy.loc["PPL", "change_unit"] == "%"
    assert (yoy["direction"] == "membaik").all()
    assert yoy.loc["PCT", "achievement_prev"] == pytest.approx(60 / 70 * 100)


def test_lower_is_better_direction_and_tolerance() -> None:
    yoy = yoy_of(
        pair("AKB", 7.2, 6.5, unit="per 1.000 kelahiran hidup", polarity="-", target=7.0),
        pair("TINY", 80.0, 80.04, unit="persen"),
        pair("EDGE", 80.0, 80.05, unit="persen"),
    )
    assert yoy.loc["AKB", "direction"] == "membaik"
    assert yoy.loc["TINY", "direction"] == "tetap"
    assert yoy.loc["EDGE", "direction"] == "membaik"


def test_equal_polarity_closer_to_the_range_is_better() -> None:
    band = {"polarity": "=", "target": np.nan, "target_low": 4.0, "target_high": 6.0}
    yoy = yoy_of(pair("IN", 9.0, 7.0, **band), pair("OUT", 5.0, 8.0, **band))
    assert yoy.loc["IN", "direction"] == "membaik"
    assert yoy.loc["OUT", "direction"] == "memburuk"


def test_baseline_zero() -> None:
    yoy = yoy_of(
        pair("NEW", 0.0, 12.0, unit="unit", target=10.0),
        pair("STILL", 0.0, 0.0, unit="unit", target=10.0),
        pair("PP", 0.0, 12.0, unit="persen", target=10.0),
    )
    assert not yoy.loc["NEW", "comparable"]
    assert yoy.loc["NEW", "reason"] == "baseline_zero"
    assert np.isnan(yoy.loc["NEW", "change"])
    assert yoy.loc["STILL", "direction"] == "tetap"
    assert yoy.loc["PP", "comparable"]
    assert yoy.loc["PP", "change"] == pytest.approx(12.0)


def test_missing_last_year_is_excluded_and_counted() -> None:
    yoy = yoy_of(pair("OLD", 50.0, 60.0), pair("NEW", None, 95.0), pair("GONE", 40.0, None))
    assert yoy.loc["NEW", "reason"] == "missing_last_year"
    assert yoy.loc["NEW", "reason_label"] == "Tidak ada data tahun lalu"
    assert yoy.loc["GONE", "reason"] == "missing_this_year"
    assert pd.isna(yoy.loc["NEW", "direction"])
    fig = m.pillar_figures(yoy.reset_index()).set_index("pillar").loc["pendidikan_kesehatan"]
    assert fig["n_indicators"] == 3
    assert fig["n_comparable"] == 1
    assert fig["n_excluded"] == 2
    assert fig["excluded_missing_last_year"] == 1
    assert fig["excluded_missing_this_year"] == 1
    assert fig["mean_achievement"] == pytest.approx(60.0)  # NEW's 95 is not like-for-like
    table = m.exclusions(yoy.reset_index())
    assert table["reason"].tolist() == ["missing_last_year", "missing_this_year"]


def test_change_unit_set() -> None:
    units = ["persen", "Persentase", "%", "per 100.000 kelahiran hidup", "rasio", "permil"]
    assert set(m.change_unit(units)) == {"pp"}
    assert set(m.change_unit(["Rp juta", "indeks", "orang", "perusahaan", None])) == {"%"}


@settings(max_examples=60, deadline=None)
@given(prev=values, now=values, target=positive, unit=units)
def test_swapping_polarity_mirrors_the_direction(
    prev: float, now: float, target: float, unit: str
) -> None:
    def direction(polarity: str) -> object:
        rows = pair("X", prev, now, polarity=polarity, unit=unit, target=target)
        return yoy_of(rows).loc["X", "direction"]

    mirror = {"membaik": "memburuk", "memburuk": "membaik", "tetap": "tetap"}
    plus, minus = direction("+"), direction("-")
    if pd.isna(plus):
        assert pd.isna(minus)
    else:
        assert minus == mirror[plus]


def test_compare_years_takes_the_first_reason_in_priority_order() -> None:
    verdict = m.compare_years(
        [np.nan, 5.0, 5.0, 6.0],
        [4.0, np.nan, 0.0, 5.0],
        unit="orang",
        polarity="+",
        not_comparable={"method_break": np.array([True, True, True, False])},
    )
    assert verdict["reason"].iloc[:3].tolist() == [
        "missing_this_year",
        "missing_last_year",
        "method_break",
    ]
    assert pd.isna(verdict["reason"].iloc[3])
    assert verdict["comparable"].tolist() == [False, False, False, True]
    assert verdict["direction"].iloc[:3].isna().all()
    assert verdict["direction"].iloc[3] == "membaik"
    assert verdict["change"].iloc[3] == pytest.approx(20.0)


def test_compare_years_refuses_an_unknown_reason() -> None:
    with pytest.raises(ValueError, match="unknown reasons"):
        m.compare_years([1.0], [1.0], unit="orang", polarity="+", not_comparable={"x": [True]})


def test_method_break_marks_only_the_break_year() -> None:
    codes = pd.Series(["ipm", "ipm", "tpt"])
    got = m.method_break(codes, {"ipm": 2025}, pd.Series([2025, 2026, 2025]))
    assert got.tolist() == [True, False, False]


def test_every_reason_has_a_label_in_both_languages() -> None:
    for lang in ("id", "en"):
        assert set(text.section("yoy_reasons", lang)) == set(m.YOY_REASONS)
    verdict = m.compare_years([5.0], [None], unit="orang", polarity="+", lang="en")
    assert verdict["reason_label"].tolist() == ["No data last year"]


def test_a_wider_tolerance_holds_a_small_change_unchanged() -> None:
    now, prev = [6.5, 260.0], [7.2, 200.0]
    units = ["per 1.000 kelahiran hidup", "orang"]
    default = m.compare_years(now, prev, unit=units, polarity="-")
    wide = m.compare_years(now, prev, unit=units, polarity="-", tolerance=m.Tolerance(pp=1.0))
    assert default["direction"].tolist() == ["membaik", "memburuk"]
    assert wide["direction"].tolist() == ["tetap", "memburuk"]  # 30 % is past the default 0.5 %
    assert m.Tolerance(pp=0.05, pct=0.5) == m.DEFAULT_TOLERANCE
