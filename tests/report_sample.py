"""A small generated sample for the report's tests: 4 OPDs, a planted remark, one late OPD."""

from __future__ import annotations

from pathlib import Path

import nbformat
import openpyxl

from sae_analysis import config, stages
from sae_analysis.report import Report, sections

#: Text an OPD might type into the Keterangan cell; the report must show it, never run it.
PLANTED = '<script>alert("sae")</script> Anggaran & "kegiatan" <b>tertunda</b>'

#: Notebook 03, the report itself.
NOTEBOOK = config.PROJECT_ROOT / "notebooks" / "03_report.ipynb"


def plant_remark(raw: Path) -> str:
    """Write PLANTED into the Keterangan cell of the first indicator row of one 2026 TW3 file."""
    path = sorted((raw / "2026" / "TW3").glob("*.xlsx"))[0]
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = next(
        (cell for row in ws.iter_rows(max_row=12) for cell in row
         if isinstance(cell.value, str) and cell.value.strip().lower().startswith("keterangan")),
    )  # fmt: skip
    code_col = next(
        cell.column
        for cell in ws[header.row]
        if isinstance(cell.value, str) and cell.value == "Kode"
    )
    row = next(  # an indicator row: a number in "No" (program rows have none)
        r for r in range(header.row + 1, ws.max_row + 1)
        if isinstance(ws.cell(r, 1).value, int | float) and isinstance(ws.cell(r, code_col).value, str)
    )  # fmt: skip
    ws.cell(row, header.column).value = PLANTED
    wb.save(path)
    return str(ws.cell(row, code_col).value).strip()


def build(base: Path, lang: str) -> Report:
    """Clean and compare the sample under ``base/raw`` and load the report in ``lang``."""
    run = stages.params(
        raw_dir=base / "raw",
        processed_dir=base / f"processed-{lang}",
        reports_dir=base / "reports",
        lang=lang,
    )
    stages.clean_stage(run)
    stages.yoy_stage(run)
    return Report.load(run)


def report_notebook(rep: Report) -> nbformat.NotebookNode:
    """Notebook 03 as papermill leaves it, without a kernel: its markdown cells as they are, each
    shown code cell's one call evaluated into its HTML output, the hidden cells dropped."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cells = []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "remove_cell" in tags or "parameters" in tags:
            continue
        if cell.cell_type == "code":
            shown = eval(cell.source, {"sections": sections, "rep": rep})  # one call, no logic
            cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": shown.data})]
        cells.append(cell)
    nb.cells = cells
    nb.metadata["papermill"] = {"parameters": {"lang": rep.lang}}
    return nb
