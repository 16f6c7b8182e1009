"""The OPD submission reader: form E.81 (xlsx/xls/ods/csv) into the raw frame, file by file.

A submission is read as it is (DESIGN §4.2, ARCHITECTURE "The E.81 submission layout"): the file
is checked (:mod:`~sae_analysis.ingest.guard`) and parsed into sheets of cells
(:mod:`~sae_analysis.ingest.grid`); the first sheet with an E.81 header is read
(:mod:`~sae_analysis.ingest.header`), each column placed by the role its header gives it
(:mod:`~sae_analysis.ingest.roles`); the rows under the header are classified
(:mod:`~sae_analysis.ingest.rows`: data, footer, narrative, signature, label, hidden, blank);
its OPD and period come from the title rows, folder and file name
(:mod:`~sae_analysis.ingest.identity`); the data rows' cells become field values
(:mod:`~sae_analysis.ingest.fields`); hierarchy rows and the subtotals they carry are marked
(:mod:`~sae_analysis.ingest.hierarchy`), so that a budget counts each rupiah once.

Every cell that is not a number gives a log line naming file, sheet, Excel row and column; the row
still flows with that cell missing. A file that cannot be read gives one error line and an empty
frame. Reading many files, the next workbooks may be parsed ahead in threads
(:mod:`~sae_analysis.ingest.prefetch`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sae_analysis import text
from sae_analysis.ingest import hierarchy, quarters
from sae_analysis.ingest.catalogues import Catalogues, resolve_indicator
from sae_analysis.ingest.cells import CellContext
from sae_analysis.ingest.fields import field_values, kept_rows, numeric_fields
from sae_analysis.ingest.grid import Sheet, open_sheets
from sae_analysis.ingest.guard import FileRefusedError, UnreadableError, unreadable_reason
from sae_analysis.ingest.header import Band, find_tables
from sae_analysis.ingest.identity import (
    folder_quarter,
    identify_opd,
    identify_period,
    sheet_quarter,
    title_texts,
)
from sae_analysis.ingest.prefetch import read_ahead
from sae_analysis.ingest.quality import QualityLog, format_number
from sae_analysis.ingest.rawframe import RP_FIELDS, Part, raw_frame
from sae_analysis.ingest.reading import Reading
from sae_analysis.ingest.roles import Column, RoleMap, check_roles, role_map, with_content_roles
from sae_analysis.ingest.rows import Body, grid, split_numbered, table_body

_LOG = logging.getLogger(__name__)

#: File suffixes read as submissions (case-insensitive).
SUBMISSION_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv")
#: Fields whose cells a row numbering several indicators splits alike.
_SPLIT_FIELDS = ("unit", "target", *[f"target_tw{q}" for q in (1, 2, 3, 4)],
                 *[f"k_tw{q}" for q in (1, 2, 3, 4)])  # fmt: skip


def _roles(sheet: Sheet, band: Band) -> RoleMap:
    """The role map of a table, with a unit column found by its content where the header has
    none (the first rows under the header are looked at)."""
    roles = role_map(band.texts)
    if "unit" in roles.fields:
        return roles
    head = sheet.rows[band.body_start : band.body_start + 40]
    return with_content_roles(roles, grid(head, width=roles.width))


def _label_columns(roles: RoleMap) -> list[int]:
    """The columns that label a row: No, Kode, Program/Kegiatan, Indikator, Satuan."""
    named = [
        roles.fields[f] for f in ("row_no", "activity", "indicator", "unit") if f in roles.fields
    ]
    return [*named, *roles.code_columns]


def _split_indicators(body: Body, roles: RoleMap, context: CellContext) -> list[int]:
    """Rows numbering several indicators in one cell become one row each (logged); returns
    their Excel rows."""
    fields = roles.fields
    if "indicator" not in fields:
        return []
    columns = [fields[f] for f in _SPLIT_FIELDS if f in fields]
    split = split_numbered(body, indicator=fields["indicator"], columns=columns)
    for row in split:
        context.log.add(
            "warning",
            "indicator_split",
            file=context.file,
            sheet=context.sheet,
            row=row,
            column=roles.display["indicator"],
            opd_code=context.opd_code,
        )
    return split


def _formulas_without_value(sheet: Sheet, body: Body, roles: RoleMap, context: CellContext) -> None:
    """Log each formula cell the table reads that was saved without its result."""
    if not sheet.marks.formulas_without_value:
        return
    read = {i: roles.columns[i].shown for i in roles.fields.values()}
    rows = set(body.rows.tolist())
    for row, column in sorted(sheet.marks.formulas_without_value):
        if row + 1 in rows and column in read:
            context.log.add(
                "error",
                "formula_no_value",
                file=context.file,
                sheet=context.sheet,
                row=row + 1,
                column=read[column],
                opd_code=context.opd_code,
            )


def _mark_hierarchy(
    out: dict[str, np.ndarray], codes: np.ndarray, roles: RoleMap, context: CellContext
) -> np.ndarray:
    """Set each row's level and whether its Rp is a subtotal; warn about subtotals that are not
    the sum of the rows under them. Returns each row's parent (-1 at the top)."""
    labels = out["activity"] if "activity" in roles.fields else out["indicator_label"]
    levels = hierarchy.row_levels(codes.tolist(), labels.tolist(), out["row_no"].tolist())
    if all(level == 0 for level in levels):  # every row coded outside the hierarchy
        out["level"] = np.full(len(levels), None, dtype=object)
        out["rp_subtotal"] = np.zeros(len(levels), dtype=bool)
        return np.full(len(levels), -1)
    values = np.column_stack([out[name] for name in RP_FIELDS])
    filled = ~np.isnan(values)
    amounts = np.nan_to_num(values)
    parent, derived = hierarchy.tree(levels, amounts, filled)
    subtotal = hierarchy.subtotals(parent, filled.any(axis=1))
    out["level"] = np.array(
        [hierarchy.LEVEL_NAMES.get(lv) if lv else None for lv in derived], dtype=object
    )
    out["rp_subtotal"] = subtotal
    rows = out["source_row"]
    for s, children, j in hierarchy.subtotal_mismatches(parent, subtotal, amounts, filled):
        name = RP_FIELDS[j]
        context.log.add(
            "warning",
            "subtotal_mismatch",
            file=context.file,
            sheet=context.sheet,
            row=int(rows[s]),
            column=roles.display.get(name, name),
            value=format_number(amounts[s, j], context.log.lang),
            opd_code=context.opd_code,
            total=format_number(amounts[children, j].sum(), context.log.lang),
            children=", ".join(str(int(rows[c])) for c in children) or "-",
        )
    return parent


