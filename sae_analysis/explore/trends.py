"""Trends over the quarters: each indicator's value and achievement, a selection's history, its chart.

The figures come from :mod:`sae_analysis.metrics` (the same capped, like-for-like rules as the
report); this module only selects, reshapes over all the quarters available, and draws. Charts use
the report's style (:mod:`sae_analysis.report.charts`) and come back as ``IPython.display.SVG``
objects, so a notebook cell shows them as they are.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import SVG

from sae_analysis import config, metrics
from sae_analysis.explore.labels import with_period, word
from sae_analysis.report import charts


def _select(performance: pd.DataFrame, *, pillar: str | None, opd_code: str | None) -> pd.DataFrame:
    """The rows of one pillar and/or one OPD (all rows when both are None)."""
    rows = performance
    if pillar is not None:
        rows = rows[rows["pillar"] == pillar]
    if opd_code is not None:
        rows = rows[rows["opd_code"] == opd_code]
    return rows


def indicator_trends(
    performance: pd.DataFrame,
    *,
    pillar: str | None = None,
    opd_code: str | None = None,
    cap: tuple[float, float] = config.ACHIEVEMENT_CAP,
) -> pd.DataFrame:
    """Return every indicator's value and achievement at every quarter in ``performance``.

    ``actual`` is the year-to-date value of that quarter (DESIGN §4.1), so ``sum`` indicators
    climb within a year and start again in TW1; ``achievement_capped`` is clipped to ``cap`` as
    in every aggregate.

    >>> perf = pd.DataFrame({"year": [2026, 2025], "quarter": [1, 4], "pillar": ["sosial"] * 2,
    ...     "opd_code": ["DINSOS"] * 2, "indicator_code": ["A"] * 2,
    ...     "indicator_name": ["Aa"] * 2, "unit": ["%"] * 2, "target": [10.0, 10.0],
    ...     "actual": [14.0, 9.0], "achievement_pct": [140.0, 90.0]})
    >>> indicator_trends(perf)[["period", "actual", "achievement_capped"]]
         period  actual  achievement_capped
    0  2025-TW4     9.0                90.0
    1  2026-TW1    14.0               120.0
    """
    rows = _select(performance, pillar=pillar, opd_code=opd_code)
    columns = ["year", "quarter", "pillar", "opd_code", "indicator_code", "indicator_name"]
    columns += ["unit", "target", "actual", "achievement_pct"]
    out = rows[columns].sort_values(["year", "quarter", "opd_code", "indicator_code"])
    out = with_period(out.reset_index(drop=True))
    return out.assign(achievement_capped=metrics.capped(out["achievement_pct"], cap))


def trend_table(trends: pd.DataFrame, *, value: str = "achievement_pct") -> pd.DataFrame:
    """Indicators (rows) × quarters (columns) of one column of :func:`indicator_trends`.

    >>> trends = pd.DataFrame({"period": ["2025-TW4", "2026-TW1"], "opd_code": ["X", "X"],
    ...     "indicator_code": ["A", "A"], "indicator_name": ["Aa", "Aa"], "actual": [9.0, 14.0]})
    >>> table = trend_table(trends, value="actual")
    >>> list(table.columns), table.index[0], table.iloc[0].tolist()
    (['2025-TW4', '2026-TW1'], ('X', 'A', 'Aa'), [9.0, 14.0])
    """
    return trends.pivot_table(
        index=["opd_code", "indicator_code", "indicator_name"],
        columns="period",
        values=value,
        aggfunc="first",
        sort=True,
    )


def quarterly_history(
    performance: pd.DataFrame,
    *,
    pillar: str | None = None,
    opd_code: str | None = None,
    catalogue: pd.DataFrame | None = None,
    cap: tuple[float, float] = config.ACHIEVEMENT_CAP,
) -> pd.DataFrame:
    """Return one row per quarter available of the figures of a pillar, an OPD, or both.

    Columns: ``year, quarter, period, n_indicators, n_reported`` (with an achievement),
    ``mean_achievement_all`` (capped mean of every reported indicator of that quarter: the level,
    whose indicator set may change), then the figures of :func:`metrics.regency_figure` over the
    selection against the same quarter last year (like-for-like: ``mean_achievement``,
    ``mean_achievement_prev``, ``change_points``, ``n_comparable``, ``n_improved``,
    ``n_worsened``, ``n_unchanged``; NaN or 0 where last year is not in the data).

    >>> perf = pd.DataFrame({"year": [2025, 2026], "quarter": [3, 3], "pillar": ["sosial"] * 2,
    ...     "opd_code": ["DINSOS"] * 2, "indicator_code": ["A"] * 2,
    ...     "indicator_name": ["Aa"] * 2, "unit": ["%"] * 2, "polarity": ["+"] * 2,
    ...     "actual": [9.0, 14.0], "achievement_pct": [90.0, 140.0]})
    >>> quarterly_history(perf, pillar="sosial")[["period", "mean_achievement_all", "change_points"]]
         period  mean_achievement_all  change_points
    0  2025-TW3                  90.0            NaN
    1  2026-TW3                 120.0           30.0
    """
    rows = _select(performance, pillar=pillar, opd_code=opd_code)
    level = (
        rows.assign(capped=metrics.capped(rows["achievement_pct"], cap))
        .groupby(["year", "quarter"], sort=True)
        .agg(
            n_indicators=("indicator_code", "size"),
            n_reported=("capped", "count"),
            mean_achievement_all=("capped", "mean"),
        )
        .reset_index()
    )
    keep = [
        "mean_achievement",
        "mean_achievement_prev",
        "change_points",
        "n_comparable",
        "n_improved",
        "n_worsened",
        "n_unchanged",
    ]
    figures = [
        metrics.regency_figure(
            metrics.yoy_indicators(rows, year=int(y), quarter=int(q), catalogue=catalogue),
            cap=cap,
        ).loc[0, keep]
        for y, q in zip(level["year"], level["quarter"], strict=True)
    ]
    like_for_like = pd.DataFrame(figures, columns=keep, index=level.index)
    out = with_period(pd.concat([level, like_for_like], axis=1))
    counts = ["n_comparable", "n_improved", "n_worsened", "n_unchanged"]
    return out.astype(dict.fromkeys(counts, int) | dict.fromkeys(keep[:3], float))


def history_chart(
    history: pd.DataFrame, trends: pd.DataFrame, *, lang: str = "id", cap: float = 120.0
) -> SVG:
    """Lines over the quarters: each indicator's capped achievement (thin), their mean (bold)."""
    periods = list(history["period"])
    x = {p: i for i, p in enumerate(periods)}
    with charts.plt.rc_context(charts.STYLE):
        fig, ax = charts.plt.subplots(figsize=(7.0, 3.2))
        for _, one in trends.groupby(["opd_code", "indicator_code"], sort=True):
            one = one[one["period"].isin(x)]
            ax.plot(
                one["period"].map(x),
                one["achievement_capped"],
                color=charts.PREVIOUS,
                linewidth=0.6,
                alpha=0.7,
            )
        ax.plot(
            range(len(periods)),
            history["mean_achievement_all"],
            color=charts.ACCENT,
            linewidth=2.0,
            marker="o",
            markersize=3,
            label=word("mean", lang),
        )
        ax.axhline(100, color="#52606d", linewidth=0.6, linestyle="--")
        ax.set_xticks(range(len(periods)), periods, rotation=45, ha="right")
        ax.set_ylim(0, cap + 5)
        ax.set_xlabel(word("period", lang))
        ax.set_ylabel(word("achievement", lang) + f" (≤ {cap:.0f})")
        ax.legend(loc="lower right", frameon=False, fontsize=7)
        return SVG(charts.to_svg(fig))
