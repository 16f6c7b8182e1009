"""How worker processes start: fork where the platform has it, else spawn (``SAE_START_METHOD``).

Fork is the faster start on Linux: a worker inherits the parent's imports and memory instead of
importing pandas again (about a second per worker). Windows has only spawn, and every pool of
the project works with it: its workers are top-level functions of importable modules and their
arguments pickle. ``SAE_START_METHOD=spawn`` (or ``forkserver``) chooses the method by hand, so
the spawn path is tested on Linux too.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.context import BaseContext

START_METHOD_ENV = "SAE_START_METHOD"


def start_method() -> str:
    """``$SAE_START_METHOD`` when the platform has it, else fork where available, else spawn.

    >>> start_method() in multiprocessing.get_all_start_methods()
    True
    """
    available = multiprocessing.get_all_start_methods()
    asked = os.environ.get(START_METHOD_ENV, "").strip().lower()
    if asked:
        if asked not in available:
            raise ValueError(
                f"{START_METHOD_ENV}={asked!r} tidak tersedia di sini (pilihan: {', '.join(available)})"
            )
        return asked
    return "fork" if "fork" in available else "spawn"


def context() -> BaseContext:
    """The multiprocessing context of :func:`start_method`."""
    return multiprocessing.get_context(start_method())
