"""What a run tells its user when the machine fails it: a full disk (DESIGN §8, issue 17).

A full disk shows as ``OSError`` ENOSPC (or EDQUOT, over quota) in this process (the HTML, XLSX
and PDF are written here), or inside a kernel, where papermill reports the notebook's error by
its name and text. :func:`disk_full` recognises both; :func:`disk_full_message` says which file
could not be written, how much room is left on its disk and what to free. Every output is written
under a temporary name and renamed (``atomic.write_atomic``), so the previous outputs are intact.
"""

from __future__ import annotations

import errno
import re
import shutil
from pathlib import Path

from sae_analysis import text
from sae_analysis.params import RunParams

DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
_KERNEL_ERROR = re.compile(
    rf"\[Errno ({'|'.join(map(str, DISK_FULL))})\][^:']*(?::\s*'(?P<path>[^']+)')?"
)


def disk_full(exc: BaseException) -> tuple[bool, Path | None]:
    """Whether ``exc`` (or an exception it was raised from) is a full disk, and the file named.

    >>> import errno
    >>> disk_full(OSError(errno.ENOSPC, "No space left on device", "/data/x.parquet"))
    (True, PosixPath('/data/x.parquet'))
    >>> disk_full(OSError(errno.ENOENT, "No such file"))
    (False, None)
    """
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in DISK_FULL:
            return True, Path(seen.filename) if seen.filename else None
        if getattr(seen, "ename", "") in ("OSError", "IOError"):  # a notebook's (papermill)
            match = _KERNEL_ERROR.search(str(getattr(seen, "evalue", "")))
            if match:
                return True, Path(match["path"]) if match["path"] else None
        seen = seen.__cause__ or seen.__context__
    return False, None


def _mount(path: Path) -> Path:
    """The mount point of the file system that holds ``path``."""
    path = path.resolve()
    while not path.exists() or (not path.is_mount() and path != path.parent):
        path = path.parent
    return path


def _size(count: int) -> str:
    return f"{count / 1024**2:.1f} MB".replace(".", ",")


def _destination(path: Path, params: RunParams) -> Path:
    """Where a file written in a run's staging folder was going: the report folder, or the
    processed folder for the staged tables (``.staging-<pid>/processed/``, run/staging.py).

    >>> run = RunParams(2026, 3, Path("raw"), Path("/d/processed"), Path("/d/reports"))
    >>> _destination(Path("/d/reports/2026-TW3/.staging-7/processed/budget.parquet"), run)
    PosixPath('/d/processed/budget.parquet')
    >>> _destination(Path("/d/reports/2026-TW3/.staging-7/03_report.ipynb"), run)
    PosixPath('/d/reports/2026-TW3/03_report.ipynb')
    """
    parts = path.parts
    staged = [i for i, part in enumerate(parts) if part.startswith(".staging-")]
    if not staged:
        return path
    inside = parts[staged[-1] + 1 :]
    if inside[:1] == ("processed",):
        return Path(params.processed_dir, *inside[1:])
    return Path(*parts[: staged[-1]], *inside)


def disk_full_message(path: Path | None, params: RunParams) -> str:
    """The one line that says which file did not fit, the room left, and what to free."""
    target = _destination(Path(path), params) if path is not None else Path(params.processed_dir)
    folder = target if target.is_dir() else target.parent
    mount = _mount(folder)
    free = _size(shutil.disk_usage(mount).free)
    return text.get(
        "run.disk_full",
        params.lang,
        path=str(target),
        free=free,
        mount=str(mount),
        reports=str(params.reports_dir),
    )
