"""Reading OPD submissions (form E.81 as xlsx/xls/csv) into raw frames, and BPS-style wide tables.

A submission is read as it is (DESIGN §4.2, ARCHITECTURE "The E.81 submission layout"):

- the header is found by content: the first row (of the first 20) holding an Indikator-like cell
  and a Target/Realisasi-like cell; up to two more rows made only of header words (K, Rp, TW I,
  ...) belong to it. Merged group labels are spread over the merged range, and a blank header
  cell above a labelled sub-column takes the group label on its left (CSV exports lose merges);
- a row of column numbers under the header is skipped; footer rows end the table (signatures,
  "Disusun", "Mengetahui", "NIP") or are skipped (averages, "Predikat", totals, blank rows);
- identity: the OPD from a "PERANGKAT DAERAH : ..." title row, then any title cell, then an OPD
  column, then the file name. Year and quarter come from the folder ``<YEAR>/TW<Q>``; a title row
  naming another period is an error in the log, and the folder's period is used (the evaluator
  filed the file there; the OPD is asked to fix the title or the evaluator to move the file).
  Without the folder layout (``sae-analysis validate`` on a loose file) the title's period is used;
- rows: a label that matches the catalogue is an indicator row; a label that does not match but
  carries K values is kept with ``indicator_code`` None and an error; a row with only Rp values
  is a program row (kept for the budget, no error); a label with no values at all (a section
  heading) is skipped.

Every cell that is not a number gives a log line naming file, sheet, Excel row and column; the row
still flows with that cell missing. A file that cannot be read gives one error line and an empty
frame.

Before a file is opened it is checked (:func:`check_file`), so that a hostile or broken file costs
nothing: unreadable (permissions), empty, larger than ``config.MAX_SUBMISSION_BYTES``, an OLE2
compound file under an .xlsx name (that is how Office stores a password-protected workbook), a
zip without its central directory (truncated), or a zip whose directory declares more than
``config.MAX_UNCOMPRESSED_BYTES`` (zip bomb). Workbook XML is parsed by calamine (Rust, quick-xml),
which does not expand DTD entities; openpyxl, used only to write workbooks here, parses with
defusedxml whenever it is installed (it is a dependency; ``openpyxl.xml.DEFUSEDXML`` is True).
"""

from __future__ import annotations

import collections
import csv
import functools
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import python_calamine

from sae_analysis import config
from sae_analysis.ingest.catalogues import (
    Catalogues,
    normalise_name,
    resolve_indicator,
    resolve_opd,
    resolve_region,
)
from sae_analysis.ingest.numbers import (
    Decimal,
    ParseResult,
    blank_cells,
    column_decimal,
    numeric_columns,
    numeric_values,
    parse_numbers,
    parse_range,
)
from sae_analysis.ingest.quality import QualityLog

#: File suffixes read as submissions (case-insensitive).
SUBMISSION_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv")
QUARTERS = (1, 2, 3, 4)

#: Columns of the raw frame, in order (ARCHITECTURE "Raw frame").
RAW_COLUMNS = [
    "source_file",
    "source_sheet",
    "source_row",
    "opd_code",
    "year",
    "quarter",
    "row_no",
    "indicator_code",
    "indicator_label",
    "unit",
    "target",
    "target_low",
    "target_high",
    *[f"target_tw{q}" for q in QUARTERS],
    *[f"k_tw{q}" for q in QUARTERS],
    "ceiling",
    *[f"rp_tw{q}" for q in QUARTERS],
    "physical_pct",
    "remarks",
]
TEXT_FIELDS = ("row_no", "indicator_label", "unit", "remarks")
K_FIELDS = (*[f"target_tw{q}" for q in QUARTERS], *[f"k_tw{q}" for q in QUARTERS], "physical_pct")
RP_FIELDS = ("ceiling", *[f"rp_tw{q}" for q in QUARTERS])

#: Columns of the macro frame (DESIGN §5).
MACRO_COLUMNS = ["region_code", "region_name", "indicator_code", "year", "value", "source"]

HEADER_SCAN_ROWS = 20
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER = re.compile(r"\b(?:tw|triwulan|trw|tri wulan)\s*(iv|iii|ii|i|[1-4])\b")
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
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
_FOOTER_END = re.compile(
    r"^(?:disusun|dibuat|mengetahui|menyetujui|dievaluasi|diverifikasi|nip\b|ttd\b|"
    r"tanda tangan|kepala (?:dinas|badan|kantor|bagian|satuan|pelaksana|sub)|plt\b|pj\b|"
    r"a n\b|an kepala|sekretaris daerah|faktor pendorong|faktor penghambat|tindak lanjut|"
    r"probolinggo \d)"
)
# "Jumlah ..." also starts indicator names, so a total row is recognised only as a bare word.
_FOOTER_SKIP = re.compile(
    r"^(?:rata rata|rata2|predikat)\b|^(?:jumlah|total|sub ?total|jumlah total|grand total)$"
)
_OPD_TITLE = re.compile(
    r"(?:perangkat daerah|opd|skpd|unit kerja|satuan kerja)\s*:\s*(.+)", re.IGNORECASE
)
_FOOTER_KEY = re.compile(r"[^0-9a-z]+")
_FOLDER_QUARTER = re.compile(r"^tw\s*([1-4])$", re.IGNORECASE)


