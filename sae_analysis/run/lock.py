"""The run locks: one run per quarter at a time, and a short lock while a run publishes its tables.

Where DESIGN is silent (issue 17). Two runs on different quarters may run at once; two on the
same quarter are serialised. What the runs share decides the locks:

- A quarter's report folder ``<reports>/<YEAR>-TW<Q>/`` (its staging, logs, archived notebooks)
  belongs to that quarter: :func:`quarter_lock` holds ``<reports>/<YEAR>-TW<Q>/.sae-analysis.lock``
  for the whole run.
- The processed tables of notebook 01 (``performance.parquet``, ``budget.parquet``,
  ``macro.parquet``, ``submissions.parquet``, ``quality_issues.csv``) are one file each for every
  quarter, and their content depends on the quarter run (the latest submission of the year is
  authoritative, the quality log speaks of the quarter). Two quarters writing them in place would
  corrupt each other: run A's notebook 02 would read run B's tables, run A's report would count
  run B's data errors, and run A's cleanup of stale temporaries would delete run B's half-written
  file. So every run works on its own copy (:class:`~sae_analysis.run.staging.StagedTables`, in
  the run's report staging folder: links or copies of the processed files), its kernels read and
  write only there, and after each stage that succeeded the tables it changed are put back, each
  by a rename, under :func:`publish_lock` (``<reports>/.sae-analysis-publish.lock``, held for the
  seeding and the renames only: milliseconds). The last run to publish a shared table wins, as if
  the runs had run one after the other in that order; the per-quarter YoY tables never collide.
- Runs that share a processed folder must share the reports folder too (the publish lock lives
  there, beside the quarters; the processed folder holds only the catalogue's tables).

The locks are ``filelock``'s (``flock`` on POSIX, ``msvcrt`` on Windows); the holder writes its
pid into the file, so a refused run can name it. ``--wait`` waits for a quarter lock; the publish
lock is always waited for.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import filelock

from sae_analysis import config
from sae_analysis.params import RunParams

LOCK_NAME = ".sae-analysis.lock"
PUBLISH_LOCK_NAME = ".sae-analysis-publish.lock"
#: How long a run waits for another run's publication (renames only) before it gives up.
PUBLISH_WAIT_SECONDS = 300.0


class RunLockedError(RuntimeError):
    """Another run holds the lock of this quarter."""


def _write_pid(fd: int) -> None:
    """Record the holder's pid in the lock file (filelock calls it with the locked descriptor)."""
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, str(os.getpid()).encode())


def _holder(path: Path) -> str:
    """The pid written by the run that holds the lock, or '?' (the file may be unreadable
    while locked, on Windows)."""
    try:
        return path.read_text(encoding="utf-8").strip() or "?"
    except OSError:
        return "?"


@contextlib.contextmanager
def _locked(path: Path, *, wait_seconds: float, what: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(path, timeout=wait_seconds, poll_interval=0.5, on_acquired=_write_pid)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise RunLockedError(
            f"proses lain sedang membuat laporan di {what} (pid {_holder(path)}); "
            "tunggu sampai selesai lalu jalankan lagi"
        ) from None
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def run_lock(folder: Path, *, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (``folder/.sae-analysis.lock``).

    Another holder is waited for up to ``wait_seconds``, then :class:`RunLockedError`.
    """
    with _locked(Path(folder) / LOCK_NAME, wait_seconds=wait_seconds, what=Path(folder)):
        yield


@contextlib.contextmanager
def quarter_lock(params: RunParams, *, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold the lock of ``params``' quarter (its report folder) for one run."""
    folder = config.report_dir(params.reports_dir, params.year, params.quarter)
    with run_lock(folder, wait_seconds=wait_seconds):
        yield


@contextlib.contextmanager
def publish_lock(
    reports_dir: Path, *, wait_seconds: float = PUBLISH_WAIT_SECONDS
) -> Iterator[None]:
    """Hold the reports folder's publish lock while a run seeds or publishes its tables."""
    folder = Path(reports_dir)
    with _locked(folder / PUBLISH_LOCK_NAME, wait_seconds=wait_seconds, what=folder):
        yield
