"""Tests of sae_analysis.ingest.e81 on real files: E.81 workbooks into the raw frame, rows kept and
dropped, unreadable files, files named relative to the raw folder."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from raw_files import BBLR, LAYANAN, Row, first_data_row, read_file, write_e81

from sae_analysis.ingest import fields
from sae_analysis.ingest.catalogues import Catalogues
from sae_analysis.ingest.cells import CellContext
from sae_analysis.ingest.e81 import read_submission, read_submissions
from sae_analysis.ingest.quality import QualityLog
from sae_analysis.ingest.rawframe import RAW_COLUMNS


@pytest.mark.parametrize("three_rows", [False, True])
def test_e81_workbook(raw_dir: Path, catalogues: Catalogues, three_rows: bool) -> None:
    rows = [
        Row(LAYANAN, "orang", 1200, "Rp 12.500.000", (300, 310, 320, ""), (1e6, "-", 2e6, ""),
            fisik=75, ket="sesuai rencana", kode="1.02.01"),
        Row(BBLR, "%", "7,0", "", ("6,5", 6.4, "6,0", "")),
    ]  # fmt: skip
    path = write_e81(
        raw_dir / "2026" / "TW3" / "E81_dinkes_TW3_2026.xlsx", rows, three_row_header=three_rows
    )
    frame, log = read_file(path, catalogues, raw_dir)
    assert list(frame.columns) == RAW_COLUMNS
    assert len(frame) == 2
    assert log.issues == []
    first = frame.iloc[0]
    assert first["source_file"] == "2026/TW3/E81_dinkes_TW3_2026.xlsx"
    assert first["source_sheet"] == "E81"
    assert first["source_row"] == first_data_row(three_row_header=three_rows)
    assert (first["opd_code"], first["year"], first["quarter"]) == ("DINKES", 2026, 3)
    assert (first["row_no"], first["indicator_code"], first["unit"]) == (
        "1",
        "KES_LAYANAN",
        "orang",
    )
    assert first[["target", "ceiling"]].tolist() == [1200.0, 12500000.0]
    assert first[["k_tw1", "k_tw2", "k_tw3"]].tolist() == [300.0, 310.0, 320.0]
    assert first[["rp_tw1", "rp_tw2", "rp_tw3"]].tolist() == [1e6, 0.0, 2e6]
    assert math.isnan(first["k_tw4"])
    assert math.isnan(first["rp_tw4"])
    assert (first["physical_pct"], first["remarks"]) == (75.0, "sesuai rencana")
    second = frame.iloc[1]
    assert second["indicator_code"] == "KES_BBLR_RATE"
    assert second[["target", "k_tw1", "k_tw2", "k_tw3"]].tolist() == [7.0, 6.5, 6.4, 6.0]
    assert math.isnan(second["ceiling"])


def test_read_submissions_equals_files_read_one_by_one(
    raw_dir: Path, catalogues: Catalogues, mixed_submissions: list[Path]
) -> None:
    paths = mixed_submissions
    one_log = QualityLog()
    frames = [
        read_submission(p, catalogues=catalogues, raw_dir=raw_dir, log=one_log) for p in paths
    ]
    all_log = QualityLog()
    frame = read_submissions(paths, catalogues=catalogues, raw_dir=raw_dir, log=all_log)
    expected = pd.concat([f for f in frames if not f.empty], ignore_index=True)
    pd.testing.assert_frame_equal(frame, expected)
    pd.testing.assert_frame_equal(all_log.to_frame(), one_log.to_frame())
    assert all_log.to_frame()["file"].tolist() == [
        "2026/TW3/dinkes.xlsx",
        "2026/TW3/broken.xlsx",
        "2026/TW3/b.xlsx",
        "2026/TW3/b.xlsx",
        "2026/TW3/empty.xlsx",
    ]
    assert frame["source_file"].tolist() == [
        "2026/TW3/dinkes.xlsx",
        "2026/TW3/b.xlsx",
        "2026/TW3/c.xlsx",
    ]


def test_read_submissions_of_no_file_is_an_empty_raw_frame(catalogues: Catalogues) -> None:
    frame = read_submissions([], catalogues=catalogues, log=QualityLog())
    assert frame.empty
    assert list(frame.columns) == RAW_COLUMNS


def test_program_rows_headings_unknown_indicators_and_footer(
    raw_dir: Path, catalogues: Catalogues
) -> None:
    rows = [
        Row("PROGRAM PEMENUHAN UPAYA KESEHATAN"),
        Row("Program pemenuhan upaya kesehatan", pagu=5_000_000, rp=(1_000_000, "", "", "")),
        Row(LAYANAN, "orang", 1200, "", (300, "", "", "")),
        Row("Indikator baru yang belum ada", "unit", 5, "", (1, "", "", "")),
    ]
    path = write_e81(
        raw_dir / "2026" / "TW1" / "dinkes.xlsx", rows, period_title="TRIWULAN I TAHUN 2026"
    )
    frame, log = read_file(path, catalogues, raw_dir)
    assert frame["indicator_label"].tolist() == [
        "Program pemenuhan upaya kesehatan",
        LAYANAN,
        "Indikator baru yang belum ada",
    ]
    assert frame["indicator_code"].isna().tolist() == [True, False, True]
    assert frame.loc[0, "ceiling"] == 5_000_000
    assert log.codes() == ["indicator_unknown"]
    assert log.issues[0].row == first_data_row() + 3
    assert log.issues[0].column == "C (Indikator Kinerja)"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.xlsx", None, "file_empty"),
        ("corrupt.xlsx", b"PK\x03\x04 not really a zip", "file_unreadable"),
        ("binary.csv", b"\x00\x01\x02garbage", "file_unreadable"),
        ("empty.csv", b"", "file_empty"),
        ("noheader.csv", b"a;b\n1;2\n", "header_not_found"),
    ],
)
def test_unreadable_files_give_one_error(
    tmp_path: Path, catalogues: Catalogues, name: str, content: bytes | None, code: str
) -> None:
    path = tmp_path / name
    if content is None:
        openpyxl.Workbook().save(path)
    else:
        path.write_bytes(content)
    frame, log = read_file(path, catalogues, None)
    assert frame.empty
    assert list(frame.columns) == RAW_COLUMNS
    assert [(i.severity, i.code) for i in log.issues] == [("error", code)]


def test_files_are_named_relative_to_the_raw_folder_however_it_is_spelled(
    raw_dir: Path, catalogues: Catalogues, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_e81(raw_dir / "2026" / "TW3" / "dinkes.xlsx", [Row(LAYANAN, "orang", 10)])
    link = raw_dir.parent / f"{raw_dir.name}-link"
    link.symlink_to(raw_dir, target_is_directory=True)
    monkeypatch.chdir(raw_dir.parent)
    spellings = [
        (path, raw_dir),  # as listed
        (path, Path(raw_dir.name)),  # the folder relative, the file absolute
        (Path(raw_dir.name) / "2026" / "TW3" / "dinkes.xlsx", raw_dir),
        (path, link),  # the folder through a link
        (raw_dir / "2026" / ".." / "2026" / "TW3" / "dinkes.xlsx", raw_dir),
    ]
    for file, folder in spellings:
        frame, _ = read_file(file, catalogues, folder)
        assert frame["source_file"].unique().tolist() == ["2026/TW3/dinkes.xlsx"], (file, folder)
    outside, _ = read_file(path, catalogues, raw_dir / "2025")
    assert outside["source_file"].unique().tolist() == [path.as_posix()]


def test_a_failure_inside_the_reader_names_the_place_not_the_exception(
    raw_dir: Path, catalogues: Catalogues, monkeypatch: pytest.MonkeyPatch
) -> None:
    parse = fields.parse_field

    def brittle(
        values: np.ndarray, rows: np.ndarray, name: str, shown: str, context: CellContext
    ) -> np.ndarray:
        if "meledak" in values.tolist():
            raise IndexError("list index out of range")
        return parse(values, rows, name, shown, context)

    monkeypatch.setattr(fields, "parse_field", brittle)
    rows = [Row(LAYANAN, "orang", 1200, "", (300, "meledak", 320, "")), Row(BBLR, "%", 7)]
    path = write_e81(raw_dir / "2026" / "TW3" / "dinkes.xlsx", rows)
    frame, log = read_file(path, catalogues, raw_dir)
    assert frame.empty
    [issue] = log.issues
    assert (issue.code, issue.sheet, issue.row) == ("read_failed", "E81", first_data_row())
    assert issue.column.startswith("I (Realisasi Kinerja Pada Triwulan")
    assert issue.message.startswith("Berkas tidak dapat dibaca saat membaca isi sel;")
    assert "IndexError" not in issue.message
    assert "list index" not in issue.message


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("terpotong.xlsx", None, "arsip .xlsx terpotong atau rusak"),
        ("bukan_excel.xls", b"hanya teks biasa, bukan buku kerja\n", "bukan buku kerja Excel"),
        ("bukan_zip.xlsx", b"PK\x03\x04 not really a zip", "arsip .xlsx terpotong atau rusak"),
    ],
)
def test_a_truncated_or_odd_file_is_explained_in_words(
    tmp_path: Path, catalogues: Catalogues, name: str, content: bytes | None, reason: str
) -> None:
    path = tmp_path / name
    if content is None:
        whole = write_e81(tmp_path / "utuh.xlsx", [Row(LAYANAN, "orang", 10)]).read_bytes()
        path.write_bytes(whole[: len(whole) // 2])
    else:
        path.write_bytes(content)
    _, log = read_file(path, catalogues, None)
    [issue] = log.issues
    assert issue.code == "file_unreadable"
    assert reason in issue.message
    for technical in ("zip file", "Cfb", "OLE", "Error", "signature"):
        assert technical not in issue.message, issue.message
