"""Tests of sae_analysis.metrics.budget: absorption and physical progress, and their YoY change."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sae_analysis import metrics as m


def test_budget_absorption_by_opd_and_pillar() -> None:
    budget = pd.DataFrame(
        {
            "year": 2026,
            "quarter": 3,
            "opd_code": ["DINKES", "DINKES", "DISDIK", "DPU"],
            "pillar": ["pendidikan_kesehatan", "pendidikan_kesehatan", "pendidikan_kesehatan", "x"],
            "ceiling": [300.0, 100.0, 100.0, 0.0],
            "spent": [150.0, 90.0, 20.0, 0.0],
            "physical_pct": [60.0, np.nan, 30.0, 10.0],
        }
    )
    by_opd = m.budget_absorption(budget).set_index("opd_code")
    assert by_opd.loc["DINKES", "absorption_pct"] == pytest.approx(60.0)
    assert by_opd.loc["DINKES", "physical_pct"] == pytest.approx(60.0)  # NaN row left out
    assert np.isnan(by_opd.loc["DPU", "absorption_pct"])  # ceiling 0
    by_pillar = m.budget_absorption(budget, by="pillar").set_index("pillar")
    assert by_pillar.loc["pendidikan_kesehatan", "ceiling"] == 500.0
    assert by_pillar.loc["pendidikan_kesehatan", "physical_pct"] == pytest.approx(52.5)


def test_budget_yoy() -> None:
    budget = pd.DataFrame(
        {
            "year": [2025, 2026, 2026],
            "quarter": 3,
            "opd_code": ["DINKES", "DINKES", "DISDIK"],
            "ceiling": [100.0, 200.0, 50.0],
            "spent": [40.0, 100.0, 10.0],
            "physical_pct": [45.0, 50.0, 20.0],
        }
    )
    got = m.budget_yoy(budget, year=2026, quarter=3).set_index("opd_code")
    assert got.loc["DINKES", "absorption_change_pp"] == pytest.approx(10.0)
    assert np.isnan(got.loc["DISDIK", "absorption_pct_prev"])


def test_absorption_pct_is_undefined_without_a_positive_ceiling() -> None:
    got = m.absorption_pct(pd.Series([50.0, 10.0, 10.0, 0.0]), pd.Series([200.0, 0.0, -5.0, 1.0]))
    assert got[0] == pytest.approx(25.0)
    assert np.isnan(got[1:3]).all()
    assert got[3] == 0.0
