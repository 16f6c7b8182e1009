"""How far a worksheet's XML reaches: its last row and column, before calamine builds its grid.

calamine builds a sheet's grid densely up to its farthest cell, and the reader asks for the whole
area: one value at XFD1048576 asks for 17 billion cells and calamine aborts the process (a Rust
allocation failure, not an exception). The guard (:mod:`~sae_analysis.ingest.guard`) refuses a
sheet whose :func:`extent` passes ``config.MAX_SHEET_CELLS``.

Two ways, one answer (issue 13's benchmark: 1,000 workbooks of 500 rows, 3.3 million cells):

- :class:`Walk` reads every row and cell tag (any prefix, quotes or blanks): exact, and a Python
  step per cell — 14 s of a 38 s clean when every sheet was walked.
- Most sheets are *plain*: every row and cell tag is ``<row r="…"``/``<c r="…"`` and no reference
  passes BZ9999, so the sheet reaches at most :data:`PLAIN_ROWS` x :data:`PLAIN_COLUMNS` cells.
  :func:`plain` proves it by counting tags, attributes and quotes and three regular-expression
  searches, all in C: about 1 ms for a 150 KB sheet, where calamine takes 3 ms to read it (the
  same tests written with numpy over the bytes took 1.5 ms, and were dropped). Text that only
  looks odd (a quote in an inline string) is walked: slower, never wrong.
  ``tests/test_ingest_extent.py`` checks that nothing vouched plain is refused by the walk.
"""

from __future__ import annotations

import re

from sae_analysis import config
from sae_analysis.ingest.cellref import column_index

#: The plain bound: every reference within BZ9999.
PLAIN_ROWS, PLAIN_COLUMNS = 9_999, 78

# a row's number, or a cell's start tag (its attributes, "/" when it closes at once)
_ROW_OR_CELL = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr\s*=\s*["\'](\d+)|<(?:\w+:)?c\b([^>]*?)(/?)>')
_CELL_REF = re.compile(rb'\sr\s*=\s*["\']([A-Z]{1,3})(\d{1,7})["\']')
# What the simple path cannot vouch for: a row or cell tag without attributes or with another
# blank than a space, a prefixed one (`<x:c`), and a reference past column BZ or row 9,999.
_BARE_TAG = re.compile(rb"<(?:c|row)[>/\t\r\n]")
_PREFIXED_TAG = re.compile(rb":(?:c|row)[\s>/]")
_FAR_REF = re.compile(rb' r="(?!(?:[AB]?[A-Z])?\d{1,4}")')


def extent(data: bytes) -> tuple[int, int]:
    """The extent a worksheet's XML may reach: the plain bound for a plain one, else its last
    row and column walked cell by cell.

    >>> extent(b'<row r="7"><c r="C7"><v>2</v></c></row>')
    (9999, 78)
    >>> extent(b"<row r='2'><c r='XFD2'><v>1</v></c></row>")
    (2, 16384)
    """
    if config.MAX_SHEET_CELLS >= PLAIN_ROWS * PLAIN_COLUMNS and plain(data):
        return PLAIN_ROWS, PLAIN_COLUMNS
    walk = Walk()
    walk.feed(data)
    return walk.close()


class Walk:
    """The last row and column of the cells that hold something, every tag read, fed in chunks.
    A cell written ``<c r="Z9" s="1"/>`` holds only a style and is left out, as calamine leaves
    it out; a cell without ``r`` follows the one before it in its row.

    >>> walk = Walk()
    >>> walk.feed(b'<row r="2"><c r="B2"><v>1</v></c><c><v')
    >>> walk.feed(b'>2</v></c><c r="Z9" s="1"/></row>')
    >>> walk.close()
    (2, 3)
    >>> odd = Walk()  # single quotes, blanks around "=", a prefix: read all the same
    >>> odd.feed(b"<x:row r='1'><x:c r = 'XFD1048576'><x:v>1</x:v></x:c></x:row>")
    >>> odd.close()
    (1048576, 16384)
    """

    def __init__(self) -> None:
        self.last_row = self.last_column = self._row = self._column = 0
        self._carry = b""

    def feed(self, chunk: bytes) -> None:
        text = self._carry + chunk
        cut = text.rfind(b"<")  # markup starts with "<" (text escapes it): keep a cut tag
        self._carry = text[cut:] if cut >= 0 else b""
        self._scan(text[:cut] if cut >= 0 else b"")

    def close(self) -> tuple[int, int]:
        self._scan(self._carry)
        self._carry = b""
        return self.last_row, self.last_column

    def _scan(self, text: bytes) -> None:
        for match in _ROW_OR_CELL.finditer(text):
            if match.group(1) is not None:
                self._row, self._column = int(match.group(1)), 0
                continue
            ref = _CELL_REF.search(match.group(2))
            if ref:
                self._column, self._row = column_index(ref.group(1)) + 1, int(ref.group(2))
            else:
                self._column += 1
            if not match.group(3):
                self.last_row = max(self.last_row, self._row)
                self.last_column = max(self.last_column, self._column)


def plain(text: bytes) -> bool:
    """Whether every row and cell tag of ``text`` is ``<row r="…"``/``<c r="…"`` within BZ9999.

    As many ``r="`` as row and cell tags, every quote an attribute's (twice as many ``"`` as
    ``="``, none single), no bare or prefixed tag, no far reference.

    >>> plain(b'<row r="3" spans="1:2"><c r="B3" t="s"><v>0</v></c></row>')
    True
    >>> [plain(t) for t in (b'<row r="3"><c><v>1</v></c>', b"<c r='B3'>", b'<c r="CA1">')]
    [False, False, False]
    """
    tags = text.count(b"<c ") + text.count(b"<row ")
    return (
        tags == text.count(b' r="')
        and text.count(b'"') == 2 * text.count(b'="')
        # a byte search is quick (most sheets have no apostrophe); the pair only if there is one
        and (b"'" not in text or b"='" not in text)
        and not _BARE_TAG.search(text)
        and not _PREFIXED_TAG.search(text)
        and not _FAR_REF.search(text)
    )
