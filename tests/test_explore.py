"""The exploration helpers: loading, trends over quarters, OPD contributions, macro ranks, charts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sae_analysis import config, explore, metrics, stages
from sae_analysis.params import ParameterError, RunParams
from sae_analysis.sampledata import sample


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("explore") / "raw"
    sample.generate_sample(folder, n_opd=2, years=(2025, 2026), last_quarter=3)
    return folder


@pytest.fixture(scope="module")
def tables(raw: Path) -> explore.Tables:
    p = stages.params(raw_dir=raw, processed_dir=raw.parent / "nothing", reports_dir=raw.parent)
    return explore.load(p)


def _params(raw: Path, processed: Path, quarter: int = 3) -> RunParams:
    return stages.params(
        year=2026, quarter=quarter, raw_dir=raw, processed_dir=processed, reports_dir=processed
    )


# --------------------------------------------------------------------------- loading


def test_load_cleans_in_memory_and_writes_nothing_when_processed_is_missing(
    raw: Path, tmp_path: Path
) -> None:
    processed = tmp_path / "processed"
    t = explore.load(_params(raw, processed))
    assert t.origin == "raw"
    assert not processed.exists()
    assert {(2026, 3), (2025, 3)} <= set(
        zip(t.performance["year"], t.performance["quarter"], strict=True)
    )


def test_load_reads_what_01_clean_wrote(raw: Path, tmp_path: Path) -> None:
    p = _params(raw, tmp_path / "processed")
    stages.clean_stage(p)
    t = explore.load(p)
    assert t.origin == "processed"
    fresh = explore.load(_params(raw, tmp_path / "elsewhere"))
    pd.testing.assert_frame_equal(
        t.performance.reset_index(drop=True),
        fresh.performance.reset_index(drop=True),
        check_dtype=False,
    )
    assert list(t.quality.columns) == list(fresh.quality.columns)


def test_load_ignores_processed_tables_of_another_quarter(raw: Path, tmp_path: Path) -> None:
    stages.clean_stage(_params(raw, tmp_path / "processed", quarter=2))
    t = explore.load(_params(raw, tmp_path / "processed", quarter=3))
    assert t.origin == "raw"
    assert ((t.performance["year"] == 2026) & (t.performance["quarter"] == 3)).any()


def test_parameter_checks_are_one_line_errors() -> None:
    assert explore.check_pillar("SOSIAL") == "sosial"
    with pytest.raises(ParameterError, match="pilar tidak dikenal"):
        explore.check_pillar(None)
    with pytest.raises(ParameterError, match="satu kode OPD"):
        explore.check_one_opd("all")


# --------------------------------------------------------------------------- trends


def test_indicator_trends_cover_every_quarter_in_order(tables: explore.Tables) -> None:
    pillar = tables.performance["pillar"].iloc[0]
    trends = explore.indicator_trends(tables.performance, pillar=pillar)
    assert set(trends["pillar"]) == {pillar}
    periods = list(dict.fromkeys(trends["period"]))
    assert periods == [f"{y}-TW{q}" for y in (2025, 2026) for q in (1, 2, 3, 4)][:-1]
    assert trends["achievement_capped"].max() <= config.ACHIEVEMENT_CAP[1]
    table = explore.trend_table(trends)
    assert list(table.columns) == periods
    assert len(table) == trends.groupby(["opd_code", "indicator_code"]).ngroups


def test_quarterly_history_matches_the_report_figures(tables: explore.Tables) -> None:
    cat = tables.catalogues.indicators
    for pillar in tables.performance["pillar"].unique():
        history = explore.quarterly_history(tables.performance, pillar=pillar, catalogue=cat)
        assert list(history["period"])[-1] == "2026-TW3"
        row = history.iloc[-1]
        yoy = explore.quarter_yoy(tables)
        figure = metrics.pillar_figures(yoy).set_index("pillar").loc[pillar]
        assert row["n_comparable"] == figure["n_comparable"]
        np.testing.assert_allclose(row["mean_achievement"], figure["mean_achievement"])
        np.testing.assert_allclose(row["change_points"], figure["change_points"])
        # the first year has no year before it in the data: no like-for-like figure
        assert history.loc[history["year"] == 2025, "n_comparable"].eq(0).all()


def test_history_of_one_opd_uses_only_its_indicators(tables: explore.Tables) -> None:
    opd = sorted(tables.performance["opd_code"].unique())[0]
    history = explore.quarterly_history(tables.performance, opd_code=opd)
    mine = tables.performance[tables.performance["opd_code"] == opd]
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


# --------------------------------------------------------------------------- contributions


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


# --------------------------------------------------------------------------- macro


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
    report = metrics.macro_summary(macro, **explore.macro_options(cat)).iloc[0]
    assert focus["rank"] == report["rank"]
    assert focus["direction"] == report["direction"] == "membaik"
    svg = explore.macro_chart(table).data
    assert "Sidoarjo" in svg
    assert "Jawa Timur" in svg


def test_pillar_macro_keeps_the_pillars_indicators(tables: explore.Tables) -> None:
    cat = tables.catalogues.indicators
    for pillar in config.PILLARS:
        summary = explore.pillar_macro(tables, pillar=pillar)
        codes = set(cat.loc[cat["pillar"] == pillar, "indicator_code"])
        assert set(summary["indicator_code"]) <= codes
        assert (summary["region_code"] == config.REGION_CODE).all()


# --------------------------------------------------------------------------- one OPD


def test_budget_history_agrees_with_the_quarters_budget_figure(tables: explore.Tables) -> None:
    opd = sorted(tables.budget["opd_code"].unique())[0]
    history = explore.budget_history(tables.budget, opd_code=opd)
    assert history["period"].iloc[-1] == "2026-TW3"
    quarter = metrics.budget_yoy(tables.budget, year=2026, quarter=3).set_index("opd_code")
    np.testing.assert_allclose(
        history["absorption_pct"].iloc[-1], quarter.loc[opd, "absorption_pct"]
    )
    svg = explore.budget_chart(history).data
    assert "2025-TW1" in svg
    assert "Serapan anggaran" in svg


def test_opd_issues_lists_errors_first(tables: explore.Tables) -> None:
    quality = pd.DataFrame(
        {
            "severity": ["warning", "error", "error"],
            "opd_code": ["X", "X", "Y"],
            "file": ["b", "c", "a"],
        }
    )
    assert explore.opd_issues(quality, opd_code="X")["severity"].tolist() == ["error", "warning"]
    assert explore.opd_name(tables.catalogues, "NOPE") == "NOPE"
    code = tables.catalogues.opd["opd_code"].iloc[0]
    assert explore.opd_name(tables.catalogues, code) == tables.catalogues.opd["name"].iloc[0]
