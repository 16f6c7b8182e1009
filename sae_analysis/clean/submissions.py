"""Which files a run reads (the submissions of a year up to its quarter, and of earlier years) and
which OPD sent a file for which quarter (for data completeness)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sae_analysis import config
from sae_analysis.ingest.e81 import SUBMISSION_SUFFIXES
from sae_analysis.ingest.rawframe import QUARTERS


def submission_table(raw: pd.DataFrame, *, year: int, quarter: int) -> pd.DataFrame:
    """One row per file of ``year`` up to ``quarter`` that gave rows: its OPD, quarter, row count.

    >>> raw = pd.DataFrame({"year": [2026, 2026, 2026, 2025], "quarter": [1, 3, 3, 3],
    ...     "opd_code": ["DINKES"] * 4, "source_file": ["a.xlsx", "c.xlsx", "c.xlsx", "z.xlsx"]})
    >>> submission_table(raw, year=2026, quarter=3)
       year  quarter opd_code source_file  n_rows
    0  2026        1   DINKES      a.xlsx       1
    1  2026        3   DINKES      c.xlsx       2
    """
    rows = raw[raw["year"].eq(year) & raw["quarter"].le(quarter)]
    keys = ["year", "quarter", "opd_code", "source_file"]
    return rows.groupby(keys, as_index=False, sort=True).size().rename(columns={"size": "n_rows"})


def _is_submission(path: Path) -> bool:
    return (
        path.is_file()
        and path.suffix.lower() in SUBMISSION_SUFFIXES
        and not path.name.startswith(("~$", "."))
    )


def submission_paths(raw_dir: str | Path, *, year: int, quarter: int) -> list[Path]:
    """Submission files to read for (year, quarter): that year up to q, all of earlier years."""
    raw = Path(raw_dir)
    years = sorted(int(p.name) for p in raw.iterdir() if p.is_dir() and p.name.isdigit())
    paths: list[Path] = []
    for y in (y for y in years if y <= year):
        for q in QUARTERS:
            if y == year and q > quarter:
                break
            folder = config.quarter_dir(raw, y, q)
            if folder.is_dir():
                paths.extend(sorted(p for p in folder.iterdir() if _is_submission(p)))
    return paths
