"""Fuzzing the submission readers (issue 17): a short derandomized budget, and every crash found.

The harness is in ``tests/fuzz/`` (seeds from the fixtures' writers, mutations at the byte, zip/XML
and cell level, the checks of :mod:`fuzz.harness`); ``make fuzz`` runs the long budget. Each
crash ``make fuzz`` found is a file in ``tests/fixtures/fuzz/`` (README there) with a test below.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import textwrap
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from fuzz.harness import BUDGET_SECONDS, Case, Harness, cases
from hypothesis import HealthCheck, given, settings
from raw_files import LAYANAN, Row, write_catalogues, write_e81

from sae_analysis.ingest import grid
from sae_analysis.ingest.catalogues import load_catalogues
from sae_analysis.ingest.e81 import read_submissions
from sae_analysis.ingest.guard import UnreadableError, check_file
from sae_analysis.ingest.quality import QualityLog

FIXTURES = Path(__file__).parent / "fixtures" / "fuzz"
READERS = Path(__file__).parent / "fixtures" / "readers"


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Harness:
    return Harness(tmp_path_factory.mktemp("fuzz"))


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=cases())
def test_a_mutated_file_is_read_without_a_crash_in_time_and_keeps_its_intact_rows(
    harness: Harness, case: Case
) -> None:
    outcome = harness.run(case)
    assert not outcome.failed, f"{case} [{outcome.note}]: {outcome.crash} {outcome.problems}"
    assert outcome.seconds < BUDGET_SECONDS


def test_the_harness_sees_a_crash_a_lost_row_and_a_slow_file(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checks can fail: an exception in the reader, a row it drops, a file it reads slowly."""
    case = Case("e81", "number_cell_type", 1)
    assert not harness.run(case).failed
    from sae_analysis.ingest import e81

    def broken(*_: object, **__: object) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(e81, "find_tables", broken)
    assert "IndexError caught by the reader's last-resort handler" in harness.run(case).crash
    monkeypatch.undo()
    real = e81.raw_frame
    monkeypatch.setattr(e81, "raw_frame", lambda parts: real(parts).iloc[:1])
    assert "intact row(s) lost" in harness.run(case).problems[0]
    monkeypatch.undo()
    monkeypatch.setattr("fuzz.harness.BUDGET_SECONDS", 0.0)
    assert "budget" in harness.run(case).problems[-1]


# --------------------------------------------------------------------------- crashes found
def _read(path: Path, raw: Path) -> tuple[int, list[tuple[str, str, str]], QualityLog]:
    write_catalogues(raw)
    log = QualityLog()
    frame = read_submissions(
        [path], catalogues=load_catalogues(raw), raw_dir=path.parent, log=log, prefetch=False
    )
    return len(frame), [(i.severity, i.code, i.file) for i in log.issues], log


def _read_in_a_child(path: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Read ``path`` in a child process limited to 2 GiB of address space: before the fix
    calamine aborted the process (a Rust allocation failure), which must not take pytest down."""
    code = textwrap.dedent(
        f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from pathlib import Path
        from raw_files import LAYANAN, Row, write_catalogues, write_e81
        from sae_analysis.ingest.catalogues import load_catalogues
        from sae_analysis.ingest.e81 import read_submissions
        from sae_analysis.ingest.quality import QualityLog
        raw = Path({str(tmp_path)!r})
        write_catalogues(raw)
        log = QualityLog()
        read_submissions([Path({str(path)!r})], catalogues=load_catalogues(raw), log=log)
        print(*[i.code for i in log.issues])
        """
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=os.environ
    )


