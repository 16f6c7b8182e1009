"""Tests of sae_analysis.metrics.macro: the region's macro indicators, YoY and rank."""

from __future__ import annotations

import pandas as pd
import pytest

from sae_analysis import metrics as m


def macro_frame() -> pd.DataFrame:
    rows = [
        ("0000", "Indonesia", "ipm", 2025, 75.0),
        ("3500", "Jawa Timur", "ipm", 2025, 74.0),
        ("3513", "Kab. Probolinggo", "ipm", 2025, 70.0),
        ("3513", "Kab. Probolinggo", "ipm", 2024, 69.0),
        ("3514", "Kab. Pasuruan", "ipm", 2025, 72.0),
        ("3578", "Kota Surabaya", "ipm", 2025, 83.0),
        ("3501", "Kab. Pacitan", "ipm", 2025, 70.0),
        ("3513", "Kab. Probolinggo", "tpt", 2024, 4.0),
        ("3513", "Kab. Probolinggo", "tpt", 2023, 4.5),
        ("3514", "Kab. Pasuruan", "tpt", 2024, 5.0),
    ]
    frame = pd.DataFrame(
        rows, columns=["region_code", "region_name", "indicator_code", "year", "value"]
    )
    return frame.assign(source="BPS Jawa Timur")


def test_macro_summary_rank_excludes_province_and_nation() -> None:
    got = m.macro_summary(
        macro_frame(),
        polarity_by_indicator={"ipm": "+", "tpt": "-"},
        unit_by_indicator={"tpt": "persen"},
    ).set_index("indicator_code")
    assert got.loc["ipm", "year"] == 2025
    assert got.loc["ipm", "n_regions"] == 4
    assert got.loc["ipm", "rank"] == 3.0  # tie with Pacitan shares rank 3 of 4
    assert got.loc["ipm", "change"] == pytest.approx(1 / 69 * 100)  # index: relative %
    assert got.loc["tpt", "year"] == 2024
    assert got.loc["tpt", "change"] == pytest.approx(-0.5)
    assert got.loc["tpt", ["direction", "rank"]].tolist() == ["membaik", 1.0]


def test_macro_summary_year_and_break() -> None:
    got = m.macro_summary(
        macro_frame(),
        polarity_by_indicator={"ipm": "+"},
        year=2025,
        break_year_by_indicator={"ipm": 2025},
    ).set_index("indicator_code")
    assert got.loc["ipm", "reason"] == "method_break"
    assert pd.isna(got.loc["ipm", "direction"])
    assert got.loc["tpt", "reason"] == "missing_this_year"
    assert pd.isna(got.loc["tpt", "rank"])  # no polarity given: not ranked
