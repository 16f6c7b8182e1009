"""The header of an E.81 table: where it is, what each column holds, where the data rows start.

The header is found by content (DESIGN §4.2): the first row (of the first
:data:`HEADER_SCAN_ROWS`) holding an Indikator-like cell and a Target/Realisasi-like cell; up to
two more rows made only of header words (K, Rp, TW I, ...) belong to it. Merged group labels are
spread over the merged range, and a blank header cell above a labelled sub-column takes the group
label on its left (CSV exports lose merges). Each column's combined label is classified into a
raw-frame field (:func:`classify_column`); a row of column numbers under the header is skipped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from sae_analysis.ingest.catalogues import normalise_name
from sae_analysis.ingest.grid import Sheet, column_letter
from sae_analysis.ingest.quality import QualityLog
from sae_analysis.ingest.rawframe import QUARTERS

HEADER_SCAN_ROWS = 20
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER = re.compile(r"\b(?:tw|triwulan|trw|tri wulan)\s*(iv|iii|ii|i|[1-4])\b")
#: A year in a normalised text (titles, header words).
YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
_CUMULATIVE = re.compile(r"\b(?:s d|sd|sampai|kumulatif)\b")
_HEADER_WORDS = frozenset(
    [
        "k",
        "rp",
        "tw",
        "trw",
        "triwulan",
        "target",
        "realisasi",
        "fisik",
        "keuangan",
        "kinerja",
        "capaian",
        "anggaran",
        "pagu",
        "renja",
        "i",
        "ii",
        "iii",
        "iv",
        "1",
        "2",
        "3",
        "4",
        "tahun",
        "pada",
        "s",
        "d",
        "sd",
        "dan",
        "persen",
        "tingkat",
        "rata",
        "satuan",
        "kegiatan",
        "program",
    ]
)
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?(?:\s*=\s*[\d+\-x/*() ]+)?$")


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
    cells = [v for v in row if v not in ("", None)]
    if not cells or not all(isinstance(v, str) for v in cells):
        return False
    return all(
        set(_cell_key(v).split()) <= _HEADER_WORDS or YEAR.fullmatch(_cell_key(v))
        for v in cells
        if _cell_key(v)
    )


def _is_column_number_row(row: Sequence[object]) -> bool:
    """True for the row of column numbers under an E.81 header (``1 2 3 ... 13=6+12``)."""
    cells = [v for v in row if v not in ("", None)]
    if len(cells) < 3:
        return False
    numbers = []
    for v in cells:
        text = f"{v:g}" if isinstance(v, float) else str(v).strip()
        if not _COLUMN_NUMBER.match(text):
            return False
        if "=" not in text:  # "13=6+12" names a computed column, not its position
            numbers.append(int(text.strip("()")))
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def _header_band(sheet: Sheet) -> tuple[int, int] | None:
    """(first, last) 0-based rows of the header, or None when the sheet has none."""
    rows = sheet.rows
    for i in range(min(HEADER_SCAN_ROWS, len(rows))):
        if _is_header_row(rows[i]):
            last = i
            while last - i < 2 and last + 1 < len(rows) and _is_header_word_row(rows[last + 1]):
                last += 1
            return i, last
    return None


#: A merged range met by the header band: (first row, first column, last row, last column) with
#: rows counted from the band's first row, and the value of its top-left cell.
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


def _header_labels(sheet: Sheet, first: int, last: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Per column: the normalised combined label, and the label as written for log lines."""
    rows = sheet.rows
    merged = tuple(
        (
            max(r0, first) - first,
            c0,
            min(r1, last) - first,
            c1,
            rows[r0][c0] if r0 < len(rows) else "",
        )
        for (r0, c0), (r1, c1) in sheet.merged
        if r0 <= last and r1 >= first
    )
    return _band_labels(tuple(tuple(rows[r]) for r in range(first, last + 1)), merged)


