"""Tests of sae_analysis.ingest.readers on real files: E.81 xlsx/xls/csv submissions and BPS tables."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from raw_files import Row, first_data_row, write_catalogues, write_e81

from sae_analysis import config
from sae_analysis.ingest.catalogues import Catalogues, load_catalogues
from sae_analysis.ingest.quality import QualityLog
from sae_analysis.ingest.readers import (
    MACRO_COLUMNS,
    RAW_COLUMNS,
    classify_column,
    read_bps_table,
    read_submission,
    read_submissions,
    sniff_separator,
)
from sae_analysis.sampledata import sample

FIXTURES = Path(__file__).parent / "fixtures" / "readers"
BPS_DIR = sample.MAKRO_SOURCE
LAYANAN = "Jumlah ibu hamil yang mendapat pelayanan kesehatan"
BBLR = "Persentase bayi dengan berat badan lahir rendah"


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    write_catalogues(tmp_path)
    return tmp_path


@pytest.fixture
def catalogues(raw_dir: Path) -> Catalogues:
    return load_catalogues(raw_dir)


def _read(
    path: Path, catalogues: Catalogues, raw_dir: Path | None
) -> tuple[pd.DataFrame, QualityLog]:
    log = QualityLog()
    return read_submission(path, catalogues=catalogues, raw_dir=raw_dir, log=log), log


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
    frame, log = _read(path, catalogues, raw_dir)
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


def test_bad_cells_are_logged_and_the_row_flows(raw_dir: Path, catalogues: Catalogues) -> None:
    rows = [
        Row(LAYANAN, "orang", 1200, "", ("dua belas", "1.234", 5, "")),
        Row(BBLR, "%", "72,28 - 73,77", "", (6.5, "", "", ""), rp=("", 1_000_000, "x", "")),
    ]
    path = write_e81(raw_dir / "2026" / "TW3" / "dinkes.xlsx", rows)
    frame, log = _read(path, catalogues, raw_dir)
    assert len(frame) == 2
    assert math.isnan(frame.loc[0, "k_tw1"])
    assert frame.loc[0, ["k_tw2", "k_tw3"]].tolist() == [1234.0, 5.0]
    assert frame.loc[1, ["target_low", "target_high"]].tolist() == [72.28, 73.77]
    assert math.isnan(frame.loc[1, "target"])
    issues = log.to_frame()
    data_row = first_data_row()
    assert issues[["severity", "row", "column", "value"]].to_numpy().tolist() == [
        ["error", data_row, "G (Realisasi Kinerja Pada Triwulan / TW I K)", "dua belas"],
        ["warning", data_row, "I (Realisasi Kinerja Pada Triwulan / TW II K)", "1.234"],
        ["error", data_row + 1, "L (Realisasi Kinerja Pada Triwulan / TW III Rp)", "x"],
    ]
    assert issues["file"].eq("2026/TW3/dinkes.xlsx").all()
    assert issues["sheet"].eq("E81").all()
    assert issues.loc[0, "message"] == (
        "Nilai 'dua belas' bukan angka; isi dengan angka, misalnya 12,5"
    )


def test_read_submissions_equals_files_read_one_by_one(
    raw_dir: Path, catalogues: Catalogues
) -> None:
    folder = raw_dir / "2026" / "TW3"
    paths = [
        write_e81(folder / "dinkes.xlsx", [Row(LAYANAN, "orang", 1200, "", ("x", 2, 3, ""))]),
        folder / "broken.xlsx",
        write_e81(folder / "b.xlsx", [Row(BBLR, "%", "1.234", "", (6.5, "y", "", ""))]),
        folder / "empty.xlsx",
        write_e81(folder / "c.xlsx", [Row(LAYANAN, "orang", 1300, "", (1, 2, 3, 4))]),
    ]
    paths[1].write_bytes(b"PK not a zip")
    paths[3].write_bytes(b"")  # refused before parsing, while the next files are parsed ahead
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
    # the same with the workbooks parsed ahead in threads and without
    plain_log = QualityLog()
    plain = read_submissions(
        paths, catalogues=catalogues, raw_dir=raw_dir, log=plain_log, prefetch=False
    )
    pd.testing.assert_frame_equal(plain, frame)
    pd.testing.assert_frame_equal(plain_log.to_frame(), all_log.to_frame())


def test_read_submissions_of_no_file_is_an_empty_raw_frame(catalogues: Catalogues) -> None:
    frame = read_submissions([], catalogues=catalogues, log=QualityLog())
    assert frame.empty
    assert list(frame.columns) == RAW_COLUMNS


def test_a_true_cell_does_not_change_a_number_shown_as_text(
    raw_dir: Path, catalogues: Catalogues
) -> None:
    path = write_e81(
        raw_dir / "2026" / "TW3" / "dinkes.xlsx",
        [Row(LAYANAN, True, 1200, "", (1, "", "", "")), Row(BBLR, 1, 7, "", (6.5, "", "", ""))],
    )
    frame, _ = _read(path, catalogues, raw_dir)
    assert frame["unit"].tolist() == ["True", "1"]


def test_file_convention_settles_a_lone_thousands_group(
    raw_dir: Path, catalogues: Catalogues
) -> None:
    rows = [Row(LAYANAN, "orang", "1.500", "Rp 12.500.000", ("1.234", "", "", ""))]
    path = write_e81(raw_dir / "2026" / "TW3" / "dinkes.xlsx", rows)
    frame, log = _read(path, catalogues, raw_dir)
    assert frame.loc[0, ["target", "k_tw1"]].tolist() == [1500.0, 1234.0]
    assert log.issues == []


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
    frame, log = _read(path, catalogues, raw_dir)
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


def test_quarterly_targets(raw_dir: Path, catalogues: Catalogues) -> None:
    row = Row(LAYANAN, "orang", 1200, "", (300, "", "", ""), target_tw=[250, 300, "350", 300])
    path = write_e81(
        raw_dir / "2026" / "TW1" / "dinkes.xlsx",
        [row],
        quarterly_targets=True,
        period_title="TRIWULAN I TAHUN 2026",
    )
    frame, log = _read(path, catalogues, raw_dir)
    assert frame.loc[0, ["target_tw1", "target_tw2", "target_tw3", "target_tw4"]].tolist() == [
        250.0, 300.0, 350.0, 300.0,
    ]  # fmt: skip
    assert (frame.loc[0, "target"], frame.loc[0, "k_tw1"]) == (1200.0, 300.0)
    assert log.issues == []


def test_table_on_a_later_sheet(raw_dir: Path, catalogues: Catalogues) -> None:
    path = write_e81(
        raw_dir / "2026" / "TW3" / "dinkes.xlsx", [Row(LAYANAN, "orang", 10)], sheets_before=1
    )
    frame, _ = _read(path, catalogues, raw_dir)
    assert frame["source_sheet"].tolist() == ["E81"]


def test_opd_from_file_name_and_period_from_title(tmp_path: Path, catalogues: Catalogues) -> None:
    path = write_e81(
        tmp_path / "loose" / "laporan_dinsos.xlsx",
        [Row("x", k=(1, "", "", ""))],
        opd_title=None,
        period_title="Laporan TW-2 Tahun 2026",
    )
    frame, log = _read(path, catalogues, None)
    assert (frame.loc[0, "opd_code"], frame.loc[0, "year"], frame.loc[0, "quarter"]) == (
        "DINSOS", 2026, 2,
    )  # fmt: skip
    assert frame.loc[0, "source_file"] == path.as_posix()
    assert log.codes() == ["indicator_unknown"]


def test_title_wins_over_file_name_with_a_warning(raw_dir: Path, catalogues: Catalogues) -> None:
    path = write_e81(raw_dir / "2026" / "TW3" / "dinsos.xlsx", [Row(LAYANAN, k=(1, 2, 3, ""))])
    frame, log = _read(path, catalogues, raw_dir)
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
    frame, log = _read(path, catalogues, raw_dir)
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
    frame, log = _read(path, catalogues, None)
    assert len(frame) == 1
    assert pd.isna(frame.loc[0, "opd_code"])
    assert pd.isna(frame.loc[0, "year"])
    assert log.codes() == ["opd_unknown", "period_unknown"]


def test_csv_windows_1252_semicolon(raw_dir: Path, catalogues: Catalogues) -> None:
    text = (
        "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH\r\n"
        "OPD : Dinas Kesehatan;;;;\r\n"
        "Triwulan 2 Tahun 2026;;;;\r\n"
        ";;;;\r\n"
        "No;Indikator;Satuan;Target (K);Pagu;Realisasi TW 1;Realisasi Anggaran TW 1;"
        "Realisasi TW 2;Keterangan\r\n"
        f"1;{LAYANAN};orang;1.200;Rp 12.500.000,00;300;1.000.000;310,5;capaian baik – naïve\r\n"
        "2;Kegiatan penyuluhan;;;2.000.000;;500.000;;\r\n"
        "Mengetahui;;;;\r\n"
    )
    path = raw_dir / "2026" / "TW2" / "dinkes.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(text.encode("cp1252"))
    frame, log = _read(path, catalogues, raw_dir)
    assert log.issues == []
    assert frame["source_row"].tolist() == [6, 7]
    assert frame.loc[0, ["target", "ceiling", "k_tw1", "rp_tw1", "k_tw2"]].tolist() == [
        1200.0, 12500000.0, 300.0, 1000000.0, 310.5,
    ]  # fmt: skip
    assert frame.loc[0, "remarks"] == "capaian baik – naïve"
    assert frame.loc[1, ["ceiling", "rp_tw1"]].tolist() == [2000000.0, 500000.0]
    assert frame["source_sheet"].tolist() == ["", ""]


@pytest.mark.parametrize(("encoding", "sep"), [("utf-8-sig", ","), ("utf-8", "\t")])
def test_csv_bom_comma_and_tab(
    raw_dir: Path, catalogues: Catalogues, encoding: str, sep: str
) -> None:
    lines = [
        ["PERANGKAT DAERAH : Dinas Sosial"],
        ["Indikator Kinerja", "Target", "TW I", "TW II"],
        ["Jumlah keluarga penerima bantuan sosial", "100", "40", "55.5"],
    ]
    path = raw_dir / "2026" / "TW2" / "dinsos.csv"
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(sep.join(line) for line in lines), encoding=encoding)
    frame, log = _read(path, catalogues, raw_dir)
    assert log.issues == []
    assert frame.loc[0, ["indicator_code", "opd_code"]].tolist() == ["SOS_BANSOS", "DINSOS"]
    assert frame.loc[0, ["target", "k_tw1", "k_tw2"]].tolist() == [100.0, 40.0, 55.5]


def test_xls_fixture(tmp_path: Path, catalogues: Catalogues) -> None:
    target = tmp_path / "2026" / "TW2" / "e81_dinsos_tw2_2026.xls"
    target.parent.mkdir(parents=True)
    target.write_bytes((FIXTURES / "e81_dinsos_tw2_2026.xls").read_bytes())
    frame, log = _read(target, catalogues, tmp_path)
    assert log.issues == []
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row["opd_code"], row["indicator_code"], row["source_row"]) == (
        "DINSOS",
        "SOS_BANSOS",
        8,
    )
    assert row[["target", "ceiling", "k_tw1", "rp_tw1", "k_tw2", "rp_tw2"]].tolist() == [
        100.0, 50_000_000.0, 40.0, 10_000_000.0, 35.0, 0.0,
    ]  # fmt: skip
    assert row["remarks"] == "=sesuai jadwal"


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
    frame, log = _read(path, catalogues, None)
    assert frame.empty
    assert list(frame.columns) == RAW_COLUMNS
    assert [(i.severity, i.code) for i in log.issues] == [("error", code)]


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("no", "row_no"),
        ("indikator kinerja program kegiatan", "indicator"),
        ("target kinerja dan anggaran renja tahun 2026 k", "target"),
        ("target kinerja dan anggaran renja tahun 2026 rp", "ceiling"),
        ("anggaran", "ceiling"),
        ("realisasi kinerja pada triwulan triwulan iv k", "k_tw4"),
        ("realisasi tw 1", "k_tw1"),
        ("tw1 rp", "rp_tw1"),
        ("realisasi anggaran tw ii", "rp_tw2"),
        ("realisasi s d tw iii", None),
        ("tingkat capaian kinerja", None),
        ("faktor penghambat", "remarks"),
        ("perangkat daerah", "opd"),
    ],
)
def test_classify_column(label: str, field: str | None) -> None:
    assert classify_column(label) == field


def test_sniff_separator_prefers_semicolon_over_decimal_commas() -> None:
    assert sniff_separator("a;b;c\n1,5;2,5;3,5\n4,5;5,5;6,5\n") == ";"
    assert sniff_separator("a\tb\n1,5\t2\n") == "\t"


def _bps_catalogues(raw_dir: Path) -> Catalogues:
    bundled = config.RAW_DIR / "reference" / "regions.csv"
    if bundled.is_file():
        (raw_dir / "reference" / "regions.csv").write_bytes(bundled.read_bytes())
    return load_catalogues(raw_dir)


@pytest.mark.parametrize(
    ("stem", "code", "expected"),
    [("bblr_kabkota_2022_2024", "bblr", [6.2, 6.3, 7.4]),
     ("asi_eksklusif_kabkota_2022_2024", "asi_eksklusif", [60.3, 65.9, 71.1])],
)  # fmt: skip
def test_real_bps_tables(raw_dir: Path, stem: str, code: str, expected: list[float]) -> None:
    catalogues = _bps_catalogues(raw_dir)
    log = QualityLog()
    macro = read_bps_table(BPS_DIR / f"{stem}.csv", catalogues=catalogues, log=log)
    assert log.issues == []
    assert list(macro.columns) == MACRO_COLUMNS
    assert len(macro) == 38 * 3
    assert macro["region_code"].nunique() == 38
    assert macro["indicator_code"].eq(code).all()
    assert sorted(macro["year"].unique()) == [2022, 2023, 2024]
    probolinggo = macro[macro["region_code"] == "3513"].sort_values("year")
    assert probolinggo["value"].tolist() == expected
    assert probolinggo["region_name"].iloc[0] == "Kabupaten Probolinggo"
    assert macro.loc[macro["region_code"] == "3501", "region_name"].iloc[0] == "Kabupaten Pacitan"
    source = macro["source"].iloc[0]
    assert source.startswith("Sumber: Dinas Kesehatan Provinsi Jawa Timur")
    assert source.endswith(f"({stem}.csv)")


def test_bps_workbook_with_notes_province_and_unknown_region(
    raw_dir: Path, catalogues: Catalogues
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Persentase Bayi Berat Badan Lahir Rendah (BBLR) menurut Kabupaten/Kota"])
    sheet.append([])
    sheet.append(["No", "Wilayah", "2023", 2024])
    sheet.append([1, "Kab. Probolinggo", "6,3", 7.4])
    sheet.append([2, "Kab. Bogor", "5,0", 5.1])
    sheet.append([3, "Jawa Timur", "4,9*", "-"])
    sheet.append([4, "Kota Batu", "n/a", "tujuh"])
    sheet.append(["Sumber: BPS Provinsi Jawa Timur"])
    sheet.append(["Catatan: * angka sementara"])
    path = raw_dir / "makro" / "tabel_bayi.xlsx"
    path.parent.mkdir()
    book.save(path)
    log = QualityLog()
    macro = read_bps_table(path, catalogues=catalogues, log=log)
    assert macro["indicator_code"].eq("bblr").all()
    values = macro.set_index(["region_code", "year"])["value"]
    assert values[("3513", 2023)] == 6.3
    assert values[("3500", 2023)] == 4.9
    assert math.isnan(values[("3500", 2024)])
    assert math.isnan(values[("3579", 2024)])
    assert macro["source"].iloc[0] == "Sumber: BPS Provinsi Jawa Timur (tabel_bayi.xlsx)"
    assert [(i.code, i.row, i.value) for i in log.issues] == [
        ("region_unknown", 5, "Kab. Bogor"),
        ("number_invalid", 7, "tujuh"),
    ]


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
        frame, _ = _read(file, catalogues, folder)
        assert frame["source_file"].unique().tolist() == ["2026/TW3/dinkes.xlsx"], (file, folder)
    outside, _ = _read(path, catalogues, raw_dir / "2025")
    assert outside["source_file"].unique().tolist() == [path.as_posix()]
