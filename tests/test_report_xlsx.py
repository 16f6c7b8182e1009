"""Tests of sae_analysis.report.xlsx: the XLSX summary, read back with openpyxl."""

from __future__ import annotations

import io

import openpyxl
import pytest

from sae_analysis import config, datasets, text
from sae_analysis.report import Report, xlsx


def _book(rep: Report) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx.summary_xlsx(rep)))


@pytest.fixture(scope="module")
def book(sample_report: Report) -> openpyxl.Workbook:
    return _book(sample_report)


def test_xlsx_summary_reads_back(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == [text.get(f"report.xlsx_sheet.{key}") for key in xlsx.SHEETS]
    assert book.sheetnames[:2] == ["Pilar", "Indikator"]
    rows = list(book["Pilar"].values)
    assert rows[0][0] == "pillar"  # the codes, for programs
    assert rows[1][0] == "Kode pilar"  # the header, for people
    assert [r[0] for r in rows[2:]] == list(config.PILLARS)


def test_headers_are_in_the_reports_language_and_codes_stay_in_a_hidden_row(
    book: openpyxl.Workbook, sample_report: Report
) -> None:
    ws = book["Pilar"]
    codes = [c.value for c in ws[1]]
    headers = dict(zip(codes, [c.value for c in ws[2]], strict=True))
    assert ws.row_dimensions[1].hidden
    assert headers["mean_achievement"] == "Capaian 2026 (%)"
    assert headers["mean_achievement_prev"] == "Capaian 2025 (%)"
    assert headers["change_points"] == "Perubahan (poin)"
    assert headers["excluded_missing_last_year"] == "Dikecualikan: Tidak ada data tahun lalu"
    assert codes == list(sample_report.pillars.columns)
    for sheet in book:  # no snake_case code is left for people to read
        assert all("_" not in str(c.value) for c in sheet[2]), sheet.title


def test_english_headers_and_sheet_names(sample_report_en: Report) -> None:
    wb = _book(sample_report_en)
    assert wb.sheetnames[:2] == ["Pillars", "Indicators"]
    headers = [c.value for c in wb["Pillars"][2]]
    assert "Achievement 2026 (%)" in headers
    assert "Change (points)" in headers


def test_numbers_keep_their_values_and_show_in_their_formats(
    book: openpyxl.Workbook, sample_report: Report
) -> None:
    ws = book["Pilar"]
    column = {c.value: c.column for c in ws[1]}
    first = ws.cell(row=3, column=column["mean_achievement"])
    assert first.value == pytest.approx(sample_report.pillars["mean_achievement"].iloc[0])
    assert first.number_format == xlsx.PERCENT
    assert ws.cell(row=3, column=column["change_points"]).number_format == xlsx.POINTS
    assert ws.cell(row=3, column=column["ceiling"]).number_format == xlsx.RUPIAH
    assert ws.cell(row=3, column=column["n_improved"]).number_format == xlsx.COUNT
    indicators = book["Indikator"]
    pace = {c.value: c.column for c in indicators[1]}
    assert "pace_label" in pace
    labels = {
        row[pace["pace_label"] - 1] for row in indicators.iter_rows(min_row=3, values_only=True)
    }
    assert "tertinggal" in labels


def test_every_sheet_has_a_filter_a_frozen_header_and_fitted_widths(
    book: openpyxl.Workbook,
) -> None:
    for ws in book:
        assert ws.auto_filter.ref.startswith("A2:"), ws.title
        assert ws.auto_filter.ref.endswith(str(ws.max_row)), ws.title
        assert ws.freeze_panes == "A3", ws.title
        widths = [ws.column_dimensions[c.column_letter].width for c in ws[2]]
        assert all(8 <= w <= 48 for w in widths), ws.title
    ws = book["Indikator"]
    width = {c.value: ws.column_dimensions[c.column_letter].width for c in ws[1]}
    assert width["indicator_name"] > width["quarter"]


def test_xlsx_is_the_same_bytes_each_time(sample_report: Report) -> None:
    assert xlsx.summary_xlsx(sample_report) == xlsx.summary_xlsx(sample_report)


def test_formula_like_text_is_neutralised(book: openpyxl.Workbook) -> None:
    for ws in book:
        for row in ws.iter_rows(min_row=3, values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value.startswith(("=", "+", "@"))), value


def test_xlsx_completeness_sheet_is_the_reports_table(
    book: openpyxl.Workbook, sample_report: Report
) -> None:
    rows = list(book[text.get("report.xlsx_sheet.completeness")].values)
    table = sample_report.completeness_table()
    assert list(rows[0]) == list(table.columns)
    assert [r[0] for r in rows[2:]] == table["opd_code"].tolist()


@pytest.mark.parametrize("lang", config.LANGUAGES)
@pytest.mark.parametrize("name", datasets.names("02_yoy"))
def test_every_column_notebook_02_may_write_has_a_header(name: str, lang: str) -> None:
    """A column added to a table (macro_summary's province_value, national_value) needs its
    header in both catalogues, or the XLSX of every run fails: found when the profile's new
    reference columns reached the workbook."""
    for column in datasets.CATALOGUE[name].schema.columns:
        assert xlsx.header(column, lang=lang, year=2026)