class _Reader:
    """Reads submissions into :class:`Part` objects, remembering what repeats across files
    (indicator resolution by code, label and OPD) for one set of catalogues."""

    def __init__(self, catalogues: Catalogues, log: QualityLog) -> None:
        self.catalogues = catalogues
        self.log = log
        self._indicators: dict[tuple[str | None, str | None, str | None], str | None] = {}
        self._code_columns: dict[tuple[object, ...], np.ndarray] = {}
        #: What each file read was understood as, when asked for (``--explain``).
        self.readings: list[Reading] | None = None
        self.place = _Place()

    def read(
        self, path: Path, shown: str, sheets: Callable[[], Iterator[Sheet]] | None = None
    ) -> Part | None:
        """One file's rows; problems go to the log, a file that cannot be read gives None.

        ``sheets`` gives the file checked and opened (:func:`read_ahead` runs it ahead); by
        default :func:`open_sheets`.
        """
        log = self.log
        self.place = place = _Place()
        try:
            return self._read(path, shown, (sheets or functools.partial(open_sheets, path))())
        except FileRefusedError as exc:
            log.add("error", exc.code, file=shown, **exc.params)
        except UnreadableError as exc:
            log.add("error", "file_unreadable", file=shown, detail=unreadable_reason(exc, log.lang))
        except Exception:  # one strange file must not stop a scheduled run (DESIGN §8)
            # the place and what was being done reach the person; the traceback only the
            # developer's debug log (an IndexError's text helps no agency)
            _LOG.debug("reading %s failed at %s", shown, place, exc_info=True)
            log.add(
                "error",
                "read_failed",
                file=shown,
                sheet=place.sheet,
                row=place.row,
                column=place.column,
                stage=text.get(f"read_stage.{place.stage}", log.lang),
            )
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
        log, place = self.log, self.place
        place.stage = "header"
        tables = iter(find_tables(sheets))
        found = next(tables, None)
        if found is False or found is None:
            log.add("error", "file_empty" if found is False else "header_not_found", file=shown)
            return None
        place.sheet, place.row, place.stage = found[0].name, found[1].first + 1, "quarters"
        (sheet, band), earlier = quarters.choose(found, tables, folder_quarter(path))
        place.sheet, place.row, place.stage = sheet.name, band.first + 1, "columns"
        roles = quarters.for_quarter(_roles(sheet, band), sheet_quarter(sheet.name))
        check_roles(roles, shown=shown, sheet=sheet.name, header_row=band.first + 1, log=log)
        place.row, place.stage = None, "rows"
        body = table_body(
            sheet, band.body_start, width=roles.width, label_columns=_label_columns(roles)
        )
        place.stage = "identity"
        where = {"file": shown, "sheet": sheet.name}
        titles = title_texts(sheet.rows, band.first)
        opd_column = body.cells[:, roles.fields["opd"]] if "opd" in roles.fields else None
        opd_code, opd_origin = identify_opd(
            path, titles, opd_column, self.catalogues, where=where, log=log, labels=body.labels
        )
        year, quarter, period_origins = identify_period(
            path, titles, sheet=sheet.name, where=where, opd_code=opd_code, log=log
        )
        context = CellContext(shown, sheet.name, opd_code, log)
        place.stage = "cells"
        split = _split_indicators(body, roles, context)
        out, codes = _table_fields(sheet, body, roles, context, place)
        for q, other, other_band in earlier:
            place.sheet, place.stage = other.name, "quarters"
            self._join_earlier(out, codes, q, other, other_band, context)
        place.sheet, place.stage = sheet.name, "hierarchy"
        out["indicator_code"] = self.indicator_codes(codes, out["indicator_label"], opd_code)
        parent = _mark_hierarchy(out, codes, roles, context)
        keep = kept_rows(out, codes, context, column=roles.display.get("indicator", ""))
        if self.readings is not None:
            reading = Reading(shown, sheet.name, band, roles, opd_code, opd_origin)
            reading.year, reading.quarter, reading.period_origins = year, quarter, period_origins
            reading.split_rows = split
            reading.other_sheets = [(other.name, q) for q, other, _ in earlier]
            reading.hidden_columns = sheet.marks.hidden_columns
            reading.titles = [*titles, *body.labels]
            _row_classes(reading, body, out, keep, parent)
            self.readings.append(reading)
        if not keep.all():
            out = {name: values[keep] for name, values in out.items()}
        constants = {"source_file": shown, "source_sheet": sheet.name, "opd_code": opd_code}
        return Part(out, {**constants, "year": year, "quarter": quarter})

    def _join_earlier(
        self,
        out: dict[str, np.ndarray],
        codes: np.ndarray,
        quarter: int,
        sheet: Sheet,
        band: Band,
        context: CellContext,
    ) -> None:
        """Fill the quarter cells ``out`` leaves empty from an earlier quarter's sheet."""
        roles = quarters.joining_roles(quarters.for_quarter(_roles(sheet, band), quarter))
        body = table_body(
            sheet, band.body_start, width=roles.width, label_columns=_label_columns(roles)
        )
        other = CellContext(context.file, sheet.name, context.opd_code, context.log)
        _split_indicators(body, roles, other)
        earlier, earlier_codes = _table_fields(sheet, body, roles, other, self.place)
        quarters.join(out, codes, earlier, earlier_codes)


