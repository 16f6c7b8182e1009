"""Tests of sae_analysis.ingest.catalogues: loading the reference CSVs and resolving names.

The rating-band reader is tested with its home, in test_metrics_bands.py."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from raw_files import write_catalogues

from sae_analysis import config
from sae_analysis.ingest.catalogues import (
    CatalogueError,
    Catalogues,
    load_catalogues,
    normalise_name,
    resolve_indicator,
    resolve_opd,
    resolve_region,
)


def test_load_catalogues(catalogues: Catalogues) -> None:
    assert catalogues.opd["opd_code"].tolist() == ["DINKES", "DINSOS"]
    assert "KES_LAYANAN" in set(catalogues.indicators["indicator_code"])
    assert catalogues.rating_bands["label"].iloc[0] == "Sangat Tinggi"
    assert len(catalogues.regions) == 39
    assert str(catalogues.indicators["break_year"].dtype) == "Int64"


def test_missing_catalogue_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="opd"):
        load_catalogues(tmp_path)


def test_bad_polarity_is_rejected(tmp_path: Path) -> None:
    reference = write_catalogues(tmp_path)
    table = pd.read_csv(reference / "indicators.csv", dtype="str", keep_default_na=False)
    table.loc[0, "polarity"] = "naik"
    table.to_csv(reference / "indicators.csv", index=False)
    with pytest.raises(CatalogueError, match="KES_LAYANAN"):
        load_catalogues(tmp_path)


def test_optional_catalogues_default(tmp_path: Path) -> None:
    reference = write_catalogues(tmp_path)
    (reference / "rating_bands.csv").unlink()
    (reference / "regions.csv").unlink()
    catalogues = load_catalogues(tmp_path)
    assert len(catalogues.rating_bands) == 5
    assert catalogues.regions.empty
    assert resolve_region("Kab. Pacitan", catalogues) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dinas  Kesehatan,", "dinas kesehatan"),
        ("DINAS KESEHATAN KAB. PROBOLINGGO", "dinas kesehatan kab probolinggo"),
        ("Dinas Pekerjaan Umum & Penataan Ruang", "dinas pekerjaan umum penataan ruang"),
        ("Badan Kepegawaian – Daerah", "badan kepegawaian daerah"),
        ("Sékretariat", "sekretariat"),
        (None, ""),
    ],
)
def test_normalise_name(text: object, expected: str) -> None:
    assert normalise_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DINKES", "DINKES"),
        ("dinkes", "DINKES"),
        ("Dinas Kesehatan", "DINKES"),
        ("DINAS KESEHATAN KAB. PROBOLINGGO", "DINKES"),
        ("E81_dinkes_TW3_2026", "DINKES"),
        ("PERANGKAT DAERAH : Dinas Kesehatan Kab. Probolinggo", "DINKES"),
        ("Laporan Dinas Sosial TW 3", "DINSOS"),
        ("Dinas Pendidikan", None),
        ("dinkesehatan", None),
        ("", None),
    ],
)
def test_resolve_opd(catalogues: Catalogues, text: str, expected: str | None) -> None:
    assert resolve_opd(text, catalogues) == expected


def test_resolve_opd_longest_alias_wins_and_ties_are_refused(tmp_path: Path) -> None:
    opd = pd.DataFrame(
        {
            "opd_code": ["DISDIK", "DISDIKBUD", "X1", "X2"],
            "name": ["Dinas Pendidikan", "Dinas Pendidikan dan Kebudayaan", "Unit A", "Unit B"],
            "aliases": ["", "", "Kantor", "Kantor"],
            "pillar": ["pendidikan_kesehatan"] * 4,
        }
    )
    catalogues = Catalogues(opd, pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    assert resolve_opd("OPD : Dinas Pendidikan dan Kebudayaan", catalogues) == "DISDIKBUD"
    assert resolve_opd("OPD : Dinas Pendidikan", catalogues) == "DISDIK"
    assert resolve_opd("Kantor", catalogues) is None


def test_resolve_indicator(catalogues: Catalogues) -> None:
    name = "Jumlah ibu hamil yang mendapat pelayanan kesehatan"
    assert resolve_indicator(name, catalogues) == "KES_LAYANAN"
    assert resolve_indicator(name.upper() + ".", catalogues) == "KES_LAYANAN"
    assert resolve_indicator("apa saja", catalogues, code="kes_imun") == "KES_IMUN"
    assert resolve_indicator("KES_BBLR_RATE", catalogues) == "KES_BBLR_RATE"
    assert resolve_indicator("Indikator baru", catalogues) is None
    assert resolve_indicator(None, catalogues) is None


def test_resolve_indicator_shared_name_needs_the_opd() -> None:
    indicators = pd.DataFrame(
        {
            "indicator_code": ["A1", "B1"],
            "name": ["Indeks kepuasan masyarakat", "Indeks Kepuasan Masyarakat"],
            "opd_code": ["DINKES", "DINSOS"],
        }
    )
    catalogues = Catalogues(pd.DataFrame(), indicators, pd.DataFrame(), pd.DataFrame())
    assert resolve_indicator("Indeks kepuasan masyarakat", catalogues) is None
    assert resolve_indicator("Indeks kepuasan masyarakat", catalogues, opd_code="DINSOS") == "B1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kab. Pacitan", "3501"),
        ("Kabupaten Probolinggo", "3513"),
        ("KAB PROBOLINGGO", "3513"),
        ("Kota Probolinggo", "3574"),
        ("Jawa Timur", "3500"),
        ("3579", "3579"),
        ("Probolinggo", None),
        ("Kab. Bogor", None),
    ],
)
def test_resolve_region(catalogues: Catalogues, text: str, expected: str | None) -> None:
    assert resolve_region(text, catalogues) == expected


@pytest.mark.skipif(
    not (config.RAW_DIR / "reference" / "opd.csv").is_file(),
    reason="the bundled reference catalogues are not written yet",
)
def test_bundled_catalogues_load_and_resolve() -> None:
    catalogues = load_catalogues(config.RAW_DIR)
    for code, name in catalogues.opd[["opd_code", "name"]].itertuples(index=False):
        assert resolve_opd(name, catalogues) == code
    for code in catalogues.indicators["indicator_code"]:
        assert resolve_indicator(code, catalogues) == code
    if not catalogues.regions.empty:
        assert resolve_region("Kab. Probolinggo", catalogues) == config.REGION_CODE
