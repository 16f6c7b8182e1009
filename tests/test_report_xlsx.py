"""Tests of sae_analysis.report.xlsx: the XLSX summary."""

from __future__ import annotations

import io

import openpyxl

from sae_analysis import config, text
from sae_analysis.report import Report, xlsx


def test_xlsx_summary_reads_back(sample_report: Report) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.summary_xlsx(sample_report)), read_only=True)
    assert wb.sheetnames == [text.get(f"report.xlsx_sheet.{key}") for key in xlsx.SHEETS]
    assert wb.sheetnames[:2] == ["Pilar", "Indikator"]
    rows = list(wb["Pilar"].values)
    assert rows[0][0] == "pillar"
    assert [r[0] for r in rows[1:]] == list(config.PILLARS)


def test_xlsx_sheet_names_follow_the_language(sample_report_en: Report) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.summary_xlsx(sample_report_en)), read_only=True)
    assert wb.sheetnames[:2] == ["Pillars", "Indicators"]


def test_xlsx_is_the_same_bytes_each_time(sample_report: Report) -> None:
    assert xlsx.summary_xlsx(sample_report) == xlsx.summary_xlsx(sample_report)


def test_xlsx_completeness_sheet_is_the_reports_table(sample_report: Report) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.summary_xlsx(sample_report)), read_only=True)
    rows = list(wb[text.get("report.xlsx_sheet.completeness")].values)
    table = sample_report.completeness_table()
    assert list(rows[0]) == list(table.columns)
    assert [r[0] for r in rows[1:]] == table["opd_code"].tolist()
