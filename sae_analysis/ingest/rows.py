"""The rows under an E.81 header, classified before their cells are read.

Every row from the one under the header band to the last filled row is put in one class:

- ``data``: a row of the table (an indicator, or a hierarchy row: urusan, bidang urusan,
  program, kegiatan, sub kegiatan; :mod:`~sae_analysis.ingest.hierarchy` tells them apart);
- ``footer``: averages, "Predikat kinerja", bare totals, and unlabelled rows of numbers (the
  ratio rows under a programme): skipped, also in the middle of the table;
- ``narrative`` (faktor pendorong / penghambat, tindak lanjut) and ``signature`` (Disusun,
  Mengetahui, Kepala ..., a place and date, NIP): the first of them ends the table, and every
  filled row after it is narrative or signature;
- ``label``: a row inside the table that names the agency ("Perangkat Daerah : ..."): skipped,
  and read as a title (it names the OPD);
- ``hidden``: a row hidden in the workbook (the form the agency printed and signed does not
  show it); ``blank``: nothing in it.

A row's class comes from its first filled cell and from whether it has a label (No, Kode,
Program/Kegiatan, Indikator or Satuan): rows of numbers without any are footers. Held here,
where DESIGN is silent: "Jumlah ..." also starts indicator names, so a total row is recognised
only as a bare word; two indicators numbered in one cell ("1. Nilai LHE AKIP 2. Indeks Kepuasan
Masyarakat") are split into one row each when their units and values are numbered alike
(:func:`split_numbered`), and logged.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from sae_analysis.ingest.grid import Sheet
from sae_analysis.ingest.numbers import blank_cells

_MONTHS = "januari februari maret april mei juni juli agustus september oktober november desember"
_NARRATIVE = re.compile(r"^(?:faktor (?:pendorong|penghambat)|tindak lanjut)")
_SIGNATURE = re.compile(
    r"^(?:disusun|dibuat|mengetahui|menyetujui|dievaluasi|diverifikasi|nip\b|ttd\b|"
    r"tanda tangan|kepala$|kepala (?:dinas|badan|kantor|bagian|satuan|pelaksana|sub)|plt\b|pj\b|"
    r"a n\b|an kepala|sekretaris daerah|[a-z ]+ \d{1,2} \d{1,2} \d{2,4}$|"
    rf"[a-z ]+ \d{{1,2}} (?:{_MONTHS.replace(' ', '|')}) \d{{4}}$)"
)
_FOOTER = re.compile(
    r"^(?:rata rata|rata2|predikat)\b|^(?:jumlah|total|sub ?total|jumlah total|grand total)$"
)
_LABEL = re.compile(r"^(?:perangkat daerah|opd|skpd|unit kerja|satuan kerja)\s*:", re.IGNORECASE)
_KEY = re.compile(r"[^0-9a-z]+")
_NUMBERED = re.compile(r"(?:^|\s)(\d{1,2})[.)]\s+")
_FIRST_ITEM = re.compile(r"^\s*1[.)]\s", re.MULTILINE)
#: Fields that label a row; a row of numbers with none of them is a footer (a ratio row).
LABEL_FIELDS = ("row_no", "activity", "indicator", "unit")


@functools.lru_cache(maxsize=65536)
def text_class(text: str) -> str:
    """The class a row's first filled cell gives it: ``narrative``, ``signature``, ``footer``,
    ``label`` or ``data``.

    Remembered per text: program codes and labels repeat in every quarter's file of an OPD.

    >>> text_class("Rata-rata capaian kinerja (%)"), text_class("NIP. 19700101 199001 1 001")
    ('footer', 'signature')
    >>> text_class("Kraksaan, 15 Januari 2026"), text_class("Faktor penghambat: hujan")
    ('signature', 'narrative')
    >>> text_class("Perangkat Daerah : Dinas Sosial"), text_class("Jumlah ibu hamil")
    ('label', 'data')
    """
    key = _KEY.sub(" ", text.casefold()).strip()
    if _NARRATIVE.search(key):
        return "narrative"
    if _SIGNATURE.search(key):
        return "signature"
    if _FOOTER.search(key):
        return "footer"
    return "label" if _LABEL.match(text.strip()) else "data"


@dataclass
class Body:
    """The table's data rows (cells, blank mask, Excel rows) and the Excel rows of each class
    that is not data, in order; ``labels``: the label rows' Excel rows and texts."""

    cells: np.ndarray
    blank: np.ndarray
    rows: np.ndarray
    skipped: dict[str, list[int]] = field(default_factory=dict)
    labels: list[tuple[int, str]] = field(default_factory=list)


def grid(rows: Sequence[Sequence[object]], *, width: int) -> np.ndarray:
    """The rows as a 2-D object array at least ``width`` columns wide (short rows padded with
    empty cells, ``""``)."""
    lengths = set(map(len, rows))
    full = max(width, *lengths) if lengths else width
    if lengths == {full}:
        return np.array(rows, dtype=object)  # a third quicker than filling an empty array
    cells = np.full((len(rows), full), "", dtype=object)
    for i, row in enumerate(rows):
        cells[i, : len(row)] = row
    return cells


#: Row classes, by the small integers the classification works with.
CLASSES = ("data", "footer", "narrative", "signature", "label", "hidden", "blank")
_CLASS_INDEX = {name: i for i, name in enumerate(CLASSES)}
_DATA_ROW, _FOOTER_ROW, _NARRATIVE_ROW, _SIGNATURE_ROW, _LABEL_ROW, _HIDDEN_ROW, _BLANK_ROW = range(
    len(CLASSES)
)


