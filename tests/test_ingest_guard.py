"""Tests of sae_analysis.ingest.guard: files refused by their size and first bytes, before parsing.

The whole bad-input corpus, read end to end, is in tests/test_bad_input.py.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from sae_analysis import config
from sae_analysis.ingest.guard import FileRefusedError, UnreadableError, check_file

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _refusal(path: Path) -> str:
    with pytest.raises(FileRefusedError) as info:
        check_file(path)
    return info.value.code


def test_a_workbook_and_a_csv_pass(tmp_path: Path) -> None:
    book = tmp_path / "ok.xlsx"
    openpyxl.Workbook().save(book)
    text = tmp_path / "ok.csv"
    text.write_text("a;b\n1;2\n", encoding="utf-8")
    check_file(book)
    check_file(text)


def test_empty_and_too_large_files_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert _refusal(empty) == "file_empty"
    large = tmp_path / "large.csv"
    large.write_bytes(b"x" * 101)
    monkeypatch.setattr(config, "MAX_SUBMISSION_BYTES", 100)
    with pytest.raises(FileRefusedError) as info:
        check_file(large)
    assert info.value.code == "file_too_large"
    assert info.value.params == {"size": "0,0 MB", "limit": "0,0 MB"}


def test_an_ole2_file_under_a_zip_name_or_with_an_encryption_stream_is_encrypted(
    tmp_path: Path,
) -> None:
    disguised = tmp_path / "locked.xlsx"
    disguised.write_bytes(OLE2_MAGIC + b"\x00" * 504)
    assert _refusal(disguised) == "file_encrypted"
    legacy = tmp_path / "locked.xls"
    legacy.write_bytes(OLE2_MAGIC + "EncryptionInfo".encode("utf-16-le"))
    assert _refusal(legacy) == "file_encrypted"
    plain = tmp_path / "plain.xls"
    plain.write_bytes(OLE2_MAGIC + b"\x00" * 504)
    check_file(plain)


def test_a_truncated_zip_and_a_missing_file_are_unreadable(tmp_path: Path) -> None:
    book = tmp_path / "cut.xlsx"
    openpyxl.Workbook().save(book)
    book.write_bytes(book.read_bytes()[:200])
    with pytest.raises(UnreadableError, match="terpotong atau rusak"):
        check_file(book)
    with pytest.raises(UnreadableError):
        check_file(tmp_path / "missing.xlsx")


def test_a_zip_declaring_too_much_is_refused_without_inflating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 4096)
    monkeypatch.setattr(config, "MAX_UNCOMPRESSED_BYTES", 4095)
    assert _refusal(path) == "file_expands_too_much"