@dataclass(frozen=True)
class _Sheet:
    """One sheet as a grid: ``rows[i][j]`` is Excel row i+1, column j+1."""

    name: str
    rows: list[list[object]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]]


class _UnreadableError(Exception):
    """The file cannot be opened or decoded."""


class FileRefusedError(Exception):
    """A file refused before parsing; ``code`` is a :data:`quality.MESSAGES` id."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".ods")
# Office keeps the key of an encrypted workbook in a stream of this name (MS-OFFCRYPTO).
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


def megabytes(size: int) -> str:
    """A byte count as people read it.

    >>> megabytes(52_428_800), megabytes(1_073_741_824)
    ('50,0 MB', '1024,0 MB')
    """
    return f"{size / 1024**2:.1f} MB".replace(".", ",")


def check_file(path: Path) -> None:
    """Refuse a file that must not be parsed, by its size and first bytes only.

    Raises :class:`FileRefusedError` (permission denied, empty, too large, password-protected,
    a zip bomb) or ``_UnreadableError`` (missing, truncated zip).
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(len(_OLE2_MAGIC))
    except PermissionError as exc:
        raise FileRefusedError("file_permission") from exc
    except OSError as exc:
        raise _UnreadableError(exc.strerror or str(exc)) from exc
    if size == 0:
        raise FileRefusedError("file_empty")
    if size > config.MAX_SUBMISSION_BYTES:
        raise FileRefusedError(
            "file_too_large", size=megabytes(size), limit=megabytes(config.MAX_SUBMISSION_BYTES)
        )
    suffix = path.suffix.lower()
    if head == _OLE2_MAGIC:
        if suffix in _ZIP_SUFFIXES or _ENCRYPTION_STREAM in path.read_bytes():
            raise FileRefusedError("file_encrypted")
        return
    if suffix not in _ZIP_SUFFIXES:
        return
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise _UnreadableError(f"arsip {suffix} terpotong atau rusak: {exc}") from exc
    if expanded > config.MAX_UNCOMPRESSED_BYTES:
        raise FileRefusedError(
            "file_expands_too_much",
            size=megabytes(expanded),
            limit=megabytes(config.MAX_UNCOMPRESSED_BYTES),
        )


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


def _read_csv_grid(path: Path) -> list[_Sheet]:
    try:
        text = _decode(path.read_bytes())
    except OSError as exc:
        raise _UnreadableError(str(exc)) from exc
    if "\x00" in text:
        raise _UnreadableError("bukan berkas teks")
    rows: list[list[object]] = [
        list(r) for r in csv.reader(io.StringIO(text), delimiter=sniff_separator(text))
    ]
    width = max((len(r) for r in rows), default=0)
    return [_Sheet("", [r + [""] * (width - len(r)) for r in rows], [])]


def _iter_workbook(path: Path) -> Iterator[_Sheet]:
    """Yield the sheets of a workbook one at a time (a later sheet is read only when needed)."""
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several unrelated types for corrupt files
        raise _UnreadableError(str(exc) or type(exc).__name__) from exc
    for name in book.sheet_names:
        try:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(getattr(sheet, "merged_cell_ranges", None) or [])
        except Exception as exc:
            raise _UnreadableError(str(exc) or type(exc).__name__) from exc
        yield _Sheet(name, rows, merged)


def _iter_sheets(path: Path) -> Iterator[_Sheet]:
    if path.suffix.lower() == ".csv":
        yield from _read_csv_grid(path)
    else:
        yield from _iter_workbook(path)


@dataclass(frozen=True)
class _Opened:
    """A submission that passed :func:`check_file`, its first sheet parsed; ``sheets`` yields
    that sheet and then parses the later ones one at a time, only when asked for."""

    sheets: Iterator[_Sheet]


def _open(path: Path, *, checked: bool = False) -> _Opened:
    """Check a submission (unless ``checked``) and parse its first sheet."""
    if not checked:
        check_file(path)
    sheets = _iter_sheets(path)
    first = next(sheets, None)
    return _Opened(itertools.chain([] if first is None else [first], sheets))


#: Threads that parse the next workbooks while the current one is read: calamine (Rust)
#: releases the GIL while it parses, so on two cores this overlaps most of its time.
PREFETCH_THREADS = 2
#: How many files may be parsed ahead of the one being read (bounds the memory it takes).
PREFETCH_AHEAD = 8


