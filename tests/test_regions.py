"""The national region list (sae_analysis.sampledata.regions -> data/raw/reference/regions.csv):
its counts, its codes, the spellings BPS tables and agencies use."""

from __future__ import annotations

import pandas as pd
import pytest

from sae_analysis import config
from sae_analysis.ingest.catalogues import load_catalogues, resolve_region
from sae_analysis.sampledata import regions

REGIONS_CSV = config.RAW_DIR / config.REFERENCE_SUBDIR / "regions.csv"


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return pd.read_csv(REGIONS_CSV, dtype="str", keep_default_na=False)


def test_the_committed_list_is_the_one_built_from_the_kept_source() -> None:
    assert REGIONS_CSV.read_text(encoding="utf-8") == regions.regions_csv()


def test_counts_one_nation_38_provinces_514_kabupaten_kota(table: pd.DataFrame) -> None:
    assert table["level"].value_counts().to_dict() == {
        "kabupaten": 416,
        "kota": 98,
        "provinsi": 38,
        "nasional": 1,
    }
    assert table["region_code"].is_unique
    assert table["region_code"].str.fullmatch(r"\d{4}").all()
    provinces = set(table.loc[table["level"] == "provinsi", "region_code"])
    regencies = table[table["level"].isin(["kabupaten", "kota"])]
    assert set(regencies["region_code"].str[:2] + "00") == provinces  # each in its province
    jatim = regencies[regencies["region_code"].str.startswith("35")]
    assert len(jatim) == 38


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kab. Probolinggo", "3513"),
        ("Probolinggo (Kab.)", "3513"),
        ("KAB PROBOLINGGO", "3513"),
        ("Kabupaten Probolinggo", "3513"),
        ("Kota Probolinggo", "3574"),
        ("Probolinggo (Kota)", "3574"),
        ("Probolinggo", None),  # Kabupaten or Kota: no guess
        ("Pacitan", "3501"),  # one region only has this name
        ("INDONESIA", "0000"),
        ("JAWA TIMUR", "3500"),
        ("Prov. Jawa Timur", "3500"),
        ("DKI Jakarta", "3100"),
        ("Kep. Bangka Belitung", "1900"),
        ("D.I. Yogyakarta", "3400"),
        ("Kota Yogyakarta", "3471"),
        ("Jakarta Pusat", "3171"),
        ("Bengkulu", "1700"),  # the province, not Kota Bengkulu
        ("Papua Barat Daya", "9600"),
    ],
)
def test_spellings_of_bps_and_agencies_resolve(text: str, code: str | None) -> None:
    assert resolve_region(text, load_catalogues(config.RAW_DIR)) == code


def test_no_alias_names_two_regions() -> None:
    index = load_catalogues(config.RAW_DIR).region_index
    assert None not in index.values()
