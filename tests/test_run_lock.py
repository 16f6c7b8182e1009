"""The run lock: one run at a time per reports folder (sae_analysis.run.lock)."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from sae_analysis.run import lock


def _hold_lock(folder: str, ready: multiprocessing.Event, release: multiprocessing.Event) -> None:
    with lock.run_lock(Path(folder)):
        ready.set()
        release.wait(20)


def test_second_run_is_refused_while_the_first_holds_the_lock(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(tmp_path), ready, release))
    holder.start()
    try:
        assert ready.wait(20)
        with (
            pytest.raises(lock.RunLockedError, match="proses lain sedang membuat laporan"),
            lock.run_lock(tmp_path, wait_seconds=0.5),
        ):
            pass
    finally:
        release.set()
        holder.join(20)
    with lock.run_lock(tmp_path):  # free again once the first run ended
        pass


def test_the_refusal_names_the_holder_and_a_second_lock_in_one_process_is_refused(
    tmp_path: Path,
) -> None:
    with lock.run_lock(tmp_path):
        assert (tmp_path / lock.LOCK_NAME).read_text(encoding="utf-8") == str(os.getpid())
        with (
            pytest.raises(lock.RunLockedError, match=rf"\(pid {os.getpid()}\)"),
            lock.run_lock(tmp_path),
        ):
            pass
    with lock.run_lock(tmp_path):  # released
        pass


def _wait_for_lock(folder: str, seconds: float, done: multiprocessing.Event) -> None:
    with lock.run_lock(Path(folder), wait_seconds=seconds):
        done.set()


def test_a_waiting_run_gets_the_lock_when_the_first_ends(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")  # as on Windows: the lock needs no fork
    done = ctx.Event()
    with lock.run_lock(tmp_path):
        waiter = ctx.Process(target=_wait_for_lock, args=(str(tmp_path), 60.0, done))
        waiter.start()
        assert not done.wait(2)  # still held here
    assert done.wait(60)
    waiter.join(20)
    assert waiter.exitcode == 0
