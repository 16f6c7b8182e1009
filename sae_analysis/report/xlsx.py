"""The XLSX summary for evaluators who work in Excel: the report's tables, one sheet each.

Each sheet is a table an evaluator can hand on: headers in the report's language (the ``xlsx``
section of the message catalogue: "Capaian 2026 (%)", "Perubahan (poin)"), percentages, points
and rupiah in number formats, an autofilter on the header, the header frozen and columns as wide
as their contents. Row 1 holds the column codes (``mean_achievement``, ``n_comparable``) for
programs and is hidden; people read row 2. The values are the tables' own (a percentage stays
85.7, shown "85.7 %"), so a program reading the codes gets the same numbers as the parquet
files. Sheet names come from ``report.xlsx_sheet``. Formula-like text is neutralised and the
bytes are the same each run.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable

import numpy as np
import pandas as pd

from sae_analysis import metrics, text
from sae_analysis.report.document import Report

#: The sheets in workbook order (their names: ``report.xlsx_sheet.<key>`` in the catalogue).
SHEETS = (
    "pillars", "indicators", "opd", "budget", "shortcomings", "completeness", "quality", "macro",
)  # fmt: skip

PERCENT = '0.0" %"'
POINTS = "+0.0;-0.0;0.0"
RUPIAH = '"Rp "#,##0'
COUNT = "0"
NUMBER = "#,##0.##"

#: Columns (by code) whose values are percentages, changes in points, rupiah or counts; other
#: numeric columns show as plain numbers, text as it is.
_PERCENT = {
    "mean_achievement", "mean_achievement_prev", "share_improved_pct", "share_worsened_pct",
    "share_unchanged_pct", "absorption_pct", "physical_pct", "achievement_prev",
    "achievement_pct", "expected_share_pct", "actual_share_pct", "absorption_pct_prev",
    "physical_pct_prev",
}  # fmt: skip
_POINTS = {
    "change_points", "gap_pp", "achievement_change", "pace_gap_points", "gap_pp_prev",
    "absorption_change_pp", "physical_change_pp",
}  # fmt: skip
_RUPIAH = {"ceiling", "spent", "ceiling_prev", "spent_prev"}
_COUNT = {"year", "quarter", "rank", "n_regions", "expected", "reported", "error", "warning"}

#: Column widths (characters) are the longest text shown, within these bounds.
_WIDTH = (8, 48)
#: Bold header text is about this much wider than the plain characters Excel counts widths in.
_BOLD = 1.25


def summary_tables(rep: Report) -> dict[str, pd.DataFrame]:
    """The summary tables, keyed as :data:`SHEETS`."""
    return {
        "pillars": rep.pillars,
        "indicators": rep.yoy,
        "opd": rep.opd_scores,
        "budget": rep.budget,
        "shortcomings": metrics.shortcomings(
            rep.yoy, bands=rep.catalogues.rating_bands, lang=rep.lang
        ),
        "completeness": rep.completeness_table(),
        "quality": rep.quality,
        "macro": rep.macro,
    }


def number_format(column: str) -> str | None:
    """The Excel number format of a column (by its code); None for text and plain values.

    >>> number_format("mean_achievement"), number_format("change_points"), number_format("spent")
    ('0.0" %"', '+0.0;-0.0;0.0', '"Rp "#,##0')
    >>> number_format("n_improved"), number_format("indicator_name")
    ('0', None)
    """
    if column in _PERCENT:
        return PERCENT
    if column in _POINTS:
        return POINTS
    if column in _RUPIAH:
        return RUPIAH
    if column in _COUNT or column.startswith(("n_", "excluded_")):
        return COUNT
    return None


def header(column: str, *, lang: str, year: int) -> str:
    """The header people read for a column code, in ``lang``.

    >>> header("mean_achievement", lang="id", year=2026), header("change_points", lang="en", year=2026)
    ('Capaian 2026 (%)', 'Change (points)')
    >>> header("excluded_unit_changed", lang="id", year=2026)
    'Dikecualikan: Satuan berubah'
    """
    if column.startswith("excluded_"):
        reason = text.get(f"yoy_reasons.{column.removeprefix('excluded_')}", lang)
        return text.get("xlsx.excluded", lang, reason=reason)
    return text.get(f"xlsx.{column}", lang, year=year, year_prev=year - 1)


def summary_xlsx(rep: Report) -> bytes:
    """The XLSX summary workbook as bytes: formula-like text neutralised, the same bytes each run."""
    # openpyxl takes ~0.7 s to import (measured with -X importtime); the kernel that renders the
    # HTML report imports this package but never writes the workbook, so it does not pay for it
    from openpyxl import Workbook

    from sae_analysis.ingest.quality import neutralise_formula
    from sae_analysis.workbooks import workbook_bytes

    wb = Workbook()
    wb.remove(wb.active)
    for key, frame in summary_tables(rep).items():
        ws = wb.create_sheet(rep.t(f"xlsx_sheet.{key}"))
        _fill(ws, frame, rep=rep, neutralise=neutralise_formula)
    return workbook_bytes(wb)


def _fill(ws, frame: pd.DataFrame, *, rep: Report, neutralise: Callable[[object], object]) -> None:
    """One sheet: the hidden row of codes, the header, the values in their formats, the filter."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    codes = [str(c) for c in frame.columns]
    headers = [header(c, lang=rep.lang, year=rep.params.year) for c in codes]
    ws.append(codes)
    ws.append(headers)
    for record in frame.itertuples(index=False):
        ws.append([_xlsx_value(v, neutralise) for v in record])
    ws.row_dimensions[1].hidden = True
    bold, fill = Font(name="Calibri", bold=True), PatternFill("solid", fgColor="E4E7EB")
    wrap = Alignment(wrap_text=True, vertical="top")
    widths = [_width(title, frame[code]) for title, code in zip(headers, codes, strict=True)]
    # Excel does not grow a row for wrapped text written by a program: the header row is as
    # tall as its most wrapped header (15 points a line)
    lines = max((_lines(t, w) for t, w in zip(headers, widths, strict=True)), default=1)
    ws.row_dimensions[2].height = 15 * lines
    for i, code in enumerate(codes, start=1):
        letter = get_column_letter(i)
        cell = ws.cell(row=2, column=i)
        cell.font, cell.fill, cell.alignment = bold, fill, wrap
        fmt = number_format(code)
        if fmt is not None:
            for (value_cell,) in ws.iter_rows(min_row=3, min_col=i, max_col=i):
                value_cell.number_format = fmt
        ws.column_dimensions[letter].width = widths[i - 1]
    last = get_column_letter(max(len(codes), 1))
    ws.auto_filter.ref = f"A2:{last}{ws.max_row}"
    ws.freeze_panes = "A3"


