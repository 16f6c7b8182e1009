"""Pandera schemas of notebook 02's YoY tables (docs/ARCHITECTURE.md, "Metrics frames").

The tables are checked as :mod:`sae_analysis.metrics` builds them, never coerced: a check that
converted a column would change the bytes written and the figures 03 reads. Columns whose type
depends on the data (``n_rows_prev`` is float when an OPD has no budget last year, ``rank`` is
float because a region may have none) are checked as numbers of any width.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.engines import pandas_engine

from sae_analysis import config, metrics
from sae_analysis.params import YEAR_RANGE

#: Pillar codes are the active profile's, read when a table is checked (not when this is imported).
_PILLAR = pa.Check(
    lambda s: s.isin(list(config.PILLARS)),
    name="pillar_of_profile",
    error="a pillar of the profile",
)
_REASONS = list(metrics.YOY_REASONS)
_DIRECTIONS = [metrics.IMPROVED, metrics.WORSENED, metrics.UNCHANGED]
_CHANGE_UNITS = ["pp", "%"]

_NUMERIC = pa.Check(
    lambda s: pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s),
    element_wise=False,
    name="is_numeric",
    error="a number column",
)


class _Text(pandas_engine.STRING):
    """pandera's ``str`` (``string[pyarrow]``), answering a whole column's check with one value
    when every element passes: pandera's own answers a column of the same string dtype with an
    array of True, and pandera then formats that column's (empty) failure cases into a message
    it does not use — 1.3 ms a text column, about 40 ms of each OPD's tables written and read.
    A column with a failing element gets the element-wise answer, so the error is unchanged."""

    def check(self, pandera_dtype, data_container=None):  # type: ignore[no-untyped-def]
        result = super().check(pandera_dtype, data_container)
        if isinstance(result, np.ndarray | pd.Series) and bool(np.all(result)) and len(result):
            return True
        return result


#: The dtype of every text column (one instance: pandera's data types are immutable).
TEXT = _Text()


def _text(
    *, nullable: bool = True, isin: list[str] | None = None, checks: list[pa.Check] | None = None
) -> pa.Column:
    return pa.Column(TEXT, [pa.Check.isin(isin)] if isin else list(checks or []), nullable=nullable)


def _real(*, required: bool = True) -> pa.Column:
    return pa.Column("float64", nullable=True, required=required)


def _count() -> pa.Column:
    return pa.Column("int64", pa.Check.ge(0))


def _number() -> pa.Column:
    return pa.Column(None, _NUMERIC, nullable=True)


_YEAR = pa.Column("int64", pa.Check.in_range(*YEAR_RANGE))
_QUARTER = pa.Column("int64", pa.Check.isin([1, 2, 3, 4]))

#: The columns of :func:`metrics.compare_years`' verdict, in the indicator and the macro tables.
_VERDICT = {
    "change": _real(),
    "change_unit": _text(isin=_CHANGE_UNITS),
    "direction": _text(isin=_DIRECTIONS),
    "comparable": pa.Column(bool),
    "reason": _text(isin=_REASONS),
    "reason_label": _text(),
}

yoy_indicators = pa.DataFrameSchema(
    {
        "year": _YEAR,
        "quarter": _QUARTER,
        "pillar": _text(nullable=False, checks=[_PILLAR]),
        "opd_code": _text(nullable=False),
        "indicator_code": _text(nullable=False),
        "indicator_name": _text(),
        "unit": _text(),
        "polarity": _text(isin=["+", "-", "="]),
        "kind": _text(),
        "accumulation": _text(isin=["sum", "last"]),
        "target": _real(),
        "target_low": _real(),
        "target_high": _real(),
        "actual_prev": _real(),
        "actual": _real(),
        "achievement_prev": _real(),
        "achievement_pct": _real(),
        "achievement_change": _real(),
        "rating": _text(),
        "target_tw": _real(),
        "expected_share_pct": _real(),
        "actual_share_pct": _real(),
        "pace_gap_points": _real(),
        "pace_status": _text(isin=list(metrics.PACE_STATUSES)),
        "pace_label": _text(),
        **_VERDICT,
    },
    unique=["opd_code", "indicator_code"],
    name="yoy_indicators",
)


def _figures(group: str, *, extra: dict[str, pa.Column], name: str) -> pa.DataFrameSchema:
    """The columns of a figure frame (``metrics.pillar_figures``, ``metrics.opd_scorecard``)."""
    return pa.DataFrameSchema(
        {
            group: _text(nullable=False, checks=[_PILLAR] if group == "pillar" else None),
            **extra,
            "n_indicators": _count(),
            "n_comparable": _count(),
            "mean_achievement": _real(),
            "mean_achievement_prev": _real(),
            "n_improved": _count(),
            "n_worsened": _count(),
            "n_unchanged": _count(),
            "change_points": _real(),
            "n_excluded": _count(),
            "share_improved_pct": _real(),
            "share_worsened_pct": _real(),
            "share_unchanged_pct": _real(),
            "rating": _text(),
            **{f"excluded_{reason}": _count() for reason in _REASONS},
        },
        unique=[group],
        name=name,
    )


_BUDGET = ["ceiling", "spent", "absorption_pct", "physical_pct", "gap_pp"]

#: The budget columns of the pillar figures come only when the run has budget rows (one OPD's
#: run may have none).
yoy_pillars = _figures(
    "pillar", extra={"pillar_label": _text(nullable=False)}, name="yoy_pillars"
).add_columns({column: _real(required=False) for column in _BUDGET})

yoy_opd = _figures("opd_code", extra={}, name="yoy_opd")

budget_absorption = pa.DataFrameSchema(
    {
        "year": _YEAR,
        "quarter": _QUARTER,
        "opd_code": _text(nullable=False),
        "n_rows": _count(),
        **{column: _real() for column in _BUDGET},
        "n_rows_prev": _number(),
        **{f"{column}_prev": _real() for column in _BUDGET},
        "absorption_change_pp": _real(),
        "physical_change_pp": _real(),
    },
    unique=["opd_code"],
    name="budget_absorption",
)

macro_summary = pa.DataFrameSchema(
    {
        "indicator_code": _text(nullable=False),
        "region_code": _text(nullable=False),
        "region_name": _text(),
        "year": _YEAR,
        "value": _real(),
        "value_prev": _real(),
        **_VERDICT,
        "rank": _number(),
        "n_regions": _number(),
        "province_value": _real(),
        "national_value": _real(),
        "source": _text(),
    },
    unique=["indicator_code", "region_code"],
    name="macro_summary",
)
