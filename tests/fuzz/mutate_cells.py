"""Mutations of a workbook's cells (through openpyxl) and of a text file's lines.

Registered in :data:`mutate.MUTATIONS` on import. A workbook saved by openpyxl loses the cached
values of its formulas, so the harness compares a cell mutation with the seed saved by openpyxl
unchanged (:func:`roundtrip`), not with the seed itself.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Callable

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from fuzz.mutate import ODD_TEXTS, Mutated, Table, mutation

#: What lands in a number cell: dates, huge strings, formulas without a cached value, other types.
ODD_VALUES: list[Callable[[random.Random], object]] = [
    lambda rnd: dt.datetime(2026, rnd.randint(1, 12), rnd.randint(1, 28), rnd.randint(0, 23)),
    lambda rnd: dt.date(rnd.choice([1900, 2026, 9999]), 1, 1),
    lambda rnd: dt.time(12, 30),
    lambda rnd: dt.timedelta(days=rnd.randint(-5, 50000)),
    lambda rnd: "9" * rnd.choice([40, 400, 32_000]),
    lambda rnd: "x" * rnd.choice([1000, 32_767]),
    lambda rnd: f"=A{rnd.randint(1, 60)}*2",
    lambda rnd: rnd.choice(["=1/0", "=SUM(A1:A3)", "=NOW()", '="teks"', "=#REF!+1"]),
    lambda rnd: rnd.choice([True, False]),
    lambda rnd: rnd.choice([1e308, -1e308, 5e-324, -0.0, 2**53 + 1, -(10**15)]),
    lambda rnd: rnd.choice(ODD_TEXTS),
]


def _load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _save(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def roundtrip(data: bytes) -> bytes:
    """The workbook saved by openpyxl unchanged: what a cell mutation is compared with."""
    return _save(_load(data))


def _sheet(book: openpyxl.Workbook, table: Table) -> Worksheet:
    if table.sheet in book.sheetnames:
        return book[table.sheet]
    return book.worksheets[0]


def _data_rows(sheet: Worksheet, table: Table, rnd: random.Random) -> list[int]:
    """The table's data rows, or some rows of the sheet when the seed gave none."""
    if table.rows:
        return list(table.rows)
    return sorted(rnd.sample(range(1, sheet.max_row + 1), min(3, sheet.max_row)))


@mutation("xlsx")
def number_cell_type(data: bytes, rnd: random.Random, table: Table) -> Mutated:
    """A number cell of one data row gets a date, a huge string, a formula, a bool, ..."""
    book = _load(data)
    sheet = _sheet(book, table)
    row = rnd.choice(_data_rows(sheet, table, rnd))
    numbers = [
        c for c in sheet[row] if isinstance(c.value, int | float) and not isinstance(c.value, bool)
    ]
    cells = numbers or [c for c in sheet[row]]
    cell = rnd.choice(cells)
    value = rnd.choice(ODD_VALUES)(rnd)
    cell.value = value
    shown = repr(value) if len(repr(value)) < 40 else f"{repr(value)[:20]}… ({len(str(value))})"
    return Mutated(_save(book), frozenset({row}), note=f"{sheet.title}!{cell.coordinate} = {shown}")


def _misspell(text: str, rnd: random.Random) -> str:
    if not text:
        return "Indikator"
    at = rnd.randrange(len(text))
    return rnd.choice(
        [
            text[:at] + text[at + 1 :],  # a letter dropped
            text[:at] + text[at : at + 2][::-1] + text[at + 2 :],  # two letters swapped
            text.upper(),
            text.replace(" ", ""),
            text + " " + text,
            "",
            rnd.choice(["Target", "Realisasi", "Indikator", "Satuan", "K", "Rp", "TW I", "No"]),
        ]
    )


@mutation("xlsx")
def header_word(data: bytes, rnd: random.Random, table: Table) -> Mutated:
    """A text cell above the first data row is misspelt, emptied or replaced by another label."""
    book = _load(data)
    sheet = _sheet(book, table)
    top = min(table.rows) if table.rows else sheet.max_row + 1
    texts = [
        c
        for row in sheet.iter_rows(max_row=max(1, top - 1))
        for c in row
        if isinstance(c.value, str)
    ]
    if not texts:
        return Mutated(_save(book), note="no header text")
    changed = rnd.sample(texts, min(len(texts), rnd.choice([1, 1, 2, 5])))
    for cell in changed:
        cell.value = _misspell(cell.value, rnd)
    return Mutated(_save(book), note=f"header {[c.coordinate for c in changed]} changed")


