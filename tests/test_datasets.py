"""The data catalogue: every table that crosses a stage is named once, checked on write and on read."""

from __future__ import annotations

import collections
from pathlib import Path

import pandas as pd
import pytest

from sae_analysis import datasets, stages
from sae_analysis.ingest import catalogues
from sae_analysis.ingest.quality import COLUMNS
from sae_analysis.params import RunParams
from sae_analysis.sampledata import sample


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("datasets") / "raw"
    sample.generate_sample(folder, n_opd=2, years=(2025, 2026), last_quarter=3)
    return folder


def _params(raw: Path, processed: Path, opd: str = "all") -> RunParams:
    return stages.params(raw_dir=raw, processed_dir=processed, reports_dir=processed, opd=opd)


@pytest.fixture(scope="module")
def written(raw: Path) -> RunParams:
    """What notebooks 01 and 02 write for the regency report."""
    p = _params(raw, raw.parent / "processed")
    stages.clean_stage(p)
    stages.yoy_stage(p)
    return p


@pytest.fixture(scope="module")
def in_memory(raw: Path, written: RunParams) -> dict[str, pd.DataFrame]:
    """The tables of both stages as they are before writing."""
    cleaned = stages.clean(written)
    tables = stages.yoy(written, catalogues=catalogues.load_catalogues(raw))
    frames = {name: getattr(cleaned, name) for name in datasets.names("01_clean")}
    return frames | {name: getattr(tables, name) for name in datasets.names("02_yoy")}


# --------------------------------------------------------------------------- the catalogue


def test_the_stages_write_exactly_the_catalogue(written: RunParams) -> None:
    on_disk = {p.name for p in written.processed_dir.iterdir()}
    assert on_disk == {datasets.path(name, written).name for name in datasets.names()}


def test_one_opd_writes_the_yoy_tables_under_its_own_names(raw: Path, written: RunParams) -> None:
    opd = sorted(pd.read_parquet(datasets.path("submissions", written))["opd_code"])[0]
    before = {p.name for p in written.processed_dir.iterdir()}
    one = _params(raw, written.processed_dir, opd=opd)
    stages.yoy_stage(one)
    added = {p.name for p in written.processed_dir.iterdir()} - before
    assert added == {datasets.path(name, one).name for name in datasets.names("02_yoy")}
    assert all(name.endswith(f"_2026_TW3_{opd}.parquet") for name in added)
    assert datasets.yoy_paths(one) == {n: datasets.path(n, one) for n in datasets.names("02_yoy")}


def test_an_opd_without_data_still_gets_tables_that_keep_the_contract(
    raw: Path, tmp_path: Path, written: RunParams
) -> None:
    with_data = set(pd.read_parquet(datasets.path("submissions", written))["opd_code"])
    known = catalogues.load_catalogues(raw).opd["opd_code"]
    idle = next(code for code in known if code not in with_data)
    one = _params(raw, written.processed_dir, opd=idle)
    summary = stages.yoy_stage(one)
    assert summary.loc[summary["table"] == "yoy_indicators", "rows"].item() == 0
    for name in datasets.names("02_yoy"):
        datasets.read(name, one)


def test_every_table_has_a_schema_and_one_writer() -> None:
    for dataset in datasets.CATALOGUE.values():
        assert dataset.schema.name == dataset.name
        assert dataset.writer in ("01_clean", "02_yoy")
    assert datasets.names("01_clean") + datasets.names("02_yoy") == datasets.names()


