"""Aggregate figures of a YoY table (DESIGN §6): per pillar, OPD and regency, exclusions, lists.

Means, changes and rankings use capped achievements (:func:`sae_analysis.metrics.capped`) of
comparable rows only; the reasons a row is left out are counted next to every figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sae_analysis import config
from sae_analysis.metrics._base import band_label_column, checked_lang, labels
from sae_analysis.metrics.achievement import capped, rate
from sae_analysis.metrics.bands import DEFAULT_BANDS
from sae_analysis.metrics.budget import budget_absorption
from sae_analysis.metrics.yoy import IMPROVED, UNCHANGED, WORSENED, YOY_REASONS


def _figures(
    yoy: pd.DataFrame,
    by: list[str],
    *,
    cap: tuple[float, float],
) -> pd.DataFrame:
    """Capped like-for-like means and direction counts of ``yoy`` per group of ``by``."""
    comparable = yoy["comparable"].astype(bool)
    direction = yoy["direction"].astype("str")
    reason = yoy["reason"].astype("str")
    parts = {
        "one": np.ones(len(yoy), dtype=int),
        "comparable": comparable,
        # A row counts in a mean only when it is comparable: like-for-like in both years.
        "now": capped(yoy["achievement_pct"], cap).where(comparable),
        "prev": capped(yoy["achievement_prev"], cap).where(comparable),
        "improved": comparable & direction.eq(IMPROVED).fillna(False),
        "worsened": comparable & direction.eq(WORSENED).fillna(False),
        "unchanged": comparable & direction.eq(UNCHANGED).fillna(False),
        **{f"excluded_{r}": ~comparable & reason.eq(r).fillna(False) for r in YOY_REASONS},
    }
    frame = pd.DataFrame(parts, index=yoy.index).assign(**{c: yoy[c] for c in by})
    grouped = frame.groupby(by, sort=True, dropna=False).agg(
        n_indicators=("one", "sum"),
        n_comparable=("comparable", "sum"),
        mean_achievement=("now", "mean"),
        mean_achievement_prev=("prev", "mean"),
        n_improved=("improved", "sum"),
        n_worsened=("worsened", "sum"),
        n_unchanged=("unchanged", "sum"),
        **{f"excluded_{r}": (f"excluded_{r}", "sum") for r in YOY_REASONS},
    )
    return grouped.reset_index()


def _finish_figures(
    grouped: pd.DataFrame, *, bands: pd.DataFrame | None, lang: str
) -> pd.DataFrame:
    """Add change, shares, exclusions total and (optionally) a rating to grouped figures."""
    counts = ["n_indicators", "n_comparable", "n_improved", "n_worsened", "n_unchanged"]
    counts += [f"excluded_{r}" for r in YOY_REASONS]
    out = grouped.assign(**{c: grouped[c].fillna(0).astype(int) for c in counts})
    base = out["n_comparable"].where(out["n_comparable"] > 0)
    out = out.assign(
        change_points=out["mean_achievement"] - out["mean_achievement_prev"],
        n_excluded=out["n_indicators"] - out["n_comparable"],
        share_improved_pct=out["n_improved"] / base * 100,
        share_worsened_pct=out["n_worsened"] / base * 100,
        share_unchanged_pct=out["n_unchanged"] / base * 100,
    )
    if bands is not None:
        out = out.assign(rating=rate(out["mean_achievement"], bands=bands, lang=lang))
    front = [c for c in out.columns if not c.startswith("excluded_")]
    return out[front + [f"excluded_{r}" for r in YOY_REASONS]]


def pillar_figures(
    yoy: pd.DataFrame,
    *,
    cap: tuple[float, float] = config.ACHIEVEMENT_CAP,
    bands: pd.DataFrame | None = None,
    budget: pd.DataFrame | None = None,
    lang: str = "id",
) -> pd.DataFrame:
    """Return one row per pillar (all five, in ``config.PILLARS`` order) of YoY figures.

    Parameters
    ----------
    yoy
        Output of :func:`yoy_indicators`.
    cap
        Achievements are clipped to this range before the means (one outlier cannot carry a pillar).
    bands
        When given, ``rating`` of the pillar's mean achievement is added.
    budget
        When given (the budget frame), the pillar's ``ceiling``, ``spent``, ``absorption_pct``,
        ``physical_pct`` and ``gap_pp`` at the yoy's (year, quarter) are joined.

    Returns
    -------
    pillar, pillar_label, n_indicators, n_comparable, mean_achievement, mean_achievement_prev
    (means over comparable indicators only), n_improved / n_worsened / n_unchanged,
    change_points, n_excluded, share_*_pct (of n_comparable) and one ``excluded_<reason>`` count
    per reason of :data:`YOY_REASONS`. Pillars outside the five are kept, after them.

    Examples
    --------
    >>> yoy = pd.DataFrame({"pillar": ["ekonomi", "ekonomi"], "comparable": [True, False],
    ...     "achievement_pct": [150.0, 80.0], "achievement_prev": [90.0, None],
    ...     "direction": ["membaik", None], "reason": [None, "missing_last_year"]})
    >>> fig = pillar_figures(yoy)
    >>> fig.loc[1, ["pillar", "mean_achievement", "change_points", "excluded_missing_last_year"]]
    pillar                        ekonomi
    mean_achievement                120.0
    change_points                    30.0
    excluded_missing_last_year          1
    Name: 1, dtype: object
    """
    grouped = _figures(yoy, ["pillar"], cap=cap).set_index("pillar")
    extra = [p for p in grouped.index if p not in config.PILLARS]
    grouped = grouped.reindex([*config.PILLARS, *extra]).rename_axis("pillar").reset_index()
    out = _finish_figures(grouped, bands=bands, lang=lang)
    labels = {code: config.pillar_label(code, lang) for code in config.PILLARS}
    out.insert(1, "pillar_label", out["pillar"].map(labels).fillna(out["pillar"]))
    if budget is not None and not yoy.empty:
        year, quarter = int(yoy["year"].iloc[0]), int(yoy["quarter"].iloc[0])
        money = budget_absorption(budget, by=("pillar",))
        money = money[money["year"].eq(year) & money["quarter"].eq(quarter)]
        columns = ["pillar", "ceiling", "spent", "absorption_pct", "physical_pct", "gap_pp"]
        out = out.merge(money[columns], on="pillar", how="left")
    return out


def opd_scorecard(
    yoy: pd.DataFrame,
    *,
    cap: tuple[float, float] = config.ACHIEVEMENT_CAP,
    bands: pd.DataFrame | None = None,
    lang: str = "id",
) -> pd.DataFrame:
    """Return one row per OPD with the figures of :func:`pillar_figures`, sorted by opd_code.

    >>> yoy = pd.DataFrame({"opd_code": ["B", "A"], "comparable": [True, True],
    ...     "achievement_pct": [95.0, 60.0], "achievement_prev": [90.0, 70.0],
    ...     "direction": ["membaik", "memburuk"], "reason": [None, None]})
    >>> opd_scorecard(yoy, bands=DEFAULT_BANDS)[["opd_code", "change_points", "rating"]]
      opd_code  change_points         rating
    0        A          -10.0         Rendah
    1        B            5.0  Sangat Tinggi
    """
    grouped = _figures(yoy, ["opd_code"], cap=cap)
    return _finish_figures(grouped, bands=bands, lang=lang)


def regency_figure(
    yoy: pd.DataFrame,
    *,
    cap: tuple[float, float] = config.ACHIEVEMENT_CAP,
    bands: pd.DataFrame | None = None,
    lang: str = "id",
) -> pd.DataFrame:
    """Return the figures of :func:`pillar_figures` for the regency as a whole (one row).

    Every indicator weighs the same, whichever pillar or OPD it belongs to.

    >>> yoy = pd.DataFrame({"comparable": [True, True], "achievement_pct": [95.0, 60.0],
    ...     "achievement_prev": [90.0, 70.0], "direction": ["membaik", "memburuk"],
    ...     "reason": [None, None]})
    >>> regency_figure(yoy)[["region_code", "mean_achievement", "n_improved"]]
      region_code  mean_achievement  n_improved
    0        3513              77.5           1
    """
    scoped = yoy.assign(region_code=config.REGION_CODE)
    grouped = _figures(scoped, ["region_code"], cap=cap)
    if grouped.empty:
        grouped = pd.DataFrame({"region_code": [config.REGION_CODE]}).reindex(
            columns=grouped.columns
        )
    out = _finish_figures(grouped, bands=bands, lang=lang)
    out.insert(1, "region_name", config.REGION_NAME)
    return out


def exclusions(yoy: pd.DataFrame, *, by: str = "pillar", lang: str = "id") -> pd.DataFrame:
    """Return the tidy list of exclusions: one row per (group, reason) with its count and codes.

    >>> yoy = pd.DataFrame({"pillar": ["sosial"] * 3, "indicator_code": ["X", "Y", "Z"],
    ...     "comparable": [False, False, True],
    ...     "reason": ["missing_last_year", "missing_last_year", None]})
    >>> exclusions(yoy)
       pillar             reason               reason_label  n_excluded indicators
    0  sosial  missing_last_year  Tidak ada data tahun lalu           2       X, Y
    """
    label = checked_lang(lang)
    excluded = yoy[~yoy["comparable"].astype(bool)]
    grouped = (
        excluded.sort_values("indicator_code")
        .groupby([by, "reason"], sort=True)["indicator_code"]
        .agg(n_excluded="size", indicators=", ".join)
        .reset_index()
    )
    grouped.insert(
        2, "reason_label", grouped["reason"].map(labels(YOY_REASONS, "yoy_reasons", label))
    )
    return grouped


# --------------------------------------------------------------------------- honest lists


_SHOWN = [
    "pillar",
    "opd_code",
    "indicator_code",
    "indicator_name",
    "unit",
    "polarity",
    "actual_prev",
    "actual",
    "change",
    "change_unit",
    "achievement_prev",
    "achievement_pct",
    "achievement_change",
    "direction",
]


def top_changes(
    yoy: pd.DataFrame, *, n: int = 5, cap: tuple[float, float] = config.ACHIEVEMENT_CAP
) -> pd.DataFrame:
    """Return the ``n`` largest gains and ``n`` largest shortfalls among comparable indicators.

    Indicators are ranked by the change of their capped achievement (points), the one measure
    that is comparable across units and polarities; ties go by opd_code, indicator_code.
    Columns: ``group`` (``gain``/``shortfall``), ``rank`` (1 = largest), ``change_points`` and
    the indicator's identity and YoY columns.

    >>> yoy = pd.DataFrame({"pillar": ["sosial"] * 3, "opd_code": ["DINSOS"] * 3,
    ...     "indicator_code": ["A", "B", "C"], "comparable": [True, True, True],
    ...     "achievement_prev": [80.0, 90.0, 100.0], "achievement_pct": [95.0, 70.0, 100.0]})
    >>> top_changes(yoy, n=2)[["group", "rank", "indicator_code", "change_points"]]
           group  rank indicator_code  change_points
    0       gain     1              A           15.0
    1  shortfall     1              B          -20.0
    """
    rows = yoy[yoy["comparable"].astype(bool)]
    rows = rows.assign(
        change_points=capped(rows["achievement_pct"], cap) - capped(rows["achievement_prev"], cap)
    )
    order = ["change_points", "opd_code", "indicator_code"]
    gains = rows[rows["change_points"] > 0].sort_values(order, ascending=[False, True, True])
    falls = rows[rows["change_points"] < 0].sort_values(order, ascending=[True, True, True])
    picked = pd.concat(
        [gains.head(n).assign(group="gain"), falls.head(n).assign(group="shortfall")],
        ignore_index=True,
    )
    picked = picked.assign(rank=picked.groupby("group").cumcount() + 1)
    shown = [c for c in _SHOWN if c in picked.columns]
    return picked[["group", "rank", *shown, "change_points"]]


def shortcomings(
    yoy: pd.DataFrame,
    *,
    bands: pd.DataFrame = DEFAULT_BANDS,
    n_low_bands: int = 2,
    lang: str = "id",
) -> pd.DataFrame:
    """Return every indicator that worsened or is rated in the lowest bands (Rendah, Sangat Rendah).

    For the report section "Berani jujur terhadap kekurangan". ``rating`` is recomputed from
    ``achievement_pct`` with ``bands``; the lowest ``n_low_bands`` bands count as low. Adds the
    flags ``worsened`` and ``low_rating``; sorted from the lowest achievement up (undefined last).

    >>> yoy = pd.DataFrame({"pillar": ["sosial"] * 3, "opd_code": ["DINSOS"] * 3,
    ...     "indicator_code": ["A", "B", "C"], "comparable": [True, True, True],
    ...     "direction": ["memburuk", "membaik", "membaik"],
    ...     "achievement_pct": [95.0, 40.0, 99.0]})
    >>> shortcomings(yoy)[["indicator_code", "rating", "worsened", "low_rating"]]
      indicator_code         rating  worsened  low_rating
    0              B  Sangat Rendah     False        True
    1              A  Sangat Tinggi      True       False
    """
    column = band_label_column(lang)
    rating = rate(yoy["achievement_pct"], bands=bands, lang=lang)
    low_labels = bands.sort_values("lower_bound")[column].head(n_low_bands)
    low = rating.isin(low_labels).to_numpy(dtype=bool)
    worsened = (
        yoy["comparable"].astype(bool) & yoy["direction"].astype("str").eq(WORSENED).fillna(False)
    ).to_numpy(dtype=bool)
    flagged = yoy.assign(rating=rating, worsened=worsened, low_rating=low)[low | worsened]
    return flagged.sort_values(
        ["achievement_pct", "opd_code", "indicator_code"], na_position="last", ignore_index=True
    )
