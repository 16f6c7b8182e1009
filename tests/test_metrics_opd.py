"""Tests of sae_analysis.metrics.opd: the OPD × pillar matrix and the OPD ranking."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from sae_analysis import config, metrics


def _yoy(rows: list[tuple[str, str, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["opd_code", "pillar", "achievement_pct"])


def test_matrix_is_the_mean_of_capped_achievements() -> None:
    yoy = _yoy(
        [("DINKES", "sosial", 250.0), ("DINKES", "sosial", 60.0), ("DINSOS", "sosial", -20.0)]
    )
    matrix = metrics.opd_pillar_matrix(yoy)
    assert matrix.loc["DINKES", "sosial"] == (120.0 + 60.0) / 2  # 250 counts as the cap, 120
    assert matrix.loc["DINSOS", "sosial"] == 0.0  # below 0 counts as 0


def test_matrix_uses_the_cap_it_is_given() -> None:
    yoy = _yoy([("DINKES", "sosial", 250.0), ("DINKES", "sosial", 60.0)])
    assert metrics.opd_pillar_matrix(yoy, cap=(0.0, 100.0)).loc["DINKES", "sosial"] == 80.0


def test_matrix_columns_follow_the_profile_and_skip_empty_pillars() -> None:
    yoy = _yoy(
        [("DINSOS", "sosial", 90.0), ("DISDIK", "pendidikan_kesehatan", 80.0),
         ("DPUPR", "pemerintahan", None)]
    )  # fmt: skip
    matrix = metrics.opd_pillar_matrix(yoy)
    assert list(matrix.columns) == ["pendidikan_kesehatan", "sosial"]  # config.PILLARS order
    assert list(matrix.index) == ["DINSOS", "DISDIK"]  # DPUPR: no defined achievement
    assert math.isnan(matrix.loc["DINSOS", "pendidikan_kesehatan"])
    assert list(metrics.opd_pillar_matrix(yoy, pillars=["sosial"]).columns) == ["sosial"]


def test_matrix_leaves_undefined_achievements_out_of_the_mean() -> None:
    yoy = _yoy([("DINKES", "sosial", None), ("DINKES", "sosial", 70.0)])
    assert metrics.opd_pillar_matrix(yoy).loc["DINKES", "sosial"] == 70.0


def _scores() -> pd.DataFrame:
    return pd.DataFrame(
        {"opd_code": ["B", "A", "C", "D"], "mean_achievement": [80.0, 80.0, None, 95.0]}
    )


def test_ranking_best_first_ties_by_code_missing_last() -> None:
    budget = pd.DataFrame(
        {"opd_code": ["A", "D"], "absorption_pct": [50.0, 70.0], "physical_pct": [55.0, 60.0],
         "gap_pp": [5.0, -10.0], "ceiling": [1.0, 2.0]}
    )  # fmt: skip
    ranking = metrics.opd_ranking(_scores(), budget=budget)
    assert ranking["opd_code"].tolist() == ["D", "A", "B", "C"]
    assert ranking["rank"].tolist() == [1, 2, 3, 4]
    assert ranking.set_index("opd_code").loc["D", "gap_pp"] == -10.0
    assert math.isnan(ranking.set_index("opd_code").loc["B", "absorption_pct"])  # no budget rows
    assert "ceiling" not in ranking  # only the budget columns the ranking shows


@given(
    st.lists(st.one_of(st.none(), st.floats(min_value=-50, max_value=500)), min_size=1, max_size=12)
)
def test_ranking_keeps_every_opd_once_in_order(means: list[float | None]) -> None:
    scores = pd.DataFrame(
        {"opd_code": [f"OPD{i:02d}" for i in range(len(means))], "mean_achievement": means},
    )
    empty = pd.DataFrame(columns=["opd_code", "absorption_pct", "physical_pct", "gap_pp"])
    ranking = metrics.opd_ranking(scores, budget=empty)
    assert sorted(ranking["opd_code"]) == sorted(scores["opd_code"])
    assert ranking["rank"].tolist() == list(range(1, len(means) + 1))
    shown = ranking["mean_achievement"].dropna().tolist()
    assert shown == sorted(shown, reverse=True)
    assert ranking["mean_achievement"].isna().tolist() == sorted(
        ranking["mean_achievement"].isna().tolist()
    )  # the OPDs without a figure come last


def test_the_matrix_uses_the_one_cap() -> None:
    yoy = _yoy([("DINKES", "sosial", 1000.0)])
    assert metrics.opd_pillar_matrix(yoy).loc["DINKES", "sosial"] == config.ACHIEVEMENT_CAP[1]
