"""Tests of sae_analysis.metrics.yoy_table: the pairs of years and what changed between them."""

from __future__ import annotations

import pandas as pd
import pytest
from metrics_rows import pair, perf

from sae_analysis import metrics as m


def test_unit_definition_and_method_changes() -> None:
    yoy_rows = [
        {"year": 2025, "indicator_code": "U", "actual": 5.0, "unit": "orang"},
        {"year": 2026, "indicator_code": "U", "actual": 6.0, "unit": "keluarga"},
        {"year": 2025, "indicator_code": "S", "actual": 5.0, "unit": "Persen"},
        {"year": 2026, "indicator_code": "S", "actual": 6.0, "unit": "%"},
        {"year": 2025, "indicator_code": "D", "actual": 5.0, "polarity": "-"},
        {"year": 2026, "indicator_code": "D", "actual": 6.0, "polarity": "+"},
        *pair("IPM", 70.0, 71.0, unit="indeks"),
    ]
    catalogue = pd.DataFrame({"indicator_code": ["IPM", "U"], "break_year": [2026, pd.NA]})
    yoy = m.yoy_indicators(
        perf(*yoy_rows), year=2026, quarter=3, catalogue=catalogue, lang="en"
    ).set_index("indicator_code")
    assert yoy.loc["U", "reason"] == "unit_changed"
    assert yoy.loc["S", "comparable"]  # 'Persen' and '%' are the same unit
    assert yoy.loc["D", "reason"] == "definition_changed"
    assert yoy.loc["IPM", "reason"] == "method_break"
    assert yoy.loc["IPM", "reason_label"] == "Method break"


def test_duplicate_rows_are_refused() -> None:
    frame = perf(*pair("A", 1.0, 2.0), *pair("A", 1.0, None))
    with pytest.raises(ValueError, match="more than one row"):
        m.yoy_indicators(frame, year=2026, quarter=3)
