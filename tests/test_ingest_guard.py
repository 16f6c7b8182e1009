"""Tests of sae_analysis.ingest.guard: files refused by their size and first bytes, before parsing.

The whole bad-input corpus, read end to end, is in tests/test_bad_input.py.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import msoffcrypto
import openpyxl
import pytest
from bad_input.make_corpus import under_declared_zip
from msoffcrypto.format.ooxml import OOXMLFile
from raw_files import LAYANAN, Row, write_catalogues, write_e81

from sae_analysis import config
from sae_analysis.ingest import grid
from sae_analysis.ingest.catalogues import load_catalogues
from sae_analysis.ingest.e81 import read_submission
from sae_analysis.ingest.guard import FileRefusedError, UnreadableError, check_file
from sae_analysis.ingest.quality import QualityLog

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


def _encrypted_workbook(path: Path, *, password: str = "rahasia-2026") -> Path:
    """A real E.81 workbook that Office-encrypts with ``password`` (msoffcrypto-tool, ECMA-376
    agile encryption, as Excel's "Encrypt with Password" writes it), saved at ``path``."""
    plain = path.with_name(f"plain-{path.stem}.xlsx")
    row = Row(LAYANAN, "orang", 1200, 50_000_000, (300, 310, 320, ""), (1e7, 1.2e7, 1.1e7, ""))
    write_e81(plain, [row])
    with plain.open("rb") as source, path.open("wb") as target:
        OOXMLFile(source).encrypt(password, target)
    plain.unlink()
    return path


@pytest.mark.parametrize("name", ["terkunci.xlsx", "terkunci.xls"])
def test_a_workbook_office_encrypted_with_a_password_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A real Office-encrypted workbook, under an .xlsx name and under an .xls name: refused by
    its first bytes (check_file) with the "dilindungi kata sandi" message; no parser opens it."""
    write_catalogues(tmp_path)
    (tmp_path / "2026" / "TW3").mkdir(parents=True)
    path = _encrypted_workbook(tmp_path / "2026" / "TW3" / name)
    with path.open("rb") as handle:
        assert msoffcrypto.OfficeFile(handle).is_encrypted()
    assert _refusal(path) == "file_encrypted"

    def no_parsing(*_: object, **__: object) -> None:
        raise AssertionError("an encrypted workbook reached the parser")

    monkeypatch.setattr(grid, "iter_sheets", no_parsing)
    log = QualityLog()
    frame = read_submission(path, catalogues=load_catalogues(tmp_path), raw_dir=tmp_path, log=log)
    assert frame.empty
    assert [(i.severity, i.code, i.file) for i in log.issues] == [
        ("error", "file_encrypted", f"2026/TW3/{name}")
    ]
    assert log.issues[0].message.startswith("Berkas dilindungi kata sandi (terenkripsi)")


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


def test_a_zip_whose_directory_under_declares_its_sizes_is_refused_while_inflating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The directory and the local header say 1 KB; the sheet inflates to 8 MB. The guard counts
    what inflates, not what is declared, and stops at the limit."""
    path = under_declared_zip(tmp_path / "bohong.xlsx", inflated=8 << 20, declared=1024)
    with zipfile.ZipFile(path) as archive:
        assert sum(i.file_size for i in archive.infolist()) < 2048  # the lie is in place
    monkeypatch.setattr(config, "MAX_UNCOMPRESSED_BYTES", 1 << 20)
    with pytest.raises(FileRefusedError) as info:
        check_file(path)
    assert info.value.code == "file_expands_too_much"
    assert info.value.params == {"size": "> 1,0 MB", "limit": "1,0 MB"}
    log = QualityLog()
    log.add("error", info.value.code, file="bohong.xlsx", **info.value.params)
    assert log.issues[0].message.startswith(
        "Isi berkas .xlsx mengembang menjadi > 1,0 MB saat dibuka (batas 1,0 MB)"
    )


def test_a_lying_zip_within_the_limit_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = under_declared_zip(tmp_path / "kecil.xlsx", inflated=3 << 20, declared=1024)
    monkeypatch.setattr(config, "MAX_UNCOMPRESSED_BYTES", 4 << 20)
    check_file(path)  # inflated to its end (3 MB): under the limit, the sizes do not matter


def _with_cell(book: Path, ref: str, xml: str) -> Path:
    """Add the cell ``xml`` (at ``ref``, in a row of its own) to the first sheet of ``book``."""
    with zipfile.ZipFile(book) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    row = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    sheet = sheet.replace("</sheetData>", f'<row r="{row}">{xml}</row></sheetData>')
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return book


def test_a_value_far_from_a1_is_refused_naming_the_sheet_and_the_cell(tmp_path: Path) -> None:
    """calamine would build the sheet densely up to XFD1048576 and abort the process."""
    write_catalogues(tmp_path)
    book = write_e81(tmp_path / "2026" / "TW3" / "jauh.xlsx", [Row(LAYANAN, "orang", 1, 1)])
    _with_cell(book, "XFD1048576", '<c r="XFD1048576" t="n"><v>1</v></c>')
    with pytest.raises(FileRefusedError) as info:
        check_file(book)
    assert info.value.code == "sheet_too_large"
    assert info.value.params == {
        "sheet": "E81",
        "cell": "XFD1048576",
        "cells": "17.179.869.184",
    }
    log = QualityLog()
    frame = read_submission(book, catalogues=load_catalogues(tmp_path), raw_dir=tmp_path, log=log)
    assert frame.empty
    assert [(i.code, i.file, i.sheet) for i in log.issues] == [
        ("sheet_too_large", "2026/TW3/jauh.xlsx", "E81")
    ]
    assert log.issues[0].message.startswith("Lembar ini berisi sampai sel XFD1048576")


def test_a_far_cell_that_holds_only_a_style_is_not_counted(tmp_path: Path) -> None:
    book = tmp_path / "gaya.xlsx"
    openpyxl.Workbook().save(book)
    _with_cell(book, "XFD1048576", '<c r="XFD1048576" s="0"/>')
    check_file(book)
    openpyxl.Workbook().save(tmp_path / "ok.xlsx")
    far = _with_cell(tmp_path / "ok.xlsx", "J1000", '<c r="J1000"><v>1</v></c>')  # 10,000 cells
    check_file(far)


def test_a_member_compressed_otherwise_than_deflate_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "bz.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_BZIP2) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 4096)
    with pytest.raises(UnreadableError, match="kompresi yang tidak didukung"):
        check_file(path)


def test_overlapping_members_are_inflated_not_bounded_by_their_compressed_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The "overlapping files" zip bomb points many directory entries at the same compressed
    bytes, so the file's size no longer bounds what inflates: such an archive is inflated member
    by member, and refused at the limit."""
    from sae_analysis.ingest.guard import _bounded

    path = tmp_path / "tumpang.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("xl/a.xml", "xl/b.xml", "xl/c.xml"):
            archive.writestr(name, b"0" * 400_000)
    with zipfile.ZipFile(path) as archive:
        assert _bounded(archive, limit=1 << 30)
    data = bytearray(path.read_bytes())
    entry = data.find(b"PK\x01\x02")
    for _ in range(2):  # point the 2nd and 3rd entries at the 1st member's local header
        entry = data.find(b"PK\x01\x02", entry + 4)
        data[entry + 42 : entry + 46] = (0).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert not _bounded(archive, limit=1 << 30)
    monkeypatch.setattr(config, "MAX_UNCOMPRESSED_BYTES", 1_000_000)  # 3 x 400 KB inflate
    with pytest.raises(FileRefusedError) as info:
        check_file(path)
    assert info.value.code == "file_expands_too_much"
