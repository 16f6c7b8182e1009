"""Atomic file writes (sae_analysis.atomic)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sae_analysis.atomic import write_atomic


def test_write_atomic_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.txt"
    write_atomic(target, "first")
    write_atomic(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]


def test_write_atomic_gives_the_mode_asked_for(tmp_path: Path) -> None:
    shared, private = tmp_path / "shared.txt", tmp_path / "private.txt"
    write_atomic(shared, "x")
    write_atomic(private, "x", mode=0o600)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o666 & ~umask
