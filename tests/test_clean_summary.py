"""What notebook 01 shows about a clean: files per OPD, macro tables, issues by OPD, revisions."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from raw_files import Row, write_catalogues, write_e81

from sae_analysis.clean import summary
from sae_analysis.clean.rules import CleanResult, clean
from sae_analysis.ingest.quality import QualityLog
from sae_analysis.sampledata import sample

LAYANAN = "Jumlah ibu hamil yang mendapat pelayanan kesehatan"
BANSOS = "Jumlah keluarga penerima bantuan sosial"


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory: pytest.TempPathFactory) -> tuple[CleanResult, QualityLog]:
    """DINKES TW1 and TW2 (TW2 revises TW1 and adds an unknown indicator), DINSOS TW2."""
    raw = tmp_path_factory.mktemp("raw")
    write_catalogues(raw)
    write_e81(
        raw / "2026" / "TW1" / "dinkes.xlsx",
        [Row(LAYANAN, "orang", 1200, 4000, (300, "", "", ""))],
        period_title="TRIWULAN I TAHUN 2026",
    )
    write_e81(
        raw / "2026" / "TW2" / "dinkes.xlsx",
        [
            Row(LAYANAN, "orang", 1200, 4000, (310, 320, "", "")),
            Row("Indikator yang tidak ada di katalog", "orang", 5, "", (1, 1, "", "")),
        ],
        period_title="TRIWULAN II TAHUN 2026",
    )
    write_e81(
        raw / "2026" / "TW2" / "dinsos.xlsx",
        [Row(BANSOS, "KK", 100, "", (10, 20, "", ""))],
        opd_title="PERANGKAT DAERAH : Dinas Sosial",
        period_title="TRIWULAN II TAHUN 2026",
    )
    (raw / "makro").mkdir()
    bps = sample.MAKRO_SOURCE / "bblr_kabkota_2022_2024.csv"
    shutil.copy(bps, raw / "makro" / bps.name)
    log = QualityLog()
    return clean(raw, year=2026, quarter=2, log=log), log


def test_files_per_opd_counts_every_file_and_row_read(
    cleaned: tuple[CleanResult, QualityLog],
) -> None:
    result, _ = cleaned
    table = summary.files_per_opd(result.submissions)
    assert table.to_dict("list") == {
        "opd_code": ["DINKES", "DINSOS"],
        "files": [2, 1],
        "rows": [1 + 2, 1],
        "quarters": ["TW I, TW II", "TW II"],
    }
    assert table["files"].sum() == len(result.submissions)


def test_macro_tables_name_each_indicator_and_its_years(
    cleaned: tuple[CleanResult, QualityLog],
) -> None:
    result, _ = cleaned
    table = summary.macro_tables(result.macro)
    assert table["indicator_code"].tolist() == ["bblr"]
    row = table.iloc[0]
    assert (row["first_year"], row["last_year"]) == (2022, 2024)
    assert row["values"] == result.macro["value"].notna().sum()
    assert row["regions"] == result.macro["region_code"].nunique()


def test_issues_by_opd_add_up_to_the_log(cleaned: tuple[CleanResult, QualityLog]) -> None:
    result, log = cleaned
    table = summary.issues_by_opd(result.quality)
    assert table["total"].sum() == len(log)
    assert table["error"].sum() == log.count("error")
    assert table["warning"].sum() == log.count("warning")
    dinkes = table.set_index("opd_code").loc["DINKES"]
    assert dinkes["error"] >= 1  # the unknown indicator
    assert table["error"].is_monotonic_decreasing


def test_issues_without_an_opd_are_counted_apart() -> None:
    quality = pd.DataFrame({"severity": ["error", "error"], "opd_code": ["", "DLH"]})
    table = summary.issues_by_opd(quality)
    assert table.set_index("opd_code")["error"].to_dict() == {summary.NO_OPD: 1, "DLH": 1}


def test_revisions_list_the_values_an_earlier_file_had(
    cleaned: tuple[CleanResult, QualityLog],
) -> None:
    _, log = cleaned
    table = summary.revisions(log)
    assert table[["opd_code", "file", "column", "value"]].to_dict("records") == [
        {
            "opd_code": "DINKES",
            "file": "2026/TW2/dinkes.xlsx",
            "column": "Realisasi TW I (K)",
            "value": "310",
        }
    ]
    assert "2026/TW1/dinkes.xlsx berisi 300" in table["message"].item()


def test_no_revision_gives_an_empty_table_with_the_columns() -> None:
    table = summary.revisions(QualityLog())
    assert table.empty
    assert list(table.columns) == ["opd_code", "file", "row", "column", "value", "message"]
