"""Tests of sae_analysis.report.xlsx: the XLSX summary, read back with openpyxl."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
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


def _width_with_pandas(title: str, values: pd.Series) -> float:
    """The column width as first written, with pandas' string methods (the reference)."""
    need = max(max((len(w) for w in title.split()), default=0), len(title) / 3) * xlsx._BOLD
    shown = values.dropna().astype("str").str.len()
    typical = float(shown.quantile(0.9)) if len(shown) else 0.0
    return float(round(min(max(need + 2, typical + 2, xlsx._WIDTH[0]), xlsx._WIDTH[1]), 1))


@pytest.mark.parametrize(
    "values",
    [
        pd.Series([1.5, None, float("nan"), 1e20, 1e-7, 0.1 + 0.2, 12345.678]),
        pd.Series(["Dinas Kesehatan", None, pd.NA, "", "a" * 70], dtype=object),
        pd.Series(["x", None, "yyyy"], dtype="string"),
        pd.Series([1, None, 123456], dtype="Int64"),
        pd.Series([3, 14, 1592], dtype="int64"),
        pd.Series([True, False, True]),
        pd.Series(pd.to_datetime(["2026-01-01", None, "2026-09-30"])),
        pd.Series(["sosial", "ekonomi", "sosial"], dtype="category"),
        pd.Series([], dtype=float),
        pd.Series([None, None], dtype=object),
    ],
)
def test_column_widths_are_those_of_pandas_string_lengths(values: pd.Series) -> None:
    for title in ("Capaian 2026 (%)", "n", "Nama indikator yang sangat panjang sekali"):
        assert xlsx._width(title, values) == _width_with_pandas(title, values)


def test_column_widths_of_every_summary_table(sample_report: Report) -> None:
    for frame in xlsx.summary_tables(sample_report).values():
        for column in frame.columns:
            title = str(column)
            assert xlsx._width(title, frame[column]) == _width_with_pandas(title, frame[column])
