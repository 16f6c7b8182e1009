"""Which OPD and which period a submission belongs to: from its title rows, folder and file name.

- OPD (DESIGN §4.2): from a "PERANGKAT DAERAH : ..." title row (or such a label row inside the
  table), then any title cell, then an OPD column, then the file name; a file name naming
  another OPD than the title is a warning.
- Period: year and quarter come from the folder ``<YEAR>/TW<Q>``; a title row naming another
  period is an error in the log, and the folder's period is used (the evaluator filed the file
  there; the OPD is asked to fix the title or the evaluator to move the file). A title may give
  the year only ("TAHUN 2025"); the quarter then comes from the sheet's name ("Realisasi TW
  IV"), which is cross-checked with the folder too (a warning: sheet names are often left from
  a template). Without the folder layout (``sae-analysis validate`` on a loose file) the
  title's period is used, its quarter completed by the sheet's name.

Each result comes with its :class:`Origin`, where it was read, for ``sae-analysis validate
--explain``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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

#: A title text and the Excel row it is on.
Title = tuple[int, str]


@dataclass(frozen=True)
class Origin:
    """Where a fact about a file was read: ``kind`` is ``title`` (a title row), ``label`` (a
    label row inside the table), ``column`` (an OPD column), ``file`` (the file name),
    ``folder``, ``sheet`` (the sheet's name) or ``none``; ``row`` the Excel row, ``text`` what
    was read there; ``agrees``: for a source that only confirms, whether it agrees."""

    kind: str
    text: str = ""
    row: int | None = None
    agrees: bool | None = None


NOWHERE = Origin("none")


def _period_from_path(path: Path) -> tuple[int | None, int | None]:
    match = _FOLDER_QUARTER.match(path.parent.name)
    year_name = path.parent.parent.name
    if match and re.fullmatch(r"\d{4}", year_name):
        return int(year_name), int(match.group(1))
    return None, None


def folder_quarter(path: Path) -> int | None:
    """The quarter of the ``<YEAR>/TW<Q>`` folder a file lies in, or None."""
    return _period_from_path(path)[1]


def title_texts(rows: list[list[object]], upto: int) -> list[Title]:
    """Each title row's non-empty cells joined by spaces (label and value may sit in two cells),
    with its Excel row."""
    texts = []
    for i, row in enumerate(rows[:upto]):
        cells = [str(v).strip() for v in row if isinstance(v, str) and v.strip()]
        if cells:
            texts.append((i + 1, " ".join(cells)))
    return texts


def sheet_quarter(name: str) -> int | None:
    """The quarter a sheet's name gives ("Realisasi TW IV", "TW 2", "Triwulan III").

    >>> sheet_quarter("Realisasi TW IV"), sheet_quarter("E81"), sheet_quarter("Triwulan ll")
    (4, None, None)
    """
    return quarter_of(normalise_name(name))


def _period_from_titles(titles: list[Title]) -> tuple[int | None, int | None, Title | None]:
    year = quarter = None
    found: Title | None = None
    for row, text in titles:
        key = normalise_name(text)
        if quarter is None and (q := quarter_of(key)):
            quarter, found = q, (row, text)
            year_match = YEAR.search(key)
            year = int(year_match.group(1)) if year_match else year
        elif year is None and (m := YEAR.search(key)) and key.startswith(("tahun", "periode")):
            year, found = int(m.group(1)), found or (row, text)
    return year, quarter, found


def _opd_from_titles(
    titles: list[Title], catalogues: Catalogues
) -> tuple[str | None, Title | None]:
    for row, text in titles:
        match = _OPD_TITLE.search(text)
        if match and (code := resolve_opd(match.group(1), catalogues)):
            return code, (row, text)
    for row, text in titles:
        if code := resolve_opd(text, catalogues):
            return code, (row, text)
    return None, None


def identify_opd(
    path: Path,
    titles: list[Title],
    opd_column: np.ndarray | None,
    catalogues: Catalogues,
    *,
    where: dict[str, str],
    log: QualityLog,
    labels: list[Title] | None = None,
) -> tuple[str | None, Origin]:
    """OPD from the title rows (and ``labels``, label rows inside the table), else an OPD
    column, else the file name (DESIGN §4.2); and where it was read.

    ``where`` names the file and sheet for the log.
    """
    labels = labels or []
    from_name = resolve_opd(path.stem, catalogues)
    code, title = _opd_from_titles([*titles, *labels], catalogues)
    origin = NOWHERE
    if title is not None:
        kind = "label" if title in labels else "title"
        origin = Origin(kind, title[1], title[0])
    if code is None and opd_column is not None:
        for value in pd.Series(opd_column, dtype=object).dropna().unique():
            if code := resolve_opd(value, catalogues):
                origin = Origin("column", str(value))
                break
    if code is None and from_name is not None:
        code, origin = from_name, Origin("file", path.name)
    if code is None:
        log.add("error", "opd_unknown", **where)
    elif from_name is not None and from_name != code:
        log.add(
            "warning", "opd_file_name_differs", **where, opd=code, other=from_name, opd_code=code
        )
    return code, origin


def _period_label(year: int | None, quarter: int | None) -> str:
    return f"TW{quarter if quarter else '?'} {year if year else '?'}"


def identify_period(
    path: Path,
    titles: list[Title],
    *,
    sheet: str = "",
    where: dict[str, str],
    opd_code: str | None,
    log: QualityLog,
) -> tuple[int | None, int | None, list[Origin]]:
    """Year and quarter from the folder, cross-checked with the title rows and the sheet's name;
    and the sources read, the one used first."""
    folder_year, folder_q = _period_from_path(path)
    title_year, title_quarter, title = _period_from_titles(titles)
    named = sheet_quarter(sheet) if title_quarter is None else None
    if folder_year is None:
        quarter = title_quarter or named
        origins = [Origin("title", title[1], title[0])] if title else []
        origins += [Origin("sheet", sheet)] if named else []
        if title_year is None or quarter is None:
            log.add("error", "period_unknown", **where, opd_code=opd_code)
        return title_year, quarter, origins or [NOWHERE]
    differs = (title_quarter is not None and title_quarter != folder_q) or (
        title_year is not None and title_year != folder_year
    )
    origins = [Origin("folder", f"{folder_year}/TW{folder_q}")]
    if title is not None:
        origins.append(Origin("title", title[1], title[0], agrees=not differs))
    if differs:
        log.add(
            "error",
            "period_mismatch",
            **where,
            opd_code=opd_code,
            title_period=_period_label(title_year, title_quarter),
            folder_period=_period_label(folder_year, folder_q),
        )
    if named is not None:
        origins.append(Origin("sheet", sheet, agrees=named == folder_q))
        if named != folder_q:
            log.add(
                "warning",
                "period_sheet_mismatch",
                **where,
                opd_code=opd_code,
                value=sheet,
                sheet_period=f"TW{named}",
                folder_period=_period_label(folder_year, folder_q),
            )
    return folder_year, folder_q, origins
