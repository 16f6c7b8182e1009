"""`sae-analysis init DIR --profile FILE`: a new government's raw folder (sae_analysis.sampledata.init)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sae_analysis import cli, config, metrics
from sae_analysis.ingest.catalogues import load_catalogues
from sae_analysis.params import check_params

SECOND = Path(__file__).parent / "fixtures" / "second_profile" / "profile.toml"


def test_init_writes_the_profile_the_region_list_and_empty_catalogues(tmp_path: Path) -> None:
    folder = tmp_path / "lumajang"
    assert cli.main(["init", str(folder), "--profile", str(SECOND)]) == 0
    reference = folder / "reference"
    assert sorted(p.name for p in reference.iterdir()) == [
        "indicators.csv",
        "logo.svg",
        "opd.csv",
        "profile.toml",
        "rating_bands.csv",
        "regions.csv",
    ]
    assert (reference / "profile.toml").read_bytes() == SECOND.read_bytes()
    assert (reference / "opd.csv").read_text() == "opd_code,name,aliases,pillar\n"
    assert (reference / "indicators.csv").read_text().splitlines() == [
        "indicator_code,name,unit,polarity,pillar,opd_code,kind,accumulation,source,break_year"
    ]
    assert (folder / "makro").is_dir()
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "tata_kelola, ekonomi_rakyat, layanan_dasar" in readme
    cats = load_catalogues(folder)
    assert cats.profile.region_name == "Kabupaten Lumajang"
    assert len(cats.regions) == 553
    assert cats.opd.empty
    pd.testing.assert_frame_equal(cats.rating_bands, metrics.DEFAULT_BANDS, check_dtype=False)
    assert check_params(year=2026, quarter=3, raw_dir=folder).raw_dir == folder.resolve()
    assert config.REGION_CODE == "3508"


def test_init_without_a_profile_copies_the_bundled_one(tmp_path: Path) -> None:
    assert cli.main(["init", str(tmp_path / "raw")]) == 0
    assert load_catalogues(tmp_path / "raw").profile.region_code == "3513"


def test_init_refuses_a_folder_with_catalogues_and_a_broken_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "raw"
    (folder / "reference").mkdir(parents=True)
    (folder / "reference" / "opd.csv").write_text("mine\n")
    assert cli.main(["init", str(folder)]) == 2
    assert "sudah berisi berkas" in capsys.readouterr().err
    assert (folder / "reference" / "opd.csv").read_text() == "mine\n"
    broken = tmp_path / "profile.toml"
    text = SECOND.read_text().replace('logo = "logo.svg"\n', "")
    broken.write_text(text.replace('bps_code = "3508"', 'bps_code = "x"'))
    assert cli.main(["init", str(tmp_path / "new"), "--profile", str(broken)]) == 2
    assert "government.bps_code" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()
