"""Checks of the clean that only log (DESIGN §5): empty quarters, undefined or implausible
achievements, missing submissions. They change no row; each problem is a line of the quality log
naming the file, sheet, row and column (the rules are in :mod:`sae_analysis.clean.rules`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sae_analysis import config, metrics
from sae_analysis.clean.columns import COLUMN_LABELS, K_COLUMNS
from sae_analysis.ingest.catalogues import Catalogues
from sae_analysis.ingest.quality import QualityLog, format_number


def log_empty_quarters(auth: pd.DataFrame, *, catalogues: Catalogues, log: QualityLog) -> None:
    """Warn about empty realisation cells up to each file's quarter (known indicators only)."""
    rows = auth[auth["indicator_code"].notna()]
    if rows.empty:
        return
    accumulation = rows["indicator_code"].map(
        catalogues.indicators.set_index("indicator_code")["accumulation"]
    )
    values = rows[K_COLUMNS].to_numpy(dtype=float)
    within = np.arange(1, 5)[None, :] <= rows["quarter"].to_numpy(dtype="int64")[:, None]
    empty = np.isnan(values) & within
    any_filled = (~np.isnan(values) & within).any(axis=1)
    for i, j in zip(*np.nonzero(empty & any_filled[:, None]), strict=True):
        row = rows.iloc[i]
        log.add(
            "warning",
            "quarter_empty_last" if accumulation.iloc[i] == "last" else "quarter_empty_sum",
            file=row["source_file"],
            sheet=row["source_sheet"],
            row=row["source_row"],
            column=COLUMN_LABELS[K_COLUMNS[j]],
            opd_code=row["opd_code"],
            quarter_label=f"TW {config.QUARTER_ROMAN[j + 1]}",
        )
    for row in rows[~any_filled].itertuples(index=False):
        log.add(
            "warning",
            "actual_missing",
            file=row.source_file,
            sheet=row.source_sheet,
            row=row.source_row,
            column="Realisasi (K)",
            value=row.indicator_label,
            opd_code=row.opd_code,
            quarter_label=f"TW {config.QUARTER_ROMAN[int(row.quarter)]}",
        )


def log_achievement_issues(performance: pd.DataFrame, *, log: QualityLog) -> None:
    """Target problems that make an achievement undefined (an empty actual is logged already),
    and implausible achievements (over ``config.ACHIEVEMENT_SUSPECT_PCT``, a unit slip)."""
    issues = metrics.achievement_issues(performance, lang=log.lang)
    issues = issues[issues["issue"] != "missing_actual"]
    for row in issues.itertuples(index=False):
        log.add(
            "warning",
            "achievement_undefined",
            file=row.source_file,
            sheet=row.source_sheet,
            row=row.source_row,
            column="Target",
            value=row.indicator_code,
            opd_code=row.opd_code,
            detail=row.message,
        )
    extreme = performance[performance["achievement_pct"].abs() > config.ACHIEVEMENT_SUSPECT_PCT]
    for row in extreme.itertuples(index=False):
        log.add(
            "warning",
            "achievement_extreme",
            file=row.source_file,
            sheet=row.source_sheet,
            row=row.source_row,
            column="Target / Realisasi (K)",
            value=row.indicator_code,
            opd_code=row.opd_code,
            achievement=format_number(round(row.achievement_pct, 1), log.lang),
            limit=format_number(config.ACHIEVEMENT_SUSPECT_PCT, log.lang),
        )


def log_missing_submissions(
    raw: pd.DataFrame, *, year: int, quarter: int, catalogues: Catalogues, log: QualityLog
) -> None:
    """Warn for every quarter up to q of the year an OPD with catalogue indicators sent no file.

    A late quarter is still listed when a later file fills its columns: the evaluator chases
    punctuality too.
    """
    this_year = raw[raw["year"].eq(year)]
    sent = set(zip(this_year["opd_code"], this_year["quarter"], strict=True))
    expected = catalogues.opd["opd_code"][
        catalogues.opd["opd_code"].isin(catalogues.indicators["opd_code"])
    ]
    for q in range(1, quarter + 1):
        for code in expected:
            if (code, q) not in sent:
                log.add(
                    "warning",
                    "submission_missing",
                    opd_code=code,
                    opd=code,
                    period=f"TW {config.QUARTER_ROMAN[q]} {year}",
                )
