"""The government's profile (sae_analysis.profile): reading it, its errors, the active profile and
the accessors that read it (config.PILLARS, config.pillar_label, config.REGION_NAME, schemas)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pandera.errors
import pytest
from hypothesis import given
from hypothesis import strategies as st
from raw_files import write_catalogues

from sae_analysis import config, datasets, profile, text
from sae_analysis.clean import schemas as clean_schemas
from sae_analysis.ingest.catalogues import CatalogueError, load_catalogues
from sae_analysis.params import ParameterError, check_params

#: A second government: three pillars under other names, another vision, another region.
SECOND = """
[government]
name = "Kabupaten Lumajang"
bps_code = "3508"
province_code = "3500"
province = "Jawa Timur"
display = {id = "Pemerintah Kabupaten Lumajang", en = "Government of Kabupaten Lumajang"}
issuer = {id = "Bappeda Kabupaten Lumajang", en = "Lumajang Planning Agency"}

[report]
title = {id = "Laporan Kinerja Triwulanan", en = "Quarterly Performance Report"}

[vision]
name = "TERANG"

[[vision.pillars]]
code = "tata_kelola"
label = {id = "TERANG Tata Kelola", en = "TERANG Governance"}
order = 2
colour = "#336699"

[[vision.pillars]]
code = "sejahtera"
label = {id = "TERANG Sejahtera", en = "TERANG Prosperity"}
order = 1
colour = "#993366"

