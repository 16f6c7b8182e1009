"""Achievement (capaian), rating, year-over-year and aggregate figures (DESIGN §6).

Every public function is pure: it takes arrays or frames and returns new ones, so frames can be
chained with ``DataFrame.pipe``. Nothing here is rounded for display and nothing is logged; callers
report the rows listed by :func:`achievement_issues` and the exclusions of :func:`exclusions`.

Conventions (Permendagri 86/2017, evaluation of the Renja / LKjIP practice) where DESIGN is silent:

- targets are positive numbers (every E.81 indicator has one); a target of 0 is handled explicitly;
- the rating is taken on the achievement rounded to 2 decimals, the precision of the report, so
  that a capaian printed as ``91,00`` is never rated *Tinggi* because of a float residue;
- the lowest rating band is open below (a ``-`` indicator can score under 0);
- ``direction`` values stay the Indonesian domain words ``membaik`` / ``memburuk`` / ``tetap``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from sae_analysis import config

ArrayLike = pd.Series | np.ndarray | Sequence[float] | float

#: Achievement undefined: reason code -> message in Indonesian / English.
ACHIEVEMENT_ISSUES: dict[str, dict[str, str]] = {
    "missing_actual": {
        "id": "Realisasi kosong, capaian tidak dapat dihitung.",
        "en": "Actual is empty; achievement cannot be computed.",
    },
    "missing_target": {
        "id": "Target kosong, capaian tidak dapat dihitung.",
        "en": "Target is empty; achievement cannot be computed.",
    },
    "zero_target": {
        "id": "Target 0 pada indikator positif (makin tinggi makin baik): capaian tak terdefinisi.",
        "en": "Target 0 on a higher-is-better indicator: achievement is undefined.",
    },
    "unknown_polarity": {
        "id": "Polaritas indikator tidak dikenal (harus +, - atau =).",
        "en": "Unknown indicator polarity (must be +, - or =).",
    },
}

#: Colour used for a missing or unknown rating.
NO_RATING_COLOUR = "#bdbdbd"

#: Permendagri 86/2017 criteria for the level of achievement; the data file
#: ``reference/rating_bands.csv`` overrides it (regions use other bands).
DEFAULT_BANDS = pd.DataFrame(
    {
        "lower_bound": [91.0, 76.0, 66.0, 51.0, -np.inf],
        "label": ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"],
        "label_en": ["Very high", "High", "Medium", "Low", "Very low"],
        "colour": ["#1a9850", "#91cf60", "#fee08b", "#fc8d59", "#d73027"],
    }
)


# --------------------------------------------------------------------------- achievement


def _labels(messages: Mapping[str, Mapping[str, str]], lang: str) -> dict[str, str]:
    """Code -> text in one language, for ``Series.map``."""
    return {code: text[lang] for code, text in messages.items()}


def _as_float(values: ArrayLike | None, size: int) -> np.ndarray:
    """Return ``values`` as a float array of ``size`` (NaN when None; scalars broadcast)."""
    if values is None:
        return np.full(size, np.nan)
    arr = pd.to_numeric(pd.Series(np.atleast_1d(np.asarray(values, dtype=object))))
    return np.broadcast_to(arr.to_numpy(dtype=float, na_value=np.nan), size).copy()


def _as_text(values: object, size: int) -> np.ndarray:
    """Return ``values`` as an object array of stripped strings (None when missing)."""
    arr = np.atleast_1d(np.asarray(values, dtype=object))
    text = pd.Series(arr, dtype="str").str.strip().to_numpy(dtype=object, na_value=None)
    return np.broadcast_to(text, size).copy()


def _size_of(values: ArrayLike) -> int:
    return int(np.size(np.asarray(values, dtype=object)))


def _achievement_parts(
    actual: ArrayLike,
    target: ArrayLike | None,
    polarity: object,
    target_low: ArrayLike | None,
    target_high: ArrayLike | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return (achievement, reason code or None) for every row."""
    size = _size_of(actual)
    r = _as_float(actual, size)
    t = _as_float(target, size)
    low = _as_float(target_low, size)
    high = _as_float(target_high, size)
    pol = _as_text(polarity, size)

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
        ["missing_actual", "missing_target", "unknown_polarity", "zero_target"],
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
    source_file, source_sheet, source_row, then ``issue`` (a key of :data:`ACHIEVEMENT_ISSUES`) and ``message``.

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
    return out.assign(message=out["issue"].map(_labels(ACHIEVEMENT_ISSUES, _checked_lang(lang))))


# --------------------------------------------------------------------------- rating


