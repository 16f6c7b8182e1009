"""Security: formula injection in CSV/XLSX, script injection in the published HTML, and
parameters that try to inject code into the notebooks.

One run (no PDF) over a generated sample with planted cells serves the slow tests.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from cli_runs import run_cli
from papermill.translators import translate_parameters

from sae_analysis import config
from sae_analysis.ingest.quality import FORMULA_PREFIXES
from sae_analysis.sampledata import sample

HYPERLINK_LABEL = '=HYPERLINK("http://evil.example/x","klik")'
HYPERLINK_REMARK = '=HYPERLINK("http://evil.example/k","ket")'
SCRIPT_LABEL = "<script>alert(1)</script>"
SCRIPT_REMARK = "<script>alert(2)</script>"
# a raw folder whose name is Python code if pasted into a notebook unquoted
HOSTILE_DIR = "raw'\"); __import__('pathlib').Path('PWNED').touch() #"
STEM = "laporan-evaluasi-2026-TW3"


def _indicator_rows(path: Path) -> tuple[openpyxl.Workbook, object, dict[str, int], list[int]]:
    """The workbook, its E.81 sheet, header columns by name, and the rows of indicators."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    header = next(
        r for r in range(1, 15) if sheet.cell(r, 3).value == "Indikator Kinerja"
    )  # the sample writes No, Kode, Indikator Kinerja
    columns = {
        str(sheet.cell(header, c).value): c
        for c in range(1, sheet.max_column + 1)
        if sheet.cell(header, c).value
    }
    rows = [
        r
        for r in range(header + 1, sheet.max_row + 1)
        if isinstance(sheet.cell(r, 1).value, int)
        and isinstance(sheet.cell(r, columns["Kode"]).value, str)
        and sheet.cell(r, columns["Kode"]).value[:1].isalpha()
    ]
    return book, sheet, columns, rows


def plant(raw: Path) -> None:
    """Write hostile text into two TW3 submissions: unknown-indicator labels and remarks."""
    first, second = sorted((raw / "2026" / "TW3").glob("*.xlsx"))[:2]
    book, sheet, columns, rows = _indicator_rows(first)
    for row, label in ((rows[0], HYPERLINK_LABEL), (rows[-1], SCRIPT_LABEL)):
        _set_text(sheet.cell(row, columns["Indikator Kinerja"]), label)
        sheet.cell(row, columns["Kode"]).value = None
    _set_text(sheet.cell(rows[1], columns["Keterangan"]), SCRIPT_REMARK)
    book.save(first)
    book, sheet, columns, rows = _indicator_rows(second)
    _set_text(sheet.cell(rows[0], columns["Keterangan"]), HYPERLINK_REMARK)
    book.save(second)


def _set_text(cell: object, text: str) -> None:
    """Store ``text`` as a text cell, as an OPD typing it would (openpyxl would make '=...' a
    formula)."""
    cell.value = text  # type: ignore[attr-defined]
    cell.data_type = "s"  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    base = tmp_path_factory.mktemp("security")
    raw = base / HOSTILE_DIR
    sample.generate_sample(raw, n_opd=3)
    plant(raw)
    out = base / "out"
    result = run_cli(raw, out, "--no-pdf", cwd=base)
    return {"base": base, "out": out, "result": result}


@pytest.mark.slow
def test_the_planted_run_finishes_with_data_errors(planted: dict) -> None:
    result = planted["result"]
    assert result.returncode == 1, result.stderr[-3000:]


@pytest.mark.slow
def test_quality_csv_neutralises_formulas(planted: dict) -> None:
    path = planted["out"] / "processed" / "quality_issues.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cells = [v for row in rows for v in row.values() if v]
    assert not [v for v in cells if v.startswith(FORMULA_PREFIXES)]
    planted_lines = [r for r in rows if "HYPERLINK" in r["value"]]
    assert [r["value"] for r in planted_lines] == ["'" + HYPERLINK_LABEL]
    assert planted_lines[0]["severity"] == "error"


@pytest.mark.slow
def test_report_xlsx_holds_no_live_formula(planted: dict) -> None:
    path = planted["out"] / "reports" / "2026-TW3" / f"{STEM}.xlsx"
    book = openpyxl.load_workbook(path)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert not [t for t in texts if t.startswith(FORMULA_PREFIXES)]
    assert "'" + HYPERLINK_LABEL in texts  # the unknown indicator, in the quality sheet


@pytest.mark.slow
def test_html_escapes_submission_text(planted: dict) -> None:
    page = (planted["out"] / "reports" / "2026-TW3" / f"{STEM}.html").read_text(encoding="utf-8")
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # unknown indicator label
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page  # remarks (Keterangan)
    assert "<script" not in page.lower()  # the report carries no script at all


@pytest.mark.slow
def test_a_hostile_raw_dir_name_is_inert(planted: dict) -> None:
    assert planted["result"].returncode == 1
    for folder in (planted["base"], config.NOTEBOOKS_DIR, Path.cwd()):
        assert not (folder / "PWNED").exists()
    executed = planted["out"] / "reports" / "2026-TW3" / "01_clean.ipynb"
    cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
    injected = next(c for c in cells if "injected-parameters" in c["metadata"].get("tags", []))
    namespace: dict[str, object] = {}
    exec("".join(injected["source"]), namespace)  # the cell as the kernel ran it
    assert namespace["raw_dir"] == str(planted["base"] / HOSTILE_DIR)


@pytest.mark.parametrize(
    "value",
    [
        HOSTILE_DIR,
        "x'''\nimport os\nos.system('touch PWNED')\n'''",
        'DINKES"; import os #',
        "\\\n__import__('os')",
    ],
)
def test_papermill_injects_parameters_as_literals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code = translate_parameters("python3", "python", {"raw_dir": value, "opd": value}, "")
    namespace: dict[str, object] = {}
    exec(code, namespace)  # the cell papermill writes, run as the kernel would
    assert (namespace["raw_dir"], namespace["opd"]) == (value, value)
    assert not (tmp_path / "PWNED").exists()
    assert not list(tmp_path.iterdir())
