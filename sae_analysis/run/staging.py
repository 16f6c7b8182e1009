"""A run's own copy of the processed tables, published back after each stage that succeeded.

Why (run/lock.py): the tables of notebook 01 are shared by every quarter, so two runs on
different quarters must not write them in place. :meth:`StagedTables.create` links every
processed file into ``processed/`` of the run's report staging folder (hard links: no copy, and a
table rewritten there gets a new file, never changing the linked one; copies where the reports
and processed folders are on different file systems); the run's kernels get that folder as
``processed_dir``. It goes with the report staging: a killed run's is removed by the next run of
its quarter. :meth:`StagedTables.publish` links the tables a stage changed back
into the processed folder under :func:`~sae_analysis.run.lock.publish_lock`, each by a rename, so
a reader never sees half a set being replaced file by file by two runs at once, and the tables of
a stage that failed (a full disk halfway through 01's tables) are never published: the previous
ones stay. This rests on every writer replacing a table by a rename (``atomic.write_atomic``,
``QualityLog.write_csv``, :meth:`StagedTables.publish`): a file changed in place would change
through the links too.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from sae_analysis.params import RunParams
from sae_analysis.run.lock import publish_lock


def _identity(path: Path) -> tuple[int, int, int, int]:
    """What tells a file from its rewrite: device, inode, modification time, size."""
    stat = path.stat()
    return stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size


def _link(source: Path, target: Path) -> None:
    """Hard-link ``source`` at ``target``, or copy it where links are not possible."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _tables(folder: Path) -> list[Path]:
    """The processed files of ``folder``: regular files, not hidden (locks, temporaries)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


@dataclass
class StagedTables:
    """The staging folder of one run's processed tables and what it was seeded with."""

    processed_dir: Path
    reports_dir: Path
    folder: Path
    #: name -> identity of each table when seeded or last published (unchanged ones stay home)
    known: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)

    @classmethod
    def create(cls, params: RunParams, folder: Path) -> StagedTables:
        """Seed ``folder`` (new, inside the run's report staging) with the processed tables."""
        processed = Path(params.processed_dir)
        processed.mkdir(parents=True, exist_ok=True)
        folder.mkdir(parents=True)
        with publish_lock(params.reports_dir):  # a consistent set, not half another's publication
            for table in _tables(processed):
                _link(table, folder / table.name)
        known = {p.name: _identity(p) for p in _tables(folder)}
        return cls(processed, Path(params.reports_dir), folder, known)

    def params(self, params: RunParams) -> RunParams:
        """``params`` with the staging folder as processed folder (what the kernels get)."""
        return replace(params, processed_dir=self.folder)

    def publish(self) -> list[Path]:
        """Link the tables changed since the last publication into the processed folder."""
        changed = [p for p in _tables(self.folder) if self.known.get(p.name) != _identity(p)]
        published = []
        if changed:
            with publish_lock(self.reports_dir):
                for table in changed:
                    target = self.processed_dir / table.name
                    temporary = self.processed_dir / f".{table.name}.{os.getpid()}.tmp"
                    temporary.unlink(missing_ok=True)
                    _link(table, temporary)
                    temporary.replace(target)
                    self.known[table.name] = _identity(table)
                    published.append(target)
        return published

    def unstage(self, notebook: Path) -> None:
        """Name the processed folder, not this staging folder, in an executed notebook about to
        be archived (its parameters cell and papermill's record of them)."""
        content = notebook.read_text(encoding="utf-8")
        for staged, real in (
            (self.folder, self.processed_dir),
            (self.folder.resolve(), self.processed_dir.resolve()),
        ):
            for form in (str, lambda p: json.dumps(str(p))[1:-1]):
                content = content.replace(form(staged), form(real))
        notebook.write_text(content, encoding="utf-8")

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