@functools.lru_cache(maxsize=65536)
def _text_index(text: str) -> int:
    """:func:`text_class` as an index into :data:`CLASSES`."""
    return _CLASS_INDEX[text_class(text)]


def _classes(cells: np.ndarray, filled: np.ndarray, labelled: np.ndarray) -> np.ndarray:
    """The class of each row as an index into :data:`CLASSES` (``hidden`` is set by the
    caller)."""
    leads = cells[np.arange(len(cells)), filled.argmax(axis=1)] if cells.size else cells[:, 0]
    kinds = np.array(
        [_text_index(v) if type(v) is str else _DATA_ROW for v in leads], dtype=np.int8
    )
    any_filled = filled.any(axis=1)
    ends = np.flatnonzero((kinds == _NARRATIVE_ROW) | (kinds == _SIGNATURE_ROW))
    end = ends[0] if len(ends) else len(kinds)
    position = np.arange(len(kinds))
    classes = np.where(any_filled, kinds, _BLANK_ROW).astype(np.int8)
    classes[(position > end) & any_filled & (kinds != _NARRATIVE_ROW)] = _SIGNATURE_ROW
    classes[(position < end) & any_filled & (kinds == _DATA_ROW) & ~labelled] = _FOOTER_ROW
    return classes


def table_body(sheet: Sheet, start: int, *, width: int, label_columns: Sequence[int]) -> Body:
    """The rows from ``start`` (0-based) classified; ``label_columns``: the columns that label
    a row (No, Kode, Program/Kegiatan, Indikator, Satuan)."""
    cells = grid(sheet.rows[start:], width=width)
    # a sheet's empty cells are "" (grid.Sheet): one comparison, not pandas' isna as well
    blank = cells == ""
    filled = ~blank
    labelled = filled[:, list(label_columns)].any(axis=1) if label_columns else filled.any(axis=1)
    classes = _classes(cells, filled, labelled)
    for row in sheet.marks.hidden_rows:
        if 0 <= row - start < len(classes) and classes[row - start] != _BLANK_ROW:
            classes[row - start] = _HIDDEN_ROW
    kept = np.flatnonzero(classes == _DATA_ROW)
    skipped: dict[str, list[int]] = {}
    labels = []
    if len(kept) < len(classes):  # a few rows per file: plain Python is quicker than numpy here
        found = classes.tolist()
        last = max((i for i, kind in enumerate(found) if kind != _BLANK_ROW), default=-1)
        for i, kind in enumerate(found):
            # blank rows after the last filled row are not part of the table
            if kind != _DATA_ROW and (kind != _BLANK_ROW or i < last):
                skipped.setdefault(CLASSES[kind], []).append(start + i + 1)
            if kind == _LABEL_ROW:
                labels.append((start + i + 1, " ".join(str(v) for v in cells[i][filled[i]])))
    return Body(cells[kept], blank[kept], kept + start + 1, skipped, labels)


def numbered(text: object) -> list[str] | None:
    """The items of a cell numbered "1. ... 2. ...", or None for a cell that is not.

    >>> numbered("1. Nilai LHE AKIP Perangkat Daerah 2. Indeks Kepuasan Masyarakat")
    ['Nilai LHE AKIP Perangkat Daerah', 'Indeks Kepuasan Masyarakat']
    >>> numbered("1. - 2. 82,75"), numbered("12.500"), numbered("1. satu")
    (['-', '82,75'], None, None)
    """
    if not isinstance(text, str) or "1" not in text:
        return None
    pieces = _NUMBERED.split(text.strip())
    if pieces[0].strip() or len(pieces) < 5:
        return None
    numbers, items = pieces[1::2], [p.strip() for p in pieces[2::2]]
    if numbers != [str(n) for n in range(1, len(numbers) + 1)] or not all(items):
        return None
    return items


def split_numbered(body: Body, *, indicator: int, columns: Sequence[int]) -> list[int]:
    """Split each row whose indicator cell numbers several indicators into one row each, in
    place; ``columns``: the columns whose cells are split alike (unit, target, K). A cell
    numbered alike is split; any other cell stays on the first row. Returns the Excel rows
    split (for the log)."""
    texts = "\n".join(map(str, body.cells[:, indicator].tolist()))
    # one search over the column, not one per cell; the substring test first, it is quicker
    if ("1." not in texts and "1)" not in texts) or not _FIRST_ITEM.search(texts):
        return []
    split_rows: list[int] = []
    out_cells, out_blank, out_rows = [], [], []
    for cells, blank, row in zip(body.cells, body.blank, body.rows, strict=True):
        items = numbered(cells[indicator])
        if items is None:
            out_cells.append(cells)
            out_blank.append(blank)
            out_rows.append(row)
            continue
        split_rows.append(int(row))
        for k, item in enumerate(items):
            part = cells.copy() if k == 0 else np.full(len(cells), "", dtype=object)
            part[indicator] = item
            for c in columns:
                values = numbered(cells[c])
                if values is not None and len(values) == len(items):
                    part[c] = values[k]
            out_cells.append(part)
            out_blank.append(blank_cells(part))
            out_rows.append(row)
    if split_rows:
        body.cells = np.array(out_cells, dtype=object).reshape(len(out_cells), body.cells.shape[1])
        body.blank = np.array(out_blank, dtype=bool).reshape(body.cells.shape)
        body.rows = np.array(out_rows, dtype=body.rows.dtype)
    return split_rows
