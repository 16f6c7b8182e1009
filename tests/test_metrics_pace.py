"""Pace of cumulative indicators against their schedule (sae_analysis.metrics.pace, issue 16)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sae_analysis import metrics as m
from tests.metrics_rows import perf

STATUS_RANK = {"behind": 0, "on_track": 1, "ahead": 2}

quarters = st.integers(min_value=1, max_value=4)
targets = st.floats(min_value=1.0, max_value=1e6, allow_nan=False)
shares = st.floats(min_value=0.0, max_value=2.0, allow_nan=False)


def one(actual, target, quarter, **kw):
    return m.pace_status([actual], target=[target], quarter=quarter, **kw).iloc[0]


def test_issue_16_worked_example_is_behind_by_42_7_points():
    # 880 / 2724 = 32.305 %; a linear year expects 3/4 = 75 % at TW III.
    row = one(880, 2724, 3)
    assert row["expected_share_pct"] == 75.0
    assert row["actual_share_pct"] == pytest.approx(32.305, abs=1e-3)
    assert round(row["pace_gap_points"], 1) == -42.7
    assert (row["pace_status"], row["pace_label"]) == ("behind", "tertinggal")
    assert one(880, 2724, 3, lang="en")["pace_label"] == "behind"


def test_an_agency_schedule_replaces_the_linear_one():
    # Quarterly targets 100 + 100 + 600 = 800 of 1,000 due by TW III: 80 %, not 75 %.
    # 700 done is 70 %: 10 points behind its own schedule (5 behind a linear one would be on track).
    row = one(700, 1000, 3, target_tw=[800])
    assert row["expected_share_pct"] == 80.0
    assert row["pace_gap_points"] == pytest.approx(-10.0)
    assert row["pace_status"] == "behind"
    assert one(700, 1000, 3)["pace_status"] == "on_track"


@pytest.mark.parametrize(
    ("actual", "status"),
    [(450, "on_track"), (449, "behind"), (550, "on_track"), (551, "ahead"), (500, "on_track")],
)
def test_the_tolerance_is_five_points_either_way_bound_included(actual, status):
    # TW II of a linear year expects 50 % of 1,000: 450 and 550 are exactly 5 points away.
    assert one(actual, 1000, 2)["pace_status"] == status


def test_a_cumulative_count_that_should_stay_low_is_behind_when_it_runs_ahead():
    # Road accidents, polarity '-': 90 of a yearly ceiling of 100 by TW II (expected 50 %)
    # uses the ceiling 40 points too fast.
    row = one(90, 100, 2, polarity="-")
    assert row["pace_gap_points"] == pytest.approx(-40.0)
    assert row["pace_status"] == "behind"
    assert one(30, 100, 2, polarity="-")["pace_status"] == "ahead"


@pytest.mark.parametrize(
    ("kw", "why"),
    [
        ({"accumulation": "last"}, "a rate stands alone each quarter"),
        ({"polarity": "="}, "a target range has no share"),
        ({"target": np.nan}, "a range target leaves the point target empty"),
        ({"target": 0.0}, "no share of nothing"),
        ({"actual": np.nan}, "nothing reported"),
    ],
)
def test_no_pace_where_there_is_no_schedule(kw, why):
    args = {"actual": 50.0, "target": 100.0, "accumulation": "sum", "polarity": "+", **kw}
    row = m.pace_status(
        [args["actual"]],
        target=[args["target"]],
        quarter=2,
        accumulation=args["accumulation"],
        polarity=args["polarity"],
    ).iloc[0]
    assert math.isnan(row["pace_gap_points"]), why
    assert row.isna()["pace_status"], why


def test_the_yoy_table_carries_the_pace_of_this_years_rows():
    rows = [
        {"year": 2025, "indicator_code": "A", "actual": 600.0, "unit": "orang"},
        {"year": 2026, "indicator_code": "A", "actual": 880.0, "target": 2724.0, "unit": "orang"},
        {"year": 2026, "indicator_code": "B", "actual": 300.0, "target": 400.0, "unit": "orang",
         "target_tw": 320.0},
        {"year": 2026, "indicator_code": "C", "actual": 70.0, "accumulation": "last"},
    ]  # fmt: skip
    frame = perf(*[{"accumulation": "sum", "target_tw": np.nan, **r} for r in rows])
    yoy = m.yoy_indicators(frame, year=2026, quarter=3).set_index("indicator_code")
    assert yoy.loc["A", "pace_status"] == "behind"
    assert round(yoy.loc["A", "pace_gap_points"], 1) == -42.7
    assert yoy.loc["B", "expected_share_pct"] == 80.0
    assert yoy.loc["B", "pace_label"] == "sesuai jadwal"
    assert yoy.loc["C"].isna()["pace_status"]
    # the rating stays the regulation's: A is still rated on 880 of 2,724
    assert yoy.loc["A", "rating"] == "Sangat Rendah"


@given(quarter=quarters, target=targets, share=shares)
def test_without_quarterly_targets_the_year_is_linear(quarter, target, share):
    row = one(share * target, target, quarter)
    assert row["expected_share_pct"] == quarter * 25
    assert row["pace_gap_points"] == pytest.approx(share * 100 - quarter * 25, abs=1e-6)


@given(quarter=quarters, target=targets, share=shares, tolerance=st.floats(0, 30))
def test_status_follows_the_gap_and_the_tolerance(quarter, target, share, tolerance):
    row = one(share * target, target, quarter, tolerance=tolerance)
    gap = round(row["pace_gap_points"], 9)
    expected = "ahead" if gap > tolerance else "behind" if gap < -tolerance else "on_track"
    assert row["pace_status"] == expected


@given(quarter=quarters, target=targets, a=shares, b=shares, polarity=st.sampled_from("+-"))
def test_doing_more_never_moves_the_status_the_wrong_way(quarter, target, a, b, polarity):
    low, high = sorted((a, b))
    status = m.pace_status(
        [low * target, high * target], target=target, quarter=quarter, polarity=polarity
    )["pace_status"]
    ranks = [STATUS_RANK[s] for s in status]
    # more done is never worse for '+', never better for '-' (using the ceiling faster)
    assert ranks[1] >= ranks[0] if polarity == "+" else ranks[1] <= ranks[0]


@given(quarter=quarters, target=targets, share=shares, scheduled=st.floats(0.01, 1.0))
def test_the_two_polarities_mirror_each_other(quarter, target, share, scheduled):
    kw = {"target": [target], "quarter": quarter, "target_tw": [scheduled * target]}
    up = m.pace_status([share * target], polarity="+", **kw).iloc[0]
    down = m.pace_status([share * target], polarity="-", **kw).iloc[0]
    assert up["pace_gap_points"] == pytest.approx(-down["pace_gap_points"])
    assert up["expected_share_pct"] == pytest.approx(scheduled * 100)
