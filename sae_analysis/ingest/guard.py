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
too much is refused at once (a lie upwards only hurts the liar). Otherwise every member is inflated
through :meth:`zipfile.ZipFile.open`, streamed in 64 KiB chunks with a byte budget (nothing is
kept), and the archive is refused as soon as the real total passes the limit, whatever the
directory says.

Far cells (found by ``make fuzz``). calamine builds a sheet's grid densely from A1 to its farthest
cell, and the reader asks for the whole area: one value at XFD1048576 asks for 17 billion cells and
calamine aborts the process (a Rust allocation failure, not an exception), taking a scheduled run
with it. While a worksheet's XML streams by, :class:`_Extent` finds its last row and column holding
a value; a sheet past ``config.MAX_SHEET_CELLS`` is refused ("sheet_too_large", naming the sheet
and the cell). Styled empty cells do not count (calamine leaves them out). .xlsb and .ods sheets
are not measured.

Cost, and why every workbook is streamed. A first version skipped the streaming when the compressed
sizes proved the limit out of reach (deflate inflates at most 1032 bytes per compressed byte, so an
archive under 254 KB compressed cannot pass 256 MB). Measured on the bundled sample (294 workbooks,
all under 100 KB; medians of 9 runs on this shared 2-core machine): check_file over all of them
took 0.03 s before issue 17 and with that bound, 0.12-0.20 s streaming every workbook, 0.20-0.22 s
streaming with the sheet measure (0.7 ms a workbook); the clean of 2026 TW3 (one worker, the same
294 files) 0.80 s before, 0.83-0.90 s with the bound, 0.91-1.03 s now (+15-25 %). The sheet measure
needs every worksheet inflated anyway, so the bound would save only the small non-sheet members:
each workbook is inflated once here, with both checks on the way. A quarter's inbox of 30-40 forms
pays about 30 ms.

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
from dataclasses import dataclass
from pathlib import Path

from sae_analysis import config, text
from sae_analysis.ingest import compound


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
    """What inflating an archive found: its inflated size (None: past the limit, stopped there)
    and the first worksheet whose content reaches past ``MAX_SHEET_CELLS`` (member, rows,
    columns), if any."""

    inflated: int | None
    far: tuple[str, int, int] | None = None


