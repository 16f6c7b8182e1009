"""Checks on a submission before any parser opens it: access, size, encryption, zip bombs.

A hostile or broken file must cost nothing (issue 7). :func:`check_file` looks at the file's
size and first bytes and refuses it when it is unreadable (permissions), empty, larger than
``config.MAX_SUBMISSION_BYTES``, an OLE2 compound file under an .xlsx name or holding an
``EncryptionInfo`` stream (that is how Office stores a password-protected workbook), a zip without
its central directory (truncated), or a zip that inflates to more than
``config.MAX_UNCOMPRESSED_BYTES`` (zip bomb). Workbook XML is parsed later by calamine (Rust,
quick-xml), which does not expand DTD entities; openpyxl, used only to write workbooks here,
parses with defusedxml whenever it is installed (it is a dependency; ``openpyxl.xml.DEFUSEDXML``
is True).

Zip bombs (issue 17). The sizes in a zip's central directory are what its writer claims: a crafted
archive can declare a few bytes for a member that inflates to gigabytes. A directory that declares
too much is refused at once (a lie upwards only hurts the liar). Otherwise the members are inflated
through :meth:`zipfile.ZipFile.open`, streamed with a byte budget, and refused as soon as the real
total passes the limit, whatever the directory says. Inflating every workbook twice (here, then in
calamine) would cost every file, so the streaming is skipped when the *compressed* sizes already
prove the limit cannot be reached: deflate inflates at most 1032 bytes per compressed byte (a
258-byte match coded in 2 bits), a stored member not at all, so an archive whose compressed members
total under ``MAX_UNCOMPRESSED_BYTES / 1032`` (about 254 KB) cannot exceed the limit. Measured on
the bundled sample (294 workbooks, all under 100 KB, so none is streamed; medians of 9 runs on this
shared 2-core machine): ``check_file`` over all of them takes 0.03 s before and after this change,
0.12-0.20 s when every one is streamed; the clean of 2026 TW3 (one worker) 0.80 s before, 0.83-0.90
s after, 1.00-1.08 s streaming every workbook (+20 %), hence the bound. Compressed sizes come from
the same directory, but a member whose compressed size is under-declared is cut short, and zipfile
then refuses it (bad CRC) as a broken archive. Members compressed otherwise than stored or deflate
(bzip2, lzma: neither Excel nor LibreOffice writes them, calamine reads deflate only, and their
inflaters take no output limit) are refused as unreadable.
"""

from __future__ import annotations

import copy
import sys
import zipfile
from pathlib import Path

from sae_analysis import config


class UnreadableError(Exception):
    """The file cannot be opened or decoded."""


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
#: Most bytes one compressed byte of a deflate stream inflates to (a 258-byte match in 2 bits).
DEFLATE_MAX_RATIO = 1032
_CHUNK = 1 << 16


def megabytes(size: int) -> str:
    """A byte count as people read it.

    >>> megabytes(52_428_800), megabytes(1_073_741_824)
    ('50,0 MB', '1024,0 MB')
    """
    return f"{size / 1024**2:.1f} MB".replace(".", ",")


def check_file(path: Path) -> None:
    """Refuse a file that must not be parsed, by its size and first bytes only.

    Raises :class:`FileRefusedError` (permission denied, empty, too large, password-protected,
    a zip bomb) or :class:`UnreadableError` (missing, truncated zip).
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
        return
    if suffix not in _ZIP_SUFFIXES:
        return
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = _inflated_size(archive, limit=config.MAX_UNCOMPRESSED_BYTES)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableError(f"arsip {suffix} terpotong atau rusak: {exc}") from exc
    except NotImplementedError as exc:  # a compression method zipfile cannot inflate
        raise UnreadableError(
            f"arsip {suffix} memakai kompresi yang tidak didukung: {exc}"
        ) from exc
    limit = megabytes(config.MAX_UNCOMPRESSED_BYTES)
    if expanded is None:  # stopped at the limit: the real size is unknown, and larger
        raise FileRefusedError("file_expands_too_much", size=f"> {limit}", limit=limit)
    if expanded > config.MAX_UNCOMPRESSED_BYTES:
        raise FileRefusedError("file_expands_too_much", size=megabytes(expanded), limit=limit)


def _inflated_size(archive: zipfile.ZipFile, *, limit: int) -> int | None:
    """What the members of ``archive`` inflate to, or None once past ``limit``.

    The declared total when it passes ``limit`` or when the compressed sizes bound it under
    ``limit`` (see the module's docstring); else the real total, inflated in chunks and stopped
    once past ``limit`` (at most ``limit`` + one chunk is inflated, nothing is kept).

    >>> import io
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
    ...     book.writestr("sheet.xml", b"0" * 100_000)
    >>> archive = zipfile.ZipFile(buffer)
    >>> _inflated_size(archive, limit=1 << 30), _inflated_size(archive, limit=10_000_000)
    (100000, 100000)
    >>> archive.infolist()[0].file_size = 10  # a directory that lies
    >>> _inflated_size(archive, limit=50_000) is None
    True
    """
    members = archive.infolist()
    declared = sum(info.file_size for info in members)
    if declared > limit:
        return declared
    bound = 0
    for info in members:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise NotImplementedError(f"{info.filename}: metode {info.compress_type}")
        ratio = 1 if info.compress_type == zipfile.ZIP_STORED else DEFLATE_MAX_RATIO
        bound += (info.compress_size + 1) * ratio
    if bound <= limit:
        return declared
    total = 0
    for info in members:
        # zipfile stops a member at its declared size (and then fails its CRC), which would
        # hide the bytes beyond it: a copy declares no size, the budget stops the inflating
        probe = copy.copy(info)
        probe.file_size = sys.maxsize
        with archive.open(probe) as member:
            while chunk := member.read(_CHUNK):
                total += len(chunk)
                if total > limit:
                    return None
    return total
