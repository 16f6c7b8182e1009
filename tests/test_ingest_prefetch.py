"""Tests of sae_analysis.ingest.prefetch: the read-ahead threads give what the simple path gives."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

from sae_analysis import config
from sae_analysis.ingest import prefetch
from sae_analysis.ingest.catalogues import Catalogues
from sae_analysis.ingest.e81 import read_submissions
from sae_analysis.ingest.grid import Sheet, open_sheets
from sae_analysis.ingest.quality import QualityLog


@pytest.fixture(params=[1, prefetch.PREFETCH_AHEAD], ids=["one-ahead", "default-ahead"])
def threads_on(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The read-ahead threads run even on a one-core machine, one or the default files ahead."""
    monkeypatch.setattr(config, "cores", lambda: 2)
    monkeypatch.setattr(prefetch, "PREFETCH_AHEAD", request.param)


def _outcome(sheets: Callable[[], Iterator[Sheet]]) -> list[Sheet] | tuple[type, str]:
    """Every sheet a call gives, or the type and text of what it raised."""
    try:
        return list(sheets())
    except Exception as exc:
        return type(exc), str(exc)


@pytest.mark.usefixtures("threads_on")
def test_read_ahead_gives_the_sheets_and_errors_of_open_sheets_in_order(
    mixed_submissions: list[Path],
) -> None:
    ahead = [(path, _outcome(sheets)) for path, sheets in prefetch.read_ahead(mixed_submissions)]
    simple = [(path, _outcome(functools.partial(open_sheets, path))) for path in mixed_submissions]
    assert ahead == simple
    assert [type(o) for _, o in ahead] == [list, tuple, list, tuple, list]


@pytest.mark.usefixtures("threads_on")
def test_read_submissions_gives_the_same_frame_and_log_with_and_without_read_ahead(
    raw_dir: Path, catalogues: Catalogues, mixed_submissions: list[Path]
) -> None:
    paths = mixed_submissions
    all_log = QualityLog()
    frame = read_submissions(paths, catalogues=catalogues, raw_dir=raw_dir, log=all_log)
    # the same with the workbooks parsed ahead in threads and without
    plain_log = QualityLog()
    plain = read_submissions(
        paths, catalogues=catalogues, raw_dir=raw_dir, log=plain_log, prefetch=False
    )
    pd.testing.assert_frame_equal(plain, frame)
    pd.testing.assert_frame_equal(plain_log.to_frame(), all_log.to_frame())
