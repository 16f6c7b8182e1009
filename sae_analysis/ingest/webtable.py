"""Web exports saved as ``.xls``: an HTML page, or a MHTML "single file web page", holding the
table (SIPD and e-monev exports; Excel opens them as a sheet, calamine does not).

The table is read from the text with the standard library (``html.parser``, ``email`` for
MHTML): nothing is fetched, run or followed (scripts, styles, links and images are ignored).
``rowspan`` / ``colspan`` become merged ranges, as in a workbook; a cell's text keeps its
Indonesian number format ("2.258.104.054.606", "91,50"), parsed later like any text cell, unless
Excel's ``x:num`` attribute gives the number. Each ``<table>`` is a sheet; an MHTML file's sheets
are its HTML parts' tables, named after the part ("sheet001").
"""

from __future__ import annotations

import email
import email.message
import html.parser
import re
from pathlib import Path

#: A table as :class:`~sae_analysis.ingest.grid.Sheet` takes it: name, rows of cells, merges.
Table = tuple[str, list[list[object]], list[tuple[tuple[int, int], tuple[int, int]]]]
#: The first bytes that mark a web export (after a BOM and blanks).
_HTML_START = (b"<!doctype html", b"<html", b"<table", b"<?xml", b"<head", b"<meta")
_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)
_SKIPPED = {"script", "style", "head", "title"}


def kind_of(head: bytes) -> str | None:
    """``"html"``, ``"mhtml"`` or None for the first bytes of a file.

    >>> kind_of(b"<html><body>"), kind_of(b"MIME-Version: 1.0\\n"), kind_of(b"\\xd0\\xcf\\x11\\xe0")
    ('html', 'mhtml', None)
    """
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if start.startswith(_HTML_START):
        return "html"
    if start.startswith((b"mime-version", b"content-type: multipart", b"from:")):
        return "mhtml"
    return None


class _Tables(html.parser.HTMLParser):
    """Every table of a page as rows of (value, colspan, rowspan)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[object, int, int]]]] = []
        self._open: list[list[list[tuple[object, int, int]]]] = []
        self._cell: list[str] | None = None
        self._attrs: dict[str, str | None] = {}
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip += 1
        elif tag == "table":
            self._open.append([])
        elif tag == "tr" and self._open:
            self._open[-1].append([])
        elif tag in ("td", "th") and self._open:
            if not self._open[-1]:
                self._open[-1].append([])
            self._cell, self._attrs = [], dict(attrs)
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "table" and self._open:
            self._close_cell()
            self.tables.append(self._open.pop())

    def _close_cell(self) -> None:
        """End the open cell in the open table's last row; a cell whose table has already ended
        (tags out of order, as in a damaged export found by ``make fuzz``) is dropped."""
        if self._cell is not None and self._open:
            if not self._open[-1]:
                self._open[-1].append([])
            self._open[-1][-1].append(self._value())
        self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._skip:
            self._cell.append(data)

    def _value(self) -> tuple[object, int, int]:
        text = " ".join("".join(self._cell or []).split())
        value: object = text
        number = self._attrs.get("x:num")
        if number:
            try:
                value = float(number)
            except ValueError:
                value = text
            if value != value or value in (float("inf"), float("-inf")):
                value = text  # "NaN", "Infinity": the text as written
        return value, _span(self._attrs.get("colspan")), _span(self._attrs.get("rowspan"))


def _span(value: str | None) -> int:
    return min(int(value), 1000) if value and value.strip().isdigit() and int(value) > 0 else 1


def _sheet(name: str, rows: list[list[tuple[object, int, int]]]) -> Table:
    """A table as a grid: each spanned cell's value in its top-left cell, its span merged."""
    grid: dict[tuple[int, int], object] = {}
    taken: set[tuple[int, int]] = set()
    merged = []
    for r, cells in enumerate(rows):
        c = 0
        for value, colspan, rowspan in cells:
            while (r, c) in taken:
                c += 1
            grid[(r, c)] = value
            taken.update((r + i, c + j) for i in range(rowspan) for j in range(colspan))
            if colspan > 1 or rowspan > 1:
                merged.append(((r, c), (r + rowspan - 1, c + colspan - 1)))
            c += colspan
    height = max((r for r, _ in taken), default=-1) + 1
    width = max((c for _, c in taken), default=-1) + 1
    cells = [[grid.get((r, c), "") for c in range(width)] for r in range(height)]
    return name, cells, merged


def _decode(data: bytes, charset: str | None = None) -> str:
    if charset is None and (found := _CHARSET.search(data[:4096])):
        charset = found.group(1).decode("ascii")
    for encoding in (charset, "utf-8"):
        if encoding:
            try:
                return data.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
    return data.decode("cp1252", errors="replace")


def _tables(text: str, name: str) -> list[Table]:
    parser = _Tables()
    parser.feed(text)
    parser.close()
    return [_sheet(name if i == 0 else f"{name} ({i + 1})", t) for i, t in enumerate(parser.tables)]


def web_tables(path: Path, kind: str) -> list[Table]:
    """The tables of a web export (``kind`` from :func:`kind_of`) as sheets."""
    data = path.read_bytes()
    if kind == "html":
        return _tables(_decode(data), path.stem)
    message = email.message_from_bytes(data)
    sheets = []
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        location = str(part.get("Content-Location") or "")
        name = Path(location.replace("\\", "/")).stem or path.stem
        sheets.extend(_tables(_decode(payload, part.get_content_charset()), name))
    return sheets
