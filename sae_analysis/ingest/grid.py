"""Files as grids of cells: xlsx/xlsm/xlsb/xls/ods through calamine, CSV decoded and split.

A CSV file is UTF-8 (with or without BOM), else Windows-1252; its separator is sniffed among
``;``, tab and ``,`` (:func:`sniff_separator`). A workbook's sheets are parsed one at a time, a
later sheet only when asked for; an .xlsx sheet carries its hidden rows and columns and its
formulas without a cached value (:mod:`~sae_analysis.ingest.sheetxml`), which calamine does not
give; an .xls that is really an HTML or MHTML web export is read as such
(:mod:`~sae_analysis.ingest.webtable`). Every failure to open or decode is an :class:`~sae_analysis.ingest.guard.UnreadableError`.
"""

from __future__ import annotations

import csv
import io
import itertools
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import python_calamine

from sae_analysis.ingest.guard import CheckedArchive, UnreadableError, check_file
from sae_analysis.ingest.sheetxml import NO_MARKS, SheetMarks, marks_of, read_member, sheet_parts
from sae_analysis.ingest.webtable import kind_of, web_tables

#: Workbooks whose sheet XML tells hidden rows and formulas without a cached value.
_XML_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Sheet:
    """One sheet as a grid: ``rows[i][j]`` is Excel row i+1, column j+1, an empty cell ``""``
    (never None: calamine gives ``""`` for empty and error cells, CSV and web tables too);
    ``marks``: its hidden rows and columns and formulas without a cached value, where the
    format tells them."""

    name: str
    rows: list[list[object]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]]
    marks: SheetMarks = NO_MARKS


def _decode(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_separator(text: str) -> str:
    """The field separator of a CSV text among ``;``, tab and ``,``.

    The separator found the same number of times on the most lines wins; ties go to ``;`` then
    tab, because in Indonesian files the comma is the decimal mark.

    >>> sniff_separator("Wilayah;2023\\nKab. A;6,2\\nKab. B;7,4\\n")
    ';'
    >>> sniff_separator("a,b\\n1.5,2\\n")
    ','
    """
    lines = [line for line in text.splitlines()[:60] if line.strip()]
    best, best_score = ",", -1
    for sep in (";", "\t", ","):
        counts = pd.Series([line.count(sep) for line in lines], dtype=int)
        counts = counts[counts > 0]
        score = int(counts.value_counts().iloc[0]) if len(counts) else 0
        if score > best_score:
            best, best_score = sep, score
    return best


def _read_csv_grid(path: Path) -> list[Sheet]:
    try:
        text = _decode(path.read_bytes())
    except OSError as exc:
        raise UnreadableError(str(exc)) from exc
    if "\x00" in text:
        raise UnreadableError("bukan berkas teks")
    # newline="": a lone CR ends a line as CRLF and LF do (csv's own advice); a stray CR inside
    # a line made csv raise "new-line character seen in unquoted field" (found by make fuzz)
    try:
        rows: list[list[object]] = [
            list(r)
            for r in csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(text))
        ]
    except csv.Error as exc:  # e.g. a field past csv.field_size_limit()
        raise UnreadableError(f"CSV rusak: {exc}") from exc
    width = max((len(r) for r in rows), default=0)
    return [Sheet("", [r + [""] * (width - len(r)) for r in rows], [])]


def _iter_workbook(path: Path, members: CheckedArchive | None = None) -> Iterator[Sheet]:
    """Yield the sheets of a workbook one at a time (a later sheet is read only when needed).

    ``members``: what :func:`check_file` found of an .xlsx (its listing and inflated sheets).
    """
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except BaseException as exc:  # calamine raises several unrelated types for corrupt files
        raise _unreadable(exc) from exc
    xml = _SheetXml(path, members) if path.suffix.lower() in _XML_SUFFIXES else None
    for name in book.sheet_names:
        try:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = _inside(getattr(sheet, "merged_cell_ranges", None) or [], rows)
        except BaseException as exc:
            raise _unreadable(exc) from exc
        marks = xml.marks(name, book.sheet_names) if xml is not None else NO_MARKS
        yield Sheet(name, rows, merged, marks)


