"""A full disk, recognised in this process and in a kernel, said in one line (sae_analysis.run.faults)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from sae_analysis.atomic import write_atomic
from sae_analysis.params import RunParams
from sae_analysis.run.faults import disk_full, disk_full_message


class _NotebookError(Exception):
    """What papermill raises for a notebook's error: its name and text (PapermillExecutionError)."""

    def __init__(self, ename: str, evalue: str) -> None:
        super().__init__(evalue)
        self.ename, self.evalue = ename, evalue


def test_a_full_disk_is_recognised_here_and_in_a_kernel() -> None:
    assert disk_full(OSError(errno.ENOSPC, "No space left on device", "/d/a.html")) == (
        True,
        Path("/d/a.html"),
    )
    assert disk_full(OSError(errno.EDQUOT, "Disk quota exceeded")) == (True, None)
    kernel = _NotebookError("OSError", "[Errno 28] No space left on device: '/p/budget.parquet'")
    assert disk_full(kernel) == (True, Path("/p/budget.parquet"))
    wrapped = RuntimeError("export failed")
    wrapped.__cause__ = OSError(errno.ENOSPC, "No space left on device")
    assert disk_full(wrapped) == (True, None)
    assert disk_full(_NotebookError("OSError", "[Errno 2] No such file")) == (False, None)
    assert disk_full(ValueError("x")) == (False, None)


def test_write_atomic_names_the_file_that_did_not_fit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.fsync", full)
    with pytest.raises(OSError, match="No space left") as info:
        write_atomic(tmp_path / "laporan.pdf", b"%PDF")
    assert (info.value.errno, info.value.filename) == (errno.ENOSPC, str(tmp_path / "laporan.pdf"))
    assert list(tmp_path.iterdir()) == []  # no temporary left


@pytest.mark.parametrize(
    ("lang", "start", "free"),
    [("id", "Disk penuh: ", "Kosongkan ruang"), ("en", "Disk full: ", "Free space on that disk")],
)
def test_the_message_names_the_file_its_disk_the_room_left_and_what_to_free(
    tmp_path: Path, lang: str, start: str, free: str
) -> None:
    params = RunParams(2026, 3, tmp_path, tmp_path / "processed", tmp_path / "reports", lang=lang)
    (tmp_path / "processed").mkdir()
    staged = tmp_path / "reports" / "2026-TW3" / ".staging-123" / "processed" / "budget.parquet"
    message = disk_full_message(staged, params)
    assert message.startswith(f"{start}{tmp_path / 'processed' / 'budget.parquet'} ")
    assert " MB " in message
    assert free in message
    assert str(tmp_path / "reports") in message
    assert "\n" not in message
