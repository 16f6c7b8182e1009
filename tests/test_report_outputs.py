"""The report's XLSX and deck written together by the kernel (sae_analysis.report.outputs)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from sae_analysis import stages
from sae_analysis.report import Report, outputs


@pytest.mark.parametrize("opd", ["all", "first"])
def test_summaries_from_one_report_are_the_files_written_one_by_one(
    sample_report: Report, tmp_path: Path, opd: str
) -> None:
    code = sample_report.opd_scores["opd_code"].iloc[0] if opd == "first" else "all"
    processed = shutil.copytree(sample_report.params.processed_dir, tmp_path / "processed")
    alone = replace(
        sample_report.params, opd=code, processed_dir=processed, reports_dir=tmp_path / "alone"
    )
    if code != "all":
        stages.yoy_stage(alone)
    together = replace(alone, reports_dir=tmp_path / "together")
    for params in (alone, together):
        params.report_dir.mkdir(parents=True)
    files = [outputs.write_xlsx(alone, None), outputs.write_deck(alone, None)]
    written = outputs.write_summaries(together.notebook_parameters(), None)
    assert [p.name for p in written] == [p.name for p in files]
    for one, both in zip(files, written, strict=True):
        assert both.read_bytes() == one.read_bytes()