def _opened(
    paths: Sequence[Path], *, prefetch: bool = True
) -> Iterator[tuple[Path, Callable[[], _Opened]]]:
    """Each path with a call giving its :class:`_Opened` (or raising what opening it raised).

    With more than one core and more than one file, the next files are parsed in
    :data:`PREFETCH_THREADS` threads, up to :data:`PREFETCH_AHEAD` ahead, in order. The
    :func:`check_file` check stays in this thread, before a file is handed to the parser: it is
    Python that does small reads, and in a thread each read would wait for the GIL.
    """
    if not prefetch or len(paths) < 2 or config.cores() < 2 or PREFETCH_THREADS < 1:
        for path in paths:
            yield path, functools.partial(_open, path)
        return
    pool = ThreadPoolExecutor(PREFETCH_THREADS, thread_name_prefix="sae-read")
    pending: collections.deque[tuple[Path, Future[_Opened]]] = collections.deque()
    try:
        for path in paths:
            try:
                check_file(path)
            except Exception as exc:  # raised again, in order, when this file is read
                future: Future[_Opened] = Future()
                future.set_exception(exc)
            else:
                future = pool.submit(_open, path, checked=True)
            pending.append((path, future))
            if len(pending) > PREFETCH_AHEAD:
                done, ready = pending.popleft()
                yield done, ready.result
        while pending:
            done, ready = pending.popleft()
            yield done, ready.result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


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
        set(_cell_key(v).split()) <= _HEADER_WORDS or _YEAR.fullmatch(_cell_key(v))
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


def _header_band(sheet: _Sheet) -> tuple[int, int] | None:
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


def _header_labels(sheet: _Sheet, first: int, last: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
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


def _quarter_of(key: str) -> int | None:
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
    quarter = _quarter_of(key)
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


def _period_from_path(path: Path) -> tuple[int | None, int | None]:
    match = _FOLDER_QUARTER.match(path.parent.name)
    year_name = path.parent.parent.name
    if match and re.fullmatch(r"\d{4}", year_name):
        return int(year_name), int(match.group(1))
    return None, None


def _title_texts(rows: list[list[object]], upto: int) -> list[str]:
    """Each title row's non-empty cells joined by spaces (label and value may sit in two cells)."""
    texts = []
    for row in rows[:upto]:
        cells = [str(v).strip() for v in row if isinstance(v, str) and v.strip()]
        if cells:
            texts.append(" ".join(cells))
    return texts


def _period_from_titles(titles: list[str]) -> tuple[int | None, int | None]:
    year = quarter = None
    for text in titles:
        key = normalise_name(text)
        if quarter is None and (q := _quarter_of(key)):
            quarter = q
            year_match = _YEAR.search(key)
            year = int(year_match.group(1)) if year_match else year
        elif year is None and key.startswith(("tahun", "periode")) and (m := _YEAR.search(key)):
            year = int(m.group(1))
    return year, quarter


def _opd_from_titles(titles: list[str], catalogues: Catalogues) -> str | None:
    for text in titles:
        match = _OPD_TITLE.search(text)
        if match and (code := resolve_opd(match.group(1), catalogues)):
            return code
    for text in titles:
        if code := resolve_opd(text, catalogues):
            return code
    return None


def _relative(path: Path, raw_dir: Path | None) -> str:
    """``path`` as named in messages: relative to ``raw_dir`` where it lies inside it."""
    if raw_dir is not None:
        # a path listed from raw_dir is inside it as written: no file-system calls (resolving
        # both took 0.5 ms a file); only another spelling of the folder needs resolving
        if path.is_absolute() == Path(raw_dir).is_absolute() and ".." not in path.parts:
            try:
                return path.relative_to(raw_dir).as_posix()
            except ValueError:
                pass
        try:
            return path.resolve().relative_to(Path(raw_dir).resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def empty_raw_frame() -> pd.DataFrame:
    """A raw frame with no rows and the columns and dtypes of :data:`RAW_COLUMNS`."""
    # built once: it is asked for once per file, and building it costs ~14 ms (benchmarks/)
    return _empty_raw_template().copy()


@functools.cache
def _empty_raw_template() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=float) for c in RAW_COLUMNS})
    text = ["source_file", "source_sheet", "opd_code", "indicator_code", *TEXT_FIELDS]
    return frame.astype({**dict.fromkeys(text, "str"), "source_row": "int64"}).astype(
        {"year": "Int64", "quarter": "Int64"}
    )


def _shown_text(value: object) -> str | None:
    """A cell as stripped text; integral numbers without ".0"; blanks as None."""
    if type(value) is str:  # nearly every text cell: skip the checks below
        return value.strip() or None
    if value is None or pd.isna(value):
        return None
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:g}"
    return str(value).strip() or None


def _text_values(values: np.ndarray) -> np.ndarray:
    """Cell values as text (:func:`_shown_text`), an object array."""
    shown = np.empty(len(values), dtype=object)
    # nearly every cell is text: strip it here rather than call _shown_text for it
    shown[:] = [(v.strip() or None) if type(v) is str else _shown_text(v) for v in values]
    return shown


