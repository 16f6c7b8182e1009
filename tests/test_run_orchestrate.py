"""The run job's parts that need no kernel: where a run archives (sae_analysis.run.orchestrate)."""

from __future__ import annotations

from pathlib import Path

import pytest
from run_inputs import check, tiny_raw

from sae_analysis.run import orchestrate


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return tiny_raw(tmp_path / "raw")


def test_one_opd_archives_beside_its_own_folder(raw: Path, tmp_path: Path) -> None:
    regency = check(raw, reports_dir=tmp_path)
    single = check(raw, reports_dir=tmp_path, opd="DINKES")
    assert orchestrate.archive_dir(regency) == regency.report_dir
    assert orchestrate.archive_dir(single) == regency.report_dir / "opd" / "DINKES"


def test_quality_counts_count_errors_and_warnings(tmp_path: Path) -> None:
    assert orchestrate.quality_counts(tmp_path) == (0, 0)
    (tmp_path / "quality_issues.csv").write_text(
        "severity,file,message\nerror,a.xlsx,x\nwarning,a.xlsx,y\nerror,b.csv,z\n",
        encoding="utf-8",
    )
    assert orchestrate.quality_counts(tmp_path) == (2, 1)
