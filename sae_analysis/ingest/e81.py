"""The OPD submission reader: form E.81 (xlsx/xls/ods/csv) into the raw frame, file by file.

A submission is read as it is (DESIGN §4.2, ARCHITECTURE "The E.81 submission layout"): the file
is checked (:mod:`~sae_analysis.ingest.guard`) and parsed into sheets of cells
(:mod:`~sae_analysis.ingest.grid`); the first sheet with an E.81 header is read
(:mod:`~sae_analysis.ingest.header`); its OPD and period come from the title rows, folder and file
name (:mod:`~sae_analysis.ingest.identity`); its cells become field values
(:mod:`~sae_analysis.ingest.cells`). Held here, where DESIGN is silent:

- footer rows end the table (signatures, "Disusun", "Mengetahui", "NIP") or are skipped
  (averages, "Predikat", totals, blank rows);
- rows: a label that matches the catalogue is an indicator row; a label that does not match but
  carries K values is kept with ``indicator_code`` None and an error; a row with only Rp values
  is a program row (kept for the budget, no error); a label with no values at all (a section
  heading) is skipped.

Every cell that is not a number gives a log line naming file, sheet, Excel row and column; the row
still flows with that cell missing. A file that cannot be read gives one error line and an empty
frame. Reading many files, the next workbooks may be parsed ahead in threads
(:mod:`~sae_analysis.ingest.prefetch`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from sae_analysis.ingest.catalogues import Catalogues, resolve_indicator
from sae_analysis.ingest.cells import (
    CellContext,
    drop_negative,
    parse_field,
    parse_target,
    text_values,
)
from sae_analysis.ingest.grid import Sheet, open_sheets
from sae_analysis.ingest.guard import FileRefusedError, UnreadableError
from sae_analysis.ingest.header import Band, find_tables
from sae_analysis.ingest.identity import identify_opd, identify_period, title_texts
from sae_analysis.ingest.numbers import blank_cells, numeric_columns
from sae_analysis.ingest.prefetch import read_ahead
from sae_analysis.ingest.quality import QualityLog
from sae_analysis.ingest.rawframe import (
    K_FIELDS,
    QUARTERS,
    RENSTRA_FIELDS,
    RP_FIELDS,
    TEXT_FIELDS,
    Part,
    raw_frame,
)
from sae_analysis.ingest.roles import RoleMap, check_roles, role_map, with_content_roles

#: File suffixes read as submissions (case-insensitive).
SUBMISSION_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv")

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
_FOOTER_KEY = re.compile(r"[^0-9a-z]+")


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


#: Fields whose values make a row carry K (kinerja) data.
_K_DATA = (
    "target",
    "target_low",
    *[f"target_tw{q}" for q in QUARTERS],
    *[f"k_tw{q}" for q in QUARTERS],
)


def _classify_rows(
    out: dict[str, np.ndarray], code_text: np.ndarray, context: CellContext, *, column: str
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


def _numeric_fields(fields: dict[str, int]) -> list[str]:
    """The numeric fields a header has, in the order their cells are handed to :class:`CellContext`."""
    return [n for n in (*K_FIELDS, *RP_FIELDS, "target", *RENSTRA_FIELDS) if n in fields]


def _code_text(cells: np.ndarray, columns: tuple[int, ...]) -> np.ndarray:
    """The code of each row: one Kode column's text, or its parts joined with dots."""
    if not columns:
        return np.full(len(cells), None, dtype=object)
    parts = [text_values(cells[:, c]) for c in columns]
    if len(parts) == 1:
        return parts[0]
    joined = np.empty(len(cells), dtype=object)
    joined[:] = [".".join(p for p in row if p) or None for row in zip(*parts, strict=True)]
    return joined