def _width(title: str, values: pd.Series) -> float:
    """Characters wide enough for most values and for the bold header on at most three lines."""
    need = max(max((len(w) for w in title.split()), default=0), len(title) / 3) * _BOLD
    # per value in Python: pandas' dropna/astype/str.len/quantile took 1.4 ms a column, a
    # quarter of an OPD's workbook (162 columns); the same lengths and the same linear quantile
    if values.dtype.kind in "mM" or isinstance(values.dtype, pd.CategoricalDtype):
        # dates print differently through str(); none of the summary's tables has them
        shown = values.dropna().astype("str").str.len().tolist()
    else:
        shown = [len(str(v)) for v in values.tolist() if not _missing(v)]
    typical = float(np.quantile(shown, 0.9)) if shown else 0.0
    return float(round(min(max(need + 2, typical + 2, _WIDTH[0]), _WIDTH[1]), 1))


def _missing(value: object) -> bool:
    """What :meth:`pandas.Series.dropna` drops: None, NaN, NA, NaT."""
    return value is None or value is pd.NA or value is pd.NaT or value != value


def _lines(title: str, width: float) -> int:
    """Lines the bold header takes in a column ``width`` characters wide."""
    return max(len(textwrap.wrap(title, max(int((width - 2) / _BOLD), 1))), 1)


def _xlsx_value(value: object, neutralise: Callable[[object], object]) -> object:
    """A cell value openpyxl can write: missing -> empty, numpy scalars -> Python, text neutralised."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return neutralise(value)
