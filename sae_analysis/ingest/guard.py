"""Checks on a submission before any parser opens it: access, size, encryption, zip bombs.

A hostile or broken file must cost nothing (issue 7). :func:`check_file` looks only at the file's
size and first bytes and refuses it when it is unreadable (permissions), empty, larger than
``config.MAX_SUBMISSION_BYTES``, an OLE2 compound file under an .xlsx name (that is how Office
stores a password-protected workbook), a zip without its central directory (truncated), or a zip
whose directory declares more than ``config.MAX_UNCOMPRESSED_BYTES`` (zip bomb). Workbook XML is
parsed later by calamine (Rust, quick-xml), which does not expand DTD entities; openpyxl, used only
to write workbooks here, parses with defusedxml whenever it is installed (it is a dependency;
``openpyxl.xml.DEFUSEDXML`` is True).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from sae_analysis import config, text


class UnreadableError(Exception):
    """The file cannot be opened or decoded."""


#: The reasons a file cannot be read, by the words of the parsers' errors (lowercase); anything
#: else is ``other``. People read the reason, never the parser's own text.
_REASONS = (
    ("entity", ("entity",)),
    ("zip", ("zip", "central directory", "terpotong", "eocd")),
    ("not_office", ("ole", "cfb", "not an office", "signature", "biff", "xls error")),
    ("not_text", ("bukan berkas teks",)),
    ("missing", ("no such file", "not found", "tidak ditemukan")),
)


def unreadable_reason(exc: BaseException, lang: str = "id") -> str:
    """Why a file cannot be read, in words an agency can act on (not the parser's message).

    >>> unreadable_reason(UnreadableError("Cfb error: Invalid OLE (signature invalid)"))
    'isinya bukan buku kerja Excel, walau namanya .xls/.xlsx'
    >>> unreadable_reason(UnreadableError("arsip .xlsx terpotong atau rusak: File is not a zip file"), "en")
    'the .xlsx archive is truncated or damaged (was the file sent whole?)'
    """
    found = str(exc).casefold()
    kind = next((k for k, words in _REASONS if any(w in found for w in words)), "other")
    return text.get(f"unreadable.{kind}", lang)


class FileRefusedError(Exception):
    """A file refused before parsing; ``code`` is a message id of the ``[quality]`` catalogue (:mod:`sae_analysis.text`)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".ods")
# Office keeps the key of an encrypted workbook in a stream of this name (MS-OFFCRYPTO).
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


def megabytes(size: int) -> str:
    """A byte count as people read it.

    >>> megabytes(52_428_800), megabytes(1_073_741_824)
    ('50,0 MB', '1024,0 MB')
    """
    return f"{size / 1024**2:.1f} MB".replace(".", ",")


#: A zip archive's members by name, as its central directory lists them.
ZipMembers = dict[str, zipfile.ZipInfo]


def check_file(path: Path) -> ZipMembers | None:
    """Refuse a file that must not be parsed, by its size and first bytes only.

    Raises :class:`FileRefusedError` (permission denied, empty, too large, password-protected,
    a zip bomb) or :class:`UnreadableError` (missing, truncated zip). Returns the members of a
    zip-based workbook (listed for the zip-bomb check, handed on so that its sheet XML is read
    without listing them again), else None.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(len(_OLE2_MAGIC))
    except PermissionError as exc:
        raise FileRefusedError("file_permission") from exc
    except OSError as exc:
        raise UnreadableError(exc.strerror or str(exc)) from exc
    if size == 0:
        raise FileRefusedError("file_empty")
    if size > config.MAX_SUBMISSION_BYTES:
        raise FileRefusedError(
            "file_too_large", size=megabytes(size), limit=megabytes(config.MAX_SUBMISSION_BYTES)
        )
    suffix = path.suffix.lower()
    if head == _OLE2_MAGIC:
        if suffix in _ZIP_SUFFIXES or _ENCRYPTION_STREAM in path.read_bytes():
            raise FileRefusedError("file_encrypted")
        return None
    if suffix not in _ZIP_SUFFIXES:
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            members = {info.filename: info for info in archive.infolist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise UnreadableError(f"arsip {suffix} terpotong atau rusak: {exc}") from exc
    expanded = sum(info.file_size for info in members.values())
    if expanded > config.MAX_UNCOMPRESSED_BYTES:
        raise FileRefusedError(
            "file_expands_too_much",
            size=megabytes(expanded),
            limit=megabytes(config.MAX_UNCOMPRESSED_BYTES),
        )
    return members
