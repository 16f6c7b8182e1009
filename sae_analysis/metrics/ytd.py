"""The year-to-date rule (DESIGN §4.1): the value to date at each quarter from each quarter's own.

The clean (``sae_analysis.clean.rules``) runs :func:`year_to_date_values` for the performance
actuals and the budget's spent to date; :func:`year_to_date` is the same rule at one quarter of a
frame, with the quarters that are missing named.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sae_analysis.metrics._base import as_text

QUARTERS = (1, 2, 3, 4)


def year_to_date_values(quarterly: np.ndarray, *, last: np.ndarray) -> np.ndarray:
    """Return the year-to-date value at every quarter from the quarters' own values.

    Parameters
    ----------
    quarterly
        Rows × quarters (TW1, TW2, …): each quarter's own value as submitted, NaN where empty.
    last
        One boolean per row: True for a ``last`` indicator (the year to date at TW q is the latest
        value reported up to TW q, e.g. a rate or an index), False for ``sum`` (TW1+…+TWq, e.g.
        people served; budget Rp columns are always ``sum``).

    Returns
    -------
    A float matrix of the shape of ``quarterly``. An empty quarter is not reported, never imputed:
    ``sum`` adds the quarters reported up to q (it can only understate), ``last`` carries the
    latest one forward; NaN until a first quarter is reported.

    Examples
    --------
    People served (``sum``) 120, 80 and 95 in TW1..TW3, and a rate (``last``) of 70, then 72, then
    nothing in TW3:

    >>> quarterly = np.array([[120.0, 80.0, 95.0, np.nan], [70.0, 72.0, np.nan, np.nan]])
    >>> year_to_date_values(quarterly, last=np.array([False, True]))
    array([[120., 200., 295., 295.],
           [ 70.,  72.,  72.,  72.]])

    An empty TW1 gives no value at TW1; an empty TW3 is not counted as 0 nor guessed:

    >>> year_to_date_values(np.array([[np.nan, 10.0, np.nan, 5.0]]), last=np.array([False]))
    array([[nan, 10., 10., 15.]])
    """
    filled = ~np.isnan(quarterly)
    cumulative = np.where(
        filled.cumsum(axis=1) > 0, np.nan_to_num(quarterly).cumsum(axis=1), np.nan
    )
    carried = pd.DataFrame(quarterly).ffill(axis=1).to_numpy()
    return np.where(last[:, None], carried, cumulative)


def year_to_date(
    quarterly: pd.DataFrame, *, accumulation: str | pd.Series | Sequence[str], quarter: int
) -> pd.DataFrame:
    """Return the year-to-date value at TW ``quarter`` from the quarter columns ``k_tw1..k_tw4``.

    Parameters
    ----------
    quarterly
        A frame with ``k_tw1`` .. ``k_tw<quarter>`` (each quarter's own value as submitted).
    accumulation
        ``'sum'`` (year to date = TW1+…+TWq) or ``'last'`` (the latest value reported up to TWq);
        a scalar or one value per row.
    quarter
        The quarter of the report, 1..4.

    Returns
    -------
    A frame on the index of ``quarterly`` with ``actual`` (:func:`year_to_date_values` at TW
    ``quarter``), ``ytd_complete`` and ``missing_quarters`` (e.g. ``'TW2'``, missing when nothing
    is missing). For ``sum`` every empty quarter among TW1..TWq makes the value incomplete; for
    ``last`` only an empty TWq does (the value is then stale).

    Examples
    --------
    >>> q = pd.DataFrame({"k_tw1": [10.0, 70.0], "k_tw2": [None, 72.0], "k_tw3": [5.0, None]})
    >>> year_to_date(q, accumulation=["sum", "last"], quarter=3)
       actual  ytd_complete missing_quarters
    0    15.0         False              TW2
    1    72.0         False              TW3
    """
    if quarter not in QUARTERS:
        raise ValueError(f"quarter must be 1..4, got {quarter!r}")
    columns = [f"k_tw{i}" for i in range(1, quarter + 1)]
    values = quarterly[columns].apply(pd.to_numeric).to_numpy(dtype=float, na_value=np.nan)
    mode = as_text(accumulation, len(quarterly))
    unknown = ~np.isin(mode, ["sum", "last"])
    if unknown.any():
        raise ValueError(f"unknown accumulation {sorted(set(map(str, mode[unknown])))}")
    is_last = mode == "last"
    empty = np.isnan(values)
    # Which empty quarters change the result: all of them for sum, only TWq for last.
    matters = np.where(is_last[:, None], empty & (np.arange(quarter) == quarter - 1), empty)
    missing = pd.Series("", index=quarterly.index, dtype="str")
    for i in range(quarter):
        missing = missing + np.where(matters[:, i], f"TW{i + 1},", "")
    missing = missing.str.rstrip(",")
    return pd.DataFrame(
        {
            "actual": year_to_date_values(values, last=is_last)[:, quarter - 1],
            "ytd_complete": ~matters.any(axis=1),
            "missing_quarters": missing.mask(missing.eq("")),
        },
        index=quarterly.index,
    )