def load_rating_bands(path: str | Path) -> pd.DataFrame:
    """Read ``rating_bands.csv`` (lower_bound, label, label_en, colour) into a band frame.

    ``lower_bound`` may use a decimal comma; one band may leave it empty (the lowest, open below).
    ``label_en`` defaults to ``label`` and ``colour`` to :data:`NO_RATING_COLOUR`. The frame is
    sorted from the highest band down. A malformed file raises ``ValueError`` naming the problem.
    """
    path = Path(path)
    raw = pd.read_csv(path, dtype="str", keep_default_na=False, encoding="utf-8-sig")
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    missing = {"lower_bound", "label"} - set(raw.columns)
    if missing:
        raise ValueError(f"{path.name}: kolom wajib tidak ada: {', '.join(sorted(missing))}")
    if raw.empty:
        raise ValueError(f"{path.name}: tidak ada baris predikat")
    text = raw["lower_bound"].str.strip().str.replace(",", ".", regex=False)
    bound = pd.to_numeric(text.replace("", None), errors="coerce")
    bad = bound.isna() & text.ne("")
    if bad.any():
        row = int(bad.idxmax()) + 2
        raise ValueError(f"{path.name} baris {row}: lower_bound bukan angka: {text[bad].iloc[0]!r}")
    if bound.isna().sum() > 1 or bound.dropna().duplicated().any():
        raise ValueError(f"{path.name}: lower_bound harus unik (hanya satu boleh kosong)")
    label = raw["label"].str.strip()
    if label.eq("").any():
        raise ValueError(f"{path.name}: label kosong")
    bands = pd.DataFrame(
        {
            "lower_bound": bound.fillna(-np.inf).astype(float),
            "label": label,
            "label_en": raw["label_en"].str.strip() if "label_en" in raw else label,
            "colour": raw["colour"].str.strip() if "colour" in raw else NO_RATING_COLOUR,
        }
    )
    bands["label_en"] = bands["label_en"].mask(bands["label_en"].eq(""), bands["label"])
    bands["colour"] = bands["colour"].mask(bands["colour"].eq(""), NO_RATING_COLOUR)
    return bands.sort_values("lower_bound", ascending=False, ignore_index=True)


def _checked_lang(lang: str) -> str:
    if lang not in config.LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {config.LANGUAGES}")
    return lang


def _label_column(lang: str) -> str:
    """Column of a band frame holding the labels of ``lang``."""
    return "label_en" if _checked_lang(lang) == "en" else "label"


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
    column = _label_column(lang)
    ordered = bands.sort_values("lower_bound", ignore_index=True)
    bounds = ordered["lower_bound"].to_numpy(dtype=float, copy=True)
    bounds[0] = -np.inf
    x = np.round(_as_float(achievement_pct, _size_of(achievement_pct)), 2)
    position = np.clip(np.searchsorted(bounds, x, side="right") - 1, 0, None)
    labels = ordered[column].to_numpy(dtype=object)[position]
    labels[np.isnan(x)] = None
    index = achievement_pct.index if isinstance(achievement_pct, pd.Series) else None
    return pd.Series(labels, index=index, dtype="str", name="rating")


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


# --------------------------------------------------------------------------- year to date