def _field_values(
    cells: np.ndarray,
    blank: np.ndarray,
    rows: np.ndarray,
    *,
    roles: RoleMap,
    context: CellContext,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Every text and numeric field of the table's rows (problems logged), and the Kode texts.

    ``rows`` are the Excel row numbers of ``cells``; ``context.number_cells`` holds the cells of
    :func:`_numeric_fields`, in that order. Rupiah in thousands or millions become rupiah.
    """
    fields, display = roles.fields, roles.display
    numeric = _numeric_fields(fields)
    # columns of numbers only (the usual case) need no text parsing: found for all at once
    numbers = numeric_columns(context.number_cells, blank[:, [fields[n] for n in numeric]])
    plain = dict(zip(numeric, numbers, strict=True))

    def column(name: str) -> np.ndarray:
        if name in fields:
            return cells[:, fields[name]]
        return np.full(len(rows), "", dtype=object)

    out: dict[str, np.ndarray] = {}
    for name in TEXT_FIELDS:
        out[name] = text_values(column("indicator" if name == "indicator_label" else name))
    code_text = _code_text(cells, roles.code_columns)
    for name in (*K_FIELDS, *RP_FIELDS, *RENSTRA_FIELDS):
        if plain.get(name) is not None:
            out[name] = plain[name]
        elif name in fields:
            out[name] = parse_field(column(name), rows, name, display[name], context)
        else:
            out[name] = np.full(len(rows), np.nan)
        if (scale := roles.scale(name)) != 1.0:
            out[name] = out[name] * scale
    for name in RP_FIELDS:
        out[name] = drop_negative(out[name], rows, display.get(name, name), context)
    out.update(
        parse_target(
            column("target"),
            rows,
            display.get("target", "target"),
            context,
            numbers=plain.get("target"),
        )
    )
    return out, code_text


def _roles(sheet: Sheet, band: Band) -> RoleMap:
    """The role map of a table, with a unit column found by its content where the header has
    none (the first rows under the header are looked at)."""
    roles = role_map(band.texts)
    if "unit" in roles.fields:
        return roles
    head = sheet.rows[band.body_start : band.body_start + 40]
    return with_content_roles(roles, _grid(head, width=roles.width))


class _Reader:
    """Reads submissions into :class:`Part` objects, remembering what repeats across files
    (indicator resolution by code, label and OPD) for one set of catalogues."""

    def __init__(self, catalogues: Catalogues, log: QualityLog) -> None:
        self.catalogues = catalogues
        self.log = log
        self._indicators: dict[tuple[str | None, str | None, str | None], str | None] = {}
        self._code_columns: dict[tuple[object, ...], np.ndarray] = {}

    def read(
        self, path: Path, shown: str, sheets: Callable[[], Iterator[Sheet]] | None = None
    ) -> Part | None:
        """One file's rows; problems go to the log, a file that cannot be read gives None.

        ``sheets`` gives the file checked and opened (:func:`read_ahead` runs it ahead); by
        default :func:`open_sheets`.
        """
        log = self.log
        try:
            return self._read(path, shown, (sheets or functools.partial(open_sheets, path))())
        except FileRefusedError as exc:
            log.add("error", exc.code, file=shown, **exc.params)
        except UnreadableError as exc:
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

    def _read(self, path: Path, shown: str, sheets: Iterator[Sheet]) -> Part | None:
        log = self.log
        found = next(iter(find_tables(sheets)), None)
        if found is False:
            log.add("error", "file_empty", file=shown)
            return None
        if found is None:
            log.add("error", "header_not_found", file=shown)
            return None
        sheet, band = found
        roles = _roles(sheet, band)
        check_roles(roles, shown=shown, sheet=sheet.name, header_row=band.first + 1, log=log)
        fields, display = roles.fields, roles.display
        cells, blank, excel_rows = _table_rows(sheet.rows, band.body_start, width=roles.width)

        titles = title_texts(sheet.rows, band.first)
        where = {"file": shown, "sheet": sheet.name}
        opd_column = cells[:, fields["opd"]] if "opd" in fields else None
        opd_code = identify_opd(path, titles, opd_column, self.catalogues, where=where, log=log)
        year, quarter = identify_period(path, titles, where=where, opd_code=opd_code, log=log)
        number_cells = cells[:, [fields[n] for n in _numeric_fields(fields)]]
        context = CellContext(shown, sheet.name, opd_code, log, number_cells)
        out, code_text = _field_values(cells, blank, excel_rows, roles=roles, context=context)
        out["indicator_code"] = self.indicator_codes(code_text, out["indicator_label"], opd_code)
        out["source_row"] = excel_rows
        out["activity_code"] = code_text
        out["level"] = np.full(len(excel_rows), None, dtype=object)
        out["rp_subtotal"] = np.zeros(len(excel_rows), dtype=bool)
        keep = _classify_rows(out, code_text, context, column=display.get("indicator", ""))
        if not keep.all():
            out = {name: values[keep] for name, values in out.items()}
        return Part(
            out,
            {
                "source_file": shown,
                "source_sheet": sheet.name,
                "opd_code": opd_code,
                "year": year,
                "quarter": quarter,
            },
        )


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
    parse the next workbooks in threads meanwhile (:func:`read_ahead`; off where every core
    already runs a reader).
    """
    reader = _Reader(catalogues, log)
    root = Path(raw_dir) if raw_dir is not None else None
    files = [Path(p) for p in paths]
    opened = read_ahead(files) if prefetch else ((path, None) for path in files)
    parts = []
    for path, sheets in opened:
        part = reader.read(path, _relative(path, root), sheets)
        if part is not None:
            parts.append(part)
    return raw_frame(parts)
