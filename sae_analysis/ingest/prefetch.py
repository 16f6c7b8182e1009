"""Read-ahead, the fast path of reading many submissions: the next workbooks parsed in threads.

The simple path is :func:`~sae_analysis.ingest.grid.open_sheets`, one file after the other;
:func:`read_ahead` gives the same sheets (and raises the same errors, at the same file) while
the next files are parsed meanwhile. ``tests/test_ingest_prefetch.py`` checks both give the same.
"""

from __future__ import annotations

import collections
import functools
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from sae_analysis import config
from sae_analysis.ingest.grid import Sheet, open_sheets
from sae_analysis.ingest.guard import check_file

#: Threads that parse the next workbooks while the current one is read: calamine (Rust)
#: releases the GIL while it parses, so on two cores this overlaps most of its time.
PREFETCH_THREADS = 2
#: How many files may be parsed ahead of the one being read (bounds the memory it takes).
PREFETCH_AHEAD = 8


def read_ahead(paths: Sequence[Path]) -> Iterator[tuple[Path, Callable[[], Iterator[Sheet]]]]:
    """Each path with a call giving its sheets as :func:`open_sheets` does (or raising what
    opening it raised).

    With more than one core and more than one file, the next files are parsed in
    :data:`PREFETCH_THREADS` threads, up to :data:`PREFETCH_AHEAD` ahead, in order. The
    :func:`check_file` check stays in this thread, before a file is handed to the parser: it is
    Python that does small reads, and in a thread each read would wait for the GIL.
    """
    if len(paths) < 2 or config.cores() < 2 or PREFETCH_THREADS < 1:
        for path in paths:
            yield path, functools.partial(open_sheets, path)
        return
    pool = ThreadPoolExecutor(PREFETCH_THREADS, thread_name_prefix="sae-read")
    pending: collections.deque[tuple[Path, Future[Iterator[Sheet]]]] = collections.deque()
    try:
        for path in paths:
            try:
                members = check_file(path)
            except Exception as exc:  # raised again, in order, when this file is read
                future: Future[Iterator[Sheet]] = Future()
                future.set_exception(exc)
            else:
                future = pool.submit(open_sheets, path, checked=True, members=members)
            pending.append((path, future))
            if len(pending) > PREFETCH_AHEAD:
                done, ready = pending.popleft()
                yield done, ready.result
        while pending:
            done, ready = pending.popleft()
            yield done, ready.result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
