"""`python -m sae_analysis run` in a subprocess, as a scheduler starts it (no terminal, no stdin)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: Pinned PDF dates, so two runs can be compared byte for byte.
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000"}


def run_args(raw: Path, out: Path, *extra: str) -> list[str]:
    """The command line of a 2026 TW3 run from ``raw`` into ``out/processed`` and ``out/reports``."""
    return [
        sys.executable, "-m", "sae_analysis", "run", "--year", "2026", "--quarter", "3",
        "--raw-dir", str(raw), "--processed-dir", str(out / "processed"),
        "--reports-dir", str(out / "reports"), *extra,
    ]  # fmt: skip


def run_cli(
    raw: Path, out: Path, *extra: str, env: dict[str, str] = ENV, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run it to the end and return the exit code and output."""
    return subprocess.run(
        run_args(raw, out, *extra),
        capture_output=True, text=True, stdin=subprocess.DEVNULL, env=env, cwd=cwd, timeout=600,
    )  # fmt: skip
