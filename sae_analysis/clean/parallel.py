"""The fast path of the clean: whole years of submissions cleaned in worker processes.

:func:`clean_parts` gives the parts of the rules (:func:`sae_analysis.clean.rules.clean_part`,
handed in) for runs of whole years, in year order; :func:`merge_parts`
makes them one, the same as one process gives (``tests/test_clean_parallel.py``). A year is the
unit because every rule that looks across files stays within a (year, OPD): the authoritative
file and its revisions, the quarters of a row, physical progress. So a worker ships back the
year's finished tables and log lines (a quarter of what it read, after the authoritative rows),
and the parent only concatenates them: nothing of the raw rows crosses between processes, and
the parent never holds them. Workers start as :mod:`sae_analysis.pools` says (fork on Linux,
spawn elsewhere): the rules' function and its arguments pickle.

Decision: one year is never split between workers, so a run of a single year is cleaned in one
process (with the read of the next workbooks in threads); the runs the clean is for (this year
and last, for YoY; many years in a trend) have two or more.
"""

from __future__ import annotations

import gc
import itertools
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sae_analysis import config, pools
from sae_analysis.ingest.quality import Issue


@dataclass(frozen=True)
class Part:
    """What the rules make of the submissions of some whole years (every file of a year in the
    same part: revisions and quarters are worked out within a (year, OPD)), in the order of the
    processed tables, with the log lines each step wrote (:func:`merge_parts` puts them in the
    order of one part made of every year)."""

    performance: pd.DataFrame
    budget: pd.DataFrame
    #: :func:`~sae_analysis.clean.submissions.submission_table` of the requested year's files
    submissions: pd.DataFrame
    read_issues: list[Issue]
    duplicate_issues: list[Issue]
    revisions: list[Issue]
    #: per revision, the key of its order: the earlier row's quarter, file and row
    revision_keys: list[tuple[int, str, int]]
    #: empty quarters and achievement problems of the requested year (and quarter)
    year_issues: list[Issue]


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


#: About the most bytes of submissions one worker cleans at a time (a year is never split). A
#: worker's memory grows with its run, and memory a process touches for the first time is dear
#: on a virtual machine (here 400 MB cost 1.6 s of system time the first time, 0.05 s when
#: touched again): the 5,000-file benchmark in four runs per worker peaked at 2.6 GiB, 1 GB a
#: worker; and the 1,000-file clean took 6.8 s in runs of 8 MB against 6.3 s in runs of 3-5 MB
#: (means of four to six runs each, alternated), though each run pays the rules' 0.08 s.
RUN_BYTES = 4 * 1024**2


def years_of(paths: Sequence[Path]) -> list[list[Path]]:
    """``paths`` (``<raw>/<year>/TW<q>/<file>``, in year order) cut into whole years.

    >>> [[p.name for p in run] for run in years_of(
    ...     [Path("r/2025/TW1/a.xlsx"), Path("r/2025/TW4/b.xlsx"), Path("r/2026/TW1/a.xlsx")])]
    [['a.xlsx', 'b.xlsx'], ['a.xlsx']]
    """
    return [list(run) for _, run in itertools.groupby(paths, key=lambda p: p.parent.parent.name)]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def runs_of(
    years: Sequence[list[Path]], n: int, *, size: Callable[[Path], int] = _size
) -> list[list[Path]]:
    """Consecutive whole years joined into at most ``n`` runs of about the same ``size`` (the
    files' bytes): each run pays the rules' fixed cost once, about 0.08 s of pandas calls
    whatever its size, and a year is the smallest piece.

    >>> sizes = {"a": 10, "b": 10, "c": 10, "d": 30}
    >>> years = [[Path(n)] for n in "abcd"]
    >>> [[p.name for p in run] for run in runs_of(years, 2, size=lambda p: sizes[p.name])]
    [['a', 'b', 'c'], ['d']]
    >>> [len(run) for run in runs_of(years, 4, size=lambda p: sizes[p.name])]
    [2, 1, 1]
    """
    weights = [sum(size(p) for p in year) for year in years]
    target = sum(weights) / max(n, 1)
    runs: list[list[Path]] = []
    done = 0.0
    for year, weight in zip(years, weights, strict=True):
        # a new run when this one has reached its share of what has been seen so far
        if not runs or (done >= target * len(runs) and len(runs) < n):
            runs.append([])
        runs[-1].extend(year)
        done += weight
    return runs


