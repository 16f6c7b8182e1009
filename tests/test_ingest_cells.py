"""Tests of sae_analysis.ingest.cells through real files: bad cells logged at their place while
the row flows, text cells, the file's decimal convention."""

from __future__ import annotations

import math
from pathlib import Path

from raw_files import BBLR, LAYANAN, Row, first_data_row, read_file, write_e81

from sae_analysis.ingest.catalogues import Catalogues


def test_bad_cells_are_logged_and_the_row_flows(raw_dir: Path, catalogues: Catalogues) -> None:
    rows = [
        Row(LAYANAN, "orang", 1200, "", ("dua belas", "1.234", 5, "")),
        Row(BBLR, "%", "72,28 - 73,77", "", (6.5, "", "", ""), rp=("", 1_000_000, "x", "")),
    ]
    path = write_e81(raw_dir / "2026" / "TW3" / "dinkes.xlsx", rows)
    frame, log = read_file(path, catalogues, raw_dir)
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


def test_a_true_cell_does_not_change_a_number_shown_as_text(
    raw_dir: Path, catalogues: Catalogues
) -> None:
    path = write_e81(
        raw_dir / "2026" / "TW3" / "dinkes.xlsx",
        [Row(LAYANAN, True, 1200, "", (1, "", "", "")), Row(BBLR, 1, 7, "", (6.5, "", "", ""))],
    )
    frame, _ = read_file(path, catalogues, raw_dir)
    assert frame["unit"].tolist() == ["True", "1"]


def test_file_convention_settles_a_lone_thousands_group(
    raw_dir: Path, catalogues: Catalogues
) -> None:
    rows = [Row(LAYANAN, "orang", "1.500", "Rp 12.500.000", ("1.234", "", "", ""))]
    path = write_e81(raw_dir / "2026" / "TW3" / "dinkes.xlsx", rows)
    frame, log = read_file(path, catalogues, raw_dir)
    assert frame.loc[0, ["target", "k_tw1"]].tolist() == [1500.0, 1234.0]
    assert log.issues == []
