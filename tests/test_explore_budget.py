"""One OPD's budget over the quarters agrees with the quarter's budget figure."""

from __future__ import annotations

import numpy as np

from sae_analysis import explore, metrics


def test_budget_history_agrees_with_the_quarters_budget_figure(
    explore_tables: explore.Tables,
) -> None:
    opd = sorted(explore_tables.budget["opd_code"].unique())[0]
    history = explore.budget_history(explore_tables.budget, opd_code=opd)
    assert history["period"].iloc[-1] == "2026-TW3"
    quarter = metrics.budget_yoy(explore_tables.budget, year=2026, quarter=3).set_index("opd_code")
    np.testing.assert_allclose(
        history["absorption_pct"].iloc[-1], quarter.loc[opd, "absorption_pct"]
    )
    svg = explore.budget_chart(history).data
    assert "2025-TW1" in svg
    assert "Serapan anggaran" in svg
