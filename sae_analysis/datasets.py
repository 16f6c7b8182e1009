"""The data catalogue: every table that crosses a stage, named once with its file and its schema.

=================== ========= ======================================= ==========================
name                written   file in ``processed_dir``               schema
=================== ========= ======================================= ==========================
performance         01_clean  ``performance.parquet``                 ``clean.schemas``
budget              01_clean  ``budget.parquet``                      ``clean.schemas``
macro               01_clean  ``macro.parquet``                       ``clean.schemas``
submissions         01_clean  ``submissions.parquet``                 ``clean.schemas``
quality_issues      01_clean  ``quality_issues.csv``                  ``clean.schemas``
yoy_indicators      02_yoy    ``yoy_indicators_<Y>_TW<Q>.parquet``    ``metrics.schemas``
yoy_pillars         02_yoy    ``yoy_pillars_<Y>_TW<Q>.parquet``       ``metrics.schemas``
yoy_opd             02_yoy    ``yoy_opd_<Y>_TW<Q>.parquet``           ``metrics.schemas``
budget_absorption   02_yoy    ``budget_absorption_<Y>_TW<Q>.parquet`` ``metrics.schemas``
macro_summary       02_yoy    ``macro_summary_<Y>_TW<Q>.parquet``     ``metrics.schemas``
=================== ========= ======================================= ==========================

02's tables belong to one quarter and, in one OPD's run, to that OPD (``_<OPD>`` after the
quarter). :func:`write` checks a frame against its schema before writing it (atomically: a temporary
name, then a rename); :func:`read` checks it again after reading, so 03, the XLSX and the
exploration notebooks only ever see tables that keep the contract. A table that breaks it stops at
the boundary with a :class:`DatasetError` naming the table and the column.
"""

from __future__ import annotations

import collections
import hashlib
import io
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pandas as pd
import pandera.pandas as pa

from sae_analysis.atomic import write_atomic
from sae_analysis.clean import schemas as clean_schemas
from sae_analysis.ingest.quality import QualityLog
from sae_analysis.metrics import schemas as metrics_schemas


class DatasetError(ValueError):
    """A table breaks its schema; the message names the table, its file and the columns."""


class Where(Protocol):
    """Where a run's tables live and which quarter (and OPD) they are of (e.g. ``RunParams``)."""

    @property
    def processed_dir(self) -> Path: ...

    @property
    def year(self) -> int: ...

    @property
    def quarter(self) -> int: ...

    @property
    def opd(self) -> str: ...


@dataclass(frozen=True)
class Dataset:
    """One table of the catalogue: its name (the file's stem), who writes it, its schema."""

    name: str
    #: The notebook that writes it.
    writer: str
    schema: pa.DataFrameSchema
    #: The file name carries the quarter (and the OPD of a one-OPD run).
    per_quarter: bool = False
    suffix: str = ".parquet"

    def path(self, where: Where) -> Path:
        """The table's file for ``where``."""
        stem = self.name
        if self.per_quarter:
            stem += f"_{where.year}_TW{where.quarter}" + (
                "" if where.opd == "all" else f"_{where.opd}"
            )
        return Path(where.processed_dir) / f"{stem}{self.suffix}"


CATALOGUE: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset("performance", "01_clean", clean_schemas.performance),
        Dataset("budget", "01_clean", clean_schemas.budget),
        Dataset("macro", "01_clean", clean_schemas.macro),
        Dataset("submissions", "01_clean", clean_schemas.submissions),
        Dataset("quality_issues", "01_clean", clean_schemas.quality_issues, suffix=".csv"),
        Dataset("yoy_indicators", "02_yoy", metrics_schemas.yoy_indicators, per_quarter=True),
        Dataset("yoy_pillars", "02_yoy", metrics_schemas.yoy_pillars, per_quarter=True),
        Dataset("yoy_opd", "02_yoy", metrics_schemas.yoy_opd, per_quarter=True),
        Dataset("budget_absorption", "02_yoy", metrics_schemas.budget_absorption, per_quarter=True),
        Dataset("macro_summary", "02_yoy", metrics_schemas.macro_summary, per_quarter=True),
    )
}


def _dataset(name: str) -> Dataset:
    try:
        return CATALOGUE[name]
    except KeyError:
        raise KeyError(f"{name!r} is not in the data catalogue ({', '.join(CATALOGUE)})") from None


def names(writer: str | None = None) -> list[str]:
    """The catalogue's tables (those ``writer`` writes), in catalogue order.

    >>> names("02_yoy")
    ['yoy_indicators', 'yoy_pillars', 'yoy_opd', 'budget_absorption', 'macro_summary']
    """
    return [d.name for d in CATALOGUE.values() if writer in (None, d.writer)]


def path(name: str, where: Where) -> Path:
    """The file of table ``name`` for ``where`` (a ``RunParams`` or anything with its fields).

    >>> from types import SimpleNamespace
    >>> run = SimpleNamespace(processed_dir=Path("processed"), year=2026, quarter=3, opd="DINKES")
    >>> path("yoy_pillars", run).as_posix(), path("performance", run).as_posix()
    ('processed/yoy_pillars_2026_TW3_DINKES.parquet', 'processed/performance.parquet')
    """
    return _dataset(name).path(where)


def yoy_paths(where: Where) -> dict[str, Path]:
    """Where notebook 02 writes its tables for the requested quarter: name -> file."""
    return {name: path(name, where) for name in names("02_yoy")}


