"""Tests of sae_analysis.metrics: worked examples from Permendagri 86/2017 and properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sae_analysis import config
from sae_analysis import metrics as m

# --------------------------------------------------------------------------- helpers


def perf(*rows: dict) -> pd.DataFrame:
    """A performance frame from short row dicts; achievement and rating computed as the pipeline."""
    defaults = {
        "quarter": 3,
        "opd_code": "DINKES",
        "pillar": "pendidikan_kesehatan",
        "unit": "persen",
        "polarity": "+",
        "target": 100.0,
        "target_low": np.nan,
        "target_high": np.nan,
        "kind": "outcome",
    }
    frame = pd.DataFrame([{**defaults, **row} for row in rows])
    frame = frame.assign(indicator_name=frame.get("indicator_name", frame["indicator_code"]))
    return m.add_achievement(frame, bands=m.DEFAULT_BANDS)


def pair(code: str, prev: float | None, now: float | None, **extra: object) -> list[dict]:
    """Rows of one indicator in 2025 and 2026 (None: no row that year)."""
    rows = []
    if prev is not None:
        rows.append({"year": 2025, "indicator_code": code, "actual": prev, **extra})
    if now is not None:
        rows.append({"year": 2026, "indicator_code": code, "actual": now, **extra})
    return rows


def yoy_of(*pairs: list[dict], **kwargs: object) -> pd.DataFrame:
    rows = [row for p in pairs for row in p]
    return m.yoy_indicators(perf(*rows), year=2026, quarter=3, **kwargs).set_index("indicator_code")


# --------------------------------------------------------------------------- achievement


def test_worked_examples_lower_is_better() -> None:
    got = m.achievement([6.5, 9.0], [7.0, 8.0], polarity="-")
    assert got == pytest.approx([107.142857, 87.5])


def test_higher_is_better_and_series_keeps_index() -> None:
    actual = pd.Series([45.0, 120.0], index=[10, 11])
    got = m.achievement(actual, pd.Series([50.0, 100.0], index=[10, 11]), polarity="+")
    assert isinstance(got, pd.Series)
    assert got.index.tolist() == [10, 11]
    assert got.tolist() == pytest.approx([90.0, 120.0])  # not capped here


@pytest.mark.parametrize(
    ("polarity", "actual", "expected"),
    [
        ("+", 73.0, 100.0),  # inside
        ("+", 72.28, 100.0),  # on the lower bound
        ("+", 73.77, 100.0),  # on the upper bound
        ("+", 70.0, 70.0 / 72.28 * 100),  # below: T = L
        ("+", 80.0, 80.0 / 73.77 * 100),  # above: T = H
        ("-", 80.0, (2 * 73.77 - 80.0) / 73.77 * 100),
        ("=", 80.0, 100 - (80.0 - 73.77) / 73.77 * 100),
        ("=", 70.0, 100 - (72.28 - 70.0) / 72.28 * 100),
    ],
)
def test_range_target(polarity: str, actual: float, expected: float) -> None:
    got = m.achievement([actual], [np.nan], polarity=polarity, target_low=72.28, target_high=73.77)
    assert got[0] == pytest.approx(expected)


def test_point_target_equal_polarity() -> None:
    assert m.achievement([12.0, 8.0, 10.0], 10.0, polarity="=") == pytest.approx([80, 80, 100])


def test_zero_target() -> None:
    got = m.achievement([0.0, 3.0, 0.0, 3.0], 0.0, polarity=["-", "-", "+", "+"])
    assert got[:2].tolist() == [100.0, 0.0]
    assert np.isnan(got[2:]).all()


def test_achievement_issues_lists_undefined_rows() -> None:
    frame = pd.DataFrame(
        {
            "indicator_code": ["OK", "ZERO", "NOACT", "NOTGT", "POL"],
            "actual": [5.0, 1.0, np.nan, 5.0, 5.0],
            "target": [10.0, 0.0, 10.0, np.nan, 10.0],
            "polarity": ["+", "+", "+", "-", "?"],
            "source_row": [7, 8, 9, 10, 11],
        }
    )
    issues = m.achievement_issues(frame, lang="en")
    assert issues["issue"].tolist() == [
        "zero_target",
        "missing_actual",
        "missing_target",
        "unknown_polarity",
    ]
    assert issues["source_row"].tolist() == [8, 9, 10, 11]
    assert issues["message"].iloc[0].startswith("Target 0")


def test_add_achievement_prefers_the_quarterly_target() -> None:
    frame = pd.DataFrame(
        {
            "actual": [30.0, 30.0],
            "target": [100.0, 100.0],
            "target_tw": [40.0, np.nan],
            "polarity": ["+", "+"],
        }
    )
    out = m.add_achievement(frame, bands=m.DEFAULT_BANDS)
    assert out["achievement_pct"].tolist() == pytest.approx([75.0, 30.0])
    assert out["rating"].tolist() == ["Sedang", "Sangat Rendah"]
    assert "achievement_pct" not in frame.columns


# --------------------------------------------------------------------------- rating


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (91.0, "Sangat Tinggi"),
        (90.99, "Tinggi"),
        (76.0, "Tinggi"),
        (75.99, "Sedang"),
        (66.0, "Sedang"),
        (51.0, "Rendah"),
        (50.99, "Sangat Rendah"),
        (-40.0, "Sangat Rendah"),
        (250.0, "Sangat Tinggi"),
        (9.1 / 10 * 100, "Sangat Tinggi"),  # 90.99999999999999, printed as 91,00
    ],
)
def test_rating_band_edges(value: float, label: str) -> None:
    assert m.rate([value]).tolist() == [label]


def test_rate_missing_and_english() -> None:
    got = m.rate(pd.Series([np.nan, 80.0], index=["a", "b"]), lang="en")
    assert got.index.tolist() == ["a", "b"]
    assert pd.isna(got["a"])
    assert got["b"] == "High"


def test_rating_colour_series() -> None:
    got = m.rating_colour(pd.Series(["Sangat Tinggi", None, "x"]))
    assert got.tolist() == ["#1a9850", m.NO_RATING_COLOUR, m.NO_RATING_COLOUR]


# --------------------------------------------------------------------------- year to date


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


# --------------------------------------------------------------------------- year over year


def test_change_in_points_for_percent_and_relative_otherwise() -> None:
    yoy = yoy_of(
        pair("PCT", 60.0, 66.0, unit="persen", target=70.0),
        pair("PPL", 200.0, 250.0, unit="orang", target=300.0),
    )
    assert yoy.loc["PCT", "change"] == pytest.approx(6.0)
    assert yoy.loc["PCT", "change_unit"] == "pp"
    assert yoy.loc["PPL", "change"] == pytest.approx(25.0)
    assert yoy.loc["PPL", "change_unit"] == "%"
    assert (yoy["direction"] == "membaik").all()
    assert yoy.loc["PCT", "achievement_prev"] == pytest.approx(60 / 70 * 100)


def test_lower_is_better_direction_and_tolerance() -> None:
    yoy = yoy_of(
        pair("AKB", 7.2, 6.5, unit="per 1.000 kelahiran hidup", polarity="-", target=7.0),
        pair("TINY", 80.0, 80.04, unit="persen"),
        pair("EDGE", 80.0, 80.05, unit="persen"),
    )
    assert yoy.loc["AKB", "direction"] == "membaik"
    assert yoy.loc["TINY", "direction"] == "tetap"
    assert yoy.loc["EDGE", "direction"] == "membaik"


def test_equal_polarity_closer_to_the_range_is_better() -> None:
    band = {"polarity": "=", "target": np.nan, "target_low": 4.0, "target_high": 6.0}
    yoy = yoy_of(pair("IN", 9.0, 7.0, **band), pair("OUT", 5.0, 8.0, **band))
    assert yoy.loc["IN", "direction"] == "membaik"
    assert yoy.loc["OUT", "direction"] == "memburuk"


def test_baseline_zero() -> None:
    yoy = yoy_of(
        pair("NEW", 0.0, 12.0, unit="unit", target=10.0),
        pair("STILL", 0.0, 0.0, unit="unit", target=10.0),
        pair("PP", 0.0, 12.0, unit="persen", target=10.0),
    )
    assert not yoy.loc["NEW", "comparable"]
    assert yoy.loc["NEW", "reason"] == "baseline_zero"
    assert np.isnan(yoy.loc["NEW", "change"])
    assert yoy.loc["STILL", "direction"] == "tetap"
    assert yoy.loc["PP", "comparable"]
    assert yoy.loc["PP", "change"] == pytest.approx(12.0)


def test_missing_last_year_is_excluded_and_counted() -> None:
    yoy = yoy_of(pair("OLD", 50.0, 60.0), pair("NEW", None, 95.0), pair("GONE", 40.0, None))
    assert yoy.loc["NEW", "reason"] == "missing_last_year"
    assert yoy.loc["NEW", "reason_label"] == "Tidak ada data tahun lalu"
    assert yoy.loc["GONE", "reason"] == "missing_this_year"
    assert pd.isna(yoy.loc["NEW", "direction"])
    fig = m.pillar_figures(yoy.reset_index()).set_index("pillar").loc["pendidikan_kesehatan"]
    assert fig["n_indicators"] == 3
    assert fig["n_comparable"] == 1
    assert fig["n_excluded"] == 2
    assert fig["excluded_missing_last_year"] == 1
    assert fig["excluded_missing_this_year"] == 1
    assert fig["mean_achievement"] == pytest.approx(60.0)  # NEW's 95 is not like-for-like
    table = m.exclusions(yoy.reset_index())
    assert table["reason"].tolist() == ["missing_last_year", "missing_this_year"]


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


def test_change_unit_set() -> None:
    units = ["persen", "Persentase", "%", "per 100.000 kelahiran hidup", "rasio", "permil"]
    assert set(m.change_unit(units)) == {"pp"}
    assert set(m.change_unit(["Rp juta", "indeks", "orang", "perusahaan", None])) == {"%"}


# --------------------------------------------------------------------------- figures


def test_pillar_figures_have_all_pillars_in_order_and_cap() -> None:
    yoy = m.yoy_indicators(
        perf(*pair("BIG", 100.0, 300.0), *pair("LOW", 80.0, 60.0)), year=2026, quarter=3
    )
    fig = m.pillar_figures(yoy, bands=m.DEFAULT_BANDS)
    assert fig["pillar"].tolist() == list(config.PILLARS)
    row = fig.set_index("pillar").loc["pendidikan_kesehatan"]
    assert row["mean_achievement"] == pytest.approx((120.0 + 60.0) / 2)
    assert row["mean_achievement_prev"] == pytest.approx(90.0)
    assert row["change_points"] == pytest.approx(0.0)
    assert (row["n_improved"], row["n_worsened"], row["share_improved_pct"]) == (1, 1, 50.0)
    empty = fig.set_index("pillar").loc["sosial"]
    assert empty["n_indicators"] == 0
    assert np.isnan(empty["mean_achievement"])


def test_pillar_figures_join_budget() -> None:
    yoy = m.yoy_indicators(perf(*pair("A", 50.0, 60.0)), year=2026, quarter=3)
    budget = pd.DataFrame(
        {
            "year": [2026],
            "quarter": [3],
            "opd_code": ["DINKES"],
            "pillar": ["pendidikan_kesehatan"],
            "ceiling": [1000.0],
            "spent": [400.0],
            "physical_pct": [55.0],
        }
    )
    fig = m.pillar_figures(yoy, budget=budget).set_index("pillar")
    assert fig.loc["pendidikan_kesehatan", "gap_pp"] == pytest.approx(15.0)
    assert np.isnan(fig.loc["ekonomi", "absorption_pct"])


def test_opd_scorecard_and_regency_figure() -> None:
    rows = [*pair("A", 50.0, 60.0), *pair("B", 90.0, 70.0, opd_code="DISDIK")]
    yoy = m.yoy_indicators(perf(*rows), year=2026, quarter=3)
    card = m.opd_scorecard(yoy)
    assert card["opd_code"].tolist() == ["DINKES", "DISDIK"]
    assert card["change_points"].tolist() == pytest.approx([10.0, -20.0])
    regency = m.regency_figure(yoy)
    assert len(regency) == 1
    assert regency["mean_achievement"].iloc[0] == pytest.approx(65.0)


def test_top_changes_and_shortcomings() -> None:
    rows = [
        *pair("UP", 50.0, 90.0, indicator_name="Naik"),
        *pair("DOWN", 95.0, 80.0),
        *pair("LOW", 40.0, 45.0),
        *pair("NEW", None, 10.0),
    ]
    yoy = m.yoy_indicators(perf(*rows), year=2026, quarter=3)
    top = m.top_changes(yoy, n=1)
    assert top[["group", "indicator_code", "opd_code"]].to_numpy().tolist() == [
        ["gain", "UP", "DINKES"],
        ["shortfall", "DOWN", "DINKES"],
    ]
    assert top["indicator_name"].iloc[0] == "Naik"
    short = m.shortcomings(yoy)
    assert short["indicator_code"].tolist() == ["NEW", "LOW", "DOWN"]
    assert short.set_index("indicator_code")["worsened"].to_dict() == {
        "NEW": False,
        "LOW": False,
        "DOWN": True,
    }


# --------------------------------------------------------------------------- budget


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


# --------------------------------------------------------------------------- macro


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


# --------------------------------------------------------------------------- properties

values = st.floats(min_value=0.0, max_value=1e4, allow_nan=False)
positive = st.floats(min_value=0.01, max_value=1e4, allow_nan=False)
units = st.sampled_from(["persen", "orang", "per 1.000 kelahiran hidup", "indeks"])


@settings(max_examples=60, deadline=None)
@given(prev=values, now=values, target=positive, unit=units)
def test_swapping_polarity_mirrors_the_direction(
    prev: float, now: float, target: float, unit: str
) -> None:
    def direction(polarity: str) -> object:
        rows = pair("X", prev, now, polarity=polarity, unit=unit, target=target)
        return yoy_of(rows).loc["X", "direction"]

    mirror = {"membaik": "memburuk", "memburuk": "membaik", "tetap": "tetap"}
    plus, minus = direction("+"), direction("-")
    if pd.isna(plus):
        assert pd.isna(minus)
    else:
        assert minus == mirror[plus]


indicator = st.tuples(
    st.sampled_from(list(config.PILLARS)),
    st.one_of(st.none(), values),
    st.one_of(st.none(), values),
    st.sampled_from(["persen", "orang"]),
)


def yoy_from(spec: list[tuple]) -> pd.DataFrame:
    rows = []
    for i, (pillar, prev, now, unit) in enumerate(spec):
        rows += pair(f"I{i:02d}", prev, now, pillar=pillar, unit=unit, target=50.0)
    if not rows:
        rows = pair("I00", 1.0, 1.0)
    return m.yoy_indicators(perf(*rows), year=2026, quarter=3)


@settings(max_examples=40, deadline=None)
@given(spec=st.lists(indicator, max_size=12))
def test_pillar_figure_never_includes_a_non_comparable_indicator(spec: list[tuple]) -> None:
    yoy = yoy_from(spec)
    # Poison the excluded rows: if any of them leaked into a mean, the mean would be huge.
    poisoned = yoy.assign(
        achievement_pct=yoy["achievement_pct"].where(yoy["comparable"], 1e6),
        achievement_prev=yoy["achievement_prev"].where(yoy["comparable"], 1e6),
    )
    fig = m.pillar_figures(poisoned, cap=(0.0, 1e9)).set_index("pillar")
    for pillar, rows in yoy.groupby("pillar"):
        kept = rows[rows["comparable"]]
        expected = kept["achievement_pct"].mean() if len(kept) else np.nan
        got = fig.loc[pillar, "mean_achievement"]
        assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)
        assert fig.loc[pillar, "n_comparable"] == len(kept)
        assert fig.loc[pillar, "n_excluded"] == len(rows) - len(kept)


@settings(max_examples=30, deadline=None)
@given(spec=st.lists(indicator, min_size=1, max_size=10), data=st.data())
def test_aggregation_is_invariant_to_row_order(spec: list[tuple], data: st.DataObject) -> None:
    yoy = yoy_from(spec)
    order = data.draw(st.permutations(range(len(yoy))))
    shuffled = yoy.iloc[list(order)]
    pd.testing.assert_frame_equal(m.pillar_figures(yoy), m.pillar_figures(shuffled))
    pd.testing.assert_frame_equal(m.opd_scorecard(yoy), m.opd_scorecard(shuffled))
    pd.testing.assert_frame_equal(m.regency_figure(yoy), m.regency_figure(shuffled))


@settings(max_examples=100, deadline=None)
@given(
    r1=values,
    r2=values,
    target=positive,
    bounds=st.one_of(st.none(), st.tuples(positive, positive)),
)
def test_higher_is_better_achievement_is_monotone(
    r1: float, r2: float, target: float, bounds: tuple[float, float] | None
) -> None:
    low, high = sorted(bounds) if bounds else (None, None)
    lo_r, hi_r = sorted([r1, r2])
    got = m.achievement([lo_r, hi_r], target, polarity="+", target_low=low, target_high=high)
    assert got[0] <= got[1] + 1e-9
