"""Fixtures shared by the test modules: a raw folder with small catalogues and files in it, and one
small generated sample with its report (built once per session)."""

from __future__ import annotations

import os

# before anything imports openpyxl (raw_files does, before sae_analysis): sae_analysis/__init__.py
os.environ.setdefault("OPENPYXL_LXML", "False")

from pathlib import Path

import pytest
from raw_files import BBLR, LAYANAN, Row, write_catalogues, write_e81
from report_sample import build, plant_remark

from sae_analysis import explore, profile, stages
from sae_analysis.ingest.catalogues import Catalogues, load_catalogues
from sae_analysis.report import Report
from sae_analysis.sampledata import sample


@pytest.fixture(autouse=True)
def _bundled_profile_after_each_test():
    """Loading catalogues activates their profile for the process; a test that loaded another
    government's leaves the next one with the bundled profile, as a fresh process has."""
    yield
    profile.activate(profile.bundled())


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    """A raw folder holding the small reference catalogues of :func:`write_catalogues`."""
    write_catalogues(tmp_path)
    return tmp_path


@pytest.fixture
def catalogues(raw_dir: Path) -> Catalogues:
    """The catalogues of :func:`raw_dir`."""
    return load_catalogues(raw_dir)


@pytest.fixture
def mixed_submissions(raw_dir: Path) -> list[Path]:
    """Five TW3 2026 files in this order: a workbook, a broken zip, a workbook, an empty file
    (refused before parsing, while the next files are parsed ahead), a workbook."""
    folder = raw_dir / "2026" / "TW3"
    paths = [
        write_e81(folder / "dinkes.xlsx", [Row(LAYANAN, "orang", 1200, "", ("x", 2, 3, ""))]),
        folder / "broken.xlsx",
        write_e81(folder / "b.xlsx", [Row(BBLR, "%", "1.234", "", (6.5, "y", "", ""))]),
        folder / "empty.xlsx",
        write_e81(folder / "c.xlsx", [Row(LAYANAN, "orang", 1300, "", (1, 2, 3, 4))]),
    ]
    paths[1].write_bytes(b"PK not a zip")
    paths[3].write_bytes(b"")
    return paths


@pytest.fixture(scope="session")
def report_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 4-OPD sample with a planted remark, where one OPD skipped TW2 (its TW3 file fills it)."""
    folder = tmp_path_factory.mktemp("report")
    sample.generate_sample(folder / "raw", n_opd=4)
    plant_remark(folder / "raw")
    sorted((folder / "raw" / "2026" / "TW2").glob("*.xlsx"))[-1].unlink()
    return folder


@pytest.fixture(scope="session")
def sample_report(report_base: Path) -> Report:
    """The report of that sample, in Indonesian."""
    return build(report_base, "id")


@pytest.fixture(scope="session")
def sample_report_en(report_base: Path) -> Report:
    """The report of that sample, in English."""
    return build(report_base, "en")


@pytest.fixture(scope="session")
def explore_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-OPD sample of 2025 and 2026 up to TW3, for the exploration helpers."""
    folder = tmp_path_factory.mktemp("explore") / "raw"
    sample.generate_sample(folder, n_opd=2, years=(2025, 2026), last_quarter=3)
    return folder


@pytest.fixture(scope="session")
def explore_tables(explore_raw: Path) -> explore.Tables:
    """The tables of that sample at 2026 TW3, cleaned in memory (nothing processed beside it)."""
    p = stages.params(
        raw_dir=explore_raw,
        processed_dir=explore_raw.parent / "nothing",
        reports_dir=explore_raw.parent,
    )
    return explore.load(p)