[[vision.pillars]]
code = "layanan_dasar"
label = {id = "TERANG Layanan Dasar"}
order = 3
colour = "#669933"
"""


def _write(folder: Path, body: str = SECOND) -> Path:
    path = folder / "reference" / "profile.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


def test_second_profile_reads_in_its_order_with_english_falling_back(tmp_path: Path) -> None:
    prof = profile.load_profile(_write(tmp_path))
    assert prof.pillar_codes == ("sejahtera", "tata_kelola", "layanan_dasar")  # by order
    assert prof.pillar_label("tata_kelola", "en") == "TERANG Governance"
    assert prof.pillar_label("layanan_dasar", "en") == "TERANG Layanan Dasar"  # no en: id
    assert prof.short_label("sejahtera") == "Sejahtera"
    assert (prof.region_code, prof.region_name, prof.province_code) == (
        "3508",
        "Kabupaten Lumajang",
        "3500",
    )
    assert prof.text("government", "en") == "Government of Kabupaten Lumajang"
    assert prof.text("title") == "Laporan Kinerja Triwulanan"
    assert prof.peer_group == "province"
    assert prof.logo is None


def test_bundled_profile_is_the_five_sae_pillars_and_the_sample_carries_a_copy() -> None:
    prof = profile.bundled()
    assert prof.pillar_codes == (
        "pemerintahan",
        "ekonomi",
        "pendidikan_kesehatan",
        "infrastruktur",
        "sosial",
    )
    assert (prof.region_code, prof.vision) == ("3513", "SAE")
    assert prof.pillar_label("pendidikan_kesehatan") == "SAE Pendidikan dan Kesehatan"
    sample_copy = config.RAW_DIR / config.REFERENCE_SUBDIR / profile.PROFILE_FILE
    assert sample_copy.read_text(encoding="utf-8") == profile.bundled_text()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('bps_code = "3508"', 'bps_code = "35.08"', r"government\.bps_code: kode BPS 4 angka"),
        ('colour = "#669933"', 'colour = "hijau"', r"vision\.pillars\[3\]\.colour: warna"),
        ('code = "sejahtera"', 'code = "tata_kelola"', r"vision\.pillars: kode pilar ganda"),
        ('code = "sejahtera"', 'code = "Sejahtera!"', r"vision\.pillars\[2\]\.code"),
        ('name = "TERANG"', "", r"vision\.name: kunci wajib tidak ada"),
        (
            '[report]\ntitle = {id = "Laporan Kinerja Triwulanan", en = "Quarterly Performance Report"}',
            '[peers]\ngroup = "kecamatan"',
            r"peers\.group: salah satu dari",
        ),
        ('issuer = {id = "Bappeda Kabupaten Lumajang", ', "issuer = {", r"issuer: .*id wajib"),
        ('province = "Jawa Timur"', 'province = "Jawa Timur"\nlogo = "logo.png"', r"logo: berkas"),
        ("[government]", "[government", r"bukan TOML yang sah"),
    ],
)
def test_a_wrong_profile_is_one_error_naming_file_and_key(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in SECOND
    path = _write(tmp_path, SECOND.replace(old, new, 1))
    with pytest.raises(profile.ProfileError, match=rf"^profile\.toml: .*{message}"):
        profile.load_profile(path)


def test_accessors_follow_the_catalogues_loaded_last(tmp_path: Path) -> None:
    write_catalogues(tmp_path / "bundled")  # no profile.toml: the bundled profile
    second = tmp_path / "second"
    write_catalogues(second)
    _write(second)
    _relabel(second, {"pendidikan_kesehatan": "layanan_dasar", "sosial": "sejahtera"})
    cats = load_catalogues(second)
    assert cats.profile.region_code == "3508"
    assert list(config.PILLARS) == ["sejahtera", "tata_kelola", "layanan_dasar"]
    assert config.PILLARS["tata_kelola"] == ("TERANG Tata Kelola", "TERANG Governance")
    assert config.pillar_label("sejahtera", "en") == "TERANG Prosperity"
    assert (config.REGION_CODE, config.REGION_NAME) == ("3508", "Kabupaten Lumajang")
    assert text.report_title("en") == "Quarterly Performance Report"
    load_catalogues(tmp_path / "bundled")
    assert next(iter(config.PILLARS)) == "pemerintahan"
    assert config.REGION_NAME == "Kabupaten Probolinggo"


def _relabel(raw: Path, mapping: dict[str, str]) -> None:
    for name in ("opd.csv", "indicators.csv"):
        path = raw / "reference" / name
        frame = pd.read_csv(path, dtype="str", keep_default_na=False)
        frame["pillar"] = frame["pillar"].replace(mapping)
        frame.to_csv(path, index=False)


def test_a_catalogue_pillar_outside_the_profile_names_file_and_row(tmp_path: Path) -> None:
    write_catalogues(tmp_path)
    _write(tmp_path)  # the catalogues still use the SAE pillar codes
    with pytest.raises(CatalogueError, match=r"opd\.csv baris 2: pilar '\w+' tidak ada di profil"):
        load_catalogues(tmp_path)


def test_schemas_check_pillars_against_the_active_profile(tmp_path: Path) -> None:
    row = {"pillar": ["sejahtera"]}
    check = clean_schemas.performance.columns["pillar"]
    with pytest.raises(pandera.errors.SchemaError):
        check.validate(pd.DataFrame(row))
    profile.activate(profile.load_profile(_write(tmp_path)))
    assert check.validate(pd.DataFrame(row)) is not None
    assert datasets.CATALOGUE["performance"].schema is clean_schemas.performance


def test_run_parameters_refuse_a_broken_profile_before_any_kernel(tmp_path: Path) -> None:
    write_catalogues(tmp_path)
    _write(tmp_path, SECOND.replace('bps_code = "3508"', ""))
    with pytest.raises(ParameterError, match=r"government\.bps_code: kunci wajib"):
        check_params(year=2026, quarter=3, raw_dir=tmp_path)


@given(
    st.lists(
        st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True), min_size=1, max_size=8, unique=True
    ),
    st.randoms(use_true_random=False),
)
def test_pillars_come_out_in_their_order_whatever_the_file_order(codes, rnd) -> None:
    orders = rnd.sample(range(1, 100), len(codes))
    body = SECOND.split("[[vision.pillars]]")[0]
    for code, order in zip(codes, orders, strict=True):
        body += (
            f'[[vision.pillars]]\ncode = "{code}"\nlabel = {{id = "P {code}"}}\n'
            f'order = {order}\ncolour = "#000000"\n'
        )
    prof = profile.parse_profile(tomllib.loads(body), source="profile.toml")
    expected = [c for _, c in sorted(zip(orders, codes, strict=True))]
    assert list(prof.pillar_codes) == expected
    assert [prof.short_label(c) for c in expected] == [f"P {c}" for c in expected]
