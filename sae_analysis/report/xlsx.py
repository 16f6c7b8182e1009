"""The XLSX summary for evaluators who work in Excel: the report's tables, one sheet each.

Columns keep their English snake_case names; sheet names come from the catalogue
(``report.xlsx_sheet``). Formula-like text is neutralised and the bytes are the same each run.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from sae_analysis import metrics
from sae_analysis.report.document import Report

#: The sheets in workbook order (their names: ``report.xlsx_sheet.<key>`` in the catalogue).
SHEETS = (
    "pillars", "indicators", "opd", "budget", "shortcomings", "completeness", "quality", "macro",
)  # fmt: skip


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


def summary_xlsx(rep: Report) -> bytes:
    """The XLSX summary workbook as bytes: formula-like text neutralised, the same bytes each run."""
    # openpyxl takes ~0.7 s to import (measured with -X importtime); the kernel that renders the
    # HTML report imports this package but never writes the workbook, so it does not pay for it
    from openpyxl import Workbook

    from sae_analysis.ingest.quality import neutralise_formula
    from sae_analysis.workbooks import workbook_bytes

    wb = Workbook(write_only=True)
    for key, frame in summary_tables(rep).items():
        ws = wb.create_sheet(rep.t(f"xlsx_sheet.{key}"))
        ws.freeze_panes = "A2"
        ws.append([str(c) for c in frame.columns])
        for record in frame.itertuples(index=False):
            ws.append([_xlsx_value(v, neutralise_formula) for v in record])
    return workbook_bytes(wb)


def _xlsx_value(value: object, neutralise: Callable[[object], object]) -> object:
    """A cell value openpyxl can write: missing -> empty, numpy scalars -> Python, text neutralised."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return neutralise(value)
