"""Tests of sae_analysis.ingest.quality: issue collection, messages, formula-safe CSV."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pytest

from sae_analysis.ingest.quality import COLUMNS, QualityLog, neutralise_formula


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+62 812", "'+62 812"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Dinas Kesehatan", "Dinas Kesehatan"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralise_formula(value: object, expected: object) -> None:
    assert neutralise_formula(value) == expected


def test_log_collects_and_frames_issues() -> None:
    log = QualityLog()
    log.add(
        "error",
        "number_invalid",
        file="2026/TW3/a.xlsx",
        sheet="E81",
        row=12,
        column="G (TW I / K)",
        value="dua belas",
        opd_code="DINKES",
    )
    log.add("warning", "submission_missing", opd_code="DINSOS", opd="DINSOS", period="TW III 2026")
    frame = log.to_frame()
    assert list(frame.columns) == COLUMNS
    assert frame["severity"].tolist() == ["error", "warning"]
    assert frame.loc[0, "row"] == 12
    assert frame["row"].isna().tolist() == [False, True]
    assert (
        frame.loc[0, "message"] == "Nilai 'dua belas' bukan angka; isi dengan angka, misalnya 12,5"
    )
    assert (log.error_count, log.count("warning"), len(log)) == (1, 1, 2)
    assert log.codes() == ["number_invalid", "submission_missing"]


def test_empty_log_frame_has_the_columns() -> None:
    assert list(QualityLog().to_frame().columns) == COLUMNS


def test_english_log() -> None:
    log = QualityLog(lang="en")
    log.add("error", "file_empty", file="x.csv")
    assert log.issues[0].message == "The file is empty; fill in form E.81 and resend it"


def test_write_csv_neutralises_formulas(tmp_path: Path) -> None:
    log = QualityLog()
    log.add("error", "number_invalid", file="=cmd|' /C calc'!A0", row=3, value="=HYPERLINK(1)")
    path = log.write_csv(tmp_path / "out" / "quality_issues.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == COLUMNS
    record = dict(zip(COLUMNS, rows[1], strict=True))
    assert record["file"] == "'=cmd|' /C calc'!A0"
    assert record["value"] == "'=HYPERLINK(1)"
    assert record["row"] == "3"
    assert record["sheet"] == ""
    assert not any(p.name.startswith(".") for p in path.parent.iterdir())


def test_write_csv_writes_the_frame_as_csv_readable_by_its_owner_only(tmp_path: Path) -> None:
    log = QualityLog()
    log.add("warning", "indicator_unknown", file="dinkes ä.xlsx", value='a "b"\nc, d', opd_code="X")
    log.add("error", "file_empty", file="x.csv")
    path = log.write_csv(tmp_path / "quality_issues.csv")
    expected = log.to_frame().to_csv(index=False).encode("utf-8")
    assert path.read_bytes() == expected
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
