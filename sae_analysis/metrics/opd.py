"""Figures that compare the OPDs: the OPD × pillar matrix and the OPD ranking.

Where DESIGN is silent: the matrix is the mean *capped* achievement (:func:`capped`, DESIGN §6) of
every indicator an OPD answers for in a pillar, comparable with last year or not, so it shows this
quarter's standing; the ranking orders the OPDs by their scorecard's ``mean_achievement`` (capped,
like-for-like), best first, ties and missing figures by ``opd_code``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sae_analysis import config
from sae_analysis.metrics.achievement import capped

#: Budget columns the ranking shows beside each OPD's figures.
RANKING_BUDGET_COLUMNS = ["absorption_pct", "physical_pct", "gap_pp"]


def opd_pillar_matrix(
    yoy: pd.DataFrame,
    *,
    pillars: Sequence[str] = config.PILLARS,
    cap: tuple[float, float] = config.ACHIEVEMENT_CAP,
) -> pd.DataFrame:
    """Return the mean capped achievement, one row per OPD and one column per pillar.

    Columns follow ``pillars`` (the profile's order) and only pillars with indicators appear; a
    pillar an OPD has no indicator in is NaN. Indicators whose achievement is undefined are left out
    of the mean.

    >>> yoy = pd.DataFrame({"opd_code": ["DINKES", "DINKES", "DINKES", "DINSOS", "DINSOS"],
    ...     "pillar": ["sosial", "sosial", "pemerintahan", "sosial", "ekonomi"],
    ...     "achievement_pct": [150.0, 80.0, None, 70.0, 90.0]})
    >>> opd_pillar_matrix(yoy).to_dict("index")
    {'DINKES': {'ekonomi': nan, 'sosial': 100.0}, 'DINSOS': {'ekonomi': 90.0, 'sosial': 70.0}}
    """
    shown = yoy.assign(capped=capped(yoy["achievement_pct"], cap))
    matrix = shown.pivot_table(index="opd_code", columns="pillar", values="capped", aggfunc="mean")
    return matrix.reindex(columns=[p for p in pillars if p in matrix.columns])


def opd_ranking(scores: pd.DataFrame, *, budget: pd.DataFrame) -> pd.DataFrame:
    """Return the OPD scorecard ranked best first, with each OPD's budget absorption beside it.

    ``scores`` is :func:`opd_scorecard`'s frame, ``budget`` :func:`budget_yoy`'s (or
    :func:`budget_absorption`'s) by ``opd_code``. Adds ``absorption_pct``, ``physical_pct``,
    ``gap_pp`` and ``rank`` (1 = highest ``mean_achievement``; ties and OPDs without a figure go by
    ``opd_code``, the latter last).

    >>> scores = pd.DataFrame({"opd_code": ["A", "B", "C"], "mean_achievement": [90.0, None, 95.0]})
    >>> budget = pd.DataFrame({"opd_code": ["A", "C"], "absorption_pct": [70.0, 60.0],
    ...     "physical_pct": [75.0, 50.0], "gap_pp": [5.0, -10.0]})
    >>> opd_ranking(scores, budget=budget)[["rank", "opd_code", "mean_achievement", "gap_pp"]]
       rank opd_code  mean_achievement  gap_pp
    2     1        C              95.0   -10.0
    0     2        A              90.0     5.0
    1     3        B               NaN     NaN
    """
    ranking = scores.merge(
        budget[["opd_code", *RANKING_BUDGET_COLUMNS]], on="opd_code", how="left"
    ).sort_values(["mean_achievement", "opd_code"], ascending=[False, True], na_position="last")
    return ranking.assign(rank=range(1, len(ranking) + 1))