@dataclass
class _Context:
    """Where the cells being read come from, for log lines.

    ``number_cells`` are the file's cells of numeric columns; the file's decimal convention
    (:attr:`decimal`) is worked out from them only when a column holds text.
    """

    file: str
    sheet: str
    opd_code: str | None
    log: QualityLog
    number_cells: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))

    @functools.cached_property
    def decimal(self) -> Decimal:
        """Decimal convention of the file's number cells written as text, settling a lone
        ``1.234`` in a column that shows no convention of its own."""
        cells = pd.unique(self.number_cells.ravel())
        return column_decimal([v for v in cells if isinstance(v, str) and v])

    def cell_issue(self, row: int, column: str, raw: object, result: ParseResult) -> None:
        """Log one unparseable (error) or ambiguous (warning) cell."""
        ambiguous = result.status == "ambiguous"
        readings = (
            {
                "read": format_number(result.value, self.log.lang),
                "other": format_number(result.alternative, self.log.lang),
            }
            if ambiguous
            else {}
        )
        self.log.add(
            "warning" if ambiguous else "error",
            result.reason,
            file=self.file,
            sheet=self.sheet,
            row=row,
            column=column,
            value=raw,
            opd_code=self.opd_code,
            **readings,
        )


def format_number(value: float | None, lang: str = "id") -> str:
    """A number as people write it in messages: decimal comma in Indonesian.

    >>> format_number(1.234), format_number(1234.0), format_number(1.5, "en")
    ('1,234', '1234', '1.5')
    """
    if value is None:
        return ""
    text = f"{value:.10g}"
    return text.replace(".", ",") if lang == "id" else text


#: Raw-frame columns that hold one value per file.
_FILE_COLUMNS = ("source_file", "source_sheet", "opd_code", "year", "quarter")


@dataclass(frozen=True)
class _Part:
    """The rows one submission gives the raw frame: per-row ``columns`` (arrays of equal length)
    and the per-file values of :data:`_FILE_COLUMNS` in ``constants``."""

    columns: dict[str, np.ndarray]
    constants: dict[str, object]

    def __len__(self) -> int:
        return len(self.columns["source_row"])


def _raw_frame(parts: Sequence[_Part]) -> pd.DataFrame:
    """One raw frame from the parts of many files, built once (no frame per file)."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return empty_raw_frame()
    counts = [len(p) for p in parts]
    file_of_row = np.repeat(np.arange(len(parts)), counts)
    dtypes = _empty_raw_template().dtypes
    data = {}
    for name in RAW_COLUMNS:
        if name in _FILE_COLUMNS:
            per_file = np.empty(len(parts), dtype=object)
            per_file[:] = [p.constants[name] for p in parts]
            if _is_arrow_text(dtypes[name]) and (text := _arrow_text(per_file)) is not None:
                data[name] = text.take(file_of_row).to_pandas(types_mapper=_text_type)
                continue
            values = per_file[file_of_row]
        else:
            values = np.concatenate([p.columns[name] for p in parts])
        data[name] = _column(values, dtypes[name])
    return pd.DataFrame(data)


def _is_arrow_text(dtype: object) -> bool:
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


def _text_type(arrow_type: pa.DataType) -> pd.api.extensions.ExtensionDtype | None:
    """The pandas type of arrow text: the default ``str`` (NaN for missing)."""
    return pd.StringDtype("pyarrow", na_value=np.nan) if arrow_type == pa.string() else None


def _arrow_text(values: np.ndarray) -> pa.Array | None:
    """Text cells (str or None) as an arrow array, or None when a cell is something else."""
    try:
        return pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None


def _column(values: np.ndarray, dtype: object) -> pd.Series:
    """A raw-frame column; text goes straight to arrow, which is five times faster than
    pandas' own conversion of an object array."""
    if _is_arrow_text(dtype) and (text := _arrow_text(values)) is not None:
        return text.to_pandas(types_mapper=_text_type)
    return pd.Series(values, dtype=dtype, copy=False)