def _inside(
    merged: list[tuple[tuple[int, int], tuple[int, int]]], rows: list[list[object]]
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The merged ranges cut to the grid: a range a corrupt file puts (partly) outside the cells
    read, or upside down, must not send a reader past the end of a row (found by ``make fuzz``:
    an .xls whose merge record names columns beyond its rows raised IndexError in the header).

    >>> _inside([((0, 0), (0, 5)), ((3, 0), (4, 1)), ((1, 1), (0, 0))], [["a", "b"], ["c", "d"]])
    [((0, 0), (0, 1))]
    """
    height, width = len(rows), min((len(r) for r in rows), default=0)
    return [
        ((r0, c0), (min(r1, height - 1), min(c1, width - 1)))
        for (r0, c0), (r1, c1) in merged
        if 0 <= r0 <= r1 and 0 <= c0 <= c1 and r0 < height and c0 < width
    ]


def _unreadable(exc: BaseException) -> UnreadableError:
    """A calamine failure as an :class:`UnreadableError`; anything else is raised again.

    A panic inside calamine (a corrupt .xls can make its Rust code index out of bounds) reaches
    Python as pyo3's ``PanicException``, a ``BaseException``: ``except Exception`` misses it and
    it would stop a whole run (found by ``make fuzz``; tests/test_fuzz_readers.py).
    """
    if type(exc).__name__ == "PanicException":
        return UnreadableError(f"berkas rusak; calamine berhenti: {exc}")
    if isinstance(exc, Exception):
        return UnreadableError(str(exc) or type(exc).__name__)
    raise exc


class _SheetXml:
    """The sheet XML parts of an .xlsx, read for their marks (hidden rows, formulas without a
    cached value). Any failure gives no marks: calamine has read the data all the same."""

    _FAILURES = (OSError, KeyError, ValueError, struct.error, zlib.error, zipfile.BadZipFile)

    def __init__(self, path: Path, checked: CheckedArchive | None) -> None:
        self.path = path
        self.members = checked.members if checked is not None else None
        self.inflated = checked.sheets if checked is not None else {}
        self.parts: dict[str, str] | None = None

    def marks(self, sheet: str, names: list[str]) -> SheetMarks:
        """The marks of the sheet named ``sheet`` (``names``: all the workbook's sheets)."""
        try:
            if self.members is None:
                with zipfile.ZipFile(self.path) as archive:
                    self.members = {info.filename: info for info in archive.infolist()}
            members = self.members
            with self.path.open("rb") as handle:

                def read(name: str) -> bytes:
                    if name in self.inflated:  # the guard inflated it already
                        return self.inflated[name]
                    return read_member(handle, members[name])

                if self.parts is None:
                    self.parts = sheet_parts(names, members, read)
                part = self.parts.get(sheet)
                return marks_of(read(part)) if part is not None else NO_MARKS
        except self._FAILURES:
            return NO_MARKS


def _web_export(path: Path) -> str | None:
    """``"html"`` or ``"mhtml"`` for an .xls that is really a web export, else None."""
    if path.suffix.lower() != ".xls":
        return None
    try:
        with path.open("rb") as handle:
            return kind_of(handle.read(512))
    except OSError as exc:
        raise UnreadableError(exc.strerror or str(exc)) from exc


def iter_sheets(path: Path, members: CheckedArchive | None = None) -> Iterator[Sheet]:
    """The sheets of a CSV file (one, named "") or a workbook, parsed as they are asked for;
    ``members``: the zip listing of an .xlsx, when the guard made one. An .xls that is a web
    export (HTML, MHTML) gives its tables (:mod:`~sae_analysis.ingest.webtable`)."""
    if path.suffix.lower() == ".csv":
        yield from _read_csv_grid(path)
    elif kind := _web_export(path):
        try:
            tables = web_tables(path, kind)
        except (OSError, ValueError, UnicodeError) as exc:
            raise UnreadableError(str(exc) or type(exc).__name__) from exc
        for name, rows, merged in tables:
            yield Sheet(name, rows, merged)
    else:
        yield from _iter_workbook(path, members)


def open_sheets(
    path: Path, *, checked: bool = False, members: CheckedArchive | None = None
) -> Iterator[Sheet]:
    """Check a submission (unless ``checked``, when ``members`` is what the check returned) and
    parse its first sheet now; the iterator yields that sheet and then parses the later ones
    one at a time, only when asked for."""
    if not checked:
        members = check_file(path)
    sheets = iter_sheets(path, members)
    first = next(sheets, None)
    return itertools.chain([] if first is None else [first], sheets)
