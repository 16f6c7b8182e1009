"""The clean in worker processes, a year each, gives what one process gives
(sae_analysis.clean.parallel)."""

from __future__ import annotations

import gc
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from sae_analysis import config
from sae_analysis.clean.parallel import workers_for
from sae_analysis.clean.rules import clean
from sae_analysis.clean.submissions import submission_paths
from sae_analysis.ingest.quality import QualityLog


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_clean_in_worker_processes_equals_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    """Cleaning in worker processes (whole years) gives the same frames and the same log, in
    the same order, as one process; a refused and a broken file in the middle change nothing.
    Forked workers (the default on Linux) and spawned ones (the only kind on Windows) alike.
    On a copy of the bundled sample, with its planted problems (revision, unknown indicator,
    period mismatch, ...)."""
    monkeypatch.setenv("SAE_START_METHOD", method)
    raw = tmp_path / "raw"
    shutil.copytree(config.PROJECT_ROOT / "data" / "raw", raw)
    (raw / "2025" / "TW3" / "kosong.xlsx").write_bytes(b"")
    (raw / "2026" / "TW2" / "rusak.xlsx").write_bytes(b"PK not a zip")
    paths = submission_paths(raw, year=2026, quarter=3)
    assert workers_for(paths, 2) == 2  # asked for: no size threshold
    one_log, two_log = QualityLog(), QualityLog()
    one = clean(raw, year=2026, quarter=3, workers=1, log=one_log)
    two = clean(raw, year=2026, quarter=3, workers=2, log=two_log)
    assert gc.get_freeze_count() == 0  # the objects frozen for the workers are collectable again
    gc.freeze()  # a caller that froze its own objects finds them frozen still
    try:
        clean(raw, year=2026, quarter=3, workers=2)
        # still frozen (a few of them may have been freed meanwhile: they count no more)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    for name in ("performance", "budget", "macro", "quality", "submissions"):
        pd.testing.assert_frame_equal(getattr(two, name), getattr(one, name), obj=name)
    assert two_log.codes() == one_log.codes()
    assert {"revision", "indicator_unknown", "period_mismatch", "file_empty"} <= set(
        two_log.codes()
    )
    assert {"2025/TW3/kosong.xlsx", "2026/TW2/rusak.xlsx"} <= set(two.quality["file"])


def test_workers_for_small_reads_and_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = []
    for i in range(3):
        path = tmp_path / f"f{i}.csv"
        path.write_text("a;b\n", encoding="utf-8")
        paths.append(path)
    assert workers_for(paths) == 1  # a few bytes: one process reads faster than a pool starts
    assert workers_for(paths, 8) == 3  # never more processes than files
    monkeypatch.setattr("sae_analysis.clean.parallel.PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr("sae_analysis.config.cores", lambda: 2)
    assert workers_for(paths) == 2
    monkeypatch.setenv("SAE_WORKERS", "1")
    assert workers_for(paths) == 1


def test_revisions_of_several_years_keep_the_order_of_one_process(tmp_path: Path) -> None:
    """One process logs revisions by the earlier file's quarter first, then file and row, over
    every year at once; the workers clean a year each, and the merge must interleave them the
    same way. Here 2025's TW1 and TW2 files of DINKES are replaced by 2026's (the folder says
    2025, so every value of theirs is revised by 2025's later files), and 2026 keeps its own
    planted revision in TW1: one process logs 2025/TW1, 2026/TW1, then 2025/TW2."""
    raw = tmp_path / "raw"
    shutil.copytree(config.PROJECT_ROOT / "data" / "raw", raw)
    for q in (1, 2):
        for old in (raw / "2025" / f"TW{q}").glob("*"):
            if "DINKES" in old.name or "KESEHATAN" in old.name:
                old.unlink()
        source = raw / "2026" / f"TW{q}" / f"E81_DINKES_TW{q}_2026.xlsx"
        shutil.copy(source, raw / "2025" / f"TW{q}" / f"E81_DINKES_TW{q}_2025.xlsx")
    one_log, two_log = QualityLog(), QualityLog()
    one = clean(raw, year=2026, quarter=3, workers=1, log=one_log)
    two = clean(raw, year=2026, quarter=3, workers=2, log=two_log)
    # the earlier file is named in the message: "... (file 2025/TW1/...)"
    earlier = [
        re.search(r"(20\d\d/TW\d)/", issue.message).group(1)  # type: ignore[union-attr]
        for issue in one_log.issues
        if issue.code == "revision"
    ]
    assert list(dict.fromkeys(earlier)) == ["2025/TW1", "2026/TW1", "2025/TW2"], earlier
    assert two_log.issues == one_log.issues
    pd.testing.assert_frame_equal(two.quality, one.quality)
    pd.testing.assert_frame_equal(two.budget, one.budget)
    pd.testing.assert_frame_equal(two.performance, one.performance)


@pytest.mark.parametrize("case", ["year_of_broken_files", "no_file_this_year"])
def test_years_without_rows_join_as_one_process_gives(tmp_path: Path, case: str) -> None:
    """A year whose files give no rows (an empty and a broken workbook) is a part without rows,
    and a requested year without any file has no part at all: the frames, the log and the missing
    submissions are still what one process gives."""
    raw = tmp_path / "raw"
    source = config.PROJECT_ROOT / "data" / "raw"
    if case == "year_of_broken_files":
        shutil.copytree(source, raw)
        (raw / "2023" / "TW1").mkdir(parents=True)
        (raw / "2023" / "TW1" / "kosong.xlsx").write_bytes(b"")
        (raw / "2022" / "TW2").mkdir(parents=True)
        (raw / "2022" / "TW2" / "rusak.xlsx").write_bytes(b"PK not a zip")
    else:
        for name in ("reference", "makro", "2024", "2025"):
            shutil.copytree(source / name, raw / name)
    one_log, two_log = QualityLog(), QualityLog()
    one = clean(raw, year=2026, quarter=3, workers=1, log=one_log)
    two = clean(raw, year=2026, quarter=3, workers=2, log=two_log)
    for name in ("performance", "budget", "macro", "quality", "submissions"):
        pd.testing.assert_frame_equal(getattr(two, name), getattr(one, name), obj=name)
    assert two_log.issues == one_log.issues
    if case == "year_of_broken_files":
        assert {"file_empty", "file_unreadable"} <= set(one_log.codes())
    else:
        assert one.submissions.empty
        assert "submission_missing" in one_log.codes()