class _Reader:
    """Reads submissions into :class:`_Part` objects, remembering what repeats across files
    (indicator resolution by code, label and OPD) for one set of catalogues."""

    def __init__(self, catalogues: Catalogues, log: QualityLog) -> None:
        self.catalogues = catalogues
        self.log = log
        self._indicators: dict[tuple[str | None, str | None, str | None], str | None] = {}
        self._code_columns: dict[tuple[object, ...], np.ndarray] = {}

    def read(
        self, path: Path, shown: str, opened: Callable[[], _Opened] | None = None
    ) -> _Part | None:
        """One file's rows; problems go to the log, a file that cannot be read gives None.

        ``opened`` gives the file checked and opened (:func:`_opened` runs it ahead).
        """
        log = self.log
        try:
            return self._read(path, shown, (opened or functools.partial(_open, path))())
        except FileRefusedError as exc:
            log.add("error", exc.code, file=shown, **exc.params)
        except _UnreadableError as exc:
            log.add("error", "file_unreadable", file=shown, detail=str(exc)[:200])
        except Exception as exc:  # one strange file must not stop a scheduled run (DESIGN §8)
            detail = f"{type(exc).__name__}: {exc}"[:200]
            log.add("error", "file_unreadable", file=shown, detail=detail)
        return None

    def indicator(self, code: str | None, label: str | None, opd_code: str | None) -> str | None:
        """The catalogue code of a row (resolved once per distinct code, label and OPD)."""
        key = (code, label, opd_code)
        if key not in self._indicators:
            self._indicators[key] = resolve_indicator(
                label, self.catalogues, code=code, opd_code=opd_code
            )
        return self._indicators[key]

    def indicator_codes(
        self, code_text: np.ndarray, labels: np.ndarray, opd_code: str | None
    ) -> np.ndarray:
        """The catalogue code of each row of a file, remembered per whole column: an OPD sends
        the same rows every quarter. Do not write to the array returned."""
        key = (tuple(code_text), tuple(labels), opd_code)
        codes = self._code_columns.get(key)
        if codes is None:
            codes = np.empty(len(labels), dtype=object)
            codes[:] = [
                self.indicator(code, label, opd_code)
                for code, label in zip(code_text, labels, strict=True)
            ]
            self._code_columns[key] = codes
        return codes

    def _read(self, path: Path, shown: str, opened: _Opened) -> _Part | None:
        log, catalogues = self.log, self.catalogues
        found = _find_table(opened.sheets)
        if found is False:
            log.add("error", "file_empty", file=shown)
            return None
        if found is None:
            log.add("error", "header_not_found", file=shown)
            return None
        sheet, (first, last) = found
        labels, shown_labels = _header_labels(sheet, first, last)
        fields: dict[str, int] = {}
        for index, label in enumerate(labels):
            name = _field_of_label(label)
            if name is not None and name not in fields:
                fields[name] = index
        display = {name: shown_labels[i] for name, i in fields.items()}
        _check_columns(fields, shown=shown, sheet=sheet.name, header_row=first + 1, log=log)
        start = last + 1
        if start < len(sheet.rows) and _is_column_number_row(sheet.rows[start]):
            start += 1
        cells, blank, excel_rows = _table_rows(sheet.rows, start, width=len(labels))

        titles = _title_texts(sheet.rows, first)
        where = {"file": shown, "sheet": sheet.name}
        opd_column = cells[:, fields["opd"]] if "opd" in fields else None
        opd_code = _identify_opd(path, titles, opd_column, catalogues, where=where, log=log)
        year, quarter = _identify_period(path, titles, where=where, opd_code=opd_code, log=log)
        numeric = [n for n in (*K_FIELDS, *RP_FIELDS, "target") if n in fields]
        number_cells = cells[:, [fields[n] for n in numeric]]
        context = _Context(shown, sheet.name, opd_code, log, number_cells)
        # columns of numbers only (the usual case) need no text parsing: found for all at once
        plain = dict(
            zip(
                numeric,
                numeric_columns(number_cells, blank[:, [fields[n] for n in numeric]]),
                strict=True,
            )
        )
        n_rows = len(excel_rows)

        def column(name: str) -> np.ndarray:
            if name in fields:
                return cells[:, fields[name]]
            return np.full(n_rows, "", dtype=object)

        out: dict[str, np.ndarray] = {}
        for name in TEXT_FIELDS:
            out[name] = _text_values(column("indicator" if name == "indicator_label" else name))
        code_text = _text_values(column("code"))
        for name in (*K_FIELDS, *RP_FIELDS):
            if plain.get(name) is not None:
                out[name] = plain[name]
            elif name in fields:
                out[name] = _parse_field(column(name), excel_rows, name, display[name], context)
            else:
                out[name] = np.full(n_rows, np.nan)
        for name in RP_FIELDS:
            out[name] = _drop_negative(out[name], excel_rows, display.get(name, name), context)
        out.update(
            _parse_target(
                column("target"),
                excel_rows,
                display.get("target", "target"),
                context,
                numbers=plain.get("target"),
            )
        )
        out["indicator_code"] = self.indicator_codes(code_text, out["indicator_label"], opd_code)
        out["source_row"] = excel_rows
        keep = _classify_rows(out, code_text, context, column=display.get("indicator", ""))
        if not keep.all():
            out = {name: values[keep] for name, values in out.items()}
        return _Part(
            out,
            {
                "source_file": shown,
                "source_sheet": sheet.name,
                "opd_code": opd_code,
                "year": year,
                "quarter": quarter,
            },
        )


