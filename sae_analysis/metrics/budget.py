"""Budget (DESIGN §6): absorption (spent / ceiling) and physical progress, and their YoY change."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sae_analysis.metrics._base import ArrayLike, require


def absorption_pct(spent: ArrayLike, ceiling: ArrayLike) -> np.ndarray:
    """Return the budget absorption, spent / ceiling × 100; NaN when the ceiling is 0 or missing.

    >>> absorption_pct([150.0, 5.0, 5.0, np.nan], [300.0, 0.0, np.nan, 100.0])
    array([50., nan, nan, nan])
    """
    spent = np.asarray(spent, dtype=float)
    ceiling = np.asarray(ceiling, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(ceiling > 0, spent / ceiling * 100, np.nan)


def _by_columns(by: str | Sequence[str]) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def budget_absorption(
    budget: pd.DataFrame, *, by: str | Sequence[str] = ("opd_code",)
) -> pd.DataFrame:
    """Return ceiling, spent, absorption and physical progress per group per (year, quarter).

    ``absorption_pct`` = spent / ceiling × 100 (NaN when the ceiling is 0); ``physical_pct`` is
    the ceiling-weighted mean of the rows that report one (rows without it are left out of the
    mean, not counted as 0); ``gap_pp`` = physical − financial, in points.

    >>> b = pd.DataFrame({"year": [2026] * 2, "quarter": [3] * 2, "opd_code": ["DINKES"] * 2,
    ...     "ceiling": [300.0, 100.0], "spent": [150.0, 90.0], "physical_pct": [60.0, 100.0]})
    >>> budget_absorption(b)[["ceiling", "spent", "absorption_pct", "physical_pct", "gap_pp"]]
       ceiling  spent  absorption_pct  physical_pct  gap_pp
    0    400.0  240.0            60.0          70.0    10.0
    """
    keys = ["year", "quarter", *_by_columns(by)]
    require(budget, [*keys, "ceiling", "spent", "physical_pct"], "budget")
    ceiling = budget["ceiling"].astype(float)
    physical = budget["physical_pct"].astype(float)
    weight = ceiling.where(physical.notna())
    frame = budget[keys].assign(
        one=1,
        ceiling=ceiling,
        spent=budget["spent"].astype(float),
        weighted=physical * weight,
        weight=weight,
    )
    g = frame.groupby(keys, sort=True, dropna=False).agg(
        n_rows=("one", "sum"),
        ceiling=("ceiling", "sum"),
        spent=("spent", "sum"),
        weighted=("weighted", "sum"),
        weight=("weight", "sum"),
    )
    absorption = pd.Series(absorption_pct(g["spent"], g["ceiling"]), index=g.index)
    physical_pct = g["weighted"] / g["weight"].where(g["weight"] > 0)
    out = g.drop(columns=["weighted", "weight"]).assign(
        absorption_pct=absorption, physical_pct=physical_pct, gap_pp=physical_pct - absorption
    )
    return out.reset_index()


def budget_yoy(
    budget: pd.DataFrame, *, year: int, quarter: int, by: str | Sequence[str] = ("opd_code",)
) -> pd.DataFrame:
    """Return :func:`budget_absorption` of (year, quarter) beside the same quarter last year.

    Adds ``*_prev`` columns and ``absorption_change_pp`` / ``physical_change_pp`` (points). A
    group with budget rows last year and none this year (an OPD that sent nothing this quarter)
    is kept, with ``n_rows`` 0 and no values: its absence is news, not a gap in the table.

    >>> b = pd.DataFrame({"year": [2025, 2026, 2025], "quarter": [3, 3, 3],
    ...     "opd_code": ["DINKES", "DINKES", "DLH"], "ceiling": [100.0, 100.0, 80.0],
    ...     "spent": [50.0, 65.0, 40.0], "physical_pct": [55.0, 70.0, 50.0]})
    >>> budget_yoy(b, year=2026, quarter=3)[
    ...     ["opd_code", "n_rows", "absorption_pct", "absorption_pct_prev", "absorption_change_pp"]]
      opd_code  n_rows  absorption_pct  absorption_pct_prev  absorption_change_pp
    0   DINKES       1            65.0                 50.0                  15.0
    1      DLH       0             NaN                 50.0                   NaN
    """
    columns = _by_columns(by)
    table = budget_absorption(budget, by=columns)
    values = ["n_rows", "ceiling", "spent", "absorption_pct", "physical_pct", "gap_pp"]
    now = table[table["year"].eq(year) & table["quarter"].eq(quarter)][[*columns, *values]]
    prev = table[table["year"].eq(year - 1) & table["quarter"].eq(quarter)][[*columns, *values]]
    out = now.merge(prev, on=columns, how="outer", suffixes=("", "_prev"), sort=True)
    out = out.assign(
        n_rows=out["n_rows"].fillna(0).astype("int64"),
        absorption_change_pp=out["absorption_pct"] - out["absorption_pct_prev"],
        physical_change_pp=out["physical_pct"] - out["physical_pct_prev"],
    )
    out.insert(0, "quarter", quarter)
    out.insert(0, "year", year)
    return out
