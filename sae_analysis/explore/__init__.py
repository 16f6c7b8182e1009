"""Helpers of the researchers' notebooks in ``notebooks/explore/``: pillar and OPD deep-dives.

The figures come from :mod:`sae_analysis.metrics` (the same capped, like-for-like rules as the
report); these modules only select, reshape over all the quarters available, and draw, one concern
each: :mod:`.tables` (parameter checks, the quarter's tables), :mod:`.trends` (over the quarters),
:mod:`.contributions` (what moved a pillar), :mod:`.macro` (the region among the others),
:mod:`.budget` and :mod:`.opd` (one OPD), :mod:`.labels` (quarter names, chart words). Notebooks
call them as ``explore.<name>``.
"""

from sae_analysis.explore.budget import budget_chart, budget_history
from sae_analysis.explore.contributions import (
    contribution_chart,
    opd_contributions,
    pillar_yoy_chart,
)
from sae_analysis.explore.labels import period_label
from sae_analysis.explore.macro import macro_chart, macro_regions, pillar_macro
from sae_analysis.explore.opd import opd_issues, opd_name
from sae_analysis.explore.tables import Tables, check_one_opd, check_pillar, load, quarter_yoy
from sae_analysis.explore.trends import (
    history_chart,
    indicator_trends,
    quarterly_history,
    trend_table,
)

__all__ = [
    "Tables",
    "budget_chart",
    "budget_history",
    "check_one_opd",
    "check_pillar",
    "contribution_chart",
    "history_chart",
    "indicator_trends",
    "load",
    "macro_chart",
    "macro_regions",
    "opd_contributions",
    "opd_issues",
    "opd_name",
    "period_label",
    "pillar_macro",
    "pillar_yoy_chart",
    "quarter_yoy",
    "quarterly_history",
    "trend_table",
]
