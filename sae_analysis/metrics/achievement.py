"""Achievement (capaian), its rating (predikat) and the 0-120 cap for aggregation (DESIGN §6).

Every public function is pure: it takes arrays or frames and returns new ones, so frames can be
chained with ``DataFrame.pipe``. Nothing here is rounded for display and nothing is logged; callers
report the rows listed by :func:`achievement_issues`.

Conventions (Permendagri 86/2017, evaluation of the Renja / LKjIP practice) where DESIGN is silent:

- targets are positive numbers (every E.81 indicator has one); a target of 0 is handled explicitly;
- the rating is taken on the achievement rounded to 2 decimals, the precision of the report, so
  that a capaian printed as ``91,00`` is never rated *Tinggi* because of a float residue;
- the lowest rating band is open below (a ``-`` indicator can score under 0).
"""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import pandas as pd

from sae_analysis import config
from sae_analysis.metrics._base import (
    ArrayLike,
    as_float,
    as_text,
    band_label_column,
    labels,
    size_of,
)
from sae_analysis.metrics.bands import DEFAULT_BANDS, NO_RATING_COLOUR

#: Why an achievement is undefined, in the order the rows are checked (the first that applies is
#: the row's ``issue``). Their messages are the ``achievement_issues`` section of the message catalogue.
ACHIEVEMENT_ISSUES: tuple[str, ...] = (
    "missing_actual",
    "missing_target",
    "unknown_polarity",
    "zero_target",
)


# --------------------------------------------------------------------------- achievement


