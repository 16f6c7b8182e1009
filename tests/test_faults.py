"""Faults: a run killed at any point, two runs at once, no or a crashing Chromium, bad parameters.

The slow tests share one generated sample and one good run; every later run is checked against
the files of that run (same inputs, same bytes).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from cli_runs import ENV, run_args, run_cli
from pypdf import PdfReader
from raw_files import write_catalogues

from sae_analysis import cli
from sae_analysis.params import EXIT_STAGE_FAILED, EXIT_USAGE
from sae_analysis.run.lock import run_lock
from sae_analysis.run.orchestrate import remove_stale_temporaries
from sae_analysis.sampledata import sample

STEM = "laporan-evaluasi-2026-TW3"
REPORT_FILES = (f"{STEM}.pdf", f"{STEM}.html", f"{STEM}.xlsx")
PROCESSED_FILES = ("performance.parquet", "budget.parquet", "macro.parquet", "quality_issues.csv")


def _digests(out: Path) -> dict[str, str]:
    """SHA-256 of the report and processed files of a run folder."""
    files = [out / "reports" / "2026-TW3" / n for n in REPORT_FILES]
    files += [out / "processed" / n for n in PROCESSED_FILES]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (through /proc), children first found by parent id."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        children = [p for p, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def _kill_run_when(
    raw: Path, out: Path, ready: Callable[[subprocess.Popen[bytes]], bool]
) -> subprocess.Popen[bytes]:
    """Start a run, wait until ``ready`` says so, then SIGKILL it and everything it started
    (the kernel runs in its own session, Chromium under Playwright's driver)."""
    proc = subprocess.Popen(
        run_args(raw, out),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=ENV,
    )
    deadline = time.monotonic() + 300
    try:
        while not ready(proc):
            assert proc.poll() is None, "the run ended before the kill point"
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        victims = [proc.pid, *_descendants(proc.pid)]
        for pid in victims:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        proc.wait()
    return proc


def _logs(out: Path) -> set[Path]:
    return set((out / "reports" / "2026-TW3" / "logs").glob("run-*.log"))


def _log_says(out: Path, text: str, earlier: set[Path]) -> bool:
    """True when a run log written after ``earlier`` holds ``text``."""
    return any(
        text in p.read_text(encoding="utf-8", errors="replace") for p in _logs(out) - earlier
    )


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    base = tmp_path_factory.mktemp("faults")
    raw = base / "raw"
    sample.generate_sample(raw, n_opd=3)
    out = base / "out"
    first = run_cli(raw, out)
    assert first.returncode in (0, 1), first.stderr[-3000:]
    return {"raw": raw, "out": out, "code": first.returncode, "digests": _digests(out)}


def _assert_previous_intact(good: dict) -> None:
    out: Path = good["out"]  # type: ignore[assignment]
    assert _digests(out) == good["digests"]
    pdf = out / "reports" / "2026-TW3" / f"{STEM}.pdf"
    assert len(PdfReader(io.BytesIO(pdf.read_bytes())).pages) > 1
    for name in ("performance", "budget", "macro"):
        assert len(pd.read_parquet(out / "processed" / f"{name}.parquet")) > 0


def _leftovers(out: Path) -> list[str]:
    return [
        p.name
        for folder in (out / "reports" / "2026-TW3", out / "processed")
        for p in folder.iterdir()
        if p.name.startswith(".staging-") or p.name.endswith(".tmp")
    ]


@pytest.mark.slow
def test_sigkill_during_clean_then_during_export_then_a_clean_recovery(good: dict) -> None:
    raw, out = good["raw"], good["out"]
    start = _logs(out)
    seen: list[float] = []

    def cleaning(_: subprocess.Popen[bytes]) -> bool:
        if not seen and _log_says(out, "tahap clean", start):
            seen.append(time.monotonic())
        return bool(seen) and time.monotonic() - seen[0] > 1.0

    assert _kill_run_when(raw, out, cleaning).returncode == -signal.SIGKILL
    assert not _log_says(out, "tahap yoy", start)  # killed inside the clean stage
    _assert_previous_intact(good)

    html = out / "reports" / "2026-TW3" / f"{STEM}.html"
    before = html.stat().st_mtime_ns

    def exporting(_: subprocess.Popen[bytes]) -> bool:
        # the HTML is the first export output; XLSX and PDF are still to come
        return html.stat().st_mtime_ns != before

    assert _kill_run_when(raw, out, exporting).returncode == -signal.SIGKILL
    _assert_previous_intact(good)

    again = run_cli(raw, out)
    assert again.returncode == good["code"], again.stderr[-3000:]
    assert _digests(out) == good["digests"]
    assert _leftovers(out) == []


def _report_only(good: dict, tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    out = tmp_path / "out"
    shutil.copytree(good["out"] / "processed", out / "processed")
    return run_cli(good["raw"], out, "--stages", "report", env=env)


@pytest.mark.slow
@pytest.mark.parametrize("browser", ["missing", "exits 1", "segfaults"])
def test_without_a_working_chromium_html_and_xlsx_are_written(
    good: dict, tmp_path: Path, browser: str
) -> None:
    empty = tmp_path / "no-browsers"
    empty.mkdir()
    fake = tmp_path / "chromium"
    script = {"missing": None, "exits 1": "exit 1", "segfaults": "kill -SEGV $$"}[browser]
    if script is not None:
        fake.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
        fake.chmod(0o755)
    env = {**ENV, "CHROMIUM_PATH": str(fake), "PLAYWRIGHT_BROWSERS_PATH": str(empty)}
    result = _report_only(good, tmp_path, env)
    assert result.returncode == EXIT_STAGE_FAILED
    message = result.stderr.strip().splitlines()[-1]
    assert "apt-get install chromium" in message
    assert "playwright install chromium" in message
    folder = tmp_path / "out" / "reports" / "2026-TW3"
    page = (folder / f"{STEM}.html").read_text(encoding="utf-8")
    assert "Kelengkapan data" in page
    book = openpyxl.load_workbook(folder / f"{STEM}.xlsx", read_only=True)
    assert "Masalah data" in book.sheetnames
    book.close()
    assert not (folder / f"{STEM}.pdf").exists()


@pytest.mark.slow
def test_a_second_run_is_refused_while_the_first_holds_the_lock(good: dict, tmp_path: Path) -> None:
    reports = tmp_path / "out" / "reports"
    with run_lock(reports / "2026-TW3"):  # the quarter's lock (run/lock.py)
        started = time.monotonic()
        result = run_cli(good["raw"], tmp_path / "out")
    assert result.returncode == EXIT_STAGE_FAILED
    assert "proses lain sedang membuat laporan" in result.stderr
    assert f"(pid {os.getpid()})" in result.stderr
    assert time.monotonic() - started < 60  # refused at once, no kernel started
    assert not list((reports / "2026-TW3").glob("*.ipynb"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "1999"], "year harus antara 2000 dan 2100, bukan 1999"),
        (["--year", "2101"], "year harus antara 2000 dan 2100, bukan 2101"),
        (["--quarter", "0"], "quarter harus 1, 2, 3 atau 4 (atau 'auto'), bukan 0"),
        (["--quarter", "5"], "quarter harus 1, 2, 3 atau 4 (atau 'auto'), bukan 5"),
        (["--opd", "NOPE"], "kode OPD tidak dikenal: 'NOPE' (lihat {tmp}/raw/reference/opd.csv)"),
        (["--lang", "fr"], "lang harus 'id' atau 'en', bukan 'fr'"),
        (["--raw-dir", "{tmp}/tidak-ada"], "folder data mentah tidak ada: {tmp}/tidak-ada"),
    ],
)
def test_bad_parameters_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    raw = tmp_path / "raw"
    write_catalogues(raw)
    reports = tmp_path / "reports"
    argv = ["run", "--raw-dir", str(raw), "--reports-dir", str(reports)]
    argv += [a.format(tmp=tmp_path) for a in args]
    assert cli.main(argv) == EXIT_USAGE
    err = capsys.readouterr().err.strip()
    assert err == f"sae-analysis: {message.format(tmp=tmp_path)}"
    assert not reports.exists()  # nothing started, nothing written


def test_stale_temporaries_are_removed_only_under_the_lock(tmp_path: Path) -> None:
    """What a killed run leaves (a staging folder, half-written temporaries) goes at the next run;
    finished files stay."""
    folder = tmp_path / "reports" / "2026-TW3"
    processed = tmp_path / "processed"
    (folder / ".staging-12345").mkdir(parents=True)
    (folder / ".staging-12345" / "01_clean.ipynb").write_text("{}", encoding="utf-8")
    processed.mkdir()
    stale = [folder / f".{STEM}.pdf.ab12cd.tmp", processed / ".performance.parquet.x1y2.tmp"]
    stale.append(processed / ".quality_issues.csv.k9j8h7.tmp")
    kept = [folder / f"{STEM}.pdf", processed / "performance.parquet", folder / "notes.tmp.txt"]
    for path in stale + kept:
        path.write_bytes(b"x")
    removed = remove_stale_temporaries(folder, processed)
    assert sorted(p.name for p in removed) == sorted([".staging-12345", *(p.name for p in stale)])
    assert all(p.exists() for p in kept)
    assert not any(p.exists() for p in stale)
