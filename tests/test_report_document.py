"""Tests of sae_analysis.report.document: the Report's tables and the completeness in words."""

from __future__ import annotations

from sae_analysis import config, metrics
from sae_analysis.report import Report


def test_load_reads_the_quarter_of_the_parameters(sample_report: Report) -> None:
    p = sample_report.params
    assert set(sample_report.yoy[["year", "quarter"]].itertuples(index=False)) == {
        (p.year, p.quarter)
    }
    assert sample_report.current()["quarter"].eq(p.quarter).all()
    assert len(sample_report.current()) < len(sample_report.performance)  # earlier quarters too


def test_completeness_lists_catalogue_opds_without_data(sample_report: Report) -> None:
    table = sample_report.completeness_table()
    submitting = set(sample_report.performance["opd_code"])
    silent = table[~table["opd_code"].isin(submitting)]
    assert len(silent) > 0  # the 4-OPD sample leaves the other catalogue OPDs without data
    assert set(silent["status"]) == {"tidak ada data triwulan ini"}
    assert set(table["opd_code"]) >= set(sample_report.catalogues.indicators["opd_code"])


def test_completeness_in_words_keeps_the_rules_order_and_columns(sample_report: Report) -> None:
    p = sample_report.params
    rules = metrics.completeness(
        sample_report.performance,
        indicators=sample_report.catalogues.indicators,
        quality=sample_report.quality,
        submissions=sample_report.submissions,
        year=p.year,
        quarter=p.quarter,
    )
    table = sample_report.completeness_table()
    assert table["opd_code"].tolist() == rules["opd_code"].tolist()
    words = {sample_report.t(f"status_{s}"): s for s in metrics.STATUSES}
    assert [words[s] for s in table["status"]] == rules["status"].tolist()
    # the XLSX sheet keeps this order; error and warning in the order the quality log holds them
    columns = list(table.columns)
    assert columns[:3] == ["opd_code", "expected", "reported"]
    assert set(columns[3:5]) == {"error", "warning"}
    assert columns[5:] == ["status", "no_file", "name"]


def test_with_remarks_adds_the_submissions_remarks_and_source(sample_report: Report) -> None:
    rows = sample_report.with_remarks(sample_report.yoy)
    assert len(rows) == len(sample_report.yoy)
    assert {"remarks", "source_file", "source_row"} <= set(rows.columns)
    assert rows["source_file"].str.startswith("2026/TW3/").all()


def test_words_follow_the_language(sample_report: Report, sample_report_en: Report) -> None:
    assert sample_report.direction("membaik") == "membaik"
    assert sample_report_en.direction("membaik") == "improved"
    assert sample_report.direction(float("nan")) == "–"
    assert sample_report_en.rating_text("Sangat Tinggi") != "Sangat Tinggi"
    assert sample_report.opd_name("DINKES") == "Dinas Kesehatan"
    assert sample_report.opd_name("NOPE") == "NOPE"


def test_the_sample_is_marked_synthetic_and_dated(sample_report: Report) -> None:
    assert sample_report.is_sample
    assert sample_report.data_date() is not None
    assert sample_report.params.raw_dir != config.RAW_DIR
