"""Faults of the machine (issue 17): a full disk, a folder the run cannot write, two runs at once.

A full disk is injected at the write layer: a ``sitecustomize`` put on ``PYTHONPATH`` (so both
the CLI process and its kernel load it) makes every write to a file whose name matches
``SAE_TEST_DISK_FULL`` fail with ``OSError(ENOSPC)``, on the descriptor ``atomic.write_atomic``
(and ``QualityLog.write_csv``) opens with ``os.fdopen``. A small size-limited file system
would need root tricks (a loop mount) that CI may not allow; the injected error is the one a
full disk gives. Read-only folders: the tests run as root, which file permissions do not stop,
so the CLI runs in a forked child that switched to user ``nobody`` (as tests/test_bad_input.py
does for the permission case).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runs import ENV, run_args, run_cli
from raw_files import write_catalogues

from sae_analysis import cli
from sae_analysis.params import EXIT_STAGE_FAILED, EXIT_USAGE
from sae_analysis.sampledata import sample

STEM = "laporan-evaluasi-2026-TW3"
NOBODY = 65534

SITECUSTOMIZE = textwrap.dedent(
    '''
    """Test only: writes to files named like $SAE_TEST_DISK_FULL fail as on a full disk."""
    import errno
    import fnmatch
    import os

    _PATTERN = os.environ.get("SAE_TEST_DISK_FULL")


    class _Full:
        def __init__(self, handle):
            self._handle = handle

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name):
            return getattr(self._handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self._handle.close()
            return False


    def _target(fd):
        """The file a descriptor writes: '.<name>.<random>.tmp' is write_atomic's for <name>."""
        name = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
        if name.startswith(".") and name.endswith(".tmp"):
            return name[1:].rsplit(".", 2)[0]
        return name


    if _PATTERN:
        _fdopen = os.fdopen

        def fdopen(fd, *args, **kwargs):
            handle = _fdopen(fd, *args, **kwargs)
            try:
                full = fnmatch.fnmatch(_target(fd), _PATTERN)
            except OSError:
                full = False
            return _Full(handle) if full else handle

        os.fdopen = fdopen
    '''
)


def _digests(out: Path, names: list[str]) -> dict[str, str]:
    folders = {"reports": out / "reports" / "2026-TW3", "processed": out / "processed"}
    return {
        name: hashlib.sha256(
            (folders[name.split("/")[0]] / name.split("/")[1]).read_bytes()
        ).hexdigest()
        for name in names
    }


PROCESSED = [
    f"processed/{n}"
    for n in ("performance.parquet", "budget.parquet", "macro.parquet", "submissions.parquet",
              "quality_issues.csv", "yoy_pillars_2026_TW3.parquet")
]  # fmt: skip
REPORT = [f"reports/{STEM}.{suffix}" for suffix in ("html", "xlsx", "pdf")]


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A small sample and one good run of it (the outputs a failed run must leave intact); the
    ``sitecustomize`` folder; and a second raw folder with one more (unreadable) TW3 file, so
    that a new run's quality log and report would differ from the previous ones."""
    base = tmp_path_factory.mktemp("machine")
    raw = base / "raw"
    sample.generate_sample(raw, n_opd=3)
    changed = base / "raw-changed"
    shutil.copytree(raw, changed)
    stray = changed / "2026" / "TW3" / "kiriman tanpa nama.csv"  # one more data error
    stray.write_text("No;Kode;Indikator Kinerja\n1;x;y\n", encoding="utf-8")
    out = base / "out"
    first = run_cli(raw, out)
    assert first.returncode in (0, 1), first.stderr[-3000:]
    site = base / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    return {"raw": raw, "changed": changed, "out": out, "site": site}


def _full_disk_run(previous: dict[str, Path], tmp_path: Path, pattern: str, *extra: str):
    out = tmp_path / "out"
    shutil.copytree(previous["out"], out)
    env = {**ENV, "SAE_TEST_DISK_FULL": pattern, "PYTHONPATH": str(previous["site"])}
    return out, run_cli(previous["changed"], out, *extra, env=env)


def _last_line(result: subprocess.CompletedProcess[str]) -> str:
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.slow
def test_a_full_disk_while_writing_the_tables_leaves_every_previous_output_intact(
    previous: dict[str, Path], tmp_path: Path
) -> None:
    """budget.parquet is 01's second table: performance.parquet was already rewritten in the
    run's staging, and must not reach the processed folder either."""
    before = _digests(previous["out"], PROCESSED + REPORT)
    out, result = _full_disk_run(previous, tmp_path, "budget.parquet")
    assert result.returncode == EXIT_STAGE_FAILED, result.stderr[-3000:]
    line = _last_line(result)
    assert line.startswith("sae-analysis 2026-TW3: GAGAL — tahap clean gagal: Disk penuh: ")
    assert f"{out / 'processed' / 'budget.parquet'} tidak dapat ditulis (sisa " in line
    assert "Kosongkan ruang di disk itu" in line
    assert _digests(out, PROCESSED + REPORT) == before
    assert not [p.name for p in (out / "processed").iterdir() if p.name.startswith(".staging")]


@pytest.mark.slow
def test_a_full_disk_while_writing_the_html_leaves_the_previous_report_intact(
    previous: dict[str, Path], tmp_path: Path
) -> None:
    before = _digests(previous["out"], REPORT)
    out, result = _full_disk_run(previous, tmp_path, f"{STEM}.html")
    assert result.returncode == EXIT_STAGE_FAILED, result.stderr[-3000:]
    line = _last_line(result)
    assert line.startswith(
        f"sae-analysis 2026-TW3: GAGAL — Disk penuh: {out / 'reports' / '2026-TW3' / STEM}.html"
    )
    after = _digests(out, REPORT)
    assert after[f"reports/{STEM}.html"] == before[f"reports/{STEM}.html"]
    assert after[f"reports/{STEM}.pdf"] == before[f"reports/{STEM}.pdf"]
    assert not list((out / "reports" / "2026-TW3").glob(".*.tmp"))


@pytest.mark.slow
def test_a_full_disk_while_writing_the_pdf_keeps_the_previous_pdf_and_says_so_in_english(
    previous: dict[str, Path], tmp_path: Path
) -> None:
    before = _digests(previous["out"], REPORT)
    out, result = _full_disk_run(previous, tmp_path, "*.pdf", "--lang", "en")
    assert result.returncode == EXIT_STAGE_FAILED, result.stderr[-3000:]
    line = _last_line(result)
    assert f"Disk full: {out / 'reports' / '2026-TW3' / STEM}.pdf could not be written" in line
    assert "Free space on that disk" in line
    after = _digests(out, REPORT)
    assert after[f"reports/{STEM}.pdf"] == before[f"reports/{STEM}.pdf"]
    assert after[f"reports/{STEM}.html"] != before[f"reports/{STEM}.html"]  # built: kept


# --------------------------------------------------------------------------- read-only folders
@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder user nobody can traverse (tmp_path is root's alone)."""
    with tempfile.TemporaryDirectory(prefix="sae-readonly-") as folder:
        Path(folder).chmod(0o755)
        yield Path(folder)


def _main_as_nobody(argv: list[str]) -> tuple[int, str]:
    """``cli.main(argv)`` in a forked child running as user nobody: (exit code, its stderr)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through its exit code and the pipe
        code = 99
        try:
            os.close(read_fd)
            os.dup2(write_fd, 2)
            sys.stderr = os.fdopen(2, "w", encoding="utf-8", closefd=False)
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            code = cli.main(argv)
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stderr.flush()
            os._exit(code)
    os.close(write_fd)
    with os.fdopen(read_fd, encoding="utf-8") as handle:
        err = handle.read()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), err


@pytest.mark.parametrize("folder", ["reports", "processed"])
def test_a_folder_the_run_cannot_write_is_a_usage_error_before_anything_starts(
    shared: Path, folder: str, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = shared / "raw"
    write_catalogues(raw)
    for name in ("reports", "processed"):
        (shared / name).mkdir()
        (shared / name).chmod(0o555 if name == folder else 0o777)
    argv = ["run", "--raw-dir", str(raw), "--processed-dir", str(shared / "processed")]
    argv += ["--reports-dir", str(shared / "reports")]
    if os.geteuid() == 0:
        # import what the run imports lazily while still root (nobody cannot read root's Python)
        assert cli.main([*argv, "--quarter", "9"]) == EXIT_USAGE
        capsys.readouterr()
        code, err = _main_as_nobody(argv)
    else:
        code, err = cli.main(argv), capsys.readouterr().err
    assert code == EXIT_USAGE, err
    words = {"reports": "folder laporan", "processed": "folder data olahan"}[folder]
    option = {"reports": "--reports-dir", "processed": "--processed-dir"}[folder]
    assert err.strip() == (
        f"sae-analysis: {words} tidak dapat ditulis: {shared / folder} (Permission denied); "
        f"beri izin tulis kepada pengguna yang menjalankan proses ini, atau pilih folder lain "
        f"dengan {option}"
    )
    assert list((shared / "reports").iterdir()) == []  # no log, no lock: nothing started
    assert list((shared / "processed").iterdir()) == []


# --------------------------------------------------------------------------- two runs at once
def _start(raw: Path, out: Path, quarter: int, *extra: str) -> subprocess.Popen[str]:
    args = run_args(raw, out, "--no-pdf", *extra)
    args[args.index("--quarter") + 1] = str(quarter)
    return subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        text=True, env=ENV,
    )  # fmt: skip


def _summary(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=600)
    return proc.returncode, out.strip(), err


@pytest.fixture(scope="module")
def alone(previous: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict]:
    """TW2 and TW3 of the sample, each run alone: its summary line and its tables."""
    runs = {}
    for quarter in (2, 3):
        out = tmp_path_factory.mktemp(f"alone-tw{quarter}")
        code, line, err = _summary(_start(previous["raw"], out, quarter))
        assert code in (0, 1), err[-3000:]
        runs[quarter] = {"line": line.split("; laporan:")[0], "tables": _tables(out, quarter)}
    return runs


def _tables(out: Path, quarter: int) -> dict[str, str]:
    files = sorted((out / "processed").glob(f"*_2026_TW{quarter}.parquet"))
    files += [out / "processed" / n for n in ("performance.parquet", "quality_issues.csv")]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


@pytest.mark.slow
def test_two_runs_on_different_quarters_at_once_both_succeed_as_if_alone(
    previous: dict[str, Path], alone: dict[int, dict], tmp_path: Path
) -> None:
    """They share the processed folder: each reads and counts its own tables (its summary and
    YoY tables are those of the quarter run alone), and the shared tables left are one whole
    run's set, not a mix."""
    out = tmp_path / "out"
    runs = {q: _start(previous["raw"], out, q) for q in (3, 2)}
    results = {q: _summary(p) for q, p in runs.items()}
    for quarter, (code, line, err) in results.items():
        assert code in (0, 1), err[-3000:]
        assert line.split("; laporan:")[0] == alone[quarter]["line"]
        own = {k: v for k, v in _tables(out, quarter).items() if "_TW" in k}
        assert own == {k: v for k, v in alone[quarter]["tables"].items() if "_TW" in k}
    shared = {k: v for k, v in _tables(out, 3).items() if "_TW" not in k}
    assert shared in [
        {k: v for k, v in alone[q]["tables"].items() if "_TW" not in k} for q in (2, 3)
    ]
    assert not [p.name for p in (out / "processed").iterdir() if p.name.startswith(".staging")]


@pytest.mark.slow
def test_two_runs_on_the_same_quarter_are_serialised(
    previous: dict[str, Path], alone: dict[int, dict], tmp_path: Path
) -> None:
    """Without --wait the second is refused in one line; with --wait it runs after the first."""
    out = tmp_path / "out"
    first = _start(previous["raw"], out, 3)
    lock = out / "reports" / "2026-TW3" / ".sae-analysis.lock"
    deadline = time.monotonic() + 120
    while not (lock.exists() and lock.read_text(encoding="utf-8").strip() == str(first.pid)):
        assert first.poll() is None
        assert time.monotonic() < deadline
        time.sleep(0.05)
    refused = _summary(_start(previous["raw"], out, 3))
    waiting = _start(previous["raw"], out, 3, "--wait", "600")
    done_first, done_waiting = _summary(first), _summary(waiting)
    assert refused[0] == EXIT_STAGE_FAILED
    assert refused[2].strip().splitlines()[-1] == (
        f"sae-analysis: proses lain sedang membuat laporan di {out / 'reports' / '2026-TW3'} "
        f"(pid {first.pid}); tunggu sampai selesai lalu jalankan lagi"
    )
    for code, line, err in (done_first, done_waiting):
        assert code in (0, 1), err[-3000:]
        assert line.split("; laporan:")[0] == alone[3]["line"]
    # the waiting run cleaned only once the first had reached its report (console lines HH:MM:SS)
    assert _stage_time(done_waiting[2], "clean") >= _stage_time(done_first[2], "report")


def _stage_time(stderr: str, stage: str) -> str:
    return next(line.split()[0] for line in stderr.splitlines() if f"tahap {stage}:" in line)