def read_submission(
    path: str | Path,
    *,
    catalogues: Catalogues,
    raw_dir: str | Path | None = None,
    log: QualityLog,
) -> pd.DataFrame:
    """Read one OPD submission into a raw frame (ARCHITECTURE "Raw frame").

    Problems go to ``log``; a file that cannot be read at all gives one error line and an empty
    frame, never an exception.
    """
    return read_submissions([path], catalogues=catalogues, raw_dir=raw_dir, log=log)


def read_submissions(
    paths: Iterable[str | Path],
    *,
    catalogues: Catalogues,
    raw_dir: str | Path | None = None,
    log: QualityLog,
    prefetch: bool = True,
) -> pd.DataFrame:
    """Read several submissions into one raw frame, as :func:`read_submission` does each.

    The log lines come file by file in the order of ``paths``; the frame is built once at the
    end, and what repeats across files (indicator lookups) is worked out once. ``prefetch``:
    parse the next workbooks in threads meanwhile (:func:`_opened`; off where every core
    already runs a reader).
    """
    reader = _Reader(catalogues, log)
    root = Path(raw_dir) if raw_dir is not None else None
    parts = []
    for path, opened in _opened([Path(p) for p in paths], prefetch=prefetch):
        part = reader.read(path, _relative(path, root), opened)
        if part is not None:
            parts.append(part)
    return _raw_frame(parts)


def _find_table(sheets: Iterable[_Sheet]) -> tuple[_Sheet, tuple[int, int]] | bool | None:
    """The first sheet with an E.81 header and its header band; False when every sheet is empty."""
    any_content = False
    for sheet in sheets:
        band = _header_band(sheet)
        if band is not None:
            return sheet, band
        any_content = any_content or any(v not in ("", None) for row in sheet.rows for v in row)
    return None if any_content else False


@functools.lru_cache(maxsize=4096)
def _field_of_label(label: str) -> str | None:
    """:func:`classify_column`, remembered: the same header texts come back in every file."""
    return classify_column(label)


@functools.lru_cache(maxsize=65536)
def _footer_kind(text: str) -> str:
    """``"end"`` for a text that ends the table, ``"skip"`` for a footer row, else ``"row"``.

    Remembered per text: program codes and labels repeat in every quarter's file of an OPD.
    """
    key = _FOOTER_KEY.sub(" ", text.casefold()).strip()
    if _FOOTER_END.search(key):
        return "end"
    return "skip" if _FOOTER_SKIP.search(key) else "row"


