"""The console commands an OPD and an evaluator type: template, validate, and their exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from sae_analysis import cli, config

SAMPLE_TW3 = config.PROJECT_ROOT / "data" / "raw" / "2026" / "TW3"


def test_template_then_validate_a_blank_form(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    form = tmp_path / "E81_DINKES_TW3_2026.xlsx"
    assert (
        cli.main(
            ["template", "--opd", "dinkes", "--year", "2026", "--quarter", "3", "-o", str(form)]
        )
        == 0
    )
    wb = openpyxl.load_workbook(form)
    assert "E81" in wb.sheetnames
    capsys.readouterr()
    # a blank form has no errors, only reminders that realisations are still empty
    assert cli.main(["validate", str(form)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"1 berkas diperiksa: 0 galat, {len(out) - 1} peringatan"
    assert all(line.startswith("WARNING: ") and "(sheet E81, baris " in line for line in out[:-1])


def test_validate_names_file_sheet_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = tmp_path / "2026" / "TW3"
    folder.mkdir(parents=True)
    for name in (
        "form e81 dinsos tw3.xlsx",
        "form e81 dishub tw3.xlsx",
        "E81_DINKES_TW3_2026.xlsx",
    ):
        shutil.copy(SAMPLE_TW3 / name, folder / name)
    files = sorted(str(p) for p in folder.iterdir())
    assert cli.main(["validate", *files]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "3 berkas diperiksa: 2 galat, 0 peringatan"
    unknown = next(line for line in out if "dinsos" in line)
    assert unknown.startswith(
        f"ERROR: {folder / 'form e81 dinsos tw3.xlsx'} (sheet E81, baris 12, kolom C (Indikator Kinerja)): "
    )
    assert "tidak ada di katalog indikator" in unknown
    wrong_quarter = next(line for line in out if "dishub" in line)
    assert "Judul menyebut TW2 2026, tetapi berkas ada di folder TW3 2026" in wrong_quarter


def test_template_refuses_an_unknown_opd(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    args = [
        "template",
        "--opd",
        "NOPE",
        "--year",
        "2026",
        "--quarter",
        "3",
        "-o",
        str(tmp_path / "x.xlsx"),
    ]
    assert cli.main(args) == 2
    assert "kode OPD tidak dikenal: 'NOPE'" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize(
    "command", [["-m", "sae_analysis"], ["-c", "from sae_analysis.cli import console; console()"]]
)
def test_the_console_exit_keeps_the_code_and_every_line_written(
    tmp_path: Path, command: list[str]
) -> None:
    """cli.console skips the interpreter's teardown (os._exit): the exit code is main's, and what
    went to a pipe (block-buffered) and to an atexit handler's care is all there."""
    import subprocess
    import sys

    folder = tmp_path / "2026" / "TW3"
    folder.mkdir(parents=True)
    shutil.copy(SAMPLE_TW3 / "form e81 dinsos tw3.xlsx", folder / "form e81 dinsos tw3.xlsx")
    done = subprocess.run(
        [sys.executable, *command, "validate", str(folder / "form e81 dinsos tw3.xlsx")],
        capture_output=True, text=True, check=False, cwd=config.PROJECT_ROOT,
    )  # fmt: skip
    assert done.returncode == 1  # data errors, as cli.main returns
    assert done.stdout.splitlines()[-1] == "1 berkas diperiksa: 1 galat, 0 peringatan"
    usage = subprocess.run(
        [sys.executable, *command, "no-such-command"],
        capture_output=True, text=True, check=False, cwd=config.PROJECT_ROOT,
    )  # fmt: skip
    assert usage.returncode == 2
    assert "invalid choice" in usage.stderr