def test_an_unknown_table_is_refused_with_the_catalogue_named(written: RunParams) -> None:
    with pytest.raises(KeyError, match=r"not in the data catalogue.*yoy_pillars"):
        datasets.read("yoy_pilars", written)


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("name", [n for n in datasets.names() if n != "quality_issues"])
def test_every_table_round_trips(
    name: str,
    in_memory: dict[str, pd.DataFrame],
    written: RunParams,
    tmp_path: Path,
    raw: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    p = _params(raw, tmp_path)
    expected = datasets.check(in_memory[name], name).reset_index(drop=True)
    datasets.write(in_memory[name], name, p)
    pd.testing.assert_frame_equal(datasets.read(name, p), expected)  # remembered on writing
    monkeypatch.setattr(datasets, "_TABLES", collections.OrderedDict())
    pd.testing.assert_frame_equal(datasets.read(name, p), expected)  # decoded and checked
    # the same frame gives the same bytes as the stage wrote
    assert datasets.path(name, p).read_bytes() == datasets.path(name, written).read_bytes()


def test_the_quality_log_round_trips_as_text(raw: Path, tmp_path: Path) -> None:
    p = _params(raw, tmp_path)
    cleaned = stages.clean(p)
    datasets.write_quality_log(cleaned.log, p)
    back = datasets.read("quality_issues", p)
    assert list(back.columns) == COLUMNS
    assert len(back) == len(cleaned.log) > 0
    assert back["message"].tolist() == [i.message for i in cleaned.log.issues]
    assert back["row"].tolist() == ["" if i.row is None else str(i.row) for i in cleaned.log.issues]


def test_read_remembers_a_file_version_and_sees_a_new_one(raw: Path, tmp_path: Path) -> None:
    p = _params(raw, tmp_path)
    files = pd.DataFrame(
        {"year": [2026, 2026], "quarter": [1, 2], "opd_code": ["DINKES"] * 2,
         "source_file": ["a.xlsx", "b.xlsx"], "n_rows": [3, 4]}
    )  # fmt: skip
    datasets.write(files, "submissions", p)
    first = datasets.read("submissions", p)
    first.loc[0, "n_rows"] = 99  # a caller changing its frame ...
    first["b"] = 0
    again = datasets.read("submissions", p)  # ... does not change what the next caller reads
    pd.testing.assert_frame_equal(again, files)
    datasets.write(files.head(1), "submissions", p)
    pd.testing.assert_frame_equal(datasets.read("submissions", p), files.head(1))
    files.tail(1).to_parquet(datasets.path("submissions", p), index=False)  # around the catalogue
    pd.testing.assert_frame_equal(
        datasets.read("submissions", p), files.tail(1).reset_index(drop=True)
    )


# --------------------------------------------------------------------------- refusals

BROKEN = {
    "performance": ("pillar", lambda f: f.assign(pillar="budaya")),
    "submissions": ("n_rows", lambda f: f.drop(columns="n_rows")),
    "yoy_indicators": ("direction", lambda f: f.assign(direction="lebih baik")),
    "yoy_pillars": ("mean_achievement", lambda f: f.assign(mean_achievement="tinggi")),
    "yoy_opd": ("n_indicators", lambda f: f.assign(n_indicators=-1)),
    "budget_absorption": ("quarter", lambda f: f.assign(quarter=5)),
    "macro_summary": ("comparable", lambda f: f.assign(comparable="ya")),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_writing_a_frame_that_breaks_its_schema_is_refused(
    name: str, in_memory: dict[str, pd.DataFrame], tmp_path: Path, raw: Path
) -> None:
    column, breaks = BROKEN[name]
    p = _params(raw, tmp_path)
    with pytest.raises(datasets.DatasetError, match=rf"tabel {name} .*ditulis.*kolom {column}\b"):
        datasets.write(breaks(in_memory[name]), name, p)
    assert not datasets.path(name, p).exists()
    assert not list(tmp_path.iterdir())  # no temporary file left either


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_reading_a_file_that_breaks_its_schema_is_refused(
    name: str, in_memory: dict[str, pd.DataFrame], tmp_path: Path, raw: Path
) -> None:
    column, breaks = BROKEN[name]
    p = _params(raw, tmp_path)
    target = datasets.path(name, p)
    breaks(in_memory[name]).to_parquet(target, index=False)  # written around the catalogue
    with pytest.raises(datasets.DatasetError, match=rf"tabel {name} .*dibaca.*kolom {column}\b"):
        datasets.read(name, p)


def test_reading_a_quality_log_that_breaks_its_schema_is_refused(raw: Path, tmp_path: Path) -> None:
    p = _params(raw, tmp_path)
    target = datasets.path("quality_issues", p)
    rows = pd.DataFrame(
        [["fatal", "a.xlsx", "E81", "3", "", "", "pesan", "DINKES"]], columns=COLUMNS
    )
    rows.to_csv(target, index=False)
    with pytest.raises(datasets.DatasetError, match=r"tabel quality_issues .*kolom severity"):
        datasets.read("quality_issues", p)


def test_the_report_reads_02s_tables_through_the_catalogue(
    written: RunParams, in_memory: dict[str, pd.DataFrame]
) -> None:
    from sae_analysis import report

    target = datasets.path("yoy_pillars", written)
    kept = target.read_bytes()
    try:
        in_memory["yoy_pillars"].drop(columns="rating").to_parquet(target, index=False)
        with pytest.raises(datasets.DatasetError, match=r"yoy_pillars.*kolom rating tidak ada"):
            report.Report.load(written)
    finally:
        target.write_bytes(kept)
