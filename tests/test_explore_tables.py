"""The exploration notebooks' starting point: the quarter's tables, the parameter checks."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sae_analysis import explore, stages
from sae_analysis.params import ParameterError, RunParams


def _params(raw: Path, processed: Path, quarter: int = 3) -> RunParams:
    return stages.params(
        year=2026, quarter=quarter, raw_dir=raw, processed_dir=processed, reports_dir=processed
    )


def test_load_cleans_in_memory_and_writes_nothing_when_processed_is_missing(
    explore_raw: Path, tmp_path: Path
) -> None:
    processed = tmp_path / "processed"
    t = explore.load(_params(explore_raw, processed))
    assert t.origin == "raw"
    assert not processed.exists()
    assert {(2026, 3), (2025, 3)} <= set(
        zip(t.performance["year"], t.performance["quarter"], strict=True)
    )


def test_load_reads_what_01_clean_wrote(explore_raw: Path, tmp_path: Path) -> None:
    p = _params(explore_raw, tmp_path / "processed")
    stages.clean_stage(p)
    t = explore.load(p)
    assert t.origin == "processed"
    fresh = explore.load(_params(explore_raw, tmp_path / "elsewhere"))
    pd.testing.assert_frame_equal(
        t.performance.reset_index(drop=True),
        fresh.performance.reset_index(drop=True),
        check_dtype=False,
    )
    assert list(t.quality.columns) == list(fresh.quality.columns)


def test_load_ignores_processed_tables_of_another_quarter(
    explore_raw: Path, tmp_path: Path
) -> None:
    stages.clean_stage(_params(explore_raw, tmp_path / "processed", quarter=2))
    t = explore.load(_params(explore_raw, tmp_path / "processed", quarter=3))
    assert t.origin == "raw"
    assert ((t.performance["year"] == 2026) & (t.performance["quarter"] == 3)).any()


def test_parameter_checks_are_one_line_errors() -> None:
    assert explore.check_pillar("SOSIAL") == "sosial"
    with pytest.raises(ParameterError, match="pilar tidak dikenal"):
        explore.check_pillar(None)
    with pytest.raises(ParameterError, match="satu kode OPD"):
        explore.check_one_opd("all")
