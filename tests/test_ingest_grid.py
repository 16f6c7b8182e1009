"""Tests of sae_analysis.ingest.grid through real files: CSV encodings and separators, an .xls
workbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from raw_files import LAYANAN, read_file

from sae_analysis.ingest.catalogues import Catalogues
from sae_analysis.ingest.grid import sniff_separator

FIXTURES = Path(__file__).parent / "fixtures" / "readers"


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
    frame, log = read_file(path, catalogues, raw_dir)
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
    frame, log = read_file(path, catalogues, raw_dir)
    assert log.issues == []
    assert frame.loc[0, ["indicator_code", "opd_code"]].tolist() == ["SOS_BANSOS", "DINSOS"]
    assert frame.loc[0, ["target", "k_tw1", "k_tw2"]].tolist() == [100.0, 40.0, 55.5]


def test_xls_fixture(tmp_path: Path, catalogues: Catalogues) -> None:
    target = tmp_path / "2026" / "TW2" / "e81_dinsos_tw2_2026.xls"
    target.parent.mkdir(parents=True)
    target.write_bytes((FIXTURES / "e81_dinsos_tw2_2026.xls").read_bytes())
    frame, log = read_file(target, catalogues, tmp_path)
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


def test_sniff_separator_prefers_semicolon_over_decimal_commas() -> None:
    assert sniff_separator("a;b;c\n1,5;2,5;3,5\n4,5;5,5;6,5\n") == ";"
    assert sniff_separator("a\tb\n1,5\t2\n") == "\t"
