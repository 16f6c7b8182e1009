"""Parameter checks and quarter derivation (sae_analysis.params)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from run_inputs import check, tiny_raw

from sae_analysis import params as run_params


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return tiny_raw(tmp_path / "raw")


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"quarter": 5}, "quarter harus 1, 2, 3 atau 4"),
        ({"quarter": 0}, "quarter harus 1, 2, 3 atau 4"),
        ({"quarter": "tiga"}, "quarter harus bilangan bulat"),
        ({"year": 1999}, "year harus antara 2000 dan 2100"),
        ({"year": True}, "year harus bilangan bulat"),
        ({"opd": "DINKEZ"}, "kode OPD tidak dikenal: 'DINKEZ'"),
        ({"opd": 'x"; import os'}, "kode OPD tidak dikenal"),
        ({"lang": "fr"}, "lang harus 'id' atau 'en'"),
    ],
)
def test_bad_parameters_give_one_line(raw: Path, override: dict, message: str) -> None:
    with pytest.raises(run_params.ParameterError) as info:
        check(raw, **override)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_catalogue_is_a_usage_error(raw: Path) -> None:
    (raw / "reference" / "indicators.csv").unlink()
    with pytest.raises(
        run_params.ParameterError, match=r"katalog tidak ditemukan: .*indicators\.csv"
    ):
        check(raw)


def test_missing_raw_dir_is_named(tmp_path: Path) -> None:
    with pytest.raises(run_params.ParameterError, match=r"folder data mentah tidak ada: .*nowhere"):
        check(tmp_path / "nowhere")


def test_good_parameters_are_normalised(raw: Path, tmp_path: Path) -> None:
    params = check(raw, quarter="3", opd="dinkes", lang="EN", reports_dir=tmp_path / "r")
    assert (params.year, params.quarter, params.opd, params.lang) == (2026, 3, "DINKES", "en")
    assert params.report_dir == (tmp_path / "r" / "2026-TW3" / "opd").resolve()
    assert params.report_stem == "laporan-evaluasi-2026-TW3-DINKES"
    assert params.notebook_parameters()["quarter"] == 3


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 1, 1), (2025, 4)),
        (dt.date(2026, 3, 31), (2025, 4)),
        (dt.date(2026, 4, 1), (2026, 1)),
        (dt.date(2026, 7, 15), (2026, 2)),
        (dt.date(2026, 10, 1), (2026, 3)),
        (dt.date(2026, 12, 31), (2026, 3)),
    ],
)
def test_last_finished_quarter(today: dt.date, expected: tuple[int, int]) -> None:
    assert run_params.last_finished_quarter(today) == expected


def test_quarter_auto_without_year_takes_the_year_too(raw: Path) -> None:
    params = check(raw, year=None, quarter="auto", today=dt.date(2027, 5, 2))
    assert (params.year, params.quarter) == (2027, 1)


def test_quarter_auto_uses_today(raw: Path) -> None:
    params = check(raw, year="auto", quarter="auto", today=dt.date(2026, 2, 10))
    assert (params.year, params.quarter) == (2025, 4)


def test_known_opd_codes_follow_the_catalogue(raw: Path, tmp_path: Path) -> None:
    (raw / "reference" / "opd.csv").write_text(
        "\ufeffopd_code,name,aliases,pillar\n setda ,Sekretariat ,,pemerintahan\n"
        "DINKES,Dinas Kesehatan,,pendidikan_kesehatan\n",
        encoding="utf-8",
    )
    assert run_params.opd_catalogue(raw) == {"SETDA": "Sekretariat", "DINKES": "Dinas Kesehatan"}
    assert run_params.known_opd_codes(raw) == ["SETDA", "DINKES"]
    assert run_params.known_opd_codes(tmp_path / "nowhere") is None
    assert run_params.opd_catalogue(tmp_path / "nowhere") == {}


def test_the_kernel_side_never_imports_run() -> None:
    """params, provenance, stages, report and explore load without the orchestrator (run/)."""
    code = (
        "import sys\n"
        "import sae_analysis.stages, sae_analysis.report, sae_analysis.explore\n"
        "import sae_analysis.report.index_page, sae_analysis.provenance\n"
        "assert not [m for m in sys.modules if m.startswith('sae_analysis.run')], sorted(sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
