"""Parameter checks, quarter derivation, the run lock and provenance."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
from pathlib import Path

import pytest

from sae_analysis import pipeline


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    (folder / "reference").mkdir(parents=True)
    (folder / "reference" / "opd.csv").write_text(
        "opd_code,name,aliases,pillar\nDINKES,Dinas Kesehatan,Dinkes,pendidikan_kesehatan\n",
        encoding="utf-8",
    )
    (folder / "2026" / "TW3").mkdir(parents=True)
    (folder / "2026" / "TW3" / "a.csv").write_text("x\n", encoding="utf-8")
    (folder / "2026" / "TW4").mkdir(parents=True)
    (folder / "2026" / "TW4" / "later.csv").write_text("x\n", encoding="utf-8")
    return folder


def check(raw: Path, **kw: object) -> pipeline.RunParams:
    args = {"year": 2026, "quarter": 3, "raw_dir": raw, "known_opd": ["DINKES"], **kw}
    return pipeline.check_params(**args)  # type: ignore[arg-type]


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
    with pytest.raises(pipeline.ParameterError) as info:
        check(raw, **override)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_raw_dir_is_named(tmp_path: Path) -> None:
    with pytest.raises(pipeline.ParameterError, match="folder data mentah tidak ada: .*nowhere"):
        check(tmp_path / "nowhere")


def test_good_parameters_are_normalised(raw: Path, tmp_path: Path) -> None:
    params = check(raw, quarter="3", opd="dinkes", lang="EN", reports_dir=tmp_path / "r")
    assert (params.year, params.quarter, params.opd, params.lang) == (2026, 3, "DINKES", "en")
    assert params.report_dir == (tmp_path / "r" / "2026-TW3").resolve()
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
    assert pipeline.last_finished_quarter(today) == expected


def test_quarter_auto_uses_today(raw: Path) -> None:
    params = check(raw, year="auto", quarter="auto", today=dt.date(2026, 2, 10))
    assert (params.year, params.quarter) == (2025, 4)


def test_input_files_stop_at_the_requested_quarter(raw: Path) -> None:
    names = [p.name for p in pipeline.input_files(raw, year=2026, quarter=3)]
    assert names == ["opd.csv", "a.csv"] or sorted(names) == ["a.csv", "opd.csv"]
    assert "later.csv" not in names


def test_provenance_hashes_inputs(raw: Path) -> None:
    record = pipeline.provenance(check(raw))
    files = {item["file"]: item["sha256"] for item in record["inputs"]}
    assert files["2026/TW3/a.csv"] == hashlib.sha256(b"x\n").hexdigest()
    assert record["packages"]["pandas"] != "not installed"
    assert record["parameters"]["year"] == 2026


def _hold_lock(folder: str, ready: multiprocessing.Event, release: multiprocessing.Event) -> None:
    with pipeline.run_lock(Path(folder)):
        ready.set()
        release.wait(20)


def test_second_run_is_refused_while_the_first_holds_the_lock(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(tmp_path), ready, release))
    holder.start()
    try:
        assert ready.wait(20)
        with (
            pytest.raises(pipeline.RunLockedError, match="proses lain sedang membuat laporan"),
            pipeline.run_lock(tmp_path, wait_seconds=0.5),
        ):
            pass
    finally:
        release.set()
        holder.join(20)
    with pipeline.run_lock(tmp_path):  # free again once the first run ended
        pass
