"""The YoY indicator table (DESIGN §6): each (OPD, indicator) of a quarter against the same quarter
last year, compared by :func:`sae_analysis.metrics.yoy.compare_years`.

This module finds the pairs and what changed between the years (unit, definition, method break,
an achievement that cannot be computed); the comparison rule itself lives in
:mod:`sae_analysis.metrics.yoy`, and this year's pace against the schedule in
:mod:`sae_analysis.metrics.pace`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sae_analysis import config
from sae_analysis.metrics._base import checked_lang, require
from sae_analysis.metrics.pace import pace_status
from sae_analysis.metrics.yoy import DEFAULT_TOLERANCE, Tolerance, compare_years, method_break

_PERCENT_SYNONYMS = {"persen": "%", "prosen": "%", "percent": "%", "persentase": "%"}

_KEY = ["opd_code", "indicator_code"]
_YOY_REQUIRED = [
    "year",
    "quarter",
    *_KEY,
    "pillar",
    "unit",
    "polarity",
    "actual",
    "achievement_pct",
]
_YOY_OPTIONAL = [
    "indicator_name",
    "kind",
    "accumulation",
    "target",
    "target_low",
    "target_high",
    "target_tw",
    "rating",
]
_DESCRIPTORS = ["indicator_name", "pillar", "unit", "polarity", "kind", "accumulation"]


def _norm_unit(unit: pd.Series) -> pd.Series:
    """Unit text for comparison across years: case, spaces and percent synonyms ignored."""
    text = unit.astype("str").str.casefold().str.replace(r"\s+", " ", regex=True).str.strip()
    return text.replace(_PERCENT_SYNONYMS)


def _norm_name(name: pd.Series) -> pd.Series:
    return name.astype("str").str.casefold().str.replace(r"[^0-9a-z]+", "", regex=True)


def _differs(now: pd.Series, prev: pd.Series) -> np.ndarray:
    """True where both values are present and differ."""
    both = now.notna() & prev.notna()
    return (both & now.ne(prev)).fillna(False).to_numpy(dtype=bool)


def _period(performance: pd.DataFrame, year: int, quarter: int) -> pd.DataFrame:
    rows = performance[performance["year"].eq(year) & performance["quarter"].eq(quarter)]
    duplicated = rows.duplicated(_KEY)
    if duplicated.any():
        first = rows.loc[duplicated, _KEY].iloc[0].tolist()
        raise ValueError(f"performance has more than one row for {year} TW{quarter} {first}")
    columns = [*_KEY, *(c for c in _YOY_REQUIRED + _YOY_OPTIONAL if c in rows.columns)]
    columns = list(dict.fromkeys(c for c in columns if c not in ("year", "quarter")))
    frame = rows[columns]
    for c in _YOY_OPTIONAL:
        if c not in frame.columns:
            frame = frame.assign(**{c: np.nan})
    return frame


def _changed_between_years(m: pd.DataFrame) -> dict[str, np.ndarray]:
    """``unit_changed`` and ``definition_changed`` (polarity or normalised name) of the rows of
    this year beside last year's (``*_prev`` columns)."""
    return {
        "unit_changed": _differs(_norm_unit(m["unit"]), _norm_unit(m["unit_prev"])),
        "definition_changed": _differs(m["polarity"], m["polarity_prev"])
        | _differs(_norm_name(m["indicator_name"]), _norm_name(m["indicator_name_prev"])),
    }


