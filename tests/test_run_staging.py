"""A run's own copy of the processed tables (sae_analysis.run.staging): seeded by links, published
by stage, never half a set."""

from __future__ import annotations

import json
from pathlib import Path

from sae_analysis.atomic import write_atomic
from sae_analysis.params import RunParams
from sae_analysis.run.staging import StagedTables


def _params(tmp_path: Path, quarter: int = 3) -> RunParams:
    return RunParams(2026, quarter, tmp_path / "raw", tmp_path / "processed", tmp_path / "reports")


def test_the_staging_starts_with_the_processed_tables_and_publishes_only_what_changed(
    tmp_path: Path,
) -> None:
    params = _params(tmp_path)
    params.processed_dir.mkdir()
    (params.processed_dir / "performance.parquet").write_bytes(b"lama")
    (params.processed_dir / "budget.parquet").write_bytes(b"lama")
    (params.processed_dir / ".sae-analysis.lock").write_bytes(b"")
    tables = StagedTables.create(params, tmp_path / "reports" / ".staging-1" / "processed")
    assert tables.params(params).processed_dir == tables.folder
    assert sorted(p.name for p in tables.folder.iterdir()) == [
        "budget.parquet",
        "performance.parquet",
    ]
    write_atomic(tables.folder / "performance.parquet", b"baru")
    write_atomic(tables.folder / "yoy_opd_2026_TW3.parquet", b"baru")
    # another run publishes its budget (by a rename, as every writer here does): not ours, kept
    write_atomic(params.processed_dir / "budget.parquet", b"dari run lain")
    published = tables.publish()
    assert sorted(p.name for p in published) == ["performance.parquet", "yoy_opd_2026_TW3.parquet"]
    assert (params.processed_dir / "performance.parquet").read_bytes() == b"baru"
    assert (params.processed_dir / "budget.parquet").read_bytes() == b"dari run lain"
    assert tables.publish() == []  # nothing changed since
    tables.remove()
    assert not tables.folder.exists()
    assert not list(params.processed_dir.glob(".*.tmp"))


def test_what_a_failed_stage_wrote_stays_in_the_staging(tmp_path: Path) -> None:
    """Tables are published after a stage succeeded; a stage that fails halfway (a full disk
    after performance.parquet) publishes nothing, so the previous set stays whole."""
    params = _params(tmp_path)
    params.processed_dir.mkdir()
    (params.processed_dir / "performance.parquet").write_bytes(b"lama")
    tables = StagedTables.create(params, tmp_path / "staging" / "processed")
    write_atomic(tables.folder / "performance.parquet", b"setengah")
    tables.remove()  # the run ends on the failure without publishing
    assert (params.processed_dir / "performance.parquet").read_bytes() == b"lama"


def test_archived_notebooks_name_the_processed_folder_not_the_staging(tmp_path: Path) -> None:
    params = _params(tmp_path)
    tables = StagedTables.create(params, tmp_path / "staging" / "processed")
    notebook = tmp_path / "01_clean.ipynb"
    cell = f'processed_dir = "{tables.folder}"\n'
    notebook.write_text(json.dumps({"cells": [{"source": cell}]}), encoding="utf-8")
    tables.unstage(notebook)
    source = json.loads(notebook.read_text(encoding="utf-8"))["cells"][0]["source"]
    assert source == f'processed_dir = "{params.processed_dir}"\n'
    tables.remove()
