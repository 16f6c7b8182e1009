"""Tests of sae_analysis.ingest.roles: column labels classified into roles and raw-frame fields,
the role map of a full-width header band."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pytest

from sae_analysis.ingest.grid import open_sheets
from sae_analysis.ingest.header import header_band
from sae_analysis.ingest.roles import classify_column, column_role, role_map, with_content_roles


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


@pytest.mark.parametrize(
    ("texts", "role"),
    [
        (("Target Renstra PD pada Tahun 2026 (Akhir Periode Renstra PD)", "K"),
         ("renstra_target", "k", None)),
        (("Target RPJMD Kabupaten pada Tahun 2026 (Akhir Periode RPJMD)", "Rp"),
         ("renstra_target", "rp", None)),
        (("Realisasi Capaian Kinerja Renstra PD sampai dengan Renja PD Tahun Lalu (2024)", "K"),
         ("renstra_prior", "k", None)),
        (("Realisasi Capaian Kinerja RPJMD sampai dengan RKPD Tahun Lalu (n-2)", "Rp"),
         ("renstra_prior", "rp", None)),
        (("Target kinerja dan anggaran Renja tahun berjalan (tahun 2025) yang dievaluasi", "K"),
         ("target", "k", None)),
        (("Target Kinerja dan Anggaran RKPD Tahun Berjalan (Tahun n-1) yang Dievaluasi", "Rp"),
         ("target", "rp", None)),
        (("Realisasi Kinerja Pada Triwulan", "Il ", "K"), ("quarter", "k", 2)),
        (("Realisasi Kinerja Pada Triwulan", "Ill ", "Rp"), ("quarter", "rp", 3)),
        (("Realisasi kinerja pada triwulan", "TW 1", "%"), ("quarter", "pct", 1)),
        (("Realisasi Kinerja Pada Triwulan", "Triwulan IV", "Rp. (000)"), ("quarter", "rp", 4)),
        (("Realisasi Capaian Kinerja dan Anggaran Renja yang Dievaluasi", "K"),
         ("year_actual", "k", None)),
        (("Realisasi Kinerja dan Anggaran RPJMD s/d Tahun 2025 (Akhir Tahun Pelaksanaan RKPD)",
          "Rp"), ("renstra_actual", "rp", None)),
        (("Tingkat Capaian Kinerja dan Realisasi Anggaran Renja yang Dievaluasi (%)", "K"),
         ("achievement", "k", None)),
        (("Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan",), ("label", None, None)),
        (("Indikator Kinerja Program (Outcome)/ Kegiatan (Output)",), ("indicator", None, None)),
        (("Unit Perangkat Daerah Penanggung Jawab",), ("responsible", None, None)),
        (("Sasaran",), ("sasaran", None, None)),
        ((), ("ignored", None, None)),
    ],
)  # fmt: skip
def test_column_role(texts: tuple[str, ...], role: tuple[object, ...]) -> None:
    assert column_role(texts) == role


def test_a_full_width_header_band(tmp_path: Path) -> None:
    """Renstra target left of the year's; the column numbers above the K / % / Rp row; quarters
    typed "I ", "Il ", "Ill ", "IV "; money in "Rp. (000)"; the unit under the target's merged
    "K"; the code split over two Kode columns."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "E81"
    ws["A1"] = "PERANGKAT DAERAH : Dinas Kesehatan"
    ws["A2"] = "TRIWULAN I TAHUN 2025"
    top = {
        "A4": "Kode",
        "C4": "Indikator Kinerja",
        "D4": "Target Renstra (Akhir Periode)",
        "F4": "Target Renja Tahun Berjalan yang Dievaluasi",
        "I4": "Realisasi Kinerja Pada Triwulan",
    }
    for ref, text in top.items():
        ws[ref] = text
    for c, quarter in zip("ILOR", ["I ", "Il ", "Ill ", "IV "], strict=True):
        ws[f"{c}5"] = quarter
    numbers = ["1", None, "2", "3", None, "4", None, None, "5", None, None, "6", None, None, "7"]
    for c, text in enumerate(numbers, start=1):
        ws.cell(6, c, text)
    subs = [None, None, None, "K", "Rp. (000)", "K", None, "Rp. (000)"] + [
        "K",
        "%",
        "Rp. (000)",
    ] * 4
    for c, text in enumerate(subs, start=1):
        ws.cell(7, c, text)
    for ref in ("A4:B7", "C4:C7", "D4:E5", "F4:H5", "I4:T4", "F7:G7", "I5:K5", "L5:N5"):
        ws.merge_cells(ref)
    ws.append(["1", "02", "Cakupan imunisasi dasar lengkap", 95, 9_000, 90, "persen", 1_500,
               20, 0.25, 300.5])  # fmt: skip
    path = tmp_path / "e81.xlsx"
    book.save(path)
    sheet = next(open_sheets(path))
    band = header_band(sheet)
    assert (band.first, band.last, band.numbers) == (3, 6, 5)
    roles = role_map(band.texts)
    assert roles.code_columns == (0, 1)
    assert roles.fields["renstra_target"] == 3
    assert (roles.fields["target"], roles.fields["ceiling"]) == (5, 7)
    assert [roles.fields[f"k_tw{q}"] for q in (1, 2, 3, 4)] == [8, 11, 14, 17]
    assert (roles.columns[9].role, roles.columns[9].measure) == ("quarter", "pct")
    assert roles.scale("rp_tw1") == roles.scale("ceiling") == 1000.0
    assert "unit" not in roles.fields
    cells = np.array([sheet.rows[7] + [None] * (roles.width - len(sheet.rows[7]))], dtype=object)
    assert with_content_roles(roles, cells).fields["unit"] == 6
