"""Tests of sae_analysis.ingest.bps: the real BPS tables bundled with the sample, and a workbook with
notes, the province and an unknown region."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pytest

from sae_analysis import config
from sae_analysis.ingest.bps import MACRO_COLUMNS, read_bps_table
from sae_analysis.ingest.catalogues import Catalogues, load_catalogues
from sae_analysis.ingest.quality import QualityLog
from sae_analysis.sampledata import sample

BPS_DIR = sample.MAKRO_SOURCE


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


# -- national and provincial tables against the national region list (issue 15) ---------------

FIXTURES = Path(__file__).parent / "fixtures" / "bps"
NATIONAL = ("persentase_penduduk_miskin.csv", "ipm.csv", "tingkat_pengangguran_terbuka.xlsx")


@pytest.fixture(scope="module")
def national_catalogues() -> Catalogues:
    return load_catalogues(config.RAW_DIR)  # the national region list


@pytest.mark.parametrize(
    ("name", "base", "national"),
    [(NATIONAL[0], 0, 50), (NATIONAL[1], 100, 60), (NATIONAL[2], 200, 70)],
)
def test_national_tables_by_province_read_every_value(
    national_catalogues: Catalogues, name: str, base: int, national: int
) -> None:
    log = QualityLog()
    macro = read_bps_table(FIXTURES / name, catalogues=national_catalogues, log=log)
    assert log.issues == []
    assert macro["region_code"].nunique() == 35  # 34 provinces + the nation
    assert macro["value"].notna().sum() == 35 * 13 - 3  # Kalimantan Utara before 2013
    values = macro.set_index(["region_code", "year"])["value"]
    assert values[("3500", 2022)] == pytest.approx(base + 15.12)  # JAWA TIMUR, i = 15
    assert values[("1900", 2015)] == pytest.approx(base + 9.05)  # Kep. Bangka Belitung, i = 9
    assert values[("3100", 2010)] == pytest.approx(base + 11.0)  # DKI Jakarta
    assert values[("0000", 2021)] == pytest.approx(national + 0.11)
    assert math.isnan(values[("6500", 2012)])
    assert values[("6500", 2013)] == pytest.approx(base + 24.03)  # Kalimantan Utara, i = 24
    assert set(macro.loc[macro["region_code"] == "3400", "region_name"]) == {
        "Provinsi Daerah Istimewa Yogyakarta"
    }


def test_provincial_table_keeps_the_province_row_and_the_other_probolinggo(
    national_catalogues: Catalogues,
) -> None:
    log = QualityLog()
    path = FIXTURES / "persentase_penduduk_miskin_kabkota_jatim.xlsx"
    macro = read_bps_table(path, catalogues=national_catalogues, log=log)
    assert log.issues == []
    values = macro.set_index(["region_code", "year"])["value"]
    assert len(values) == 39 * 3
    assert values[("3513", 2022)] == pytest.approx(6.7)  # "Probolinggo (Kab.)": 13/2 + 0.2
    assert values[("3574", 2020)] == pytest.approx(37.0)  # "KOTA PROBOLINGGO": another region
    assert values[("3500", 2021)] == pytest.approx(15.11)  # the "JAWA TIMUR" total row


def test_a_region_in_no_list_is_one_error_naming_file_and_row(
    tmp_path: Path, national_catalogues: Catalogues
) -> None:
    path = tmp_path / "ipm.csv"
    path.write_text(
        "Provinsi;2021;2022\nJAWA TIMUR;72,1;72,7\nATLANTIS;1;2\nINDONESIA;72,3;72,9\n",
        encoding="utf-8",
    )
    log = QualityLog()
    macro = read_bps_table(path, catalogues=national_catalogues, log=log)
    assert [(i.severity, i.code, i.file, i.row, i.value) for i in log.issues] == [
        ("error", "region_unknown", "ipm.csv", 3, "ATLANTIS")
    ]
    assert sorted(macro["region_code"].unique()) == ["0000", "3500"]
