"""The DESIGN §6 metrics, each rule written once; callers write ``metrics.<name>``.

Every public function is pure: it takes arrays or frames and returns new ones, so frames can be
chained with ``DataFrame.pipe``. Nothing is rounded for display and nothing is logged; callers
report the rows listed by :func:`achievement_issues` and the exclusions of :func:`exclusions`.

Modules: ``achievement`` (capaian, rating, the 0-120 cap), ``ytd`` (the year-to-date rule),
``yoy`` (change units, comparability, direction), ``yoy_table`` (the indicator YoY table),
``figures`` (pillar, OPD and regency figures, exclusions, top changes, shortcomings), ``budget``
(absorption), ``drivers`` (each indicator's part in a change), ``pace`` (a cumulative indicator against its schedule), ``macro`` (BPS indicators)
and ``bands`` (the rating bands and their reader), ``opd`` (the OPD x pillar matrix and the OPD
ranking) and ``completeness`` (which OPDs sent what).
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
from sae_analysis.metrics.completeness import STATUSES, completeness
from sae_analysis.metrics.drivers import change_drivers, pace_counts
from sae_analysis.metrics.figures import (
    exclusions,
    opd_scorecard,
    pillar_figures,
    regency_figure,
    shortcomings,
    top_changes,
)
from sae_analysis.metrics.macro import macro_options, macro_summary, peer_codes
from sae_analysis.metrics.opd import opd_pillar_matrix, opd_ranking
from sae_analysis.metrics.pace import (
    PACE_COLUMNS,
    PACE_STATUSES,
    PACE_TOLERANCE_POINTS,
    expected_share,
    pace_status,
)
from sae_analysis.metrics.yoy import (
    DEFAULT_TOLERANCE,
    IMPROVED,
    PERCENT_UNIT_PATTERN,
    UNCHANGED,
    WORSENED,
    YOY_REASONS,
    Tolerance,
    change_unit,
    compare_years,
    method_break,
)
from sae_analysis.metrics.yoy_table import yoy_indicators
from sae_analysis.metrics.ytd import year_to_date, year_to_date_values

__all__ = [
    "ACHIEVEMENT_ISSUES",
    "DEFAULT_BANDS",
    "DEFAULT_TOLERANCE",
    "IMPROVED",
    "NO_RATING_COLOUR",
    "PACE_COLUMNS",
    "PACE_STATUSES",
    "PACE_TOLERANCE_POINTS",
    "PERCENT_UNIT_PATTERN",
    "STATUSES",
    "UNCHANGED",
    "WORSENED",
    "YOY_REASONS",
    "Tolerance",
    "absorption_pct",
    "achievement",
    "achievement_issues",
    "add_achievement",
    "budget_absorption",
    "budget_yoy",
    "capped",
    "change_drivers",
    "change_unit",
    "compare_years",
    "completeness",
    "exclusions",
    "expected_share",
    "load_rating_bands",
    "macro_options",
    "macro_summary",
    "method_break",
    "opd_pillar_matrix",
    "opd_ranking",
    "opd_scorecard",
    "pace_counts",
    "pace_status",
    "peer_codes",
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
