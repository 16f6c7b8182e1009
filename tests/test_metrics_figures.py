"""Tests of sae_analysis.metrics.figures: capped like-for-like figures per pillar, OPD and regency."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from metrics_rows import indicator, pair, perf, yoy_from

from sae_analysis import config
from sae_analysis import metrics as m


def test_pillar_figures_have_all_pillars_in_order_and_cap() -> None:
    yoy = m.yoy_indicators(
        perf(*pair("BIG", 100.0, 300.0), *pair("LOW", 80.0, 60.0)), year=2026, quarter=3
    )
    fig = m.pillar_figures(yoy, bands=m.DEFAULT_BANDS)
    assert fig["pillar"].tolist() == list(config.PILLARS)
    row = fig.set_index("pillar").loc["pendidikan_kesehatan"]
    assert row["mean_achievement"] == pytest.approx((120.0 + 60.0) / 2)
    assert row["mean_achievement_prev"] == pytest.approx(90.0)
    assert row["change_points"] == pytest.approx(0.0)
    assert (row["n_improved"], row["n_worsened"], row["share_improved_pct"]) == (1, 1, 50.0)
    empty = fig.set_index("pillar").loc["sosial"]
    assert empty["n_indicators"] == 0
    assert np.isnan(empty["mean_achievement"])


def test_pillar_figures_join_budget() -> None:
    yoy = m.yoy_indicators(perf(*pair("A", 50.0, 60.0)), year=2026, quarter=3)
    budget = pd.DataFrame(
        {
            "year": [2026],
            "quarter": [3],
            "opd_code": ["DINKES"],
            "pillar": ["pendidikan_kesehatan"],
            "ceiling": [1000.0],
            "spent": [400.0],
            "physical_pct": [55.0],
        }
    )
    fig = m.pillar_figures(yoy, budget=budget).set_index("pillar")
    assert fig.loc["pendidikan_kesehatan", "gap_pp"] == pytest.approx(15.0)
    assert np.isnan(fig.loc["ekonomi", "absorption_pct"])


def test_opd_scorecard_and_regency_figure() -> None:
    rows = [*pair("A", 50.0, 60.0), *pair("B", 90.0, 70.0, opd_code="DISDIK")]
    yoy = m.yoy_indicators(perf(*rows), year=2026, quarter=3)
    card = m.opd_scorecard(yoy)
    assert card["opd_code"].tolist() == ["DINKES", "DISDIK"]
    assert card["change_points"].tolist() == pytest.approx([10.0, -20.0])
    regency = m.regency_figure(yoy)
    assert len(regency) == 1
    assert regency["mean_achievement"].iloc[0] == pytest.approx(65.0)


def test_top_changes_and_shortcomings() -> None:
    rows = [
        *pair("UP", 50.0, 90.0, indicator_name="Naik"),
        *pair("DOWN", 95.0, 80.0),
        *pair("LOW", 40.0, 45.0),
        *pair("NEW", None, 10.0),
    ]
    yoy = m.yoy_indicators(perf(*rows), year=2026, quarter=3)
    top = m.top_changes(yoy, n=1)
    assert top[["group", "indicator_code", "opd_code"]].to_numpy().tolist() == [
        ["gain", "UP", "DINKES"],
        ["shortfall", "DOWN", "DINKES"],
    ]
    assert top["indicator_name"].iloc[0] == "Naik"
    short = m.shortcomings(yoy)
    assert short["indicator_code"].tolist() == ["NEW", "LOW", "DOWN"]
    assert short.set_index("indicator_code")["worsened"].to_dict() == {
        "NEW": False,
        "LOW": False,
        "DOWN": True,
    }


@settings(max_examples=40, deadline=None)
@given(spec=st.lists(indicator, max_size=12))
def test_pillar_figure_never_includes_a_non_comparable_indicator(spec: list[tuple]) -> None:
    yoy = yoy_from(spec)
    # Poison the excluded rows: if any of them leaked into a mean, the mean would be huge.
    poisoned = yoy.assign(
        achievement_pct=yoy["achievement_pct"].where(yoy["comparable"], 1e6),
        achievement_prev=yoy["achievement_prev"].where(yoy["comparable"], 1e6),
    )
    fig = m.pillar_figures(poisoned, cap=(0.0, 1e9)).set_index("pillar")
    for pillar, rows in yoy.groupby("pillar"):
        kept = rows[rows["comparable"]]
        expected = kept["achievement_pct"].mean() if len(kept) else np.nan
        got = fig.loc[pillar, "mean_achievement"]
        assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)
        assert fig.loc[pillar, "n_comparable"] == len(kept)
        assert fig.loc[pillar, "n_excluded"] == len(rows) - len(kept)


@settings(max_examples=30, deadline=None)
@given(spec=st.lists(indicator, min_size=1, max_size=10), data=st.data())
def test_aggregation_is_invariant_to_row_order(spec: list[tuple], data: st.DataObject) -> None:
    yoy = yoy_from(spec)
    order = data.draw(st.permutations(range(len(yoy))))
    shuffled = yoy.iloc[list(order)]
    pd.testing.assert_frame_equal(m.pillar_figures(yoy), m.pillar_figures(shuffled))
    pd.testing.assert_frame_equal(m.opd_scorecard(yoy), m.opd_scorecard(shuffled))
    pd.testing.assert_frame_equal(m.regency_figure(yoy), m.regency_figure(shuffled))
