"""Parameter checks, quarter derivation, the run lock and provenance."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
from pathlib import Path

import pytest

from sae_analysis.run import pipeline


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    (folder / "reference").mkdir(parents=True)
    (folder / "reference" / "opd.csv").write_text(
        "opd_code,name,aliases,pillar\nDINKES,Dinas Kesehatan,Dinkes,pendidikan_kesehatan\n",
        encoding="utf-8",
    )
    (folder / "reference" / "indicators.csv").write_text(
        "indicator_code,name,unit,polarity,pillar,opd_code,kind,accumulation,source\n",
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


def test_missing_catalogue_is_a_usage_error(raw: Path) -> None:
    (raw / "reference" / "indicators.csv").unlink()
    with pytest.raises(
        pipeline.ParameterError, match=r"katalog tidak ditemukan: .*indicators\.csv"
    ):
        check(raw)


def test_missing_raw_dir_is_named(tmp_path: Path) -> None:
    with pytest.raises(pipeline.ParameterError, match=r"folder data mentah tidak ada: .*nowhere"):
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
    assert pipeline.last_finished_quarter(today) == expected


def test_quarter_auto_without_year_takes_the_year_too(raw: Path) -> None:
    params = check(raw, year=None, quarter="auto", today=dt.date(2027, 5, 2))
    assert (params.year, params.quarter) == (2027, 1)


def test_quarter_auto_uses_today(raw: Path) -> None:
    params = check(raw, year="auto", quarter="auto", today=dt.date(2026, 2, 10))
    assert (params.year, params.quarter) == (2025, 4)


def test_input_files_stop_at_the_requested_quarter(raw: Path) -> None:
    names = [p.name for p in pipeline.input_files(raw, year=2026, quarter=3)]
    assert sorted(names) == ["a.csv", "indicators.csv", "opd.csv"]
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


# --- fast paths and per-OPD reports ------------------------------------------------------------


def _notebook(path: Path, *cells: str) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(cells[0], metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(code) for code in cells[1:]]
    nb.metadata["kernelspec"] = {"name": pipeline.kernel_name(), "language": "python"}
    nbformat.write(nb, path)
    return path


def test_one_kernel_runs_notebooks_in_fresh_namespaces(tmp_path: Path) -> None:
    import nbformat

    first = _notebook(tmp_path / "a.ipynb", "value = 0", "leftover = value + 1", "leftover")
    second = _notebook(
        tmp_path / "b.ipynb",
        "value = 0",
        "assert 'leftover' not in globals() and not Out and '_sae_reset' not in globals()",
        "import os\nos.getpid()",
    )
    with pipeline.KernelSession(cwd=tmp_path, warm_up="import json") as session:
        session.execute_path(first, tmp_path / "a.out.ipynb", parameters={"value": 41})
        session.execute_path(second, tmp_path / "b.out.ipynb", parameters={"value": 1})
        session.execute_path(second, tmp_path / "c.out.ipynb", parameters={"value": 2})
    a = nbformat.read(tmp_path / "a.out.ipynb", as_version=4)
    assert a.cells[-1].outputs[0]["data"]["text/plain"] == "42"
    b = nbformat.read(tmp_path / "b.out.ipynb", as_version=4)
    c = nbformat.read(tmp_path / "c.out.ipynb", as_version=4)
    # archived notebooks count from 1 as if each ran alone, and the kernel was the same
    assert [cell.execution_count for cell in b.cells] == [1, 2, 3, 4]
    assert b.cells[-1].outputs == c.cells[-1].outputs


def test_a_failing_notebook_raises_and_keeps_the_kernel(tmp_path: Path) -> None:
    from papermill.exceptions import PapermillExecutionError

    bad = _notebook(tmp_path / "bad.ipynb", "value = 0", "1 / value")
    good = _notebook(tmp_path / "good.ipynb", "value = 0", "value")
    with pipeline.KernelSession(cwd=tmp_path) as session:
        with pytest.raises(PapermillExecutionError, match="ZeroDivisionError"):
            session.execute_path(bad, tmp_path / "bad.out.ipynb", parameters={})
        session.execute_path(good, tmp_path / "good.out.ipynb", parameters={"value": 3})
    assert (tmp_path / "bad.out.ipynb").is_file()  # saved with the traceback for diagnosis


def test_one_opd_archives_beside_its_own_folder(raw: Path, tmp_path: Path) -> None:
    regency = check(raw, reports_dir=tmp_path)
    single = check(raw, reports_dir=tmp_path, opd="DINKES")
    assert pipeline.archive_dir(regency) == regency.report_dir
    assert pipeline.archive_dir(single) == regency.report_dir / "opd" / "DINKES"


def test_opd_codes_with_data_follow_the_catalogue(raw: Path, tmp_path: Path) -> None:
    import pandas as pd

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
    assert pipeline.opd_codes_with_data(params) == ["SETDA", "DINKES", "ZZZ"]


def test_opd_index_links_every_report_and_escapes_names(raw: Path) -> None:
    params = check(raw, lang="id")
    outcomes = [
        pipeline.OpdOutcome(
            "DINKES",
            headline={
                "n_indicators": 12,
                "mean_achievement": 87.456,
                "change_points": -1.25,
                "rating": "Tinggi",
            },
        ),
        pipeline.OpdOutcome("BKAD", message="tahap report gagal: <boom>"),
    ]
    page = pipeline.opd_index_html(
        outcomes, params=params, names={"DINKES": "Dinas <Kesehatan>", "BKAD": "BKAD"}
    )
    assert '<a href="laporan-evaluasi-2026-TW3-DINKES.pdf">PDF</a>' in page
    assert '<a href="laporan-evaluasi-2026-TW3-DINKES.html">HTML</a>' in page
    assert "<td>87,5</td>" in page
    assert "<td>-1,2</td>" in page
    assert "Dinas &lt;Kesehatan&gt;" in page
    assert "gagal: tahap report gagal: &lt;boom&gt;" in page
    assert "laporan-evaluasi-2026-TW3-BKAD.pdf" not in page
    assert '<a href="../laporan-evaluasi-2026-TW3.pdf">' in page


def test_opd_reports_need_all(raw: Path) -> None:
    with pytest.raises(pipeline.ParameterError, match="opd harus 'all'"):
        pipeline.run_opd_reports(check(raw, opd="DINKES"))


@pytest.mark.slow
def test_opd_reports_build_every_opd_in_one_run(tmp_path: Path) -> None:
    import nbformat

    from sae_analysis.sampledata import sample

    raw = tmp_path / "raw"
    sample.generate_sample(raw, n_opd=2)
    params = pipeline.check_params(
        year=2026,
        quarter=3,
        raw_dir=raw,
        processed_dir=tmp_path / "processed",
        reports_dir=tmp_path / "reports",
    )
    with pipeline.run_lock(params.reports_dir):
        result = pipeline.run_opd_reports(params, jobs=2, pdf=False)
    assert result.exit_code in (0, 1), result.message
    codes = pipeline.opd_codes_with_data(params)
    assert len(codes) == 2
    folder = params.report_dir
    index = (folder / "opd" / "index.html").read_text(encoding="utf-8")
    for code in codes:
        assert (folder / "opd" / f"laporan-evaluasi-2026-TW3-{code}.html").is_file()
        assert (folder / "opd" / f"laporan-evaluasi-2026-TW3-{code}.xlsx").is_file()
        assert f'href="laporan-evaluasi-2026-TW3-{code}.html"' in index
        assert not (folder / f"laporan-evaluasi-2026-TW3-{code}.html").exists()
        nb = nbformat.read(folder / "opd" / code / "03_report.ipynb", as_version=4)
        assert nb.metadata["papermill"]["parameters"]["opd"] == code
    assert (folder / "opd" / "01_clean.ipynb").is_file()
    assert (folder / "opd" / "provenance.json").is_file()
    assert not [p for p in folder.iterdir() if p.name.startswith(".staging")]