def _table_rows(
    rows: list[list[object]], start: int, *, width: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The data rows from ``start`` as a 2-D object grid at least ``width`` wide, its mask of
    blank cells, and their Excel row numbers: up to the first end-of-table footer, without
    skip-footers and blank rows."""
    grid = _grid(rows[start:], width=width)
    blank = blank_cells(grid)
    filled = ~blank
    # The first filled cell of a row: a number (No) on data rows, the text of a footer row.
    leads = grid[np.arange(len(grid)), filled.argmax(axis=1)] if grid.size else grid[:, 0]
    kinds = [_footer_kind(v) if type(v) is str else "row" for v in leads]
    end = kinds.index("end") if "end" in kinds else len(kinds)
    skip = np.array([kind == "skip" for kind in kinds[:end]], dtype=bool)
    kept = np.flatnonzero(filled[:end].any(axis=1) & ~skip)
    return grid[kept], blank[kept], kept + start + 1


def _grid(rows: list[list[object]], *, width: int) -> np.ndarray:
    """The rows as a 2-D object array at least ``width`` columns wide (short rows padded)."""
    full = max([width, *map(len, rows)])
    if any(len(row) != full for row in rows):
        rows = [[*row, *[None] * (full - len(row))] for row in rows]
    cells = np.empty((len(rows), full), dtype=object)
    if rows:
        cells[:] = rows
    return cells


def _parse_field(
    values: np.ndarray, rows: np.ndarray, name: str, shown: str, context: _Context
) -> np.ndarray:
    """Parse one numeric column, logging every cell that is not a clean number.

    ``rows`` are the Excel row numbers of ``values``.
    """
    numbers = numeric_values(values)
    if numbers is not None:
        return numbers
    kind = "rp" if name in RP_FIELDS else "k"
    parsed = parse_numbers(values, kind=kind, decimal=context.decimal)
    for position, result in parsed.issues.items():
        context.cell_issue(int(rows[position]), shown, values[position], result)
    return parsed.numbers


#: Fields a table cannot do without, with the header names used in the message.
_REQUIRED_COLUMNS = {
    "indicator": "Indikator Kinerja",
    "target": "Target (K)",
    "k_tw": "Realisasi Kinerja TW I..IV (K)",
}


def _check_columns(
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


def _drop_negative(
    numbers: np.ndarray, rows: np.ndarray, shown: str, context: _Context
) -> np.ndarray:
    """Rupiah amounts cannot be negative: log each one and leave the cell empty."""
    negative = numbers < 0
    if not negative.any():
        return numbers
    parsed = numbers.copy()
    for position in np.flatnonzero(negative):
        context.log.add(
            "error",
            "amount_negative",
            file=context.file,
            sheet=context.sheet,
            row=int(rows[position]),
            column=shown,
            value=format_number(parsed[position], context.log.lang),
            opd_code=context.opd_code,
        )
    parsed[negative] = np.nan
    return parsed


def _parse_target(
    values: np.ndarray,
    rows: np.ndarray,
    shown: str,
    context: _Context,
    *,
    numbers: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """The annual K target: a number, or a range ``low - high`` filling target_low/target_high.

    ``numbers``: the column's values when it is known to hold numbers only.
    """
    low = np.full(len(values), np.nan)
    high = np.full(len(values), np.nan)
    numbers = numbers if numbers is not None else numeric_values(values)
    if numbers is not None:
        return {"target": numbers, "target_low": low, "target_high": high}
    parsed = parse_numbers(values, kind="k", decimal=context.decimal)
    target = parsed.numbers.copy()
    for position, result in parsed.issues.items():
        raw = values[position]
        bounds = parse_range(raw) if result.status == "invalid" else None
        if bounds is not None:
            low[position], high[position] = bounds
            continue
        if result.status == "invalid":
            result = ParseResult(None, "invalid", "target_invalid")
        context.cell_issue(int(rows[position]), shown, raw, result)
    return {"target": target, "target_low": low, "target_high": high}


#: Fields whose values make a row carry K (kinerja) data.
_K_DATA = (
    "target",
    "target_low",
    *[f"target_tw{q}" for q in QUARTERS],
    *[f"k_tw{q}" for q in QUARTERS],
)


def _classify_rows(
    out: dict[str, np.ndarray], code_text: np.ndarray, context: _Context, *, column: str
) -> np.ndarray:
    """Which rows to keep (drop section headings); log unknown indicators that carry K data.

    ``out`` holds the parsed fields of the file's rows, ``indicator_code`` already resolved.
    """
    codes = out["indicator_code"]
    labels = out["indicator_label"]
    has_k = np.zeros(len(codes), dtype=bool)
    for name in _K_DATA:
        has_k |= ~np.isnan(out[name])
    has_rp = np.zeros(len(codes), dtype=bool)
    for name in RP_FIELDS:
        has_rp |= ~np.isnan(out[name])
    known = pd.notna(codes)
    labelled = pd.notna(labels) | pd.notna(code_text)
    for position in np.flatnonzero(~known & has_k & labelled):
        label = labels[position]
        context.log.add(
            "error",
            "indicator_unknown",
            file=context.file,
            sheet=context.sheet,
            row=int(out["source_row"][position]),
            column=column,
            value=label if isinstance(label, str) else code_text[position],
            opd_code=context.opd_code,
        )
    return known | has_k | has_rp


def _identify_opd(
    path: Path,
    titles: list[str],
    opd_column: np.ndarray | None,
    catalogues: Catalogues,
    *,
    where: dict[str, str],
    log: QualityLog,
) -> str | None:
    """OPD from the title rows, else an OPD column, else the file name (DESIGN §4.2).

    ``where`` names the file and sheet for the log.
    """
    from_name = resolve_opd(path.stem, catalogues)
    code = _opd_from_titles(titles, catalogues)
    if code is None and opd_column is not None:
        for value in pd.Series(opd_column, dtype=object).dropna().unique():
            if code := resolve_opd(value, catalogues):
                break
    if code is None:
        code = from_name
    if code is None:
        log.add("error", "opd_unknown", **where)
    elif from_name is not None and from_name != code:
        log.add(
            "warning", "opd_file_name_differs", **where, opd=code, other=from_name, opd_code=code
        )
    return code


def _period_label(year: int | None, quarter: int | None) -> str:
    return f"TW{quarter if quarter else '?'} {year if year else '?'}"


def _identify_period(
    path: Path, titles: list[str], *, where: dict[str, str], opd_code: str | None, log: QualityLog
) -> tuple[int | None, int | None]:
    """Year and quarter from the folder, cross-checked with the title rows."""
    folder_year, folder_quarter = _period_from_path(path)
    title_year, title_quarter = _period_from_titles(titles)
    if folder_year is None:
        if title_year is None or title_quarter is None:
            log.add("error", "period_unknown", **where, opd_code=opd_code)
        return title_year, title_quarter
    differs = (title_quarter is not None and title_quarter != folder_quarter) or (
        title_year is not None and title_year != folder_year
    )
    if differs:
        log.add(
            "error",
            "period_mismatch",
            **where,
            opd_code=opd_code,
            title_period=_period_label(title_year, title_quarter),
            folder_period=_period_label(folder_year, folder_quarter),
        )
    return folder_year, folder_quarter


# --------------------------------------------------------------------------- BPS tables


def _year_of(value: object) -> int | None:
    if isinstance(value, float) and value.is_integer() and 1900 <= value <= 2100:
        return int(value)
    if isinstance(value, int) and 1900 <= value <= 2100:
        return value
    if isinstance(value, str):
        match = re.fullmatch(r"\s*((?:19|20)\d{2})\s*\**\s*(?:\(\w+\))?\s*", value)
        return int(match.group(1)) if match else None
    return None


def _macro_indicator(
    path: Path, titles: list[str], catalogues: Catalogues, *, shown: str, log: QualityLog
) -> str:
    """Indicator of a BPS table: file name stem (whole or as a prefix), else a title row."""
    stem = path.stem.casefold()
    codes = catalogues.indicator_codes
    if stem in codes:
        return codes[stem]
    prefixes = [c for c in codes if stem.startswith(c) and stem[len(c) : len(c) + 1] in "_- ."]
    if prefixes:
        return codes[max(prefixes, key=len)]
    names = catalogues.indicator_names
    for title in titles:
        key = f" {normalise_name(title)} "
        hits = [n for n in names if n and f" {n} " in key]
        found = {c for n in hits if len(n) == max(map(len, hits)) for c, _ in names[n]}
        if len(found) == 1:
            return found.pop()
    log.add("warning", "macro_indicator_unknown", file=shown, value=path.stem)
    return path.stem


def read_bps_table(path: str | Path, *, catalogues: Catalogues, log: QualityLog) -> pd.DataFrame:
    """Read a BPS-style wide table (one row per region, one column per year) into the macro frame.

    The header is the first row with two or more year cells; the region column is the other
    column whose values resolve to the most regions of ``regions.csv``; rows end at a "Sumber"
    or "Catatan" line. Regions not in the catalogue are logged and skipped; empty cells stay NaN.
    """
    path = Path(path)
    shown = path.name
    empty = pd.DataFrame({c: pd.Series(dtype="str") for c in MACRO_COLUMNS}).astype(
        {"year": "int64", "value": float}
    )
    try:
        sheet = next(iter(_iter_sheets(path)), None)
    except (_UnreadableError, OSError, csv.Error) as exc:
        log.add("error", "file_unreadable", file=shown, detail=str(exc)[:200])
        return empty
    rows = sheet.rows if sheet else []
    header = next(
        (i for i, row in enumerate(rows[:30]) if sum(_year_of(v) is not None for v in row) >= 2),
        None,
    )
    if header is None:
        log.add("error", "macro_table_not_found", file=shown)
        return empty
    years = {c: y for c, v in enumerate(rows[header]) if (y := _year_of(v)) is not None}
    texts = [
        " ".join(str(v).strip() for v in row if isinstance(v, str) and v.strip()) for row in rows
    ]
    source = next((t for t in texts if normalise_name(t).startswith("sumber")), "")
    end = next(
        (
            i
            for i in range(header + 1, len(rows))
            if normalise_name(texts[i]).startswith(("sumber", "catatan", "keterangan", "note"))
        ),
        len(rows),
    )
    body = pd.DataFrame(rows[header + 1 : end], dtype=object)
    if body.empty:
        log.add("error", "macro_table_not_found", file=shown)
        return empty
    body.index = pd.RangeIndex(header + 2, header + 2 + len(body))
    candidates = [c for c in body.columns if c not in years]
    resolved = {c: body[c].map(lambda v: resolve_region(v, catalogues)) for c in candidates}
    region_col = max(candidates, key=lambda c: (resolved[c].notna().sum(), -c))
    names = body[region_col].astype(object)
    named = names.map(lambda v: isinstance(v, str) and bool(v.strip()))
    codes = resolved[region_col]
    for row, name in names[named & codes.isna()].items():
        log.add(
            "warning",
            "region_unknown",
            file=shown,
            row=int(row),
            column=column_letter(region_col),
            value=name,
        )
    keep = named & codes.notna()
    context = _Context(shown, sheet.name, None, log, body[list(years)].to_numpy(dtype=object))
    indicator = _macro_indicator(path, texts[:header], catalogues, shown=shown, log=log)
    region_names = dict(
        zip(catalogues.regions["region_code"], catalogues.regions["region_name"], strict=True)
    )
    parts = []
    for col, year in years.items():
        values = body.loc[keep, col].map(lambda v: v.rstrip("* ") if isinstance(v, str) else v)
        parsed = _parse_field(
            values.to_numpy(dtype=object),
            values.index.to_numpy(),
            "value",
            f"{year} ({column_letter(col)})",
            context,
        )
        parts.append(
            pd.DataFrame({"region_code": codes[keep].to_numpy(), "year": year, "value": parsed})
        )
    long = pd.concat(parts, ignore_index=True)
    return long.assign(
        region_name=long["region_code"].map(region_names),
        indicator_code=indicator,
        source=f"{source} ({path.name})" if source else path.name,
    )[MACRO_COLUMNS].astype(empty.dtypes.to_dict())
