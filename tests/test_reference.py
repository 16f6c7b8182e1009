"""Integrity of the reference catalogues in data/raw/reference/ (codes, links, coverage, bands, regions)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from sae_analysis import config
from sae_analysis.ingest.catalogues import (
    load_catalogues,
    normalise_name,
    resolve_indicator,
    resolve_opd,
    resolve_region,
)

REFERENCE = config.RAW_DIR / config.REFERENCE_SUBDIR


@pytest.fixture(scope="module")
def catalogues():
    return load_catalogues(config.RAW_DIR)


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / name, dtype="str", keep_default_na=False)


def test_opd_codes_unique_and_pillars_valid():
    opd = _csv("opd.csv")
    assert opd["opd_code"].is_unique
    assert 28 <= len(opd) <= 32
    assert set(opd["pillar"]) <= set(config.PILLARS)
    assert opd["aliases"].str.len().gt(0).all()


def test_every_opd_name_and_alias_resolves_to_its_own_code(catalogues):
    for code, name, aliases in catalogues.opd[["opd_code", "name", "aliases"]].itertuples(
        index=False
    ):
        for text in (code, name, *aliases.split("|")):
            assert resolve_opd(text, catalogues) == code, text
    assert None not in catalogues.opd_index.values(), "an alias is shared by two OPDs"


def test_indicators_link_to_opds_and_cover_every_pillar():
    indicators, opd = _csv("indicators.csv"), _csv("opd.csv")
    assert indicators["indicator_code"].is_unique
    assert 60 <= len(indicators) <= 120
    assert set(indicators["opd_code"]) <= set(opd["opd_code"])
    assert set(indicators["pillar"]) == set(config.PILLARS)
    assert set(indicators["polarity"]) == {"+", "-", "="}
    assert set(indicators["kind"]) == {"outcome", "output"}
    assert set(indicators["accumulation"]) == {"sum", "last"}
    per_opd = indicators["opd_code"].value_counts()
    assert per_opd.between(2, 6).all(), per_opd[~per_opd.between(2, 6)]
    assert indicators["source"].str.len().gt(0).all()
    assert indicators["indicator_code"].str.fullmatch(r"[a-z][a-z0-9_]*").all()


def test_indicator_names_are_unique_so_a_name_alone_finds_the_code(catalogues):
    names = catalogues.indicators["name"].map(normalise_name)
    assert names.is_unique
    for code, name in catalogues.indicators[["indicator_code", "name"]].itertuples(index=False):
        assert resolve_indicator(name.upper(), catalogues) == code


def test_codes_the_makro_tables_and_planted_cases_rely_on(catalogues):
    table = catalogues.indicators.set_index("indicator_code")
    assert table.loc["bblr", "polarity"] == "-"
    assert table.loc["asi_eksklusif", "polarity"] == "+"
    assert table.loc["inflasi", "polarity"] == "="
    assert table.loc["persentase_penduduk_miskin", "polarity"] == "-"
    breaks = table["break_year"].dropna()
    assert breaks.to_dict() == {"indeks_spbe": 2026}
    assert table.loc["ipm", "source"].startswith("BPS Kabupaten Probolinggo")


def test_units_are_indonesian_and_counts_sum_rates_last():
    indicators = _csv("indicators.csv")
    rates = indicators["unit"].isin(["persen", "indeks"])
    assert indicators.loc[rates, "accumulation"].eq("last").all()
    assert "percent" not in set(indicators["unit"])


def test_rating_bands_follow_permendagri_86_2017():
    bands = _csv("rating_bands.csv")
    bounds = bands["lower_bound"].astype(float).tolist()
    assert bounds == [91, 76, 66, 51, 0]
    assert bands["label"].tolist() == [
        "Sangat Tinggi",
        "Tinggi",
        "Sedang",
        "Rendah",
        "Sangat Rendah",
    ]
    assert all(re.fullmatch(r"#[0-9A-Fa-f]{6}", c) for c in bands["colour"])
    assert bands["colour"].is_unique


def test_regions_hold_jawa_timur_and_its_38_kabupaten_kota(catalogues):
    """The national list (counts guarded in tests/test_regions.py) holds the sample's province."""
    regions = _csv("regions.csv")
    jatim = regions[regions["region_code"].str.startswith("35")]
    assert len(jatim) == 39
    assert jatim["level"].value_counts().to_dict() == {"kabupaten": 29, "kota": 9, "provinsi": 1}
    assert resolve_region("Kab. Probolinggo", catalogues) == config.REGION_CODE
    assert resolve_region("Kota Probolinggo", catalogues) == "3574"
    assert resolve_region("Probolinggo (Kota)", catalogues) == "3574"
    assert resolve_region("Kabupaten Pacitan", catalogues) == "3501"
    assert resolve_region("Kota Batu", catalogues) == "3579"
    assert None not in catalogues.region_index.values(), "an alias is shared by two regions"


@pytest.mark.parametrize(
    "town", ["Probolinggo", "Kediri", "Blitar", "Malang", "Pasuruan", "Mojokerto", "Madiun"]
)
def test_a_bare_name_shared_by_kabupaten_and_kota_is_not_an_alias(catalogues, town):
    assert resolve_region(town, catalogues) is None


@pytest.mark.parametrize("table", ["bblr.csv", "asi_eksklusif.csv"])
def test_every_region_of_the_makro_tables_resolves(catalogues, table):
    lines = (config.RAW_DIR / config.MAKRO_SUBDIR / table).read_text(encoding="utf-8").splitlines()
    names = [line.split(";")[0] for line in lines if line.startswith(("Kab. ", "Kota "))]
    codes = [resolve_region(name, catalogues) for name in names]
    assert len(names) == 38
    assert None not in codes
    assert len(set(codes)) == 38