def _check_archive(path: Path, *, suffix: str) -> ZipMembers:
    """Refuse a zip that is broken, inflates past ``MAX_UNCOMPRESSED_BYTES`` or holds a sheet
    past ``MAX_SHEET_CELLS`` (see the module's docstring); return its members by name."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = {info.filename: info for info in archive.infolist()}
            scan = _scan(archive, limit=config.MAX_UNCOMPRESSED_BYTES)
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
            cell=f"{_column_letters(columns)}{rows}",
            cells=f"{rows * columns:,}".replace(",", "."),
        )
    return members


def _scan(archive: zipfile.ZipFile, *, limit: int) -> _Scan:
    """Inflate every member of ``archive`` in chunks, counting the bytes and stopping past
    ``limit``, and measure each worksheet on the way; a directory that declares more than
    ``limit`` is believed without inflating anything.

    >>> import io
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
    ...     book.writestr("xl/worksheets/sheet1.xml", b'<c r="A1"><v>1</v></c>' + b" " * 99_978)
    >>> archive = zipfile.ZipFile(buffer)
    >>> _scan(archive, limit=1 << 30), _scan(archive, limit=99_999)
    (_Scan(inflated=100000, far=None), _Scan(inflated=100000, far=None))
    >>> archive.infolist()[0].file_size = 10  # a directory that lies
    >>> _scan(archive, limit=50_000)
    _Scan(inflated=None, far=None)
    """
    members = archive.infolist()
    declared = sum(info.file_size for info in members)
    if declared > limit:
        return _Scan(declared)
    total = 0
    for info in members:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise NotImplementedError(f"{info.filename}: metode {info.compress_type}")
        if info.flag_bits & 0x1:  # zipfile would raise RuntimeError asking for a password
            raise zipfile.BadZipFile(f"{info.filename}: anggota arsip bertanda terenkripsi")
        extent = _Extent() if _SHEET_MEMBER.fullmatch(info.filename) else None
        # zipfile stops a member at its declared size (and then fails its CRC), which would
        # hide the bytes beyond it: a copy declares no size, the budget stops the inflating
        probe = copy.copy(info)
        probe.file_size = sys.maxsize
        with archive.open(probe) as member:
            while chunk := member.read(_CHUNK):
                total += len(chunk)
                if total > limit:
                    return _Scan(None)
                if extent is not None:
                    extent.feed(chunk)
        if extent is None:
            continue
        found = extent.close()
        if found is None:  # not plain: walk it cell by cell (its size is now known and allowed)
            extent = _Extent(walk=True)
            with archive.open(probe) as member:
                while chunk := member.read(_CHUNK):
                    extent.feed(chunk)
            found = extent.close()
        rows, columns = found
        if rows * columns > config.MAX_SHEET_CELLS:
            return _Scan(total, (info.filename, rows, columns))
    return _Scan(total)


_SHEET_MEMBER = re.compile(r"xl/worksheets/[^/]+\.xml")
# a row's number, or a cell's start tag (its attributes, "/" when it closes at once)
_ROW_OR_CELL = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr\s*=\s*["\'](\d+)|<(?:\w+:)?c\b([^>]*?)(/?)>')
_CELL_REF = re.compile(rb'\sr\s*=\s*["\']([A-Z]{1,3})(\d{1,7})["\']')
# What the quick look cannot vouch for (each pattern starts with a rare literal, so that the search
# runs in C at memory speed): a row or cell tag without attributes or with another blank than a
# space, a prefixed one (`<x:c`), and a reference past column BZ or row 9,999.
_BARE_TAG = re.compile(rb"<(?:c|row)[>/\t\r\n]")
_PREFIXED_TAG = re.compile(rb":(?:c|row)[\s>/]")
_FAR_REF = re.compile(rb' r="(?!(?:[AB]?[A-Z])?\d{1,4}")')
#: The quick look's bound: every reference within BZ9999.
_PLAIN_ROWS, _PLAIN_COLUMNS = 9_999, 78


class _Extent:
    """The last row and column of the cells that hold something in a worksheet's XML, fed in
    chunks. A cell written ``<c r="Z9" s="1"/>`` holds only a style and is left out, as calamine
    leaves it out; a cell without ``r`` follows the one before it in its row.

    >>> extent = _Extent(walk=True)
    >>> extent.feed(b'<row r="2"><c r="B2"><v>1</v></c><c><v')
    >>> extent.feed(b'>2</v></c><c r="Z9" s="1"/></row>')
    >>> extent.close()
    (2, 3)

    Speed (issue 13's benchmark: 1,000 workbooks of 500 rows, 3.3 million cells). Looking at each
    cell in Python took 14 s of a 38 s clean. Most sheets are plain: every row and cell tag is
    ``<row r="…"``/``<c r="…"``, and no reference passes BZ9999, so the sheet cannot reach
    ``MAX_SHEET_CELLS`` (78 × 9,999 cells); :func:`_plain` proves it by counting tags, quotes and
    attributes and three searches, all in C. Only a sheet that is not plain is walked cell by
    cell, and then its exact extent is returned; a plain one returns the bound:

    >>> plain = _Extent()
    >>> plain.feed(b'<row r="1"><c r="A1"><v>1</v></c></row><row r="7"><c r="C7"><v>2</v></c>')
    >>> plain.close()
    (9999, 78)
    >>> odd = _Extent()  # single quotes: not plain, to be walked from its start
    >>> odd.feed(b"<row r='1'><c r='XFD1048576'><v>1</v></c></row>")
    >>> odd.close() is None
    True
    >>> walked = _Extent(walk=True)
    >>> walked.feed(b"<row r='1'><c r='XFD1048576'><v>1</v></c></row>")
    >>> walked.close()
    (1048576, 16384)
    """

    def __init__(self, *, walk: bool = False) -> None:
        self.last_row = self.last_column = self._row = self._column = 0
        self._carry = b""
        #: still plain (the quick look vouches for the bound); False: walking every cell
        self.plain = not walk and config.MAX_SHEET_CELLS >= _PLAIN_ROWS * _PLAIN_COLUMNS
        self._walk = not self.plain

    def feed(self, chunk: bytes) -> None:
        text = self._carry + chunk
        cut = text.rfind(b"<")  # markup starts with "<" (text escapes it): keep a cut tag
        self._carry = text[cut:] if cut >= 0 else b""
        self._look(text[:cut] if cut >= 0 else b"")

    def close(self) -> tuple[int, int] | None:
        """The extent, or None when the sheet turned out not plain part-way and must be walked
        again from its start (``_Extent(walk=True)``)."""
        self._look(self._carry)
        self._carry = b""
        if self.plain:
            return _PLAIN_ROWS, _PLAIN_COLUMNS
        return (self.last_row, self.last_column) if self._walk else None

    def _look(self, text: bytes) -> None:
        if self._walk:
            self._scan(text)
        elif self.plain:
            self.plain = _plain(text)

    def _scan(self, text: bytes) -> None:
        for match in _ROW_OR_CELL.finditer(text):
            if match.group(1) is not None:
                self._row, self._column = int(match.group(1)), 0
                continue
            ref = _CELL_REF.search(match.group(2))
            if ref:
                self._column, self._row = _column_number(ref.group(1).decode()), int(ref.group(2))
            else:
                self._column += 1
            if not match.group(3):
                self.last_row = max(self.last_row, self._row)
                self.last_column = max(self.last_column, self._column)


def _plain(text: bytes) -> bool:
    """Whether every row and cell tag of ``text`` is ``<row r="…"``/``<c r="…"`` within BZ9999.

    Counting proves it: as many ``r="`` as row and cell tags, every quote an attribute's (twice
    as many ``"`` as ``="``, none single), no bare or prefixed tag, no far reference. Text that
    only looks odd (a quote in an inline string) is walked: slower, never wrong.

    >>> _plain(b'<row r="3" spans="1:2"><c r="B3" t="s"><v>0</v></c></row>')
    True
    >>> [_plain(t) for t in (b'<row r="3"><c><v>1</v></c>', b"<c r='B3'>", b'<c r="CA1">')]
    [False, False, False]
    """
    tags = text.count(b"<c ") + text.count(b"<row ")
    return (
        tags == text.count(b' r="')
        and text.count(b'"') == 2 * text.count(b'="')
        and b"='" not in text
        and not _BARE_TAG.search(text)
        and not _PREFIXED_TAG.search(text)
        and not _FAR_REF.search(text)
    )


def _column_number(letters: str) -> int:
    """``"A"`` -> 1, ``"XFD"`` -> 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _column_letters(number: int) -> str:
    """1 -> ``"A"``, 16384 -> ``"XFD"``."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


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
