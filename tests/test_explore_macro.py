"""The region among the others: every kabupaten ranked as the report ranks it."""

from __future__ import annotations

import pandas as pd
import pytest

from sae_analysis import config, explore, metrics


@pytest.fixture
def macro() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region_code": ["3500", "3513", "3514", "3515", "3513", "3514", "3515"],
            "region_name": ["Jawa Timur", "Probolinggo", "Pasuruan", "Sidoarjo"] + ["x"] * 3,
            "indicator_code": "kemiskinan",
            "year": [2025, 2025, 2025, 2025, 2024, 2024, 2024],
            "value": [9.8, 16.5, 8.9, 5.1, 17.2, 9.3, 5.0],
            "source": "BPS",
        }
    )


def test_macro_regions_rank_every_kabupaten_as_the_report_does(macro: pd.DataFrame) -> None:
    cat = pd.DataFrame(
        {"indicator_code": ["kemiskinan"], "polarity": ["-"], "unit": ["persen"], "pillar": "x"}
    )
    table = explore.macro_regions(macro, indicator_code="kemiskinan", indicators=cat)
    assert table["region_code"].tolist() == ["3515", "3514", "3513", "3500"]
    assert table["rank"].tolist()[:3] == [1.0, 2.0, 3.0]
    assert pd.isna(table["rank"].iloc[-1])  # the province has a value, not a rank
    focus = table[table["is_focus"]].iloc[0]
    report = metrics.macro_summary(macro, **metrics.macro_options(cat)).iloc[0]
    assert focus["rank"] == report["rank"]
    assert focus["direction"] == report["direction"] == "membaik"
    svg = explore.macro_chart(table).data
    assert "Sidoarjo" in svg
    assert "Jawa Timur" in svg


def test_pillar_macro_keeps_the_pillars_indicators(explore_tables: explore.Tables) -> None:
    cat = explore_tables.catalogues.indicators
    for pillar in config.PILLARS:
        summary = explore.pillar_macro(explore_tables, pillar=pillar)
        codes = set(cat.loc[cat["pillar"] == pillar, "indicator_code"])
        assert set(summary["indicator_code"]) <= codes
        assert (summary["region_code"] == config.REGION_CODE).all()
