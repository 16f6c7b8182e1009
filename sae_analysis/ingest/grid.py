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

from sae_analysis.ingest.guard import UnreadableError, ZipMembers, check_file
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


def column_letter(index: int) -> str:
    """Excel column letter of a 0-based column index.

    >>> column_letter(0), column_letter(25), column_letter(27)
    ('A', 'Z', 'AB')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


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
    rows: list[list[object]] = [
        list(r) for r in csv.reader(io.StringIO(text), delimiter=sniff_separator(text))
    ]
    width = max((len(r) for r in rows), default=0)
    return [Sheet("", [r + [""] * (width - len(r)) for r in rows], [])]


def _iter_workbook(path: Path, members: ZipMembers | None = None) -> Iterator[Sheet]:
    """Yield the sheets of a workbook one at a time (a later sheet is read only when needed).

    ``members``: the zip listing :func:`check_file` made of an .xlsx (listed here otherwise).
    """
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several unrelated types for corrupt files
        raise UnreadableError(str(exc) or type(exc).__name__) from exc
    xml = _SheetXml(path, members) if path.suffix.lower() in _XML_SUFFIXES else None
    for name in book.sheet_names:
        try:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(getattr(sheet, "merged_cell_ranges", None) or [])
        except Exception as exc:
            raise UnreadableError(str(exc) or type(exc).__name__) from exc
        marks = xml.marks(name, book.sheet_names) if xml is not None else NO_MARKS
        yield Sheet(name, rows, merged, marks)


class _SheetXml:
    """The sheet XML parts of an .xlsx, read for their marks (hidden rows, formulas without a
    cached value). Any failure gives no marks: calamine has read the data all the same."""

    _FAILURES = (OSError, KeyError, ValueError, struct.error, zlib.error, zipfile.BadZipFile)

    def __init__(self, path: Path, members: ZipMembers | None) -> None:
        self.path = path
        self.members = members
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


def iter_sheets(path: Path, members: ZipMembers | None = None) -> Iterator[Sheet]:
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
    path: Path, *, checked: bool = False, members: ZipMembers | None = None
) -> Iterator[Sheet]:
    """Check a submission (unless ``checked``, when ``members`` is what the check returned) and
    parse its first sheet now; the iterator yields that sheet and then parses the later ones
    one at a time, only when asked for."""
    if not checked:
        members = check_file(path)
    sheets = iter_sheets(path, members)
    first = next(sheets, None)
    return itertools.chain([] if first is None else [first], sheets)
