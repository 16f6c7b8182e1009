"""Checks on a submission before any parser opens it: access, size, encryption, zip bombs.

A hostile or broken file must cost nothing (issue 7). :func:`check_file` looks at the file's
size and first bytes and refuses it when it is unreadable (permissions), empty, larger than
``config.MAX_SUBMISSION_BYTES``, an OLE2 compound file under an .xlsx name or holding an
``EncryptionInfo`` stream (that is how Office stores a password-protected workbook), an OLE2
file whose sector chains loop or whose sheet dimensions are impossible
(:mod:`~sae_analysis.ingest.compound`), a zip without
its central directory (truncated), or a zip that inflates to more than
``config.MAX_UNCOMPRESSED_BYTES`` (zip bomb). Workbook XML is parsed later by calamine (Rust,
quick-xml), which does not expand DTD entities; openpyxl, used only to write workbooks here,
parses with defusedxml whenever it is installed (it is a dependency; ``openpyxl.xml.DEFUSEDXML``
is True).

Zip bombs (issue 17). The sizes in a zip's central directory are what its writer claims: a crafted
archive can declare a few bytes for a member that inflates to gigabytes. A directory that declares
too much is refused at once (a lie upwards only hurts the liar). Otherwise the compressed bytes
bound what can inflate (:func:`_bounded`: deflate gives at most 1032 bytes per compressed byte, and
members whose data overlap — the "overlapping files" bomb — void the bound): within the bound only
the worksheets are inflated, for the sheet measure below, and handed on to the reader
(:class:`CheckedArchive`), which would inflate them anyway for hidden rows and formulas. Past the
bound every member is inflated through :meth:`zipfile.ZipFile.open` in 64 KiB chunks with a byte
budget, and the archive is refused as soon as the real total passes the limit, whatever the
directory says.

Far cells (found by ``make fuzz``). calamine builds a sheet's grid densely from A1 to its farthest
cell: one value at XFD1048576 asks for 17 billion cells and calamine aborts the process (a Rust
allocation failure, not an exception), taking a scheduled run with it. :func:`~sae_analysis.ingest.
extent.extent` finds how far each worksheet reaches; a sheet past ``config.MAX_SHEET_CELLS`` is
refused ("sheet_too_large", naming the sheet and the cell). Styled empty cells do not count
(calamine leaves them out). .xlsb and .ods sheets are not measured.

Cost (issue 13's benchmark, 200 workbooks of 500 rows, CPU seconds on this 2-core machine):
check_file took 0.59 s streaming every member through zipfile and walking every cell with a
regular expression (14 s of the 1,000-file clean's 38 s before that walk was skipped for plain
sheets), 0.37 s with the bound and the sheets inflated in one piece, and less again with the numpy
test of a plain sheet; calamine reading the same files took 0.6-0.9 s.

Compressed sizes come from the same directory, but a member whose compressed size is under-declared
is cut short, and zipfile then refuses it (bad CRC) as a broken archive. Members compressed
otherwise than stored or deflate (bzip2, lzma: neither Excel nor LibreOffice writes them, calamine
reads deflate only, and their inflaters take no output limit) are refused as unreadable.
"""

from __future__ import annotations

import copy
import html
import re
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sae_analysis import config, text
from sae_analysis.ingest import compound
from sae_analysis.ingest.cellref import column_letter
from sae_analysis.ingest.extent import extent
from sae_analysis.ingest.sheetxml import read_member


class UnreadableError(Exception):
    """The file cannot be opened or decoded."""


