"""What drove a change (issue 16, "words with numbers"): each indicator's part in a group's change.

A pillar's (an OPD's, the regency's) change in points is the change of the mean capped
achievement over its comparable indicators (:func:`sae_analysis.metrics.pillar_figures`). With
``n`` comparable indicators the mean moves by the sum of each one's own change divided by ``n``,
so that quotient is the indicator's *contribution*: the contributions of a group add up to its
``change_points`` exactly, and the largest ones are the indicators (and agencies) that drove it.
The words around these numbers are the report's (:mod:`sae_analysis.report.narrative`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sae_analysis import config
from sae_analysis.metrics.achievement import capped
from sae_analysis.metrics.pace import PACE_STATUSES

_SHOWN = ["opd_code", "indicator_code", "indicator_name", "achievement_prev", "achievement_pct"]


def change_drivers(
    yoy: pd.DataFrame,
    *,
    by: Sequence[str] = ("pillar",),
    n: int = 3,
    cap: tuple[float, float] = config.ACHIEVEMENT_CAP,
) -> pd.DataFrame:
    """The ``n`` comparable indicators that raised and the ``n`` that lowered each group's mean most.

    Parameters
    ----------
    yoy
        Output of :func:`~sae_analysis.metrics.yoy_indicators`.
    by
        The group columns (``("pillar",)``, ``("opd_code",)``; ``()`` for the regency as a whole).

    Returns
    -------
    The group columns, ``side`` (``up`` / ``down``), ``rank`` (1 = largest), opd_code,
    indicator_code, indicator_name, achievement_prev, achievement_pct, ``change_points`` (the
    indicator's own change of capped achievement) and ``contribution_points`` (its part of the
    group's change: own change / the group's comparable indicators). Indicators that did not
    move are in neither side. Ties go by opd_code, indicator_code.

    Examples
    --------
    Three comparable indicators of one pillar: the mean goes from 80 to 85, +5 points, of which
    A gives +20/3 = +6.67, C −5/3 = −1.67 and B nothing.

    >>> yoy = pd.DataFrame({"pillar": ["sosial"] * 3, "opd_code": ["DINSOS", "DINSOS", "DP3A"],
    ...     "indicator_code": ["A", "B", "C"], "indicator_name": ["A", "B", "C"],
    ...     "comparable": [True, True, True], "achievement_prev": [70.0, 80.0, 90.0],
    ...     "achievement_pct": [90.0, 80.0, 85.0]})
    >>> change_drivers(yoy)[["side", "indicator_code", "change_points", "contribution_points"]].round(2)
       side indicator_code  change_points  contribution_points
    0    up              A           20.0                 6.67
    1  down              C           -5.0                -1.67
    """
    by = list(by)
    rows = yoy[yoy["comparable"].astype(bool)]
    own = capped(rows["achievement_pct"], cap) - capped(rows["achievement_prev"], cap)
    groups = [rows[c] for c in by] if by else np.zeros(len(rows), dtype=int)
    size = rows.groupby(groups, sort=False, dropna=False)["indicator_code"].transform("size")
    rows = rows.assign(change_points=own, contribution_points=own / size)
    shown = [*by, *(c for c in _SHOWN if c in rows.columns and c not in by), "change_points"]
    shown.append("contribution_points")
    order = ["contribution_points", "opd_code", "indicator_code"]
    sides = []
    for side, kept, ascending in (("up", own > 0, False), ("down", own < 0, True)):
        picked = rows[kept].sort_values(order, ascending=[ascending, True, True], kind="stable")
        picked = picked.groupby(by, sort=True, dropna=False).head(n) if by else picked.head(n)
        sides.append(picked[shown].assign(side=side))
    out = pd.concat(sides, ignore_index=True)
    out = out.assign(rank=out.groupby([*by, "side"], dropna=False).cumcount() + 1)
    return out[[*by, "side", "rank", *shown[len(by) :]]]


def pace_counts(yoy: pd.DataFrame, *, by: Sequence[str] = ("pillar",)) -> pd.DataFrame:
    """How many indicators of each group have a pace, and how many are ahead, on track, behind.

    >>> yoy = pd.DataFrame({"pillar": ["sosial", "sosial", "ekonomi"],
    ...     "pace_status": ["behind", None, "ahead"]})
    >>> pace_counts(yoy)
        pillar  n_paced  n_ahead  n_on_track  n_behind
    0  ekonomi        1        1           0         0
    1   sosial        1        0           0         1
    """
    by = list(by)
    status = yoy["pace_status"].astype("str")
    parts = pd.DataFrame(
        {
            "n_paced": status.notna(),
            **{f"n_{s}": status.eq(s).fillna(False) for s in PACE_STATUSES},
        }
    )
    if not by:
        return parts.sum().astype(int).to_frame().T
    parts = parts.assign(**{c: yoy[c] for c in by})
    return parts.groupby(by, sort=True, dropna=False).sum().astype(int).reset_index()
