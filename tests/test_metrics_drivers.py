"""Which indicators drove a change, and pace counts (sae_analysis.metrics.drivers, issue 16)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sae_analysis import metrics as m
from tests.metrics_rows import indicator, pair, yoy_from, yoy_of


def test_a_pillar_change_is_split_into_the_indicators_that_drove_it():
    # Four comparable indicators: 60->90 (+30), 100->130 capped 120 (+20), 80->70 (-10), 50->50.
    # Mean 72.5 -> 82.5 = +10 points = (30 + 20 - 10 + 0) / 4.
    yoy = yoy_of(
        pair("A", 60.0, 90.0), pair("B", 100.0, 130.0), pair("C", 80.0, 70.0), pair("D", 50.0, 50.0)
    ).reset_index()
    drivers = m.change_drivers(yoy, by=("pillar",), n=5).set_index("indicator_code")
    assert list(drivers.index) == ["A", "B", "C"]
    assert drivers.loc["A", "contribution_points"] == pytest.approx(7.5)
    assert drivers.loc["B", "change_points"] == pytest.approx(20.0)  # capped at 120
    assert drivers.loc["C", ["side", "rank"]].tolist() == ["down", 1]
    figure = m.pillar_figures(yoy).set_index("pillar").loc["pendidikan_kesehatan"]
    assert drivers["contribution_points"].sum() == pytest.approx(figure["change_points"])


def test_n_keeps_the_largest_per_group_and_side():
    yoy = yoy_of(pair("A", 60.0, 90.0), pair("B", 60.0, 70.0), pair("C", 80.0, 70.0)).reset_index()
    drivers = m.change_drivers(yoy, by=("opd_code",), n=1)
    assert drivers[["side", "indicator_code"]].to_numpy().tolist() == [["up", "A"], ["down", "C"]]


def test_the_regency_has_one_group_of_all_indicators():
    yoy = yoy_of(pair("A", 60.0, 90.0), pair("B", 80.0, 70.0)).reset_index()
    drivers = m.change_drivers(yoy, by=(), n=3)
    assert drivers["contribution_points"].tolist() == pytest.approx([15.0, -5.0])


def test_rows_that_are_not_comparable_drive_nothing():
    yoy = yoy_of(pair("A", None, 90.0), pair("B", 80.0, 70.0)).reset_index()
    assert m.change_drivers(yoy)["indicator_code"].tolist() == ["B"]


@settings(max_examples=60, deadline=None)
@given(st.lists(indicator, min_size=1, max_size=12))
def test_contributions_add_up_to_each_pillars_change(spec):
    yoy = yoy_from(spec)
    drivers = m.change_drivers(yoy, by=("pillar",), n=len(spec))
    total = drivers.groupby("pillar")["contribution_points"].sum()
    figures = m.pillar_figures(yoy).set_index("pillar")
    for pillar, row in figures.iterrows():
        expected = row["change_points"] if row["n_comparable"] else 0.0
        assert total.get(pillar, 0.0) == pytest.approx(expected, abs=1e-9)


def test_pace_counts_per_group_and_overall():
    yoy = pd.DataFrame(
        {
            "opd_code": ["A", "A", "B", "B"],
            "pace_status": ["behind", "on_track", None, "behind"],
        }
    )
    counts = m.pace_counts(yoy, by=("opd_code",)).set_index("opd_code")
    assert counts.loc["A", ["n_paced", "n_on_track", "n_behind"]].tolist() == [2, 1, 1]
    assert counts.loc["B", ["n_paced", "n_behind"]].tolist() == [1, 1]
    overall = m.pace_counts(yoy, by=()).iloc[0]
    assert overall[["n_paced", "n_ahead", "n_behind"]].tolist() == [3, 0, 2]
