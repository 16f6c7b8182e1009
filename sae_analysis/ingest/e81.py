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
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from sae_analysis.ingest import hierarchy
from sae_analysis.ingest.catalogues import Catalogues, resolve_indicator
from sae_analysis.ingest.cells import CellContext
from sae_analysis.ingest.fields import field_values, kept_rows, numeric_fields
from sae_analysis.ingest.grid import Sheet, open_sheets
from sae_analysis.ingest.guard import FileRefusedError, UnreadableError
from sae_analysis.ingest.header import Band, find_tables
from sae_analysis.ingest.identity import identify_opd, identify_period, title_texts
from sae_analysis.ingest.prefetch import read_ahead
from sae_analysis.ingest.quality import QualityLog, format_number
from sae_analysis.ingest.rawframe import RP_FIELDS, Part, raw_frame
from sae_analysis.ingest.roles import RoleMap, check_roles, role_map, with_content_roles
from sae_analysis.ingest.rows import Body, grid, split_numbered, table_body

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


def _split_indicators(body: Body, roles: RoleMap, context: CellContext) -> None:
    """Rows numbering several indicators in one cell become one row each (logged)."""
    fields = roles.fields
    if "indicator" not in fields:
        return
    columns = [fields[f] for f in _SPLIT_FIELDS if f in fields]
    for row in split_numbered(body, indicator=fields["indicator"], columns=columns):
        context.log.add(
            "warning",
            "indicator_split",
            file=context.file,
            sheet=context.sheet,
            row=row,
            column=roles.display["indicator"],
            opd_code=context.opd_code,
        )


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
) -> None:
    """Set each row's level and whether its Rp is a subtotal; warn about subtotals that are not
    the sum of the rows under them."""
    labels = out["activity"] if "activity" in roles.fields else out["indicator_label"]
    levels = hierarchy.row_levels(codes.tolist(), labels.tolist(), out["row_no"].tolist())
    if all(level == 0 for level in levels):  # every row coded outside the hierarchy
        out["level"] = np.full(len(levels), None, dtype=object)
        out["rp_subtotal"] = np.zeros(len(levels), dtype=bool)
        return
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
        body = table_body(
            sheet, band.body_start, width=roles.width, label_columns=_label_columns(roles)
        )
        titles = [*title_texts(sheet.rows, band.first), *body.labels]
        where = {"file": shown, "sheet": sheet.name}
        opd_column = body.cells[:, fields["opd"]] if "opd" in fields else None
        opd_code = identify_opd(path, titles, opd_column, self.catalogues, where=where, log=log)
        year, quarter = identify_period(path, titles, where=where, opd_code=opd_code, log=log)
        context = CellContext(shown, sheet.name, opd_code, log)
        _split_indicators(body, roles, context)
        context.number_cells = body.cells[:, [fields[n] for n in numeric_fields(fields)]]
        _formulas_without_value(sheet, body, roles, context)
        out, codes = field_values(body.cells, body.blank, body.rows, roles=roles, context=context)
        out["indicator_code"] = self.indicator_codes(codes, out["indicator_label"], opd_code)
        out["source_row"] = body.rows
        out["activity_code"] = codes
        _mark_hierarchy(out, codes, roles, context)
        keep = kept_rows(out, codes, context, column=display.get("indicator", ""))
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
