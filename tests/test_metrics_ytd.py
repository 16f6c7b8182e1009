"""Tests of sae_analysis.metrics.ytd: the year-to-date rule (DESIGN §4.1)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sae_analysis import metrics as m


def test_sum_indicator_at_tw3_with_an_empty_quarter() -> None:
    quarterly = pd.DataFrame(
        {"k_tw1": [120.0, 120.0], "k_tw2": [np.nan, 80.0], "k_tw3": [95.0, 95.0], "k_tw4": 1.0}
    )
    got = m.year_to_date(quarterly, accumulation="sum", quarter=3)
    assert got["actual"].tolist() == [215.0, 295.0]  # TW4 is not part of TW3's year to date
    assert got["ytd_complete"].tolist() == [False, True]
    assert got["missing_quarters"].iloc[0] == "TW2"
    assert pd.isna(got["missing_quarters"].iloc[1])


def test_last_indicator_uses_the_latest_reported_value() -> None:
    quarterly = pd.DataFrame({"k_tw1": [70.0, 70.0, np.nan], "k_tw2": [np.nan, 72.0, np.nan]})
    got = m.year_to_date(quarterly, accumulation=["last", "last", "sum"], quarter=2)
    assert got["actual"].iloc[:2].tolist() == [70.0, 72.0]
    assert np.isnan(got["actual"].iloc[2])
    assert got["ytd_complete"].tolist() == [False, True, False]
    assert got["missing_quarters"].iloc[2] == "TW1,TW2"


def test_year_to_date_rejects_unknown_accumulation() -> None:
    with pytest.raises(ValueError, match="accumulation"):
        m.year_to_date(pd.DataFrame({"k_tw1": [1.0]}), accumulation="mean", quarter=1)


def test_sum_adds_the_reported_quarters_and_imputes_none() -> None:
    quarterly = np.array([[120.0, np.nan, 95.0, 10.0], [np.nan, np.nan, 4.0, np.nan]])
    got = m.year_to_date_values(quarterly, last=np.array([False, False]))
    np.testing.assert_array_equal(got[0], [120.0, 120.0, 215.0, 225.0])
    np.testing.assert_array_equal(got[1], [np.nan, np.nan, 4.0, 4.0])


def test_last_carries_the_latest_reported_value() -> None:
    quarterly = np.array([[70.0, np.nan, 73.5, np.nan], [np.nan, 60.0, np.nan, 58.0]])
    got = m.year_to_date_values(quarterly, last=np.array([True, True]))
    np.testing.assert_array_equal(got[0], [70.0, 70.0, 73.5, 73.5])
    np.testing.assert_array_equal(got[1], [np.nan, 60.0, 60.0, 58.0])


def test_frame_helper_is_the_rule_at_one_quarter() -> None:
    quarterly = pd.DataFrame(
        {"k_tw1": [5.0, 70.0, np.nan], "k_tw2": [np.nan, 72.0, 3.0], "k_tw3": [7.0, np.nan, 1.0]}
    )
    modes = ["sum", "last", "sum"]
    rule = m.year_to_date_values(quarterly.to_numpy(), last=np.array(modes) == "last")
    for quarter in (1, 2, 3):
        got = m.year_to_date(quarterly, accumulation=modes, quarter=quarter)["actual"]
        np.testing.assert_array_equal(got.to_numpy(), rule[:, quarter - 1])
