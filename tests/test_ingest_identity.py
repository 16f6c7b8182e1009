"""Tests of sae_analysis.ingest.identity through real files: the OPD and period of a submission from
its title rows, folder and file name."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
from raw_files import LAYANAN, Row, read_file, write_e81

from sae_analysis.ingest.catalogues import Catalogues


def test_opd_from_file_name_and_period_from_title(tmp_path: Path, catalogues: Catalogues) -> None:
    path = write_e81(
        tmp_path / "loose" / "laporan_dinsos.xlsx",
        [Row("x", k=(1, "", "", ""))],
        opd_title=None,
        period_title="Laporan TW-2 Tahun 2026",
    )
    frame, log = read_file(path, catalogues, None)
    assert (frame.loc[0, "opd_code"], frame.loc[0, "year"], frame.loc[0, "quarter"]) == (
        "DINSOS", 2026, 2,
    )  # fmt: skip
    assert frame.loc[0, "source_file"] == path.as_posix()
    assert log.codes() == ["indicator_unknown"]


def test_title_wins_over_file_name_with_a_warning(raw_dir: Path, catalogues: Catalogues) -> None:
    path = write_e81(raw_dir / "2026" / "TW3" / "dinsos.xlsx", [Row(LAYANAN, k=(1, 2, 3, ""))])
    frame, log = read_file(path, catalogues, raw_dir)
    assert frame.loc[0, "opd_code"] == "DINKES"
    assert log.codes() == ["opd_file_name_differs"]


def test_period_mismatch_is_an_error_and_the_folder_wins(
    raw_dir: Path, catalogues: Catalogues
) -> None:
    path = write_e81(
        raw_dir / "2026" / "TW3" / "dinkes.xlsx",
        [Row(LAYANAN, k=(1, 2, 3, ""))],
        period_title="TRIWULAN II TAHUN 2026",
    )
    frame, log = read_file(path, catalogues, raw_dir)
    assert frame.loc[0, "quarter"] == 3
    assert [(i.severity, i.code) for i in log.issues] == [("error", "period_mismatch")]
    assert "TW2 2026" in log.issues[0].message
    assert "TW3 2026" in log.issues[0].message


def test_unknown_opd_and_period(tmp_path: Path, catalogues: Catalogues) -> None:
    path = write_e81(
        tmp_path / "laporan.xlsx",
        [Row(LAYANAN, k=(1, "", "", ""))],
        opd_title="PERANGKAT DAERAH : Dinas Entah",
        period_title=None,
    )
    frame, log = read_file(path, catalogues, None)
    assert len(frame) == 1
    assert pd.isna(frame.loc[0, "opd_code"])
    assert pd.isna(frame.loc[0, "year"])
    assert log.codes() == ["opd_unknown", "period_unknown"]


def test_quarter_from_the_sheet_name_when_the_title_gives_the_year_only(
    tmp_path: Path, raw_dir: Path, catalogues: Catalogues
) -> None:
    loose = write_e81(
        tmp_path / "loose" / "dinkes.xlsx",
        [Row(LAYANAN, k=(1, 2, 3, 4))],
        period_title="TAHUN 2026",
    )
    book = openpyxl.load_workbook(loose)
    book["E81"].title = "Realisasi TW IV"
    book.save(loose)
    frame, log = read_file(loose, catalogues, None)
    assert (frame.loc[0, "year"], frame.loc[0, "quarter"]) == (2026, 4)
    assert log.issues == []
    filed = raw_dir / "2026" / "TW3" / "dinkes.xlsx"
    filed.parent.mkdir(parents=True)
    book.save(filed)
    frame, log = read_file(filed, catalogues, raw_dir)
    assert frame.loc[0, "quarter"] == 3
    assert log.codes() == ["period_sheet_mismatch"]
