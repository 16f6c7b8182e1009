"""Tests of sae_analysis.metrics.macro: the region's macro indicators, YoY and rank."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from sae_analysis import config
from sae_analysis import metrics as m
from sae_analysis.clean.rules import read_macro
from sae_analysis.ingest.catalogues import load_catalogues
from sae_analysis.ingest.quality import QualityLog

BPS = Path(__file__).parent / "fixtures" / "bps"


def macro_frame() -> pd.DataFrame:
    rows = [
        ("0000", "Indonesia", "ipm", 2025, 75.0),
        ("3500", "Jawa Timur", "ipm", 2025, 74.0),
        ("3513", "Kab. Probolinggo", "ipm", 2025, 70.0),
        ("3513", "Kab. Probolinggo", "ipm", 2024, 69.0),
        ("3514", "Kab. Pasuruan", "ipm", 2025, 72.0),
        ("3578", "Kota Surabaya", "ipm", 2025, 83.0),
        ("3501", "Kab. Pacitan", "ipm", 2025, 70.0),
        ("3513", "Kab. Probolinggo", "tpt", 2024, 4.0),
        ("3513", "Kab. Probolinggo", "tpt", 2023, 4.5),
        ("3514", "Kab. Pasuruan", "tpt", 2024, 5.0),
    ]
    frame = pd.DataFrame(
        rows, columns=["region_code", "region_name", "indicator_code", "year", "value"]
    )
    return frame.assign(source="BPS Jawa Timur")


def test_macro_summary_rank_excludes_province_and_nation() -> None:
    got = m.macro_summary(
        macro_frame(),
        polarity_by_indicator={"ipm": "+", "tpt": "-"},
        unit_by_indicator={"tpt": "persen"},
    ).set_index("indicator_code")
    assert got.loc["ipm", "year"] == 2025
    assert got.loc["ipm", "n_regions"] == 4
    assert got.loc["ipm", "rank"] == 3.0  # tie with Pacitan shares rank 3 of 4
    assert got.loc["ipm", "change"] == pytest.approx(1 / 69 * 100)  # index: relative %
    assert got.loc["tpt", "year"] == 2024
    assert got.loc["tpt", "change"] == pytest.approx(-0.5)
    assert got.loc["tpt", ["direction", "rank"]].tolist() == ["membaik", 1.0]


def test_macro_summary_year_and_break() -> None:
    got = m.macro_summary(
        macro_frame(),
        polarity_by_indicator={"ipm": "+"},
        year=2025,
        break_year_by_indicator={"ipm": 2025},
    ).set_index("indicator_code")
    assert got.loc["ipm", "reason"] == "method_break"
    assert pd.isna(got.loc["ipm", "direction"])
    assert got.loc["tpt", "reason"] == "missing_this_year"
    assert pd.isna(got.loc["tpt", "rank"])  # no polarity given: not ranked


def _fixture_macro(tmp_path: Path, *names: str) -> tuple[pd.DataFrame, QualityLog]:
    """The hand-made BPS tables of tests/fixtures/bps read as a run reads ``makro/``."""
    makro = tmp_path / "makro"
    makro.mkdir()
    for name in names:
        shutil.copyfile(BPS / name, makro / name)
    log = QualityLog()
    return read_macro(tmp_path, catalogues=load_catalogues(config.RAW_DIR), log=log), log


def test_national_and_provincial_tables_land_whole_in_the_macro_frame(tmp_path: Path) -> None:
    macro, log = _fixture_macro(tmp_path, *(p.name for p in BPS.glob("*.*") if p.suffix != ".md"))
    assert log.issues == []
    assert macro["value"].notna().sum() == 1356 + 114  # README: the hand count
    jatim = macro[(macro["region_code"] == "3500") & (macro["year"] == 2021)]
    assert jatim.groupby("indicator_code")["value"].apply(list).to_dict() == {
        "ipm": [115.11],
        "persentase_penduduk_miskin": [15.11],  # in both tables: one value
        "tingkat_pengangguran_terbuka": [215.11],
    }


def test_regency_ranked_among_its_province_with_province_and_nation_beside_it(
    tmp_path: Path,
) -> None:
    macro, _ = _fixture_macro(
        tmp_path, "persentase_penduduk_miskin.csv", "persentase_penduduk_miskin_kabkota_jatim.xlsx"
    )
    regions = load_catalogues(config.RAW_DIR).regions
    got = m.macro_summary(
        macro,
        region_code="3513",
        polarity_by_indicator={"persentase_penduduk_miskin": "-"},
        unit_by_indicator={"persentase_penduduk_miskin": "persen"},
        regions=regions,
        peers=m.peer_codes("3513", regions=regions),
    ).iloc[0]
    assert (got["year"], got["value"], got["value_prev"]) == (2022, 6.7, 6.6)
    assert (got["rank"], got["n_regions"]) == (13.0, 38)  # lower is better; 12 smaller codes
    assert (got["province_value"], got["national_value"]) == (15.12, 50.12)
    national = m.macro_summary(
        macro,
        region_code="3513",
        polarity_by_indicator={"persentase_penduduk_miskin": "-"},
        regions=regions,
        peers=m.peer_codes("3513", regions=regions, group="national"),
    ).iloc[0]
    assert national["n_regions"] == 38  # only Jawa Timur's kabupaten/kota have values


def test_a_differing_value_for_the_same_region_and_year_is_one_warning(tmp_path: Path) -> None:
    makro = tmp_path / "makro"
    makro.mkdir()
    shutil.copyfile(BPS / "ipm.csv", makro / "ipm.csv")
    (makro / "ipm_jatim.csv").write_text(
        "Kabupaten/Kota,2021,2022\nJAWA TIMUR,115.11,99.9\nKab. Probolinggo,66.1,66.9\n",
        encoding="utf-8",
    )
    log = QualityLog()
    macro = read_macro(tmp_path, catalogues=load_catalogues(config.RAW_DIR), log=log)
    values = macro.set_index(["region_code", "year"])["value"]
    assert values[("3500", 2022)] == 115.12  # the first file's (names in order)
    assert values[("3513", 2022)] == 66.9
    assert [(i.severity, i.code, i.file) for i in log.issues] == [
        ("warning", "macro_value_differs", "ipm_jatim.csv")
    ]
    assert "99.9 di sini, 115.12 di ipm.csv" in log.issues[0].message