@functools.lru_cache(maxsize=1024)
def _band_labels(
    rows: tuple[tuple[object, ...], ...], merged: tuple[_Merge, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """:func:`_header_labels` of a header band, remembered: most files share a template."""
    band = _filled_header(rows, merged)
    labels, shown = [], []
    for c in range(len(band[0])):
        keys: list[str] = []
        texts: list[str] = []
        for level in band:
            key = _cell_key(level[c])
            if key and key not in keys:
                keys.append(key)
                texts.append(" ".join(str(level[c]).split()))
        labels.append(" ".join(keys))
        shown.append(f"{column_letter(c)} ({' / '.join(texts)})")
    return tuple(labels), tuple(shown)


def quarter_of(key: str) -> int | None:
    match = _QUARTER.search(key)
    return _ROMAN[match.group(1)] if match else None


def classify_column(label: str) -> str | None:
    """The raw-frame field a header label feeds, or None for columns not read.

    >>> classify_column("realisasi kinerja pada triwulan tw ii rp")
    'rp_tw2'
    >>> classify_column("Target Renja Tahun 2026 (K)"), classify_column("Pagu")
    ('target', 'ceiling')
    >>> classify_column("Realisasi Fisik (%)"), classify_column("Target TW-III")
    ('physical_pct', 'target_tw3')
    """
    key = normalise_name(label)
    words = set(key.split())
    # "(K)" wins over a group label like "Target Kinerja dan Anggaran"; "(Rp)" over everything.
    is_rp = "rp" in words or ("k" not in words and bool(words & {"anggaran", "pagu", "keuangan"}))
    quarter = quarter_of(key)
    simple = {"no": "row_no", "nomor": "row_no", "no urut": "row_no"}
    if key in simple:
        return simple[key]
    if "fisik" in words:
        return "physical_pct"
    if "kode" in words:
        return "code"
    if words & {"indikator", "sasaran", "uraian"}:
        return "indicator"
    if "satuan" in words:
        return "unit"
    if words & {"keterangan", "penghambat", "catatan", "kendala"}:
        return "remarks"
    if "perangkat daerah" in key or words & {"opd", "skpd"}:
        return "opd"
    if words & {"capaian", "tingkat"} or _CUMULATIVE.search(key):
        return None
    if "target" in words or ("realisasi" not in words and words & {"pagu", "anggaran"}):
        if quarter:
            return None if is_rp else f"target_tw{quarter}"
        return "ceiling" if is_rp else "target"
    if quarter:
        return f"rp_tw{quarter}" if is_rp else f"k_tw{quarter}"
    return None


@functools.lru_cache(maxsize=4096)
def _field_of_label(label: str) -> str | None:
    """:func:`classify_column`, remembered: the same header texts come back in every file."""
    return classify_column(label)


def header_fields(
    sheet: Sheet, first: int, last: int
) -> tuple[dict[str, int], dict[str, str], int]:
    """The fields the columns of a header band feed: each field's (first) column index, that
    column as written for log lines, and the number of header columns."""
    labels, shown_labels = _header_labels(sheet, first, last)
    fields: dict[str, int] = {}
    for index, label in enumerate(labels):
        name = _field_of_label(label)
        if name is not None and name not in fields:
            fields[name] = index
    return fields, {name: shown_labels[i] for name, i in fields.items()}, len(labels)


def body_start(rows: Sequence[Sequence[object]], last: int) -> int:
    """The 0-based first row under a header band that ends at ``last``: a row of column numbers
    right under the header is skipped."""
    start = last + 1
    if start < len(rows) and _is_column_number_row(rows[start]):
        start += 1
    return start


def find_table(sheets: Iterable[Sheet]) -> tuple[Sheet, tuple[int, int]] | bool | None:
    """The first sheet with an E.81 header and its header band; False when every sheet is empty."""
    any_content = False
    for sheet in sheets:
        band = _header_band(sheet)
        if band is not None:
            return sheet, band
        any_content = any_content or any(v not in ("", None) for row in sheet.rows for v in row)
    return None if any_content else False


#: Fields a table cannot do without, with the header names used in the message.
_REQUIRED_COLUMNS = {
    "indicator": "Indikator Kinerja",
    "target": "Target (K)",
    "k_tw": "Realisasi Kinerja TW I..IV (K)",
}


def check_columns(
    fields: dict[str, int], *, shown: str, sheet: str, header_row: int, log: QualityLog
) -> None:
    """Log the required columns a header lacks (the rows still flow with those fields empty)."""
    present = set(fields) | ({"k_tw"} if any(f"k_tw{q}" in fields for q in QUARTERS) else set())
    missing = [label for name, label in _REQUIRED_COLUMNS.items() if name not in present]
    if missing:
        log.add(
            "error",
            "columns_missing",
            file=shown,
            sheet=sheet,
            row=header_row,
            detail=", ".join(missing),
        )
