"""Year over year (DESIGN §6): change units, comparability and direction of values a year apart.

The indicator table built with it is :mod:`sae_analysis.metrics.yoy_table`; the macro summary
:mod:`sae_analysis.metrics.macro`.

Conventions where DESIGN is silent:

- ``direction`` values stay the Indonesian domain words ``membaik`` / ``memburuk`` / ``tetap``;
- a change smaller than a tolerance (``config.YOY_TOLERANCE_PP`` for percent and rate units,
  ``config.YOY_TOLERANCE_PCT`` relative for the others) is ``tetap``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sae_analysis import config
from sae_analysis.metrics._base import (
    ArrayLike,
    as_float,
    as_text,
    labels,
    size_of,
)

#: Units whose change is reported in percentage points (pp): percentages, per mille, ratios and
#: rates "per 1.000 / 100.000 …" (matched at the start of the lower-cased unit). Others, indices
#: and scores included, change in relative percent.
PERCENT_UNIT_PATTERN = r"^(?:%|‰|persen|prosen|percent|per\s*mil|rasio|ratio|per\s*\d)"


#: Why an indicator is left out of YoY figures, in priority order (the first that applies is the
#: row's ``reason``). Their labels are the ``yoy_reasons`` section of the message catalogue.
YOY_REASONS: tuple[str, ...] = (
    "missing_this_year",
    "missing_last_year",
    "unit_changed",
    "definition_changed",
    "method_break",
    "baseline_zero",
    "achievement_undefined",
)


@dataclass(frozen=True)
class Tolerance:
    """A polarity-oriented change smaller than this is ``tetap`` (unchanged): ``pp`` percentage
    points for percent and rate units, ``pct`` relative percent for the others."""

    pp: float = config.YOY_TOLERANCE_PP
    pct: float = config.YOY_TOLERANCE_PCT


#: The tolerance of every figure unless a caller passes its own.
DEFAULT_TOLERANCE = Tolerance()

IMPROVED, WORSENED, UNCHANGED = "membaik", "memburuk", "tetap"


def change_unit(unit: str | pd.Series | Sequence[str]) -> np.ndarray:
    """Return ``'pp'`` for percent and rate units, ``'%'`` (relative change) for the others.

    >>> change_unit(["persen", "%", "per 1.000 kelahiran hidup", "Rasio", "orang", "indeks"])
    array(['pp', 'pp', 'pp', 'pp', '%', '%'], dtype=object)
    """
    text = pd.Series(as_text(unit, size_of(unit)), dtype="str").str.casefold()
    is_pp = text.str.contains(PERCENT_UNIT_PATTERN, regex=True).fillna(False).to_numpy(bool)
    return np.where(is_pp, "pp", "%").astype(object)


def _relative_change(now: np.ndarray, prev: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Change in pp (kind 'pp') or relative %; 0 → 0 is no change, 0 → x is undefined (NaN)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        relative = np.where(
            prev != 0, (now - prev) / np.abs(prev) * 100, np.where(now == 0, 0.0, np.nan)
        )
    return np.where(kind == "pp", now - prev, relative)


def _distance(x: np.ndarray, t: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Distance from x to a range [low, high] (0 inside) or else to the point t."""
    has_range = ~np.isnan(low) & ~np.isnan(high)
    to_range = np.maximum(np.maximum(low - x, x - high), 0.0)
    return np.where(has_range, to_range, np.abs(x - t))


def _direction(improvement: np.ndarray, kind: np.ndarray, *, tolerance: Tolerance) -> np.ndarray:
    """membaik / memburuk / tetap from a polarity-oriented change (positive = better)."""
    threshold = np.where(kind == "pp", tolerance.pp, tolerance.pct)
    # Rounding keeps 80.05 - 80 (= 0.0499999…) on the side of the tolerance it is printed as.
    with np.errstate(over="ignore", invalid="ignore"):
        d = np.round(improvement, 9)
    return np.select(
        [(d > 0) & (d >= threshold), (d < 0) & (d <= -threshold), ~np.isnan(d)],
        [IMPROVED, WORSENED, UNCHANGED],
        None,
    ).astype(object)


