"""The fast path of the clean's read: runs of submissions read in worker processes.

:func:`read_rows` gives what one process gives, in the same order (frames and log lines in the
order of the files); the rules of what a file yields stay in :mod:`sae_analysis.clean.rules`,
which hands the reading function in. Workers start as :mod:`sae_analysis.pools` says (fork on
Linux, spawn elsewhere): the reading function and its arguments pickle.
"""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pandas as pd

from sae_analysis import config, pools
from sae_analysis.ingest.quality import Issue, QualityLog

#: What the reading function returns for some files: rows, reading issues, duplicates.
Part = tuple[pd.DataFrame, list[Issue], list[Issue]]

#: Submissions of at least this many bytes in all are read in worker processes (below it, one
#: process reads faster than a pool starts); ``SAE_WORKERS=1`` keeps every read in one process.
PARALLEL_MIN_BYTES = 4 * 1024**2


def workers_for(paths: Sequence[Path], workers: int | None = None) -> int:
    """How many processes read ``paths``: ``workers`` (else ``$SAE_WORKERS``, else the cores
    this process may use), and 1 for a small read."""
    if workers is None:
        env = os.environ.get("SAE_WORKERS", "").strip()
        workers = int(env) if env.isdigit() and int(env) > 0 else config.cores()
        if sum(p.stat().st_size for p in paths if p.is_file()) < PARALLEL_MIN_BYTES:
            return 1
    return max(1, min(workers, len(paths)))


def read_rows(
    paths: Sequence[Path],
    *,
    read: Callable[..., Part],
    log: QualityLog,
    workers: int | None = None,
) -> pd.DataFrame:
    """The rows ``read(paths)`` gives, with its issues added to ``log``; index 0..n-1.

    ``read(paths, prefetch=...)`` reads some files in one process and returns their rows, their
    reading issues and their duplicate issues (:func:`sae_analysis.clean.rules._rows_of`). With
    :func:`workers_for` > 1 the files are read in that many worker processes, in contiguous runs
    of files; frames and log lines come back in the order of ``paths``, the same as one process
    gives: first the reading issues of every file, then the duplicates.
    """
    n = workers_for(paths, workers)
    if n > 1:
        size = -(-len(paths) // (2 * n))  # two runs per process, so that one slow run evens out
        runs = [paths[i : i + size] for i in range(0, len(paths), size)]
        context = pools.context()
        # Forked workers' garbage collections leave alone what they inherit from this process:
        # fewer objects to scan, and its pages stay shared rather than copied on write (spawned
        # workers inherit nothing). A caller's own frozen objects are left as they were
        # (unfreeze thaws them all).
        freezing = context.get_start_method() == "fork" and gc.get_freeze_count() == 0
        if freezing:
            gc.freeze()
        try:
            with ProcessPoolExecutor(n, mp_context=context) as pool:
                parts = list(pool.map(functools.partial(read, prefetch=False), runs))
        except BrokenProcessPool:  # a worker died (killed for memory?): read in this process
            parts = None
        finally:
            if freezing:
                gc.unfreeze()
        if parts is not None:
            for _, read_issues, _ in parts:
                log.extend(read_issues)
            for _, _, duplicate_issues in parts:
                log.extend(duplicate_issues)
            return pd.concat([frame for frame, _, _ in parts], ignore_index=True)
    frame, read_issues, duplicate_issues = read(list(paths))
    log.extend(read_issues)
    log.extend(duplicate_issues)
    return frame
