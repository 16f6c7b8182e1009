"""The header band of an E.81 table: where it is, which of its rows hold labels and column numbers.

The header is found by content (DESIGN §4.2): the first row (of the first
:data:`HEADER_SCAN_ROWS`) holding an Indikator-like cell and a Target/Realisasi-like cell. The
band reaches down as far as the merged cells of that row do (official forms merge "No" over 3-5
rows), then over rows made only of header words (K, %, Rp, "Rp. (000)", I, Il, Ill, TW 1, ...)
and one row of column numbers ("1 2 3 ... 13 = 9 + 10 + 11 + 12", "6a", "14=13/5 x100%"), which
may come before or after the K / Rp row; at most :data:`MAX_BAND_ROWS` rows in all. Merged
group labels are spread over the columns they cover, and a blank header cell above a labelled
sub-column takes the group label on its left (CSV exports lose merges). What each column holds
is worked out from its labels in :mod:`~sae_analysis.ingest.roles`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sae_analysis.ingest.catalogues import normalise_name
from sae_analysis.ingest.grid import Sheet

HEADER_SCAN_ROWS = 20
#: The most rows a header band spans, its column-number row included.
MAX_BAND_ROWS = 5
#: A year in a normalised text (titles, header words).
YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
#: A quarter after its word (``tw 2``, ``triwulan iii``, ``trw il``), in a normalised text.
_QUARTER = re.compile(r"\b(?:tw|triwulan|trw|tri wulan)\s*(iv|iii|ill|ii|il|i|[1-4])\b")
#: A quarter standing alone in a header cell, as the official forms write them.
_QUARTER_ALONE = re.compile(r"^(?:(?:tw|trw|triwulan|tri wulan)\s*)?(iv|iii|ill|ii|il|i|[1-4])$")
_ROMAN = {"i": 1, "ii": 2, "il": 2, "iii": 3, "ill": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_HEADER_WORDS = frozenset(
    [
        *("k", "rp", "tw", "trw", "triwulan", "target", "realisasi", "fisik", "keuangan"),
        *("kinerja", "capaian", "anggaran", "pagu", "renja", "tahun", "pada", "s", "d", "sd"),
        *("dan", "persen", "tingkat", "rata", "satuan", "kegiatan", "program", "rupiah"),
        *("i", "ii", "iii", "iv", "il", "ill", "1", "2", "3", "4", "tw1", "tw2", "tw3", "tw4"),
        *("ribu", "juta", "000"),
    ]
)
_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2})[a-z]?\)?(?:\s*=\s*[\da-z+\-x/*()%., ]+)?$")


def quarter_of(key: str) -> int | None:
    """The quarter a normalised text names after its word (``tw``, ``triwulan``), or None.

    >>> quarter_of("realisasi kinerja pada triwulan ill k"), quarter_of("tw 1"), quarter_of("k")
    (3, 1, None)
    """
    match = _QUARTER.search(key)
    return _ROMAN[match.group(1)] if match else None


def quarter_alone(key: str) -> int | None:
    """The quarter a header cell names on its own ("I", "Il ", "TW 1", "Triwulan IV"), or None.

    >>> quarter_alone("il"), quarter_alone("triwulan iv"), quarter_alone("tw1"), quarter_alone("k")
    (2, 4, 1, None)
    """
    match = _QUARTER_ALONE.match(key)
    return _ROMAN[match.group(1)] if match else None


def _cell_key(value: object) -> str:
    return _text_key(value) if isinstance(value, str) else ""


@functools.lru_cache(maxsize=65536)
def _text_key(text: str) -> str:
    """:func:`normalise_name`, remembered: title and header texts come back in every file."""
    return normalise_name(text)


def _is_header_row(row: Sequence[object]) -> bool:
    return _is_header_cells(tuple(row))


@functools.lru_cache(maxsize=4096)
def _is_header_cells(row: tuple[object, ...]) -> bool:
    keys = [_cell_key(v) for v in row]
    has_label = any(
        re.search(r"\b(?:indikator|sasaran|uraian)\b", k) and "target" not in k for k in keys
    )
    has_value = any(re.search(r"\b(?:target|realisasi|pagu|anggaran)\b", k) for k in keys)
    return has_label and has_value


def _is_header_word_row(row: Sequence[object]) -> bool:
    """True for a row made only of header words (K, Rp, TW I, ...), i.e. a header continuation."""
    return _is_header_word_cells(tuple(row))


@functools.lru_cache(maxsize=4096)
def _is_header_word_cells(row: tuple[object, ...]) -> bool:
    cells = [v for v in row if v not in ("", None)]
    if not cells or not all(isinstance(v, str) for v in cells):
        return False
    return all(
        set(_cell_key(v).split()) <= _HEADER_WORDS or YEAR.fullmatch(_cell_key(v))
        for v in cells
        if _cell_key(v)
    )


def is_column_number_row(row: Sequence[object]) -> bool:
    """True for the row of column numbers of an E.81 header (``1 2 3 ... 13 = 9+10+11+12``).

    >>> is_column_number_row(["1", "2", "3", "6a", "6b", "7", "12 = 11/6a x 100%"])
    True
    >>> is_column_number_row([1, "Jumlah ibu hamil", 1200])
    False
    """
    return _is_column_number_cells(tuple(row))


@functools.lru_cache(maxsize=4096)
def _is_column_number_cells(row: tuple[object, ...]) -> bool:
    """:func:`is_column_number_row`, remembered: the rows under a header repeat per template."""
    cells = [v for v in row if v not in ("", None)]
    if len(cells) < 3:
        return False
    numbers = []
    for v in cells:
        text = f"{v:g}" if isinstance(v, float) else str(v).strip().casefold()
        match = _COLUMN_NUMBER.match(text)
        if not match:
            return False
        if "=" not in text:  # "13=6+12" names a computed column, not its position
            numbers.append(int(match.group(1)))
    return numbers == sorted(numbers) and len(numbers) >= 3


@dataclass(frozen=True)
class Band:
    """A header band: its 0-based first and last rows, the row of column numbers in it (or
    None), and per column the header texts from top to bottom as written (merges spread)."""

    first: int
    last: int
    numbers: int | None
    texts: tuple[tuple[str, ...], ...]

    @property
    def body_start(self) -> int:
        """The 0-based first row under the band."""
        return self.last + 1

    @property
    def label_rows(self) -> list[int]:
        """The 0-based rows of the band that hold labels (not the column numbers)."""
        return [r for r in range(self.first, self.last + 1) if r != self.numbers]


def _band_rows(sheet: Sheet, first: int) -> tuple[int, int | None]:
    """The last row of the band that starts at ``first``, and its column-number row."""
    rows = sheet.rows
    limit = min(len(rows) - 1, first + MAX_BAND_ROWS - 1)
    merged_last = max(
        (min(r1, limit) for (r0, _), (r1, _) in sheet.merged if r0 == first), default=first
    )
    numbers = None
    for r in range(first + 1, merged_last + 1):
        if numbers is None and is_column_number_row(rows[r]):
            numbers = r
    last = merged_last
    while last < limit:
        row = rows[last + 1]
        if numbers is None and is_column_number_row(row):
            numbers = last + 1
        elif not _is_header_word_row(row):
            break
        last += 1
    return last, numbers


#: A merged range met by the header band: (first row, first column, last row, last column) with
#: rows counted among the band's label rows, and the value of its top-left cell.
_Merge = tuple[int, int, int, int, object]


def _filled_header(
    rows: Sequence[Sequence[object]], merged: Iterable[_Merge]
) -> list[list[object]]:
    """The header rows with merged group labels spread over the columns they cover."""
    band = [list(row) for row in rows]
    for r0, c0, r1, c1, top in merged:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if c < len(band[r]) and band[r][c] in ("", None):
                    band[r][c] = top
    width = len(band[0])
    for level in range(len(band) - 1):
        for c in range(1, width):
            below = any(band[lower][c] not in ("", None) for lower in range(level + 1, len(band)))
            if band[level][c] in ("", None) and below:
                band[level][c] = band[level][c - 1]
    return band


def _band_merges(sheet: Sheet, label_rows: list[int]) -> tuple[_Merge, ...]:
    """The merged ranges met by the label rows, their rows renumbered among the label rows."""
    rows = sheet.rows
    merges = []
    first, last = label_rows[0], label_rows[-1]
    for (r0, c0), (r1, c1) in sheet.merged:
        if r1 < first or r0 > last:  # most merges: titles above, cells below the header
            continue
        inside = [i for i, r in enumerate(label_rows) if r0 <= r <= r1]
        if inside:
            top = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else ""
            merges.append((inside[0], c0, inside[-1], c1, top))
    return tuple(merges)


@functools.lru_cache(maxsize=1024)
def _band_texts(
    rows: tuple[tuple[object, ...], ...], merged: tuple[_Merge, ...]
) -> tuple[tuple[str, ...], ...]:
    """Per column, the distinct header texts from top to bottom, as written (spaces collapsed);
    remembered: most files share a template."""
    band = _filled_header(rows, merged)
    columns = []
    for c in range(len(band[0])):
        keys: list[str] = []
        texts: list[str] = []
        for level in band:
            value = level[c]
            text = " ".join(value.split()) if isinstance(value, str) else ""
            key = _cell_key(value) or text  # "%" has no letters but is a label
            if key and key not in keys:
                keys.append(key)
                texts.append(text)
        columns.append(tuple(texts))
    return tuple(columns)


def header_band(sheet: Sheet) -> Band | None:
    """The header band of a sheet, or None when the sheet has none."""
    rows = sheet.rows
    for i in range(min(HEADER_SCAN_ROWS, len(rows))):
        if _is_header_row(rows[i]):
            last, numbers = _band_rows(sheet, i)
            label_rows = [r for r in range(i, last + 1) if r != numbers]
            texts = _band_texts(
                tuple(tuple(rows[r]) for r in label_rows), _band_merges(sheet, label_rows)
            )
            return Band(i, last, numbers, texts)
    return None


def find_tables(sheets: Iterable[Sheet]) -> Iterable[tuple[Sheet, Band] | bool]:
    """Each sheet with an E.81 header and its band, parsing the sheets as they are asked for;
    ends with False when no sheet held anything at all (an empty file)."""
    any_content = False
    found = False
    for sheet in sheets:
        band = header_band(sheet)
        if band is not None:
            found = True
            yield sheet, band
        elif not any_content:
            any_content = any(v not in ("", None) for row in sheet.rows for v in row)
    if not found and not any_content:
        yield False