def test_a_value_at_xfd1048576_is_refused_before_calamine_builds_the_grid(tmp_path: Path) -> None:
    """Found by make fuzz (e81 / far_cell): calamine built the sheet densely up to XFD1048576
    (17 billion cells) and the process aborted (Rust alloc failure, no exception)."""
    path = FIXTURES / "far_cell.xlsx"
    child = _read_in_a_child(path, tmp_path)
    assert (child.returncode, child.stdout.split()) == (0, ["sheet_too_large"]), child.stderr[
        -2000:
    ]
    started = time.perf_counter()
    rows, issues, log = _read(path, tmp_path)
    assert (rows, issues) == (0, [("error", "sheet_too_large", "far_cell.xlsx")])
    assert log.issues[0].sheet == "E81"
    assert "XFD1048576" in log.issues[0].message
    assert time.perf_counter() - started < BUDGET_SECONDS


def test_an_xls_whose_fat_loops_is_refused_before_calamine_follows_it(tmp_path: Path) -> None:
    """Found by make fuzz (xls_biff8 / zero_range): a FAT chain that loops made calamine
    allocate without end (15 GB before it was killed); the guard now refuses the file."""
    path = FIXTURES / "fat_loop.xls"
    with pytest.raises(UnreadableError, match="rantai FAT berputar"):
        check_file(path)
    child = _read_in_a_child(path, tmp_path)
    assert (child.returncode, child.stdout.split()) == (0, ["file_unreadable"]), child.stderr[
        -2000:
    ]


def test_an_xls_whose_difat_loops_is_refused_before_calamine_follows_it(tmp_path: Path) -> None:
    """Found by make fuzz (xls_biff8 / zero_range / 36300, hypothesis seed 1): a zeroed header
    makes the DIFAT chain start at sector 0, which names itself as next; calamine followed it
    until a 2 GB allocation failed and the process aborted."""
    path = FIXTURES / "difat_loop.xls"
    with pytest.raises(UnreadableError, match="rantai DIFAT berputar"):
        check_file(path)
    child = _read_in_a_child(path, tmp_path)
    assert (child.returncode, child.stdout.split()) == (0, ["file_unreadable"]), child.stderr[
        -2000:
    ]


def test_an_xls_with_impossible_dimensions_is_refused_before_calamine_sizes_its_grid(
    tmp_path: Path,
) -> None:
    """Found by make fuzz (blank_e81_xls / flip_bytes / 1192154808): one byte of a DIMENSIONS
    record made the first row pass the last; calamine asked for 5 TB and aborted the process."""
    path = FIXTURES / "dimensions.xls"
    with pytest.raises(UnreadableError, match="ukuran lembar tidak sah"):
        check_file(path)
    child = _read_in_a_child(path, tmp_path)
    assert (child.returncode, child.stdout.split()) == (0, ["file_unreadable"]), child.stderr[
        -2000:
    ]


def test_a_truncated_xls_that_made_calamine_panic_is_refused_as_truncated(tmp_path: Path) -> None:
    """Found by make fuzz (xls_biff8 / truncate / 2779397249): calamine panicked on this file;
    pyo3 raises PanicException, a BaseException that ``except Exception`` let through to the run.
    The guard now finds the file truncated before calamine opens it."""
    rows, issues, log = _read(FIXTURES / "truncated_panic.xls", tmp_path)
    assert (rows, issues) == (0, [("error", "file_unreadable", "truncated_panic.xls")])
    assert "berkas .xls rusak" in log.issues[0].message  # guard: OLE2 truncated, in words


def test_an_xls_cell_past_column_256_is_refused_before_calamine_widens_the_grid(
    tmp_path: Path,
) -> None:
    """The slowest file of make fuzz (blank_e81_xls / flip_bytes / 0: 0.9-2.4 s): a flipped byte
    put a cell at column 64,513, which BIFF8 cannot hold; calamine built a 20 x 64,513 grid
    and the reader went through it. Refused before parsing now."""
    path = FIXTURES / "wide_cell.xls"
    with pytest.raises(UnreadableError, match=r"sel di luar format \.xls"):
        check_file(path)
    started = time.perf_counter()
    rows, issues, _ = _read(path, tmp_path)
    assert (rows, [code for _, code, _ in issues]) == (0, ["file_unreadable"])
    assert time.perf_counter() - started < 0.5


