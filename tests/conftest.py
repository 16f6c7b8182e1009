"""Fixtures shared by several test modules."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_sample import build, plant_remark

from sae_analysis.report import Report
from sae_analysis.sampledata import sample


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