#: The rules' function in a worker process (set once per worker by :func:`_install`).
_PART: Callable[..., Part] | None = None


def _install(part: Callable[..., Part]) -> None:
    global _PART
    _PART = part


def _clean_run(paths: list[Path]) -> Part:
    assert _PART is not None, "worker without the rules' function"
    return _PART(paths, prefetch=False)


def clean_parts(
    paths: Sequence[Path], *, part: Callable[..., Part], workers: int | None = None
) -> list[Part]:
    """``part(paths_of_some_years)`` for ``paths``: one part of every year in one process, or
    with :func:`workers_for` > 1 and two years or more, one part per run of whole years
    (:func:`runs_of`) from that many worker processes, in year order.

    ``part(paths, prefetch=...)`` is :func:`sae_analysis.clean.rules.clean_part` with its
    options; it is handed to each worker once (inherited by a forked worker, pickled for a
    spawned one), and each run's paths are sent to whichever worker is free.
    """
    years = years_of(paths)
    n = min(workers_for(paths, workers), len(years))
    if n > 1:
        # two runs per worker at least, so that one slow run evens out; more when the runs
        # would pass RUN_BYTES, for a worker's memory grows with its run
        sizes = {path: _size(path) for path in paths}
        total = sum(sizes.values())
        runs = runs_of(years, max(2 * n, -(-total // RUN_BYTES)), size=sizes.__getitem__)
        context = pools.context()
        # Forked workers' garbage collections leave alone what they inherit from this process:
        # fewer objects to scan, and its pages stay shared rather than copied on write (spawned
        # workers inherit nothing). A caller's own frozen objects are left as they were
        # (unfreeze thaws them all).
        freezing = context.get_start_method() == "fork" and gc.get_freeze_count() == 0
        if freezing:
            gc.freeze()
        try:
            with ProcessPoolExecutor(
                n, mp_context=context, initializer=_install, initargs=(part,)
            ) as pool:
                return list(pool.map(_clean_run, runs))
        except BrokenProcessPool:  # a worker died (killed for memory?): clean in this process
            pass
        finally:
            if freezing:
                gc.unfreeze()
    return [part(list(paths))]


def merge_parts(parts: list[Part]) -> Part:
    """The parts of consecutive years as one part of them all: frames one after the other
    (each part is sorted by year first), log lines category by category, the revisions in the
    order of their keys (as one part sorts them: by quarter before file)."""
    if len(parts) == 1:
        return parts[0]
    keys = [key for p in parts for key in p.revision_keys]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    revisions = [issue for p in parts for issue in p.revisions]
    return Part(
        performance=_concat([p.performance for p in parts]),
        budget=_concat([p.budget for p in parts]),
        submissions=_concat([p.submissions for p in parts]),
        read_issues=[issue for p in parts for issue in p.read_issues],
        duplicate_issues=[issue for p in parts for issue in p.duplicate_issues],
        revisions=[revisions[i] for i in order],
        revision_keys=[keys[i] for i in order],
        year_issues=[issue for p in parts for issue in p.year_issues],
    )


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Frames one after the other, index 0..n-1; the parts without rows add nothing (not even
    their dtypes, which an empty frame may not have)."""
    with_rows = [frame for frame in frames if len(frame)] or frames[:1]
    if len(with_rows) == 1:
        return with_rows[0]
    return pd.concat(with_rows, ignore_index=True)
