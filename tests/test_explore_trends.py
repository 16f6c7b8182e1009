"""Trends over the quarters: every quarter in order, the history agrees with the report."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sae_analysis import config, explore, metrics


def test_indicator_trends_cover_every_quarter_in_order(explore_tables: explore.Tables) -> None:
    pillar = explore_tables.performance["pillar"].iloc[0]
    trends = explore.indicator_trends(explore_tables.performance, pillar=pillar)
    assert set(trends["pillar"]) == {pillar}
    periods = list(dict.fromkeys(trends["period"]))
    assert periods == [f"{y}-TW{q}" for y in (2025, 2026) for q in (1, 2, 3, 4)][:-1]
    assert trends["achievement_capped"].max() <= config.ACHIEVEMENT_CAP[1]
    table = explore.trend_table(trends)
    assert list(table.columns) == periods
    assert len(table) == trends.groupby(["opd_code", "indicator_code"]).ngroups


def test_quarterly_history_matches_the_report_figures(explore_tables: explore.Tables) -> None:
    cat = explore_tables.catalogues.indicators
    for pillar in explore_tables.performance["pillar"].unique():
        history = explore.quarterly_history(
            explore_tables.performance, pillar=pillar, catalogue=cat
        )
        assert list(history["period"])[-1] == "2026-TW3"
        row = history.iloc[-1]
        yoy = explore.quarter_yoy(explore_tables)
        figure = metrics.pillar_figures(yoy).set_index("pillar").loc[pillar]
        assert row["n_comparable"] == figure["n_comparable"]
        np.testing.assert_allclose(row["mean_achievement"], figure["mean_achievement"])
        np.testing.assert_allclose(row["change_points"], figure["change_points"])
        # the first year has no year before it in the data: no like-for-like figure
        assert history.loc[history["year"] == 2025, "n_comparable"].eq(0).all()


def test_history_of_one_opd_uses_only_its_indicators(explore_tables: explore.Tables) -> None:
    opd = sorted(explore_tables.performance["opd_code"].unique())[0]
    history = explore.quarterly_history(explore_tables.performance, opd_code=opd)
    mine = explore_tables.performance[explore_tables.performance["opd_code"] == opd]
    counts = mine.groupby(["year", "quarter"]).size().to_numpy()
    assert history["n_indicators"].tolist() == counts.tolist()


def test_an_empty_selection_gives_empty_tables_and_charts() -> None:
    empty = pd.DataFrame(
        columns=[
            "year",
            "quarter",
            "pillar",
            "opd_code",
            "indicator_code",
            "indicator_name",
            "unit",
            "polarity",
            "target",
            "actual",
            "achievement_pct",
        ]
    )
    history = explore.quarterly_history(empty, pillar="infrastruktur")
    trends = explore.indicator_trends(empty, pillar="infrastruktur")
    assert history.empty
    assert trends.empty
    assert "<svg" in explore.history_chart(history, trends).data
