"""What moved a pillar against last year: each comparable indicator, each OPD's part."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from IPython.display import SVG

from sae_analysis import config, metrics, profile
from sae_analysis.explore.labels import word
from sae_analysis.report import charts


def pillar_yoy_chart(
    yoy: pd.DataFrame, *, lang: str = "id", cap: tuple[float, float] = config.ACHIEVEMENT_CAP
) -> SVG:
    """One panel per pillar with indicators: each comparable indicator's capped achievement last
    year (x) against this year (y); above the diagonal it did better than last year.

    Pillars without indicators (one OPD's run) get no panel. One figure whose panels share their
    axes: notebook 02 runs on every report, and the tick labels are most of a chart's cost (five
    panels with axes of their own took 0.6 s on the sample, shared ones 0.2 s; the report's
    per-pillar bar charts of every indicator 1.8 s).
    """
    shown = [code for code in config.PILLARS if (yoy["pillar"] == code).any()]
    ticks = [t for t in (0, 50, 100) if cap[0] <= t <= cap[1]]
    with charts.plt.rc_context(charts.STYLE):
        fig, axes = charts.plt.subplots(
            1,
            max(len(shown), 1),
            figsize=(1.2 + 1.4 * max(len(shown), 1), 2.0),
            sharex=True,
            sharey=True,
            squeeze=False,
        )
        for ax, code in zip(axes[0], shown, strict=False):
            rows = yoy[(yoy["pillar"] == code) & yoy["comparable"].astype(bool)]
            ax.plot(cap, cap, color=charts.PREVIOUS, linewidth=0.6, linestyle="--")
            ax.scatter(
                metrics.capped(rows["achievement_prev"], cap),
                metrics.capped(rows["achievement_pct"], cap),
                color=charts.ACCENT,
                s=7,
            )
            label = profile.active().short_label(code, lang)
            ax.set_title(f"{textwrap.fill(label, 18)} ({len(rows)})", fontsize=7)
        axes[0][0].set_xticks(ticks)
        axes[0][0].set_yticks(ticks)
        axes[0][0].set_xlim(cap[0], cap[1] + 5)
        axes[0][0].set_ylim(cap[0], cap[1] + 5)
        axes[0][0].set_ylabel(word("achievement_now", lang), fontsize=6.5)
        axes[0][0].set_xlabel(word("achievement_prev", lang), fontsize=6.5, loc="left")
        if not shown:
            axes[0][0].text(sum(cap) / 2, sum(cap) / 2, word("no_comparable", lang), ha="center")
        return SVG(charts.to_svg(fig))


def opd_contributions(
    yoy: pd.DataFrame,
    *,
    pillar: str,
    cap: tuple[float, float] = config.ACHIEVEMENT_CAP,
    bands: pd.DataFrame | None = None,
    lang: str = "id",
) -> pd.DataFrame:
    """Split a pillar's mean achievement and its change into the parts each OPD contributes.

    The pillar mean is the mean over its comparable indicators, so it is the sum over OPDs of
    ``weight`` (the OPD's share of those indicators) × the OPD's mean: ``contribution`` and
    ``contribution_change`` add up to the pillar's ``mean_achievement`` and ``change_points``.
    Columns: those of :func:`metrics.opd_scorecard`, then ``weight``, ``contribution``,
    ``contribution_change``; sorted from the largest fall in contribution up.

    >>> yoy = pd.DataFrame({"pillar": ["sosial"] * 3, "opd_code": ["A", "A", "B"],
    ...     "comparable": [True, True, True], "achievement_pct": [100.0, 80.0, 60.0],
    ...     "achievement_prev": [90.0, 80.0, 90.0],
    ...     "direction": ["membaik", "tetap", "memburuk"], "reason": [None, None, None]})
    >>> c = opd_contributions(yoy, pillar="sosial")
    >>> c[["opd_code", "weight", "contribution", "contribution_change"]].round(2)
      opd_code  weight  contribution  contribution_change
    0        B    0.33          20.0               -10.00
    1        A    0.67          60.0                 3.33
    """
    rows = yoy[yoy["pillar"] == pillar]
    scores = metrics.opd_scorecard(rows, cap=cap, bands=bands, lang=lang)
    total = scores["n_comparable"].sum()
    weight = scores["n_comparable"] / total if total else scores["n_comparable"] * np.nan
    out = scores.assign(
        weight=weight,
        contribution=weight * scores["mean_achievement"].fillna(0),
        contribution_change=weight * scores["change_points"].fillna(0),
    )
    return out.sort_values(["contribution_change", "opd_code"], ignore_index=True)


def contribution_chart(contributions: pd.DataFrame, *, lang: str = "id") -> SVG:
    """Horizontal bars of each OPD's contribution to the pillar's change (points)."""
    with charts.plt.rc_context(charts.STYLE):
        height = max(1.6, 0.25 * len(contributions) + 0.8)
        fig, ax = charts.plt.subplots(figsize=(6.0, height))
        values = contributions["contribution_change"].to_numpy(dtype=float)
        colours = [charts.ACCENT if v >= 0 else "#c0392b" for v in values]
        y = np.arange(len(contributions))
        ax.barh(y, values, color=colours, height=0.6)
        ax.set_yticks(y, list(contributions["opd_code"]))
        ax.axvline(0, color="#52606d", linewidth=0.6)
        ax.set_xlabel(word("contribution", lang))
        return SVG(charts.to_svg(fig))
