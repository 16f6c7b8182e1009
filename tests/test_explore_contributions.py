"""What moved a pillar: OPD contributions add up to the pillar figure; the charts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sae_analysis import explore, metrics


@st.composite
def yoy_frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(1, 12))
    achievement = st.floats(-50, 300, allow_nan=False)
    return pd.DataFrame(
        {
            "pillar": "ekonomi",
            "opd_code": draw(st.lists(st.sampled_from(["A", "B", "C"]), min_size=n, max_size=n)),
            "comparable": draw(st.lists(st.booleans(), min_size=n, max_size=n)),
            "achievement_pct": draw(st.lists(achievement, min_size=n, max_size=n)),
            "achievement_prev": draw(st.lists(achievement, min_size=n, max_size=n)),
            "direction": "tetap",
            "reason": None,
        }
    )


@settings(max_examples=60, deadline=None)
@given(yoy_frames())
def test_contributions_add_up_to_the_pillar_figure(yoy: pd.DataFrame) -> None:
    parts = explore.opd_contributions(yoy, pillar="ekonomi")
    figure = metrics.pillar_figures(yoy).set_index("pillar").loc["ekonomi"]
    if figure["n_comparable"] == 0:
        assert parts["weight"].isna().all()
        return
    assert parts["weight"].sum() == pytest.approx(1.0)
    assert parts["contribution"].sum() == pytest.approx(figure["mean_achievement"])
    assert parts["contribution_change"].sum() == pytest.approx(figure["change_points"], abs=1e-9)


def test_contribution_chart_names_every_opd() -> None:
    parts = pd.DataFrame({"opd_code": ["DINKES", "DISPENDIK"], "contribution_change": [-2.0, 1.5]})
    svg = explore.contribution_chart(parts, lang="en").data
    assert "DINKES" in svg
    assert "DISPENDIK" in svg
    assert "Contribution to the pillar" in svg
    assert svg == explore.contribution_chart(parts, lang="en").data


def test_pillar_yoy_chart_has_a_panel_per_pillar_with_indicators() -> None:
    yoy = pd.DataFrame(
        {
            "pillar": ["ekonomi", "ekonomi", "sosial"],
            "comparable": [True, False, True],
            "achievement_prev": [80.0, 90.0, 300.0],
            "achievement_pct": [95.0, np.nan, 70.0],
        }
    )
    svg = explore.pillar_yoy_chart(yoy, lang="en").data
    assert "Economy (1)" in svg  # comparable indicators only
    assert "Social (1)" in svg
    assert "Governance" not in svg  # a pillar without indicators gets no panel
    assert "Achievement last year" in svg
    assert svg == explore.pillar_yoy_chart(yoy, lang="en").data


def test_pillar_yoy_chart_of_no_indicator_says_so() -> None:
    empty = pd.DataFrame(columns=["pillar", "comparable", "achievement_prev", "achievement_pct"])
    assert "Tidak ada indikator yang sebanding" in explore.pillar_yoy_chart(empty).data
