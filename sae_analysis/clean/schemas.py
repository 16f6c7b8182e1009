"""Pandera schemas of the tables notebook 01 writes (DESIGN §5): the contract between the stages.

:mod:`sae_analysis.datasets` names each table with its file and checks it against its schema before
writing it and after reading it, so a broken table fails at the boundary with the column named, not
three cells later. ``performance``, ``budget``, ``macro`` and ``quality_issues`` coerce their
columns (the frames written are the checked ones); ``submissions`` is checked as it is.
"""

from __future__ import annotations

import pandera.pandas as pa

from sae_analysis import config
from sae_analysis.params import YEAR_RANGE

#: Pillar codes are the active profile's, read when a table is checked (not when this is imported).
_PILLAR = pa.Check(
    lambda s: s.isin(list(config.PILLARS)),
    name="pillar_of_profile",
    error="a pillar of the profile",
)


def _text(
    *, nullable: bool = False, isin: list[str] | None = None, checks: list[pa.Check] | None = None
) -> pa.Column:
    checks = [pa.Check.isin(isin)] if isin else list(checks or [])
    return pa.Column(str, checks=checks, nullable=nullable)


def _number(*, nullable: bool = True, ge: float | None = None) -> pa.Column:
    checks = [pa.Check.ge(ge)] if ge is not None else []
    return pa.Column(float, checks=checks, nullable=nullable, coerce=True)


_QUARTER = pa.Column(int, pa.Check.isin([1, 2, 3, 4]), coerce=True)
_YEAR = pa.Column(int, pa.Check.in_range(*YEAR_RANGE), coerce=True)

performance = pa.DataFrameSchema(
    {
        "year": _YEAR,
        "quarter": _QUARTER,
        "opd_code": _text(),
        "indicator_code": _text(),
        "indicator_name": _text(),
        "pillar": _text(checks=[_PILLAR]),
        "unit": _text(nullable=True),
        "polarity": _text(isin=["+", "-", "="]),
        "target": _number(),
        "target_low": _number(),
        "target_high": _number(),
        "actual": _number(),
        "achievement_pct": _number(),
        "rating": _text(nullable=True),
        "source_file": _text(),
        "source_row": pa.Column(int, pa.Check.ge(1), coerce=True),
    },
    unique=["year", "quarter", "opd_code", "indicator_code"],
    name="performance",
)

budget = pa.DataFrameSchema(
    {
        "year": _YEAR,
        "quarter": _QUARTER,
        "opd_code": _text(),
        "ceiling": _number(),
        "spent": _number(),
        "absorption_pct": _number(),
        "physical_pct": _number(),
        "source_file": _text(),
        "source_row": pa.Column(int, pa.Check.ge(1), coerce=True),
    },
    name="budget",
)

macro = pa.DataFrameSchema(
    {
        "region_code": _text(),
        "region_name": _text(),
        "indicator_code": _text(),
        "year": _YEAR,
        "value": _number(),
        "source": _text(),
    },
    unique=["region_code", "indicator_code", "year"],
    name="macro",
)

submissions = pa.DataFrameSchema(
    {
        "year": pa.Column("int64", pa.Check.in_range(2000, 2100)),
        "quarter": pa.Column("int64", pa.Check.isin([1, 2, 3, 4])),
        "opd_code": _text(),
        "source_file": _text(),
        "n_rows": pa.Column("int64", pa.Check.ge(1)),
    },
    unique=["year", "quarter", "opd_code", "source_file"],
    name="submissions",
)

quality_issues = pa.DataFrameSchema(
    {
        "severity": _text(isin=["error", "warning"]),
        "file": _text(nullable=True),
        "sheet": _text(nullable=True),
        "row": pa.Column("Int64", pa.Check.ge(1), nullable=True, coerce=True),
        "column": _text(nullable=True),
        "value": _text(nullable=True),
        "message": _text(),
    },
    name="quality_issues",
)
