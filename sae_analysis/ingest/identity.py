"""Which OPD and which period a submission belongs to: from its title rows, folder and file name.

- OPD (DESIGN §4.2): from a "PERANGKAT DAERAH : ..." title row, then any title cell, then an OPD
  column, then the file name; a file name naming another OPD than the title is a warning.
- Period: year and quarter come from the folder ``<YEAR>/TW<Q>``; a title row naming another
  period is an error in the log, and the folder's period is used (the evaluator filed the file
  there; the OPD is asked to fix the title or the evaluator to move the file). Without the folder
  layout (``sae-analysis validate`` on a loose file) the title's period is used.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from sae_analysis.ingest.catalogues import Catalogues, normalise_name, resolve_opd
from sae_analysis.ingest.header import YEAR, quarter_of
from sae_analysis.ingest.quality import QualityLog

_OPD_TITLE = re.compile(
    r"(?:perangkat daerah|opd|skpd|unit kerja|satuan kerja)\s*:\s*(.+)", re.IGNORECASE
)
_FOLDER_QUARTER = re.compile(r"^tw\s*([1-4])$", re.IGNORECASE)


def _period_from_path(path: Path) -> tuple[int | None, int | None]:
    match = _FOLDER_QUARTER.match(path.parent.name)
    year_name = path.parent.parent.name
    if match and re.fullmatch(r"\d{4}", year_name):
        return int(year_name), int(match.group(1))
    return None, None


def title_texts(rows: list[list[object]], upto: int) -> list[str]:
    """Each title row's non-empty cells joined by spaces (label and value may sit in two cells)."""
    texts = []
    for row in rows[:upto]:
        cells = [str(v).strip() for v in row if isinstance(v, str) and v.strip()]
        if cells:
            texts.append(" ".join(cells))
    return texts


def _period_from_titles(titles: list[str]) -> tuple[int | None, int | None]:
    year = quarter = None
    for text in titles:
        key = normalise_name(text)
        if quarter is None and (q := quarter_of(key)):
            quarter = q
            year_match = YEAR.search(key)
            year = int(year_match.group(1)) if year_match else year
        elif year is None and key.startswith(("tahun", "periode")) and (m := YEAR.search(key)):
            year = int(m.group(1))
    return year, quarter


def _opd_from_titles(titles: list[str], catalogues: Catalogues) -> str | None:
    for text in titles:
        match = _OPD_TITLE.search(text)
        if match and (code := resolve_opd(match.group(1), catalogues)):
            return code
    for text in titles:
        if code := resolve_opd(text, catalogues):
            return code
    return None


def identify_opd(
    path: Path,
    titles: list[str],
    opd_column: np.ndarray | None,
    catalogues: Catalogues,
    *,
    where: dict[str, str],
    log: QualityLog,
) -> str | None:
    """OPD from the title rows, else an OPD column, else the file name (DESIGN §4.2).

    ``where`` names the file and sheet for the log.
    """
    from_name = resolve_opd(path.stem, catalogues)
    code = _opd_from_titles(titles, catalogues)
    if code is None and opd_column is not None:
        for value in pd.Series(opd_column, dtype=object).dropna().unique():
            if code := resolve_opd(value, catalogues):
                break
    if code is None:
        code = from_name
    if code is None:
        log.add("error", "opd_unknown", **where)
    elif from_name is not None and from_name != code:
        log.add(
            "warning", "opd_file_name_differs", **where, opd=code, other=from_name, opd_code=code
        )
    return code


def _period_label(year: int | None, quarter: int | None) -> str:
    return f"TW{quarter if quarter else '?'} {year if year else '?'}"


def identify_period(
    path: Path, titles: list[str], *, where: dict[str, str], opd_code: str | None, log: QualityLog
) -> tuple[int | None, int | None]:
    """Year and quarter from the folder, cross-checked with the title rows."""
    folder_year, folder_quarter = _period_from_path(path)
    title_year, title_quarter = _period_from_titles(titles)
    if folder_year is None:
        if title_year is None or title_quarter is None:
            log.add("error", "period_unknown", **where, opd_code=opd_code)
        return title_year, title_quarter
    differs = (title_quarter is not None and title_quarter != folder_quarter) or (
        title_year is not None and title_year != folder_year
    )
    if differs:
        log.add(
            "error",
            "period_mismatch",
            **where,
            opd_code=opd_code,
            title_period=_period_label(title_year, title_quarter),
            folder_period=_period_label(folder_year, folder_quarter),
        )
    return folder_year, folder_quarter