#: The reasons a file cannot be read, by the words of the parsers' errors (lowercase); anything
#: else is ``other``. People read the reason, never the parser's own text.
_REASONS = (
    ("xls_damaged", ("berkas ole2 (.xls) rusak",)),
    ("damaged", ("calamine berhenti", "csv rusak")),
    ("compression", ("kompresi yang tidak didukung",)),
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
_CHUNK = 1 << 16


def megabytes(size: int) -> str:
    """A byte count as people read it.

    >>> megabytes(52_428_800), megabytes(1_073_741_824)
    ('50,0 MB', '1024,0 MB')
    """
    return f"{size / 1024**2:.1f} MB".replace(".", ",")


#: A zip archive's members by name, as its central directory lists them.
ZipMembers = dict[str, zipfile.ZipInfo]


@dataclass(frozen=True)
class CheckedArchive:
    """What checking a zip-based workbook found, handed on to the reader: its members by name,
    and the inflated XML of its worksheets (inflated once here for the checks, so that the
    reader's look for hidden rows and formulas does not inflate them again)."""

    members: ZipMembers
    sheets: dict[str, bytes]


def check_file(path: Path) -> CheckedArchive | None:
    """Refuse a file that must not be parsed, by its size and first bytes only.

    Raises :class:`FileRefusedError` (permission denied, empty, too large, password-protected,
    a zip bomb) or :class:`UnreadableError` (missing, truncated zip). Returns what the check of
    a zip-based workbook found (:class:`CheckedArchive`, handed on so that its sheet XML is not
    listed or inflated again), else None.
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
        data = path.read_bytes()
        if suffix in _ZIP_SUFFIXES or _ENCRYPTION_STREAM in data:
            raise FileRefusedError("file_encrypted")
        try:
            compound.check_structure(data)
        except compound.ChainError as exc:
            raise UnreadableError(f"berkas OLE2 (.xls) rusak: {exc}") from exc
        return None
    if suffix not in _ZIP_SUFFIXES:
        return None
    return _check_archive(path, suffix=suffix)


@dataclass(frozen=True)
class _Scan:
    """What inflating an archive found: its inflated size (None: past the limit, stopped there),
    the first worksheet whose content reaches past ``MAX_SHEET_CELLS`` (member, rows, columns),
    if any, and the inflated worksheets."""

    inflated: int | None
    far: tuple[str, int, int] | None = None
    sheets: dict[str, bytes] = field(default_factory=dict)


def _check_archive(path: Path, *, suffix: str) -> CheckedArchive:
    """Refuse a zip that is broken, inflates past ``MAX_UNCOMPRESSED_BYTES`` or holds a sheet
    past ``MAX_SHEET_CELLS`` (see the module's docstring); return its members and sheets."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = {info.filename: info for info in archive.infolist()}
            with path.open("rb") as handle:
                scan = _scan(
                    archive,
                    limit=config.MAX_UNCOMPRESSED_BYTES,
                    handle=handle,
                    bounded=_bounded(archive, limit=config.MAX_UNCOMPRESSED_BYTES),
                )
            names = _sheet_names(archive) if scan.far else {}
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,  # deflate data that does not inflate
        OSError,
        ValueError,
        EOFError,
    ) as exc:
        raise UnreadableError(f"arsip {suffix} terpotong atau rusak: {exc}") from exc
    except NotImplementedError as exc:  # a compression method zipfile cannot inflate
        raise UnreadableError(
            f"arsip {suffix} memakai kompresi yang tidak didukung: {exc}"
        ) from exc
    limit = megabytes(config.MAX_UNCOMPRESSED_BYTES)
    if scan.inflated is None:  # stopped at the limit: the real size is unknown, and larger
        raise FileRefusedError("file_expands_too_much", size=f"> {limit}", limit=limit)
    if scan.inflated > config.MAX_UNCOMPRESSED_BYTES:
        raise FileRefusedError("file_expands_too_much", size=megabytes(scan.inflated), limit=limit)
    if scan.far is not None:
        member, rows, columns = scan.far
        raise FileRefusedError(
            "sheet_too_large",
            sheet=names.get(member, member),
            cell=f"{column_letter(columns - 1)}{rows}",
            cells=f"{rows * columns:,}".replace(",", "."),
        )
    return CheckedArchive(members, scan.sheets)


#: The most bytes deflate can give per compressed byte (RFC 1951: 258 bytes from a 2-bit code).
_DEFLATE_RATIO = 1032


def _bounded(archive: zipfile.ZipFile, *, limit: int) -> bool:
    """Whether the archive's compressed bytes alone prove it within ``limit``: its members' data
    do not overlap (the "overlapping files" bomb has many entries inflate the same bytes) and
    lie before the central directory, and all of them inflated at deflate's densest would still
    stay within the limit. Whatever a member's directory entry says, a reader takes at most its
    compressed size in bytes, so then no member needs inflating to know the total.

    >>> import io
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
    ...     book.writestr("a.xml", b"0" * 5000); book.writestr("b.xml", b"1" * 5000)
    >>> _bounded(zipfile.ZipFile(buffer), limit=1 << 20), _bounded(zipfile.ZipFile(buffer), limit=10_000)
    (True, False)
    """
    members = sorted(archive.infolist(), key=lambda info: info.header_offset)
    end = archive.start_dir
    compressed = 0
    for info, following in zip(members, [*members[1:], None], strict=True):
        data_start = info.header_offset + 30 + len(info.orig_filename.encode("utf-8", "replace"))
        data_end = data_start + info.compress_size
        if data_end > (following.header_offset if following is not None else end):
            return False
        compressed += info.compress_size
    return compressed * _DEFLATE_RATIO <= limit


def _scan(
    archive: zipfile.ZipFile,
    *,
    limit: int,
    handle: BinaryIO | None = None,
    bounded: bool = False,
) -> _Scan:
    """Inflate the members of ``archive``, counting the bytes and stopping past ``limit``, and
    measure each worksheet; a directory that declares more than ``limit`` is believed without
    inflating anything. ``bounded`` (:func:`_bounded`): the compressed sizes already prove the
    total within the limit, so only the worksheets are inflated (read through ``handle``, the
    archive's file, in one piece each: the sheet measure needs them whole).

    >>> import io
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
    ...     book.writestr("xl/worksheets/sheet1.xml", b'<c r="A1"><v>1</v></c>' + b" " * 99_978)
    >>> archive = zipfile.ZipFile(buffer)
    >>> [(s.inflated, s.far) for s in (_scan(archive, limit=1 << 30), _scan(archive, limit=99_999))]
    [(100000, None), (100000, None)]
    >>> archive.infolist()[0].file_size = 10  # a directory that lies
    >>> _scan(archive, limit=50_000)
    _Scan(inflated=None, far=None, sheets={})
    """
    members = archive.infolist()
    declared = sum(info.file_size for info in members)
    if declared > limit:
        return _Scan(declared)
    total = 0
    sheets: dict[str, bytes] = {}
    for info in members:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise NotImplementedError(f"{info.filename}: metode {info.compress_type}")
        if info.flag_bits & 0x1:  # zipfile would raise RuntimeError asking for a password
            raise zipfile.BadZipFile(f"{info.filename}: anggota arsip bertanda terenkripsi")
        is_sheet = bool(_SHEET_MEMBER.fullmatch(info.filename))
        if bounded and handle is not None:
            if not is_sheet:
                continue
            data = read_member(handle, info, limit=limit - total)
        else:
            data = _inflate(archive, info, limit=limit - total, keep=is_sheet)
        if data is None:
            return _Scan(None)
        total += len(data) if isinstance(data, bytes) else data
        if not is_sheet:
            continue
        sheets[info.filename] = data
        rows, columns = extent(data)
        if rows * columns > config.MAX_SHEET_CELLS:
            return _Scan(total, (info.filename, rows, columns))
    return _Scan(total, sheets=sheets)


def _inflate(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, limit: int, keep: bool
) -> bytes | int | None:
    """A member inflated in chunks: its bytes (``keep``) or its size, None past ``limit``.
    zipfile stops a member at its declared size (and then fails its CRC), which would hide the
    bytes beyond it: a copy declares no size, and the budget stops the inflating."""
    probe = copy.copy(info)
    probe.file_size = sys.maxsize
    size, chunks = 0, []
    with archive.open(probe) as member:
        while chunk := member.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                return None
            if keep:
                chunks.append(chunk)
    return b"".join(chunks) if keep else size


_SHEET_MEMBER = re.compile(r"xl/worksheets/[^/]+\.xml")


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet member -> the sheet's name, from the workbook and its relationships."""
    try:
        book = archive.read("xl/workbook.xml").decode("utf-8", errors="replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", errors="replace")
    except (KeyError, zipfile.BadZipFile, OSError, EOFError):
        return {}
    targets = {
        m["id"]: "xl/" + m["target"].lstrip("/").removeprefix("xl/")
        for m in re.finditer(
            r'<Relationship\b(?=[^>]*\bId="(?P<id>[^"]+)")(?=[^>]*\bTarget="(?P<target>[^"]+)")',
            rels,
        )
    }
    return {
        targets[m["rid"]]: html.unescape(m["name"])
        for m in re.finditer(
            r'<sheet\b(?=[^>]*\bname="(?P<name>[^"]*)")(?=[^>]*\br:id="(?P<rid>[^"]+)")', book
        )
        if m["rid"] in targets
    }
