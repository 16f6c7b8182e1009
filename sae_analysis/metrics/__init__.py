"""The DESIGN §6 metrics, each rule written once; callers write ``metrics.<name>``.

Every public function is pure: it takes arrays or frames and returns new ones, so frames can be
chained with ``DataFrame.pipe``. Nothing is rounded for display and nothing is logged; callers
report the rows listed by :func:`achievement_issues` and the exclusions of :func:`exclusions`.

Modules: ``achievement`` (capaian, rating, the 0-120 cap), ``ytd`` (the year-to-date rule),
``yoy`` (change units, comparability, direction), ``figures`` (pillar, OPD and regency figures,
exclusions, top changes, shortcomings), ``budget`` (absorption), ``macro`` (BPS indicators) and
``bands`` (the rating bands and their reader).
"""

from sae_analysis.metrics.achievement import (
    ACHIEVEMENT_ISSUES,
    achievement,
    achievement_issues,
    add_achievement,
    capped,
    rate,
    rating_colour,
)
from sae_analysis.metrics.bands import DEFAULT_BANDS, NO_RATING_COLOUR, load_rating_bands
from sae_analysis.metrics.budget import absorption_pct, budget_absorption, budget_yoy
from sae_analysis.metrics.figures import (
    exclusions,
    opd_scorecard,
    pillar_figures,
    regency_figure,
    shortcomings,
    top_changes,
)
from sae_analysis.metrics.macro import macro_summary
from sae_analysis.metrics.yoy import (
    IMPROVED,
    PERCENT_UNIT_PATTERN,
    UNCHANGED,
    WORSENED,
    YOY_REASONS,
    change_unit,
    compare_years,
    method_break,
    yoy_indicators,
)
from sae_analysis.metrics.ytd import year_to_date, year_to_date_values

__all__ = [
    "ACHIEVEMENT_ISSUES",
    "DEFAULT_BANDS",
    "IMPROVED",
    "NO_RATING_COLOUR",
    "PERCENT_UNIT_PATTERN",
    "UNCHANGED",
    "WORSENED",
    "YOY_REASONS",
    "absorption_pct",
    "achievement",
    "achievement_issues",
    "add_achievement",
    "budget_absorption",
    "budget_yoy",
    "capped",
    "change_unit",
    "compare_years",
    "exclusions",
    "load_rating_bands",
    "macro_summary",
    "method_break",
    "opd_scorecard",
    "pillar_figures",
    "rate",
    "rating_colour",
    "regency_figure",
    "shortcomings",
    "top_changes",
    "year_to_date",
    "year_to_date_values",
    "yoy_indicators",
]
