"""One OPD's budget over the quarters: absorption and physical progress, table and chart."""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import SVG

from sae_analysis import metrics
from sae_analysis.explore.labels import with_period, word
from sae_analysis.report import charts


def budget_history(budget: pd.DataFrame, *, opd_code: str) -> pd.DataFrame:
    """Budget absorption and physical progress of one OPD at every quarter available.

    >>> b = pd.DataFrame({"year": [2026, 2026], "quarter": [1, 2], "opd_code": ["X", "X"],
    ...     "ceiling": [100.0, 100.0], "spent": [20.0, 45.0], "physical_pct": [25.0, 50.0]})
    >>> budget_history(b, opd_code="X")[["period", "absorption_pct", "gap_pp"]]
         period  absorption_pct  gap_pp
    0  2026-TW1            20.0     5.0
    1  2026-TW2            45.0     5.0
    """
    return with_period(
        metrics.budget_absorption(budget[budget["opd_code"] == opd_code], by=("opd_code",))
    )


def budget_chart(history: pd.DataFrame, *, lang: str = "id") -> SVG:
    """Lines over the quarters: budget absorption and physical progress (%)."""
    with charts.plt.rc_context(charts.STYLE):
        fig, ax = charts.plt.subplots(figsize=(7.0, 2.8))
        x = np.arange(len(history))
        ax.plot(
            x, history["absorption_pct"], color=charts.ACCENT, marker="o", markersize=3,
            label=word("absorption", lang),
        )  # fmt: skip
        ax.plot(
            x, history["physical_pct"], color=charts.PREVIOUS, marker="s", markersize=3,
            label=word("physical", lang),
        )  # fmt: skip
        ax.set_xticks(x, list(history["period"]), rotation=45, ha="right")
        ax.set_ylim(0, 105)
        ax.set_xlabel(word("period", lang))
        ax.set_ylabel("%")
        ax.legend(loc="upper left", frameon=False, fontsize=7)
        return SVG(charts.to_svg(fig))
