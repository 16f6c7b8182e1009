"""Atomic file writes: a temporary name beside the target, then a rename (DESIGN §8).

A failed or killed run never leaves half a file where the last good one was. Both sides use it:
the kernels write the processed tables, the orchestrator the report files. A full disk is raised
as an ``OSError`` (ENOSPC or EDQUOT) that names the file that did not fit (the error of a write
on an open file names none), so the run can say where room is missing (``run.faults``).
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes | str, *, mode: int | None = None) -> None:
    """Write to a temporary name beside ``path`` and rename, so readers never see half a file.

    The file is readable by others (``0o666`` less the umask) unless ``mode`` says otherwise.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a" / "note.txt", "selesai")
    >>> (folder / "a" / "note.txt").read_text(encoding="utf-8"), sorted(p.name for p in (folder / "a").iterdir())
    ('selesai', ['note.txt'])
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes 0600; a report is read by others
        Path(tmp).chmod(0o666 & ~_umask() if mode is None else mode)
        Path(tmp).replace(path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT) and not exc.filename:
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