def _achievement_parts(
    actual: ArrayLike,
    target: ArrayLike | None,
    polarity: object,
    target_low: ArrayLike | None,
    target_high: ArrayLike | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return (achievement, reason code or None) for every row."""
    size = size_of(actual)
    r = as_float(actual, size)
    t = as_float(target, size)
    low = as_float(target_low, size)
    high = as_float(target_high, size)
    pol = as_text(polarity, size)

    has_range = ~np.isnan(low) & ~np.isnan(high)
    inside = has_range & (r >= low) & (r <= high)
    # Outside a range, the nearer bound plays the role of the point target.
    t_ref = np.where(has_range, np.where(r < low, low, high), t)
    zero = t_ref == 0
    safe_t = np.where(zero | np.isnan(t_ref), 1.0, t_ref)
    hit_zero = np.where(r == 0, 100.0, 0.0)

    with np.errstate(over="ignore", invalid="ignore"):
        plus = np.where(zero, np.nan, r / safe_t * 100)
        minus = np.where(zero, hit_zero, (2 * safe_t - r) / safe_t * 100)
        equal = np.where(zero, hit_zero, 100 - np.abs(r - safe_t) / np.abs(safe_t) * 100)
    value = np.select([pol == "+", pol == "-", pol == "="], [plus, minus, equal], np.nan)
    value = np.where(inside, 100.0, value)
    value = np.where(np.isnan(r) | np.isnan(t_ref), np.nan, value)

    known = np.isin(pol, ["+", "-", "="])
    reason = np.select(
        [np.isnan(r), np.isnan(t_ref), ~known, zero & (pol == "+")],
        list(ACHIEVEMENT_ISSUES),
        "",
    ).astype(object)
    reason[reason == ""] = None
    return value, reason


def achievement(
    actual: ArrayLike,
    target: ArrayLike | None,
    *,
    polarity: object,
    target_low: ArrayLike | None = None,
    target_high: ArrayLike | None = None,
) -> np.ndarray | pd.Series:
    """Return the achievement (capaian, %) of actuals against targets, by polarity.

    Parameters
    ----------
    actual, target
        Realisation R and point target T (scalars, arrays or Series of one length).
    polarity
        ``'+'`` higher is better: R/T×100; ``'-'`` lower is better: (2T−R)/T×100;
        ``'='`` on target is best: 100 − |R−T|/T×100. A scalar or one value per row.
    target_low, target_high
        A range target [L, H] (both filled; ``target`` is then ignored): inside → 100; outside, T is
        the nearer bound and the polarity formula applies.

    Returns
    -------
    Values as computed (no capping; aggregation caps). A Series on the index of ``actual`` when
    ``actual`` is a Series, else an array. NaN where undefined: missing R or T, unknown polarity,
    and T = 0 for ``'+'``; T = 0 for ``'-'`` and ``'='`` gives 100 when R = 0 else 0.
    See :func:`achievement_issues` for the reasons.

    Examples
    --------
    >>> achievement([6.5, 9], [7, 8], polarity="-").round(2)
    array([107.14,  87.5 ])
    >>> achievement([80, 72, 73], None, polarity="+", target_low=72.28, target_high=73.77).round(2)
    array([108.45,  99.61, 100.  ])
    >>> achievement([0, 3, 3], [0, 0, 0], polarity=["-", "-", "+"])
    array([100.,   0.,  nan])
    """
    value, _ = _achievement_parts(actual, target, polarity, target_low, target_high)
    if isinstance(actual, pd.Series):
        return pd.Series(value, index=actual.index, name="achievement_pct")
    return value


def _target_used(performance: pd.DataFrame) -> pd.Series:
    """Quarterly target when the submission carried one (``target_tw``), else the annual one."""
    if "target_tw" in performance.columns:
        return performance["target_tw"].astype(float).fillna(performance["target"].astype(float))
    return performance["target"].astype(float)


def _range_col(performance: pd.DataFrame, name: str) -> pd.Series | None:
    return performance[name] if name in performance.columns else None


def achievement_issues(performance: pd.DataFrame, *, lang: str = "id") -> pd.DataFrame:
    """Return the rows whose achievement is undefined, with a reason code and a message.

    The target used is ``target_tw`` when present (quarterly target), else ``target``. Columns: the
    frame's identity columns that exist among year, quarter, opd_code, indicator_code,
    source_file, source_sheet, source_row, then ``issue`` (one of :data:`ACHIEVEMENT_ISSUES`) and ``message``.

    >>> df = pd.DataFrame({"indicator_code": ["A", "B", "C"], "actual": [5.0, None, 3.0],
    ...                    "target": [10.0, 10.0, 0.0], "polarity": ["+", "+", "+"]})
    >>> achievement_issues(df)[["indicator_code", "issue"]]
      indicator_code           issue
    1              B  missing_actual
    2              C     zero_target
    """
    _, reason = _achievement_parts(
        performance["actual"],
        _target_used(performance),
        performance["polarity"],
        _range_col(performance, "target_low"),
        _range_col(performance, "target_high"),
    )
    ids = [
        c
        for c in (
            "year",
            "quarter",
            "opd_code",
            "indicator_code",
            "source_file",
            "source_sheet",
            "source_row",
        )
        if c in performance.columns
    ]
    issue = pd.Series(reason, index=performance.index, dtype="str")
    has = issue.notna()
    out = performance.loc[has, ids].assign(issue=issue[has])
    return out.assign(
        message=out["issue"].map(labels(ACHIEVEMENT_ISSUES, "achievement_issues", lang))
    )


# --------------------------------------------------------------------------- rating


def rate(
    achievement_pct: ArrayLike, *, bands: pd.DataFrame = DEFAULT_BANDS, lang: str = "id"
) -> pd.Series:
    """Return the rating (predikat) of each achievement: the band whose lower bound it reaches.

    The achievement is rounded to 2 decimals first (the precision shown); the lowest band is open
    below; NaN stays missing. The result keeps the index of a Series input.

    >>> rate([91, 90.99, 51, 50.99, 130, None]).tolist()
    ['Sangat Tinggi', 'Tinggi', 'Rendah', 'Sangat Rendah', 'Sangat Tinggi', nan]
    >>> rate([80], lang="en").tolist()
    ['High']
    """
    column = band_label_column(lang)
    ordered = bands.sort_values("lower_bound", ignore_index=True)
    bounds = ordered["lower_bound"].to_numpy(dtype=float, copy=True)
    bounds[0] = -np.inf
    x = np.round(as_float(achievement_pct, size_of(achievement_pct)), 2)
    position = np.clip(np.searchsorted(bounds, x, side="right") - 1, 0, None)
    rated = ordered[column].to_numpy(dtype=object)[position]
    rated[np.isnan(x)] = None
    index = achievement_pct.index if isinstance(achievement_pct, pd.Series) else None
    return pd.Series(rated, index=index, dtype="str", name="rating")


def rating_colour(
    label: str | pd.Series | None, bands: pd.DataFrame = DEFAULT_BANDS
) -> str | pd.Series:
    """Return the colour of a rating label (either language); unknown or missing → grey.

    >>> rating_colour("Tinggi"), rating_colour("Very low"), rating_colour(None)
    ('#91cf60', '#d73027', '#bdbdbd')
    """
    lookup = dict(zip(bands["label"], bands["colour"], strict=True))
    lookup.update(zip(bands["label_en"], bands["colour"], strict=True))
    if isinstance(label, pd.Series):
        return label.map(lookup).fillna(NO_RATING_COLOUR).astype("str")
    return lookup.get(label, NO_RATING_COLOUR) if isinstance(label, str) else NO_RATING_COLOUR


def add_achievement(
    performance: pd.DataFrame, *, bands: pd.DataFrame = DEFAULT_BANDS, lang: str = "id"
) -> pd.DataFrame:
    """Return ``performance`` with ``achievement_pct`` and ``rating`` (re)computed.

    Uses actual, target (``target_tw`` when a quarterly target was used), target_low, target_high
    and polarity. Rows whose achievement is undefined get NaN and no rating; list them with
    :func:`achievement_issues`.

    >>> df = pd.DataFrame({"actual": [6.5, 9.0], "target": [7.0, 8.0], "polarity": ["-", "-"]})
    >>> add_achievement(df).round(2)
       actual  target polarity  achievement_pct         rating
    0     6.5     7.0        -           107.14  Sangat Tinggi
    1     9.0     8.0        -            87.50         Tinggi
    """
    pct = achievement(
        performance["actual"],
        _target_used(performance),
        polarity=performance["polarity"],
        target_low=_range_col(performance, "target_low"),
        target_high=_range_col(performance, "target_high"),
    )
    return performance.assign(achievement_pct=pct, rating=rate(pct, bands=bands, lang=lang))


# --------------------------------------------------------------------------- the cap

_Capped = TypeVar("_Capped", pd.Series, np.ndarray, float)


def capped(values: _Capped, cap: tuple[float, float] = config.ACHIEVEMENT_CAP) -> _Capped:
    """Return achievements clipped to ``cap`` (DESIGN §6: default [0, 120]) for aggregation.

    Kept values stay as computed; only means, changes and rankings use the capped ones, so one
    outlier cannot carry a pillar. NaN stays NaN.

    >>> capped(pd.Series([-5.0, 87.5, 250.0, None])).tolist()
    [0.0, 87.5, 120.0, nan]
    >>> float(capped(133.3))
    120.0
    """
    low, high = cap
    return np.clip(values, low, high)
