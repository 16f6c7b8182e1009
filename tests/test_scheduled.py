"""The scheduled job as cron runs it: no terminal, a bare environment, the quarter from the date.

test_end_to_end.py covers the CLI with explicit parameters; here the entry points are called the
way the README's crontab line and systemd unit call them.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sae_analysis import config
from sae_analysis.params import last_finished_quarter
from sae_analysis.sampledata import sample

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
# What cron gives a job: no TERM, no venv on PATH, a bare locale.
CRON_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "LANG": "C.UTF-8", "SHELL": "/bin/sh"}
SUMMARY = re.compile(
    r"sae-analysis (\d{4})-TW([1-4]): selesai, (\d+) galat data, (\d+) peringatan; "
    r"laporan: (.+\.pdf); log: (.+\.log)"
)


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small sample that holds the last finished quarter, plus one file no OPD can be found for."""
    year, quarter = last_finished_quarter(dt.date.today())
    folder = tmp_path_factory.mktemp("cron") / "raw"
    sample.generate_sample(folder, n_opd=2, years=(year - 1, year), last_quarter=quarter)
    stray = config.quarter_dir(folder, year, quarter) / "kiriman tanpa nama.csv"
    stray.write_text("No;Kode;Indikator Kinerja\n1;x;y\n", encoding="utf-8")
    return folder


def _cron(args: list[str], out: Path) -> tuple[int, str, str]:
    """Run like cron: stdin from /dev/null, stdout and stderr to files (no terminal)."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "stdout").open("w") as stdout, (out / "stderr").open("w") as stderr:
        rc = subprocess.run(
            args,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            env=CRON_ENV,
            cwd=config.PROJECT_ROOT,
            timeout=600,
            check=False,
        ).returncode
    return rc, (out / "stdout").read_text(), (out / "stderr").read_text()


def test_console_script_with_quarter_auto(raw: Path, tmp_path: Path) -> None:
    year, quarter = last_finished_quarter(dt.date.today())
    reports = tmp_path / "reports"
    rc, stdout, stderr = _cron(
        [
            str(BIN / "sae-analysis"),
            "run",
            "--quarter",
            "auto",
            "--raw-dir",
            str(raw),
            "--processed-dir",
            str(tmp_path / "processed"),
            "--reports-dir",
            str(reports),
        ],
        tmp_path / "cron",
    )
    lines = stdout.strip().splitlines()
    assert len(lines) == 1, stdout + stderr[-2000:]
    match = SUMMARY.fullmatch(lines[0])
    assert match, lines[0]
    assert (int(match.group(1)), int(match.group(2))) == (year, quarter)
    assert int(match.group(3)) >= 1  # the stray file
    assert rc == 1  # done, with data errors (DESIGN §8)
    folder = config.report_dir(reports, year, quarter)
    assert Path(match.group(5)).is_file()
    log = Path(match.group(6))
    assert log.parent == folder / "logs"
    text = log.read_text(encoding="utf-8")
    assert lines[0] in text
    assert "\r" not in text
    assert "\r" not in stderr  # no progress bar without a terminal
    assert "Traceback" not in stderr


def test_make_report_strict_keeps_the_report_and_fails(raw: Path, tmp_path: Path) -> None:
    stamp = tmp_path / "setup.stamp"
    stamp.touch()  # this venv is set up already: keep make from running pip
    year, quarter = last_finished_quarter(dt.date.today())
    reports = tmp_path / "reports"
    rc, stdout, stderr = _cron(
        [
            "make",
            "-s",
            "report",
            "QUARTER=auto",
            "STRICT=1",
            f"STAMP={stamp}",
            f"RAW_DIR={raw}",
            f"PROCESSED_DIR={tmp_path / 'processed'}",
            f"REPORTS_DIR={reports}",
        ],
        tmp_path / "cron",
    )
    assert SUMMARY.fullmatch(stdout.strip().splitlines()[0])
    assert rc == 2  # make's code for a failed recipe; `sae-analysis run` gives the exact 1
    assert "galat data (STRICT=1)" in stderr
    folder = config.report_dir(reports, year, quarter)
    assert (folder / f"laporan-evaluasi-{year}-TW{quarter}.pdf").is_file()
