"""Pace (issue 16): is a cumulative indicator where its schedule says it should be at TW q?

The Permendagri 86/2017 rating compares the year to date with the annual target, so at TW III a
``sum`` indicator at 880 of 2,724 is "Sangat Rendah" (32.3 %) whether or not its schedule
expected more by now. The pace says how far the share of the annual target reached so far is
from the share expected at the quarter. The rating itself is unchanged; the pace stands beside it.

Rules (DESIGN is silent on pace; the decisions are written here):

- Only ``sum`` (cumulative) indicators with a point target above 0 have a pace. ``last``
  indicators (rates, indices) stand alone each quarter, and a range target has no share; their
  pace is empty (NaN / None), never a guess.
- The *expected share* at TW q is the agency's own schedule when its form carried quarterly
  targets: the cumulative quarterly target to date (``target_tw`` of ``performance.parquet``,
  TW1+…+TWq) over the annual target. Without quarterly targets (``target_tw`` missing), it is
  q/4: a linear year (25, 50, 75, 100 %).
- The *actual share* is the year to date over the annual target (× 100).
- The *gap* (points) is oriented so that positive is better: actual − expected for polarity
  ``+``; expected − actual for ``-`` (a cumulative count that should stay low, such as road
  accidents: using the yearly ceiling faster than the schedule is behind). ``=`` has no pace.
- Status: ``ahead`` (*di depan*) above +5 points, ``behind`` (*tertinggal*) below −5 points,
  ``on_track`` (*sesuai jadwal*) within ±5 points (the bound included). Why 5: it is one fifth
  of a quarter's share of a linear year (25 points), about 18 days of work, so a report cut a
  fortnight early or a batch booked a few days late does not flip the status, while a month's
  slip (8.3 points) does. It is :data:`PACE_TOLERANCE_POINTS`; callers may pass their own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sae_analysis.metrics._base import ArrayLike, as_float, as_text, labels, size_of

#: The pace statuses, best first (their words: ``pace`` section of the message catalogue).
PACE_STATUSES: tuple[str, ...] = ("ahead", "on_track", "behind")

#: A gap within this many points of the schedule (either way, bound included) is ``on_track``.
PACE_TOLERANCE_POINTS = 5.0

#: The columns :func:`pace_status` returns (and ``yoy_indicators`` carries), in order.
PACE_COLUMNS = [
    "expected_share_pct",
    "actual_share_pct",
    "pace_gap_points",
    "pace_status",
    "pace_label",
]


def _size(*values: object) -> int:
    """The number of rows of the arguments: the length of the first that is not a scalar."""
    for value in values:
        if np.ndim(np.asarray(value, dtype=object)) > 0:
            return size_of(value)  # type: ignore[arg-type]
    return 1


def expected_share(
    quarter: ArrayLike, *, target: ArrayLike, target_tw: ArrayLike | None = None
) -> np.ndarray:
    """The share of the annual target (%) expected by TW ``quarter``: the cumulative quarterly
    target over the annual one when there is one, else ``quarter / 4``.

    >>> expected_share([3, 3, 2], target=[2724, 400, 100], target_tw=[None, 320, None])
    array([75., 80., 50.])
    """
    size = _size(quarter, target)
    q = as_float(quarter, size)
    annual = as_float(target, size)
    scheduled = as_float(target_tw, size)
    with np.errstate(divide="ignore", invalid="ignore"):
        own = np.where(annual > 0, scheduled / annual * 100, np.nan)
    return np.where(np.isnan(own), q / 4 * 100, own)


def pace_status(
    actual: ArrayLike,
    *,
    target: ArrayLike,
    quarter: ArrayLike,
    accumulation: object = "sum",
    polarity: object = "+",
    target_tw: ArrayLike | None = None,
    tolerance: float = PACE_TOLERANCE_POINTS,
    lang: str = "id",
) -> pd.DataFrame:
    """The pace of each value against its schedule: expected and actual share, gap, status.

    Parameters
    ----------
    actual
        The year to date at TW ``quarter`` (``performance.actual``).
    target
        The annual target (NaN for a range target: no pace).
    quarter
        The quarter of the value, 1-4 (a scalar or one per row).
    accumulation, polarity
        Per row or one for all; only ``sum`` with polarity ``+`` or ``-`` has a pace.
    target_tw
        The cumulative quarterly target to date when the form carried quarterly targets, else
        NaN (``performance.target_tw``); without it the schedule is linear (q/4).

    Returns
    -------
    One row per value, columns :data:`PACE_COLUMNS`: ``expected_share_pct``,
    ``actual_share_pct``, ``pace_gap_points`` (positive is better), ``pace_status`` (one of
    :data:`PACE_STATUSES`) and ``pace_label`` (its words in ``lang``); empty where there is no pace.

    Examples
    --------
    The worked example of issue 16: at TW III, 880 of an annual 2,724 is 32.3 % of the target
    where a linear year expects 75 %: 42.7 points behind. The second row is on its own schedule
    (320 of 400 due by TW III: 80 %) and at 300 is 5 points short: still on track. The third is
    a rate: no pace.

    >>> pace = pace_status([880, 300, 71.5], target=[2724, 400, 80], quarter=3,
    ...     accumulation=["sum", "sum", "last"], target_tw=[None, 320, None])
    >>> pace[["expected_share_pct", "actual_share_pct", "pace_gap_points"]].round(1)
       expected_share_pct  actual_share_pct  pace_gap_points
    0                75.0              32.3            -42.7
    1                80.0              75.0             -5.0
    2                 NaN               NaN              NaN
    >>> pace[["pace_status", "pace_label"]]
      pace_status     pace_label
    0      behind     tertinggal
    1    on_track  sesuai jadwal
    2         NaN            NaN
    """
    size = _size(actual, target, quarter)
    value = as_float(actual, size)
    annual = as_float(target, size)
    sign = pd.Series(as_text(polarity, size)).map({"+": 1.0, "-": -1.0}).to_numpy(dtype=float)
    paced = (as_text(accumulation, size) == "sum") & ~np.isnan(sign) & (annual > 0)
    paced &= ~np.isnan(value)
    expected = np.where(paced, expected_share(quarter, target=target, target_tw=target_tw), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(paced, value / annual * 100, np.nan)
    gap = sign * (share - expected)
    # Rounding keeps a gap printed as "-5,0" on the side of the tolerance it is printed as.
    rounded = np.round(gap, 9)
    status = np.select(
        [rounded > tolerance, rounded < -tolerance, ~np.isnan(rounded)],
        ["ahead", "behind", "on_track"],
        "",
    ).astype(object)
    status[status == ""] = None
    status_s = pd.Series(status, dtype="str")
    return pd.DataFrame(
        {
            "expected_share_pct": expected,
            "actual_share_pct": share,
            "pace_gap_points": gap,
            "pace_status": status_s,
            "pace_label": status_s.map(labels(PACE_STATUSES, "pace", lang)),
        }
    )
