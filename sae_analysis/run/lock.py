"""The run lock: one run at a time per reports folder, so two runs never interleave writes.

The lock is ``filelock``'s (``flock`` on POSIX, ``msvcrt`` on Windows) on
``<reports>/.sae-analysis.lock``; the holder writes its pid into the file, so a refused run
can name it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import filelock

LOCK_NAME = ".sae-analysis.lock"


class RunLockedError(RuntimeError):
    """Another run holds the lock of this reports folder."""


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
def run_lock(reports_dir: Path, *, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold an exclusive lock on ``reports_dir`` for one run; two runs never interleave writes.

    Another run's lock is waited for up to ``wait_seconds``, then :class:`RunLockedError`.
    """
    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / LOCK_NAME
    lock = filelock.FileLock(path, timeout=wait_seconds, poll_interval=0.5, on_acquired=_write_pid)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise RunLockedError(
            f"proses lain sedang membuat laporan di {reports_dir} (pid {_holder(path)}); "
            "tunggu sampai selesai lalu jalankan lagi"
        ) from None
    try:
        yield
    finally:
        lock.release()