_QUARTERS = (1, 2, 3, 4)


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
    A frame on the index of ``quarterly`` with ``actual``, ``ytd_complete`` and
    ``missing_quarters`` (e.g. ``'TW2'``, missing when nothing is missing). The empty-quarter
    rule: for ``sum`` an empty quarter among TW1..TWq counts as missing, not as 0; the year to
    date is the sum of the reported quarters and is flagged incomplete (NaN when none was
    reported). For ``last`` the value of TWq is used, else the latest earlier one, flagged
    incomplete because it is stale.

    Examples
    --------
    >>> q = pd.DataFrame({"k_tw1": [10.0, 70.0], "k_tw2": [None, 72.0], "k_tw3": [5.0, None]})
    >>> year_to_date(q, accumulation=["sum", "last"], quarter=3)
       actual  ytd_complete missing_quarters
    0    15.0         False              TW2
    1    72.0         False              TW3
    """
    if quarter not in _QUARTERS:
        raise ValueError(f"quarter must be 1..4, got {quarter!r}")
    columns = [f"k_tw{i}" for i in range(1, quarter + 1)]
    values = quarterly[columns].apply(pd.to_numeric).to_numpy(dtype=float, na_value=np.nan)
    mode = _as_text(accumulation, len(quarterly))
    unknown = ~np.isin(mode, ["sum", "last"])
    if unknown.any():
        raise ValueError(f"unknown accumulation {sorted(set(map(str, mode[unknown])))}")
    is_sum = mode == "sum"
    empty = np.isnan(values)
    total = np.where(empty.all(axis=1), np.nan, np.nansum(values, axis=1))
    latest = pd.DataFrame(values).ffill(axis=1).iloc[:, -1].to_numpy()
    # Which empty quarters change the result: all of them for sum, only TWq for last.
    matters = np.where(is_sum[:, None], empty, empty & (np.arange(quarter) == quarter - 1))
    missing = pd.Series("", index=quarterly.index, dtype="str")
    for i in range(quarter):
        missing = missing + np.where(matters[:, i], f"TW{i + 1},", "")
    missing = missing.str.rstrip(",")
    return pd.DataFrame(
        {
            "actual": np.where(is_sum, total, latest),
            "ytd_complete": ~matters.any(axis=1),
            "missing_quarters": missing.mask(missing.eq("")),
        },
        index=quarterly.index,
    )


# --------------------------------------------------------------------------- year over year

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
    text = pd.Series(_as_text(unit, _size_of(unit)), dtype="str").str.casefold()
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


def _require(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"{what} frame lacks columns: {', '.join(missing)}")


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
    _require(performance, _YOY_REQUIRED, "performance")
    label = _checked_lang(lang)
    now = _period(performance, year, quarter)
    prev = _period(performance, year - 1, quarter)
    m = now.merge(prev, on=_KEY, how="outer", suffixes=("", "_prev"), sort=True)

    unit_changed = _differs(_norm_unit(m["unit"]), _norm_unit(m["unit_prev"]))
    definition_changed = _differs(m["polarity"], m["polarity_prev"]) | _differs(
        _norm_name(m["indicator_name"]), _norm_name(m["indicator_name_prev"])
    )
    m = m.assign(**{c: m[c].fillna(m[f"{c}_prev"]) for c in _DESCRIPTORS})

    if catalogue is not None and "break_year" in catalogue.columns:
        breaks = catalogue.drop_duplicates("indicator_code").set_index("indicator_code")
        break_year = pd.to_numeric(m["indicator_code"].map(breaks["break_year"]))
        method_break = break_year.eq(year).fillna(False).to_numpy(dtype=bool)
    else:
        method_break = np.zeros(len(m), dtype=bool)

    actual = m["actual"].to_numpy(dtype=float, na_value=np.nan)
    actual_prev = m["actual_prev"].to_numpy(dtype=float, na_value=np.nan)
    kind = change_unit(m["unit"])
    change = _relative_change(actual, actual_prev, kind)
    own_target = m[["target", "target_low", "target_high"]].to_numpy(dtype=float, na_value=np.nan)
    old_target = m[["target_prev", "target_low_prev", "target_high_prev"]].to_numpy(
        dtype=float, na_value=np.nan
    )
    has_own = ~np.isnan(own_target[:, 0]) | ~np.isnan(own_target[:, 1:]).any(axis=1)
    reference = np.where(has_own[:, None], own_target, old_target)
    polarity = _as_text(m["polarity"], len(m))
    improvement = _oriented_change(change, polarity, kind, actual, actual_prev, tuple(reference.T))

    ach = m["achievement_pct"].to_numpy(dtype=float, na_value=np.nan)
    ach_prev = m["achievement_pct_prev"].to_numpy(dtype=float, na_value=np.nan)
    conditions = {
        "missing_this_year": np.isnan(actual),
        "missing_last_year": np.isnan(actual_prev),
        "unit_changed": unit_changed,
        "definition_changed": definition_changed,
        "method_break": method_break,
        "baseline_zero": (kind == "%") & (actual_prev == 0) & (actual != 0),
        "achievement_undefined": np.isnan(ach) | np.isnan(ach_prev),
    }
    reason = np.select(list(conditions.values()), list(conditions), "").astype(object)
    reason[reason == ""] = None
    comparable = pd.isna(reason)
    direction = _direction(
        improvement, kind, tolerance_pp=tolerance_pp, tolerance_pct=tolerance_pct
    )
    direction[~comparable] = None
    reason_s = pd.Series(reason, index=m.index, dtype="str")

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
            "change": change,
            "change_unit": pd.Series(kind, index=m.index, dtype="str"),
            "direction": pd.Series(direction, index=m.index, dtype="str"),
            "comparable": comparable,
            "reason": reason_s,
            "reason_label": reason_s.map(_labels(YOY_REASONS, label)),
        },
        index=m.index,
    )
    out = out.assign(pillar_order=_pillar_order(out["pillar"]))
    out = out.sort_values(["pillar_order", "opd_code", "indicator_code"], ignore_index=True)
    return out.drop(columns="pillar_order")


# --------------------------------------------------------------------------- aggregate figures


_Capped = TypeVar("_Capped", pd.Series, np.ndarray, float)


def capped(values: pd.Series, cap: tuple[float, float] = config.ACHIEVEMENT_CAP) -> pd.Series:
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


def _figures(
    yoy: pd.DataFrame,
    by: list[str],
    *,
    cap: tuple[float, float],
) -> pd.DataFrame:
    """Capped like-for-like means and direction counts of ``yoy`` per group of ``by``."""
    comparable = yoy["comparable"].astype(bool)
    direction = yoy["direction"].astype("str")
    reason = yoy["reason"].astype("str")
    parts = {
        "one": np.ones(len(yoy), dtype=int),
        "comparable": comparable,
        # A row counts in a mean only when it is comparable: like-for-like in both years.
        "now": capped(yoy["achievement_pct"], cap).where(comparable),
        "prev": capped(yoy["achievement_prev"], cap).where(comparable),
        "improved": comparable & direction.eq(IMPROVED).fillna(False),
        "worsened": comparable & direction.eq(WORSENED).fillna(False),
        "unchanged": comparable & direction.eq(UNCHANGED).fillna(False),
        **{f"excluded_{r}": ~comparable & reason.eq(r).fillna(False) for r in YOY_REASONS},
    }
    frame = pd.DataFrame(parts, index=yoy.index).assign(**{c: yoy[c] for c in by})
    grouped = frame.groupby(by, sort=True, dropna=False).agg(
        n_indicators=("one", "sum"),
        n_comparable=("comparable", "sum"),
        mean_achievement=("now", "mean"),
        mean_achievement_prev=("prev", "mean"),
        n_improved=("improved", "sum"),
        n_worsened=("worsened", "sum"),
        n_unchanged=("unchanged", "sum"),
        **{f"excluded_{r}": (f"excluded_{r}", "sum") for r in YOY_REASONS},
    )
    return grouped.reset_index()


def _finish_figures(
    grouped: pd.DataFrame, *, bands: pd.DataFrame | None, lang: str
) -> pd.DataFrame:
    """Add change, shares, exclusions total and (optionally) a rating to grouped figures."""
    counts = ["n_indicators", "n_comparable", "n_improved", "n_worsened", "n_unchanged"]
    counts += [f"excluded_{r}" for r in YOY_REASONS]
    out = grouped.assign(**{c: grouped[c].fillna(0).astype(int) for c in counts})
    base = out["n_comparable"].where(out["n_comparable"] > 0)
    out = out.assign(
        change_points=out["mean_achievement"] - out["mean_achievement_prev"],
        n_excluded=out["n_indicators"] - out["n_comparable"],
        share_improved_pct=out["n_improved"] / base * 100,
        share_worsened_pct=out["n_worsened"] / base * 100,
        share_unchanged_pct=out["n_unchanged"] / base * 100,
    )
    if bands is not None:
        out = out.assign(rating=rate(out["mean_achievement"], bands=bands, lang=lang))
    front = [c for c in out.columns if not c.startswith("excluded_")]
    return out[front + [f"excluded_{r}" for r in YOY_REASONS]]


def pillar_figures(
    yoy: pd.DataFrame,
    *,
    cap: tuple[float, float] = config.ACHIEVEMENT_CAP,
    bands: pd.DataFrame | None = None,
    budget: pd.DataFrame | None = None,
    lang: str = "id",
) -> pd.DataFrame:
    """Return one row per pillar (all five, in ``config.PILLARS`` order) of YoY figures.

    Parameters
    ----------
    yoy
        Output of :func:`yoy_indicators`.
    cap
        Achievements are clipped to this range before the means (one outlier cannot carry a pillar).
    bands
        When given, ``rating`` of the pillar's mean achievement is added.
    budget
        When given (the budget frame), the pillar's ``ceiling``, ``spent``, ``absorption_pct``,
        ``physical_pct`` and ``gap_pp`` at the yoy's (year, quarter) are joined.

    Returns
    -------
    pillar, pillar_label, n_indicators, n_comparable, mean_achievement, mean_achievement_prev
    (means over comparable indicators only), n_improved / n_worsened / n_unchanged,
    change_points, n_excluded, share_*_pct (of n_comparable) and one ``excluded_<reason>`` count
    per reason of :data:`YOY_REASONS`. Pillars outside the five are kept, after them.

    Examples
    --------
    >>> yoy = pd.DataFrame({"pillar": ["ekonomi", "ekonomi"], "comparable": [True, False],
    ...     "achievement_pct": [150.0, 80.0], "achievement_prev": [90.0, None],
    ...     "direction": ["membaik", None], "reason": [None, "missing_last_year"]})
    >>> fig = pillar_figures(yoy)
    >>> fig.loc[1, ["pillar", "mean_achievement", "change_points", "excluded_missing_last_year"]]
    pillar                        ekonomi
    mean_achievement                120.0
    change_points                    30.0
    excluded_missing_last_year          1
    Name: 1, dtype: object
    """
    grouped = _figures(yoy, ["pillar"], cap=cap).set_index("pillar")
    extra = [p for p in grouped.index if p not in config.PILLARS]
    grouped = grouped.reindex([*config.PILLARS, *extra]).rename_axis("pillar").reset_index()
    out = _finish_figures(grouped, bands=bands, lang=lang)
    labels = {code: config.pillar_label(code, lang) for code in config.PILLARS}
    out.insert(1, "pillar_label", out["pillar"].map(labels).fillna(out["pillar"]))
    if budget is not None and not yoy.empty:
        year, quarter = int(yoy["year"].iloc[0]), int(yoy["quarter"].iloc[0])
        money = budget_absorption(budget, by=("pillar",))
        money = money[money["year"].eq(year) & money["quarter"].eq(quarter)]
        columns = ["pillar", "ceiling", "spent", "absorption_pct", "physical_pct", "gap_pp"]
        out = out.merge(money[columns], on="pillar", how="left")
    return out


def opd_scorecard(
    yoy: pd.DataFrame,
    *,
    cap: tuple[float, float] = config.ACHIEVEMENT_CAP,
    bands: pd.DataFrame | None = None,
    lang: str = "id",
) -> pd.DataFrame:
    """Return one row per OPD with the figures of :func:`pillar_figures`, sorted by opd_code.

    >>> yoy = pd.DataFrame({"opd_code": ["B", "A"], "comparable": [True, True],
    ...     "achievement_pct": [95.0, 60.0], "achievement_prev": [90.0, 70.0],
    ...     "direction": ["membaik", "memburuk"], "reason": [None, None]})
    >>> opd_scorecard(yoy, bands=DEFAULT_BANDS)[["opd_code", "change_points", "rating"]]
      opd_code  change_points         rating
    0        A          -10.0         Rendah
    1        B            5.0  Sangat Tinggi
    """
    grouped = _figures(yoy, ["opd_code"], cap=cap)
    return _finish_figures(grouped, bands=bands, lang=lang)


def regency_figure(
    yoy: pd.DataFrame,
    *,
    cap: tuple[float, float] = config.ACHIEVEMENT_CAP,
    bands: pd.DataFrame | None = None,
    lang: str = "id",
) -> pd.DataFrame:
    """Return the figures of :func:`pillar_figures` for the regency as a whole (one row).

    Every indicator weighs the same, whichever pillar or OPD it belongs to.

    >>> yoy = pd.DataFrame({"comparable": [True, True], "achievement_pct": [95.0, 60.0],
    ...     "achievement_prev": [90.0, 70.0], "direction": ["membaik", "memburuk"],
    ...     "reason": [None, None]})
    >>> regency_figure(yoy)[["region_code", "mean_achievement", "n_improved"]]
      region_code  mean_achievement  n_improved
    0        3513              77.5           1
    """
    scoped = yoy.assign(region_code=config.REGION_CODE)
    grouped = _figures(scoped, ["region_code"], cap=cap)
    if grouped.empty:
        grouped = pd.DataFrame({"region_code": [config.REGION_CODE]}).reindex(
            columns=grouped.columns
        )
    out = _finish_figures(grouped, bands=bands, lang=lang)
    out.insert(1, "region_name", config.REGION_NAME)
    return out


def exclusions(yoy: pd.DataFrame, *, by: str = "pillar", lang: str = "id") -> pd.DataFrame:
    """Return the tidy list of exclusions: one row per (group, reason) with its count and codes.

    >>> yoy = pd.DataFrame({"pillar": ["sosial"] * 3, "indicator_code": ["X", "Y", "Z"],
    ...     "comparable": [False, False, True],
    ...     "reason": ["missing_last_year", "missing_last_year", None]})
    >>> exclusions(yoy)
       pillar             reason               reason_label  n_excluded indicators
    0  sosial  missing_last_year  Tidak ada data tahun lalu           2       X, Y
    """
    label = _checked_lang(lang)
    excluded = yoy[~yoy["comparable"].astype(bool)]
    grouped = (
        excluded.sort_values("indicator_code")
        .groupby([by, "reason"], sort=True)["indicator_code"]
        .agg(n_excluded="size", indicators=", ".join)
        .reset_index()
    )
    grouped.insert(2, "reason_label", grouped["reason"].map(_labels(YOY_REASONS, label)))
    return grouped


# --------------------------------------------------------------------------- budget


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
    _require(budget, [*keys, "ceiling", "spent", "physical_pct"], "budget")
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
    absorption = g["spent"] / g["ceiling"].where(g["ceiling"] > 0) * 100
    physical_pct = g["weighted"] / g["weight"].where(g["weight"] > 0)
    out = g.drop(columns=["weighted", "weight"]).assign(
        absorption_pct=absorption, physical_pct=physical_pct, gap_pp=physical_pct - absorption
    )
    return out.reset_index()


def budget_yoy(
    budget: pd.DataFrame, *, year: int, quarter: int, by: str | Sequence[str] = ("opd_code",)
) -> pd.DataFrame:
    """Return :func:`budget_absorption` of (year, quarter) beside the same quarter last year.

    Adds ``*_prev`` columns and ``absorption_change_pp`` / ``physical_change_pp`` (points).

    >>> b = pd.DataFrame({"year": [2025, 2026], "quarter": [3, 3], "opd_code": ["DINKES"] * 2,
    ...     "ceiling": [100.0, 100.0], "spent": [50.0, 65.0], "physical_pct": [55.0, 70.0]})
    >>> budget_yoy(b, year=2026, quarter=3)[["opd_code", "absorption_pct", "absorption_change_pp"]]
      opd_code  absorption_pct  absorption_change_pp
    0   DINKES            65.0                  15.0
    """
    columns = _by_columns(by)
    table = budget_absorption(budget, by=columns)
    values = ["n_rows", "ceiling", "spent", "absorption_pct", "physical_pct", "gap_pp"]
    now = table[table["year"].eq(year) & table["quarter"].eq(quarter)][[*columns, *values]]
    prev = table[table["year"].eq(year - 1) & table["quarter"].eq(quarter)][[*columns, *values]]
    out = now.merge(prev, on=columns, how="outer", suffixes=("", "_prev"), sort=True)
    out = out.assign(
        absorption_change_pp=out["absorption_pct"] - out["absorption_pct_prev"],
        physical_change_pp=out["physical_pct"] - out["physical_pct_prev"],
    )
    out.insert(0, "quarter", quarter)
    out.insert(0, "year", year)
    return out


# --------------------------------------------------------------------------- macro indicators


def _is_kabkota(codes: pd.Series, regions: pd.DataFrame | None) -> pd.Series:
    """True for kabupaten/kota rows: ``regions.level`` when given, else a 4-digit BPS code not
    ending in ``00`` (``3500`` is the province, ``0000`` the nation)."""
    if regions is not None and "level" in regions.columns:
        level = regions.assign(region_code=regions["region_code"].astype("str"))
        level = level.drop_duplicates("region_code").set_index("region_code")["level"]
        return codes.map(level).astype("str").str.casefold().isin(["kabupaten", "kota"])
    return codes.str.fullmatch(r"\d{4}").fillna(False) & ~codes.str.endswith("00").fillna(False)


def macro_summary(
    macro: pd.DataFrame,
    *,
    polarity_by_indicator: Mapping[str, str],
    region_code: str = config.REGION_CODE,
    year: int | None = None,
    unit_by_indicator: Mapping[str, str] | None = None,
    break_year_by_indicator: Mapping[str, float] | None = None,
    regions: pd.DataFrame | None = None,
    tolerance_pp: float = config.YOY_TOLERANCE_PP,
    tolerance_pct: float = config.YOY_TOLERANCE_PCT,
    lang: str = "id",
) -> pd.DataFrame:
    """Return the region's value per macro indicator, its YoY change and its rank in the province.

    Parameters
    ----------
    macro
        The macro frame (region_code, region_name, indicator_code, year, value, source).
    polarity_by_indicator
        ``'+'``/``'-'``/``'='`` per indicator_code; an indicator without one gets no direction
        and no rank (``'='`` is not ranked either).
    year
        The year to report; by default each indicator's latest year with a value for the region.
    unit_by_indicator
        Units, to report changes of percent/rate units in pp (others, and unknown, relative %).
    break_year_by_indicator
        Method breaks (e.g. the IPM method change): YoY into that year is not comparable.
    regions
        Optional region catalogue with ``region_code`` and ``level``; without it kabupaten/kota
        are 4-digit codes not ending in ``00``.

    Returns
    -------
    One row per indicator: indicator_code, region_code, region_name, year, value, value_prev,
    change, change_unit, direction, comparable, reason, reason_label, rank (1 = best among the
    kabupaten/kota with a value that year, ties share the best rank), n_regions, source.

    Examples
    --------
    >>> macro = pd.DataFrame({
    ...     "region_code": ["3500", "3513", "3514", "3513", "3514"],
    ...     "region_name": ["Jawa Timur", "Probolinggo", "Pasuruan", "Probolinggo", "Pasuruan"],
    ...     "indicator_code": ["kemiskinan"] * 5, "year": [2025, 2025, 2025, 2024, 2024],
    ...     "value": [9.8, 16.5, 8.9, 17.2, 9.3], "source": ["BPS"] * 5})
    >>> s = macro_summary(macro, polarity_by_indicator={"kemiskinan": "-"},
    ...                   unit_by_indicator={"kemiskinan": "persen"})
    >>> s[["year", "value", "change", "change_unit", "direction", "rank", "n_regions"]].round(2)
       year  value  change change_unit direction  rank  n_regions
    0  2025   16.5    -0.7          pp   membaik   2.0          2
    """
    _require(macro, ["region_code", "indicator_code", "year", "value"], "macro")
    label = _checked_lang(lang)
    m = macro.assign(
        region_code=macro["region_code"].astype("str").str.strip(),
        year=pd.to_numeric(macro["year"]).astype(int),
        value=pd.to_numeric(macro["value"]).astype(float),
    )
    m = m[m["value"].notna()]
    duplicated = m.duplicated(["region_code", "indicator_code", "year"])
    if duplicated.any():
        first = m.loc[duplicated, ["region_code", "indicator_code", "year"]].iloc[0].tolist()
        raise ValueError(f"macro has more than one value for {first}")
    for column in ("region_name", "source"):
        if column not in m.columns:
            m = m.assign(**{column: pd.Series(pd.NA, index=m.index, dtype="str")})

    sign = m["indicator_code"].map(polarity_by_indicator).map({"+": -1.0, "-": 1.0}).astype(float)
    kab = m[_is_kabkota(m["region_code"], regions).to_numpy(dtype=bool)]
    kab = kab.assign(oriented=kab["value"] * sign[kab.index])
    grouped = kab.groupby(["indicator_code", "year"])
    ranks = kab.assign(
        rank=grouped["oriented"].rank(method="min"),
        n_regions=grouped["value"].transform("size"),
    )[["region_code", "indicator_code", "year", "rank", "n_regions"]]

    own = m[m["region_code"].eq(region_code)]
    if year is None:
        chosen = own.groupby("indicator_code", as_index=False)["year"].max()
    else:
        chosen = pd.DataFrame({"indicator_code": own["indicator_code"].unique(), "year": year})
    now = chosen.merge(own, on=["indicator_code", "year"], how="left")
    prev = own[["indicator_code", "year", "value"]].assign(year=own["year"] + 1)
    now = now.merge(
        prev.rename(columns={"value": "value_prev"}), on=["indicator_code", "year"], how="left"
    )
    now = now.merge(ranks, on=["region_code", "indicator_code", "year"], how="left")

    units = now["indicator_code"].map(unit_by_indicator or {})
    kind = change_unit(units)
    value = now["value"].to_numpy(dtype=float, na_value=np.nan)
    value_prev = now["value_prev"].to_numpy(dtype=float, na_value=np.nan)
    change = _relative_change(value, value_prev, kind)
    polarity = _as_text(now["indicator_code"].map(polarity_by_indicator), len(now))
    no_target = np.full(len(now), np.nan)
    improvement = _oriented_change(
        change, polarity, kind, value, value_prev, (no_target, no_target, no_target)
    )
    breaks = pd.to_numeric(now["indicator_code"].map(break_year_by_indicator or {}))
    conditions = {
        "missing_this_year": np.isnan(value),
        "missing_last_year": np.isnan(value_prev),
        "method_break": breaks.eq(now["year"]).fillna(False).to_numpy(dtype=bool),
        "baseline_zero": (kind == "%") & (value_prev == 0) & (value != 0),
    }
    reason = np.select(list(conditions.values()), list(conditions), "").astype(object)
    reason[reason == ""] = None
    comparable = pd.isna(reason)
    direction = _direction(
        improvement, kind, tolerance_pp=tolerance_pp, tolerance_pct=tolerance_pct
    )
    direction[~comparable] = None
    reason_s = pd.Series(reason, index=now.index, dtype="str")
    return pd.DataFrame(
        {
            "indicator_code": now["indicator_code"],
            "region_code": region_code,
            "region_name": now["region_name"],
            "year": now["year"],
            "value": value,
            "value_prev": value_prev,
            "change": change,
            "change_unit": pd.Series(kind, index=now.index, dtype="str"),
            "direction": pd.Series(direction, index=now.index, dtype="str"),
            "comparable": comparable,
            "reason": reason_s,
            "reason_label": reason_s.map(_labels(YOY_REASONS, label)),
            "rank": now["rank"].astype(float),
            "n_regions": now["n_regions"].astype("Int64"),
            "source": now["source"],
        }
    ).sort_values("indicator_code", ignore_index=True)


# --------------------------------------------------------------------------- honest lists

_SHOWN = [
    "pillar",
    "opd_code",
    "indicator_code",
    "indicator_name",
    "unit",
    "polarity",
    "actual_prev",
    "actual",
    "change",
    "change_unit",
    "achievement_prev",
    "achievement_pct",
    "achievement_change",
    "direction",
]


def top_changes(
    yoy: pd.DataFrame, *, n: int = 5, cap: tuple[float, float] = config.ACHIEVEMENT_CAP
) -> pd.DataFrame:
    """Return the ``n`` largest gains and ``n`` largest shortfalls among comparable indicators.

    Indicators are ranked by the change of their capped achievement (points), the one measure
    that is comparable across units and polarities; ties go by opd_code, indicator_code.
    Columns: ``group`` (``gain``/``shortfall``), ``rank`` (1 = largest), ``change_points`` and
    the indicator's identity and YoY columns.

    >>> yoy = pd.DataFrame({"pillar": ["sosial"] * 3, "opd_code": ["DINSOS"] * 3,
    ...     "indicator_code": ["A", "B", "C"], "comparable": [True, True, True],
    ...     "achievement_prev": [80.0, 90.0, 100.0], "achievement_pct": [95.0, 70.0, 100.0]})
    >>> top_changes(yoy, n=2)[["group", "rank", "indicator_code", "change_points"]]
           group  rank indicator_code  change_points
    0       gain     1              A           15.0
    1  shortfall     1              B          -20.0
    """
    rows = yoy[yoy["comparable"].astype(bool)]
    rows = rows.assign(
        change_points=capped(rows["achievement_pct"], cap) - capped(rows["achievement_prev"], cap)
    )
    order = ["change_points", "opd_code", "indicator_code"]
    gains = rows[rows["change_points"] > 0].sort_values(order, ascending=[False, True, True])
    falls = rows[rows["change_points"] < 0].sort_values(order, ascending=[True, True, True])
    picked = pd.concat(
        [gains.head(n).assign(group="gain"), falls.head(n).assign(group="shortfall")],
        ignore_index=True,
    )
    picked = picked.assign(rank=picked.groupby("group").cumcount() + 1)
    shown = [c for c in _SHOWN if c in picked.columns]
    return picked[["group", "rank", *shown, "change_points"]]


def shortcomings(
    yoy: pd.DataFrame,
    *,
    bands: pd.DataFrame = DEFAULT_BANDS,
    n_low_bands: int = 2,
    lang: str = "id",
) -> pd.DataFrame:
    """Return every indicator that worsened or is rated in the lowest bands (Rendah, Sangat Rendah).

    For the report section "Berani jujur terhadap kekurangan". ``rating`` is recomputed from
    ``achievement_pct`` with ``bands``; the lowest ``n_low_bands`` bands count as low. Adds the
    flags ``worsened`` and ``low_rating``; sorted from the lowest achievement up (undefined last).

    >>> yoy = pd.DataFrame({"pillar": ["sosial"] * 3, "opd_code": ["DINSOS"] * 3,
    ...     "indicator_code": ["A", "B", "C"], "comparable": [True, True, True],
    ...     "direction": ["memburuk", "membaik", "membaik"],
    ...     "achievement_pct": [95.0, 40.0, 99.0]})
    >>> shortcomings(yoy)[["indicator_code", "rating", "worsened", "low_rating"]]
      indicator_code         rating  worsened  low_rating
    0              B  Sangat Rendah     False        True
    1              A  Sangat Tinggi      True       False
    """
    column = _label_column(lang)
    rating = rate(yoy["achievement_pct"], bands=bands, lang=lang)
    low_labels = bands.sort_values("lower_bound")[column].head(n_low_bands)
    low = rating.isin(low_labels).to_numpy(dtype=bool)
    worsened = (
        yoy["comparable"].astype(bool) & yoy["direction"].astype("str").eq(WORSENED).fillna(False)
    ).to_numpy(dtype=bool)
    flagged = yoy.assign(rating=rating, worsened=worsened, low_rating=low)[low | worsened]
    return flagged.sort_values(
        ["achievement_pct", "opd_code", "indicator_code"], na_position="last", ignore_index=True
    )


from sae_analysis.metrics.completeness import STATUSES as STATUSES  # noqa: E402
from sae_analysis.metrics.completeness import completeness as completeness  # noqa: E402
from sae_analysis.metrics.opd import opd_pillar_matrix as opd_pillar_matrix  # noqa: E402
from sae_analysis.metrics.opd import opd_ranking as opd_ranking  # noqa: E402
