"""Provenance: the input files of a run and their hashes (sae_analysis.provenance)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from run_inputs import check, tiny_raw

from sae_analysis import provenance


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return tiny_raw(tmp_path / "raw")


def test_input_files_stop_at_the_requested_quarter(raw: Path) -> None:
    names = [p.name for p in provenance.input_files(raw, year=2026, quarter=3)]
    assert sorted(names) == ["a.csv", "indicators.csv", "opd.csv"]
    assert "later.csv" not in names


def test_provenance_hashes_inputs(raw: Path) -> None:
    record = provenance.provenance(check(raw))
    files = {item["file"]: item["sha256"] for item in record["inputs"]}
    assert files["2026/TW3/a.csv"] == hashlib.sha256(b"x\n").hexdigest()
    assert record["packages"]["pandas"] != "not installed"
    assert record["parameters"]["year"] == 2026