def _reference_targets(m: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(target, target_low, target_high) that ``=`` indicators move towards: this year's, else
    last year's when this year has none."""
    own = m[["target", "target_low", "target_high"]].to_numpy(dtype=float, na_value=np.nan)
    old = m[["target_prev", "target_low_prev", "target_high_prev"]].to_numpy(
        dtype=float, na_value=np.nan
    )
    has_own = ~np.isnan(own[:, 0]) | ~np.isnan(own[:, 1:]).any(axis=1)
    reference = np.where(has_own[:, None], own, old)
    return reference[:, 0], reference[:, 1], reference[:, 2]


def _crosses_break(
    indicator_code: pd.Series, catalogue: pd.DataFrame | None, year: int
) -> np.ndarray:
    """Rows whose comparison with last year crosses the catalogue's ``break_year`` (none without one)."""
    if catalogue is None or "break_year" not in catalogue.columns:
        return np.zeros(len(indicator_code), dtype=bool)
    breaks = catalogue.drop_duplicates("indicator_code").set_index("indicator_code")
    return method_break(indicator_code, breaks["break_year"], year)


def _pillar_order(pillar: pd.Series) -> pd.Series:
    order = {code: i for i, code in enumerate(config.PILLARS)}
    return pillar.map(order).fillna(len(order))


def _pace(m: pd.DataFrame, actual: np.ndarray, *, quarter: int, lang: str) -> pd.DataFrame:
    """This year's pace of each row of the merged years (:func:`~sae_analysis.metrics.pace.pace_status`)."""
    return pace_status(
        actual,
        target=m["target"],
        quarter=quarter,
        accumulation=m["accumulation"],
        polarity=m["polarity"],
        target_tw=m["target_tw"],
        lang=lang,
    ).set_axis(m.index)


def yoy_indicators(
    performance: pd.DataFrame,
    *,
    year: int,
    quarter: int,
    catalogue: pd.DataFrame | None = None,
    tolerance: Tolerance = DEFAULT_TOLERANCE,
    lang: str = "id",
) -> pd.DataFrame:
    """Compare each (opd_code, indicator_code) at (year, quarter) with the same quarter last year.

    Parameters
    ----------
    performance
        The performance frame (DESIGN §5) holding at least both periods.
    catalogue
        Optional indicator catalogue; its ``break_year`` marks a method break: YoY from
        break_year−1 to break_year is not comparable.
    tolerance
        A polarity-oriented change smaller than this is ``tetap``
        (:class:`~sae_analysis.metrics.yoy.Tolerance`).

    Returns
    -------
    One row per indicator present in either year: descriptors (this year's, else last year's),
    target columns, actual, actual_prev, achievement_pct, achievement_prev, achievement_change
    (points), rating, this year's pace (``target_tw``, the cumulative quarterly target to date,
    and the columns of :func:`~sae_analysis.metrics.pace.pace_status`), change (pp or relative %,
    see :func:`~sae_analysis.metrics.yoy.change_unit`), change_unit, direction, comparable,
    reason (one of :data:`~sae_analysis.metrics.yoy.YOY_REASONS`, the first that applies) and
    reason_label.
    ``direction`` is set only for comparable rows; ``change`` is kept whenever it is defined.

    Notes
    -----
    Direction follows the polarity: ``+`` up is better, ``-`` down is better, ``=`` closer to this
    year's target or range is better (last year's target when this year has none).
    ``definition_changed`` means the polarity or the (normalised) indicator name differs between
    the years; indicator_name is expected to be the catalogue name. 0 → 0 in a relative unit is
    no change; 0 → x is ``baseline_zero``. A row needs an achievement in both years to count.

    Examples
    --------
    >>> perf = pd.DataFrame({
    ...     "year": [2025, 2026], "quarter": [3, 3], "opd_code": ["DINKES"] * 2,
    ...     "indicator_code": ["AKB"] * 2, "pillar": ["pendidikan_kesehatan"] * 2,
    ...     "unit": ["per 1.000 kelahiran hidup"] * 2, "polarity": ["-", "-"],
    ...     "actual": [7.2, 6.5], "achievement_pct": [97.3, 107.14]})
    >>> yoy_indicators(perf, year=2026, quarter=3)[["change", "change_unit", "direction"]].round(2)
       change change_unit direction
    0    -0.7          pp   membaik
    """
    require(performance, _YOY_REQUIRED, "performance")
    checked_lang(lang)
    now = _period(performance, year, quarter)
    prev = _period(performance, year - 1, quarter)
    m = now.merge(prev, on=_KEY, how="outer", suffixes=("", "_prev"), sort=True)

    changed = _changed_between_years(m)
    m = m.assign(**{c: m[c].fillna(m[f"{c}_prev"]) for c in _DESCRIPTORS})

    actual = m["actual"].to_numpy(dtype=float, na_value=np.nan)
    actual_prev = m["actual_prev"].to_numpy(dtype=float, na_value=np.nan)
    ach = m["achievement_pct"].to_numpy(dtype=float, na_value=np.nan)
    ach_prev = m["achievement_pct_prev"].to_numpy(dtype=float, na_value=np.nan)
    verdict = compare_years(
        actual,
        actual_prev,
        unit=m["unit"],
        polarity=m["polarity"],
        targets=_reference_targets(m),
        not_comparable={
            **changed,
            "method_break": _crosses_break(m["indicator_code"], catalogue, year),
            "achievement_undefined": np.isnan(ach) | np.isnan(ach_prev),
        },
        index=m.index,
        tolerance=tolerance,
        lang=lang,
    )
    pace = _pace(m, actual, quarter=quarter, lang=lang)

    out = pd.DataFrame(
        {
            "year": year,
            "quarter": quarter,
            "pillar": m["pillar"],
            "opd_code": m["opd_code"],
            "indicator_code": m["indicator_code"],
            "indicator_name": m["indicator_name"],
            "unit": m["unit"],
            "polarity": m["polarity"],
            "kind": m["kind"],
            "accumulation": m["accumulation"],
            "target": m["target"],
            "target_low": m["target_low"],
            "target_high": m["target_high"],
            "actual_prev": actual_prev,
            "actual": actual,
            "achievement_prev": ach_prev,
            "achievement_pct": ach,
            "achievement_change": ach - ach_prev,
            "rating": m["rating"],
            "target_tw": m["target_tw"],
            **pace.to_dict("series"),
            **verdict.to_dict("series"),
        },
        index=m.index,
    )
    out = out.assign(pillar_order=_pillar_order(out["pillar"]))
    out = out.sort_values(["pillar_order", "opd_code", "indicator_code"], ignore_index=True)
    return out.drop(columns="pillar_order")
