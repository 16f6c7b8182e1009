"""Atomic file writes (sae_analysis.atomic)."""

from __future__ import annotations

from pathlib import Path

from sae_analysis.atomic import write_atomic


def test_write_atomic_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.txt"
    write_atomic(target, "first")
    write_atomic(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]