def _failures(error: pa.errors.SchemaErrors) -> str:
    """The failing columns and checks of a pandera error, on one line."""
    cases = error.failure_cases
    parts = [
        f"kolom {c} tidak ada"
        for c in cases.loc[cases["check"].eq("column_in_dataframe"), "failure_case"]
    ]
    unique = cases[cases["check"].eq("multiple_fields_uniqueness")]
    if len(unique):
        columns = ", ".join(unique["column"].drop_duplicates())
        parts.append(f"kolom {columns}: ada {unique['index'].nunique()} baris kembar")
    other = cases[~cases["check"].isin(["column_in_dataframe", "multiple_fields_uniqueness"])]
    for (column, failed), group in other.groupby(["column", "check"], sort=False, dropna=False):
        parts.append(
            f"kolom {column}: {failed} ({len(group)}×, mis. {group['failure_case'].iloc[0]})"
        )
    return "; ".join(parts)


def check(frame: pd.DataFrame, name: str, *, where: str = "") -> pd.DataFrame:
    """Validate ``frame`` against the schema of table ``name``; the checked frame.

    ``where`` (the file and whether it is written or read) goes into the message.

    >>> check(pd.DataFrame({"year": [2026], "quarter": [5], "opd_code": ["DINKES"],
    ...     "source_file": ["a.xlsx"], "n_rows": [3]}), "submissions")
    Traceback (most recent call last):
    ...
    sae_analysis.datasets.DatasetError: tabel submissions tidak sesuai skemanya: kolom quarter: isin([1, 2, 3, 4]) (1×, mis. 5)
    """
    try:
        return _dataset(name).schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as error:
        place = f" ({where})" if where else ""
        raise DatasetError(
            f"tabel {name} tidak sesuai skemanya{place}: {_failures(error)}"
        ) from None


def write(frame: pd.DataFrame, name: str, where: Where) -> Path:
    """Check ``frame`` as table ``name`` and write it to its parquet file; the file.

    The same frame gives the same bytes (no index, pyarrow). The quality log is written by
    :func:`write_quality_log`.

    >>> import tempfile
    >>> from types import SimpleNamespace
    >>> run = SimpleNamespace(processed_dir=Path(tempfile.mkdtemp()), year=2026, quarter=3, opd="all")
    >>> files = pd.DataFrame({"year": [2026], "quarter": [3], "opd_code": ["DINKES"],
    ...     "source_file": ["2026/TW3/dinkes.xlsx"], "n_rows": [12]})
    >>> write(files, "submissions", run).name
    'submissions.parquet'
    >>> read("submissions", run)
       year  quarter opd_code           source_file  n_rows
    0  2026        3   DINKES  2026/TW3/dinkes.xlsx      12
    """
    dataset = _dataset(name)
    if dataset.suffix != ".parquet":
        raise ValueError(f"{name} is written by write_quality_log")
    target = dataset.path(where)
    checked = check(frame, name, where=f"ditulis ke {target}").reset_index(drop=True)
    buffer = io.BytesIO()
    checked.to_parquet(buffer, index=False, engine="pyarrow")
    data = buffer.getvalue()
    write_atomic(target, data)
    _remember(_key(name, data), checked)
    return target


def write_quality_log(log: QualityLog, where: Where) -> Path:
    """Check the quality log as table ``quality_issues`` and write its CSV; the file."""
    target = path("quality_issues", where)
    check(log.to_frame(), "quality_issues", where=f"ditulis ke {target}")
    return log.write_csv(target)


def _decode(name: str, data: bytes, target: Path) -> pd.DataFrame:
    """A table from its file's bytes, checked. The quality log comes back as text, as written
    (empty cells are ``""``), and is checked with its empty cells as missing values."""
    where = f"dibaca dari {target}"
    if _dataset(name).suffix == ".csv":
        frame = pd.read_csv(io.BytesIO(data), dtype="str", keep_default_na=False)
        check(frame.replace("", None), name, where=where)
        return frame
    return check(pd.read_parquet(io.BytesIO(data)), name, where=where)


def read(name: str, where: Where) -> pd.DataFrame:
    """Read table ``name`` for ``where`` and check it against its schema.

    Remembered within a process per file content (its BLAKE2 digest; hashing costs a tenth of
    decoding and checking): the kernel that builds 30 OPD reports reads the same tables 60
    times. :func:`write` remembers the checked frame under the digest of the bytes it wrote, so
    a file read back unchanged in the same process (02 reads what 01 wrote, 03 what 02 wrote, in
    one kernel) is the frame checked on writing; a file changed since is decoded and checked
    again. The frame returned is a copy-on-write copy: changing it never changes the remembered
    one.
    """
    return read_keyed(name, where)[0]


def read_keyed(name: str, where: Where) -> tuple[pd.DataFrame, tuple[str, bytes]]:
    """:func:`read`, with the key of the file's content (its name and BLAKE2 digest): equal keys,
    equal tables, so what is computed from a table can be remembered under its key."""
    target = path(name, where)
    data = target.read_bytes()
    key = _key(name, data)
    with _LOCK:
        frame = _TABLES.get(key)
        if frame is not None:
            _TABLES.move_to_end(key)
    if frame is None:
        frame = _remember(key, _decode(name, data, target))
    return frame.copy(deep=False), key


def _key(name: str, data: bytes) -> tuple[str, bytes]:
    return name, hashlib.blake2b(data, digest_size=16).digest()


def _remember(key: tuple[str, bytes], frame: pd.DataFrame) -> pd.DataFrame:
    with _LOCK:
        _TABLES[key] = frame
        _TABLES.move_to_end(key)
        while len(_TABLES) > _REMEMBERED:
            _TABLES.popitem(last=False)
    return frame


#: The tables :func:`read` remembers, least recently used first (a report reads eight).
_TABLES: collections.OrderedDict[tuple[str, bytes], pd.DataFrame] = collections.OrderedDict()
_REMEMBERED = 12
#: The XLSX is built in a thread of the orchestrator while other work goes on.
_LOCK = threading.Lock()