def _oriented_change(
    change: np.ndarray,
    polarity: np.ndarray,
    kind: np.ndarray,
    now: np.ndarray,
    prev: np.ndarray,
    targets: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> np.ndarray:
    """Change oriented so that positive is better; for '=' the gain in closeness to the target."""
    t, low, high = targets
    has_range = ~np.isnan(low) & ~np.isnan(high)
    closer = _distance(prev, t, low, high) - _distance(now, t, low, high)
    scale = np.abs(np.where(has_range, (low + high) / 2, t))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        closer_rel = np.where(scale > 0, closer / scale * 100, closer)
    closer = np.where(kind == "pp", closer, closer_rel)
    return np.select([polarity == "+", polarity == "-", polarity == "="], [change, -change, closer])


def method_break(
    indicator_code: pd.Series,
    break_year: Mapping[str, float] | pd.Series,
    year: int | pd.Series,
) -> np.ndarray:
    """True where YoY into ``year`` crosses a method break: the indicator's break year is ``year``.

    >>> method_break(pd.Series(["ipm", "tpt"]), {"ipm": 2025}, 2025)
    array([ True, False])
    """
    breaks = pd.to_numeric(indicator_code.map(break_year))
    return breaks.eq(year).fillna(False).to_numpy(dtype=bool)


def compare_years(
    now: ArrayLike,
    prev: ArrayLike,
    *,
    unit: object,
    polarity: object,
    targets: tuple[ArrayLike, ArrayLike, ArrayLike] | None = None,
    not_comparable: Mapping[str, np.ndarray] | None = None,
    index: pd.Index | None = None,
    tolerance: Tolerance = DEFAULT_TOLERANCE,
    lang: str = "id",
) -> pd.DataFrame:
    """Return the change, comparability and direction of values one year apart (DESIGN §6).

    Parameters
    ----------
    now, prev
        The value of this year and of the same period last year (NaN when missing).
    unit
        Units, a scalar or one per row: percent and rate units change in pp, the others in
        relative % (:func:`change_unit`).
    polarity
        ``'+'``, ``'-'`` or ``'='``, a scalar or one per row; the direction follows it. For
        ``'='`` the better value is the closer one to ``targets`` (target, target_low,
        target_high), one triple of arrays; without targets ``'='`` has no direction.
    not_comparable
        Further reasons a row is not comparable: one of the reason codes :data:`YOY_REASONS` -> one
        boolean per row. Found here: missing_this_year, missing_last_year and baseline_zero.
    index
        Index of the result (default 0..n-1).
    tolerance
        A polarity-oriented change smaller than this is ``tetap`` (:class:`Tolerance`).

    Returns
    -------
    One row per value: ``change`` (kept whenever it is defined), ``change_unit``, ``direction``
    (only on comparable rows), ``comparable``, ``reason`` (the first reason that applies, in the
    order of :data:`YOY_REASONS`) and ``reason_label``.

    Examples
    --------
    >>> verdict = compare_years([6.5, 250.0, 12.0, 5.0], [7.2, 200.0, 0.0, None],
    ...     unit=["per 1.000 kelahiran hidup", "orang", "orang", "orang"], polarity="-")
    >>> verdict[["change", "change_unit", "direction", "comparable", "reason"]]
       change change_unit direction  comparable             reason
    0    -0.7          pp   membaik        True                NaN
    1    25.0           %  memburuk        True                NaN
    2     NaN           %       NaN       False      baseline_zero
    3     NaN           %       NaN       False  missing_last_year
    """
    size = size_of(now)
    now, prev = as_float(now, size), as_float(prev, size)
    kind = change_unit(as_text(unit, size))
    change = _relative_change(now, prev, kind)
    if targets is None:
        no_target = np.full(size, np.nan)
        targets = (no_target, no_target, no_target)
    targets = tuple(as_float(t, size) for t in targets)
    improvement = _oriented_change(change, as_text(polarity, size), kind, now, prev, targets)
    found = {
        "missing_this_year": np.isnan(now),
        "missing_last_year": np.isnan(prev),
        "baseline_zero": (kind == "%") & (prev == 0) & (now != 0),
        **(not_comparable or {}),
    }
    unknown = set(found) - set(YOY_REASONS)
    if unknown:
        raise ValueError(f"unknown reasons {sorted(unknown)}; expected one of YOY_REASONS")
    conditions = {code: found[code] for code in YOY_REASONS if code in found}
    reason = np.select(list(conditions.values()), list(conditions), "").astype(object)
    reason[reason == ""] = None
    comparable = pd.isna(reason)
    direction = _direction(improvement, kind, tolerance=tolerance)
    direction[~comparable] = None
    index = pd.RangeIndex(size) if index is None else index
    reason_s = pd.Series(reason, index=index, dtype="str")
    return pd.DataFrame(
        {
            "change": change,
            "change_unit": pd.Series(kind, index=index, dtype="str"),
            "direction": pd.Series(direction, index=index, dtype="str"),
            "comparable": comparable,
            "reason": reason_s,
            "reason_label": reason_s.map(labels(YOY_REASONS, "yoy_reasons", lang)),
        },
        index=index,
    )