def _table_fields(
    sheet: Sheet, body: Body, roles: RoleMap, context: CellContext, place: _Place
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The field arrays of a table's data rows (cells logged), with their Excel rows and codes;
    a cell that makes reading fail is named in ``place``."""
    fields = roles.fields
    context.number_cells = body.cells[:, [fields[n] for n in numeric_fields(fields)]]
    _formulas_without_value(sheet, body, roles, context)
    try:
        out, codes = field_values(body.cells, body.blank, body.rows, roles=roles, context=context)
    except Exception:
        place.row, place.column = _failing_cell(body, roles, context)
        raise
    out["source_row"] = body.rows
    out["activity_code"] = codes
    return out, codes


@dataclass
class _Place:
    """Where the reader is in a file and what it is doing (a ``read_stage`` key), so that a
    failure names the sheet, row and column in its message."""

    stage: str = "open"
    sheet: str = ""
    row: int | None = None
    column: str = ""


def _failing_cell(body: Body, roles: RoleMap, context: CellContext) -> tuple[int | None, str]:
    """The first cell (Excel row, column as shown) whose reading fails on its own; read again
    cell by cell, only after the whole table failed."""
    scratch = CellContext(context.file, context.sheet, context.opd_code, QualityLog())
    for i, row in enumerate(body.rows):
        cells, blank = body.cells[i : i + 1], body.blank[i : i + 1]
        for column in roles.columns:
            if column.field is None:
                continue
            alone = RoleMap(
                tuple(c if c is column else Column(c.index, "ignored") for c in roles.columns)
            )
            scratch.number_cells = cells[:, [alone.fields[n] for n in numeric_fields(alone.fields)]]
            try:
                field_values(cells, blank, body.rows[i : i + 1], roles=alone, context=scratch)
            except Exception:
                return int(row), column.shown
    return None, ""


def _row_classes(
    reading: Reading, body: Body, out: dict[str, np.ndarray], keep: np.ndarray, parent: np.ndarray
) -> None:
    """The Excel rows of each class, and each subtotal's children, into ``reading``."""
    rows = out["source_row"]
    subtotal = out["rp_subtotal"]
    subtotals = set(rows[subtotal].tolist())  # a split row's second indicator is on its row
    counted = set(rows[keep].tolist()) - subtotals
    classes = {
        "indicator": sorted(counted),
        "subtotal": sorted(subtotals),
        "heading": sorted(set(rows[~keep].tolist()) - counted - subtotals),
    }
    reading.rows = {k: v for k, v in {**classes, **body.skipped}.items() if v}
    has_rp = np.column_stack([~np.isnan(out[name]) for name in RP_FIELDS]).any(axis=1)
    for s in np.flatnonzero(subtotal):  # the rows it sums: its children with Rp
        children = np.flatnonzero((parent == s) & has_rp)
        reading.children[int(rows[s])] = rows[children].tolist()


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
    readings: list[Reading] | None = None,
) -> pd.DataFrame:
    """Read one OPD submission into a raw frame (ARCHITECTURE "Raw frame").

    Problems go to ``log``; a file that cannot be read at all gives one error line and an empty
    frame, never an exception. ``readings``: where to append what the file was understood as
    (:class:`Reading`, for ``--explain``).
    """
    return read_submissions(
        [path], catalogues=catalogues, raw_dir=raw_dir, log=log, readings=readings
    )


def read_submissions(
    paths: Iterable[str | Path],
    *,
    catalogues: Catalogues,
    raw_dir: str | Path | None = None,
    log: QualityLog,
    prefetch: bool = True,
    readings: list[Reading] | None = None,
) -> pd.DataFrame:
    """Read several submissions into one raw frame, as :func:`read_submission` does each.

    The log lines come file by file in the order of ``paths``; the frame is built once at the
    end, and what repeats across files (indicator lookups) is worked out once. ``prefetch``:
    parse the next workbooks in threads meanwhile (:func:`read_ahead`; off where every core
    already runs a reader). ``readings``: as :func:`read_submission` takes it.
    """
    reader = _Reader(catalogues, log)
    reader.readings = readings
    root = Path(raw_dir) if raw_dir is not None else None
    files = [Path(p) for p in paths]
    opened = read_ahead(files) if prefetch else ((path, None) for path in files)
    parts = []
    for path, sheets in opened:
        part = reader.read(path, _relative(path, root), sheets)
        if part is not None:
            parts.append(part)
    return raw_frame(parts)
