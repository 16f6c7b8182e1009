"""Year over year (DESIGN §6): change units, comparability, direction and the indicator table.

Conventions where DESIGN is silent:

- ``direction`` values stay the Indonesian domain words ``membaik`` / ``memburuk`` / ``tetap``;
- a change smaller than a tolerance (``config.YOY_TOLERANCE_PP`` for percent and rate units,
  ``config.YOY_TOLERANCE_PCT`` relative for the others) is ``tetap``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from sae_analysis import config
from sae_analysis.metrics._base import (
    ArrayLike,
    as_float,
    as_text,
    checked_lang,
    labels,
    require,
    size_of,
)

#: Units whose change is reported in percentage points (pp): percentages, per mille, ratios and
#: rates "per 1.000 / 100.000 …" (matched at the start of the lower-cased unit). Others, indices
#: and scores included, change in relative percent.
PERCENT_UNIT_PATTERN = r"^(?:%|‰|persen|prosen|percent|per\s*mil|rasio|ratio|per\s*\d)"

_PERCENT_SYNONYMS = {"persen": "%", "prosen": "%", "percent": "%", "persentase": "%"}

#: Why an indicator is left out of YoY figures, in priority order (the first that applies is the
#: row's ``reason``): code -> label in Indonesian / English.
YOY_REASONS: dict[str, dict[str, str]] = {
    "missing_this_year": {"id": "Tidak ada data tahun ini", "en": "No data this year"},
    "missing_last_year": {"id": "Tidak ada data tahun lalu", "en": "No data last year"},
    "unit_changed": {"id": "Satuan berubah", "en": "Unit changed"},
    "definition_changed": {"id": "Definisi indikator berubah", "en": "Definition changed"},
    "method_break": {"id": "Perubahan metode (seri terputus)", "en": "Method break"},
    "baseline_zero": {
        "id": "Nilai tahun lalu 0 (perubahan relatif tak terdefinisi)",
        "en": "Baseline 0 (relative change undefined)",
    },
    "achievement_undefined": {
        "id": "Capaian tidak dapat dihitung (target kosong atau 0)",
        "en": "Achievement undefined (target empty or 0)",
    },
}

IMPROVED, WORSENED, UNCHANGED = "membaik", "memburuk", "tetap"

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
_YOY_OPTIONAL = ["indicator_name", "kind", "target", "target_low", "target_high", "rating"]
_DESCRIPTORS = ["indicator_name", "pillar", "unit", "polarity", "kind"]


def change_unit(unit: str | pd.Series | Sequence[str]) -> np.ndarray:
    """Return ``'pp'`` for percent and rate units, ``'%'`` (relative change) for the others.

    >>> change_unit(["persen", "%", "per 1.000 kelahiran hidup", "Rasio", "orang", "indeks"])
    array(['pp', 'pp', 'pp', 'pp', '%', '%'], dtype=object)
    """
    text = pd.Series(as_text(unit, size_of(unit)), dtype="str").str.casefold()
    is_pp = text.str.contains(PERCENT_UNIT_PATTERN, regex=True).fillna(False).to_numpy(bool)
    return np.where(is_pp, "pp", "%").astype(object)


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


def _direction(
    improvement: np.ndarray, kind: np.ndarray, *, tolerance_pp: float, tolerance_pct: float
) -> np.ndarray:
    """membaik / memburuk / tetap from a polarity-oriented change (positive = better)."""
    tolerance = np.where(kind == "pp", tolerance_pp, tolerance_pct)
    # Rounding keeps 80.05 - 80 (= 0.0499999…) on the side of the tolerance it is printed as.
    with np.errstate(over="ignore", invalid="ignore"):
        d = np.round(improvement, 9)
    return np.select(
        [(d > 0) & (d >= tolerance), (d < 0) & (d <= -tolerance), ~np.isnan(d)],
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
    tolerance_pp: float = config.YOY_TOLERANCE_PP,
    tolerance_pct: float = config.YOY_TOLERANCE_PCT,
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
        Further reasons a row is not comparable: reason code of :data:`YOY_REASONS` -> one
        boolean per row. Found here: missing_this_year, missing_last_year and baseline_zero.
    index
        Index of the result (default 0..n-1).
    tolerance_pp, tolerance_pct
        A polarity-oriented change smaller than this (pp for percent/rate units, relative % for
        the others) is ``tetap``.

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
        raise ValueError(f"unknown reasons {sorted(unknown)}; expected keys of YOY_REASONS")
    conditions = {code: found[code] for code in YOY_REASONS if code in found}
    reason = np.select(list(conditions.values()), list(conditions), "").astype(object)
    reason[reason == ""] = None
    comparable = pd.isna(reason)
    direction = _direction(
        improvement, kind, tolerance_pp=tolerance_pp, tolerance_pct=tolerance_pct
    )
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
            "reason_label": reason_s.map(labels(YOY_REASONS, checked_lang(lang))),
        },
        index=index,
    )


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


def _pillar_order(pillar: pd.Series) -> pd.Series:
    order = {code: i for i, code in enumerate(config.PILLARS)}
    return pillar.map(order).fillna(len(order))


def yoy_indicators(
    performance: pd.DataFrame,
    *,
    year: int,
    quarter: int,
    catalogue: pd.DataFrame | None = None,
    tolerance_pp: float = config.YOY_TOLERANCE_PP,
    tolerance_pct: float = config.YOY_TOLERANCE_PCT,
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
    tolerance_pp, tolerance_pct
        A polarity-oriented change smaller than this (pp for percent/rate units, relative % for
        the others) is ``tetap``.

    Returns
    -------
    One row per indicator present in either year: descriptors (this year's, else last year's),
    target columns, actual, actual_prev, achievement_pct, achievement_prev, achievement_change
    (points), change (pp or relative %, see :func:`change_unit`), change_unit, direction,
    comparable, reason (a key of :data:`YOY_REASONS`, the first that applies) and reason_label.
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

    if catalogue is not None and "break_year" in catalogue.columns:
        breaks = catalogue.drop_duplicates("indicator_code").set_index("indicator_code")
        crosses_break = method_break(m["indicator_code"], breaks["break_year"], year)
    else:
        crosses_break = np.zeros(len(m), dtype=bool)

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
            "method_break": crosses_break,
            "achievement_undefined": np.isnan(ach) | np.isnan(ach_prev),
        },
        index=m.index,
        tolerance_pp=tolerance_pp,
        tolerance_pct=tolerance_pct,
        lang=lang,
    )

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
            "target": m["target"],
            "target_low": m["target_low"],
            "target_high": m["target_high"],
            "actual_prev": actual_prev,
            "actual": actual,
            "achievement_prev": ach_prev,
            "achievement_pct": ach,
            "achievement_change": ach - ach_prev,
            "rating": m["rating"],
            **verdict.to_dict("series"),
        },
        index=m.index,
    )
    out = out.assign(pillar_order=_pillar_order(out["pillar"]))
    out = out.sort_values(["pillar_order", "opd_code", "indicator_code"], ignore_index=True)
    return out.drop(columns="pillar_order")