@mutation("xlsx")
def unmerge(data: bytes, rnd: random.Random, table: Table) -> Mutated:
    book = _load(data)
    sheet = _sheet(book, table)
    merged = list(sheet.merged_cells.ranges)
    gone = rnd.sample(merged, rnd.randint(1, len(merged))) if merged else []
    for ref in gone:
        sheet.unmerge_cells(str(ref))
    return Mutated(_save(book), note=f"unmerged {[str(r) for r in gone][:5]}")


def _row_values(sheet: Worksheet, row: int) -> list[object]:
    return [c.value for c in sheet[row]]


def _put_row(sheet: Worksheet, row: int, values: list[object]) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row, column)
        if type(cell).__name__ != "MergedCell":
            cell.value = value


@mutation("xlsx")
def shuffle_rows(data: bytes, rnd: random.Random, table: Table) -> Mutated:
    """The data rows change places. No row is said intact: in a form with a hierarchy the order
    carries meaning (a programme heading governs the rows below it)."""
    book = _load(data)
    sheet = _sheet(book, table)
    rows = _data_rows(sheet, table, rnd)
    values = [_row_values(sheet, r) for r in rows]
    rnd.shuffle(values)
    for row, row_values in zip(rows, values, strict=True):
        _put_row(sheet, row, row_values)
    return Mutated(_save(book), note="data rows shuffled")


@mutation("xlsx")
def duplicate_rows(data: bytes, rnd: random.Random, table: Table) -> Mutated:
    """A data row is repeated below the last data row (the rows below move down)."""
    book = _load(data)
    sheet = _sheet(book, table)
    rows = _data_rows(sheet, table, rnd)
    source = rnd.choice(rows)
    values = _row_values(sheet, source)
    at = max(rows) + 1
    sheet.insert_rows(at, amount=1)
    _put_row(sheet, at, values)
    return Mutated(_save(book), frozenset(), note=f"row {source} repeated at {at}")


@mutation("xlsx")
def empty_sheet(data: bytes, rnd: random.Random, table: Table) -> Mutated:
    book = _load(data)
    sheet = _sheet(book, table)
    for ref in list(sheet.merged_cells.ranges):
        sheet.unmerge_cells(str(ref))
    sheet.delete_rows(1, sheet.max_row)
    return Mutated(_save(book), note=f"{sheet.title} emptied")


@mutation("xlsx")
def drop_sheet(data: bytes, rnd: random.Random, table: Table) -> Mutated:
    book = _load(data)
    sheet = rnd.choice(book.worksheets)
    title = sheet.title
    book.remove(sheet)
    if not book.worksheets:
        book.create_sheet("Sheet1")
    return Mutated(_save(book), note=f"sheet {title!r} removed")


@mutation("xlsx")
def blank_rows(data: bytes, rnd: random.Random, table: Table) -> Mutated:
    book = _load(data)
    sheet = _sheet(book, table)
    rows = _data_rows(sheet, table, rnd)
    at = rnd.choice(rows)
    sheet.insert_rows(at, amount=rnd.choice([1, 2, 50]))
    return Mutated(_save(book), note=f"blank rows at {at}")


# --------------------------------------------------------------------------- text files
def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


@mutation("text")
def text_lines(data: bytes, rnd: random.Random, _: Table) -> Mutated:
    """Lines shuffled, repeated or dropped (CSV rows, HTML table rows, MIME lines)."""
    lines = _lines(data)
    how = rnd.choice(["shuffle", "repeat", "drop"])
    if how == "shuffle":
        middle = lines[1:-1]
        rnd.shuffle(middle)
        lines = lines[:1] + middle + lines[-1:]
    elif how == "repeat":
        at = rnd.randrange(len(lines))
        lines.insert(at, lines[at])
    else:
        del lines[rnd.randrange(len(lines))]
    return Mutated(b"".join(lines), note=f"lines: {how}")


@mutation("text")
def text_words(data: bytes, rnd: random.Random, _: Table) -> Mutated:
    """A word misspelt, or a field made huge or odd."""
    text = data.decode("latin-1")
    words = [w for w in set(text.split()) if len(w) > 2]
    if not words:
        return Mutated(data)
    word = rnd.choice(sorted(words))
    new = rnd.choice([_misspell(word, rnd), "x" * 100_000, rnd.choice(ODD_TEXTS), "9" * 400])
    return Mutated(
        text.replace(word, new, 1).encode("latin-1", errors="replace"),
        note=f"{word!r} -> {new[:20]!r}",
    )