def test_a_panic_inside_calamine_is_an_unreadable_file_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever file still makes calamine panic: the panic is a file that cannot be read."""
    panic = type("PanicException", (BaseException,), {})

    class Calamine:
        @staticmethod
        def from_path(_: str) -> None:
            raise panic("range end index 124 out of range for slice of length 121")

    monkeypatch.setattr(grid.python_calamine, "CalamineWorkbook", Calamine)
    rows, issues, log = _read(READERS / "e81_dinsos_tw2_2026.xls", tmp_path)
    assert (rows, issues) == (0, [("error", "file_unreadable", "e81_dinsos_tw2_2026.xls")])
    assert "berkas rusak; isinya tidak dapat diurai" in log.issues[0].message  # the panic, in words
    monkeypatch.undo()
    with pytest.raises(KeyboardInterrupt):  # anything else still goes through
        grid._unreadable(KeyboardInterrupt())


def test_a_zip_member_flagged_encrypted_is_a_broken_archive(tmp_path: Path) -> None:
    """Found by make fuzz (period_in_sheets / flip_bytes / 306, hypothesis seed 2): a flipped bit
    marks a member of the .xlsx as zip-encrypted; zipfile raised RuntimeError ("password required
    for extraction") in the guard, which only the reader's last-resort handler caught."""
    rows, issues, log = _read(FIXTURES / "encrypted_flag.xlsx", tmp_path)
    assert (rows, issues) == (0, [("error", "file_unreadable", "encrypted_flag.xlsx")])
    assert "arsip .xlsx terpotong atau rusak" in log.issues[0].message  # a broken archive
    assert "RuntimeError" not in log.issues[0].message


def test_deflate_data_that_does_not_inflate_is_a_broken_archive(tmp_path: Path) -> None:
    """Found while widening the harness's net for the last-resort handler: a byte flipped inside
    a member's deflate data makes zlib raise ``zlib.error`` in the guard, which only that handler
    caught ("cannot be read (error: Error -3 while decompressing data ...)")."""
    book = write_e81(tmp_path / "2026" / "TW3" / "rusak.xlsx", [Row(LAYANAN, "orang", 1, 1)])
    data = bytearray(book.read_bytes())
    with zipfile.ZipFile(book) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length
    for offset in range(start + 8, start + info.compress_size):
        trial = bytearray(data)
        trial[offset] ^= 0xFF
        try:
            zlib.decompressobj(-15).decompress(bytes(trial[start : start + info.compress_size]))
        except zlib.error:
            break
    book.write_bytes(bytes(trial))
    rows, issues, log = _read(book, tmp_path)
    assert (rows, issues) == (0, [("error", "file_unreadable", "rusak.xlsx")])
    assert "arsip .xlsx terpotong atau rusak" in log.issues[0].message  # zlib error -3, in words


def test_a_csv_with_a_stray_carriage_return_is_read(tmp_path: Path) -> None:
    """Found by make fuzz (csv_cp1252 / flip_bytes / 6228, hypothesis seed 2): a byte flipped to
    CR in the middle of a line made csv raise "new-line character seen in unquoted field",
    caught only by the last-resort handler; the CR now ends a line, and the row comes through."""
    rows, issues, _ = _read(FIXTURES / "stray_cr.csv", tmp_path)
    assert rows == 1
    assert all(code != "file_unreadable" for _, code, _ in issues), issues


def test_a_merge_beyond_the_cells_read_does_not_raise_index_error(tmp_path: Path) -> None:
    """Found by make fuzz (blank_e81_xls / flip_bytes): a merge record naming columns beyond the
    rows raised IndexError in the header reader (reported as "cannot be read (IndexError)");
    the grid now cuts merges to the cells read."""
    rows, issues, _ = _read(FIXTURES / "merge_outside_grid.xls", tmp_path)
    assert rows == 0
    # a blank official form (the seed) whose header the reader now understands: no header-as-data
    # error and no crash, only the identity it cannot find on a blank form
    assert [code for _, code, _ in issues] == ["opd_unknown", "period_unknown"]
