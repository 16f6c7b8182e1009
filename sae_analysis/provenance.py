"""Provenance of a report: its parameters, input file hashes, package versions, git revision.

The run writes the record beside the report and the report shows it in an appendix; a report
built in JupyterLab without a run computes it here, so the kernels never import ``run/``.
``pin_source_date`` ties the PDF's dates to the inputs (two runs on the same inputs, same bytes).
"""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from sae_analysis import config
from sae_analysis.params import RunParams

PROVENANCE_PACKAGES = (
    "sae-analysis",
    "pandas",
    "numpy",
    "pyarrow",
    "python-calamine",
    "openpyxl",
    "pandera",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbconvert",
    "nbclient",
    "playwright",
)


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(raw_dir: Path, *, year: int, quarter: int) -> list[Path]:
    """The raw files a run reads: catalogues, macro tables, and submissions up to (year, quarter)."""
    files: list[Path] = []
    for sub in (config.REFERENCE_SUBDIR, config.MAKRO_SUBDIR):
        folder = raw_dir / sub
        if folder.is_dir():
            files.extend(p for p in folder.iterdir() if p.is_file())
    for year_dir in raw_dir.iterdir():
        if not (year_dir.is_dir() and year_dir.name.isdigit() and int(year_dir.name) <= year):
            continue
        for q_dir in year_dir.glob("TW[1-4]"):
            if int(year_dir.name) == year and int(q_dir.name[2:]) > quarter:
                continue
            files.extend(p for p in q_dir.iterdir() if p.is_file())
    return sorted(files)


def pin_source_date(params: RunParams) -> int:
    """Default ``SOURCE_DATE_EPOCH`` to the newest input file's time and return it.

    The PDF's creation date is pinned to it (:func:`sae_analysis.run.export.pin_pdf_dates`), so two
    runs on the same inputs give the same bytes; a value already in the environment wins.
    """
    if "SOURCE_DATE_EPOCH" not in os.environ:
        files = input_files(params.raw_dir, year=params.year, quarter=params.quarter)
        newest = max((int(f.stat().st_mtime) for f in files), default=0)
        os.environ["SOURCE_DATE_EPOCH"] = str(newest)
    return int(os.environ["SOURCE_DATE_EPOCH"])


def _git(root: Path, *args: str) -> str:
    """The output of one git command in ``root``, stripped (raises when git fails)."""
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True, timeout=10
    ).stdout.strip()


def git_revision(root: Path = config.PROJECT_ROOT) -> str:
    """The git revision of the project (with '+dirty' when the tree has changes), or 'unknown'."""
    try:
        rev = _git(root, "rev-parse", "--short=12", "HEAD")
        dirty = _git(root, "status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{rev}+dirty" if dirty else rev


def package_versions() -> dict[str, str]:
    """Versions of the packages that shape the numbers and the report."""
    versions = {"python": platform.python_version()}
    for name in PROVENANCE_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def provenance(params: RunParams) -> dict[str, object]:
    """Everything needed to trace the report to its inputs: parameters, hashes, versions, revision."""
    files = input_files(params.raw_dir, year=params.year, quarter=params.quarter)
    return {
        "parameters": {
            **params.notebook_parameters(),
            "raw_dir": str(params.raw_dir),
        },
        "inputs": [
            {"file": str(p.relative_to(params.raw_dir)), "sha256": file_sha256(p)} for p in files
        ],
        "packages": package_versions(),
        "git_revision": git_revision(),
    }
