"""Every OPD's report in one run, in a pool of workers (sae_analysis.run.opd_reports)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest
from pptx import Presentation
from run_inputs import check, tiny_raw

from sae_analysis import params as run_params
from sae_analysis.run import opd_reports
from sae_analysis.run.lock import run_lock
from sae_analysis.sampledata import sample


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return tiny_raw(tmp_path / "raw")


def test_opd_codes_with_data_follow_the_catalogue(raw: Path, tmp_path: Path) -> None:
    (raw / "reference" / "opd.csv").write_text(
        "opd_code,name,aliases,pillar\nSETDA,Sekretariat,,pemerintahan\n"
        "DINKES,Dinas Kesehatan,,pendidikan_kesehatan\nBKAD,BKAD,,pemerintahan\n",
        encoding="utf-8",
    )
    params = check(raw, processed_dir=tmp_path, known_opd=None)
    pd.DataFrame({"year": [2026, 2026, 2025], "opd_code": ["DINKES", "SETDA", "BKAD"]}).to_parquet(
        tmp_path / "performance.parquet"
    )
    pd.DataFrame({"year": [2026], "opd_code": ["ZZZ"]}).to_parquet(tmp_path / "budget.parquet")
    # BKAD has last year's data only; ZZZ is not in the catalogue and goes last
    assert opd_reports.opd_codes_with_data(params) == ["SETDA", "DINKES", "ZZZ"]


def test_opd_reports_need_all(raw: Path) -> None:
    with pytest.raises(run_params.ParameterError, match="opd harus 'all'"):
        opd_reports.run_opd_reports(check(raw, opd="DINKES"))


def _sample_params(tmp_path: Path) -> run_params.RunParams:
    raw = tmp_path / "raw"
    sample.generate_sample(raw, n_opd=2)
    return run_params.check_params(
        year=2026,
        quarter=3,
        raw_dir=raw,
        processed_dir=tmp_path / "processed",
        reports_dir=tmp_path / "reports",
    )


@pytest.mark.slow
def test_opd_reports_build_every_opd_in_one_run(tmp_path: Path) -> None:
    params = _sample_params(tmp_path)
    with run_lock(params.reports_dir):
        result = opd_reports.run_opd_reports(params, jobs=2, pdf=False)
    assert result.exit_code in (0, 1), result.message
    codes = opd_reports.opd_codes_with_data(params)
    assert len(codes) == 2
    folder = params.report_dir
    index = (folder / "opd" / "index.html").read_text(encoding="utf-8")
    for code in codes:
        assert (folder / "opd" / f"laporan-evaluasi-2026-TW3-{code}.html").is_file()
        assert (folder / "opd" / f"laporan-evaluasi-2026-TW3-{code}.xlsx").is_file()
        deck = Presentation(folder / "opd" / f"paparan-2026-TW3-{code}.pptx")
        assert f"({code})" in deck.slides[0].shapes.placeholders[1].text_frame.text
        assert f'href="laporan-evaluasi-2026-TW3-{code}.html"' in index
        assert f'href="paparan-2026-TW3-{code}.pptx"' in index
        assert not (folder / f"laporan-evaluasi-2026-TW3-{code}.html").exists()
        nb = nbformat.read(folder / "opd" / code / "03_report.ipynb", as_version=4)
        assert nb.metadata["papermill"]["parameters"]["opd"] == code
    assert (folder / "opd" / "01_clean.ipynb").is_file()
    assert (folder / "opd" / "provenance.json").is_file()
    assert not [p for p in folder.iterdir() if p.name.startswith(".staging")]


def _report_files(params: run_params.RunParams) -> dict[str, bytes]:
    """The index, each OPD's HTML, XLSX and deck, and the processed tables, by name."""
    folder = params.report_dir / "opd"
    files = [folder / "index.html", *folder.glob("*.html"), *folder.glob("*.xlsx")]
    files += folder.glob("*.pptx")
    files += sorted(params.processed_dir.glob("*.parquet"))
    files.append(params.processed_dir / "quality_issues.csv")
    return {path.name: path.read_bytes() for path in files}


@pytest.mark.slow
def test_opd_reports_with_spawned_workers_equal_forked_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pool works when its workers are spawned (the only start method on Windows): the
    same files, byte for byte, as forked workers give (one worker for both OPDs there)."""
    params = _sample_params(tmp_path)
    monkeypatch.setenv("SAE_START_METHOD", "fork")
    with run_lock(params.reports_dir):
        forked = opd_reports.run_opd_reports(params, jobs=1, pdf=False)
    assert forked.exit_code in (0, 1), forked.message
    expected = _report_files(params)
    monkeypatch.setenv("SAE_START_METHOD", "spawn")
    with run_lock(params.reports_dir):
        spawned = opd_reports.run_opd_reports(params, jobs=2, pdf=False)
    assert (spawned.exit_code, spawned.n_errors) == (forked.exit_code, forked.n_errors)
    got = _report_files(params)
    assert sorted(got) == sorted(expected)
    assert len([n for n in got if n.endswith(".xlsx")]) == 2
    assert len([n for n in got if n.endswith(".pptx")]) == 2
    assert [n for n in got if got[n] != expected[n]] == []
